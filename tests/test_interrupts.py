"""Tests for queuesim.interrupts: Ctrl-C, SIGTERM and a closed pipe end a command cleanly.

The subprocess tests start the installed ``queuesim`` script in its own process group, wait
until its worker processes exist (the simulation is under way), then send the signal as a
terminal (SIGINT to the whole group) or a job scheduler (SIGTERM to the main process) would.
They need Linux's /proc to see the workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queuesim import interrupts, load_scenario, simulate
from queuesim.cli import app

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
MMC = ROOT / "scenarios" / "mmc_steady.yaml"
NOTHING_WRITTEN = "interrupted — nothing was written; the previous result is intact"
LINUX = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def script() -> str:
    beside = Path(sys.executable).with_name("queuesim")  # the script of this environment
    return str(beside) if beside.exists() else shutil.which("queuesim")


def workers_of(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


LONG_RUN = ["run", str(NANHU), "-n", "2000", "--workers", "2"]
LONG_STAFF = ["staff", str(ROOT / "scenarios" / "canteen_lunch.yaml"), "--workers", "2"]


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_mid_run(tmp_path: Path, signum: int, whole_group: bool, command: list[str]):
    """A previous result in tmp_path/out, then a long run into the same folder, signalled as
    soon as its workers run. Returns the process, its stderr and the result before."""
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["run", str(MMC), "-n", "2", "--workers", "1", "--set",
                                     "clock.horizon=600", "--set", "clock.warmup=60",
                                     "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    # A terminal's Ctrl-C reaches a process whose SIGINT is at its default; children inherit
    # an ignored signal, and pytest-xdist workers may run with SIGINT ignored.
    with subprocess.Popen([script(), *command, "--out", str(out)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, start_new_session=True,
                          preexec_fn=_default_ctrl_c) as process:
        try:
            deadline = time.monotonic() + 120
            while not workers_of(process.pid) and process.poll() is None:
                assert time.monotonic() < deadline, "the run never started its workers"
                time.sleep(0.02)
            assert process.poll() is None, process.communicate()
            (os.killpg if whole_group else os.kill)(process.pid, signum)
            _, stderr = process.communicate(timeout=60)
        finally:  # whatever happened, leave no process of the group behind
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    return process, stderr, before


@LINUX
@pytest.mark.parametrize(("signum", "whole_group", "code", "command"), [
    (signal.SIGINT, True, 130, LONG_RUN), (signal.SIGTERM, False, 143, LONG_RUN),
    (signal.SIGINT, True, 130, LONG_STAFF)])
def test_a_signal_mid_run_leaves_the_previous_result_and_says_so(tmp_path, signum,
                                                                 whole_group, code, command):
    process, stderr, before = interrupt_mid_run(tmp_path, signum, whole_group, command)
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == NOTHING_WRITTEN
    assert stderr.count(NOTHING_WRITTEN) == 1
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert snapshot(tmp_path / "out") == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_an_interruption_after_the_save_says_the_results_are_there(tmp_path, capsys):
    @interrupts.guarded
    def command():
        interrupts.record_written(tmp_path / "out")
        raise interrupts.Terminated()

    with pytest.raises(SystemExit) as stopped:
        command()
    assert stopped.value.code == 143
    line = capsys.readouterr().err.strip()
    assert line.startswith("interrupted — the results had been saved in ")
    assert str(tmp_path / "out") in line


def test_sigterm_raises_like_ctrl_c_in_the_main_process():
    previous = signal.getsignal(signal.SIGTERM)
    try:
        interrupts.catch_termination()
        with pytest.raises(KeyboardInterrupt) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
        assert interrupts.exit_code(caught.value) == 143
        assert interrupts.exit_code(KeyboardInterrupt()) == 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_signals_during_the_final_renames_wait_until_they_are_done():
    previous = signal.getsignal(signal.SIGTERM)
    done = []
    try:
        interrupts.catch_termination()
        with pytest.raises(KeyboardInterrupt), interrupts.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            done.append("renamed")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert done == ["renamed"]


@pytest.mark.parametrize("command", [
    ["schema"], ["run", str(MMC), "-n", "2", "--workers", "1", "--set", "clock.horizon=600",
                 "--set", "clock.warmup=60"]])
def test_a_closed_pipe_ends_quietly(tmp_path, command):
    extra = ["--out", str(tmp_path / "out")] if command[0] == "run" else []
    with subprocess.Popen([script(), *command, *extra], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        if command[0] == "run":
            process.stdout.readline()  # as `| head -1`
        process.stdout.close()  # the reader went away
        stderr = process.stderr.read()
        process.wait(timeout=120)
    assert process.returncode in (0, interrupts.BROKEN_PIPE)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert "Error" not in stderr


def test_an_interrupted_simulation_stops_its_workers_at_once():
    def progress(done: int) -> None:
        raise KeyboardInterrupt

    hall = load_scenario(MMC, ["clock.horizon=600", "clock.warmup=60"])
    with pytest.raises(KeyboardInterrupt):
        simulate(hall, replications=40, workers=2, progress=progress)
    assert multiprocessing.active_children() == []
