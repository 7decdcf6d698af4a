"""The same network on every engine and worker count gives byte-identical league tables, and an
interrupted or crashed run resumes to the same tables with no half-written branch folder."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from network_helpers import hall, league_bytes, write_network
from queuesim.cli import app
from queuesim.network.engines import DaskEngine, LocalEngine
from queuesim.network.execute import execute, prepare


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    return write_network(tmp_path_factory.mktemp("network"))


@pytest.fixture(scope="module")
def reference(network, tmp_path_factory) -> dict[str, bytes]:
    """The league of one worker in this process."""
    out = tmp_path_factory.mktemp("one-worker")
    execute(prepare(network, "compare", out), LocalEngine(1))
    return league_bytes(out)


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of 2 worker processes for the module (it takes seconds to start)."""
    engine = DaskEngine("local", workers=2)
    yield engine
    engine.close()


def _complete(out: Path) -> None:
    """Every branch folder holds its whole result and no temporary folder is left."""
    for folder in (out / "branches").iterdir():
        assert not folder.name.startswith("."), f"left over: {folder}"
        assert {"branch.json", "replications.parquet"} <= {p.name for p in folder.iterdir()}


def test_two_local_processes_give_the_one_worker_league(network, reference, tmp_path):
    execute(prepare(network, "compare", tmp_path), LocalEngine(2))
    assert league_bytes(tmp_path) == reference


def test_a_local_dask_cluster_gives_the_one_worker_league(network, reference, cluster, tmp_path):
    execute(prepare(network, "compare", tmp_path), cluster)
    assert league_bytes(tmp_path) == reference


def test_a_killed_local_worker_is_replaced_and_its_branch_redone(network, reference, tmp_path):
    others = {child.pid for child in multiprocessing.active_children()}  # e.g. the cluster's

    def kill_a_worker(done: int, total: int) -> None:
        if done == 1:
            pool = [c.pid for c in multiprocessing.active_children() if c.pid not in others]
            os.kill(pool[0], signal.SIGKILL)

    engine = LocalEngine(2)
    execute(prepare(network, "compare", tmp_path), engine, progress=kill_a_worker)
    assert engine.restarts == 1
    assert league_bytes(tmp_path) == reference
    _complete(tmp_path)


def test_a_killed_dask_worker_loses_no_branch(network, reference, cluster, tmp_path):
    pids = list(cluster.worker_processes().values())

    def kill_a_worker(done: int, total: int) -> None:
        if done == 1:
            os.kill(pids[0], signal.SIGKILL)

    execute(prepare(network, "compare", tmp_path), cluster, progress=kill_a_worker)
    assert league_bytes(tmp_path) == reference
    _complete(tmp_path)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interruption_keeps_finished_branches_and_the_rerun_completes(tmp_path, signum, code):
    """Six branches of eight whole working days each: after the first is stored, the others
    take seconds, so Ctrl-C (or a job scheduler's SIGTERM) comes while the run goes on even on
    a busy machine; the exit code is the shell's 128 + the signal."""
    halls = {name: hall(name, 60, 3, close="17:00") for name in "abcdef"}
    network = write_network(tmp_path / "network", halls, replications=8)
    execute(prepare(network, "compare", tmp_path / "reference"), LocalEngine(1))
    out = tmp_path / "out"
    # The command as installed, with Python's Ctrl-C handler set even when this test runs
    # where SIGINT is ignored (pytest-xdist workers): children inherit an ignored signal.
    start = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
             "from queuesim.cli import main; sys.argv[0] = 'queuesim'; main()")
    command = [sys.executable, "-c", start, "network", "compare", str(network), "--out",
               str(out), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300  # the first branch may take long on a busy machine
    while time.monotonic() < deadline and not _finished_branches(out):
        time.sleep(0.02)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == code, stderr.decode()
    assert 1 <= len(_finished_branches(out)) < 6
    _complete(out)
    rerun = subprocess.run(command, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert league_bytes(out) == league_bytes(tmp_path / "reference")


def test_an_existing_cluster_by_address_gives_the_same_league(network, reference, cluster,
                                                              tmp_path):
    address = cluster.client.scheduler.address
    result = CliRunner().invoke(app, ["network", "compare", str(network), "--scheduler",
                                      address, "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert league_bytes(tmp_path) == reference


def test_a_scheduler_that_is_no_address_exits_2(network, tmp_path):
    result = CliRunner().invoke(app, ["network", "run", str(network), "--scheduler",
                                      "host:8786", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "expected 'local' or a scheduler address such as tcp://host:8786" in result.stderr


def _finished_branches(out: Path) -> list[str]:
    folder = out / "branches"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if (
        folder.is_dir()) else []
