"""Work done by a forked copy of this process while the caller does its own share.

    with in_child(partial(check, second_half)) as theirs:
        mine = check(first_half)
        rest = theirs()  # the child's result, or None: then check(second_half) here

The child starts as an exact copy of the caller (the rows read so far, the reference data
loaded, every cache), runs one function that only computes, sends its result back
pickled through a pipe and leaves with os._exit: it never writes to the database,
the terminal or a file, and runs no exit handler. Any trouble (no fork on this system,
other threads running, the child failing, killed or sending something unreadable) gives
None, and the caller does that share itself: the outcome never depends on the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether in_child can fork here: the system has fork, and no other thread runs (a
    fork copies only the calling thread: a lock another holds, the terminal's or a
    progress bar's, would stay locked in the child for ever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


@contextmanager
def in_child(work: Callable[[], T]) -> Iterator[Callable[[], T | None]]:
    """Run work() in a forked child during the with-block; the function yielded waits for
    its result (None if there is none to have; call it at most once)."""
    if not can_fork():
        yield lambda: None
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _child(work, read_end, write_end)  # never returns
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    done = False

    def result() -> T | None:
        nonlocal done
        data = pipe.read()
        _, status = os.waitpid(pid, 0)
        done = True
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a truncated or damaged message: do the work here
            return None

    try:
        yield result
    finally:
        pipe.close()
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(work: Callable[[], T], read_end: int, write_end: int) -> None:
    status = 1
    try:
        os.close(read_end)
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        # Whatever happened (an error, Ctrl-C), leave here: no traceback, no exit handler,
        # no flushing of output buffers copied from the parent.
        os._exit(status)
