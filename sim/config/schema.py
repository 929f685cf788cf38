"""A whole run's config (:class:`SimConfig`): the groups, what a run writes and which study row it is; walking and copying it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sim.config.fields import AT_DEFAULT, OBJECTIVES, ConfigError, param, tagged
from sim.config.organisation import (
    CareersConfig,
    EngagementConfig,
    HeadcountConfig,
    InformalConfig,
    KnowledgeConfig,
    NetworkConfig,
    OrgConfig,
    PracticeConfig,
    TurnoverConfig,
)
from sim.config.programme import EconomicsConfig, LifecycleConfig, MatchingConfig, ProgramConfig, SupportConfig


@tagged("output")
@dataclass
class OutputsConfig:
    """What a run writes beside timeseries.parquet and summary.json."""

    csv: bool = param(False, help="also write timeseries.csv")
    employees: bool = param(
        False,
        help="also write employees.parquet (final state, one row per employee)",
        alone="the per-employee table is written by a run alone",
    )
    quiet: bool = param(False, help="do not print the summary", roles=("inert",), baseline=True)
    store: bool = param(
        False,
        help="a sweep writes its runs into one consolidated store (store/, a few Parquet files; sim/store.py) "
        "instead of a directory of files per run",
        roles=("inert",),
    )
    sweep_summaries: bool = param(
        False,
        help="in a sweep, print every run's summary too (by default a sweep prints one progress line)",
        roles=("inert",),
    )
    compare_seeds: int = param(
        -1,
        -1,
        1000,
        unit="seeds",
        help="python -m sim: after a run with a programme, compare it with no programme on this many seeds "
        "(the run's and the next), paired, as one ensemble, with 95% intervals (sim/run/paired.py); "
        "-1 = 10 seeds when that is at most 30 million employee-steps, 0 = none",
        roles=("inert",),
    )
    run_prefix: str = param(
        "",
        help="prefix of each run's name in a sweep's store, before its job number (a sequential study's later "
        "rounds write r2-0, r2-1, ... beside round one's 0, 1, ...)",
        roles=("inert",),
    )
    objective: str = param(
        "tacit_mean_final",
        choices=OBJECTIVES,
        help="what a run returns to a Hydra sweeper such as Optuna (saved as summary.json's objective); "
        "tacit_gain_per_1000h also runs the same seed without a programme (twice the time); "
        "sun_retention_error: RMS gap to Sun Microsystems' published retention, in points, over 8 seeds "
        "(sim/studies/calibration.py)",
        baseline=AT_DEFAULT,
    )


@tagged("output", "inert", baseline=AT_DEFAULT)
@dataclass
class CheckpointConfig:
    """Saving a run's whole state as it goes, and going on from a saved one (sim.checkpoint; docs/checkpoints.md)."""

    every: int = param(
        0,
        0,
        1_000_000,
        unit="weeks",
        help="save the run's state every this many steps (0 = never)",
        alone="a run saving checkpoints steps alone",
    )
    keep: int = param(2, 1, 1_000_000, help="how many of the latest periodic checkpoints to keep")
    final: bool = param(
        False,
        help="also save the state after the last step (a state to warm-start from)",
        alone="a run saving checkpoints steps alone",
    )
    resume: str = param(
        "",
        help="go on with the run saved in this checkpoint file (or the latest in this run or checkpoints "
        "directory); the config must be the run's own",
        alone="a resumed run goes on alone",
    )


@dataclass
class SensitivityConfig:
    """A global sensitivity sweep (sim.sampling.sensitivity): which SALib sample, and this run's row of it."""

    method: str = param(
        "none", choices=("none", "morris", "sobol"), help="none = an ordinary run; else the SALib sampling method"
    )
    sample: int = param(0, 0, 10_000_000, help="this run's row of the sample (the sweep covers every row)")
    trajectories: int = param(20, 2, 10_000, help="morris: trajectories r (runs: r x (parameters + 1))")
    levels: int = param(4, 2, 100, help="morris: grid levels per parameter (even)")
    base_samples: int = param(
        128, 2, 1_048_576, help="sobol: base samples N, a power of 2 (runs: N x (parameters + 2))"
    )
    seed: int = param(0, 0, 2**32 - 1, help="seed of the SALib sample (the model's seed is the top-level seed)")


