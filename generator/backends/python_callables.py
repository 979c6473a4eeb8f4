"""The Python backend's rule for C function names in docstrings: the Python callable instead.

libvirt's docs name C functions ("The caller should invoke virStreamFinish(st) ...", "see
virDomainCheckpointGetParent"); a Python reader calls methods.  Given what the bindings made of each bound C
function (C name -> ``virStream.finish()``, ``libvirt_ctypes.open()``, an enum's class: the mapping
``generator.backends.python._python_callables`` reads off the plan, no table kept by hand),
:func:`python_callables_doc` says each mention in prose as that callable, and a handle class's C pointer type
as an object of the class (:data:`HANDLE_POINTER`), and a NULL said of a parameter of a callable its clause names,
one taking None, as that keyword argument (:func:`_with_callable_none`: "with base=None"); :func:`function_doc_with`
refills the description lines that made longer.

What is left as it is: a function with no callable in the mapping (skipped, or called by nothing:
``virXxxRef``); C examples (:func:`python_docs.c_example_paragraphs`); the bindings' own notes ("In Python:
...", and the notes inside a line, :data:`_OWN_NOTES`, written with the C names they mean) and the tail ("C
function: virXxx").

Text in, text out: it must not walk the model or the plan (the mapping is given), and never imports
:mod:`generator.backends.python`, which imports it.
"""

from __future__ import annotations

import re

from .python_docs import PARAGRAPH_PIECES, PYTHON_NOTE, c_example_paragraphs, indefinite_article, refilled

# The package the backend writes (the backend's own name for it comes from here): a docstring names a module-level
# function with it ("libvirt_ctypes.open()"), and such a function is no method of the object a C call passes first.
PACKAGE = "libvirt_ctypes"

# A C function's name in prose, with the C argument list it may carry ("virStreamFinish(st)",
# "virDomainGetXMLDesc()"): not part of a longer name, not a URL's ("https://.../html/libvirt-libvirt-domain.html#virDomainGetXMLDesc"),
# not a family of names ("virDomainMigrate* APIs", "one of the virDomainCreate APIs", "any of the virConnectOpen()
# API calls").  A name before a parenthesis that holds more than an argument list (another one) stays whole.
_C_FUNCTION_MENTION = re.compile(
    r"(?<![\w#.*@-])(?P<name>vir[A-Z]\w*)(?:\((?P<args>[^()]*)\)(?!\s+API\s+calls\b)|(?![(\w*#]|\.\w|\s+APIs\b|\s+API\s+calls\b))"
)
_IN_URL = re.compile(r"(?:://|#)\S*$")
# An argument list giving nothing but the object a method is called on ("virStreamFinish(st)"): said as the call's
# "()".  Any other (C's sizing call "virDomainGetDiskErrors(dom, NULL, 0, 0)", "virStreamRecv(stream, data,
# nbytes)") shows a C call, whose arguments the method's do not match: the mention stays C.
_OBJECT_ONLY = re.compile(r"[A-Za-z_]\w*")
# A line of C code, before a ``//`` comment ("virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0); // nparams").
C_CODE_LINE = re.compile(r"[;{}]\s*(?://.*)?$", re.MULTILINE)

# A paragraph the bindings wrote, not the C docs: a note on the Python side of a call, the docstring's tail.
_BINDINGS_PARAGRAPH = re.compile(rf"{PYTHON_NOTE}|C (?:function|enum|struct): ")
# The bindings' notes inside a line naming the C function the bindings call ("{function}"): how many CPUs a map has,
# the type of a typed parameter the method is given.  They mean that C function (its count, the types it reports,
# which the Python method does not give), so they stay as they are, as the "In Python:" paragraphs do.
PER_CPU_NOTE = "one bool per host CPU (as many as {function} counts), True where the CPU is set"
TYPES_NOTE = " (a dict {field: value}; a field's type is a TypedValue's, else the one {function} reports)"
_OWN_NOTES = re.compile("|".join(re.escape(note).replace(re.escape("{function}"), r"vir\w+") for note in (PER_CPU_NOTE, TYPES_NOTE)))


