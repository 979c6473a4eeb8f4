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
  function listed only there is ``syms-missing``.  ld's grammar (binutils
  ldgram.y, ``vers_tag``) reads a block's body as names alone, ``global:``
  names, ``local:`` names, or ``global:`` names then ``local:`` names: each
  keyword at most once, in that order, with a name after it.  Any other form
  (a second ``global:`` or ``local:``, a ``global:`` after a ``local:``,
  names before a ``global:`` or before a ``local:`` with no ``global:``, a
  keyword with no names) is a ``syms-syntax`` error at the keyword that
  breaks it, as ld refuses the whole script; reading goes on as the words
  say (the names after a late ``global:`` are exports again).  A name
  local in one block and exported in another is ``syms-duplicate`` (ld
  refuses it: "duplicate expression"); in one block the export wins, as in
  ld.  ``local: *;`` (how a script hides what it does not list, as libvirt's
  private and NSS scripts end) is read and exports nothing.
* Globs (``vir*Error;``, ``virFoo?;``, ``[ab]x;``, ``global: *;``) are read
  as ld reads them, in any scope.  ld gives a name listed exactly (in any
  block, ``local:`` too) precedence over a glob, and exports through an
  exported glob every *defined* symbol it matches (of several exported globs
  the last block's wins, which ld's manual leaves unspecified).  We have no
  object file; the right stand-in would be the module's header-declared
  functions that no block names exactly, but this reader sees only the
  script, and the builder asks it for each function's version by exact
  name.  Decided: an exported glob is kept in :attr:`SymsBlock.globs` and
  is an ``input`` warning at the glob saying its functions get no version
  here; it exports nothing, so a header function only a glob covers is
  ``syms-missing`` (the warning says why), and every exact name keeps its
  block's version, as in ld.  A glob under ``local:`` hides what no block
  exports, which changes nothing we model: read silently.
