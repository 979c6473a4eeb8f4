"""``Since:`` tags: missing, malformed, or a member older than its enum.

A function's tag against its ``.syms`` block is the frontend's
``since-mismatch``, merged by :func:`generator.lint.lint`.

* ``since-missing``: every function, callback type, enum, member (sentinels
  excepted), typedef, struct, macro and variable needs a tag.
* ``since-malformed``: the frontend takes out of the doc text only a tag it
  can read as a version; a ``Since`` tag left behind in the text
  (``Since: 5.6``, ``Since: v5.6.0``, or ``Since 5.6.0`` alone on its line),
  or a tag that is not exactly ``X.Y.Z``, is malformed.  ``Since 1.0.1``
  followed by more words on its line is a sentence, not a tag.
* ``since-member-older``: a member whose tag is older than its enum's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Enum_, Function, FuncType, Location, Macro, Module, Struct, Typedef, Variable
from ..versions import version_key
from .texts import Context, doc_start

VERSION_RE = re.compile(r"\d+\.\d+\.\d+")
# a tag left in the text: with its colon anywhere, without it only alone on its
# line ("Since 1.0.1 VIR_X can be used..." and "Since 0.6.0, all errors..." are prose)
LEFTOVER_RE = re.compile(r"\bSince\s*:\s*v?\d[\w.]*|^[ \t]*Since[ \t]+v?\d[\w.]*?\.?[ \t]*$", re.MULTILINE)


def _tagged(module: Module) -> Iterator[tuple[str, str, Location]]:
    """(name, since, location) of every node that should carry a tag."""
    functions: tuple[Function | FuncType, ...] = (*module.functions, *module.functypes)
    for function in functions:
        yield function.name, function.since, doc_start(function)
    for member in module.members:
        if not member.sentinel:
            yield member.name, member.since, member.location
    nodes: tuple[Enum_ | Typedef | Struct | Macro | Variable, ...] = (*module.enums, *module.typedefs, *module.structs, *module.macros, *module.variables)
    for node in nodes:
        yield node.name, node.since, node.location


def missing(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for name, since, where in _tagged(module):
            if not since:
                yield Diagnostic(where, "warning", f"'{name}' has no 'Since:' tag", "since-missing")


def malformed(context: Context) -> Iterator[Diagnostic]:
    valid: dict[str, bool] = {}  # ~300 distinct versions for ~2,000 tags
    for module in context.api.modules:
        for name, since, where in _tagged(module):
            if since not in valid:
                valid[since] = not since or VERSION_RE.fullmatch(since) is not None
            if not valid[since]:
                yield Diagnostic(where, "warning", f"'Since: {since}' of {name} is not an X.Y.Z version", "since-malformed")
    for doc in context.texts:
        match = LEFTOVER_RE.search(doc.text) if "Since" in doc.text else None
        if match is not None:
            message = f"'{match.group(0)}' in the doc of {doc.owner} is not a 'Since: X.Y.Z' tag"
            yield Diagnostic(doc.location, "warning", message, "since-malformed")


def _enum_since(module: Module) -> dict[str, Enum_]:
    return {enum.name: enum for enum in module.enums}


def member_older(context: Context) -> Iterator[Diagnostic]:
    keys: dict[str, tuple[int, ...] | None] = {}  # ~300 distinct versions for ~1,000 members

    def key(version: str) -> tuple[int, ...] | None:
        if version not in keys:
            keys[version] = version_key(version) if VERSION_RE.fullmatch(version) else None
        return keys[version]

    for module in context.api.modules:
        enums = _enum_since(module)
        for member in module.members:
            enum = enums.get(member.enum)
            if enum is None or not member.since or not enum.since:
                continue
            member_key, enum_key = key(member.since), key(enum.since)
            if member_key is not None and enum_key is not None and member_key < enum_key:
                message = f"'{member.name}' says Since: {member.since}, older than its enum {enum.name} (Since: {enum.since})"
                yield Diagnostic(member.location, "warning", message, "since-member-older")
