"""Golden outputs: a fixed set of runs whose outputs must not change by a single bit.

Written once by the code *before* a behaviour-preserving change (``write``) and checked
after it (``check``): every design under every matching strategy it accepts, external mentors, the
support levers, every network and tenure distribution, a roster, the objectives, a
sensitivity row, the Mesa-facing tables, the reference models of the validation checks, the
per-agent baseline, and a real sweep through ``python -m sim -m`` with its report.

    python -m tests.golden.cases check      # compare with tests/golden/outputs.json
    python -m tests.golden.cases write      # (re)write it: only at a commit known to be right

When outputs change by design (beyond a ``config_hash`` or a new config key), raise
``sim.run.fingerprint.MODEL_REVISION`` too, so sweeps do not reuse runs finished before.

Parquet files are compared by their decoded contents (column names, dtypes and every value,
floats by their exact repr): the container's bytes name the writer library's version.
Everything else (summary.json, comparison.csv, report.md, .hydra/*.yaml) is compared as
text. Floating-point results depend on the CPU's vector kernels, so the check pins them
(``PINNED_ENV``) and runs only where they can be pinned and with the library versions the
goldens were written with (``tests/golden/test_golden.py``). Beside them ``write`` records the
check that travels (:func:`travelling`: seeded means of a few designs over 20 seeds), which
``tests/golden/test_travelling.py`` holds within stated tolerances on any machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("outputs.json")

#: Kernels every x86-64 machine with AVX2 runs alike: OpenBLAS's Haswell kernels and numpy's
#: dispatch without AVX-512 (whose exp, log and reductions round differently). numpy 2.5 names its
#: x86 dispatch targets by microarchitecture level (X86_V3, X86_V4, AVX512_ICL, AVX512_SPR); older
#: versions by feature (AVX512F, AVX512_SKX, ...). Both sets are listed: each version warns of the
#: names it does not dispatch on and switches off the ones it does (:func:`avx512_still_on` checks).
PINNED_ENV = {
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX AVX512_CNL "
    "AVX512_ICL AVX512_SPR AVX512FP16",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}


def avx512_still_on() -> list[str]:
    """numpy's AVX-512 dispatch targets still in use in this process (empty when the pin holds)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [t for t in __cpu_dispatch__ if __cpu_features__.get(t) and ("512" in t or t == "X86_V4")]


#: Libraries whose arithmetic or random streams the outputs depend on.
LIBRARIES = ("numpy", "scipy", "pandas", "networkx", "mesa", "SALib")

#: Small and short, with frequent rounds and short ties, so closures, reviews and re-matching
#: all happen inside the run.
BASE: dict[str, Any] = {
    "org.n_employees": 80,
    "steps": 40,
    "program.match_every_weeks": 8,
    "program.duration_weeks": 20,
    "program.opt_in_rate": 0.6,
}
DESIGNS = ("hierarchical", "peer", "peer_circles", "reverse", "hybrid")
STRATEGIES = ("random", "skill_gap", "similarity", "diversity", "optimal", "stable")


