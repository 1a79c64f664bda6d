"""services.forked: a forked child's result comes back, and any trouble gives None."""

from __future__ import annotations

import os
import threading
import time

import pytest

from adurabi_cli.services.forked import in_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def test_the_childs_result_comes_back_while_the_caller_works():
    rows = [{"n": n, "text": f"baris {n}"} for n in range(50_000)]  # copied by the fork
    with in_child(lambda: [row["n"] * 2 for row in rows[25_000:]]) as theirs:
        mine = [row["n"] * 2 for row in rows[:25_000]]
        rest = theirs()
    assert mine + rest == [n * 2 for n in range(50_000)]


def _fails():
    raise ValueError("in the child")


@pytest.mark.parametrize(
    "work",
    [_fails, lambda: threading.Lock(), lambda: os._exit(0), lambda: os.kill(os.getpid(), 9)],
    ids=["raises", "unpicklable", "leaves-silently", "killed"],
)
def test_a_child_that_gives_no_result_gives_none(work, capfd):
    with in_child(work) as theirs:
        assert theirs() is None
    # The child printed nothing (no traceback) and left no process behind.
    assert capfd.readouterr() == ("", "")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with in_child(lambda: os.getpid()) as theirs:
            assert theirs() is None
    finally:
        stop.set()
        thread.join()


def test_a_caller_that_fails_stops_the_child():
    with pytest.raises(RuntimeError), in_child(lambda: time.sleep(60)):
        raise RuntimeError("the caller's own work failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
