"""``enum-duplicate-value``: two members of one enum with the same value.

Silent when either member is written as another member
(``VIR_X_LAST = VIR_X_NR``), whichever comes first (an exported XML lists
members by name): that spelling is the documented alias.  The member named
may be of any module read: libvirt-qemu.h writes both
``VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN`` and ``..._BLOCK`` as
``= VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK``, a member of libvirt-domain.h
(the frontend evaluates such initializers across modules too).  Otherwise
the pair is reported, as a **note** when the docs say it is intentional (the
doc of either member, or of the enum, names the other member, says
``alias``, ``same value``, ``same bit``, ``shares`` or ``two names``, or
writes the shared value, as a number or a shift, in a text that says what it
means ``depends`` on or how it is ``interpreted``: libvirt's "the
interpretation of flag (1<<0) depends on which function it is passed to"),
and as a warning when nothing says so.  ``LIST_ROOTS``/``LIST_DESCENDANTS``
(both ``1 << 0``) is the classic intentional case: it stays visible as a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import EnumMember
from .texts import Context

INTENT_RE = re.compile(r"\balias|\bsame (?:value|bit|number)|\bshares?\b|\btwo names\b", re.IGNORECASE)


def _names_value(text: str, value: int) -> bool:
    """``text`` writes ``value``: as a number (``1``, ``0x1``) or, for a bit, a shift
    (``1 << 0``, ``(1<<0)``); plain string tests, this runs for few texts."""
    compact = "".join(text.lower().split())
    if value > 0 and value & (value - 1) == 0 and f"1<<{value.bit_length() - 1}" in compact:
        return True
    for number in (str(value), hex(value)) if value >= 0 else (str(value),):
        at = compact.find(number)
        while at >= 0:
            end = at + len(number)
            if not (at and (compact[at - 1].isalnum() or compact[at - 1] in "_.")) and not (
                end < len(compact) and (compact[end].isalnum() or compact[end] in "_.")
            ):
                return True
            at = compact.find(number, at + 1)
    return False


def _says_it_varies(text: str) -> bool:
    """The meaning of the value "depends on" something, or is "interpreted"."""
    lower = text.lower()
    return "depend" in lower or "interpret" in lower


def _documented(first: EnumMember, second: EnumMember, enum_doc: str) -> bool:
    texts = (first.doc, second.doc, enum_doc)
    if any(first.name in text or second.name in text for text in texts):
        return True
    if any(INTENT_RE.search(text) for text in texts):
        return True
    value = second.value
    return value is not None and any(_says_it_varies(text) and _names_value(text, value) for text in texts)


def duplicate_values(context: Context) -> Iterator[Diagnostic]:
    every_member = {m.name for module in context.api.modules for m in module.members}  # aliases may cross modules
    for module in context.api.modules:
        members = {m.name: m for m in module.members}
        for enum in module.enums:
            seen: dict[int, EnumMember] = {}
            for name in enum.members:
                member = members.get(name)
                if member is None or member.value is None:
                    continue
                first = seen.setdefault(member.value, member)
                # either one written as another member is the documented alias; an
                # exported XML lists members by name, so the alias may come first
                if first is member or member.expression in every_member or first.expression in every_member or member.sentinel:
                    continue
                documented = _documented(first, member, enum.doc)
                tail = " (documented as intentional)" if documented else "; write it as '= " + first.name + "' or say why in its doc"
                message = f"'{member.name}' has the value {member.value} of '{first.name}' in {enum.name}{tail}"
                yield Diagnostic(member.location, "note" if documented else "warning", message, "enum-duplicate-value")
