"""Documentation completeness and doc-text hygiene.

* ``undocumented-*``: a node with no doc ("no doc text" when its comment
  holds only a ``Since:`` tag; check's locator says so too of a macro's,
  enum's or callback type's comment holding nothing but its title, and of
  a member's or field's holding nothing at all, which the model cannot
  tell from no comment: see ``locate._emptied``).  A function without any doc comment
  is reported once (``undocumented-function``), not once per parameter;
  so is a function-like macro (``undocumented-macro``).  A parameter of a
  documented function-like macro needs its ``@name:`` entry as a
  function's does (``undocumented-macro-param``; ``undocumented-param``
  is a function's and a callback's).
  Enum members guarded by ``VIR_ENUM_SENTINELS`` (``..._LAST``) are exempt:
  their value changes with every release and they are not meant to be used.
  A member described only by a line of its enum's doc that opens with its
  name and a colon, then text (``VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC: Request
  only, ...`` in virDomainBlockJobAbortFlags' doc, 9.0.0's one enum written
  so) is still reported, told so: no output gives it that text (the HTML
  member row, the Python constant, the API XML ``info`` are empty), as no
  output gives a group comment over fields to any field but the first
  (``undocumented-field``).
* ``flags-enum``: the doc of a ``flags`` parameter must name the enum its bits
  come from, or list members of it (virInterfaceGetXMLDesc's "Current valid
  bits: VIR_INTERFACE_XML_INACTIVE ..."), as ``Function.flags_enums`` reads
  it, unless it says the flags are unused (``not used``, ``unused``,
  ``reserved``, ``pass 0``, ``set to 0``...), which is libvirt's convention
  for calls that take no flags yet.
* ``flag-undocumented``: a doc that describes its flags enum's members one
  by one and skips one (the seed review: the ``.c`` doc described
  ``METADATA_ONLY``, not ``_CHILDREN`` nor ``_CHILDREN_ONLY``).  libvirt
  documents each flag in its own comment in the header, and a function's
  ``@flags: bitwise-OR of virXxxFlags`` points there: a flag no function
  names is that convention, not a fault (9.0.0's ``VIR_MIGRATE_*``; a
  member with no doc at all is ``undocumented-member``'s).  So a member is
  reported against a function taking its enum (``flags_enums``) whose doc
  names other members of the enum, at least a third of them (a list, not
  ``..._GUEST_AGENT`` of five in passing), unless it says those are the
  only ones it takes ("the only supported flag is ...", in a sentence that
  says "flag" or names a member of the enum: not "the result is only valid
  until the next call"), and only when no
  doc of any function taking the enum names the member (one that does not
  apply to this call is often described by another: ``RESET_NVRAM`` for
  virDomainRestoreFlags, not virDomainManagedSave).  Names count as whole
  words; an unknown one counts as the name ``unknown-symbol`` suggests for
  it (a misspelt flag is reported there, not as missing here too).  The
  list is the description and the ``@flags`` entry: a member the Returns
  text names is there for the value it changes.  The members counted as the enum's are those written as no other
  member: ``VIR_DOMAIN_DEVICE_MODIFY_LIVE = VIR_DOMAIN_AFFECT_LIVE`` is
  virDomainModificationImpact's flag, and a doc naming
  ``VIR_DOMAIN_AFFECT_LIVE`` describes that enum, not a list of
  virDomainDeviceModifyFlags skipping ``_FORCE``.  Not reported: a member
  written as another member (through a chain of such spellings) whose
  target the docs name: it is that flag under a second name.  Only the
  spelling counts, not a shared value: ``LIST_ROOTS`` and
  ``LIST_DESCENDANTS`` share bit 0 but mean different things.  Nor a member
  of value 0 (``VIR_DOMAIN_NONE``, ``..._DEFAULT``): it sets no bit,
  passing it is passing no flag, as a sentinel (``_LAST``) is no flag
  either.  The finding is about the function's doc, where the fix is
  written: one per doc to complete, at its first name of a sibling
  (locate.py's :data:`LAST_NEEDLE_RULES`), naming the missing member.
* ``undocumented-field``: a field without a comment of its own is still
  documented when a comment of its struct names it: the struct's doc or
  another field's comment writes ``@name``, or the bare name when that
  cannot be an English word (it holds an ``_``, a digit or an inner
  capital: ``dataProcessed``; ``end`` or ``value`` needs its ``@``).
  libvirt documents some fields by a comment above a group of them, which
  the scanner gives to the group's first field only (``@end`` in the
  comment above ``cur``/``end`` of ``virDomainBlockJobInfo``,
  ``dataProcessed`` in the one above ``dataTotal``).  A group comment that
  names none of them ("As above, but only tracking guest memory progress")
  still leaves the others reported: the model keeps each field's doc text,
  not whether it stood above a group or after the field itself (the two
  read alike: ``int *credtype; /* List of ... */`` does not document
  ``ncredtype`` below it), so naming is the evidence lint has; every output
  gives that comment to the first field only.  check's placing, which reads
  the file, words such a finding "is not named by the comment above its
  group" (locate.py's ``_under_group_comment``).
* ``doubled-word``: ``the the``, spelled the same (``The the`` is not
  reported), words of letters only, punctuation allowed after the second.
  Correct doublings are not reported: ``that that``, ``had had`` and the C
  type ``long long``.
* ``unbalanced-parens``: ``(`` and ``)`` counted over one text.  Text inside
  quotes is counted too; a list item numbered ``1)`` or ``a)`` at a line
  start is not counted.  The finding quotes the first ``)`` that closes
  nothing, else the first ``(`` left open, with a word or two of its line
  (``'(by calling'``), and points at that paren.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

from ..apixml_format import XML_FORBIDDEN
from ..diagnostics import Diagnostic
from ..model import Api, EnumMember, Field, Function, Location, has_doc_comment
from ..nulldocs import doc_allows_null
from .symbols import suggested, symbol_index
from .texts import Context, callables, doc_entries, doc_start
from .words import TextFacts, paren_needle

UNUSED_FLAGS_RE = re.compile(r"\b(?:not used|unused|reserved|pass (?:0|zero)|set to 0|use 0|(?:be|always) 0)\b", re.IGNORECASE)


def undocumented_functions(context: Context) -> Iterator[Diagnostic]:
    for function in callables(context.api):
        if not has_doc_comment(function):
            yield Diagnostic(function.location, "warning", f"'{function.name}' has no doc comment", "undocumented-function", subject=function.name)


def undocumented_params(context: Context) -> Iterator[Diagnostic]:
    for function in callables(context.api):
        if not has_doc_comment(function):
            continue
        entries = {entry.name for entry in function.doc_params}
        for param in function.params:
            if param.name and param.name not in entries and not param.doc:
                message = f"'{param.name}' of {function.name} has no '@{param.name}:' doc entry"
                yield Diagnostic(doc_start(function), "warning", message, "undocumented-param")


def undocumented_null(context: Context) -> Iterator[Diagnostic]:
    """A string the code lets be NULL (the model's ``nullable_strings``: the protocol carries NULL, the entry
    point expects it and refuses it not) whose docs say nothing of NULL, read as the Python bindings read
    them (:func:`generator.nulldocs.doc_allows_null`): a caller, or a binding's author, cannot tell that
    NULL is allowed nor what it asks for (virConnectGetDomainCapabilities' four strings, NULL for the host's
    default; libvirt-python and virsh pass it).  At the doc comment's ``/**`` line, as ``undocumented-param``."""
    for function in callables(context.api):
        if not isinstance(function, Function) or not function.nullable_strings or not has_doc_comment(function):
            continue
        names = tuple(p.name for p in function.params)
        for param in function.params:
            if param.name in function.nullable_strings and doc_allows_null(param.name, param.doc, function.description, names) is None:
                message = (
                    f"'{param.name}' of {function.name} may be NULL (a remote_string in the protocol; the entry point prints it"
                    f" with NULLSTR and does not refuse it), but its docs do not say so: say what NULL asks for"
                )
                yield Diagnostic(doc_start(function), "warning", message, "null-undocumented")


