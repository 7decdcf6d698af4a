"""Tests for the output safety of queuesim.store and the commands: nothing a user owns is lost.

queuesim writes only into folders it created or marked; anything else stops the command before
it simulates (exit 2, one line), unless --force, which writes beside the user's files and
removes none. What-ifs get their own folder; folders respect the umask; staging folders left by
an interrupted save are removed by the next save.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queuesim import store
from queuesim.cli import app
from queuesim.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc_steady.yaml"
SHORT = ["--set", "clock.horizon=600", "--set", "clock.warmup=60", "-n", "2", "--workers", "1"]

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name → bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my_documents"
    (folder / "notes").mkdir(parents=True)
    (folder / "budget.xlsx").write_bytes(b"\x00budget")
    (folder / "summary.json").write_text('{"mine": true}', encoding="utf-8")
    (folder / "notes" / "todo.txt").write_text("call the bank", encoding="utf-8")
    return folder


def test_a_folder_of_the_users_is_refused_before_simulating(tmp_path):
    folder = user_folder(tmp_path)
    before = snapshot(folder)
    result = invoke("run", MMC, *SHORT, "--out", folder)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "is not a queuesim result folder" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(folder) == before
    assert [p.name for p in tmp_path.iterdir()] == ["my_documents"]  # no staging left


def test_force_writes_beside_the_users_files_and_removes_none(tmp_path):
    folder = user_folder(tmp_path)
    result = invoke("run", MMC, *SHORT, "--out", folder, "--force")
    assert result.exit_code == 0, result.output
    after = snapshot(folder)
    assert after["budget.xlsx"] == b"\x00budget"
    assert after[str(Path("notes") / "todo.txt")] == b"call the bank"
    assert "customers.csv" in after and json.loads(after["summary.json"])["replications"] == 2
    assert store.MARKER not in after  # still the user's folder: never replaced as a whole
    again = invoke("run", MMC, *SHORT, "--out", folder)
    assert again.exit_code == 2


def test_an_existing_file_is_refused_even_with_force(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text("keep me", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = invoke("run", MMC, *SHORT, "--out", path, *extra)
        assert result.exit_code == 2
        assert "is a file, not a folder" in result.stderr
    assert path.read_text(encoding="utf-8") == "keep me"


def test_the_current_folder_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("run", MMC, *SHORT, "--out", ".").exit_code == 2  # empty, but the cwd
    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    assert invoke("run", MMC, *SHORT, "--out", tmp_path).exit_code == 2
    assert invoke("run", MMC, *SHORT, "--out", ".", "--force").exit_code == 0
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "x"
    assert (tmp_path / "summary.json").is_file()


def test_a_result_folder_is_replaced_whole_and_carries_the_marker(tmp_path):
    folder = tmp_path / "run"
    assert invoke("run", MMC, *SHORT, "--out", folder).exit_code == 0
    assert (folder / store.MARKER).is_file()
    (folder / "stale.csv").write_text("old", encoding="utf-8")
    assert invoke("run", MMC, *SHORT, "--out", folder).exit_code == 0
    assert not (folder / "stale.csv").exists()


def test_a_result_folder_from_before_the_marker_is_still_ours(tmp_path):
    folder = tmp_path / "old-run"
    folder.mkdir()
    for name in ("summary.json", "customers.csv", "kpis_overall.csv", "report.html"):
        (folder / name).write_text("{}", encoding="utf-8")
    assert store.check_output(folder) is False
    (folder / "thesis.docx").write_text("mine", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a queuesim result folder"):
        store.check_output(folder)


def test_a_what_if_gets_its_own_folder_and_records_its_overrides(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = [*SHORT[4:]]  # -n 2 --workers 1
    steady = ["--set", "clock.horizon=600", "--set", "clock.warmup=60"]
    assert invoke("run", MMC, *base, *steady).exit_code == 0
    baseline = tmp_path / "results" / store.output_folder(
        "mmc_steady", ["clock.horizon=600", "clock.warmup=60"]).name
    before = snapshot(baseline)
    what_if = invoke("run", MMC, *base, *steady, "--set", "arrivals.scale=0.8")
    assert what_if.exit_code == 0
    folders = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert len(folders) == 2
    assert snapshot(baseline) == before
    other = next(p for p in (tmp_path / "results").iterdir() if p.name != baseline.name)
    summary = json.loads((other / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == ["clock.horizon=600", "clock.warmup=60", "arrivals.scale=0.8"]


def test_what_if_folder_names_are_safe_short_and_stable():
    assert store.output_folder("nanhu") == Path("results") / "nanhu"
    named = store.output_folder("nanhu", ["arrivals.scale=1.2"])
    assert named == Path("results") / "nanhu--arrivals.scale=1.2"
    odd = store.output_folder("nanhu", ['counters.T4.hours=["11:00-14:00"]', "name=a/b\\c"])
    assert all(ch not in odd.name for ch in '/\\:"[] ')
    long = [f"counters.T{i}.speed=1.{i}" for i in range(30)]
    first, second = store.output_folder("nanhu", long), store.output_folder("nanhu", long)
    assert first == second and len(first.name) <= 80
    assert first != store.output_folder("nanhu", long[:-1])


def test_folders_respect_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        folder = store.write_folder(tmp_path / "out", lambda f: (f / "a.csv").write_text("x"))
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o750


def test_an_interrupted_save_removes_its_staging_folder_and_keeps_the_old_result(tmp_path):
    folder = store.write_folder(tmp_path / "out", lambda f: (f / "a.csv").write_text("old"))
    before = snapshot(folder)

    def interrupted(staging: Path) -> None:
        (staging / "a.csv").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.write_folder(folder, interrupted)
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_next_save_removes_staging_folders_of_dead_processes_only(tmp_path):
    gone = subprocess.Popen(["true"])  # a process that has ended: its pid is free
    gone.wait()
    stale = tmp_path / f".out-{gone.pid}-abc123"
    stale.mkdir()
    (stale / store.MARKER).write_text("")
    (stale / "customers.csv").write_text("half")
    alive = tmp_path / f".out-{os.getppid()}-def456"
    alive.mkdir()
    (alive / store.MARKER).write_text("")
    foreign = tmp_path / f".out-{gone.pid}-users"
    foreign.mkdir()
    (foreign / "diary.txt").write_text("mine")
    store.write_folder(tmp_path / "out", lambda f: (f / "a.csv").write_text("x"))
    names = {p.name for p in tmp_path.iterdir()}
    assert stale.name not in names
    assert {alive.name, foreign.name, "out"} <= names


def test_a_staging_folder_older_than_the_limit_is_removed_even_if_its_pid_runs(tmp_path):
    old = tmp_path / f".out-{os.getppid()}-abc123"  # a running process, e.g. a reused pid
    old.mkdir()
    (old / store.MARKER).write_text("")
    hours_ago = time.time() - 3600 * (store.STALE_HOURS + 1)
    os.utime(old, (hours_ago, hours_ago))
    assert store.clean_stale(tmp_path, "out") == [old]
    assert not old.exists()


def test_compare_and_staff_refuse_a_users_folder_before_any_work(tmp_path):
    folder = user_folder(tmp_path)
    before = snapshot(folder)
    compared = invoke("compare", MMC, "--vary", "counters.count=3,4", *SHORT, "--out", folder)
    staffed = invoke("staff", ROOT / "scenarios" / "canteen_lunch.yaml", "--out", folder)
    for result in (compared, staffed):
        assert result.exit_code == 2 and "not a queuesim result folder" in result.stderr
    assert snapshot(folder) == before
