"""``Since:`` tags: missing, malformed, or a member older than its enum.

A function's tag against its ``.syms`` block is the frontend's
``since-mismatch``, merged by :func:`generator.lint.lint`.

* ``since-missing``: every function, callback type, enum, member (sentinels
  excepted), typedef, struct, macro and variable needs a tag.  A function or
  callback type with no doc comment at all gets only ``undocumented-function``
  (the comment brings its tag; headers read without their ``.c`` files
  reported each of libvirt 12.8.0's 568 functions twice), ``since-missing``
  when that finding is not reported (the rule disabled, or the line's
  ``virt-apigen: ignore`` marker): :func:`without_repeats` drops it after
  the markers are applied.  A node whose
  own doc holds a malformed tag (``Since 1.0.0``, ``Since: 1.0``) gets only
  ``since-malformed``: both would be about the one mistake.  With
  ``since-malformed`` disabled it gets ``since-missing``, so that it is
  never silent.
* ``since-malformed``: the frontend takes out of the doc text only a tag it
  can read as a version; a ``Since`` tag left behind in the text
  (``Since: 5.6``, ``Since: v5.6.0``, ``since: 5.6.0``, ``(Since 5.6.0)``
  with or without the colon, or ``Since 5.6.0`` alone on its line), or a
  tag that is not exactly ``X.Y.Z``, is malformed.  ``Since 1.0.1``
  followed by more words on its line is a sentence, not a tag.  A
  well-formed tag left in the text is no malformed one: it is a second tag
  of a doc that has one already (only the first is read), or it stands
  where no tag is read.  Struct fields take none: libvirt writes none in
  field comments (7.0.0 to 11.3.0), as a public struct's fields are part of
  its ABI, as old as the struct, so the model has no place for one and it
  would stay in the field's doc text as written.  Nor do ``@name:`` entries
  and a header's own comment.  The finding says which of these it is, and
  names the part of the doc (``(field a)``, ``(@flags)``, ``(description)``)
  like the other text rules; not ``(returns)``: a function's tag is read
  from its Returns text as well (libvirt writes it as the doc's last
  paragraph, which that text runs to), so a stray one there is a tag of the
  function's doc ("in the doc of virFoo"), as an enum's is of its doc, not
  one of its return value.
* ``since-mismatch`` (the frontend's) is left out for a function whose tag
  is malformed but whose ``X.Y.Z`` agrees with its ``.syms`` block
  (``Since: 5.6.0.`` or ``5.6.0.1`` for 5.6.0): ``since-malformed``
  reports that one mistake, as ``since-missing`` defers to it.  A tag whose
  ``X.Y.Z`` disagrees too (``5.7.0.`` for 5.6.0) gets both: correcting its
  spelling would leave the wrong version.  With ``since-malformed``
  disabled the mismatch is kept, never silent.
* ``since-member-older``: a member whose tag is older than its enum's, a
  **note**.  Both tags may well be right: a name defined as a macro and
  later gathered into an enum type keeps its age (libvirt's
  ``VIR_NODE_CPU_STATS_ALL_CPUS`` and ``VIR_NODE_MEMORY_STATS_ALL_CELLS``,
  0.9.3, in enums tagged 0.9.8; 7.0.0 still titles the enum's doc block
  with the member's name, as written for the macro), which is every case
  in libvirt 7.0.0 to 11.3.0.  It may also be a tag copied from elsewhere,
  which nothing else would catch, so it stays visible, failing no run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Api, Enum_, Function, FuncType, Location, Macro, Module, Struct, Typedef, Variable
from ..versions import version_key
from .texts import Context, DocText, doc_start

VERSION_RE = re.compile(r"\d+\.\d+\.\d+")
# a tag left in the text: with its colon anywhere (either case); without it, in
# parentheses ("(Since 1.0.0)": a member's tag, its colon forgotten; lower-case
# "or (since 0.9.8) a name" is libvirt's prose) or alone on its line ("Since
# 1.0.1 VIR_X can be used..." and "Since 0.6.0, all errors..." are prose too).
# The regex finds the words; _leftover() checks what stands around them: one
# regex for all of it (a '\b' or '^' first) cost 3x as much, scanning every position.
TAG_RE = re.compile(r"([Ss])ince(?:(\s*:\s*v?\d[\w.]*)|[ \t]+v?\d[\w.]*?\.?(?=[ \t]*\)|[ \t]*$))", re.MULTILINE)
WELL_FORMED_RE = re.compile(r"Since: \d+\.\d+\.\d+")  # as the frontend reads a tag (scanner.SINCE_RE)


def _leftover(text: str) -> str | None:
    """The first tag left in ``text``, as written (without its parentheses)."""
    for match in TAG_RE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # inside a word
        if match.group(2) is not None:
            return match.group(0)  # with its colon
        if match.group(1) == "s":
            continue
        before = text[text.rfind("\n", 0, start) + 1 : start].strip(" \t")
        end = match.end()
        while end < len(text) and text[end] in " \t":
            end += 1
        after = text[end : end + 1]  # the character after the tag and its spaces, "" at the end
        if (not before and after in ("", "\n")) or (before.endswith("(") and after == ")"):
            return match.group(0)
    return None


def _own_texts(module: Module) -> dict[str, tuple[str, ...]]:
    """Per node that takes a tag, the texts the frontend reads it from."""
    texts: dict[str, tuple[str, ...]] = {}
    functions: tuple[Function | FuncType, ...] = (*module.functions, *module.functypes)
    for function in functions:
        texts[function.name] = (function.description, function.return_doc)
    nodes: tuple[Enum_ | Typedef | Struct | Macro | Variable, ...] = (*module.enums, *module.typedefs, *module.structs, *module.macros, *module.variables)
    for node in (*nodes, *module.members):
        texts[node.name] = (node.doc,)
    return texts


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
    malformed_reported = "since-malformed" not in context.disabled
    for module in context.api.modules:
        texts: dict[str, tuple[str, ...]] | None = None  # built for the first node without a tag only
        for name, since, where in _tagged(module):
            if since:
                continue
            if malformed_reported:
                texts = texts if texts is not None else _own_texts(module)
                if any(_leftover(text) is not None for text in texts.get(name, ())):
                    continue  # since-malformed reports the tag this node has, misspelt
            yield Diagnostic(where, "warning", f"'{name}' has no 'Since:' tag", "since-missing", subject=name)


def _reads_no_tag(doc: DocText) -> str | None:
    """What ``doc`` is when the frontend reads no tag from it, else None."""
    if doc.part.startswith("field "):
        return "a struct field"
    if doc.part.startswith("@"):
        return f"an '{doc.part}:' entry"
    if doc.function is None and doc.part in ("summary", "description"):
        return "a header's comment"
    return None


def _leftover_message(doc: DocText, tag: str) -> str:
    # a function's tag is read from its Returns text too (libvirt writes it as the last paragraph,
    # which that text runs to): one left there is the function's doc's, not its return value's
    own = doc.part == "doc" or (doc.function is not None and doc.part == "returns")
    where = "" if own else f" ({doc.part})"
    subject = f"'{tag}' in the doc of {doc.owner}{where}"
    place = _reads_no_tag(doc)
    if place is not None:
        return f"{subject} is not read: {place} takes no 'Since:' tag"
    if WELL_FORMED_RE.fullmatch(tag.rstrip(".")):
        return f"{subject} is a second 'Since:' tag; only the first is read"
    return f"{subject} is not a 'Since: X.Y.Z' tag"


def without_repeats(found: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` less each ``since-missing`` of a function that an ``undocumented-function`` finding reports:
    applied to what is left once the suppression markers have been (see the module docstring).  Matched by
    name and file, not place: the locator places both alike (at the ``.c`` definition's first line when a
    ``.c`` file read defines the function, else at the header declaration's start: :class:`.locate.Placer`),
    but a finding may be left where the model put it."""
    bare = {(d.subject, d.location.file) for d in found if d.rule == "undocumented-function"}
    return [d for d in found if d.rule != "since-missing" or (d.subject, d.location.file) not in bare]