def undocumented_macro_params(context: Context) -> Iterator[Diagnostic]:
    """A rule of its own, apart from functions' (``undocumented-param``): libvirt's
    apibuild.py fails the build on a function's parameter without its entry, not on
    a macro's (libvirt 9.0.0 has five), so ``check --only`` can keep the first gate."""
    for module in context.api.modules:
        for macro in module.macros:
            if not macro.doc:
                continue  # undocumented-macro says it once
            entries = {entry.name for entry in macro.param_docs}
            for name in macro.params or ():
                if name not in entries:
                    message = f"'{name}' of macro {macro.name} has no '@{name}:' doc entry"
                    yield Diagnostic(macro.location, "warning", message, "undocumented-macro-param")


def undocumented_descriptions(context: Context) -> Iterator[Diagnostic]:
    """A function whose doc comment has entries, a ``Returns`` text or a ``Since:`` tag but no description
    (apibuild.py fails the build: "lacks description of the function").  Functions only, as there."""
    for module in context.api.modules:
        for function in module.functions:
            if has_doc_comment(function) and not function.description.strip():
                message = f"the doc of {function.name} says nothing of what it does: no text besides its entries, Returns and Since:"
                yield Diagnostic(doc_start(function), "warning", message, "undocumented-description")


def undocumented_returns(context: Context) -> Iterator[Diagnostic]:
    for function in callables(context.api):
        if has_doc_comment(function) and function.return_type not in ("void", "") and not function.return_doc:
            message = f"'{function.name}' returns {function.return_type} but its doc has no 'Returns' text"
            yield Diagnostic(doc_start(function), "warning", message, "undocumented-return")


