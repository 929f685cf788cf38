import dataclasses
import re
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from sim.compose import CONFIG_DIR, to_sim_config
from sim.config import ConfigError, SimConfig, iter_fields, reference_document, reference_markdown, with_overrides
from sim.resolved import check, resolve
from sim.run.preflight import preflight
from tests.helpers import ROOT

GROUPS = ["org", "network", "program", "matching", "support"]
EXAMPLE_ROSTER = ROOT / "examples" / "roster.csv"


def options(group):
    return sorted(p.stem for p in (Path(CONFIG_DIR) / group).glob("*.yaml"))


@pytest.mark.parametrize("group, option", [(g, o) for g in GROUPS for o in options(g)])
def test_every_config_option_composes_and_validates(group, option):
    extra = [f"org.roster_path={EXAMPLE_ROSTER}"] if option == "roster" else []
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=[f"{group}={option}", *extra])
    sim_cfg = resolve(to_sim_config(cfg)).config
    assert isinstance(sim_cfg, SimConfig)
    if group == "support":
        return  # support options set several levers, not one selector (see the test below)
    chosen = {
        "org": sim_cfg.org.kind,
        "network": sim_cfg.network.kind,
        "program": sim_cfg.program.design,
        "matching": sim_cfg.matching.strategy,
    }
    assert chosen[group] == option, "an option file selects the option it is named after"


def test_defaults_match_the_documented_default_run():
    cfg = SimConfig()
    assert (cfg.org.n_employees, cfg.steps, cfg.program.design) == (500, 260, "none")
    # Knowledge work: the rate fitted to its median tenure, the newcomer hazard to the US tenure profile,
    # quits JOLTS's share (sim/studies/workforce.py; tests/studies/test_workforce.py); the engagement effects
    # fitted to the virtual survey (sim/studies/engagement_fit.py).
    assert (cfg.turnover.engagement_sensitivity, cfg.engagement.learning_boost) == (8.0, 8.0)
    to = cfg.turnover
    assert (to.rate_annual, to.newcomer_multiplier, to.newcomer_weeks, to.quit_share, to.retirement_share) == (
        0.2299,
        9.97,
        61.7,
        0.7,
        0.05,
    )


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("org.n_employees", -5, "must be between 10 and"),
        ("turnover.rate_annual", 1.7, "must be between 0 and 1"),
        ("program.design", "mentorish", "must be one of none, hierarchical"),
        ("seed", "abc", "must be an integer"),
        ("knowledge.power_penalty", float("nan"), "finite number"),
        ("outputs.csv", "yes", "true or false"),
    ],
)
def test_the_check_names_key_value_and_what_is_allowed(key, value, message):
    with pytest.raises(ConfigError, match=message) as err:
        check(with_overrides(SimConfig(), {key: value}))
    assert str(err.value).startswith(key)


def test_cross_key_rules():
    with pytest.raises(ConfigError, match="network.mean_degree"):
        check(with_overrides(SimConfig(), {"org.n_employees": 10, "network.mean_degree": 12}))
    with pytest.raises(ConfigError, match="GiB"):
        check(
            with_overrides(SimConfig(), {"org.n_employees": 2_000_000, "org.n_skills": 64, "network.mean_degree": 200})
        )


def test_every_field_has_help_and_a_range_or_choices():
    for key, value, f in iter_fields(SimConfig()):
        assert f.metadata.get("help"), key
        # A path; any value of report.compare's key; a currency code and a list of salaries, each checked by its
        # own rule (tests/test_economics.py).
        free_text = ("org.roster_path", "report.baseline", "economics.currency", "economics.salary_by_level")
        free_text += ("org.roster_date",)  # a date, checked as one (tests/inputs/test_roster.py)
        free_text += ("outputs.run_prefix",)  # part of a run's name, checked as such (test below)
        free_text += (
            "scenario.pinned",
            "org.leavers_path",
        )  # keys of the study's table (tests/studies/test_your_figures.py)
        free_text += ("org.network_path",)  # a path, its file checked row by row (tests/inputs/test_network_file.py)
        free_text += (
            "warm_start",
            "checkpoint.resume",
        )  # paths to checkpoints, checked as such (tests/test_checkpoint.py)
        named = key.startswith("org.roster_columns.")  # a column name in the user's file
        if not isinstance(value, bool) and key not in free_text and key != "report.compare" and not named:
            assert f.metadata.get("choices") or f.metadata.get("lo") is not None, key
    doc = reference_markdown()
    assert all(f"`{key}`" in doc for key, _, _ in iter_fields(SimConfig()))


def test_report_compare_must_name_a_config_key():
    check(with_overrides(SimConfig(), {"report.compare": "turnover.rate_annual"}))
    with pytest.raises(ConfigError, match="report.compare='program.desing': must be a config key"):
        check(with_overrides(SimConfig(), {"report.compare": "program.desing"}))


