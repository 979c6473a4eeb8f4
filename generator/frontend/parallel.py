"""Run ``cpp`` and pycparser in a child process while the parent scans.

pycparser is the largest single cost of a cold run and needs nothing but the
preprocessed text; our scanner needs nothing but the raw files.  On a machine
with two cores they overlap: the parent forks as soon as it knows the tree's
files, the child preprocesses and parses and sends the plain records
(:mod:`.records`) and the ``#line`` path map back (:mod:`generator.background`
has the rules: when it forks, what happens when the child fails).  A
pycparser syntax error becomes a positioned :class:`FrontendError` in the
child, which has the path map, and is raised again in the parent.

Every error names a header position, never our scratch unit (gone by then):
pycparser's own when it gives one, unless a header before that place ended
inside a bracket (the parser read on into the next header, a file the user
may not have named: the bracket is the place); when it gives none, a
bracket a header left open (:func:`unclosed`), else the token the parser stopped at
(:mod:`.fastparse` finds it), else, the input having ended, the headers'
last token; when the parser ran out of recursion, the nesting that
exhausted it (the comment above :func:`_parser_stop` has the limits).
Every column is one of the header's own line, not of cpp's output (which
collapses spaces, drops comments and expands macros): a token a macro
produced is placed at the macro's name where it is used
(:class:`.preprocess.UnitLines`).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator

from .. import clex
from ..background import Background
from .errors import FrontendError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .preprocess import UnitLines
    from .records import Declarations
    from .tree import TreeInputs

Parsed = tuple["Declarations", dict[str, str]]
# The file of the scratch folder naming the running preprocessor's process group (preprocess._run)
GROUP_FILE = "cpp.group"


def parse_tree(tree: TreeInputs, scratch: str | None = None) -> Parsed:
    """Preprocess the tree's headers and parse them: the child's whole job
    (``scratch``: the preprocessor's folder, see :func:`start_parse`)."""
    from .preprocess import preprocess

    # pycparser's import overlaps the wait for cpp (a thread that only imports)
    importer = threading.Thread(target=_import_quietly, args=("generator.frontend.cdecl",), daemon=True)
    importer.start()
    if scratch is not None:
        scratch = _make_scratch(scratch)  # before the try: a folder found not ours is not removed
    try:
        text, path_map, warnings = preprocess(tree, scratch)
    finally:
        if scratch is not None:
            _remove_tree(scratch)  # here, before the parse, as a TemporaryDirectory would: the parent then only looks
    importer.join()
    # a configured copy's lines are read from its .h.in (the copy is gone): columns placed as in any header
    originals = {marker: str(tree.root / header) for marker, header in path_map.items() if header.endswith(".h.in")}
    return _parse(text, path_map, originals)._replace(cpp_warnings=warnings), path_map


def _import_quietly(name: str) -> None:
    """Import ``name`` ahead of its use; a failure (pycparser not installed) is
    left to the import in :func:`_parse`, which the CLI reports as one line:
    raised in this thread, it printed a traceback first.  Any failure, not
    only ImportError: a full suite run under load once saw this thread print
    a traceback, cut short, as a SIGTERM ended the child process mid-import
    (not reproduced in 180 runs); the thread only warms a cache, so it says
    nothing and, a daemon, holds up no exit."""
    with contextlib.suppress(BaseException):
        __import__(name)


def _parse(text: str, path_map: dict[str, str], originals: dict[str, str]) -> Declarations:
    """``cdecl.parse`` of preprocessed ``text``, its errors placed in the headers."""
    import pycparser

    from . import cdecl
    from .preprocess import UnitLines

    cdecl.check_pycparser(pycparser.__version__)  # before the parse: its errors are placed in the headers, this one has no place
    try:
        return cdecl.parse(text, "unit.c", originals)
    except RecursionError as error:
        stop = _parser_stop(error)
        if stop is None:  # cdecl folds operator chains in loops: its recursion is bounded by the parser's
            raise FrontendError("a declaration nested too deep for the C parser (pycparser)") from None
        raise deepest(UnitLines(text, "unit.c", originals), path_map, stop) from None
    except FrontendError as error:
        raise _placed(error, UnitLines(text, "unit.c", originals), path_map) from None


# pycparser's parser spends about 8 Python frames per parenthesis level (3 per
# brace, 2 per prefix operator) and reads flat operator chains ("1+1+...+1")
# and pointer or array declarators in loops; Python's default limit of 1000
# frames therefore stops it past about 120 nested parentheses, well beyond
# the 63 levels C requires compilers to support and anything libvirt writes.
# Raising the limit would move that wall, not remove it (and change a
# process-wide setting), so a RecursionError is reported where the nesting is.
# cdecl's evaluation of an initializer takes fewer frames per level than the
# parser (chains are loops there too), so it never runs out first.

_NESTING_C_REQUIRES = 63  # C17 5.2.4.1: nested parenthesized expressions a compiler must take


def _parser_stop(error: RecursionError) -> tuple[str, int, int] | None:
    """Where pycparser's parser was when ``error`` stopped it (the marker file,
    line and column of the token it was reading); None when it was raised
    outside the parser (the parser had returned)."""
    from pycparser import c_parser

    from .fastparse import next_token

    parser: object = None
    trace = error.__traceback__
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_filename == c_parser.__file__:
            parser = frame.f_locals.get("self", parser)
        trace = trace.tb_next
    if parser is None:
        return None
    tokens = getattr(parser, "_tokens", None)
    token = next_token(tokens) or next_token(tokens, ahead=-1)
    return (str(token.filename), int(token.lineno), int(token.column)) if token is not None else ("", 0, 0)


_POSITION_RE = re.compile(r"(.*?):(\d+):(\d+): (.*)", re.DOTALL)


def _placed(error: FrontendError, unit: UnitLines, path_map: dict[str, str]) -> FrontendError:
    """cdecl's error for a pycparser error (``file:line:col: message``, or
    ``file: message`` with no place) as a :class:`FrontendError` in the header
    at fault.  A place after the end of a header that ended inside a
    bracket is that bracket's (the parser read on into the next header).
    With no place (or one in our unit, which holds only
    ``#include`` lines): a bracket a header left open, the likeliest cause
    when the parser runs into the next header or off the end; else the place
    :mod:`.fastparse` found (the ParseError cdecl turned into ``error`` is
    its context); else, the input having ended, its last token."""
    match = _POSITION_RE.match(error.message)
    if match is None or path_map.get(match.group(1), "").startswith("<"):
        placed = getattr(error.__context__, "placed", None)
        placed_match = _POSITION_RE.match(placed) if isinstance(placed, str) else None
        found = unclosed(unit, path_map)
        if found is not None or placed_match is None:
            return found or _at_end(_unplaced_detail(error.message, path_map), unit, path_map)
        match = placed_match
    elif (left_open := unclosed(unit, path_map, before=(match.group(1), int(match.group(2))))) is not None:
        return left_open  # pycparser read on past the header that left it open
    marker, line = match.group(1), int(match.group(2))
    detail = match.group(4).strip()
    detail = f"syntax error {detail}" if detail.startswith("before") else detail
    col = int(match.group(3))
    if detail == "Illegal character '\\\\'":
        detail, col = _universal_character(unit.line(marker, line) or "", col) or (detail, col)
    return FrontendError(detail, path_map.get(marker, marker), line, _header_column(unit, marker, line, col))


def _header_column(unit: UnitLines, marker: str, line: int, col: int) -> int:
    """Column ``col`` of cpp's output line ``line`` of ``marker`` placed in the
    header's line (:meth:`.UnitLines.source_column`); a column just past a
    token, where no token starts (cdecl's "expected ';' after"), just past
    that token's place in the header and, when it is the last token of cpp's
    line, the words after it there (macros that expanded to nothing:
    ``VIR_DEPRECATED``).  When cpp's line goes on, a word after it may be a
    macro whose expansion is what follows (``int virA VIR_EXPORT_VAR ...``,
    ``extern``): the place is then just past the token (QA)."""
    produced = unit.line(marker, line)
    written = unit.source_line(marker, line)
    if produced is None or written is None:
        return unit.source_column(marker, line, col)
    tokens = [(found.start() + 1, found.group()) for found in _TOKEN_RE.finditer(produced)]
    ending = [index for index, (at, text) in enumerate(tokens) if at + len(text) == col]
    if not ending or any(at == col for at, _ in tokens):
        return unit.source_column(marker, line, col)
    at, text = tokens[ending[0]]
    start = unit.source_column(marker, line, at)
    found = _TOKEN_RE.match(written, start - 1)
    end = start - 1 + len(found.group()) if found else start - 1 + len(text)
    if ending[0] + 1 < len(tokens):
        return end + 1
    words = list(_TOKEN_RE.finditer(written, end))
    at = 0
    while at < len(words) and (words[at].group()[0].isalpha() or words[at].group()[0] == "_"):
        end, at = words[at].end(), at + 1
        if at < len(words) and words[at].group() == "(":  # a function-like macro's arguments: VIR_ATTR(deprecated)
            closed = _closing_parenthesis(words, at)
            if closed is None:
                break
            end, at = words[closed].end(), closed + 1
    return end + 1


def _closing_parenthesis(tokens: list[re.Match[str]], opening: int) -> int | None:
    """The index of the ``)`` closing the ``(`` at ``opening``, None when the line does not close it."""
    depth = 0
    for index in range(opening, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[index].group(), 0)
        if depth == 0:
            return index
    return None


_UCN_RE = re.compile(r"\\(?:U([0-9A-Fa-f]{8})|u([0-9A-Fa-f]{4}))")


def _universal_character(produced: str, col: int) -> tuple[str, int] | None:
    """What pycparser calls an "Illegal character '\\'" when cpp wrote a
    character outside ASCII in an identifier as its universal character name
    (``virDomainCafé`` as ``virDomainCaf\\U000000e9``): the character itself,
    since the source holds no backslash.  gcc accepts such identifiers;
    pycparser does not, and libvirt's API names are ASCII: an error that says so."""
    found = _UCN_RE.search(produced, max(col - 1, 0))  # placed at its identifier, as the source has no UCN to point at
    if found is None:
        return None
    char = chr(int(found.group(1) or found.group(2), 16))
    return f"'{char}' (U+{ord(char):04X}) in an identifier: identifiers outside ASCII are not supported", found.start() + 1


def _unplaced_detail(message: str, path_map: dict[str, str]) -> str:
    """pycparser's ``file: message`` without the file (our scratch unit, by then removed)."""
    for marker in path_map:
        if message.startswith(marker + ": "):
            return message[len(marker) + 2 :]
    return message.split(": ", 1)[-1]


_TOKEN_RE = re.compile(f"{clex.STRING}|{clex.CHAR}|\\w+|\\S")  # over one line: a literal left open is its quote


def _at_end(detail: str, unit: UnitLines, path_map: dict[str, str]) -> FrontendError:
    """An error pycparser gave no place for, with nothing left open: at the
    last token of the headers when the input ended early (a ``;`` missing at
    the end of the last header), else unplaced (never our scratch unit)."""
    last: tuple[str, str, int, int, str] | None = None
    if detail == "At end of input":
        for marker, file, line, raw in _source_lines(unit.text, path_map):
            tokens = _TOKEN_RE.findall(raw) if not file.startswith("<") else []
            if tokens:
                last = (marker, file, line, raw.rindex(tokens[-1]) + 1, tokens[-1])
    if last is None:
        return FrontendError(f"C syntax error: {detail}")
    marker, file, line, col, token = last
    message = f"syntax error at end of input: the declaration ending with '{token}' is not finished"
    return FrontendError(message, file, line, unit.source_column(marker, line, col))


def _source_lines(text: str, path_map: dict[str, str]) -> Iterator[tuple[str, str, int, str]]:
    """Each line of preprocessed ``text`` that is source, as (marker file,
    header, line number, text): the ``#line`` markers say where each run of
    lines comes from."""
    from .preprocess import MARKER_RE

    marker_file, file, line = "", "", 0
    for raw in text.split("\n"):
        marker = MARKER_RE.match(raw)
        if marker:
            marker_file, line = marker.group(2), int(marker.group(1))
            file = path_map.get(marker_file, marker_file)
            continue
        yield marker_file, file, line, raw
        line += 1


_BRACKET_RE = re.compile(f"{clex.STRING}|{clex.CHAR}|[(){{}}\\[\\];]")
_CLOSERS = {")": "(", "}": "{", "]": "["}
_Bracket = tuple[str, str, str, int, int]  # the bracket, marker file, header, line, column


def unclosed(unit: UnitLines, path_map: dict[str, str], before: tuple[str, int] | None = None) -> FrontendError | None:
    """The first bracket problem of the preprocessed unit, in the header that
    holds it: a ``{``, ``(`` or ``[`` a header ends inside (C lets another
    file close it; libvirt's headers never do, and pycparser, reading on,
    placed its error in the next header, a file the user may never have
    named); an opener a closer of another kind meets first (``(1 << }``:
    the ``(``, never closed, not the ``}``, which closes the ``{`` below
    it); a closer with nothing of its kind open.  ``before`` (a marker file
    and line pycparser placed its error at): only a problem before that line
    counts, the parser having read its text without stopping."""
    open_marks: list[_Bracket] = []
    for marker, file, line, raw, ended in _bracket_lines(unit.text, path_map):
        left = [opened for opened in open_marks if opened[1] in ended]
        if left:
            return _never_closed(left[0], unit)
        if before is not None and marker == before[0] and line >= before[1]:
            return None
        for found in _BRACKET_RE.finditer(raw):
            mark, col = found.group(0), found.start() + 1
            if mark in "({[":
                open_marks.append((mark, marker, file, line, col))
            elif mark in _CLOSERS and open_marks and open_marks[-1][0] == _CLOSERS[mark]:
                open_marks.pop()
            elif mark in _CLOSERS:
                return _wrong_closer(mark, (mark, marker, file, line, col), open_marks, unit)
    return _never_closed(open_marks[0], unit) if open_marks and before is None else None


def _wrong_closer(mark: str, at: _Bracket, open_marks: list[_Bracket], unit: UnitLines) -> FrontendError:
    """The error of closer ``mark`` (at ``at``) that does not close the
    last bracket open: the outermost opener it skips over to reach one of
    its kind, never closed; else the closer itself, closing nothing."""
    kinds = [opened[0] for opened in open_marks]
    if _CLOSERS[mark] in kinds:
        return _never_closed(open_marks[len(kinds) - kinds[::-1].index(_CLOSERS[mark])], unit)
    _, marker, file, line, col = at
    return FrontendError(f"'{mark}' closes nothing that is open", file, line, unit.source_column(marker, line, col))


def _never_closed(opened: _Bracket, unit: UnitLines) -> FrontendError:
    mark, marker, file, line, col = opened
    return FrontendError(f"'{mark}' is never closed", file, line, unit.source_column(marker, line, col))


def _bracket_lines(text: str, path_map: dict[str, str]) -> Iterator[tuple[str, str, int, str, set[str]]]:
    """:func:`_source_lines`, each with the marker files that ended just
    before it (the files a ``#line`` marker with flag 2 returned from: cpp
    writes one after every ``#include``, the last header's included, as the
    text's last line but an empty one)."""
    from .preprocess import MARKER_RE

    marker_file, file, line = "", "", 0
    included: list[str] = []  # the files entered (flag 1) and not yet returned from
    ended: set[str] = set()
    for raw in text.split("\n"):
        marker = MARKER_RE.match(raw)
        if marker is None:
            yield marker_file, file, line, raw, ended
            ended, line = set(), line + 1
            continue
        marker_file, line = marker.group(2), int(marker.group(1))
        file = path_map.get(marker_file, marker_file)
        flags = raw[marker.end() :].split()
        if "1" in flags:
            included.append(marker_file)
        elif "2" in flags:
            while included and included[-1] != marker_file:
                ended.add(included.pop())


def deepest(unit: UnitLines, path_map: dict[str, str], stop: tuple[str, int, int]) -> FrontendError:
    """Why pycparser's parser ran out of recursion at ``stop`` (marker file,
    line, column): the deepest bracket nesting of the declaration holding it,
    when that is deeper than C requires compilers to take; else ``stop``
    itself, the operators it was reading being nested too deep (prefix
    operators, casts: each one is a level for the parser).  With ``stop``
    not known (its marker ``""``: pycparser's own lexer was reading, as for a
    unit holding a character constant, which :mod:`.fastparse` leaves to it),
    the deepest nesting of the whole unit (QA, session 26: the error had no
    place then)."""
    best = (0, "", 0, 0)  # depth, marker file, line, column
    depth, reached, per_declaration = 0, False, bool(stop[0])
    for marker, _, line, raw in _source_lines(unit.text, path_map):
        for found in _BRACKET_RE.finditer(raw):
            mark, col = found.group(0), found.start() + 1
            at_or_after = reached or (marker == stop[0] and (line, col) >= stop[1:])
            if mark in "([{":
                depth += 1
                if depth > best[0]:
                    best = (depth, marker, line, col)
            elif mark in ")]}" and depth > 0:
                depth -= 1
            if depth == 0 and mark in ";}":  # the end of a top-level declaration
                if at_or_after:
                    return _too_deep(best, unit, path_map, stop)
                if per_declaration:
                    best = (0, "", 0, 0)
            reached = at_or_after
    return _too_deep(best, unit, path_map, stop)


def _too_deep(best: tuple[int, str, int, int], unit: UnitLines, path_map: dict[str, str], stop: tuple[str, int, int]) -> FrontendError:
    level, marker, line, col = best
    if level > _NESTING_C_REQUIRES:
        message = f"nested {level} levels deep here: too deep for the C parser (pycparser)"
        return FrontendError(message, path_map.get(marker, marker), line, unit.source_column(marker, line, col))
    marker, line, col = stop
    if not marker:
        return FrontendError("nested too deep for the C parser (pycparser)")
    message = "operators nested too deep for the C parser (pycparser), which gave up here"
    return FrontendError(message, path_map.get(marker, marker), line, unit.source_column(marker, line, col))


def start_parse(tree: TreeInputs) -> Background[Parsed]:
    """``parse_tree(tree)``, in a child process when it can (see :mod:`generator.background`).

    The preprocessor's scratch folder is named here, in the parent, and made
    by the work itself (:func:`_make_scratch`), so that the parent can remove
    it once the child is done, whatever ended it: a child cancelled at the
    wrong moment (a SIGTERM inside its ``TemporaryDirectory``'s set-up, SIGKILL
    after the grace period) left ``virt-apigen-*`` folders in ``$TMPDIR``.
    Named, not made, before the fork: a SIGKILL between the folder made and
    the fork left it behind, empty, with no process to remove it (QA, 2 of
    100 random kills); a child killed before its ``mkdir`` leaves nothing."""
    scratch = _scratch_name()
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
            _clean_scratch(self.scratch)

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            _clean_scratch(self.scratch)


def _clean_scratch(scratch: str) -> None:
    """The preprocessor's processes a killed child left running stopped, then the folder removed;
    only when it is ours (:func:`_private_folder`): a folder the child refused is left alone."""
    import os

    if os.path.lexists(scratch) and _private_folder(scratch):
        _stop_left_group(scratch)
        _remove_tree(scratch)


def _stop_left_group(scratch: str) -> None:
    """The preprocessor's processes a killed child left running (see preprocess._run): stopped once the child is
    gone.  A child that ended as it should removed the file naming them: only then is preprocess imported here."""
    import os

    if os.path.exists(os.path.join(scratch, GROUP_FILE)):
        from .preprocess import stop_left_group

        stop_left_group(scratch)


def _scratch_name() -> str:
    """A new folder's path in ``$TMPDIR`` (else /tmp), not made yet (see :func:`start_parse`); os
    calls only: this runs before the fork, where importing :mod:`tempfile` would cost ~4 ms.  The
    name is random (``os.urandom``), so no other user can make it first between naming and
    :func:`_make_scratch`.  A ``$TMPDIR`` we cannot write to: :mod:`tempfile`'s own search of
    the usual places, which makes the folder now."""
    import os

    # absolute: cpp runs with the headers' paths under it from another folder (a relative TMPDIR named nothing there)
    base = os.path.abspath(os.environ.get("TMPDIR") or "/tmp")
    if os.path.isdir(base) and os.access(base, os.W_OK | os.X_OK):
        return os.path.join(base, f"virt-apigen-{os.getpid()}-{os.urandom(6).hex()}")
    import tempfile

    return tempfile.mkdtemp(prefix="virt-apigen-")


def _make_scratch(path: str) -> str:
    """Make the scratch folder :func:`_scratch_name` named, private (0700), and return it.  One
    already there is taken only when it is ours and private (:func:`_private_folder`): the folder of
    a child that died, met again by the parent doing the work itself, or tempfile's.  A folder that
    cannot be made there (the disk full, ``$TMPDIR`` gone meanwhile): :mod:`tempfile`'s own search of
    the usual places, as before the fork; that folder is this process's to remove (the parent knows
    only the name it gave)."""
    import os

    try:
        os.mkdir(path, 0o700)
        return path
    except FileExistsError:
        if _private_folder(path):
            return path
        raise FrontendError(f"cannot make the preprocessor's scratch folder {path} (in $TMPDIR): something else is there") from None
    except OSError as error:
        import tempfile

        try:
            return tempfile.mkdtemp(prefix="virt-apigen-")
        except OSError:
            raise FrontendError(f"cannot make the preprocessor's scratch folder {path} (in $TMPDIR): {error.strerror}") from None


def _private_folder(path: str) -> bool:
    """Whether ``path`` is a folder (not a link to one) of this user's that no one else may enter."""
    import os
    import stat

    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077


def _remove_tree(path: str) -> None:
    """Remove ``path`` and what it holds; quietly, it is ours and nothing depends on it."""
    import os

    if not os.path.lexists(path):
        return  # the usual case in the parent: the child removed it once cpp was done
    import shutil  # the child has it already (preprocess); the parent only after a killed child

    shutil.rmtree(path, ignore_errors=True)
    if os.path.lexists(path):  # rmtree holds a descriptor per level: out of them (ulimit -n), it removed nothing
        _remove_one_at_a_time(path)


def _remove_one_at_a_time(path: str) -> None:
    """Remove ``path`` with one descriptor open at a time (each ``listdir``), quietly."""
    import os

    if os.path.isdir(path) and not os.path.islink(path):
        with contextlib.suppress(OSError):
            for name in os.listdir(path):
                _remove_one_at_a_time(os.path.join(path, name))  # one entry failing does not stop the rest
        with contextlib.suppress(OSError):
            os.rmdir(path)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)