def malformed(context: Context) -> Iterator[Diagnostic]:
    valid: dict[str, bool] = {}  # ~300 distinct versions for ~2,000 tags
    for module in context.api.modules:
        for name, since, where in _tagged(module):
            if since not in valid:
                valid[since] = not since or VERSION_RE.fullmatch(since) is not None
            if not valid[since]:
                yield Diagnostic(where, "warning", f"'Since: {since}' of {name} is not an X.Y.Z version", "since-malformed")
    for doc in context.texts:
        tag = _leftover(doc.text) if "ince" in doc.text else None  # the test inlined: ~4,000 texts
        if tag is not None:
            yield Diagnostic(doc.location, "warning", _leftover_message(doc, tag), "since-malformed")


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
                message = (
                    f"'{member.name}' says Since: {member.since}, older than its enum {enum.name} (Since: {enum.since}); "
                    "right if the name was defined before the enum type (a macro made a member), else a wrong tag"
                )
                yield Diagnostic(member.location, "note", message, "since-member-older")


def malformed_mismatches(api: Api) -> frozenset[str]:
    """The functions whose ``since-mismatch`` is only their malformed tag: its
    ``X.Y.Z`` is the ``.syms`` block's (see the module docstring)."""
    names: set[str] = set()
    for module in api.modules:
        for function in module.functions:
            since = function.since
            if since and function.version and VERSION_RE.fullmatch(since) is None:
                found = VERSION_RE.match(since)
                if found is not None and found.group() == function.version:
                    names.add(function.name)
    return frozenset(names)


def defers_to_malformed(diagnostic: Diagnostic, malformed_tags: frozenset[str]) -> bool:
    """Whether the frontend's ``diagnostic`` is a ``since-mismatch`` that
    ``since-malformed`` reports already."""
    if diagnostic.rule != "since-mismatch" or not malformed_tags:
        return False
    return diagnostic.subject in malformed_tags
