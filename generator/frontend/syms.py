"""Reader for GNU version scripts (``libvirt_public.syms`` and friends).

A block ``PREFIX_X.Y.Z { global: sym; ... } PREFIX_previous;`` exports its
symbols at version X.Y.Z.  Problems (a block that does not chain to the one
before it, versions out of order, a symbol listed twice, a line we cannot
read) are returned as diagnostics, never raised: a broken ``.syms`` file still
yields every version it does state.

Decisions:

* Statements are read as ld reads them, wherever the lines break: several
  on one line (``virA; virB;``), a whole block on one line, a ``{`` or a
  ``;`` on a line of its own.  A line holding anything else is one
  ``syms-syntax`` error quoting the whole line; the statements before it on
  that line still count.

* Comments are GNU ld's: ``#`` to the end of the line (what libvirt writes)
  and C's ``/* ... */``, also across lines.  The file is ld's input, and ld
  accepts both in a version script; libvirt's ``apibuild.py`` reads it line
  by line and stops at a ``/*`` line, so a tree that uses them links but
  fails libvirt's own docs build, which tells its maintainers.  We read what
  the linker reads: which version exports a symbol does not depend on it.
  A ``/*`` inside a ``#`` comment opens nothing (ld's ``#`` comment eats it);
  a ``/*`` never closed is an error at the ``/*``.
* A UTF-8 byte order mark at the very start of the file is not part of the
  text (gcc skips one at the start of a source file too), and columns on
  line 1 count from after it.  Any other character that prints as nothing
  is shown escaped (``\\u200b``) in an "unexpected line" message, never as
  an invisible difference.
* A module's ``.syms`` file exports its own headers' symbols: one that only
  another module's header declares (``virSecretRef`` added to
  ``libvirt_admin_public.syms``) is ``syms-undeclared`` at the symbol, as
  one no header declares (:func:`generator.diagnostics.foreign_exports`, for a whole tree, where
  every module's headers are read).  The other module's library does not
  export it, so the symbol this one exports has no declaration its users
  see.  (libvirt-qemu.h includes libvirt.h: its module's declarations are
  still only those written in libvirt-qemu.h.)
* A block's names are exports until a ``local:``; from there (until a
  ``global:``) they are local, as ld reads them: not exported, so a header
  function listed only there is ``syms-missing``.  ld's grammar has no
  ``global:`` after a ``local:`` in one block: such a ``global:`` is a
  ``syms-syntax`` error, and the names after it are exports again.  A name
  local in one block and exported in another is ``syms-duplicate`` (ld
  refuses it: "duplicate expression"); in one block the export wins, as in
  ld.  ``local: *;`` (how a script hides what it does not list, as libvirt's
  private and NSS scripts end) is read and exports nothing.
* A file's blocks carry one prefix, its first block's (``LIBVIRT_QEMU_`` in
  ``libvirt_qemu.syms``).  A block named with another (``LIBVIRT_9.0.0`` in
  the qemu file) is ``syms-chain`` at its name, and a close must name the
  block before it in full: ``} LIBVIRT_8.2.0;`` after ``LIBVIRT_QEMU_8.2.0``
  names a version this script does not define, which ld refuses ("unable to
  find version dependency"), so it is ``syms-chain`` though the numbers agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Location
from ..versions import version_key


@dataclass(frozen=True, slots=True)
class SymsBlock:
    """A version block: ``previous`` is the version its close names, ``name`` and
    ``previous_name`` the whole tags (``LIBVIRT_QEMU_0.9.4``), ``symbols`` its exports."""

    version: str
    previous: str | None
    symbols: tuple[str, ...]
    location: Location
    name: str = ""
    previous_name: str | None = None


@dataclass(frozen=True, slots=True)
class SymsFile:
    path: str
    prefix: str
    blocks: tuple[SymsBlock, ...]
    versions: dict[str, str]
    locations: dict[str, Location]


def read_syms(path: str, text: str) -> tuple[SymsFile, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    blocks: list[SymsBlock] = []
    versions: dict[str, str] = {}
    locations: dict[str, Location] = {}
    local_names: dict[str, str] = {}  # a name listed under 'local:' -> its block's version
    prefix = ""
    current: str | None = None
    current_name = ""
    current_location = Location(path, 0, 0)
    current_symbols: list[str] = []
    scope = "global"  # ld's scope at a block's start
    text = text.removeprefix("\ufeff")
    if "/*" in text:  # rare: libvirt writes only '#' comments
        text = _blank_c_comments(path, text, diagnostics)
    text = _HASH_COMMENT_RE.sub(lambda found: " " * len(found.group()), text)  # columns stay
    pos, line, line_start = 0, 1, 0
    while pos < len(text):
        found = _TOKEN_RE.match(text, pos)
        if found is None:
            pos = _unexpected(path, text, pos, line, line_start, diagnostics)
            continue
        where = Location(path, line, pos - line_start + 1)
        if found.group("open") is not None:
            if current is not None:
                diagnostics.append(Diagnostic(where, "error", f"version block {current} is not closed", "syms-syntax"))
                # still a block (its close, never read, is not judged): the next one names it as its predecessor
                blocks.append(SymsBlock(current, None, tuple(current_symbols), current_location, current_name))
            current, current_name, current_location, current_symbols = found.group("version"), found.group("tag"), where, []
            scope = "global"
            prefix = prefix or found.group("prefix")
            _check_name(current_name, prefix, found.group("prefix"), where, diagnostics)
        elif found.group("close") is not None and current is not None:
            previous = found.group("previous")
            previous_version = previous.rsplit("_", 1)[1] if previous else None
            blocks.append(SymsBlock(current, previous_version, tuple(current_symbols), current_location, current_name, previous))
            _check_chain(blocks, where, diagnostics)
            current = None
        elif found.group("scope") is not None and current is not None:
            if found.group("scope") == "global" and scope == "local":
                message = f"'global:' after 'local:' in version block {current} (ld reads no 'global:' there)"
                diagnostics.append(Diagnostic(where, "error", message, "syms-syntax"))
            scope = found.group("scope")
        elif found.group("symbol") is not None and current is not None and scope == "local":
            _read_local(found.group("symbol"), current, versions, local_names, where, diagnostics)
        elif found.group("symbol") is not None and current is not None:
            symbol = found.group("symbol")
            if symbol in versions:
                diagnostics.append(Diagnostic(where, "warning", f"'{symbol}' is already exported in version {versions[symbol]}", "syms-duplicate"))
            else:
                if local_names.get(symbol, current) != current:  # in its own block, the export wins (as in ld)
                    message = f"'{symbol}' is local in version {local_names[symbol]} and exported in {current}"
                    diagnostics.append(Diagnostic(where, "warning", message, "syms-duplicate"))
                versions[symbol] = current
                locations[symbol] = where
            current_symbols.append(symbol)
        elif found.group("close") is not None or found.group("symbol") is not None:  # outside any block
            pos = _unexpected(path, text, pos, line, line_start, diagnostics)
            continue
        breaks = text.count("\n", pos, found.end())
        if breaks:
            line += breaks
            line_start = text.rfind("\n", pos, found.end()) + 1
        pos = found.end()
    if current is not None:
        diagnostics.append(Diagnostic(current_location, "error", f"version block {current} is not closed", "syms-syntax"))
    return SymsFile(path, prefix, tuple(blocks), versions, locations), diagnostics


def _unexpected(path: str, text: str, pos: int, line: int, line_start: int, diagnostics: list[Diagnostic]) -> int:
    """Say that the line at ``pos`` holds what ld does not read; where the next line starts (or the end)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    shown = text[line_start:end]
    where = Location(path, line, len(shown) - len(shown.lstrip()) + 1)
    diagnostics.append(Diagnostic(where, "error", f"unexpected line in version script: '{_visible(shown.strip())}'", "syms-syntax"))
    return end


