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
* Ctrl-C is the parent's to handle (the child ignores SIGINT, see
  :func:`_child_signals`); SIGTERM raises
  :class:`~generator.fastpath.Terminated` in the child as in the parent, so
  its ``with`` blocks clean up (the preprocessor's scratch folder in
  ``$TMPDIR``) before it leaves.  :meth:`Background.cancel` therefore asks
  with SIGTERM and waits; SIGKILL, which leaves that folder behind, only for
  a child still there after :data:`CANCEL_GRACE` seconds.
* A child's pid is forgotten (``self.pid = 0``) *before* it is reaped, never
  after: a SIGTERM landing between the reaping ``waitpid`` and the
  assignment would otherwise make the caller's ``cancel()`` signal a reaped
  pid ("No such process", exit 1 instead of 143), or another process that
  got the pid since.  A wait broken off by a signal reaps the child (which
  has closed its pipe: it is ending) before the signal's exception goes on.
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
CANCEL_GRACE = 2.0  # seconds a cancelled child has to clean up before SIGKILL


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
        import _signal  # type: ignore[import-not-found]  # the C module (see _child_signals)

        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        # SIGTERM is held across the fork: in the child, Python's own after-fork
        # hooks run first, and a Terminated raised inside them is printed as an
        # ignored exception, traceback and all.  Held, it arrives once the
        # child's handlers are in place (and at once in the parent).
        held = _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGTERM})
        try:
            pid = os.fork()
        except BaseException:
            _signal.pthread_sigmask(_signal.SIG_SETMASK, held)
            raise
        if pid == 0:  # the child: work, answer, leave without running the parent's cleanup
            status = 1
            try:  # whatever happens (a signal before the handlers are set), never return into the parent's code
                os.close(read_fd)
                gc.disable()  # a short-lived process: collections only cost time
                _child_signals(parent)
                _signal.pthread_sigmask(_signal.SIG_SETMASK, held)
                status = _answer(write_fd, self.work)
            finally:
                os._exit(status)
        _signal.pthread_sigmask(_signal.SIG_SETMASK, held)
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

        pid, read_fd = self.pid, self.read_fd
        self.pid, self.read_fd = 0, -1  # a second cancel() (a signal landing in this one) finds nothing to do
        if read_fd >= 0:
            os.close(read_fd)  # an answer being written fails at once (EPIPE)
        try:  # the child is ours and unreaped (see result()); these errors are a guard, never reported
            os.kill(pid, signal.SIGTERM)  # it cleans up and leaves (see the module docstring)
            if not _reaped(pid, CANCEL_GRACE):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

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
        read_fd, self.read_fd = self.read_fd, -1  # the stream below closes it, even if interrupted
        with os.fdopen(read_fd, "rb") as stream:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        pid, self.pid = self.pid, 0  # before the wait: once reaped, the pid may name another process
        try:
            os.waitpid(pid, 0)
        except BaseException:  # a signal during the wait: the child closed its pipe and is ending; reap it
            _reap(pid)
            raise
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:  # no answer, or one we cannot read: do the work here
            return self.work()
        if kind == "error" and isinstance(value, BaseException):
            raise value
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        return self.work()


def _reaped(pid: int, grace: float) -> bool:
    """Wait up to ``grace`` seconds for child ``pid`` to end; True once reaped."""
    import time

    deadline = time.monotonic() + grace
    pause = 0.0005
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return True


def _reap(pid: int) -> None:
    import contextlib  # only on the way out of an interrupted wait

    with contextlib.suppress(ChildProcessError):  # reaped already: the interrupted wait had done it
        os.waitpid(pid, 0)


def _child_signals(parent: int) -> None:
    """Ctrl-C reaches the whole process group: the parent turns it into exit code
    130 and cancels the child on its way out (``cancel``).  A child interrupted
    itself could stop inside an import its other thread holds and never answer.
    SIGTERM, which ``cancel`` sends (and a cancelled build sends the whole
    group), unwinds the child's work so that it cleans up, then ends it.

    A parent killed outright (SIGKILL, the OOM killer) cancels nothing: once a
    second the child asks whether ``parent`` is still its parent, and if not
    unwinds as on SIGTERM, instead of parsing on for nobody (minutes, on a
    pathological header).  SIGALRM from an interval timer: timers are not
    inherited across fork, so cpp, which the child starts, never sees it."""
    import _signal  # the C module, no stubs: ``signal`` would build its enums (~0.4 ms) in the child

    from .fastpath import Terminated, stop_on_sigterm

    def orphaned(_signum: int, _frame: object) -> None:
        if os.getppid() != parent:
            raise Terminated

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    stop_on_sigterm()
    _signal.signal(_signal.SIGALRM, orphaned)
    _signal.setitimer(_signal.ITIMER_REAL, 1.0, 1.0)


def _answer(write_fd: int, work: Callable[[], object]) -> int:
    """Send ``work()``'s result (or its exception) to the parent; the exit status."""
    from .fastpath import Terminated

    payload: bytes
    try:
        try:
            payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # the parent raises it (or redoes the work if it cannot travel)
            try:
                payload = pickle.dumps(("error", error), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                payload = b""
        with os.fdopen(write_fd, "wb") as stream:
            stream.write(payload)
    except Terminated as stop:  # cancelled: the work's with-blocks have cleaned up on the way here
        return stop.status
    return 0
