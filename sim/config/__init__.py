"""Typed configuration: the schema Hydra composes into.

Every parameter is declared once, with its type, default, allowed range or choices, unit, a
one-line meaning and its roles (:func:`param`, :func:`tagged`; :mod:`sim.config.fields`), in
its group's module: the organisation's (:mod:`sim.config.organisation`), the programme's
(:mod:`sim.config.programme`) and the run's own (:mod:`sim.config.schema`, with
:class:`SimConfig`). Hydra rejects unknown keys and wrong types at composition time (the
dataclasses are its structured-config schema, :mod:`sim.compose`); :func:`sim.resolved.resolve`
checks ranges, choices and the rules that tie keys together from the same metadata, and so
does docs/configuration.md (``python -m sim.config``; :mod:`sim.config.reference`).

Which keys form a run's fingerprint, what an ensemble's runs may differ in, what a baseline
resets, what a warm start must share and which runs step alone are all derived from the tags
(:mod:`sim.config.roles`).
"""

from sim.config.fields import (
    AT_DEFAULT,
    DESIGNS,
    KEEP,
    MATCHING_STRATEGIES,
    NETWORK_KINDS,
    OBJECTIVES,
    ORG_KINDS,
    ROLES,
    TENURE_DISTRIBUTIONS,
    ConfigError,
    Tags,
    format_bound,
    format_value,
    param,
    tagged,
)
from sim.config.organisation import (
    CareersConfig,
    EngagementConfig,
    HeadcountConfig,
    InformalConfig,
    KnowledgeConfig,
    NetworkConfig,
    OrgConfig,
    PracticeConfig,
    RosterColumnsConfig,
    TurnoverConfig,
)
from sim.config.programme import (
    CURRENCY_SYMBOLS,
    EconomicsConfig,
    LifecycleConfig,
    MatchingConfig,
    ProgramConfig,
    SupportConfig,
)
from sim.config.reference import reference_document, reference_markdown
from sim.config.roles import (
    all_tags,
    alone_reason,
    baseline_values,
    ensemble_shared,
    has_role,
    in_fingerprint,
    keys_with,
    replicate_names,
    tags_of,
)
from sim.config.schema import (
    CheckpointConfig,
    OutputsConfig,
    ReportConfig,
    ScenarioConfig,
    SensitivityConfig,
    SimConfig,
    iter_fields,
    with_overrides,
)

__all__ = [
    "AT_DEFAULT",
    "CURRENCY_SYMBOLS",
    "DESIGNS",
    "KEEP",
    "MATCHING_STRATEGIES",
    "NETWORK_KINDS",
    "OBJECTIVES",
    "ORG_KINDS",
    "ROLES",
    "TENURE_DISTRIBUTIONS",
    "CheckpointConfig",
    "ConfigError",
    "EconomicsConfig",
    "EngagementConfig",
    "KnowledgeConfig",
    "LifecycleConfig",
    "MatchingConfig",
    "NetworkConfig",
    "OrgConfig",
    "OutputsConfig",
    "PracticeConfig",
    "ProgramConfig",
    "ReportConfig",
    "RosterColumnsConfig",
    "ScenarioConfig",
    "SensitivityConfig",
    "SimConfig",
    "SupportConfig",
    "Tags",
    "TurnoverConfig",
    "CareersConfig",
    "HeadcountConfig",
    "InformalConfig",
    "all_tags",
    "alone_reason",
    "baseline_values",
    "ensemble_shared",
    "format_bound",
    "format_value",
    "has_role",
    "in_fingerprint",
    "iter_fields",
    "keys_with",
    "param",
    "reference_document",
    "reference_markdown",
    "replicate_names",
    "tagged",
    "tags_of",
    "with_overrides",
]
