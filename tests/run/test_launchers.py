"""The same sweep on every launcher: joblib (default), submitit (SLURM's code path, run
locally), Ray (a local Ray), each giving byte-identical runs."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SMOKE = ["-m", "+experiment=smoke", "outputs.quiet=true"]


def sim(*args, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def summaries(sweep: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sorted(sweep.glob("*/summary.json"))}


@pytest.fixture(scope="module")
def joblib_dir(tmp_path_factory) -> Path:
    """The smoke sweep through Hydra's own joblib launcher (one run per job)."""
    cwd = tmp_path_factory.mktemp("joblib")
    r = sim(*SMOKE, "hydra.sweep.dir=sw", "hydra/launcher=joblib", cwd=cwd)
    assert r.returncode == 0, r.stderr
    return cwd / "sw"


@pytest.fixture(scope="module")
def joblib_sweep(joblib_dir) -> dict[str, bytes]:
    return summaries(joblib_dir)


@pytest.fixture(scope="module")
def joblib_files(joblib_dir) -> dict[str, list[str]]:
    return {
        name: [p.read_text() for p in sorted(joblib_dir.glob(f"*/.hydra/{name}"))]
        for name in ("config.yaml", "overrides.yaml")
    }


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def test_submitit_local_jobs_give_the_same_runs_a_batch_per_job(tmp_path, joblib_sweep, joblib_files):
    r = sim(*SMOKE, "hydra.sweep.dir=sw", "hydra/launcher=local_jobs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    got = summaries(tmp_path / "sw")
    assert sorted(got) == ["0", "1", "2", "3"] and got == joblib_sweep
    logs = sorted((tmp_path / "sw" / ".submitit").glob("*/*_log.out"))
    assert len(logs) == 2, "one submitit job per batch: the two seeds of each design"
    assert all("2 of 2 runs of this task stepped together" in p.read_text() for p in logs)
    assert "progress: 4/4 runs done" in r.stdout, "the launching process counts the tasks as they come back"
    assert "[HYDRA]" not in r.stdout + r.stderr, "no launch log unless asked (hydra/hydra_logging=default)"
    for name in ("config.yaml", "overrides.yaml"):  # each job set up as Hydra's own launcher sets it up
        assert [p.read_text() for p in sorted((tmp_path / "sw").glob(f"*/.hydra/{name}"))] == joblib_files[name]


def test_slurm_launcher_config_composes_with_cluster_settings(tmp_path):
    r = sim(
        "+experiment=smoke",
        "hydra/launcher=slurm",
        "hydra.launcher.partition=short",
        "--cfg",
        "hydra",
        "-p",
        "hydra.launcher",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "SlurmLauncher" in out and "partition: short" in out
    assert "cpus_per_task: 1" in out and "timeout_min: 60" in out and "mem_gb: 4" in out


@pytest.mark.ray
@pytest.mark.skipif(
    not installed("hydra_plugins.hydra_ray_launcher"),
    reason="the ray extra is not installed here; .ci/run tests it in its own environment (pytest -m ray)",
)
def test_a_local_ray_gives_the_same_runs(tmp_path, joblib_sweep):
    r = sim(
        *SMOKE,
        "hydra.sweep.dir=sw",
        "hydra/launcher=ray_cluster",
        "hydra.launcher.ray.init.address=null",
        "+hydra.launcher.ray.init.num_cpus=2",
        "hydra/hydra_logging=default",  # the launch log: how many tasks carry the jobs
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert summaries(tmp_path / "sw") == joblib_sweep
    out = r.stdout + r.stderr
    assert "progress: 4/4 runs done" in out and "4 jobs in 2 tasks" in out
    assert out.count("2 of 2 runs of this task stepped together") == 2, "a Ray task per batch of replicates"


@pytest.mark.skipif(installed("hydra_plugins.hydra_ray_launcher"), reason="the ray extra is installed here")
def test_a_launcher_whose_plugin_is_missing_is_one_line(tmp_path):
    r = sim(*SMOKE, "hydra/launcher=ray_cluster", cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert (
        "hydra/launcher=ray_cluster: needs Hydra's hydra_ray_launcher plugin; pip install 'mentoring-sim[ray]'"
        in r.stderr
    )
    assert not any(tmp_path.iterdir())


def test_the_grid_sweeper_skips_hydra_s_repeat_check_only_after_preflight(monkeypatch):
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    from hydra_plugins.mentoring_sim.checked_grid_sweeper import PREFLIGHT_ENV, CheckedGridSweeper
    from sim.run.app import PREFLIGHT_ENV as CLI_ENV

    assert PREFLIGHT_ENV == CLI_ENV
    calls = []
    monkeypatch.setattr(BasicSweeper, "validate_batch_is_legal", lambda self, batch: calls.append(batch))
    sweeper = CheckedGridSweeper(max_batch_size=None)
    monkeypatch.delenv(PREFLIGHT_ENV, raising=False)
    sweeper.validate_batch_is_legal([["seed=1"]])
    assert calls == [[["seed=1"]]], "started without python -m sim's pre-flight: Hydra checks"
    monkeypatch.setenv(PREFLIGHT_ENV, "1")
    sweeper.validate_batch_is_legal([["seed=2"]])
    assert len(calls) == 1


def test_sweep_throughput_benchmark_measures_both(tmp_path):
    from sim.bench.measure import sweep_throughput

    res = sweep_throughput(2, 1, ["org.n_employees=40", "steps=4"])
    assert set(res) == {0, 1, 2} and all(len(v) == 1 and v[0] > 0 for v in res.values())


def hydra_files(sweep: Path, launcher: str) -> dict[str, str]:
    """Every run's .hydra/*.yaml, with what names the launcher or the directory taken out."""
    out = {}
    for p in sorted(sweep.glob("*/.hydra/*.yaml")):
        text = p.read_text()
        if p.name == "hydra.yaml":
            lines = text.splitlines()
            start = lines.index("  launcher:")
            end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
            text = "\n".join(lines[:start] + lines[end:]).replace(str(sweep.parent), "CWD")
            text = text.replace(f"hydra/launcher={launcher}", "L").replace(f"hydra/launcher: {launcher}", "L")
        out[f"{p.parent.parent.name}/{p.name}"] = text
    return out


def sweep_on(launcher: str, sweep: list[str], tmp_path: Path) -> tuple[Path, str]:
    """Run ``sweep`` with ``launcher`` in a folder of its own; the sweep's folder and what it printed."""
    (tmp_path / launcher).mkdir()
    r = sim(*sweep, f"hydra/launcher={launcher}", "hydra.sweep.dir=sw", cwd=tmp_path / launcher)
    assert r.returncode == 0, r.stderr
    return tmp_path / launcher / "sw", r.stdout + r.stderr


def test_the_cores_launcher_gives_hydra_s_configs_and_runs(tmp_path):
    """Composing once per group combination and setting values on a copy is Hydra's compose."""
    sweep = [
        "-m",
        "program=none,peer",
        "seed=0,1",
        "turnover.rate_annual=0.1,0.2",
        "org.n_employees=40",
        "steps=4",
        "outputs.quiet=true",
        "hydra.launcher.n_jobs=2",
        "hydra/hydra_logging=default",  # the launch log, which says how many runs stepped together
    ]
    runs = {}
    for launcher in ("joblib", "cores"):
        sw, printed = sweep_on(launcher, sweep, tmp_path)
        runs[launcher] = (hydra_files(sw, launcher), summaries(sw))
        if launcher == "cores":  # replicates differing by seed stepped as ensembles, in batches of two
            assert "8 of 8 runs stepped together in ensembles" in printed
    files, results = runs["cores"]
    assert len(results) == 8 and len(files) == 24
    assert files == runs["joblib"][0] and results == runs["joblib"][1]
    assert "CoresLauncher" in (tmp_path / "cores" / "sw" / "multirun.yaml").read_text()


@pytest.fixture
def hydra_loader():
    """Hydra's config loader and the master config of a sweep, as ``python -m sim -m`` makes them."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.types import HydraContext, RunMode

    from sim.run.app import CONFIG_DIR

    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        loader = GlobalHydra.instance().config_loader()
        master = loader.load_configuration(
            "config", ["hydra.sweep.dir=sw", "steps=4", "hydra.mode=MULTIRUN"], run_mode=RunMode.MULTIRUN
        )
        yield HydraContext(config_loader=loader, callbacks=None), master


@pytest.mark.parametrize(
    "jobs",
    [
        [["seed=1"], ["seed=2"], ["seed=3"]],
        [["program=peer", "seed=1"], ["program=none", "seed=1"], ["program=peer", "seed=2"]],
        [["+experiment=smoke", "org.n_employees=30"], ["+experiment=smoke", "org.n_employees=50"]],
        [["knowledge.fast_skill=1", "matching=optimal"], ["knowledge.fast_skill=2", "matching=optimal"]],
        [["turnover.rate_annual=0.1"], ["turnover.rate_annual=0.25"], ["turnover.rate_annual=0.1"]],
    ],
)
def test_sweep_config_equals_hydra_s_compose_key_for_key(hydra_loader, jobs):
    from omegaconf import OmegaConf

    from sim.run import worker_cache as workers

    context, master = hydra_loader
    token = workers.launch_token()
    for overrides in jobs:
        got = workers.sweep_config(context, master, overrides, token)
        want = context.config_loader.load_sweep_config(master, overrides)
        assert OmegaConf.to_yaml(got) == OmegaConf.to_yaml(want), overrides
        assert got.hydra.overrides.task == overrides
    groups = {tuple(o for o in job if o.split("=")[0] in ("program", "matching", "+experiment")) for job in jobs}
    assert len(workers._templates) == len(groups), "one compose per combination of config groups"


def test_overrides_that_change_the_composition_are_never_set_on_a_copy():
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.run.worker_cache import combination

    def combo(*lines):
        return combination(OverridesParser.create().parse_overrides(list(lines)), {"program"})

    assert combo("seed=1") == combo("seed=2") == (("=", "seed"),)
    assert combo("program=peer", "seed=1") != combo("program=none", "seed=1")
    assert combo("seed=1", "steps=4") != combo("steps=4", "seed=1"), "order fixes hydra.overrides.task"
    for line in ("+extra=1", "++seed=1", "~seed", "hydra.job.chdir=true"):
        assert combo(line) == (line,), line
    assert combo("seed=1", "seed=2") is None, "the same key twice: Hydra decides"


@pytest.mark.parametrize(
    "jobs",
    [
        [
            ["seed=1", "turnover.rate_annual=0.1"],
            ["seed=2", "turnover.rate_annual=1"],
            ["seed=3", "turnover.rate_annual=2e-1"],
        ],
        [["program=peer", "economics.currency=EUR"], ["program=peer", "economics.currency=GBP"]],
        [["support.mentor_training=true"], ["support.mentor_training=false"]],
        [["scenario.pinned=[turnover.rate_annual]"], ["scenario.pinned=[]"]],
    ],
)
def test_a_store_job_s_typed_values_give_hydra_s_config(hydra_loader, jobs):
    """A later job of a combination, its plain values set on the first job's typed config, is Hydra's compose."""
    from sim.compose import to_sim_config
    from sim.config import with_overrides
    from sim.run import worker_cache as workers

    context, master = hydra_loader
    first = to_sim_config(_task_config(context.config_loader.load_sweep_config(master, jobs[0])))
    key, _ = workers.typed_values(context, master, jobs[0])
    for overrides in jobs[1:]:
        got = workers.typed_values(context, master, overrides)
        assert got is not None and got[0] == key, overrides
        want = to_sim_config(_task_config(context.config_loader.load_sweep_config(master, overrides)))
        assert with_overrides(first, got[1]) == want, overrides


def test_values_whose_type_is_not_plainly_the_field_s_go_through_hydra(hydra_loader):
    from sim.run import worker_cache as workers

    context, master = hydra_loader
    for overrides in (
        ["seed=abc"],
        ["turnover.rate_annual=true"],
        ["economics.currency=${seed}"],
        ["seed=1", "seed=2"],
    ):
        assert workers.typed_values(context, master, overrides) is None, overrides
    assert workers.typed_values(context, master, ["seed=1"]) is not None


def _task_config(cfg):
    from omegaconf import open_dict, read_write

    with read_write(cfg), open_dict(cfg):
        del cfg["hydra"]
    return cfg


def test_a_sweep_into_a_store_gives_hydra_s_runs_without_setting_each_job_up(tmp_path):
    """Jobs after the first of their combination skip Hydra's set-up (sim.run.worker_cache.typed_values): same store."""
    from sim import store

    sweep = [
        "-m",
        "program=none,peer",
        "seed=0,1,2",
        "turnover.rate_annual=0.1,0.2",
        "org.n_employees=40",
        "steps=6",
        "outputs.store=true",
        "outputs.quiet=true",
        "hydra.launcher.n_jobs=1",
    ]
    records = {}
    for launcher in ("joblib", "cores"):
        found = store.records(sweep_on(launcher, sweep, tmp_path)[0] / "store")
        records[launcher] = {name: {k: v for k, v in rec.items() if k != "part"} for name, rec in found.items()}
    assert len(records["cores"]) == 12
    assert records["cores"] == records["joblib"]
