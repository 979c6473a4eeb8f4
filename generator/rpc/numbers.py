"""The procedure numbers of a given ``remote_protocol.x`` (``generate --remote-protocol``).

That file is what is deployed, so its numbers are the ones that must never
change or be reused.  Unlike :mod:`.xfile` (a lenient structural reader for
tests), this reader is strict about the one thing it needs: an
``enum remote_procedure { NAME = NUMBER, ... };`` it can read completely.
Everything it cannot trust is an error diagnostic at the place in the file
(not UTF-8, no such enum, an entry that is not ``NAME = NUMBER``, a number
or name used twice), because numbering new procedures against a table read
in part could hand out a number the deployed protocol already uses.  The
rest of the file (structs, typedefs, ``%`` lines) is not looked at, but for
a comment the file ends inside after the enum: rpcgen refuses that file, so
it cannot be the deployed protocol (an error at the comment).

A file that cannot be read at all (missing, a folder, no permission) is one
error about the whole file (``FILE:1:1:``), as the CLI reports a missing
header, not an exception: :meth:`ProtocolFile.read` keeps the reason and
:func:`read_procedures` turns it into that diagnostic.

Numbers are bounded by :data:`PROCEDURE_MAX` (65535), not only by the XDR
enum's 2^31-1: the server dispatch table (``remoteProcs[]``, as libvirt's
``gendispatch.pl`` writes it and libvirtd indexes it) has one slot per number
from 0 to the highest, so a number far past any real one (libvirt 9.0.0 ends
at 443) would make a table of millions of slots, and ``generate`` would run
out of memory writing it.  65535 leaves a fork room for its own range far
above upstream's while the table stays a few MB of C at worst.  A number
above it is an error at its place, before anything is built.

The enum is read as rpcgen reads it, in ASCII: blanks are ASCII blanks, a
name is ``[A-Za-z_][A-Za-z0-9_]*``, a number is ASCII digits (decimal, ``0x``
hex, octal); any other character (a non-breaking space, Arabic-Indic digits,
which ``int()`` would take) is an error, as rpcgen stops with "illegal
character".  The body ends with ``};``: a ``,`` before the ``}`` or a ``}``
without its ``;`` is an error too (rpcgen: "expected 'identifier'",
"expected ';'").  A token quoted in a message is shortened past 40
characters and its control or invisible characters are escaped (``\\x00``),
so one diagnostic is one readable line.  An ``enum remote_procedure``
inside a ``/* */`` comment, a ``%`` line or a ``"`` string is not an opening:
comments are scanned from the start of the file as C scans them (``/*/``
opens a comment, it does not close one), ``%`` lines and strings skipped
(:func:`generator.xlex.unclosed_comment`: the rules of both
readers of a protocol file).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Location
from ..positions import place_of_byte
from ..xlex import hidden, unclosed_comment

ANONYMOUS = "<remote-protocol>"  # the file name of protocol text given without one
RULE = "rpc-protocol"
ENUM = "remote_procedure"
INT_MAX = 2**31 - 1  # an XDR enum is a signed 32-bit int
PROCEDURE_MAX = 65535  # the highest number the dense dispatch table is written for (module docstring)
_SIGNIFICANT_MAX = 11  # digits: more in any base (8, 10, 16) is above INT_MAX, checked before int() (its 4300-digit limit)


@dataclass(frozen=True, slots=True)
class ProtocolFile:
    """The bytes of a protocol file and the path its diagnostics name."""

    path: str
    data: bytes | str
    problem: str = ""  # why the file could not be read ("" when it was): a whole-file error

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> ProtocolFile:
        """Read ``path`` as bytes (decoding is :func:`read_procedures`' job, so bad
        bytes become a diagnostic).  A relative path is made absolute because the
        CLI prefixes relative locations with the source tree.  Never raises: a file
        that cannot be read keeps the reason in ``problem``, worded as the
        frontend words a missing header."""
        where = os.path.abspath(path)
        if os.path.isdir(path):
            return cls(where, b"", "a folder, not a file")
        try:
            return cls(where, Path(path).read_bytes())
        except FileNotFoundError:
            return cls(where, b"", "no such file")
        except OSError as error:
            return cls(where, b"", f"cannot read: {error.strerror or error}")


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # REMOTE_PROC_CONNECT_OPEN
    number: int
    location: Location  # of the name


@dataclass(frozen=True, slots=True)
class ProcedureTable:
    path: str
    entries: tuple[Entry, ...]  # in file order, without the duplicates reported in diagnostics
    diagnostics: tuple[Diagnostic, ...]

    def numbers(self) -> dict[str, int]:
        return {e.name: e.number for e in self.entries}

    def by_number(self) -> dict[int, Entry]:
        return {e.number: e for e in self.entries}

    def by_name(self) -> dict[str, Entry]:
        return {e.name: e for e in self.entries}

    def highest(self) -> int:
        return max((e.number for e in self.entries), default=0)


class _Unreadable(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


# comments between the name and the '{' are no code (rpcgen reads tokens); no leading \b: it costs re its
# literal scan (2.5 ms vs 0.1 ms); _is_opening checks it
_OPENING = re.compile(r"enum\s+(\w+)(?:\s|/\*(?:[^*]|\*(?!/))*\*/)*\{", re.ASCII)
# blanks are eaten in front of each token, so the loop sees only comments and tokens
_BODY_TOKEN = re.compile(r"\s*(/\*.*?\*/|^%[^\n]*|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|.)", re.S | re.M | re.ASCII)
_NAME = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_HEX, _OCTAL, _DECIMAL = re.compile(r"0[xX][0-9a-fA-F]+"), re.compile(r"0[0-7]*"), re.compile(r"[1-9][0-9]*")


def read_procedures(source: ProtocolFile | bytes | str, enum: str = ENUM) -> ProcedureTable:
    """The ``enum remote_procedure`` entries of ``source`` and what is wrong with it; never raises."""
    given = source if isinstance(source, ProtocolFile) else ProtocolFile(ANONYMOUS, source)
    if given.problem:
        # no rule: the file was never read, as a missing header (README: input that stops the run before any rule applies)
        return ProcedureTable(given.path, (), (Diagnostic(Location(given.path, 0, 0), "error", given.problem),))
    data = given.data
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            where = Location(given.path, *place_of_byte(error.object, error.start))  # in characters, as every column of the model
            message = f"not a remote_protocol.x: byte 0x{error.object[error.start]:02x} is not UTF-8"
            return ProcedureTable(given.path, (), (Diagnostic(where, "error", message, RULE),))
    lines = _Lines(data)
    try:
        entries, problems = _table(data, enum, given.path, lines)
    except _Unreadable as error:
        return ProcedureTable(given.path, (), (Diagnostic(lines.location(given.path, error.offset), "error", error.message, RULE),))
    return ProcedureTable(given.path, entries, problems)


class _Lines:
    """Offset → line and column, with the line starts found once (the real file has 443 entries)."""

    def __init__(self, data: bytes | str) -> None:
        ends = re.finditer(b"\n", data) if isinstance(data, bytes) else re.finditer("\n", data)
        self.starts = [0] + [m.end() for m in ends]

    def location(self, path: str, offset: int) -> Location:
        line = bisect.bisect_right(self.starts, offset)
        return Location(path, line, offset - self.starts[line - 1] + 1)


def _table(text: str, enum: str, path: str, lines: _Lines) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    if not text.strip():
        raise _Unreadable(0, f"not a remote_protocol.x: the file is empty (expected 'enum {enum} {{ ... }};')")
    openings = [m for m in _OPENING.finditer(text) if m.group(1) == enum and _is_opening(text, m.start())]
    if not openings:
        raise _Unreadable(0, f"not a remote_protocol.x: no 'enum {enum} {{ ... }};' found")
    if len(openings) > 1:
        raise _Unreadable(openings[1].start(), f"a second 'enum {enum}': the procedure numbers must be defined once")
    raw, end = _entries(text, openings[0].end(), enum, openings[0].start())
    if not raw:
        raise _Unreadable(openings[0].start(), f"'enum {enum}' has no procedures")
    # rpcgen refuses a file that ends inside a comment, so the deployed protocol cannot be one
    unclosed = unclosed_comment(text, end)
    if unclosed is not None:
        raise _Unreadable(unclosed, "a comment that is never closed: the file ends inside it")
    return _checked(raw, path, lines)


def _is_opening(text: str, offset: int) -> bool:
    """A keyword of its own (not the end of a longer word), outside a ``/* */`` comment, a ``%`` line and a string."""
    word_before = offset > 0 and (text[offset - 1].isalnum() or text[offset - 1] == "_")
    return not word_before and not hidden(text, offset)


def _body_tokens(text: str, start: int, enum: str, enum_at: int) -> tuple[list[tuple[str, int]], int, int]:
    """The tokens of the enum body (comments and blanks dropped), the offset of its closing '}',
    which must be followed by ';' as rpcgen requires, and the offset just past that ';'."""
    tokens: list[tuple[str, int]] = []
    matches = _BODY_TOKEN.finditer(text, start)
    for match in matches:
        token, at = match.group(1), match.start(1)
        if token == "}":
            return tokens, at, _semicolon_after(matches, at)
        if token.startswith("/*") or token.startswith("%") or _blank(token):  # blanks come as a token only at the end of the file
            continue
        if token == "/" and text.startswith("/*", at):
            raise _Unreadable(at, "a comment that is never closed")
        tokens.append((token, at))
    raise _Unreadable(enum_at, f"'enum {enum}' is never closed with '}};'")


def _semicolon_after(matches: Iterator[re.Match[str]], brace_at: int) -> int:
    """The offset just past the ';' that follows the enum's '}' (comments and blanks between are fine)."""
    for match in matches:
        token, at = match.group(1), match.start(1)
        if token.startswith("/*") or token.startswith("%") or _blank(token):
            continue
        if token == ";":
            return at + 1
        raise _Unreadable(at, f"expected ';' after the '}}' of the procedure enum, found '{shown(token)}'")
    raise _Unreadable(brace_at, "expected ';' after the '}' of the procedure enum, found the end of the file")


