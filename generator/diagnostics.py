"""Diagnostics are values: the frontend and linters return them, only the CLI prints.

Decisions:

* A diagnostic about a whole file (a ``.syms`` file that is missing, say)
  has line 0 and column 0 in the model and in ``check --format json``; its
  text line says ``file:1:1:`` (:mod:`generator.positions`).
* ``--werror`` turns warnings into errors as gcc's ``-Werror`` does: the
  line says ``error:`` and ends ``[rule, --werror]``, so whoever reads it
  sees both why it failed the run and which rule found it.
* A location's column counts characters in the model; it is printed (and
  written in ``check --format json``) as gcc's display column
  (:func:`generator.positions.display_column`, applied by
  :func:`generator.cli.openable`), the one unit cpp's own messages use too.
* A printed diagnostic is one line whatever text it quotes: a line break
  inside a message or a file name (a doc's ``Since:`` followed by a
  newline, a lone CR) is written as its escape (``\\n``, ``\\r``, ...;
  every character :meth:`str.splitlines` breaks at), since editors and CI
  read one finding per line.  ``check --format json`` keeps the text as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from . import clex
from .model import EnumMember, Function, Location, Module, Variable, next_implicit_value
from .positions import position

# every character str.splitlines() breaks a line at, as the escape Python writes for it
_LINE_BREAKS = str.maketrans({c: repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    location: Location
    severity: str  # "error", "warning" or "note"
    message: str
    rule: str = ""
    promoted: bool = False  # a warning that --werror made an error
    # the symbol a finding is about, for a later stage that refines it (lint
    # defers a since-mismatch to since-malformed) without parsing the message;
    # or, for param-ref-unknown, ``PART#N``: the doc part and the occurrence the
    # placer must point at (lint/params.py), the first being one the rule excused
    subject: str = ""
    # a second place the message names as ``file:line:col`` (a definition kept): the CLI words it as
    # it words the finding's own place, a path from the current folder and gcc's column
    other: Location | None = field(default=None, compare=False)

    def __str__(self) -> str:
        labels = ", ".join(label for label in (self.rule, "--werror" if self.promoted else "") if label)
        suffix = f" [{labels}]" if labels else ""
        where = self.location
        return f"{position(where.file, where.line, where.col)}: {self.severity}: {self.message}{suffix}".translate(_LINE_BREAKS)


def other_named(diagnostic: Diagnostic, other: Location) -> str:
    """``diagnostic``'s message with the second place it names (its ``other``) written as ``other``."""
    was = diagnostic.other
    if was is None:
        return diagnostic.message
    return diagnostic.message.replace(position(was.file, was.line, was.col), position(other.file, other.line, other.col), 1)


def with_werror(diagnostics: Iterable[Diagnostic], werror: bool) -> list[Diagnostic]:
    """The diagnostics, each warning an error when ``werror`` is set."""
    if not werror:
        return list(diagnostics)
    return [replace(d, severity="error", promoted=True) if d.severity == "warning" else d for d in diagnostics]


def _order(diagnostic: Diagnostic) -> tuple[str, int, int, str, str, str]:
    where = diagnostic.location
    return where.file, where.line, where.col, diagnostic.severity, diagnostic.message, diagnostic.rule


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``sorted(diagnostics)`` (the dataclass order), with one key per item
    instead of two dataclass comparisons per step: ~8x faster on check's ~500."""
    return sorted(diagnostics, key=_order)


