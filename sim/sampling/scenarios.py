"""A robustness study's scenarios: the uncertain parameters, their ranges, and the values a run's scenario sets.

The *uncertainties* are the model's parameters that no published number pins down (effect
sizes marked as assumptions in docs/configuration.md, or fitted with wide intervals), each
over a documented plausible range (:data:`UNCERTAINTIES`). A robustness study samples
``scenario.count`` scenarios from those ranges by Latin hypercube (McKay, Beckman & Conover
1979; ``scipy.stats.qmc``), deterministic in ``scenario.seed``; a run with ``scenario.index``
set takes that scenario's values (:func:`apply`), so a study is an ordinary Hydra multirun
over ``scenario.index`` on any launcher. Runs of one scenario and seed share the scenario's
values and the seed (common random numbers). The study itself (which design to run, how
sure) is :mod:`sim.studies.decide`; its analysis, :mod:`sim.analysis.robustness`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.config import ConfigError, SimConfig
from sim.resolved import Resolved


@dataclass(frozen=True)
class Uncertainty:
    """An uncertain parameter: its key, plausible range, words for people, and why that range."""

    key: str
    lo: float
    hi: float
    name: str
    basis: str
    percent: bool = False  # show values as percentages
    integer: bool = False  # a whole number (weeks): sampled values are rounded

    def show(self, value: float) -> str:
        """A value in the parameter's own terms: ``30%`` or ``0.042``."""
        if self.integer:
            return f"{value:.0f}"
        return f"{100 * value:.0f}%" if self.percent else f"{value:.3g}"