def _blank(token: str) -> bool:
    """An ASCII blank (a non-breaking space is an illegal character to rpcgen, not a blank)."""
    return token in " \t\n\r\f\v"


def _entries(text: str, start: int, enum: str, enum_at: int) -> tuple[list[tuple[str, int, int]], int]:
    """(name, number, offset of the name) for ``NAME = NUMBER`` separated by commas, no comma after the last,
    and the offset just past the enum's ``};``."""
    tokens, brace_at, end = _body_tokens(text, start, enum, enum_at)
    tokens.append(("}", brace_at))  # the end: a name expected here is the trailing comma rpcgen refuses
    found: list[tuple[str, int, int]] = []
    position = 0
    while True:
        name, at = tokens[position]
        if name == "}" and not found:
            return found, end  # an empty body: the caller says so
        equals = tokens[position + 1] if position + 1 < len(tokens) else ("}", brace_at)
        value = tokens[position + 2] if position + 2 < len(tokens) else ("}", brace_at)
        if not _NAME.fullmatch(name):
            raise _Unreadable(at, f"expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '{shown(name)}'")
        if equals[0] != "=":
            raise _Unreadable(equals[1], f"expected '=' after {shown(name)}, found '{shown(equals[0])}'")
        found.append((name, _number(value[0], value[1]), at))
        position += 3
        separator, separator_at = tokens[position] if position < len(tokens) else ("}", brace_at)
        if separator == "}":
            return found, end
        if separator != ",":
            raise _Unreadable(separator_at, f"expected ',' or '}}' after {shown(name)}, found '{shown(separator)}'")
        position += 1


