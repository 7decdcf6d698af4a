"""Tests for queuesim.cli: the commands as a branch manager uses them.

``CliRunner`` for the commands themselves; two subprocess runs check what a user really
starts: the installed ``queuesim`` script and ``python cli.py`` in a checkout. Runs are kept
tiny (three replications, one worker, a short steady-state horizon) so the file stays fast.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from queuesim import __version__, load_scenario
from queuesim.cli import app
from queuesim.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
MMC = ROOT / "scenarios" / "mmc_steady.yaml"
SHORT_STEADY = ["--set", "clock.horizon=2000", "--set", "clock.warmup=100"]
KPI_NAMES = {
    "arrivals", "served", "balked", "reneged", "no_show", "unserved", "wait_mean", "wait_p50",
    "wait_p90", "wait_p95", "wait_max", "service_level", "abandon_rate", "balk_rate",
    "utilization", "waiting_mean", "waiting_max", "overtime",
    # customer experience (queuesim.experience)
    "overtaken_share", "illegitimate_overtakes", "perceived_wait_mean", "worse_than_expected",
    "as_expected", "better_than_expected",
}
RESULT_FILES = {
    "summary.json", "customers.csv", "timeline.csv", "counters.csv", "scenario.yaml",
    "kpis_overall.csv", "kpis_by_class.csv", "kpis_by_hour.csv", "kpis_by_counter.csv",
    ".queuesim-result",  # the marker that makes the folder queuesim's (queuesim.store)
}

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def run_json(*args) -> dict:
    result = invoke("run", *args, "--workers", 1, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_is_kpi(stat: dict) -> None:
    assert set(stat) == {"mean", "ci95", "n"}
    assert len(stat["ci95"]) == 2


# run ---------------------------------------------------------------------------------------------


def test_run_writes_every_table_and_the_scenario_as_simulated(tmp_path):
    out = tmp_path / "nanhu"
    result = invoke("run", NANHU, "-n", 3, "--workers", 1, "--out", out,
                    "--set", "arrivals.scale=0.5")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == RESULT_FILES
    assert "Results written to" in result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["replications"] == 3
    simulated = load_scenario(out / "scenario.yaml")
    assert simulated == load_scenario(NANHU, ["arrivals.scale=0.5"])
    customers = (out / "customers.csv").read_text(encoding="utf-8").splitlines()
    assert customers[0].startswith("replication,customer,class,arrival")
    assert len(customers) > 100


def test_run_json_prints_only_the_summary(tmp_path):
    summary = run_json(NANHU, "--set", "replications=3", "--out", tmp_path / "out")
    assert {"scenario", "replications", "seed", "kpis", "by_class", "by_counter"} <= set(summary)
    assert summary["scenario"] == "Nanhu sub-branch, weekday"
    assert summary["replications"] == 3
    assert summary["seed"] == 2026
    assert set(summary["kpis"]) == KPI_NAMES
    for stat in summary["kpis"].values():
        assert_is_kpi(stat)
        assert stat["n"] == 3
    assert set(summary["by_class"]) == {"personal", "business", "vip"}
    assert set(summary["by_counter"]) == {"T1", "T2", "T3", "T4", "V1"}
    for group in (*summary["by_class"].values(), *summary["by_counter"].values()):
        for stat in group.values():
            assert_is_kpi(stat)


def test_run_json_is_the_saved_summary(tmp_path):
    out = tmp_path / "out"
    printed = run_json(NANHU, "-n", 2, "--seed", 5, "--out", out)
    assert printed == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert printed["seed"] == 5


def test_run_set_changes_the_queue_structure(tmp_path):
    out = tmp_path / "ticket"
    summary = run_json(NANHU, "-n", 2, "--set", "queue.structure=ticket", "--out", out)
    assert set(summary["kpis"]) == KPI_NAMES
    saved = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    assert saved["queue"]["structure"] == "ticket"


def test_run_steady_state(tmp_path):
    summary = run_json(MMC, "-n", 2, *SHORT_STEADY, "--out", tmp_path / "mmc")
    assert summary["kpis"]["overtime"]["mean"] == 0
    assert 0 < summary["kpis"]["utilization"]["mean"] <= 1
    assert set(summary["by_counter"]) == {"C1", "C2", "C3"}


def test_run_again_replaces_the_earlier_result(tmp_path):
    out = tmp_path / "out"
    run_json(NANHU, "-n", 2, "--out", out)
    (out / "stale.txt").write_text("from an earlier run", encoding="utf-8")
    assert run_json(NANHU, "-n", 3, "--out", out)["replications"] == 3
    assert {p.name for p in out.iterdir()} == RESULT_FILES


# Bad input: exit 2, one line on stderr, nothing written. -----------------------------------------


def write_bad(tmp_path) -> Path:
    raw = yaml.safe_load(NANHU.read_text(encoding="utf-8"))
    raw["queue"]["strucutre"] = raw["queue"].pop("structure")
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def bad_runs(tmp_path) -> dict[str, tuple[list, str]]:
    """Arguments of a bad run and the one line it must print."""
    typo = write_bad(tmp_path)
    missing = tmp_path / "missing.yaml"
    return {
        "unknown key in the file": (
            [typo], f"{typo}: queue.strucutre: unknown key (did you mean 'structure'?)"),
        "bad --set value": (
            [NANHU, "--set", "arrivals.scale=-1"],
            f"{NANHU}: arrivals.scale: input should be greater than 0, found -1"),
        "bad --set path": (
            [NANHU, "--set", "counters.T9.speed=2"],
            f"{NANHU}: --set 'counters.T9.speed=2': no item with id 'T9'"),
        "missing file": ([missing], f"{missing}: file not found"),
        "folder": ([tmp_path], f"{tmp_path}: is a folder; expected a scenario YAML file"),
    }


@pytest.mark.parametrize("case", ["unknown key in the file", "bad --set value", "bad --set path",
                                  "missing file", "folder"])
def test_run_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, case):
    args, line = bad_runs(tmp_path)[case]
    out = tmp_path / "out"
    result = invoke("run", *args, "-n", 2, "--workers", 1, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()


def test_run_bad_input_leaves_an_earlier_result_intact(tmp_path):
    out = tmp_path / "out"
    run_json(NANHU, "-n", 2, "--out", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = invoke("run", NANHU, "--set", "queue.structure=tickets", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{NANHU}: queue.structure: input should be ")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_run_bad_input_creates_no_default_results_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", write_bad(tmp_path), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert not (tmp_path / "results").exists()


# validate, schema, version -----------------------------------------------------------------------


def test_validate_ok():
    result = invoke("validate", NANHU)
    assert result.exit_code == 0
    assert result.stdout == (f"{NANHU}: ok — 'Nanhu sub-branch, weekday', 3 classes, 5 counters, "
                             "multi_line\n")


def test_validate_with_set():
    result = invoke("validate", MMC, "--set", "queue.structure=ticket")
    assert result.exit_code == 0
    assert result.stdout.endswith("1 classes, 3 counters, ticket\n")


def test_validate_bad(tmp_path):
    typo = write_bad(tmp_path)
    result = invoke("validate", typo)
    assert result.exit_code == 2
    assert result.stderr == f"{typo}: queue.strucutre: unknown key (did you mean 'structure'?)\n"
    assert result.stdout == ""


def test_schema_prints_the_json_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == Scenario.model_json_schema(by_alias=True)
    committed = ROOT / "queuesim" / "schema" / "scenario.schema.json"
    assert printed == json.loads(committed.read_text(encoding="utf-8"))


def test_version():
    result = invoke("version")
    assert result.exit_code == 0
    assert result.stdout.strip() == __version__


# Real processes ----------------------------------------------------------------------------------


def test_installed_console_script(tmp_path):
    beside = Path(sys.executable).with_name("queuesim")  # the script of this environment
    script = str(beside) if beside.exists() else shutil.which("queuesim")
    if script is None:
        pytest.skip("the queuesim script is not installed (pip install -e .)")
    ok = subprocess.run([script, "validate", str(MMC)], capture_output=True, text=True,
                        timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "ok" in ok.stdout
    typo = write_bad(tmp_path)
    bad = subprocess.run([script, "run", str(typo), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2
    assert bad.stderr == f"{typo}: queue.strucutre: unknown key (did you mean 'structure'?)\n"
    assert not (tmp_path / "out").exists()


def test_cli_py_in_a_checkout(tmp_path):
    ok = subprocess.run([sys.executable, "cli.py", "validate", "scenarios/mmc_steady.yaml"],
                        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("scenarios/mmc_steady.yaml: ok — 'M/M/3 steady state'")
    missing = tmp_path / "missing.yaml"
    bad = subprocess.run([sys.executable, "cli.py", "validate", str(missing)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2
    assert bad.stderr == f"{missing}: file not found\n"


def test_help_and_validate_load_no_heavy_library():
    """Start-up stays quick: reading a scenario needs neither the tables (pandas), statistics
    (scipy), the compiled evaluator (numba) nor charts (plotly)."""
    code = ("import sys; from typer.testing import CliRunner; from queuesim.cli import app; "
            f"r = CliRunner().invoke(app, ['validate', {str(NANHU)!r}]); assert r.exit_code == 0; "
            "CliRunner().invoke(app, ['--help']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} "
            "& {'pandas', 'scipy', 'numba', 'plotly', 'simpy', 'pyarrow'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
