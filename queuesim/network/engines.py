"""Where branches are evaluated: local worker processes, or a dask.distributed cluster.

One interface, :meth:`Engine.results`: give it the function and the jobs (one job = one branch,
with all its replications and what-ifs: a batch big enough that sending it costs little beside
computing it), get back ``(job, result or exception)`` as each finishes, in any order. The
numbers never depend on the engine, because a job carries its own seed (see
:mod:`.branches`); only the order of arrival does, and nothing downstream depends on that.

* :class:`LocalEngine` — worker processes on this machine (``workers=1``: in this process). A
  worker that dies (killed, out of memory) breaks the pool: the jobs not yet returned are sent
  again to a fresh pool, at most ``attempts`` times each.
* :class:`DaskEngine` — a dask.distributed cluster: ``"local"`` starts a ``LocalCluster`` on this
  machine, ``"tcp://host:8786"`` connects to a running scheduler (started with ``dask
  scheduler``, its workers with ``dask worker tcp://host:8786``; every worker needs queuesim
  installed). A job whose worker is lost is run again by dask; ``retries`` more times if it
  raised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import ScenarioError
from ..interrupts import worker_pool

Outcome = tuple[object, object]
"""``(job, result)``; the result is an exception when the job failed."""


class Engine:
    """Evaluates jobs somewhere; :meth:`results` yields ``(job, result)`` as they finish."""

    def results(self, function: Callable, jobs: Iterable) -> Iterator[Outcome]:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers and connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalEngine(Engine):
    """Worker processes on this machine; ``workers`` default: one per core."""

    def __init__(self, workers: int | None = None, attempts: int = 3):
        self.workers = workers or os.cpu_count() or 1
        self.attempts = attempts
        self.restarts = 0
        """How many times a broken pool was replaced."""

    def results(self, function: Callable, jobs: Iterable) -> Iterator[Outcome]:
        jobs = list(jobs)
        if self.workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                yield job, _call(function, job)
            return
        tries = dict.fromkeys(range(len(jobs)), 0)
        while tries:
            lost = yield from self._pool_round(function, jobs, tries)
            self.restarts += bool(lost)
            for index in lost:
                tries[index] += 1
                if tries[index] >= self.attempts:
                    del tries[index]
                    yield jobs[index], RuntimeError(
                        f"a worker process died {self.attempts} times running this branch")

    def _pool_round(self, function, jobs, tries) -> Iterator[Outcome]:
        """Run the pending jobs on one pool; return the indexes lost when the pool broke."""
        # worker_pool: workers ignore Ctrl-C, and an interrupted round stops them at once
        with worker_pool(min(self.workers, len(tries))) as pool:
            pending = {pool.submit(function, jobs[index]): index for index in tries}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        return [index, *pending.values()]
                    del tries[index]
                    yield jobs[index], error if error is not None else future.result()
            return []


def _call(function: Callable, job) -> object:
    try:
        return function(job)
    except Exception as error:  # a failed branch is reported, the others go on
        return error


class DaskEngine(Engine):
    """A dask.distributed cluster: ``address`` ``"local"`` (a LocalCluster of ``workers``
    processes, one thread each) or a scheduler address such as ``tcp://host:8786``."""

    def __init__(self, address: str, workers: int | None = None, retries: int = 2):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ScenarioError("--scheduler needs dask.distributed: pip install "
                                "'queuesim-hall[cluster]'") from None
        self.retries = retries
        self.cluster = None
        if address == "local":
            import dask

            # staffing starts a process pool of its own inside a worker: not as a daemon then
            dask.config.set({"distributed.worker.daemon": False})
            # no dashboard; the scheduler's own HTTP endpoints on a free port, not 8787
            # (which another cluster on this machine may hold: dask would warn)
            self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                        silence_logs=40,
                                        threads_per_worker=1, processes=True,
                                        dashboard_address=None,
                                        scheduler_kwargs={"dashboard_address": ":0"})
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="20s")
            except OSError as error:
                raise ScenarioError(f"--scheduler {address}: cannot reach the dask scheduler "
                                    f"({error})") from None

    def results(self, function: Callable, jobs: Iterable) -> Iterator[Outcome]:
        from distributed import as_completed

        jobs = list(jobs)
        futures = {self.client.submit(function, job, key=f"{function.__name__}-{job.key}-{index}",
                                      retries=self.retries, pure=False): job
                   for index, job in enumerate(jobs)}
        try:
            for future in as_completed(futures):
                job = futures[future]
                if future.status == "finished":
                    yield job, future.result()
                else:
                    yield job, future.exception()
        finally:
            self.client.cancel(list(futures))

    def worker_processes(self) -> dict:
        """Process id of every worker, by worker address (for tests that kill one)."""
        return self.client.run(os.getpid)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def engine_for(scheduler: str | None, workers: int | None) -> Engine:
    """The local engine, or dask for ``--scheduler local`` / ``--scheduler tcp://…``."""
    if scheduler is None:
        return LocalEngine(workers)
    if scheduler != "local" and "://" not in scheduler:
        raise ScenarioError(f"--scheduler {scheduler!r}: expected 'local' or a scheduler "
                            "address such as tcp://host:8786")
    return DaskEngine(scheduler, workers)