def run_cases() -> dict[str, dict[str, Any]]:
    """Each in-process case: its dotted overrides on top of :data:`BASE`."""
    cases: dict[str, dict[str, Any]] = {"none": {"program.design": "none", "outputs.employees": True}}
    for design in DESIGNS:
        for strategy in STRATEGIES:
            if design == "peer_circles" and strategy in ("optimal", "stable"):
                continue  # refused: neither has a meaning for groups (sim.mechanisms.designs.peer_circles)
            cases[f"{design}-{strategy}"] = {"program.design": design, "matching.strategy": strategy}
    cases |= {
        "hierarchical-external": {"program.design": "hierarchical", "program.external_mentors": 4},
        "hybrid-external-stable": {
            "program.design": "hybrid",
            "program.external_mentors": 3,
            "matching.strategy": "stable",
            "outputs.employees": True,
        },
        "hierarchical-full-support": {
            "program.design": "hierarchical",
            "support.protected_hours_per_month": 4.0,
            "support.mentor_training": True,
            "support.mentor_recognition": True,
            "support.confidentiality": True,
            "support.leadership_backing": 1.0,
        },
        "peer-overloaded": {
            "program.design": "peer",
            "program.mentor_capacity": 4,
            "program.meetings_per_month": 6.0,
            "support.free_hours_per_month": 2.0,
            "support.mentor_recognition": True,
        },
        "hierarchical-own-manager": {"program.design": "hierarchical", "matching.allow_direct_manager": True},
        "circles-own-manager-similarity": {
            "program.design": "peer_circles",
            "matching.allow_direct_manager": True,
            "matching.strategy": "similarity",
            "program.circle_size": 4,
        },
        "peer-scale-free": {"program.design": "peer", "network": "scale_free"},
        "peer-random-network": {"program.design": "peer", "network": "random", "network.mean_degree": 6},
        "peer-teams": {"program.design": "peer", "network": "teams", "network.include_reporting_lines": False},
        "hierarchical-exponential-tenure": {"program.design": "hierarchical", "org.tenure_distribution": "exponential"},
        "reverse-uniform-tenure": {"program.design": "reverse", "org.tenure_distribution": "uniform"},
        "hybrid-roster": {
            "program.design": "hybrid",
            "org.kind": "roster",
            "org.roster_path": "examples/roster.csv",
            "outputs.employees": True,
            "outputs.csv": True,
        },
        "hierarchical-selection": {
            "program.design": "hierarchical",
            "program.volunteer_selection": 1.2,
            "program.mentee_max_tenure_years": 60.0,
            "program.mentor_capacity": 1,
        },
        "peer-late-start": {"program.design": "peer", "program.start_step": 13},
        "hierarchical-no-review": {
            "program.design": "hierarchical",
            "lifecycle.no_fault_exit": False,
            "knowledge.fast_skill": -1,
            "org.n_skills": 3,
        },
        "peer-no-turnover": {"program.design": "peer", "turnover.rate_annual": 0.0},
        "peer-gain-per-hour": {"program.design": "peer", "outputs.objective": "tacit_gain_per_1000h"},
        "hierarchical-sun-error": {
            "program.design": "hierarchical",
            "outputs.objective": "sun_retention_error",
            "org.n_employees": 60,
            "steps": 20,
        },
        "morris-row": {
            "program.design": "peer",
            "sensitivity.method": "morris",
            "sensitivity.trajectories": 2,
            "sensitivity.sample": 7,
        },
        "sobol-row": {
            "program.design": "hierarchical",
            "sensitivity.method": "sobol",
            "sensitivity.base_samples": 4,
            "sensitivity.sample": 13,
        },
        "long-seed-3": {"program.design": "peer_circles", "steps": 120, "seed": 3},
    }
    return cases


# -- canonical forms ---------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def frame_text(df: pd.DataFrame) -> str:
    """A table as text: columns, dtypes and every value (floats by their exact repr)."""
    data = {
        "columns": [str(c) for c in df.columns],
        "dtypes": [str(t) for t in df.dtypes],
        "index": [repr(i) for i in df.index.tolist()],
        "values": {str(c): [repr(v) for v in df[c].tolist()] for c in df.columns},
    }
    return json.dumps(data, sort_keys=True)


def array_text(x: Any) -> str:
    """An array (or nested list of numbers) as text, every value by its exact repr."""
    a = np.asarray(x)
    return json.dumps({"dtype": str(a.dtype), "shape": list(a.shape), "values": [repr(v) for v in a.ravel().tolist()]})


