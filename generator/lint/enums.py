"""``enum-duplicate-value``: two members of one enum with the same value;
``enum-value-unknown``: a member with no value (see :func:`unknown_values`).

Silent when either member is written as another member
(``VIR_X_LAST = VIR_X_NR``), whichever comes first (an exported XML lists
members by name): that spelling is the documented alias.  The member named
may be of any module read: libvirt-qemu.h writes both
``VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN`` and ``..._BLOCK`` as
``= VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK``, a member of libvirt-domain.h
(the frontend evaluates such initializers across modules too).  Otherwise
the pair is reported, as a **note** when the docs say it is intentional,
and as a warning when nothing says so.  Saying so is, in the doc of either
member of the pair: naming the other one, or saying ``alias``, ``same
value``, ``same bit``, ``shares`` or ``two names``, or writing the shared
value (as a number or a shift) in a text that says what it means
``depends`` on or how it is ``interpreted``.  The enum's doc is about all
its members, so there it takes one sentence that is about this pair: one
naming both members, or one that points at the pair (names one of them, or
writes their value: ``1``, ``0x1``, ``1 << 0``, ``(1<<0)``, ``bit 0``, and
for the value 1 ``the lowest bit``) and says it is intentional (the words
above, ``depends``, ``interpreted``).  libvirt's "Note that the
interpretation of flag (1<<0) depends on which function it is passed to"
makes ``LIST_ROOTS``/``LIST_DESCENDANTS`` (both ``1 << 0``) a note, the
classic intentional case, kept visible; the same doc says nothing about
two other members that happen to share bit 2, which stay a warning (an
enum doc's "two names" once excused any pair of its enum).

The finding is about the newer member of the pair, by ``Since:``, wherever
it stands: a member inserted above a released one and taking its implicit
value (``VIR_X_NEW, /* (Since: 9.1.0) */`` above ``VIR_X_OLD``) is the
mistake, and "write it as '= ...'" must not be advice to rewrite the
released one; as ``= OTHER`` can only name a member declared before, such
a member is told to take a value of its own or move below the other.
With no ``Since:`` on either, or the same one, the later member in the
enum's order is.

Values are C's from sources: gcc's on x86_64 Linux
(:class:`~generator.frontend.cvalues.CConstants`), when every member of the
enum has one; ``~0U`` is 4294967295 there, where the model's ``value`` is
apibuild.py's -1, and "write it as '= VIR_X_ALL'" advice to a ``= -1``
beside it would change its value.  Else, and from an exported XML (no
``Api.enum_tags``: apibuild.py's numbers, not initializers), the model's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, unknown_enum_values
from ..frontend.cvalues import CConstants
from ..model import Enum_, EnumMember
from ..versions import version_key
from .texts import Context

INTENT_RE = re.compile(r"\balias|\bsame (?:value|bit|number)|\bshares?\b|\btwo names\b", re.IGNORECASE)
# a sentence ends at '.', '!' or '?' before a space (not "e.g." nor "i.e."), or at a blank line
SENTENCE_END_RE = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+|\n\s*\n")
LOWEST_BIT_RE = re.compile(r"\b(?:the )?(?:lowest|low|least significant) bit\b", re.IGNORECASE)


def _names_value(text: str, value: int) -> bool:
    """``text`` writes ``value``: as a number (``1``, ``0x1``) or, for a bit, a shift
    (``1 << 0``, ``(1<<0)``), ``bit K``, or for 1 "the lowest bit"; plain string
    tests first, this runs for few texts."""
    compact = "".join(text.lower().split())
    if value > 0 and value & (value - 1) == 0:
        bit = value.bit_length() - 1
        if f"1<<{bit}" in compact or re.search(rf"\bbit {bit}\b", text, re.IGNORECASE):
            return True
        if bit == 0 and LOWEST_BIT_RE.search(text):
            return True
    lower = text.lower()
    for number in (str(value), hex(value)) if value >= 0 else (str(value),):
        if number in lower and re.search(rf"(?<![\w.]){re.escape(number)}(?![\w]|\.\w)", lower):
            return True
    return False


def _says_it_varies(text: str) -> bool:
    """The meaning of the value "depends on" something, or is "interpreted"."""
    lower = text.lower()
    return "depend" in lower or "interpret" in lower


def _names(name: str, text: str) -> bool:
    """``text`` writes the member ``name`` (not a longer name holding it: ``VIR_X_A`` in ``VIR_X_AB``)."""
    return name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _says_why(text: str) -> bool:
    return INTENT_RE.search(text) is not None or _says_it_varies(text)


def _member_says(first: EnumMember, second: EnumMember, value: int | None) -> bool:
    """A doc of one of the two members (of the shared ``value``) says the pair is intentional."""
    texts = (first.doc, second.doc)
    if _names(second.name, first.doc) or _names(first.name, second.doc):
        return True
    if any(INTENT_RE.search(text) for text in texts):
        return True
    return value is not None and any(_says_it_varies(text) and _names_value(text, value) for text in texts)


def _enum_says(first: EnumMember, second: EnumMember, enum_doc: str, value: int | None) -> bool:
    """A sentence of the enum's doc is about this pair and says it is intentional."""
    for sentence in SENTENCE_END_RE.split(enum_doc):
        named = _names(first.name, sentence) + _names(second.name, sentence)
        if named == 2:
            return True
        pointed = named == 1 or (value is not None and _names_value(sentence, value))
        if pointed and _says_why(sentence):
            return True
    return False