# A handle class's C pointer type in prose ("a fresh virConnectPtr", "the associated virDomainPtr object"): a Python
# program holds an object of the class, so the mention is said "virConnect object" ("a fresh virConnect object"),
# one "object" where the C text has its own.  The article stays right: both names start with "vir".  A declaration
# ("virDomainPtr *domains") is C's, left as it is.
HANDLE_POINTER = re.compile(r"(?<![\w#.*@-])(?P<name>vir[A-Z]\w*)Ptr\b(?!\s*\*)(?P<object>\s+objects?\b)?")


def python_callables_doc(
    text: str,
    callables: dict[str, str],
    handles: frozenset[str] = frozenset(),
    nullable: dict[str, dict[str, str]] | None = None,
    getters: dict[str, str] | None = None,
) -> str:
    """``text`` with each C function of ``callables`` it names in prose named as the Python callable, its C
    argument list left out, a struct of ``getters`` called with "()" as the callable returning it
    (:func:`_python_callable`), and the pointer type of each class of ``handles`` as its object (:data:`HANDLE_POINTER`);
    a NULL said of a parameter of a named callable that takes None (``nullable``: C function -> those parameters,
    the C name prose gives each -> the Python one) said as that None (:func:`_with_callable_none`).  C examples and
    the bindings' own paragraphs stay as they are."""
    if "vir" not in text:
        return text
    pieces = PARAGRAPH_PIECES.split(text)  # paragraph, the break after it, paragraph, ...
    code = c_example_paragraphs(pieces[0::2], C_CODE_LINE)
    for index, paragraph in enumerate(pieces[0::2]):
        if not code[index] and not _BINDINGS_PARAGRAPH.match(paragraph):
            spans = _OWN_NOTES.split(paragraph)  # the C text, then the note and the C text after it, ...
            notes = [note.group() for note in _OWN_NOTES.finditer(paragraph)]
            spans = [_with_callable_none(span, nullable) for span in spans] if nullable else spans
            objects = [HANDLE_POINTER.sub(lambda m: _handle_object(m, handles), span) for span in spans]
            articled = [_ARTICLED.sub(lambda m: _articled(m, callables), span) for span in objects]
            texts = [_C_FUNCTION_MENTION.sub(lambda m: _python_callable(m, callables, getters or {}), span) for span in articled]
            pieces[2 * index] = "".join(text + note for text, note in zip(texts, [*notes, ""], strict=True))
    return "".join(pieces)


# A NULL said of a named parameter, as a C caller passes it: "If name == NULL was passed to virConnectOpen", "This is
# shorthand for virDomainBlockRebase() with a NULL base".  Said of a parameter of the callable the clause names
# that takes None, it is that keyword argument: "If name=None was passed to libvirt_ctypes.open()", "with
# base=None" ("a None base" reads as no Python).  A NULL in a C call ("virDomainGetCPUStats(dom, NULL, 0, ...)")
# names no parameter, and stays; so do the method's own "@name == NULL" and a C condition in parentheses ("if
# (name == NULL)"): the code's, not the named callable's.
_PARAMETER_NULL = re.compile(
    r"(?<![@\w])(?<!\(\s)(?<!\()(?P<name>[a-z_]\w*)\s*==\s*NULL\b(?!\s*\))|\b[Aa]\s+NULL\s+(?P<after>[a-z_]\w*)\b(?![-(])"
)
# Where a clause ends for :data:`_PARAMETER_NULL`'s callable: past a stop (not "e.g."/"i.e."), a comma, a semicolon,
# a colon, a blank line.  A NULL in another clause than the callable's is said of something else: "Unlike
# virConnectOpen, a NULL name is refused here" is the method's own parameter.
_CLAUSE_END = re.compile(r"(?<![ie]\.[eg])\.(?=\s)|[,;:](?=\s)|\n[ \t]*\n", re.IGNORECASE)