def _missing(since: str) -> str:
    """A node with a ``Since:`` tag has a comment, only no text in it."""
    return "has no doc text" if since else "has no doc comment"


def undocumented_enums(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for enum in module.enums:
            if not enum.doc:
                yield Diagnostic(enum.location, "warning", f"enum '{enum.name}' {_missing(enum.since)}", "undocumented-enum")


_LIST_START_RE = re.compile(r"\s*VIR_\w+[ \t]*:[ \t]*\S")


def _listed_in(name: str, enum_doc: str) -> bool:
    """Whether the enum's doc describes ``name`` on a line of its own, ``NAME: text``
    (virDomainBlockJobAbortFlags: ``VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC: Request only, ...``).
    An API XML's ``info`` joins the lines: there a doc of one line opening with such an
    entry is a list of them, each entry after white space."""
    if name not in enum_doc:
        return False
    entry = rf"{re.escape(name)}[ \t]*:[ \t]*\S"
    if re.search(rf"^[ \t]*{entry}", enum_doc, re.MULTILINE):
        return True
    return "\n" not in enum_doc and _LIST_START_RE.match(enum_doc) is not None and re.search(rf"(?<=\s){entry}", enum_doc) is not None


def undocumented_members(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        enum_docs = {enum.name: enum.doc for enum in module.enums}
        for member in module.members:
            if member.doc or member.sentinel:
                continue
            if _listed_in(member.name, enum_docs.get(member.enum, "")):
                # as a group comment over fields (undocumented-field): the outputs give that text to the enum
                message = (
                    f"enum member '{member.name}' is described only in the doc of {member.enum} ('{member.name}: ...'), "
                    "which no output gives the member; give it a comment of its own"
                )
            else:
                message = f"enum member '{member.name}' {_missing(member.since)}"
            yield Diagnostic(member.location, "warning", message, "undocumented-member")


def all_fields(fields: tuple[Field, ...]) -> Iterator[Field]:
    for item in fields:
        yield item
        if item.union is not None:
            yield from all_fields(item.union)


def _named_in(name: str, texts: str) -> bool:
    """Whether ``texts`` name the field ``name``: as ``@name``, or as the bare
    name when it cannot be an English word (an ``_``, a digit, an inner capital)."""
    if "@" + name in texts and re.search(rf"@{re.escape(name)}(?!\w)", texts):
        return True
    identifier = "_" in name or any(c.isdigit() for c in name) or any(c.isupper() for c in name[1:])
    return identifier and re.search(rf"(?<![\w@]){re.escape(name)}(?!\w)", texts) is not None


def undocumented_fields(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for struct in module.structs:
            fields = tuple(all_fields(struct.fields or ()))
            bare = [f for f in fields if f.union is None and not f.doc]
            if not bare:
                continue
            texts = "\n".join((struct.doc, *(f.doc for f in fields)))  # a group comment sits in one field's doc
            for item in bare:
                if not _named_in(item.name, texts):
                    message = f"field '{item.name}' of {struct.name} has no doc comment"
                    yield Diagnostic(item.location, "warning", message, "undocumented-field")


def undocumented_macros(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for macro in module.macros:
            if not macro.doc:
                yield Diagnostic(macro.location, "warning", f"macro '{macro.name}' {_missing(macro.since)}", "undocumented-macro")


def flags_without_enum(context: Context) -> Iterator[Diagnostic]:
    for module in context.api.modules:
        for function in module.functions:
            flags = next((p for p in function.params if p.name == "flags"), None)
            if flags is None or function.flags_enums or not flags.doc or UNUSED_FLAGS_RE.search(flags.doc):
                continue
            message = f"'@flags' of {function.name} names no flags enum (say 'bitwise-OR of virXxxFlags', or that the flags are unused)"
            # where its text is: the doc comment, or from API XML the <arg>
            where = next((e.location for e in doc_entries(function) if e.name == "flags" and e.location.line), doc_start(function))
            yield Diagnostic(where, "warning", message, "flags-enum")


def _flag_users(api: Api) -> dict[str, list[Function]]:
    users: dict[str, list[Function]] = {}
    for module in api.modules:
        for function in module.functions:
            for enum in function.flags_enums:
                users.setdefault(enum, []).append(function)
    return users


def _spelled_as(member: EnumMember, every: dict[str, EnumMember]) -> Iterator[str]:
    """The members ``member`` is written as (``= OTHER``), through a chain of
    such spellings, of any module (``VIR_DOMAIN_MEM_LIVE = VIR_DOMAIN_AFFECT_LIVE``)."""
    seen = {member.name}
    target = every.get(member.expression)
    while target is not None and target.name not in seen:
        seen.add(target.name)
        yield target.name
        target = every.get(target.expression)


def _mentioned(member: EnumMember, words: frozenset[str], every: dict[str, EnumMember]) -> bool:
    return member.name in words or any(name in words for name in _spelled_as(member, every))


def _texts(function: Function) -> tuple[str, ...]:
    return (function.description, function.return_doc, *(entry.text for entry in doc_entries(function)))


def _parts(function: Function) -> Iterator[tuple[str, str, Location]]:
    """(part, text, place) of ``function``'s doc in the comment's order: the entries, the description, the Returns text."""
    where = doc_start(function)
    for entry in doc_entries(function):
        yield f"@{entry.name}", entry.text, entry.location if entry.location.line else where
    yield "description", function.description, where
    yield "returns", function.return_doc, where


# "so far the only supported flag is VIR_CONNECT_NO_ALIASES": the doc lists what the call takes, on purpose
ONLY_SUPPORTED_RE = re.compile(r"\bonly (?:supported|valid|accepted|allowed)\b|\bthe only (?:\w+ )?flags?\b")
# the word, not the parameter: "... only valid for the duration of ... with @flags" is about no flag
_FLAG_WORD_RE = re.compile(r"(?<![@\w])flags?\b", re.IGNORECASE)
# where a sentence ends: its stop and the space after it, or a blank line
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``."""
    begin = 0
    for match in _SENTENCE_END_RE.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END_RE.search(text, end)
    return text[begin : len(text) if stop is None else stop.start()]


def _only_supported(function: Function, members: Collection[str], facts: TextFacts) -> bool:
    """Whether ``function``'s doc says the flags it names are the only ones it takes: the phrase in
    a sentence about flags (the word, or a member of the enum), not "the result is only valid until
    the next call" (every event-register function's "only valid for the duration of ... the callback")."""
    for text in _texts(function):
        if "only " not in text:
            continue
        for match in ONLY_SUPPORTED_RE.finditer(text):
            sentence = _sentence(text, match.start(), match.end())
            if _FLAG_WORD_RE.search(sentence) or any(word in members for word in facts.mentions(sentence)):
                return True
    return False


# the parts of a function's doc that describe its flags: a member named in its Returns text is there for
# what it does to the value returned (virConnectCompareCPU's ..._FAIL_INCOMPATIBLE), no list of the flags
LIST_PARTS = ("@flags", "description")


def _listed(function: Function, facts: TextFacts, meant: Callable[[frozenset[str]], frozenset[str]]) -> frozenset[str]:
    """The words of the parts of ``function``'s doc that describe its flags (:data:`LIST_PARTS`), as ``meant``."""
    return meant(frozenset(word for part, text, _ in _parts(function) if part in LIST_PARTS for word in facts.mentions(text)))


def _first_named(function: Function, own: dict[str, EnumMember], facts: TextFacts) -> tuple[str, str, Location] | None:
    """(part, sibling, place): where ``function``'s doc first names a member of ``own``, in a part describing its flags."""
    for part, text, where in _parts(function):
        if part not in LIST_PARTS:
            continue
        for word in facts.mentions(text):
            if word in own:
                return part, word, where
    return None


def undocumented_flags(context: Context) -> Iterator[Diagnostic]:
    users = _flag_users(context.api)
    every = {member.name: member for module in context.api.modules for member in module.members}
    facts = context.facts
    known: dict[str, frozenset[str]] = {}  # a function's named words, asked once per enum it takes

    def words(function: Function) -> frozenset[str]:
        found = known.get(function.name)
        if found is None:
            found = known[function.name] = meant(frozenset(word for text in _texts(function) for word in facts.mentions(text)))
        return found

    def meant(words: frozenset[str]) -> frozenset[str]:
        """``words`` with the name ``unknown-symbol`` suggests for each unknown one: a misspelt flag
        (virDomainGetJobStats' ..._COMPLETED_KEEP) is a mention of the flag, which that rule reports
        ("did you mean ..._KEEP_COMPLETED?"), not a flag missing from the doc as well."""
        if words <= context.names:
            return words  # most docs: no set made
        unknown = [word for word in words - context.names if word.startswith("VIR_")]
        if not unknown:
            return words
        index = symbol_index(context)  # the rule's own, and its suggestions, made already when it ran
        hints = (suggested(context, word) for word in unknown if not index.exists(word))
        return words | {hint for hint in hints if hint is not None}

    in_lists: dict[str, frozenset[str]] = {}  # the words of a function's parts describing its flags, likewise

    def list_words(function: Function) -> frozenset[str]:
        found = in_lists.get(function.name)
        if found is None:
            found = in_lists[function.name] = _listed(function, facts, meant)
        return found

    for module in context.api.modules:
        for enum in module.enums:
            functions = users.get(enum.name)
            if not functions:
                continue
            # a value of 0 sets no bit: passing it is passing no flag
            flags = [every[name] for name in enum.members if name in every and not every[name].sentinel and every[name].value != 0]
            own = {member.name: member for member in flags if member.expression not in every}
            named_anywhere = frozenset().union(*map(words, functions))
            missing = [member for member in flags if not _mentioned(member, named_anywhere, every)]
            if not missing or not own:
                continue
            for function in functions:
                # a list: at least a third of the enum's own flags, one by one (not ..._GUEST_AGENT of five in passing)
                named = len(own.keys() & list_words(function)) if not own.keys().isdisjoint(words(function)) else 0
                if not named or 3 * named < len(own) or _only_supported(function, enum.members, facts):
                    continue
                listed = _first_named(function, own, facts)
                if listed is None:
                    continue
                part, sibling, where = listed
                for member in missing:
                    message = f"flag '{member.name}' is missing from the doc of {function.name} ({part}), which describes '{sibling}': describe it there too"
                    yield Diagnostic(where, "warning", message, "flag-undocumented")


def doubled_words(context: Context) -> Iterator[Diagnostic]:
    for doc in context.texts:
        for pair in context.facts.doubled(doc.text):
            where = "" if doc.part == "doc" else f" ({doc.part})"
            yield Diagnostic(doc.location, "warning", f"'{pair}' in the doc of {doc.owner}{where} doubles a word", "doubled-word")


def unbalanced_parens(context: Context) -> Iterator[Diagnostic]:
    for doc in context.texts:
        balance = context.facts.balance(doc.text)
        if balance:
            what = "closes a ')' that was never opened" if balance < 0 else f"leaves {balance} '(' unclosed"
            where = "" if doc.part == "doc" else f" ({doc.part})"
            offset = context.facts.fault(doc.text)
            quoted = f"'{paren_needle(doc.text, offset)}' in " if offset is not None else ""
            yield Diagnostic(doc.location, "warning", f"{quoted}the doc of {doc.owner}{where} {what}", "unbalanced-parens")


def xml_characters(context: Context) -> Iterator[Diagnostic]:
    """A doc text holding a character XML 1.0 cannot carry: ``api`` and ``generate``
    stop on it, so ``check`` says so first (one search over every text, nearly always empty).
    Only the texts the API XML writes: a struct's own doc is in no element of it (its
    fields' are), so a character there stops nothing, and ``api`` (which lists these
    findings as the places of what stopped it) would have named one that did not."""
    if not XML_FORBIDDEN.search("".join(doc.text for doc in context.texts)):
        return
    unwritten = {struct.name for module in context.api.modules for struct in module.structs}
    for doc in context.texts:
        if doc.part == "doc" and doc.owner in unwritten:
            continue
        found = XML_FORBIDDEN.search(doc.text)
        if found is not None:
            where = "" if doc.part == "doc" else f" ({doc.part})"
            character = f"U+{ord(found.group()):04X}"
            message = f"{character} in the doc of {doc.owner}{where}: XML 1.0 has no way to carry it, so the API XML cannot be written; remove it"
            yield Diagnostic(doc.location, "error", message, "xml-character", subject=doc.owner)
