"""The config folder and Hydra's compose: from ``configs/`` and overrides to a typed :class:`SimConfig`.

``configs/`` sits beside the package in a checkout and inside it (``sim/_configs``) in an
installed wheel. :class:`~sim.config.SimConfig` is registered with Hydra's ConfigStore as the
schema ``base_config``, so unknown keys and wrong types fail when Hydra composes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf

from sim.config import ConfigError, SimConfig


def find_config_dir() -> Path:
    """The folder holding ``config.yaml``: the checkout's ``configs/``, or the wheel's copy."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "configs", package / "_configs"):
        if (candidate / "config.yaml").is_file():
            return candidate
    raise FileNotFoundError(f"no configs/config.yaml beside {package}")


CONFIG_DIR = find_config_dir()


def register_schema() -> None:
    """Register :class:`SimConfig` with Hydra's ConfigStore as ``base_config``."""
    ConfigStore.instance().store(name="base_config", node=SimConfig)


register_schema()


def _job_subdir(store: bool, job_num: Any) -> str:
    """A sweep job's directory under the sweep: its number, or the shared ``store`` (``outputs.store=true``)."""
    return "store" if store else str(job_num)


def _hydra_subdir(store: bool, mode: Any) -> str | None:
    """Where Hydra writes a job's config: ``.hydra``, or nowhere for a sweep into a store (sim.store)."""
    return None if store and str(mode).endswith("MULTIRUN") else ".hydra"


# configs/config.yaml's hydra.sweep.subdir and hydra.output_subdir call these; every process that
# composes or runs a job imports this module first (sim.run.app).
OmegaConf.register_new_resolver("sim_job_subdir", _job_subdir, replace=True)
OmegaConf.register_new_resolver("sim_hydra_subdir", _hydra_subdir, replace=True)


def to_sim_config(cfg: DictConfig) -> SimConfig:
    """The typed config of a composed Hydra config (unknown added keys are errors)."""
    known = set(SimConfig.__dataclass_fields__)
    extra = [k for k in cfg if k not in known]
    if extra:
        raise ConfigError(f"{extra[0]}: not a known key; known top-level keys: {', '.join(sorted(known))}")
    obj = OmegaConf.to_object(cfg)
    assert isinstance(obj, SimConfig)
    return obj


def compose(overrides: list[str], config_dir: Path = CONFIG_DIR) -> SimConfig:
    """The config ``python -m sim OVERRIDES`` would run, typed (not yet checked: see :func:`sim.resolved.resolve`)."""
    with initialize_config_dir(str(config_dir), version_base="1.3"):
        return to_sim_config(hydra_compose("config", overrides=overrides))