# What ld reads in a version script, one statement at a time, wherever the line
# breaks fall: "virA; virB;" on one line, a one-line block, a "{" on its own
# line (libvirt writes one statement per line; ld reads all of these alike).
_TOKEN_RE = re.compile(
    r"(?P<open>(?P<tag>(?P<prefix>[A-Z][A-Z0-9_]*?)_(?P<version>\d+(?:\.\d+)+))\s*\{)"
    r"|(?P<close>\}\s*(?P<previous>[A-Z][A-Z0-9_]*?_\d+(?:\.\d+)+)?\s*;)"
    r"|(?P<scope>global|local)\s*:"
    r"|\*\s*;"
    r"|(?P<symbol>\w+)\s*;"
    r"|\s+"
)
_HASH_COMMENT_RE = re.compile(r"#[^\n]*")


def _read_local(symbol: str, version: str, versions: dict[str, str], local_names: dict[str, str], where: Location, diagnostics: list[Diagnostic]) -> None:
    """A name under ``local:``: not an export; one another block exports is a duplicate ld refuses."""
    if versions.get(symbol, version) != version:
        message = f"'{symbol}' is exported in version {versions[symbol]} and local in {version}"
        diagnostics.append(Diagnostic(where, "warning", message, "syms-duplicate"))
    local_names.setdefault(symbol, version)