def undeclared_exports(modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """Each symbol a .syms file exports that no function or variable of ``modules``
    declares.  The frontend reports it for a whole tree (every header read);
    ``check`` for any input (one header with the full .syms reports the rest)."""
    modules = tuple(modules)
    declared = {name for module in modules for name in _declared(module)}
    for module in modules:
        for export in module.exports:
            if export.name not in declared:
                message = f"'{export.name}' is exported in {export.version} but no header declares it"
                yield Diagnostic(export.location, "error", message, "syms-undeclared")


def unknown_enum_values(modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """``enum-value-unknown``: each enum member the model has no value for, reported by both frontends (so
    ``api`` and ``generate`` say it, not only ``check``: QA, session 24).  A member whose initializer was not
    evaluated (a name not declared before it, a string or floating constant, a value outside 64 bits; gcc
    refuses these, as it refuses an implicit member past ``2**64 - 1``, its "overflow in enumeration values")
    and an implicit member right after a member of value ``2**64 - 1`` (one after the largest value of a
    narrower type, ``INT_MAX``, is the source frontend's to report: only it knows the type, see
    :func:`generator.frontend.builder._overflowed`).  (An API XML's member without a value
    after a numbered one is ``apixml-order``'s.)  The implicit members after an unevaluated one have none
    either, for the same cause: that one is reported, not each of them.  ``sizeof`` is valid C the model leaves
    unevaluated (its value is the target's); it is reported too, the value being unknown to every output.  A
    warning, not an error: the outputs can still be written (the API XML writes such an initializer as it
    is, as it writes one naming another member), and ``--werror`` makes it fail."""
    modules = tuple(modules)
    known = {member.name for module in modules for member in module.members} | {macro.name for module in modules for macro in module.macros}
    for module in modules:
        members = {m.name: m for m in module.members}
        for enum in module.enums:
            before: EnumMember | None = None
            for name in enum.members:
                member = members.get(name)
                if member is None:
                    continue
                if member.value is None and member.expression:
                    yield Diagnostic(member.location, "warning", _unevaluated(member, known), "enum-value-unknown")
                elif member.value is None and before is not None and before.value is not None and next_implicit_value(before.value) is None:
                    yield past_every_type(member, before.value)
                before = member


def past_every_type(member: EnumMember, before: int) -> Diagnostic:
    """``enum-value-unknown`` at the implicit ``member`` after one of value ``before``, ``2**64 - 1``."""
    message = f"'{member.name}' has no value: it follows {before}, and no 64-bit type holds the next"
    return Diagnostic(member.location, "warning", message, "enum-value-unknown")


def _unevaluated(member: EnumMember, known: set[str]) -> str:
    """Why ``member``'s initializer has no value: a name it uses that no file read declares (an API XML of
    one module read alone, ``libvirt-qemu-api.xml`` naming members of ``libvirt-api.xml``: review, session 24),
    else the rules of what is evaluated."""
    words = _WORD_RE.findall(_LITERAL_RE.sub(" ", member.expression))
    unknown = [word for word in words if word not in known and word not in _C_WORDS]
    if unknown:
        initializer = "its initializer" if member.expression == unknown[0] else f"its initializer '{member.expression}'"
        return f"'{member.name}' has no value: {initializer} names '{unknown[0]}', which none of the files read declares (read the one declaring it too)"
    return (
        f"'{member.name}' has no value: its initializer '{member.expression}' cannot be evaluated (only integer"
        " constants and the members and macros declared before it are, within 64 bits; not sizeof)"
    )


_WORD_RE = re.compile(r"(?<![\w.'\"])[A-Za-z_]\w*")
# a literal and its encoding prefix: no names in it ('\xff' named "xff", u8'a' "u8": QA, session 26)
_LITERAL_RE = re.compile(rf"(?:u8|[LuU])?(?:{clex.STRING}|{clex.CHAR})")
# words an initializer may hold that name no symbol: casts' type words, sizeof, integer suffixes are no words here
_C_WORDS = frozenset(
    {"sizeof", "_Alignof", "alignof", "char", "short", "int", "long", "signed", "unsigned", "float", "double", "void", "const", "volatile",
     "struct", "union", "enum", "size_t", "ssize_t", "_Bool"}
)  # fmt: skip


def foreign_exports(modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """Each symbol a module's ``.syms`` file exports that no header of that
    module declares but another module's does (see :mod:`generator.frontend.syms`);
    one that no header declares is :func:`undeclared_exports`'s."""
    modules = tuple(modules)
    owners: dict[str, tuple[str, Location]] = {}  # symbol -> (module, where a header of it declares it)
    for module in modules:
        declarations: tuple[Function | Variable, ...] = (*module.functions, *module.variables)
        for symbol in declarations:
            owners.setdefault(symbol.name, (module.name, symbol.location))
    for module in modules:
        own = _declared(module)
        for export in module.exports:
            owner = owners.get(export.name)
            if export.name in own or owner is None:
                continue
            declared_at = position(owner[1].file, owner[1].line, owner[1].col)  # the second place: see Diagnostic.other
            message = f"'{export.name}' is exported in {export.version} but no header of {module.name} declares it ({declared_at}, of {owner[0]}, does)"
            yield Diagnostic(export.location, "error", message, "syms-undeclared", other=owner[1])


def _declared(module: Module) -> set[str]:
    """What a module's headers declare that a ``.syms`` file can export: its functions and variables."""
    return {f.name for f in module.functions} | {v.name for v in module.variables}
