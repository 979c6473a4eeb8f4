"""Run ``cpp`` and pycparser in a child process while the parent scans.

pycparser is the largest single cost of a cold run and needs nothing but the
preprocessed text; our scanner needs nothing but the raw files.  On a machine
with two cores they overlap: the parent forks as soon as it knows the tree's
files, the child preprocesses and parses and sends the plain records
(:mod:`.records`) and the ``#line`` path map back through a pipe, pickled.

Decisions:

* ``os.fork`` only, and only when this process runs a single thread (forking
  a threaded process can deadlock the child); otherwise, and on platforms
  without ``fork``, the work runs in-process when the result is asked for.
  Both paths run the same function, so outputs cannot depend on which ran.
* ``VIRT_APIGEN_JOBS=1`` forces the in-process path (profiling, debugging).
* A child that dies without answering (killed, out of memory) is not an
  error of the input: the parent does the work itself instead.
* A pycparser syntax error is turned into a positioned :class:`FrontendError`
  in the child (it has the path map) and raised again in the parent.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading

from .errors import FrontendError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .records import Declarations
    from .tree import TreeInputs

Parsed = tuple["Declarations", dict[str, str]]


def parse_tree(tree: TreeInputs) -> Parsed:
    """Preprocess the tree's headers and parse them: the child's whole job."""
    import re

    from .preprocess import preprocess

    # pycparser's import overlaps the wait for cpp (a thread that only imports)
    importer = threading.Thread(target=__import__, args=("generator.frontend.cdecl",))
    importer.start()
    text, path_map = preprocess(tree)
    importer.join()
    from . import cdecl

    try:
        return cdecl.parse(text, "unit.c"), path_map
    except FrontendError as error:
        match = re.match(r"(.*?):(\d+):(\d+): (.*)", error.message, re.DOTALL)
        if match is None:
            raise FrontendError(f"C syntax error: {error.message}") from None
        file = path_map.get(match.group(1), match.group(1))
        detail = match.group(4).strip()
        detail = f"syntax error {detail}" if detail.startswith("before") else detail
        raise FrontendError(detail, file, int(match.group(2)), int(match.group(3))) from None


class PendingParse:
    """Work started by :func:`start_parse`; ``result()`` waits for it."""

    def __init__(self, tree: TreeInputs, pid: int = 0, read_fd: int = -1) -> None:
        self.tree = tree
        self.pid = pid
        self.read_fd = read_fd

    def result(self) -> Parsed:
        if self.pid == 0:
            return parse_tree(self.tree)
        chunks = []
        with os.fdopen(self.read_fd, "rb") as stream:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
            kind, value = "crash", None
        if kind == "error":
            raise FrontendError(*value)
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        return parse_tree(self.tree)


def _may_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("VIRT_APIGEN_JOBS") != "1"


def start_parse(tree: TreeInputs) -> PendingParse:
    if not _may_fork():
        return PendingParse(tree)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, answer, leave without running the parent's cleanup
        os.close(read_fd)
        gc.disable()  # a short-lived process building an acyclic result: collections only cost time
        payload: tuple[str, object]
        try:
            payload = ("ok", parse_tree(tree))
        except FrontendError as error:
            payload = ("error", (error.message, error.file, error.line, error.col))
        except BaseException as error:  # any other failure: the parent does the work itself
            payload = ("crash", repr(error))
        try:
            with os.fdopen(write_fd, "wb") as stream:
                stream.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(write_fd)
    return PendingParse(tree, pid, read_fd)
