"""Run ``cpp`` and pycparser in a child process while the parent scans.

pycparser is the largest single cost of a cold run and needs nothing but the
preprocessed text; our scanner needs nothing but the raw files.  On a machine
with two cores they overlap: the parent forks as soon as it knows the tree's
files, the child preprocesses and parses and sends the plain records
(:mod:`.records`) and the ``#line`` path map back (:mod:`generator.background`
has the rules: when it forks, what happens when the child fails).  A
pycparser syntax error becomes a positioned :class:`FrontendError` in the
child, which has the path map, and is raised again in the parent.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator

from ..background import Background
from .errors import FrontendError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .records import Declarations
    from .tree import TreeInputs

Parsed = tuple["Declarations", dict[str, str]]


def parse_tree(tree: TreeInputs, scratch: str | None = None) -> Parsed:
    """Preprocess the tree's headers and parse them: the child's whole job
    (``scratch``: the preprocessor's folder, see :func:`start_parse`)."""
    from .preprocess import preprocess

    # pycparser's import overlaps the wait for cpp (a thread that only imports)
    importer = threading.Thread(target=__import__, args=("generator.frontend.cdecl",))
    importer.start()
    try:
        text, path_map = preprocess(tree, scratch)
    finally:
        if scratch is not None:
            _remove_tree(scratch)  # here, before the parse, as a TemporaryDirectory would: the parent then only looks
    importer.join()
    from . import cdecl

    try:
        return cdecl.parse(text, "unit.c"), path_map
    except RecursionError:
        # pycparser descends once per nesting level; far past anything libvirt writes
        raise deepest(text, path_map) from None
    except FrontendError as error:
        match = re.match(r"(.*?):(\d+):(\d+): (.*)", error.message, re.DOTALL)
        if match is None or path_map.get(match.group(1), "").startswith("<"):
            # the parser ran off the end of our own unit: a header left something open
            raise unclosed(text, path_map) or FrontendError(f"C syntax error: {error.message}") from None
        file = path_map.get(match.group(1), match.group(1))
        detail = match.group(4).strip()
        detail = f"syntax error {detail}" if detail.startswith("before") else detail
        raise FrontendError(detail, file, int(match.group(2)), int(match.group(3))) from None


_MARKER_RE = re.compile(r'# (\d+) "([^"]*)"')


def _source_lines(text: str, path_map: dict[str, str]) -> Iterator[tuple[str, int, str]]:
    """Each line of preprocessed ``text`` that is source, as (header, line number, text):
    the ``#line`` markers say where each run of lines comes from."""
    file, line = "", 0
    for raw in text.split("\n"):
        marker = _MARKER_RE.match(raw)
        if marker:
            file, line = path_map.get(marker.group(2), marker.group(2)), int(marker.group(1))
            continue
        yield file, line, raw
        line += 1


def unclosed(text: str, path_map: dict[str, str]) -> FrontendError | None:
    """The first ``{``, ``(`` or ``[`` of preprocessed ``text`` that is never
    closed (or a closer with no opener), in the header that holds it."""
    closers = {")": "(", "}": "{", "]": "["}
    open_marks: list[tuple[str, str, int, int]] = []
    for file, line, raw in _source_lines(text, path_map):
        for found in re.finditer(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[(){}\[\]]', raw):
            mark = found.group(0)
            if mark in "({[":
                open_marks.append((mark, file, line, found.start() + 1))
            elif mark in closers:
                if not open_marks or open_marks[-1][0] != closers[mark]:
                    return FrontendError(f"'{mark}' closes nothing that is open", file, line, found.start() + 1)
                open_marks.pop()
    if not open_marks:
        return None
    mark, file, line, col = open_marks[0]
    return FrontendError(f"'{mark}' is never closed", file, line, col)


def deepest(text: str, path_map: dict[str, str]) -> FrontendError:
    """Where preprocessed ``text`` nests deepest (brackets, or a run of ``*``):
    the place to blame when the parser ran out of recursion."""
    best = (0, "", 0, 0)
    depth = 0
    for file, line, raw in _source_lines(text, path_map):
        for found in re.finditer(r"[(\[{]|[)\]}]|\*+", raw):
            mark = found.group(0)
            if mark in "([{":
                depth += 1
            elif mark in ")]}":
                depth -= 1
            level = depth + (len(mark) if mark[0] == "*" else 0)
            if level > best[0]:
                best = (level, file, line, found.start() + 1)
    level, file, line, col = best
    return FrontendError(f"nested {level} levels deep here: too deep for the C parser (pycparser)", file, line, col)


def start_parse(tree: TreeInputs) -> Background[Parsed]:
    """``parse_tree(tree)``, in a child process when it can (see :mod:`generator.background`).

    The preprocessor's scratch folder is made and removed here, in the parent,
    not by the child: a child cancelled at the wrong moment (a SIGTERM inside
    its ``TemporaryDirectory``'s set-up, SIGKILL after the grace period) left
    ``virt-apigen-*`` folders in ``$TMPDIR``; the parent removes the folder once
    the child is done, whatever ended it."""
    scratch = _scratch_folder()
    return _Parse(lambda: parse_tree(tree, scratch), scratch)


class _Parse(Background[Parsed]):
    """The parse, and its scratch folder removed once the child has answered or been cancelled."""

    def __init__(self, work: Callable[[], Parsed], scratch: str) -> None:
        self.scratch = scratch  # before the fork: the child's work uses it
        super().__init__(work)

    def result(self) -> Parsed:
        try:
            return super().result()
        finally:
            _remove_tree(self.scratch)

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            _remove_tree(self.scratch)


def _scratch_folder() -> str:
    """A new private folder in ``$TMPDIR`` (else /tmp); os calls only: this runs
    before the fork, where importing :mod:`tempfile` would cost ~4 ms."""
    import os
    import time

    base = os.environ.get("TMPDIR") or "/tmp"
    for attempt in range(100):
        path = os.path.join(base, f"virt-apigen-{os.getpid()}-{time.monotonic_ns() % 1_000_000_007 + attempt}")
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue
        except OSError:
            break  # $TMPDIR unusable: tempfile's own search of the usual places
    import tempfile

    return tempfile.mkdtemp(prefix="virt-apigen-")


def _remove_tree(path: str) -> None:
    """Remove ``path`` and what it holds; quietly, it is ours and nothing depends on it."""
    import os

    if not os.path.lexists(path):
        return  # the usual case in the parent: the child removed it once cpp was done
    import shutil  # the child has it already (preprocess); the parent only after a killed child

    shutil.rmtree(path, ignore_errors=True)