* A close may name several versions the block inherits from
  (``} LIBVIRT_0.0.3 LIBVIRT_0.0.4;``, ld's ``verdep`` list), all kept in
  :attr:`SymsBlock.depends`.  The chain is judged on the block before it
  when the list names it (else on the first name); any other name that no
  block before it defines is ``syms-chain``, since ld refuses it ("unable to
  find version dependency").
* A file's blocks carry one prefix, its first block's (``LIBVIRT_QEMU_`` in
  ``libvirt_qemu.syms``).  A block named with another (``LIBVIRT_9.0.0`` in
  the qemu file) is ``syms-chain`` at its name, and a close must name the
  block before it in full: ``} LIBVIRT_8.2.0;`` after ``LIBVIRT_QEMU_8.2.0``
  names a version this script does not define, which ld refuses ("unable to
  find version dependency"), so it is ``syms-chain`` though the numbers agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..model import Location
from ..versions import version_key


@dataclass(frozen=True, slots=True)
class SymsBlock:
    """A version block: ``previous`` is the version its close names (of several,
    the block before it when listed), ``name`` and ``previous_name`` the whole
    tags (``LIBVIRT_QEMU_0.9.4``), ``depends`` every tag its close names,
    ``symbols`` its exports by name, ``globs`` its exported patterns."""

    version: str
    previous: str | None
    symbols: tuple[str, ...]
    location: Location
    name: str = ""
    previous_name: str | None = None
    depends: tuple[str, ...] = ()
    globs: tuple[str, ...] = ()


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
    block: _OpenBlock | None = None
    text = _without_comments(path, text, diagnostics)
    pos, line, line_start = 0, 1, 0
    while pos < len(text):
        found = _TOKEN_RE.match(text, pos)
        if found is None:
            pos = _unexpected(path, text, pos, line, line_start, diagnostics)
            continue
        where = Location(path, line, pos - line_start + 1)
        if found.group("open") is not None:
            if block is not None:
                diagnostics.append(block.not_closed(where))
                # still a block (its close, never read, is not judged): the next one names it as its predecessor
                blocks.append(SymsBlock(block.version, None, tuple(block.symbols), block.location, block.name, globs=tuple(block.globs)))
            block = _OpenBlock(found.group("version"), found.group("tag"), where)
            prefix = prefix or found.group("prefix")
            _check_name(block.name, prefix, found.group("prefix"), where, diagnostics)
        elif found.group("close") is not None and block is not None:
            blocks.append(_closed_block(block, found.group("previous"), blocks, diagnostics))
            _check_chain(blocks, where, diagnostics)
            block = None
        elif found.group("scope") is not None and block is not None:
            block.body.keyword(found.group("scope"), where, block.version, diagnostics)
        elif found.group("glob") is not None and block is not None:
            block.body.names += 1
            if not block.body.local:  # a local glob hides what no block exports: nothing we model
                block.globs.append(found.group("glob"))
                diagnostics.append(_glob_warning(found.group("glob"), block.version, where))
        elif found.group("symbol") is not None and block is not None and block.body.local:
            block.body.names += 1
            _read_local(found.group("symbol"), block.version, versions, local_names, where, diagnostics)
        elif found.group("symbol") is not None and block is not None:
            block.body.names += 1
            _read_export(found.group("symbol"), block, versions, locations, local_names, where, diagnostics)
        elif found.group("close") is not None or found.group("symbol") is not None or found.group("glob") is not None:  # outside any block
            pos = _unexpected(path, text, pos, line, line_start, diagnostics)
            continue
        breaks = text.count("\n", pos, found.end())
        if breaks:
            line += breaks
            line_start = text.rfind("\n", pos, found.end()) + 1
        pos = found.end()
    if block is not None:
        diagnostics.append(block.not_closed(block.location))
    return SymsFile(path, prefix, tuple(blocks), versions, locations), diagnostics


def _without_comments(path: str, text: str, diagnostics: list[Diagnostic]) -> str:
    """The script as ld reads it: no byte order mark, every comment blanked to spaces."""
    text = text.removeprefix("\ufeff")
    if "/*" in text:  # rare: libvirt writes only '#' comments
        text = _blank_c_comments(path, text, diagnostics)
    return _HASH_COMMENT_RE.sub(lambda found: " " * len(found.group()), text)  # columns stay


def _closed_block(block: _OpenBlock, previous: str | None, blocks: list[SymsBlock], diagnostics: list[Diagnostic]) -> SymsBlock:
    """``block`` at its close, which names the versions it inherits from (``previous``, if any)."""
    block.body.close(block.version, diagnostics)
    depends = tuple(previous.split()) if previous else ()
    predecessor = _predecessor(blocks, depends)
    previous_version = predecessor.rsplit("_", 1)[1] if predecessor else None
    return SymsBlock(block.version, previous_version, tuple(block.symbols), block.location, block.name, predecessor, depends, tuple(block.globs))


def _read_export(
    symbol: str, block: _OpenBlock, versions: dict[str, str], locations: dict[str, Location], local_names: dict[str, str],
    where: Location, diagnostics: list[Diagnostic],
) -> None:
    """A name ``block`` exports: the first block that exports it gives its version; a second one is a duplicate."""
    if symbol in versions:
        diagnostics.append(Diagnostic(where, "warning", f"'{symbol}' is already exported in version {versions[symbol]}", "syms-duplicate"))
    else:
        if local_names.get(symbol, block.version) != block.version:  # in its own block, the export wins (as in ld)
            message = f"'{symbol}' is local in version {local_names[symbol]} and exported in {block.version}"
            diagnostics.append(Diagnostic(where, "warning", message, "syms-duplicate"))
        versions[symbol] = block.version
        locations[symbol] = where
    block.symbols.append(symbol)


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
    r"|(?P<close>\}\s*(?P<previous>[A-Z][A-Z0-9_]*?_\d+(?:\.\d+)+(?:\s+[A-Z][A-Z0-9_]*?_\d+(?:\.\d+)+)*)?\s*;)"
    r"|(?P<scope>global|local)\s*:"
    r"|(?P<symbol>\w+)\s*;"
    r"|(?P<glob>[\w\]!^-]*[*?\[][\w*?\[\]!^-]*)\s*;"  # fnmatch's '*', '?' and '[...]', as ld reads them
    r"|\s+"
)
_HASH_COMMENT_RE = re.compile(r"#[^\n]*")


