"""Helper processes for the tests of work shared with one: one that really dies, one that
is dead before any task is offered, and a pool that has queued every task but started none."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future

from regiobeeld.store.data import helper_pool

#: The exit status of a helper that dies (any status but 0 would do).
DIED = 70


def dies_in_a_helper(function):
    """``function``, except in a process forked after this call (the helper): there it dies
    on the spot, as a killed or crashed process would. Called here, it first waits until the
    helper has died, so the helper has surely started a task by then."""
    parent, died = os.getpid(), multiprocessing.get_context("fork").Event()

    def dying(*args, **kwargs):
        if os.getpid() != parent:
            died.set()
            os._exit(DIED)
        assert died.wait(timeout=600), "the helper never started a task"
        return function(*args, **kwargs)

    return dying


def dead_pool():
    """A :func:`~regiobeeld.store.data.helper_pool` whose process has died: every submit
    raises BrokenProcessPool."""
    pool = helper_pool()
    pool.submit(os._exit, DIED).exception()
    return pool


class Queued(Executor):
    """A pool that has sent every task on to its process, which has started none of them
    (yet): none can be cancelled any more. Counts how often the caller waited for one."""

    def __init__(self):
        self.calls: list[tuple] = []
        self.waited = 0

    def submit(self, fn, /, *args, **kwargs):
        self.calls.append((fn, args))
        future = _Waited(self)
        future.set_running_or_notify_cancel()
        return future

    def run_late(self) -> list:
        """Run every task now, in this process, as a helper that comes to them late would."""
        return [fn(*args) for fn, args in self.calls]


class _Waited(Future):
    """A future that counts the calls of :meth:`result` on ``pool`` instead of blocking."""

    def __init__(self, pool: Queued):
        super().__init__()
        self._pool = pool

    def result(self, timeout=None):
        self._pool.waited += 1
        raise TimeoutError("the caller waited for a task the helper never started")