@dataclass
class ScenarioConfig:
    """A robustness study's scenario (sim.sampling.scenarios): this run's row of the study's Latin hypercube."""

    index: int = param(-1, -1, 10_000_000, help="this run's scenario, a row of the sample; -1 = the config as given")
    count: int = param(200, 1, 10_000_000, help="scenarios in the study's Latin hypercube sample")
    seed: int = param(0, 0, 2**32 - 1, help="seed of the scenario sample (the model's seed is the top-level seed)")
    pinned: list[str] = field(
        default_factory=list,
        metadata={
            "lo": None,
            "hi": None,
            "choices": None,
            "unit": "",
            "help": "uncertain keys held at this config's value instead of sampled (your own figures), e.g. "
            "[turnover.rate_annual]; python -m sim.decide pins every such key you set",
        },
    )


@tagged("output", "inert")
@dataclass
class ReportConfig:
    """How ``python -m sim.report`` compares a sweep's runs (does not change a run's outputs)."""

    compare: str = param(
        "program.design",
        help="the config key whose values the report compares (others swept become panels); "
        "if it does not vary in the sweep, the first key that does",
    )
    baseline: str = param(
        "none", help="the value of report.compare every other value is compared with; if absent, the first one run"
    )
    auto: bool = param(True, help="a sweep writes its report (report/ in the sweep directory) when it ends")


@dataclass
class SimConfig:
    """A whole run."""

    seed: int = param(
        0,
        0,
        2**63 - 1,
        help="the run's seed: every random draw comes from it, through a stream per purpose (sim.streams)",
        roles=("replicate",),
    )
    steps: int = param(260, 0, 100_000, unit="weeks", help="weekly steps to simulate")
    warm_start: str = param(
        "",
        help="start from the organisation saved in this checkpoint (a run without a programme, sim.checkpoint): "
        "its people, knowledge and network at step 0 instead of a newly built one",
    )
    org: OrgConfig = field(default_factory=OrgConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    program: ProgramConfig = field(default_factory=ProgramConfig)
    matching: MatchingConfig = field(default_factory=MatchingConfig)
    lifecycle: LifecycleConfig = field(default_factory=LifecycleConfig)
    support: SupportConfig = field(default_factory=SupportConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    practice: PracticeConfig = field(default_factory=PracticeConfig)
    engagement: EngagementConfig = field(default_factory=EngagementConfig)
    turnover: TurnoverConfig = field(default_factory=TurnoverConfig)
    careers: CareersConfig = field(default_factory=CareersConfig)
    headcount: HeadcountConfig = field(default_factory=HeadcountConfig)
    informal: InformalConfig = field(default_factory=InformalConfig)
    economics: EconomicsConfig = field(default_factory=EconomicsConfig)
    outputs: OutputsConfig = field(default_factory=OutputsConfig)
    checkpoint: CheckpointConfig = field(default_factory=CheckpointConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)


def iter_fields(node: Any, prefix: str = ""):
    """Yield ``(dotted_key, value, dataclass_field)`` for every leaf of a config dataclass."""
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_fields(value, key + ".")
        else:
            yield key, value, f


def with_overrides(cfg: SimConfig, overrides: dict[str, Any]) -> SimConfig:
    """Return a copy of ``cfg`` with dotted keys (``"org.n_employees"``) replaced."""
    cfg = _deep_copy(cfg)
    for dotted, value in overrides.items():
        *path, leaf = dotted.split(".")
        node = cfg
        for part in path:
            if not dataclasses.is_dataclass(node) or not hasattr(node, part):
                raise ConfigError(f"{dotted}: unknown key")
            node = getattr(node, part)
        if not dataclasses.is_dataclass(node) or leaf not in {f.name for f in dataclasses.fields(node)}:
            raise ConfigError(f"{dotted}: unknown key")
        setattr(node, leaf, value)
    return cfg


def _deep_copy(node: Any) -> Any:
    changes = {
        f.name: _deep_copy(getattr(node, f.name))
        for f in dataclasses.fields(node)
        if dataclasses.is_dataclass(getattr(node, f.name))
    }
    return dataclasses.replace(node, **changes)