def _with_callable_none(text: str, nullable: dict[str, dict[str, str]]) -> str:
    """``text`` with each NULL :data:`_PARAMETER_NULL` finds said as the keyword argument ``name=None`` where
    ``name`` is a parameter taking None of a callable its clause names (:data:`_CLAUSE_END`; ``nullable``: by the C
    names of the callables and of their parameters, the Python names); the other NULLs stay (of another parameter,
    with no callable named)."""
    if "NULL" not in text:
        return text
    pieces: list[str] = []
    start = 0
    for end in [*(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]:
        clause = text[start:end]
        named = {c: py for m in _C_FUNCTION_MENTION.finditer(clause) for c, py in nullable.get(m.group("name"), {}).items()}

        def said(match: re.Match[str], named: dict[str, str] = named) -> str:
            name = match.group("name") or match.group("after")
            return f"{named[name]}=None" if name in named else match.group()

        pieces.append(_PARAMETER_NULL.sub(said, clause) if named else clause)
        start = end
    return "".join(pieces)


# Where a function docstring's description ends: its first :param:, :returns: or :raises line, else its tail.
_DESCRIPTION_END = re.compile(r"\n\n(?=:\w+|C function: )")


def function_doc_with(old: str, new: str) -> str:
    """A function's docstring ``new`` made from ``old`` by :func:`python_callables_doc`, with each description line
    it made longer than ``old``'s lines wrapped as :func:`python_docs.refilled` wraps those of the other rules ("libvirt_ctypes.open()"
    is longer than "virConnectOpen"): ``old``'s lines are the C description's or no longer than its widest."""
    if new == old:
        return new
    before, after = _DESCRIPTION_END.split(old, maxsplit=1)[0], _DESCRIPTION_END.split(new, maxsplit=1)
    return "\n\n".join([refilled(after[0], before), *after[1:]])


# "a virErrorNumber value": the article before a name the docstring says another way ("an ErrorNumber value")
_ARTICLED = re.compile(r"\b(?P<article>[Aa]n?)(?P<space>[ \t]+)(?P<name>vir[A-Z]\w*)\b(?![(]|\.\w)")  # a sentence's end too


def _articled(mention: re.Match[str], callables: dict[str, str]) -> str:
    """An article before an enum type's C name, as the class name it becomes wants; the name itself is left
    to :func:`_python_callable`."""
    spelled = callables.get(mention.group("name"), "")
    if not spelled or spelled.endswith(")"):  # not an enum: a callable is not read after an article
        return mention.group()
    article = indefinite_article(spelled.rsplit(".", 1)[-1])
    article = article.capitalize() if mention.group("article")[0].isupper() else article
    return f"{article}{mention.group('space')}{mention.group('name')}"


def _handle_object(mention: re.Match[str], handles: frozenset[str]) -> str:
    name = mention.group("name")
    if name not in handles:  # a struct's pointer (virConnectAuthPtr): no object of a class
        return mention.group()
    return name + (mention.group("object") or " object")


def _python_callable(mention: re.Match[str], callables: dict[str, str], getters: dict[str, str]) -> str:
    """What replaces one :data:`_C_FUNCTION_MENTION`: the Python callable, or the mention itself (a function with
    none, a C call with arguments besides the object, a name in a URL).  A struct's name called with "()" is
    the one callable returning it (``getters``: "tracked by virDomainBlockJobInfo()" is "tracked by
    virDomain.getBlockJobInfo()", libvirt's slip for virDomainGetBlockJobInfo); the bare name is the struct's."""
    spelled = callables.get(mention.group("name"))
    if spelled is None and mention.group("args") == "":
        spelled = getters.get(mention.group("name"))
    args = (mention.group("args") or "").strip()
    if spelled is None or (args and not (_OBJECT_ONLY.fullmatch(args) and not spelled.startswith(PACKAGE + "."))):
        return mention.group()
    if _IN_URL.search(mention.string, max(0, mention.start() - 200), mention.start()):
        return mention.group()
    return spelled
