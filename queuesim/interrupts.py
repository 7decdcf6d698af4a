"""Stopping cleanly: Ctrl-C and SIGTERM end a command with one line and leave results intact.

A user who presses Ctrl-C (SIGINT) or whose job is stopped by a scheduler (SIGTERM) should get
their prompt back quickly, with one line saying what happened, and find their earlier results as
they were. These pieces make that so:

- :func:`guarded` wraps every command: an interruption prints one line saying whether a
  result had been saved (:func:`record_written` is told by the store) and exits; a closed pipe
  (``queuesim … | head``) exits quietly;

- :func:`catch_termination` turns SIGTERM into :class:`Terminated` (a ``KeyboardInterrupt``), so
  the same ``finally`` blocks that undo a half-written save on Ctrl-C also run on SIGTERM;
- :func:`worker_pool` starts worker processes that ignore SIGINT (Ctrl-C reaches every process
  of the terminal's group; the workers leave stopping to the main process instead of each
  printing a traceback) and, when the main process is interrupted, drops the queued work and
  stops the workers at once rather than waiting for every replication to finish;
- :func:`deferred` holds both signals back while a few renames put a result in place, so a
  save is either complete or not begun;
- :func:`leave_now` ends the script without waiting for stopped pools to wind down.

Exit codes follow the shell's convention: 128 + the signal number (130 for SIGINT, 143 for
SIGTERM).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SIGNALS = (signal.SIGINT, signal.SIGTERM)
INTERRUPTED = (128 + signal.SIGINT, 128 + signal.SIGTERM)
BROKEN_PIPE = 128 + 13
"""Exit code when the reader of the output went away (``queuesim … | head``): 128 + SIGPIPE."""

_written: list[Path] = []


class Terminated(KeyboardInterrupt):
    """SIGTERM received: handled like Ctrl-C, with exit code 143."""

    exit_code = 128 + signal.SIGTERM


def exit_code(interruption: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM."""
    return getattr(interruption, "exit_code", 128 + signal.SIGINT)


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


def catch_termination() -> None:
    """Raise :class:`Terminated` in the main thread when SIGTERM arrives."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def ignore_interrupts() -> None:
    """Worker-process initializer: leave Ctrl-C to the main process, die quietly on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _nothing() -> None:
    """A task that starts the workers."""


@contextlib.contextmanager
def worker_pool(max_workers: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers ignore Ctrl-C and which, if the block is interrupted (or
    fails), cancels the queued work and stops its workers instead of finishing it.

    The workers are started at once with SIGINT and SIGTERM held back (forked workers inherit
    that), so that a Ctrl-C in the moment a worker starts cannot interrupt it before it ignores
    Ctrl-C."""
    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=ignore_interrupts)
    try:
        with deferred():
            pool.submit(_nothing)
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=2)
            if process.is_alive():  # not stopped by SIGTERM: make sure it does not linger
                process.kill()
                process.join(timeout=2)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the duration of the block: they are noted, and raised
    again with the handlers from before right after it. Only in the main thread (where Python
    runs signal handlers); elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    owner = os.getpid()

    def note(number: int, frame) -> None:
        if os.getpid() != owner:  # a worker forked in the block: the signal is for it
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        caught.append(number)

    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    for signum in SIGNALS:
        signal.signal(signum, note)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    for signum in dict.fromkeys(caught):
        signal.raise_signal(signum)


def record_written(folder: Path) -> None:
    """Note that a result folder is complete (said if the command is interrupted later)."""
    _written.append(folder)


def guarded(command: Callable) -> Callable:
    """Wrap a command: Ctrl-C or SIGTERM prints one line saying whether anything was written
    and exits 130 or 143; a closed pipe on stdout exits quietly with 141."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        _written.clear()
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt as interruption:
            print(interrupted_line(), file=sys.stderr, flush=True)
            raise SystemExit(exit_code(interruption)) from None
        except BrokenPipeError:
            _silence_stdout()
            raise SystemExit(BROKEN_PIPE) from None
        except SystemExit as stop:  # rich's console exits with 1 on a broken pipe
            if isinstance(stop.__context__, BrokenPipeError):
                _silence_stdout()
                raise SystemExit(BROKEN_PIPE) from None
            raise

    return run


def interrupted_line() -> str:
    """What an interruption left behind, in one line."""
    from . import i18n

    if not _written:
        return i18n.say("msg.interrupted_nothing")
    folders = ", ".join(f"{folder}/" for folder in _written)
    return i18n.say("msg.interrupted_saved", folders=folders)


def leave_now(code: int) -> None:
    """End the process at once after an interruption: flush what was printed, then skip the
    exit handlers, which would wait for stopped worker pools to wind down (they can hang when
    a worker was stopped in the middle of receiving its work)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit raises nothing."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