def _documented(first: EnumMember, second: EnumMember, enum_doc: str, value: int | None = None) -> bool:
    """The pair, sharing ``value`` (by default the model's), is said to be intentional."""
    shared = second.value if value is None else value
    return _member_says(first, second, shared) or _enum_says(first, second, enum_doc, shared)


def _reported(first: EnumMember, later: EnumMember) -> tuple[EnumMember, EnumMember]:
    """The member a pair's finding is about, and the one whose value it has (see the module docstring)."""
    if first.since and later.since and version_key(first.since) > version_key(later.since):
        return first, later
    return later, first


def _advice(reported: EnumMember, other: EnumMember, reported_first: bool) -> str:
    """What to do about an undocumented pair: ``= OTHER`` names a member C must have seen
    already, so a member standing above the other one is told to move below it first.  From
    an exported XML "above" is the order the reader gave the members (apixml_reader), not
    necessarily the header's."""
    if reported_first:
        return f"; give it a value of its own, or declare it after '{other.name}' as '= {other.name}', or say why in its doc"
    return f"; write it as '= {other.name}' or say why in its doc"


def duplicate_values(context: Context) -> Iterator[Diagnostic]:
    every_member = {m.name for module in context.api.modules for m in module.members}  # aliases may cross modules
    # C's values (gcc, x86_64 Linux) from sources: `~0U` is 4294967295, not the model's -1 of
    # apibuild.py, so `= -1` beside it is no duplicate; an exported XML (no enum tags) has only the model's
    c_values = CConstants.of(context.api) if context.api.enum_tags is not None else None
    for module in context.api.modules:
        members = {m.name: m for m in module.members}
        for enum in module.enums:
            seen: dict[int, EnumMember] = {}
            for member, value in _values(enum, members, c_values):
                first = seen.setdefault(value, member)
                # either one written as another member is the documented alias; an
                # exported XML lists members by name, so the alias may come first
                if first is member or member.expression in every_member or first.expression in every_member or member.sentinel:
                    continue
                documented = _documented(first, member, enum.doc, value)
                reported, other = _reported(first, member)
                tail = " (documented as intentional)" if documented else _advice(reported, other, reported is first)
                message = f"'{reported.name}' has the value {value} of '{other.name}' in {enum.name}{tail}"
                yield Diagnostic(reported.location, "note" if documented else "warning", message, "enum-duplicate-value")


def _values(enum: Enum_, members: dict[str, EnumMember], c_values: CConstants | None) -> list[tuple[EnumMember, int]]:
    """The members of ``enum`` with a value, in its order, and their values: C's when
    every one of them has one (:class:`CConstants`), else the model's."""
    valued = [member for member in (members.get(name) for name in enum.members) if member is not None and member.value is not None]
    if c_values is not None:
        numbers = [c_values.member(member.name) for member in valued]
        if None not in numbers:
            return [(member, number) for member, number in zip(valued, numbers, strict=True) if number is not None]
    return [(member, member.value) for member in valued if member.value is not None]


def unknown_values(context: Context) -> Iterator[Diagnostic]:
    """Members the model has no value for: the frontends report them (:func:`generator.diagnostics.unknown_enum_values`,
    whose docstring has the rules), and a model given to :func:`generator.lint.lint` without the frontend's findings
    gets them here; the same findings, merged into one."""
    return unknown_enum_values(context.api.modules)