def _check_name(name: str, prefix: str, block_prefix: str, where: Location, diagnostics: list[Diagnostic]) -> None:
    """A block named with another prefix than the file's (its first block's) belongs to another module's script."""
    if block_prefix != prefix:
        wanted = f"{prefix}_{name.removeprefix(block_prefix + '_')}"
        message = f"version block {name} should be named {wanted}, with the prefix of this file's first block"
        diagnostics.append(Diagnostic(where, "warning", message, "syms-chain"))


def _check_chain(blocks: list[SymsBlock], where: Location, diagnostics: list[Diagnostic]) -> None:
    block = blocks[-1]
    before = blocks[-2] if len(blocks) > 1 else None
    expected = before.version if before else None
    # the whole tag: '} LIBVIRT_8.2.0;' after LIBVIRT_QEMU_8.2.0 names a version ld does not find
    if block.previous_name != (before.name if before else None):
        wanted = f"'}} {before.name};'" if before else "'};'"
        diagnostics.append(Diagnostic(where, "warning", f"version block {block.version} should close with {wanted}", "syms-chain"))
    if expected is not None and version_key(block.version) <= version_key(expected):
        diagnostics.append(Diagnostic(block.location, "warning", f"version block {block.version} comes after {expected}", "syms-order"))


_COMMENT_RE = re.compile(r"#[^\n]*|/\*.*?(?:\*/|\Z)", re.DOTALL)


def _blank_c_comments(path: str, text: str, diagnostics: list[Diagnostic]) -> str:
    """``text`` with each ``/* ... */`` comment turned into spaces (its line
    breaks kept, so every line and column stays where it was); ``#`` comments
    are left to the line reader, whose ``/*`` opens nothing."""

    def blank(found: re.Match[str]) -> str:
        comment = found.group(0)
        if comment.startswith("#"):
            return comment
        if not comment.endswith("*/") or len(comment) < 4:
            line = text.count("\n", 0, found.start()) + 1
            col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            diagnostics.append(Diagnostic(Location(path, line, col), "error", "a '/*' comment that is never closed", "syms-syntax"))
        return re.sub(r"[^\n]", " ", comment)

    return _COMMENT_RE.sub(blank, text)


def _visible(line: str) -> str:
    """``line`` with the characters that print as nothing (a byte order mark,
    a zero-width space, a control character) escaped, so a message quoting it
    shows why it differs from what it looks like."""
    if line.isprintable():
        return line
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in line)