def directory_digests(out_dir: Path, skip: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """Digest of every output file under ``out_dir`` (relative name -> digest; summary.json in full)."""
    out: dict[str, str] = {}
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        name = path.relative_to(out_dir).as_posix()
        if skip(name):
            continue
        if path.suffix == ".parquet":
            out[name] = _digest(frame_text(_unversioned(pd.read_parquet(path))))
        elif name.endswith("summary.json"):
            out[name] = _unversioned_text(path.read_text())
        else:
            out[name] = _digest(_unversioned_text(path.read_text()))
    return out


#: Where outputs name the simulator's version and the libraries it ran with (CHANGELOG.md): not a result,
#: so the goldens hold a placeholder and a new version number leaves them as they are.
_VERSIONED = (re.compile(r'"version": "[^"]*"'), re.compile(r"Written by mentoring-sim [^;]*;"))


def _unversioned_text(text: str) -> str:
    text = _VERSIONED[0].sub('"version": "<version>"', text)
    return _VERSIONED[1].sub("Written by mentoring-sim <version>;", text)


def _unversioned(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(version="<version>") if "version" in df.columns else df


# -- producing the outputs ---------------------------------------------------------------


def _config(overrides: dict[str, Any]):
    from sim.config import SimConfig, with_overrides

    groups = {"network": "network.kind"}  # a group option names the key it sets
    flat = {groups.get(k, k): v for k, v in {**BASE, **overrides}.items()}
    return with_overrides(SimConfig(), flat)


def write_run(overrides: dict[str, Any], out_dir: Path) -> None:
    """One run's output contract, as ``python -m sim`` writes it (without Hydra's .hydra/)."""
    from sim.resolved import resolve
    from sim.run.execute import simulate
    from sim.sampling import sensitivity

    simulate(sensitivity.apply(resolve(_config(overrides))), out_dir)


def model_tables() -> dict[str, str]:
    """The Mesa-facing tables and the teaching layout of one model."""
    from sim.model import MentoringModel
    from sim.teaching.drawing import layout

    model = MentoringModel(_config({"program.design": "hybrid", "program.external_mentors": 2}))
    model.run()
    agents = sorted(model.agents, key=lambda a: a.unique_id)
    people = pd.DataFrame(
        {
            "uid": [a.unique_id for a in agents],
            "level": [a.level for a in agents],
            "tenure_years": [a.tenure_years for a in agents],
            "engagement": [a.engagement for a in agents],
            "knowledge": [a.knowledge for a in agents],
            "partners": [sorted(p.unique_id for p in a.mentoring_partners) for a in agents],
        }
    )
    return {
        "datacollector": _digest(frame_text(model.datacollector.get_model_vars_dataframe())),
        "agents": _digest(frame_text(people)),
        "layout": _digest(array_text(layout(model.state.level, model.state.manager))),
        "timings_keys": ",".join(model.timings),
    }


def per_agent_tables() -> dict[str, str]:
    """The benchmark's per-agent baseline on two designs."""
    from sim.bench.per_agent import PerAgentModel

    out = {}
    for design in ("peer", "hierarchical"):
        model = PerAgentModel(_config({"program.design": design, "org.n_employees": 60, "steps": 20}))
        model.run()
        out[design] = _digest(frame_text(model.datacollector.get_model_vars_dataframe()))
    return out


def reference_models() -> dict[str, str]:
    """The validation checks' reference models, at small sizes."""
    from sim.validation.diffusion import consult_spread, path_length, spread_time
    from sim.validation.march import MarchParams, equilibrium, trajectory

    return {
        "march_equilibrium": _digest(array_text(equilibrium(MarchParams(p1=0.5, p2=0.5, p3=0.05), 4, 60, seed=3))),
        "march_trajectory": _digest(array_text(trajectory(MarchParams(p1=0.3, p2=0.7, p4=0.02), 3, 40, seed=5))),
        "march_text_rule": _digest(array_text(trajectory(MarchParams(p1=0.3, p2=0.7, rule="text"), 3, 40, seed=5))),
        "march_to_equilibrium": _digest(array_text(equilibrium(MarchParams.mixed(10, p2=0.5), 4, seed=6))),
        "spread_time": _digest(array_text([spread_time(p, n=200, seed=1) for p in (0.0, 0.1)])),
        "path_length": repr(path_length(0.1, n=200, seed=2)),
        "consult_spread": _digest(array_text(consult_spread(n=200, weeks=20, seed=2))),
    }


def validation_checks(out: Path) -> dict[str, str]:
    """Each quick validation check's result text at a tiny size (its figures are not compared)."""
    from sim.validation.check import Size
    from sim.validation.march_checks import check_mixed_learners, check_turbulence, check_turnover
    from sim.validation.network_checks import check_logistic

    size = Size(runs=4, periods=30)
    checks = (check_mixed_learners, check_turnover, check_turbulence, check_logistic)
    return {c.__name__: (r := c(size, out)).result + f" passed={r.passed}" for c in checks}


def calibration_split() -> dict[str, str]:
    """The Sun calibration's gap split on a small organisation (every variant, two seeds)."""
    from sim.studies import calibration

    tables = calibration.evaluate(
        [0, 1], workers=1, base=_config({**calibration.SETUP, "org.n_employees": 300, "steps": 52})
    )
    out = {name: _digest(frame_text(t)) for name, t in tables.items()}
    out["split"] = json.dumps({role: calibration.gap_split(tables, role) for role in ("mentees", "mentors")})
    return out


SWEEP = ["-m", "program=none,peer,peer_circles", "seed=0,1", "org.n_employees=60", "steps=30", "outputs.quiet=true"]


def sweep_outputs(work: Path) -> dict[str, str]:
    """A sweep through ``python -m sim -m`` (every core) and its report, file by file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sweep = work / "sweep"
    cmd = [sys.executable, "-m", "sim", *SWEEP, f"hydra.sweep.dir={sweep}", "hydra.launcher.verbose=0"]
    subprocess.run(cmd, check=True, cwd=work, env=env, capture_output=True)
    subprocess.run([sys.executable, "-m", "sim.report", str(sweep)], check=True, cwd=work, env=env, capture_output=True)

    def skip(name: str) -> bool:
        # Hydra's own record (times, paths, the launcher's class) and the report's pictures.
        return name.endswith(("hydra.yaml", "multirun.yaml", ".log", ".png", "report.html"))

    out = directory_digests(sweep, skip)
    md = sweep / "report" / "report.md"
    out["report/report.md"] = _digest(_unversioned_text(md.read_text().replace(str(sweep), "SWEEP")))
    return out


#: The check that travels: seeded summaries of a few designs, means over seeds (tests/golden/test_travelling.py).
TRAVELLING_DESIGNS = ("none", "hierarchical", "peer", "peer_circles")
TRAVELLING_METRICS = (
    "tacit_mean_final",
    "knowledge_mean_final",
    "engagement_mean_final",
    "retention_all",
    "exits_total",
    "meetings_total",
    "tacit_transferred_total",
)
TRAVELLING_SEEDS = 20


def travelling(
    designs: tuple[str, ...] = TRAVELLING_DESIGNS, seeds: int = TRAVELLING_SEEDS, **overrides: Any
) -> dict[str, dict[str, list[float]]]:
    """Per design, each metric's [mean, standard deviation, seeds] over ``seeds`` seeds.

    200 employees, two years, otherwise the defaults (and ``overrides``); the designs of a seed
    step as one ensemble.
    """
    from sim.config import SimConfig, with_overrides
    from sim.ensemble import Ensemble
    from sim.resolved import resolve

    base = {"org.n_employees": 200, "steps": 104, **overrides}
    values: dict[str, dict[str, list[float]]] = {d: {m: [] for m in TRAVELLING_METRICS} for d in designs}
    for seed in range(seeds):
        runs = [resolve(with_overrides(SimConfig(), {**base, "program.design": d, "seed": seed})) for d in designs]
        for design, summary in zip(designs, Ensemble(runs).run().summaries(), strict=True):
            for m in TRAVELLING_METRICS:
                values[design][m].append(float(summary[m]))
    return {
        d: {m: [float(np.mean(v)), float(np.std(v, ddof=1)), len(v)] for m, v in metrics.items()}
        for d, metrics in values.items()
    }


def produce() -> dict[str, Any]:
    """Every golden output, keyed by case and file."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, overrides in run_cases().items():
            out_dir = work / "runs" / name
            write_run(overrides, out_dir)
            results[f"run:{name}"] = directory_digests(out_dir)
        results["model"] = model_tables()
        results["per_agent"] = per_agent_tables()
        results["reference_models"] = reference_models()
        results["validation"] = validation_checks(work / "validation")
        results["calibration"] = calibration_split()
        results["sweep"] = sweep_outputs(work)
    return results


def environment() -> dict[str, str]:
    """The versions of the libraries the outputs depend on."""
    from importlib.metadata import version

    return {lib: version(lib) for lib in LIBRARIES}


def compare(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Every difference, one line each (a summary.json difference names its keys)."""
    problems = []
    for case in sorted(set(expected) | set(got)):
        a, b = expected.get(case), got.get(case)
        if a is None or b is None:
            problems.append(f"{case}: {'new' if a is None else 'missing'}")
            continue
        for name in sorted(set(a) | set(b)):
            if a.get(name) == b.get(name):
                continue
            detail = ""
            if name.endswith("summary.json") and name in a and name in b:
                ja, jb = json.loads(a[name]), json.loads(b[name])
                keys = [k for k in sorted(set(ja) | set(jb)) if ja.get(k) != jb.get(k)]
                detail = " (keys " + ", ".join(keys[:8]) + ")" if keys else " (formatting)"
            problems.append(f"{case}: {name} differs{detail}")
    return problems


def main(argv: list[str]) -> int:
    """``write`` the goldens or ``check`` against them."""
    if argv[:1] not in (["write"], ["check"]):
        print("usage: python -m tests.golden.cases write|check", file=sys.stderr)
        return 2
    os.chdir(ROOT)  # the roster case names its file relative to the checkout
    if avx512_still_on():
        print(f"AVX-512 kernels still on ({', '.join(avx512_still_on())}): run with PINNED_ENV", file=sys.stderr)
        return 3
    got = produce()
    if argv[0] == "write":
        record = {"environment": environment(), "outputs": got, "travelling": travelling()}
        GOLDEN.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
        print(f"wrote {GOLDEN} ({len(got)} cases)")
        return 0
    expected = json.loads(GOLDEN.read_text())["outputs"]
    problems = compare(expected, got)
    for line in problems:
        print(line)
    print(f"{len(expected)} golden cases, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