#: The uncertainties a robustness study samples, with their plausible ranges.
UNCERTAINTIES: tuple[Uncertainty, ...] = (
    Uncertainty(
        "knowledge.mentoring_tacit_rate",
        0.02,
        0.12,
        "tacit know-how passed per meeting",
        "assumption (0.06): half to double",
    ),
    Uncertainty(
        "knowledge.mentoring_explicit_rate",
        0.04,
        0.16,
        "explicit knowledge passed per meeting",
        "assumption (0.08): half to double",
    ),
    Uncertainty(
        "knowledge.informal_tacit_rate",
        0.001,
        0.01,
        "tacit know-how passed per informal contact",
        "assumption (0.005): a fifth to double",
    ),
    Uncertainty(
        "engagement.meeting_boost",
        0.005,
        0.04,
        "engagement gained per meeting",
        "assumption (0.02): a quarter to double",
    ),
    Uncertainty(
        "engagement.learning_boost",
        5.0,
        10.0,
        "engagement gained from learning",
        "fitted (8): from where the survey's quality ~ engagement enters its band to past the has-a-mentor bound",
    ),
    Uncertainty(
        "turnover.engagement_sensitivity",
        6.0,
        16.0,
        "how strongly engagement drives quitting",
        "fitted (8): engagement ~ quitting within the published -.30 to -.15",
    ),
    Uncertainty(
        "turnover.rate_annual",
        0.10,
        0.45,
        "turnover",
        "fitted: Sun Microsystems' posterior, 90% 0.105-0.159, to all US workers' 0.425 (knowledge work: 0.23)",
        percent=True,
    ),
    Uncertainty(
        "program.opt_in_rate",
        0.05,
        0.5,
        "the share who volunteer",
        "fitted: Sun Microsystems' posterior, 90% 0.056-0.094, to the default 0.5",
        percent=True,
    ),
    Uncertainty(
        "program.volunteer_selection",
        0.0,
        2.7,
        "how much more engaged the volunteers are",
        "fitted (not identified): Sun Microsystems' posterior, 90% 0.68-2.67; 0 = none",
    ),
    Uncertainty(
        "support.free_hours_per_month",
        1.0,
        6.0,
        "mentoring hours people can find a month",
        "assumption (3): a third to double",
    ),
    Uncertainty(
        "network.rewire_p",
        0.01,
        0.3,
        "how far the informal network reaches across teams",
        "assumption (0.1): Watts & Strogatz's small-world range 0.01-0.1, and beyond",
    ),
    # Assumed effect sizes that move a decision outcome (python -m sim.studies.screening); each over half to
    # double its default unless said, clipped to what the key allows.
    Uncertainty(
        "engagement.overload_penalty",
        0.0001,
        0.004,
        "engagement lost per mentoring hour short",
        "assumption (0.0005): a fifth to eight times; unmeasured, and alone it swings circles and hybrids",
    ),
    Uncertainty(
        "knowledge.power_penalty",
        0.25,
        1.0,
        "know-how lost to the gap in level between mentor and mentee",
        "assumption (0.5): half to double",
    ),
    Uncertainty(
        "lifecycle.peer_duration_multiplier",
        1.0,
        3.0,
        "how much longer peer ties last",
        "assumption (1.5): peer ties 'may have more longevity' (Kram & Isabella 1985): as long to three times",
    ),
    Uncertainty(
        "lifecycle.preparation_weeks",
        1.0,
        4.0,
        "weeks a new pair takes to get to know each other",
        "assumption (2)",
        integer=True,
    ),
    Uncertainty(
        "lifecycle.negotiating_weeks",
        3.0,
        12.0,
        "weeks a pair takes to agree its goals",
        "assumption (6)",
        integer=True,
    ),
    Uncertainty(
        "lifecycle.preparation_quality",
        0.15,
        0.6,
        "how much a pair passes on while getting to know each other",
        "assumption (0.3)",
    ),
    Uncertainty(
        "lifecycle.negotiating_quality",
        0.35,
        1.0,
        "how much a pair passes on while agreeing goals",
        "assumption (0.7): half to all",
    ),
    Uncertainty("support.free_hours_cv", 0.35, 1.4, "how unequal people's free hours are", "assumption (0.7)"),
    Uncertainty("support.training_effect", 0.15, 0.6, "what mentor training adds to a meeting", "assumption (0.3)"),
    Uncertainty("support.recognition_boost", 0.001, 0.004, "engagement recognised mentors gain", "assumption (0.002)"),
    Uncertainty(
        "engagement.visibility_boost",
        0.0,
        0.004,
        "engagement reverse mentors gain from being seen",
        "assumption (0.002)",
    ),
    Uncertainty(
        "support.cap_without_confidentiality",
        0.6,
        1.0,
        "the trust a pair reaches without a confidentiality agreement",
        "assumption (0.8): three quarters to all",
    ),
    Uncertainty(
        "knowledge.off_focus_share", 0.15, 0.6, "what a circle passes on besides its focus skill", "assumption (0.3)"
    ),
    Uncertainty("knowledge.rapport_initial", 0.15, 0.6, "rapport of a new pair", "assumption (0.3)"),
    Uncertainty("knowledge.similarity_rapport_bonus", 0.1, 0.4, "extra rapport of similar people", "assumption (0.2)"),
    Uncertainty("knowledge.rapport_gain", 0.075, 0.3, "rapport built per meeting", "assumption (0.15)"),
    Uncertainty(
        "knowledge.fit_floor",
        0.2,
        0.8,
        "the trust the worst-fitting pair can reach, against the best",
        "assumption (0.4)",
    ),
    Uncertainty(
        "economics.replacement_cost_share",
        0.16,
        0.5,
        "the cost of replacing a leaver (share of salary)",
        "source: Boushey & Glynn (2012), 16% for jobs under $30,000, median 21%; Gallup (2019) 50-200%",
        percent=True,
    ),
    Uncertainty(
        "economics.output_value_ratio",
        1.0,
        2.0,
        "what a year of full output is worth (times salary)",
        "assumption (1.45, the loaded cost of the job): at least the salary, up to twice it",
    ),
    Uncertainty(
        "economics.ramp_weeks",
        8,
        32,
        "a new hire's weeks to full productivity",
        "source: Rollag, Parise & Cross (2005), 8 clerical, 20 professionals; Oxford Economics (2014) 28-32",
        integer=True,
    ),
    Uncertainty(
        "economics.ramp_start",
        0.0,
        0.5,
        "a new hire's first-week output (share of full)",
        "assumption (0.25)",
        percent=True,
    ),
    Uncertainty(
        "economics.knowhow_elasticity",
        0.25,
        2.0,
        "output gained per unit of know-how",
        "assumption (1): 0.1 more know-how, 2.5% to 20% more output",
    ),
)
BY_KEY = {u.key: u for u in UNCERTAINTIES}