@dataclass(slots=True)
class _Body:
    """Where a block's body stands in ld's grammar for it (binutils ldgram.y,
    ``vers_tag``): names alone, ``global:`` names, ``local:`` names, or
    ``global:`` names then ``local:`` names.  Each keyword at most once, in
    that order, never without a name after it; anything else ld refuses
    ("syntax error in VERSION script")."""

    last: str = ""  # the last 'global'/'local' read; "" before either
    where: Location | None = None  # that keyword's place
    names: int = 0  # names and globs read since it (or since the '{')
    seen: set[str] = field(default_factory=set)

    @property
    def local(self) -> bool:
        return self.last == "local"

    def keyword(self, keyword: str, where: Location, version: str, diagnostics: list[Diagnostic]) -> None:
        message = self._misplaced(keyword, version)
        if message is not None:
            diagnostics.append(Diagnostic(where, "error", message, "syms-syntax"))
        else:  # one error for one mistake: 'global: global:' is a second 'global:', not also an empty one
            self._check_names(version, diagnostics)
        self.last, self.where, self.names = keyword, where, 0
        self.seen.add(keyword)

    def close(self, version: str, diagnostics: list[Diagnostic]) -> None:
        self._check_names(version, diagnostics)

    def _misplaced(self, keyword: str, version: str) -> str | None:
        if keyword in self.seen:
            return f"second '{keyword}:' in version block {version} (ld reads 'global:' and 'local:' once each)"
        if keyword == "global" and self.local:
            return f"'global:' after 'local:' in version block {version} (ld reads no 'global:' there)"
        if not self.last and self.names:
            if keyword == "local":
                return f"'local:' after names with no 'global:' in version block {version} (ld reads names before 'local:' only after a 'global:')"
            return f"'global:' after names in version block {version} (ld reads names before 'global:' only in a block without one)"
        return None

    def _check_names(self, version: str, diagnostics: list[Diagnostic]) -> None:
        if self.last and not self.names and self.where is not None:
            message = f"'{self.last}:' with no names in version block {version} (ld reads no empty '{self.last}:')"
            diagnostics.append(Diagnostic(self.where, "error", message, "syms-syntax"))


@dataclass(slots=True)
class _OpenBlock:
    """The version block being read: its version, tag and place, the names and
    globs it exports so far, and where its body stands."""

    version: str
    name: str
    location: Location
    symbols: list[str] = field(default_factory=list)
    globs: list[str] = field(default_factory=list)
    body: _Body = field(default_factory=_Body)

    def not_closed(self, where: Location) -> Diagnostic:
        """The error that the block is not closed, at ``where``: the next block's opening, else the block's own."""
        return Diagnostic(where, "error", f"version block {self.version} is not closed", "syms-syntax")


def _glob_warning(glob: str, version: str, where: Location) -> Diagnostic:
    """An exported glob: which functions it versions needs the headers, which this reader has not (see the module docstring)."""
    message = (
        f"'{glob}' in version block {version} is a pattern: the functions only it exports get no version here "
        "(each is syms-missing); list them by name"
    )
    return Diagnostic(where, "warning", message, "input")


def _predecessor(blocks: list[SymsBlock], depends: tuple[str, ...]) -> str | None:
    """The dependency of a close taken as the block it inherits from: the block
    before it when the list names it (``} LIBVIRT_0.0.3 LIBVIRT_0.0.4;``), else the first."""
    if blocks and blocks[-1].name in depends:
        return blocks[-1].name
    return depends[0] if depends else None


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
    defined = {earlier.name for earlier in blocks[:-1]}
    for other in block.depends:
        if other != block.previous_name and other not in defined:  # ld: "unable to find version dependency"
            message = f"version block {block.version} depends on {other}, which no block before it defines"
            diagnostics.append(Diagnostic(where, "warning", message, "syms-chain"))


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