def test_with_overrides_copies():
    base = SimConfig()
    changed = with_overrides(base, {"org.n_employees": 42})
    assert base.org.n_employees == 500 and changed.org.n_employees == 42
    assert dataclasses.is_dataclass(changed.org)


def test_configuration_reference_is_current():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    assert doc == reference_document(), "regenerate: python -m sim.config > docs/configuration.md"


SELECTOR = {"org": "org.kind", "network": "network.kind", "program": "program.design", "matching": "matching.strategy"}


@pytest.mark.parametrize("group, option", [(g, o) for g in SELECTOR for o in options(g)])
def test_command_line_options_equal_the_python_defaults(group, option):
    """`program=peer` on the command line and `MentoringModel(**{"program.design": "peer"})`
    in Python run the same model: option files select, the dataclasses hold every default.
    The command line's default programme is hierarchical (configs/config.yaml); the schema's,
    SimConfig(), is none, the baseline."""
    overrides = [f"{group}={option}"] if group == "program" else [f"{group}={option}", "program=none"]
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        composed = to_sim_config(compose("config", overrides=overrides))
    assert composed == with_overrides(SimConfig(), {SELECTOR[group]: option})


def test_support_basic_is_the_default_and_full_pulls_every_lever():
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        basic = to_sim_config(compose("config", overrides=["support=basic", "program=none"]))
        full = to_sim_config(compose("config", overrides=["support=full"]))
    assert basic == SimConfig()
    s = full.support
    assert s.protected_hours_per_month > 0 and s.mentor_training and s.mentor_recognition and s.confidentiality
    assert s.leadership_backing == 1.0


def test_model_document_shows_current_defaults():
    """docs/model.md writes defaults as `key` [value]; each must match sim/config/."""
    doc = (ROOT / "docs" / "model.md").read_text()
    checked = 0
    for key, value, _ in iter_fields(SimConfig()):
        for m in re.finditer(r"`" + re.escape(key) + r"`\s*\[([^\]]+)\]", doc):
            shown = m.group(1).split()[0].rstrip(",")
            if isinstance(value, bool) or isinstance(value, str):
                assert shown.lower() == str(value).lower(), (key, shown, value)
            else:
                assert float(shown) == pytest.approx(float(value)), (key, shown, value)
            checked += 1
    assert checked > 40, "the document cites defaults in the `key` [value] form"


@pytest.mark.parametrize("name", options("experiment"))
def test_every_experiment_and_every_value_it_sweeps_is_valid(name):
    preflight(["-m", f"+experiment={name}"])


@pytest.mark.parametrize("prefix", ["r2/", "a b", "..\\x"])
def test_a_run_prefix_must_be_a_plain_name(prefix):
    with pytest.raises(ConfigError, match=r"outputs.run_prefix=.*letters, digits"):
        resolve(with_overrides(SimConfig(), {"outputs.run_prefix": prefix}))


def test_preflight_s_fast_variants_are_the_configs_hydra_composes():
    """Pre-flight sets a swept plain value on the first variant's config; Hydra would compose the same."""
    from sim.run.preflight import _fast_variant, _variants

    job = ["+experiment=robust_designs", "seed=0,1", "scenario.index=0,7", "economics.output_value_ratio=1,2.5"]
    job += ["turnover.rate_annual=0.2,0.3", "program=none,peer", "org.n_employees=300,abc"]
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        from hydra.core.override_parser.overrides_parser import OverridesParser

        variants = _variants(OverridesParser.create().parse_overrides(job))
        first = to_sim_config(compose("config", overrides=variants[0]))
        fast = 0
        for variant in variants[1:]:
            mine = _fast_variant(first, variant, variants[0], CONFIG_DIR)
            if variant[-1] in ("program=peer", "org.n_employees=abc"):
                assert mine is None, variant  # a group option, a value of the wrong type: Hydra judges
                continue
            assert mine == to_sim_config(compose("config", overrides=variant)), variant
            fast += 1
    assert fast == 4


def test_a_programme_that_could_never_form_a_tie_is_refused_and_one_that_can_runs():
    one_level = {"org.levels": 1}
    for design in ("hierarchical", "reverse"):
        with pytest.raises(ConfigError, match="no tie can form"):
            check(with_overrides(SimConfig(), {**one_level, "program.design": design}))
    roster = {**one_level, "org.kind": "roster", "org.roster_path": "flat.csv", "program.design": "hierarchical"}
    with pytest.raises(ConfigError, match="the roster flat.csv has one level"):
        check(with_overrides(SimConfig(), roster))
    for design in ("none", "peer", "peer_circles", "hybrid"):  # peers, and hybrid's peer rounds, need no senior
        check(with_overrides(SimConfig(), {**one_level, "program.design": design}))
    # the same rules without a programme ask nothing: a baseline of any of these runs is valid
    check(with_overrides(SimConfig(), {"program.design": "none", "program.opt_in_rate": 0.0}))
