"""Run the pycparser parse in a child process while the parent scans.

pycparser is the largest single cost of a cold run and needs nothing but the
preprocessed text; our scanner needs nothing but the raw files.  On a machine
with two cores they overlap: the parent forks after ``cpp``, the child parses
and sends the plain records (:mod:`.records`) back through a pipe, pickled.

Decisions:

* ``os.fork`` only, and only when this process runs a single thread (forking
  a threaded process can deadlock the child); otherwise, and on platforms
  without ``fork``, the parse runs in-process.  The results are the same
  records either way, so outputs do not depend on which path ran.
* ``VIRT_APIGEN_JOBS=1`` forces the in-process path (for profiling).
* A child that dies without answering (killed, out of memory) is not an
  error of the input: the parent parses in-process instead.
"""

from __future__ import annotations

import os
import pickle
import threading
from dataclasses import dataclass

from .errors import FrontendError
from .records import Declarations

_Payload = tuple[str, object]


@dataclass
class PendingParse:
    """A parse started by :func:`start_parse`; ``result()`` waits for it."""

    text: str
    name: str
    pid: int = 0
    read_fd: int = -1

    def result(self) -> Declarations:
        if self.pid == 0:
            return _parse_here(self.text, self.name)
        chunks = []
        with os.fdopen(self.read_fd, "rb") as stream:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except (EOFError, pickle.UnpicklingError, ValueError):
            return _parse_here(self.text, self.name)
        if kind == "error" and isinstance(value, tuple):
            raise FrontendError(*value)
        if kind == "ok" and isinstance(value, Declarations):
            return value
        return _parse_here(self.text, self.name)


def _parse_here(text: str, name: str) -> Declarations:
    from . import cdecl

    return cdecl.parse(text, name)


def _may_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("VIRT_APIGEN_JOBS") != "1"


def start_parse(text: str, name: str) -> PendingParse:
    if not _may_fork():
        return PendingParse(text, name)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, answer, leave without running the parent's cleanup
        os.close(read_fd)
        payload: _Payload
        try:
            payload = ("ok", _parse_here(text, name))
        except FrontendError as error:
            payload = ("error", (error.message, error.file, error.line, error.col))
        except BaseException as error:  # any failure: the parent parses instead
            payload = ("crash", repr(error))
        try:
            with os.fdopen(write_fd, "wb") as stream:
                stream.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(write_fd)
    return PendingParse(text, name, pid, read_fd)