def _number(token: str, at: int) -> int:
    """A decimal, hex or octal constant (RFC 4506 §6.2), as rpcgen reads it, at most :data:`PROCEDURE_MAX`."""
    if _HEX.fullmatch(token):
        digits, base = token[2:], 16
    elif _OCTAL.fullmatch(token):
        digits, base = token, 8
    elif _DECIMAL.fullmatch(token):
        digits, base = token, 10
    else:
        raise _Unreadable(at, f"a procedure number must be an integer constant, found '{shown(token)}'")
    digits = digits.lstrip("0") or "0"
    if len(digits) > _SIGNIFICANT_MAX or int(digits, base) > INT_MAX:
        raise _Unreadable(at, f"procedure number {shown(token)} does not fit in an XDR enum (at most {INT_MAX})")
    value = int(digits, base)
    if value > PROCEDURE_MAX:
        raise _Unreadable(
            at,
            f"procedure number {shown(token)} is above {PROCEDURE_MAX}: the server dispatch table has a slot for every number "
            "up to the highest, so this generator numbers procedures up to that bound only (virt-apigen's docs/rpc.md)",
        )
    return value


def shown(token: str) -> str:
    """A token fit for a one-line message: past 40 characters it is cut and its length said (a
    5000-digit number, a 100,000-character word), and a control or invisible character (NUL,
    DEL, a non-breaking space) is escaped as Python would write it, never printed raw."""
    if len(token) > 40:
        return f"{_escaped(token[:20])}... ({len(token)} characters)"
    return _escaped(token)


def _escaped(text: str) -> str:
    """Printable ASCII as it is; anything else (the file is ASCII to rpcgen) as ``\\x00``, ``\\u0661``."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if c.isascii() and c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _checked(raw: list[tuple[str, int, int]], path: str, lines: _Lines) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """Entries with the first of each name and number; every later repeat is an error there."""
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    names: dict[str, Entry] = {}
    numbers: dict[int, Entry] = {}
    for name, number, at in raw:
        where = lines.location(path, at)
        first = names.get(name) or numbers.get(number)
        if first is not None:
            if first.name == name:
                message = f"{shown(name)} is defined again (line {first.location.line}): a procedure must be defined once"
            else:
                message = (
                    f"{shown(name)} = {number} reuses the number of {shown(first.name)} (line {first.location.line}): "
                    "a procedure number must belong to one procedure"
                )
            problems.append(Diagnostic(where, "error", message, RULE))
            continue
        entry = Entry(name, number, where)
        names[name] = numbers[number] = entry
        entries.append(entry)
    return tuple(entries), tuple(problems)
