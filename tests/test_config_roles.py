"""Each key's roles, tagged once in the schema (sim.config.ROLES), and the rules derived from them."""

import dataclasses
import json

import pandas as pd
import pytest

from sim.config import (
    ROLES,
    ConfigError,
    SimConfig,
    all_tags,
    alone_reason,
    baseline_values,
    ensemble_shared,
    has_role,
    in_fingerprint,
    iter_fields,
    keys_with,
    replicate_names,
    tags_of,
    with_overrides,
)
from sim.ensemble import Ensemble
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run.baseline import baseline_config
from sim.run.fingerprint import config_hash
from tests.helpers import far_value, small_config


def test_every_key_is_tagged_only_with_known_roles():
    used = set().union(*(t.roles for t in all_tags().values()))
    assert used <= set(ROLES)
    assert set(all_tags()) == {k for k, _, _ in iter_fields(SimConfig())}
    with pytest.raises(ValueError, match="unknown role 'replicates'"):
        has_role("seed", "replicates")


def test_a_group_tag_covers_its_keys_and_a_key_of_a_later_version_takes_its_group():
    assert has_role("org", "organisation") and has_role("org.roster_columns.id", "organisation")
    assert has_role("program", "replicate") and not has_role("org", "replicate")
    assert tags_of("network.some_future_key").roles == {"organisation"}
    assert tags_of("no_such_key").roles == frozenset()
    assert has_role("outputs", "output") and not has_role("outputs", "inert")  # quiet is inert, csv is not


def test_inert_keys_leave_a_run_s_fingerprint_and_every_other_key_changes_it():
    base = resolve(small_config())
    plain = config_hash(base)
    for key in [k for k, _, _ in iter_fields(SimConfig())]:
        if key in ("org.kind", "warm_start", "checkpoint.resume") or key.startswith("org.roster") or "path" in key:
            continue  # names a file the fingerprint reads
        changed = dataclasses.replace(base, config=with_overrides(base.config, {key: far_value(key)}))
        changed = dataclasses.replace(changed, asked=changed.config)
        assert (config_hash(changed) == plain) == (not in_fingerprint(key)), key


def test_the_runs_of_an_ensemble_may_differ_in_their_seed_and_programme_only():
    assert replicate_names() == ("seed", "program.*", "matching.*", "lifecycle.*", "support.*", "economics.*")
    assert not any(ensemble_shared(k) for k in keys_with("replicate"))
    assert ensemble_shared("org.n_employees") and ensemble_shared("turnover.rate_annual")
    assert not ensemble_shared("outputs.quiet")  # inert: the runs may print differently


def test_a_baseline_sets_the_tagged_values_and_keeps_every_other_key():
    cfg = small_config(
        **{
            k: far_value(k)
            for k, _, _ in iter_fields(SimConfig())
            if k.split(".")[0] in ("program", "support", "economics", "turnover")
        }
    )
    base = baseline_config(cfg)
    values = baseline_values()
    assert values["program.design"] == "none" and values["outputs.quiet"] is True
    assert values["economics.baseline"] is False and "program.start_step" not in values
    for key, value, _ in iter_fields(base):
        expected = values[key] if key in values else dict((k, v) for k, v, _ in iter_fields(cfg))[key]
        assert value == expected, key


def test_a_key_tagged_alone_makes_a_run_step_alone_and_names_itself():
    alone = [k for k, t in all_tags().items() if t.alone]
    assert {"checkpoint.every", "checkpoint.final", "checkpoint.resume", "outputs.employees"} <= set(alone)
    assert alone_reason(SimConfig()) is None
    for key in alone:
        reason = alone_reason(with_overrides(SimConfig(), {key: far_value(key)}))
        assert reason is not None and reason.startswith(f"{key}=")


def _settable(keys, base):
    """``keys`` at far values, each kept only where the resolver accepts it on ``base`` (a rule may tie it)."""
    out = {}
    for key in keys:
        try:
            resolve(with_overrides(base, {**out, key: far_value(key)}))
        except ConfigError:
            continue
        out[key] = far_value(key)
    return out


def test_inert_keys_change_none_of_a_run_s_results():
    base = small_config(steps=30, **{"program.design": "peer"})
    inert = _settable([k for k in keys_with("inert") if not k.startswith("checkpoint.")], base)
    assert len(inert) >= 5, inert
    plain, varied = MentoringModel(resolve(base)).run(), MentoringModel(resolve(with_overrides(base, inert))).run()
    pd.testing.assert_frame_equal(plain.timeseries(), varied.timeseries(), check_exact=True)
    assert json.dumps(plain.summary(), sort_keys=True) == json.dumps(varied.summary(), sort_keys=True)


def test_an_ensemble_s_runs_may_differ_in_every_key_tagged_replicate():
    base = small_config(steps=40, **{"org.n_employees": 150, "program.design": "peer"})
    groups: dict[str, list[str]] = {}
    for key in keys_with("replicate"):
        groups.setdefault(key.split(".")[0], []).append(key)
    assert set(groups) == {"seed", "program", "matching", "lifecycle", "support", "economics"}
    configs = [base] + [with_overrides(base, _settable(keys, base)) for keys in groups.values()]
    runs = [resolve(c) for c in configs]
    batch = Ensemble(runs).run()
    for run, ts, summary in zip(runs, batch.timeseries(), batch.summaries(), strict=True):
        single = MentoringModel(run).run()
        pd.testing.assert_frame_equal(single.timeseries(), ts, check_exact=True)
        assert json.dumps(single.summary(), sort_keys=True) == json.dumps(summary, sort_keys=True)


def test_a_tag_with_a_role_that_does_not_exist_is_refused_where_it_is_written():
    from sim.config import param, tagged

    with pytest.raises(ValueError, match=r"unknown roles \['replicates'\]"):
        param(0, roles=("replicates",))
    with pytest.raises(ValueError, match=r"unknown roles \['inert '\]"):
        tagged("inert ")
