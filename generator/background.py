"""Work in a forked child process while this one does something else.

Used where a run has two independent halves and the machine has a second
core: the C parse beside the raw-file scan (:mod:`generator.frontend.parallel`),
half of ``check``'s rules beside the other half.

Decisions:

* ``os.fork`` only, and only when this process runs a single thread (forking
  a threaded process can deadlock the child); otherwise, and on platforms
  without ``fork``, the work runs in-process when the result is asked for.
  Both paths run the same function, so results cannot depend on which ran.
* ``VIRT_APIGEN_JOBS=1`` forces the in-process path (profiling, debugging).
* The child pickles its result (or the exception it raised) into a pipe and
  leaves with ``os._exit``, running none of the parent's cleanup.  An
  exception comes back as itself and is raised by ``result()``.
* A child that dies without answering (killed, out of memory, an
  unpicklable result) is not an error of the input: the parent does the work
  itself instead.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType

T = TypeVar("T")


def may_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("VIRT_APIGEN_JOBS") != "1"


class Background(Generic[T]):
    """``work()`` started now in a child process when that is safe; ``result()`` waits for it.

    As a context manager it cancels the work when the block raises: a failing
    caller leaves no child behind.
    """

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.pid = 0
        self.read_fd = -1
        if may_fork():
            self._fork()

    def _fork(self) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, answer, leave without running the parent's cleanup
            os.close(read_fd)
            gc.disable()  # a short-lived process: collections only cost time
            _ignore_interrupts()
            _answer(write_fd, self.work)
        os.close(write_fd)
        self.pid, self.read_fd = pid, read_fd

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        if kind is not None:
            self.cancel()

    def cancel(self) -> None:
        """Drop work whose result is no longer wanted: stop the child and reap it
        (a child left with an unread answer would wait on its pipe until we exit)."""
        if self.pid == 0:
            return
        import signal

        os.kill(self.pid, signal.SIGKILL)
        os.close(self.read_fd)
        os.waitpid(self.pid, 0)
        self.pid, self.read_fd = 0, -1

    def ready(self) -> bool:
        """True when :meth:`result` would not wait for a child: it has answered
        (or died), or there is none (in-process work offers no idle time)."""
        if self.pid == 0:
            return True
        import select

        readable, _, _ = select.select([self.read_fd], [], [], 0)
        return bool(readable)

    def result(self) -> T:
        if self.pid == 0:
            return self.work()
        chunks = []
        with os.fdopen(self.read_fd, "rb") as stream:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:  # no answer, or one we cannot read: do the work here
            return self.work()
        if kind == "error" and isinstance(value, BaseException):
            raise value
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        return self.work()


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group: the parent turns it into exit code
    130 and kills the child on its way out (``cancel``).  A child interrupted
    itself could stop inside an import its other thread holds and never answer."""
    import _signal  # type: ignore[import-not-found]  # the C module, no stubs: ``signal`` would build its enums (~0.4 ms) in the child

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)


def _answer(write_fd: int, work: Callable[[], object]) -> None:
    try:
        payload: bytes
        try:
            payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # the parent raises it (or redoes the work if it cannot travel)
            try:
                payload = pickle.dumps(("error", error), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                payload = b""
        with os.fdopen(write_fd, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)