#: Assumed effect sizes that move a decision outcome (python -m sim.studies.screening) but are not
#: sampled, and why.
FIXED: dict[str, str] = {}


@lru_cache(maxsize=8)
def scenario_table(count: int, seed: int) -> np.ndarray:
    """The Latin hypercube of ``count`` scenarios over :data:`UNCERTAINTIES`, shape (count, D)."""
    from scipy.stats import qmc  # start-up time: pre-flight imports this module for check()

    unit = qmc.LatinHypercube(d=len(UNCERTAINTIES), seed=np.random.default_rng(seed)).random(count)
    lo = np.array([u.lo for u in UNCERTAINTIES])
    hi = np.array([u.hi for u in UNCERTAINTIES])
    return lo + unit * (hi - lo)


def values(cfg: SimConfig) -> dict[str, float]:
    """The uncertain parameters' values in scenario ``cfg.scenario.index``."""
    row = scenario_table(cfg.scenario.count, cfg.scenario.seed)[cfg.scenario.index]
    pinned = set(cfg.scenario.pinned)
    return {
        u.key: (round(v) if u.integer else float(v))
        for u, v in zip(UNCERTAINTIES, row, strict=True)
        if u.key not in pinned
    }


def pin_arguments(argv: list[str]) -> list[str]:
    """``argv`` of a robustness study with every uncertain key it sets pinned (``scenario.pinned``).

    A value you give on the command line is your figure: the study holds it instead of sampling
    over it (``turnover.rate_annual=0.12`` stays 0.12 in every scenario). An explicit
    ``scenario.pinned=[...]``, or a command that is not a robustness study, is left as it is.
    """
    study = any(a.lstrip("+").startswith(("experiment=robust_designs", "scenario.index=")) for a in argv)
    if not study or any(a.startswith("scenario.pinned=") for a in argv):
        return argv
    keys = [a.lstrip("+").split("=", 1)[0] for a in argv if "=" in a and not a.startswith("-")]
    pinned = [k for k in dict.fromkeys(keys) if k in BY_KEY]
    return [*argv, f"scenario.pinned=[{','.join(pinned)}]"] if pinned else argv


def check(cfg: SimConfig) -> None:
    """Check the scenario a run asks for (nothing to check for an ordinary run).

    Raises:
        ConfigError: for an index beyond the sample, or a study combined with a sensitivity sample.
    """
    sc = cfg.scenario
    for key in sc.pinned:
        if key not in BY_KEY:
            raise ConfigError(
                f"scenario.pinned: {key!r} is not one of the study's uncertain keys; pin any of "
                f"{', '.join(BY_KEY)} (docs/decide.md)"
            )
    if sc.index < 0:
        return
    if sc.index >= sc.count:
        raise ConfigError(
            f"scenario.index={sc.index}: must be below scenario.count ({sc.count}); sweep "
            f"scenario.index=range(0,{sc.count})"
        )
    if cfg.sensitivity.method != "none":
        raise ConfigError(
            f"scenario.index={sc.index}: a robustness scenario and a sensitivity sample "
            f"(sensitivity.method={cfg.sensitivity.method}) both set parameters; use one"
        )


def apply(run: Resolved) -> Resolved:
    """``run`` with its scenario's values set (unchanged when ``scenario.index`` is -1)."""
    if run.config.scenario.index < 0:
        return run
    check(run.config)
    return run.with_values(values(run.config))
