"""The Python backend's docstring prose: the rules that turn libvirt's C doc text into the text of a docstring.

Text in, text out.  Each function takes strings (a description, a parameter or return doc, a docstring line, and at
most C names or Python annotations, as strings) and gives what a Python reader needs, with what only a C caller does
left out or said the Python way: C's NULL as None (:func:`with_none`, :func:`description_with_none`,
:func:`fields_with_none`, :func:`without_returned_not_null`), advice on C memory (:func:`without_free_advice`,
:func:`without_borrow_notes`, :func:`without_output_advice`, :func:`without_release_advice`,
:func:`without_freeing_advice`, :func:`without_own_free_notes`, :func:`closing_not_freeing`), what is stored
through an output pointer (:func:`stored_value_doc`), a method's C pointer to the object it returns
(:func:`without_pointer_words`), a C string's terminator and encoding and the article before a word
(:func:`without_c_string_words`, :func:`indefinite_article`), C's arrays said as the dict or list a method returns
(:func:`records_description`, :func:`a_dict`, :func:`a_list`), a line a rule made longer refilled
(:func:`refilled`), a docstring's field lines laid out (:func:`laid_out`); and the paragraph and sentence cutting
they share (:func:`split_outside_parentheses`, :func:`rejoined`, :func:`without_sentences_matching`).

What it must not do: walk the model or know the views (no ``Function``, ``Api`` or ``FunctionView`` here).  Which rule
applies to which function, from its C shape, is decided in :mod:`generator.backends.python` (``_docstring``), which
calls these.  It imports nothing of the backend: :mod:`.python_failures` and :mod:`.python_callables` build on it,
and the backend imports all three.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from ..nulldocs import NOT_NULL as NOT_NULL  # re-exported: the backend's other readers of NULL
from ..nulldocs import NULL_VALUE as NULL_VALUE

# How a paragraph of the bindings' own opens, a note on the Python side of a call (not C doc text: one line as written).
PYTHON_NOTE = "In Python:"


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
PARAGRAPH_PIECES = re.compile(f"({PARAGRAPH_BREAK.pattern})")  # split keeping each break: paragraph, break, paragraph, ...
INDENTED = re.compile(r"^[ \t]")
# Where a sentence ends, looking ahead: a stop (not "e.g."/"i.e.") or ";" before a space or the text's end.
SENTENCE_END_AHEAD = re.compile(r"(?<![ie]\.[eg])[.;](?=\s|$)", re.IGNORECASE)


def is_indented(paragraph: str) -> bool:
    """Whether every line of ``paragraph`` with text is indented: a C example or a list, which prose rules leave as
    written."""
    return all(INDENTED.match(line) for line in paragraph.splitlines() if line.strip())


def prose_rewritten(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with ``rewrite`` applied to each paragraph that is not indented (:func:`is_indented`); ``text``
    itself when nothing changed, else the paragraphs joined by one blank line."""
    paragraphs = PARAGRAPH_BREAK.split(text)
    kept = [p if is_indented(p) else rewrite(p) for p in paragraphs]
    return text if kept == paragraphs else "\n\n".join(kept)


# A field line's width: the docstring filter's 150 columns less a method's indentation and a margin; its next lines
# are indented under it, as reST continues a field (they started at the margin, the filter's wrap: QA, session 33).
_FIELD_WIDTH = 138
_FIELD_LINE = re.compile(r":(?:param \w+|returns|raises \w+):")


def laid_out(doc: str) -> str:
    """A function docstring with its ``:param:``/``:returns:``/``:raises`` lines wider than :data:`_FIELD_WIDTH`
    wrapped with an indented continuation, and the lines of its "In Python:" notes wider than the C description's
    width (:data:`_COMMENT_WIDTH`) wrapped at it: the notes are one line each as written, which the filter cut at
    150 columns (registerCloseCallback's)."""
    paragraphs = doc.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        if paragraph.startswith(PYTHON_NOTE):
            paragraphs[index] = "\n".join(_wrapped(line, _COMMENT_WIDTH, "") for line in paragraph.split("\n"))
        elif _FIELD_LINE.match(paragraph):
            paragraphs[index] = "\n".join(_wrapped(line, _FIELD_WIDTH, "    ") if _FIELD_LINE.match(line) else line for line in paragraph.split("\n"))
    return "\n\n".join(paragraphs)


def _wrapped(line: str, width: int, indent: str) -> str:
    if len(line) <= width:
        return line
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False))


# Where a one-paragraph doc is cut into sentences: after a "." or ";" (a sentence into clauses:
# :data:`python_failures.CLAUSE_BREAK`).
SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+")


# Telling a C caller to release what the binding releases itself: a sentence with the caller as its subject
# ("The caller must free() the returned value.", "It is the caller's responsibility to free the error ..."),
# a clause ("which must be freed by the caller", "that the caller owns and must release with virDomainFree()",
# ", the string must be freed by the caller") or a parenthesis ("(caller must free)").
FREE_SENTENCE = re.compile(r"^(?:the\s+(?:caller|client)\b|it\s+is\s+the\s+(?:caller|client)'s\s+responsibility\b).*\b(?:free|release)", re.IGNORECASE)
_FREE_CLAUSE = re.compile(
    r",?\s+(?:which|that)\s+[^,.;()]*?\bmust\s+(?:be\s+)?(?:freed|released|free|release)\b[^,.;]*"
    r"|,\s+(?:the\s+\w+|it)\s+must\s+be\s+(?:freed|released)\b[^,.;]*"
    r"|\s*\([^()]*\b(?:caller|client)\b[^()]*\bfree(?:s|d)?\b[^()]*\)",
    re.IGNORECASE,
)


# A C string's bytes as its doc tells them: the terminator ("0 terminated", "null-terminated", "NUL-terminated") and
# the encoding ("UTF-8 encoded", "NUL-terminated UTF-8 string", ", preferably in UTF-8"), with the storage said before
# them ("static", "newly allocated,").  A str has none of them: the bindings encode it as UTF-8 and add the NUL, or
# copy and decode what comes before it; an array they build from a sequence or return as a list has no terminator
# either ("NULL terminated array of domains").  Storage words alone stay ("the static configuration").
_C_STRING_WORDS = re.compile(
    r"\b(?P<article>an?\s+)?(?:(?:static|newly\s+allocated),?\s+)?"
    r"(?:(?:0|zero|null|nul)[- ]terminated\s+(?:UTF-8(?:[- ]encoded)?\s+)?|UTF-8[- ]encoded\s+)(?=\w)"
    r"|,?\s+preferably\s+in\s+UTF-8\b",
    re.IGNORECASE,
)
# Letters whose English names start with a vowel sound: an acronym spelled letter by letter opening with one takes "an"
# ("an XML instance", "an FD"; "a URI").
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")
# An acronym (or a word in capitals) opening with a consonant, or with consonants English starts a word with ("sp",
# "st", "str", "sh", "fl" ...), then a vowel (Y too) is read as a word: "a MAC address", "a NUMA node", "a SPICE
# server", "a STRING", "a SYSTEMD unit"; "an SMBIOS", "an SSH key" are spelled out.  SCSI is read as a word, "scuzzy",
# though its letters would not tell: the one such name libvirt's docs use ("a SCSI host").
_ACRONYM_READ_AS_WORD = re.compile(r"(?:[B-DF-HJ-NP-TV-Z]|S[CHKLMNPTW]|S(?:TR|PR|PL|CR|CH)|F[LR])[AEIOUY]|SCSI")
# A number said with a vowel first: eight, eighty, eight hundred ... ("an 8-bit value"), eleven and eighteen, alone or
# before thousands ("an 18-bit", "an 11000-entry"); others take "a" ("a 64-bit", "a 1100-page", "a 100").
_VOWEL_SOUND_NUMBER = re.compile(r"8|1[18](?:\d{3})*(?!\d)")
# Lowercase words whose spelling and sound differ at the start: a vowel sounding "you" or "w" ("a unique identifier",
# "a user", "a utility", "a one-shot") and a silent h ("an hour").  A short list of openings, not a dictionary: "uni"
# before n, m or d is mostly the prefix "un-" ("an uninitialized", "an unimportant", "an unidentified").
_CONSONANT_SOUND_VOWELS = re.compile(r"uni(?![nmd])|us[aeu]|uti|uu|eu|on(?:e|ce)$", re.IGNORECASE)
_SILENT_H = re.compile(r"h(?:our|onest|onou?r|eir)", re.IGNORECASE)


def without_c_string_words(text: str) -> str:
    """A :param: or :returns: text without what :data:`_C_STRING_WORDS` finds; a leading "a" is made "an" where the
    word after it wants one ("a 0 terminated UTF-8 encoded XML instance" is "an XML instance")."""

    return _C_STRING_WORDS.sub(_article_kept, text)


def _article_kept(match: re.Match[str]) -> str:
    """What replaces words dropped after an article (the match's "article" group, may be empty): the article, "a" or
    "an" as the word after the match wants ("a 0 terminated XML instance" is "an XML instance")."""
    article = match.group("article")
    if not article:
        return ""
    word = re.match(r"\w+", match.string[match.end() :])
    assert word is not None  # the patterns' lookahead saw a word character
    spelled = indefinite_article(word.group())
    return (spelled.capitalize() if article[0].isupper() else spelled) + article[len(article.rstrip()) :]


def indefinite_article(word: str) -> str:
    """"a" or "an", as ``word``'s first sound wants: an acronym read as a word (:data:`_ACRONYM_READ_AS_WORD`) by its
    first letter, one spelled out by that letter's name (:data:`_VOWEL_SOUND_LETTERS`), another word by its first
    letter but for :data:`_CONSONANT_SOUND_VOWELS` ("a unique") and :data:`_SILENT_H` ("an hour"), and a number as it
    is said (:data:`_VOWEL_SOUND_NUMBER`: "an 8-bit")."""
    if word[0].isdigit():
        return "an" if _VOWEL_SOUND_NUMBER.match(word) else "a"
    if len(word) > 1 and word.isupper():
        return "a" if _ACRONYM_READ_AS_WORD.match(word) or word[0] not in _VOWEL_SOUND_LETTERS else "an"
    if _SILENT_H.match(word):
        return "an"
    return "an" if word[0].lower() in "aeiou" and not _CONSONANT_SOUND_VOWELS.match(word) else "a"


# "a newly allocated string", "the newly allocated array": where the C function's memory comes from.  A method
# returning a str, bytes or a list returns a value it built from that memory, which it freed (:func:`without_allocation_words`).
_NEWLY_ALLOCATED = re.compile(r"\b(?P<article>an?\s+)?newly[- ]allocated,?\s+(?=\w)", re.IGNORECASE)
# The return annotations of such a value (with None where NULL is an answer).
_BUILT_VALUE = re.compile(r"(?:str|bytes|list\[[^\]]+\])(?:\s*\|\s*None)?")


def without_allocation_words(line: str, annotation: str) -> str:
    """A ``:returns:`` line without "newly allocated" (:data:`_NEWLY_ALLOCATED`) where the method returns a str, bytes
    or a list (``annotation``): "a newly allocated string." is "a string.".  Elsewhere (a handle, a new object of the
    package's) the words stay."""
    return _NEWLY_ALLOCATED.sub(_article_kept, line) if _BUILT_VALUE.fullmatch(annotation) else line


# A parameter doc opening with the C pointer the value is passed through ("pointer to the domain", "pointer to XML
# description of one device", "Pointer to blkio parameter objects"): the method takes the object, the str, the dict.
POINTER_LEAD = re.compile(r"^(?:(?:a|the)\s+)?pointer\s+to\s+(?=\w)", re.IGNORECASE)


FIELD = re.compile(r":(?:param\s+\w+|returns):")  # the field a docstring line documents
# An annotation admitting None at its top level ("str | None", "virErrorTuple | None"; not "tuple[str | None, int]").
NONE_ANNOTATION = re.compile(r"(?:[^\[\]]|\[[^\]]*\])*\|\s*None")


# An annotation of a value holding elements ("Sequence[str] | None", "list[str] | None", "Mapping[str, Any] | None"): a
# NULL its doc gives an element is no None of the value.
_CONTAINER_ANNOTATION = re.compile(r"[\w.]+\[")
# Where a NULL's clause starts and ends (:func:`_of_elements`): a comma, a semicolon, a colon, a parenthesis, a stop.
_CLAUSE_EDGE = re.compile(r"[,;:()]|\.(?=\s|$)")
_ELEMENT_WORDS = r"(?:elements?|entr(?:y|ies)|items?|members?|strings?)"
# A clause's words before its NULL making the NULL an element's: an element word as the subject of a verb ("each
# element may be", "whose entries can be", "strings in the list are"; not "list of strings or") or "any of which may
# be" ...
_ELEMENT_SUBJECT = re.compile(
    rf"(?:(?<!\bof\s)\b{_ELEMENT_WORDS}|\b(?:any|each|some|all|none|one|either|neither)\s+of\s+(?:which|them|these|those))"
    r"(?:\s+\S+){0,4}?\s+(?:is|are|be|was|were)\b.*$",
    re.IGNORECASE,
)
# ... and after it: "NULL entries are skipped".
_ELEMENT_AFTER = re.compile(rf"\s+{_ELEMENT_WORDS}\b", re.IGNORECASE)
# Where the part of a line a "non-NULL" is in starts and ends (:func:`_names_elements`): as :data:`_CLAUSE_EDGE`, but
# not at a comma ("each item which, if non-NULL, is copied" is one part).
_PART_EDGE = re.compile(r"[;:()]|\.(?=\s|$)")
_ELEMENT_NAMED = re.compile(rf"(?<!\bof\s)\b{_ELEMENT_WORDS}\b", re.IGNORECASE)
# A "non-NULL" said of the value itself, with no other subject than "it" or "this": "if non-NULL", "when it is
# non-NULL", "it must be non-NULL" (a modal keeping its sense with "not" moved before "be"; "may be non-NULL" is not
# "may not be None").
_VALUE_NOT_NULL = re.compile(
    r"\b(?P<lead>(?i:(?:if|when|unless)(?:\s+(?:it|this)\s+is)?|(?:it|this)\s+is|(?:it|this)\s+(?P<modal>must|should|shall|will|would)\s+be))"
    r"(?P<space>\s+)non-NULL\b"
)


def with_none(line: str, annotation: str) -> str:
    """A ``:param:`` or ``:returns:`` line whose value's ``annotation`` admits None, with C's NULL said as None (not
    "non-NULL" or "NULL-terminated", :data:`NULL_VALUE`): "the channel name, or NULL" is "the channel name, or None",
    "the last error or NULL if none occurred" "the last error or None if none occurred".  Where the value holds
    elements, a NULL said of them stays ("a list of names, each entry may be NULL", :func:`_of_elements`).  A line
    saying None this way says "not None" for the value's "non-NULL" too (:data:`_VALUE_NOT_NULL`: "the name, or NULL;
    if non-NULL, ..." is "the name, or None; if not None, ...")."""
    if not NONE_ANNOTATION.fullmatch(annotation):
        return line
    container = _CONTAINER_ANNOTATION.match(annotation) is not None
    said = NULL_VALUE.sub(lambda null: null.group() if container and _of_elements(line, null.start(), null.end()) else "None", line)
    if said == line:
        return line

    def not_none(match: re.Match[str]) -> str:
        if container and _names_elements(said, match.start(), match.end()):
            return match.group()
        lead, space = match.group("lead"), match.group("space")
        if match.group("modal"):  # "it must be non-NULL": "it must not be None"
            return f"{lead[: -len('be')]}not be{space}None"
        return f"{lead}{space}not None"

    return _VALUE_NOT_NULL.sub(not_none, said)


def _of_elements(line: str, start: int, end: int) -> bool:
    """Whether the NULL (or "non-NULL") at ``line[start:end]`` is said of the value's elements, by the words of its
    clause (:data:`_CLAUSE_EDGE`): an element as the subject before it (:data:`_ELEMENT_SUBJECT`), or after it
    (:data:`_ELEMENT_AFTER`)."""
    first, last = _between_edges(_CLAUSE_EDGE, line, start, end)
    return _ELEMENT_SUBJECT.search(line[first:start]) is not None or _ELEMENT_AFTER.match(line[end:last]) is not None


def _names_elements(line: str, start: int, end: int) -> bool:
    """Whether the part of ``line`` (:data:`_PART_EDGE`) holding the "non-NULL" at ``line[start:end]`` names an element
    at all (not "list of strings"): the "non-NULL" may then be one's ("each item which, if non-NULL, is copied"), and a
    "not None" would be unsure; a stricter test than :func:`_of_elements`'s, for a word only made clearer."""
    return _ELEMENT_NAMED.search(line, *_between_edges(_PART_EDGE, line, start, end)) is not None


def _between_edges(edges: re.Pattern[str], line: str, start: int, end: int) -> tuple[int, int]:
    """Where the stretch of ``line`` holding ``line[start:end]`` begins and ends: past the last match of ``edges``
    before ``start``, and at the first one after ``end`` (the line's ends where there is none)."""
    before = [edge.end() for edge in edges.finditer(line, 0, start)]
    after = edges.search(line, end)
    return (before[-1] if before else 0), (after.start() if after else len(line))


# "non-NULL" said of a value a call returns: "then the driver will return a non-NULL URI which can be used ..."
# (virConnectGetURI's).  Of a method whose value is never None, the word tells nothing: "will return a URI which ...".
# Only "a non-NULL" before its noun, with the call, the function or the driver as the subject, or "it" in a sentence
# naming no callback before it: "it returns non-NULL only if" says when, and a callback's "returns a non-NULL value"
# is the callback's.
_RETURNED_NOT_NULL = re.compile(
    r"\b(?P<lead>(?P<subject>(?:this|the)\s+(?:call|function|API|method|driver)|it)(?:\s+(?:will|would|may|can|should|must))?"
    r"\s+(?:returns?|returned))(?P<space>\s+)(?P<article>an?\s+)non-NULL\s+(?=\w)",
    re.IGNORECASE,
)
CALLBACK = re.compile(r"\bcallbacks?\b", re.IGNORECASE)
_STOP = re.compile(r"(?<![ie]\.[eg])\.(?=\s)", re.IGNORECASE)  # a sentence's end: a ";" goes on of the same callback


def names_callback_before(text: str, position: int) -> bool:
    """Whether the sentence holding ``text[position]`` names a callback before it, which an "it" there may be
    ("The callback is called; it returns -1 to stop": the callback's value, not the call's)."""
    stops = [stop.end() for stop in _STOP.finditer(text, 0, position)]
    return CALLBACK.search(text, stops[-1] if stops else 0, position) is not None


def without_returned_not_null(description: str, annotation: str) -> str:
    """A description of a method whose return ``annotation`` does not admit None without the "non-NULL" it says of a
    value the call returns (:data:`_RETURNED_NOT_NULL`), its article made right for the word after it ("a non-NULL XML
    document" is "an XML document")."""
    if "non-NULL" not in description or NONE_ANNOTATION.fullmatch(annotation):
        return description

    def said(match: re.Match[str]) -> str:
        if match.group("subject").lower() == "it" and names_callback_before(description, match.start()):
            return match.group()
        return match.group("lead") + match.group("space") + _article_kept(match)

    return _RETURNED_NOT_NULL.sub(said, description)


# A description's item naming what it describes before a parenthesis or a colon: "- Hostname (can be NULL)",
# "* IAID: NULL".
_NAMED_ITEM = re.compile(r"(?P<lead>[ \t]*[-*][ \t]+)(?P<label>[^(:\n]*?[^(:\s])(?P<rest>[ \t]*[(:][^\n]*)")


def item_key(text: str) -> str:
    """A field as an item may name it: its letters and digits, lowercased ("Client ID" and ``clientid`` alike)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def fields_with_none(description: str, fields: dict[str, str]) -> str:
    """A description whose items name a field of the returned struct (``fields``, :func:`python._returned_fields`) that
    the bindings give as None for C's NULL (``str | None``), with that NULL said as None (:func:`with_none`):
    ``getDHCPLeases``' "- Hostname (can be NULL)" is "- Hostname (can be None)", "- IAID (NULL)" "- IAID (None)".  An
    item naming no such field, a NULL of any other sentence ("@ifaces->name ... are never NULL": a C expression)
    stays."""
    if "NULL" not in description or not any(NONE_ANNOTATION.fullmatch(annotation) for annotation in fields.values()):
        return description

    def said(match: re.Match[str]) -> str:
        annotation = fields.get(item_key(match.group("label")), "")
        return match.group("lead") + match.group("label") + with_none(match.group("rest"), annotation)

    return _NAMED_ITEM.sub(said, description)


# The C array of typed parameters a method returns as a dict {field: value} (alone, or in each record of a list):
# "The information is returned as an array of typed parameters containing ...", "The structure contains an array of
# typed parameters".
TYPED_ARRAY = re.compile(r"\b(?P<article>an?|the)(?P<space>\s+)array(?=\s+of\s+typed\s+parameters\b)", re.IGNORECASE)


def a_dict(match: re.Match[str]) -> str:
    """"an array" (of typed parameters) as "a dict", "the array" as "the dict"."""
    article = match.group("article")
    said = article if article.lower() == "the" else article[0]
    return f"{said}{match.group('space')}dict"


# The C array of records a method returns as a list of (handle, dict) tuples, and each record: "The statistics are
# returned as an array of structures for each queried domain. The structure contains ...".  C's structure is the
# tuple the method gives for it.
_RECORD_ARRAY = re.compile(r"\b(?P<article>an?)(?P<space>\s+)array\s+of\s+(?:structures|structs|records)\b(?P<each>\s+(?:for|per)\s+each\b)?", re.IGNORECASE)
_RECORD = re.compile(r"\b(?P<determiner>the|each)(?P<space>\s+)(?:structure|struct|record)\b(?!\s+of\b)", re.IGNORECASE)


def records_description(description: str, handle: str) -> str:
    """A description of a method returning records as (``handle``, dict) tuples, saying so where it says C's array of
    structures (:data:`_RECORD_ARRAY`): "returned as an array of structures for each queried domain" is "returned as
    a list with a (virDomain, dict) tuple for each queried domain", and then "The structure contains" "The tuple
    contains" (:data:`_RECORD`).  A description not naming the array keeps its words: its "structure" may be another."""

    def records_list(match: re.Match[str]) -> str:
        article = "A" if match.group("article")[0].isupper() else "a"
        if match.group("each"):
            return f"{article}{match.group('space')}list with a ({handle}, dict) tuple{match.group('each')}"
        return f"{article}{match.group('space')}list of ({handle}, dict) tuples"

    said = _RECORD_ARRAY.sub(records_list, description)
    if said == description:
        return description
    return _RECORD.sub(lambda m: f"{m.group('determiner')}{m.group('space')}tuple", said)


# Parameters a description names: "@dom", "@key and @uri", "@emulator, @arch, and @virttype parameters", and a
# quoted name said to be one ("the optional 'cap' argument").
_PARAMETER_NAMES = (
    r"(?:@\w+(?:(?:,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)@\w+)*(?:\s+(?:parameters?|arguments?))?"
    r"|'\w+'\s+(?:parameter|argument))"
)
_NAMED_LIST = re.compile(_PARAMETER_NAMES)
_NAMES_IN = re.compile(r"@(\w+)|'(\w+)'")
_MODAL = r"(?:must|may|might|can|should|shall|will|would|could)"
# A description saying which value named parameters take: "@dom is NULL", "@dconnuri must be NULL", "@mountpoints may
# need to be NULL", "@dom is non-NULL", "Any of @emulator, @arch, @machine, and @virttype parameters may be NULL",
# "@keys = NULL".  The verb is kept as written (line breaks too); a "non-NULL" after a modal moves its "not" before
# "be" ("must be non-NULL": "must not be None").
_NAMED_NULL = re.compile(
    rf"(?P<names>{_PARAMETER_NAMES})"
    rf"(?P<verb>\s+(?:is|are|=|(?:{_MODAL}(?:\s+need\s+to)?\s+)be))"
    r"(?P<space>\s+)(?P<null>non-NULL|NULL)\b(?![- ]terminated)"
)
# "Passing NULL for @metadata": the name comes after.
_PASSING_NULL = re.compile(r"\b(?P<lead>pass(?:ing|es|ed)?\s+)NULL\b(?=\s+(?:for|as)\s+@(?P<name>\w+)\b)", re.IGNORECASE)
# A NULL with no subject of its own, said of what its sentence last named (:func:`description_with_none`): an
# alternative ("@base must be the absolute path ..., or NULL to", "if @top is the active image (or NULL)"), a
# condition ("The @checkpointXML parameter is optional; if non-NULL, then", "if it is not NULL") or a verb whose
# subject is left out after "and", "otherwise" or "but" ("@key and @uri are irrelevant and must be set to NULL",
# "@uri must be set to ..., otherwise must be NULL").
_ELIDED_NULL = re.compile(
    r"(?P<lead>(?i:\bor\s+"
    r"|\b(?:if|when|unless)\s+(?:(?:it|this)\s+is\s+(?:not\s+)?)?"
    rf"|\b(?:and|otherwise|but)\s+(?:(?P<modal>{_MODAL})(?:\s+need\s+to)?\s+)?be\s+(?P<set>set\s+to\s+)?))"
    r"(?P<null>non-NULL|NULL)\b(?![- ]terminated)"
)
# Where a description's sentence starts, for :data:`_ELIDED_NULL`'s names: past a stop (not "e.g."/"i.e.") or a blank line.
_DESCRIPTION_SENTENCE_BREAK = re.compile(r"(?<![ie]\.[eg])\.(?=\s)|\n[ \t]*\n", re.IGNORECASE)


def _named(names: str) -> set[str]:
    """The parameter names a :data:`_PARAMETER_NAMES` match gives, without their "@" or quotes."""
    return {at or quoted for at, quoted in _NAMES_IN.findall(names)}


def description_with_none(description: str, nullable: set[str]) -> str:
    """A description with C's NULL said as None where it is the value of parameters the method takes as ones admitting
    None (``nullable``, their C names, as the description names them): "If @dom is NULL, then events will be monitored
    for any domain. If @dom is non-NULL, ..." is "If @dom is None, ... If @dom is not None, ..." (:data:`_NAMED_NULL`),
    "Passing NULL for @metadata" "Passing None for @metadata" (:data:`_PASSING_NULL`).  A NULL with no subject of its
    own is said of the parameters its sentence names last before it (:data:`_ELIDED_NULL`): "The @checkpointXML
    parameter is optional; if non-NULL, ..." is "...; if not None, ...", "@key and @uri are irrelevant and must be set
    to NULL" "... must be set to None".  A NULL of any other parameter (an output the method returns: "@checkpoints is
    non-NULL"), of names one of which is no such parameter, or of a parameter named otherwise ("If domain is NULL")
    stays."""
    if not nullable:
        return description

    def said(match: re.Match[str]) -> str:
        names, verb, space = match.group("names"), match.group("verb"), match.group("space")
        if not _named(names) <= nullable:
            return match.group()
        if match.group("null") == "NULL":
            return f"{names}{verb}{space}None"
        if verb.endswith("be"):  # "must be non-NULL": "must not be None"
            return f"{names}{verb[: -len('be')]}not be{space}None"
        return match.group() if verb.strip() == "=" else f"{names}{verb}{space}not None"

    def passed(match: re.Match[str]) -> str:
        return f"{match.group('lead')}None" if match.group("name") in nullable else match.group()

    def elided(match: re.Match[str]) -> str:
        text = match.string
        starts = [b.end() for b in _DESCRIPTION_SENTENCE_BREAK.finditer(text, 0, match.start())]
        named = [n.group() for n in _NAMED_LIST.finditer(text, starts[-1] if starts else 0, match.start())]
        if not named or not _named(named[-1]) <= nullable:
            return match.group()
        lead, null = match.group("lead"), match.group("null")
        if null == "NULL":
            return f"{lead}None"
        if lead.lower().startswith(("if", "when", "unless")):  # "if non-NULL": "if not None"
            return f"{lead}not None"
        if match.group("modal") and not match.group("set"):  # "and must be non-NULL": "and must not be None"
            verb = lead.rstrip()
            return f"{verb[: -len('be')]}not be{lead[len(verb) :]}None"
        return match.group()

    description = _PASSING_NULL.sub(passed, _NAMED_NULL.sub(said, description))
    return _ELIDED_NULL.sub(elided, description)


# Words English capitalizes only where a sentence starts.  One right after a word, with no stop between, opens a
# sentence the C comment began on a new line without closing the one before ("@flags: bitwise-OR of
# virDomainModificationImpact" then "Must not be VIR_DOMAIN_AFFECT_LIVE and ..."): joined into one paragraph, the
# two read as one sentence, so the stop goes back in.  Only after a lowercase letter: after a number or a capital the
# word may go on a reference or a name ("see RFC 4122 Section 3 It", "VIR_DOMAIN_AFFECT_LIVE If") where a stop is no
# surer.
_SENTENCE_OPENER = re.compile(
    r"(?<=[a-z])(?=\s+(?:Must|Should|Shall|May|Might|Can|Cannot|Could|Will|Would|It|Its|This|These|Those|They|There|The|If|When|Unless|Each)\b)"
)


def with_sentence_stops(doc: str) -> str:
    """A parameter doc with the stop its C comment's line break stood for put back (:data:`_SENTENCE_OPENER`)."""
    return _SENTENCE_OPENER.sub(".", doc)


# The text of a line of a C doc comment: 80 columns less its " * ".  Where a rule made a line longer than the comment's
# own (a C phrase said at more length, a clause cut across a line break), the docstring wraps it at this width.
_COMMENT_WIDTH = 77
# A line that starts an item of its own ("- Hostname (can be NULL)", "VIR_DOMAIN_STATS_VCPU:"): no earlier line is
# filled into it.
_ITEM_LINE = re.compile(r"\s*(?:[-*]|\d+[.)])\s|\s*VIR_[A-Z0-9_]+:")
_BULLET = re.compile(r"[ \t]*(?:[-*]|\d+[.)])[ \t]+")


def refilled(description: str, original: str) -> str:
    """``description`` with each line a rule made longer than the C description's widest line (77 characters at least)
    wrapped at :data:`_COMMENT_WIDTH`, with the lines after it that go on its text (same indentation, no item of their
    own): "The statistics are returned as a list with a (virDomain, dict) tuple for each queried" (92 characters, from
    :func:`records_description`), "Collect the list of interfaces. This API solves the race inherent between
    virConnectListInterfaces" (98, a clause cut across the line break).  A line of the C description stays as it is,
    however long, and so does a C example (a paragraph whose lines are all indented)."""
    known = {line.rstrip() for line in original.split("\n")}
    # the bindings' own note (one line per paragraph) is kept as it is, but sets no width for the C text
    limit = max(_COMMENT_WIDTH, max((len(line) for line in known if not line.startswith(PYTHON_NOTE)), default=0))
    lines = description.split("\n")
    if all(len(line) <= limit or line.rstrip() in known for line in lines):
        return description
    code = [False] * len(lines)  # a line of an indented paragraph
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or not lines[index].strip():
            indented = all(INDENTED.match(line) for line in lines[start:index])
            code[start:index] = [indented] * (index - start)
            start = index + 1
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(line) <= limit or line.rstrip() in known or code[index]:
            out.append(line)
            index += 1
            continue
        indent = _indentation(line)
        end = index + 1
        while end < len(lines) and lines[end].strip() and _indentation(lines[end]) == indent and not _ITEM_LINE.match(lines[end]):
            end += 1
        text = " ".join(piece[len(indent) :] for piece in lines[index:end])
        bullet = _BULLET.match(line)  # "- Retrieve ... with": the item's next lines go under its text, as the C ones do
        hanging = indent + " " * (bullet.end() - len(indent)) if bullet else indent
        out.extend(textwrap.wrap(text, _COMMENT_WIDTH, initial_indent=indent, subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False))
        index = end
    return "\n".join(out)


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


# What an output parameter's doc says of the C caller's pointer before what is stored through it: "pointer to pointer
# of", "where to store", "location to store", "pointer that will be filled with an array of", "Pointer to a variable to
# store the NULL-terminated array of", "pointer to variable to store the array containing", "where to store the
# newly allocated array of"; a list's C array, named with its element type or not: "array to collect the list of",
# "array of char * to fill with", "array in which to store".
_STORED_LEAD = re.compile(
    r"^(?:an?\s+)?(?:pointer\s+(?:to\s+(?:an?\s+)?(?:pointer\s+(?:of|to)\s+|(?:variable|array)\s+to\s+store\s+)?|that\s+will\s+be\s+filled\s+with\s+)"
    r"|(?:where|location(?:\s+in\s+which)?)\s+to\s+store\s+"
    r"|array\s+(?:of\s+[\w\s]*?\w\s*\*+\s+)?(?:to\s+(?:collect|fill\s+with|store)|in\s+which\s+to(?:\s+store)?)\s+(?:the\s+list\s+of\s+)?)"
    r"(?:(?:the\s+|an?\s+)?(?:newly\s+allocated\s+|NULL-terminated\s+)?array\s+(?:containing|of)\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
# A parenthesis on the C caller's memory: "(return value, allocated by the caller)", "(return value)".
C_MEMORY_NOTE = re.compile(r"\s*\((?:return\s+value\b|[^()]*\ballocated\b)[^()]*\)", re.IGNORECASE)
# "interface parameter objects": the C structs; the Python value holds the parameters.
PARAMETER_OBJECTS = re.compile(r"\bparameter\s+objects?\b", re.IGNORECASE)
# Words left that still speak of the C caller's memory: no rule took them out, so the doc is not the Python value's.
_C_MEMORY_WORDS = re.compile(r"\b(?:pointer|NULL|array|allocat\w*|free\w*|stor(?:e|es|ed|ing)|variable|populat\w*)\b", re.IGNORECASE)


def stored_value_doc(doc: str) -> str:
    """What an output parameter's one-paragraph doc says is stored, for a method that returns it: "where to store SEV
    information" is "the SEV information", "pointer to pointer of interface parameter objects" "the interface
    parameters"; "" when the doc names no such pointer, or says more of C than the rule takes out."""
    text = C_MEMORY_NOTE.sub("", doc).strip().rstrip(".").strip()
    lead = _STORED_LEAD.match(text)
    if lead is None or not lead.group():
        return ""
    what = PARAMETER_OBJECTS.sub("parameters", text[lead.end() :]).strip()
    if not what or _C_MEMORY_WORDS.search(what):
        return ""
    return what if re.match(r"(?:the|an?)\s", what, re.IGNORECASE) else f"the {what}"


def split_outside_parentheses(text: str, separator: re.Pattern[str]) -> list[tuple[str, str]]:
    """``text`` cut at each ``separator`` outside parentheses: (separator before it, piece); the first one's is ""."""
    pieces: list[tuple[str, str]] = []
    start, before = 0, ""
    for match in separator.finditer(text):
        if text.count("(", 0, match.start()) == text.count(")", 0, match.start()):
            pieces.append((before, text[start : match.start()]))
            start, before = match.end(), match.group()
    pieces.append((before, text[start:]))
    return pieces


def rejoined(pieces: list[tuple[str, str]]) -> str:
    """The pieces :func:`split_outside_parentheses` cut, some left out, put back together with each one's own
    separator (the first kept one's dropped): a line break the C comment had stays one.  Joined with spaces, a
    paragraph that lost a sentence became one line as long as all of it (``getAllDomainStats``' 134-character
    VIR_DOMAIN_STATS_VCPU line, ``getDiskErrors``' 140)."""
    return "".join((before if index else "") + piece for index, (before, piece) in enumerate(pieces))


# Advice on the memory of a C parameter a method does not take: freeing it ("Caller is responsible for freeing
# @params.", "@params should be freed by the caller on success."), initializing it for C ("On input, @params should
# be initialized to NULL.") or allocating it ("This function expects the caller to allocate the @params.", "The
# caller should then allocate @params array, i.e. ...", "entries, allocated by the caller").
# "free" the verb only: "the free memory stored in @x" is no advice.
_MEMORY_ADVICE = re.compile(
    r"\bfree(?:s|d|ing)\b|\b(?:to|must|should|shall|will|then|and)\s+free\b|\bfree\s*\("
    r"|\binitiali[sz]ed\s+to\s+NULL\b|\bcaller\b[^.;]*\ballocat\w*|\ballocated\s+by\s+the\s+caller\b",
    re.IGNORECASE,
)
# Sentences end at "." or ";", but for "i.e." and "e.g.": "allocate @params array, i.e. (sizeof(...) * @nparams) bytes".
_PROSE_SENTENCE_BREAK = re.compile(r"(?<![ie]\.[eg]\.)(?<=[.;])\s+")


def without_output_advice(description: str, taken_over: set[str], counts: set[str]) -> str:
    """A description without the sentences advising a C caller on the memory of a parameter the method does not take
    (``taken_over``: an output it returns, a count or buffer it passes itself), by :data:`_MEMORY_ADVICE`, and without
    the sentences naming one of ``counts`` (:func:`python._sized_counts`).  The sentences must name the parameter ("@params",
    "'params'"); C examples (indented paragraphs) stay as they are.  The other sentences keep their line breaks."""
    named = sorted(taken_over - counts)
    advised = re.compile(r"(?:@|')(?:" + "|".join(map(re.escape, named)) + r")\b") if named else None
    counted = re.compile(r"@?\b(?:" + "|".join(map(re.escape, sorted(counts))) + r")\b") if counts else None
    if (advised is None or not advised.search(description)) and (counted is None or not counted.search(description)):
        return description
    paragraphs: list[str] = []
    dropped = False
    for paragraph in PARAGRAPH_BREAK.split(description):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if lines and all(INDENTED.match(line) for line in lines):
            paragraphs.append(paragraph)
            continue
        kept = ""
        for before, piece in split_outside_parentheses(paragraph, _PROSE_SENTENCE_BREAK):
            advice = advised is not None and advised.search(piece) and _MEMORY_ADVICE.search(piece)
            if advice or (counted is not None and counted.search(piece)):
                dropped = True
                continue
            kept += (before if kept else "") + piece
        if kept.strip():
            paragraphs.append(kept)
    return "\n\n".join(paragraphs) if dropped else description


# Telling a C caller that the returned memory is not its own: a clause (", the string need not be deallocated as its
# lifetime will be the same as the domain object", "; the caller must not free it") or a sentence after the value ("The
# record is borrowed from @conn and must not be freed.").
# Telling it how to keep a copy of that memory ("Use virSaveLastError() or virCopyLastError() to keep a copy.") is the
# same note: the Python value is a copy already, whether or not the functions named are bound.
_BORROW_WORDS = re.compile(
    r"\bneed\s+not\s+be\s+(?:de)?allocated\b|\b(?:must|should)\s+not\s+(?:be\s+)?free(?:d)?\b|\bdo\s+not\s+free\b|\bborrowed\b"
    r"|\b(?:keep|make|take)\s+(?:an?|(?:your|its|their)\s+own)\s+(?:\w+\s+)?copy\b|\bcopy\s+it\b",
    re.IGNORECASE,
)
_BORROW_CLAUSE = re.compile(
    r"[,;]\s+(?:the\s+\w+|it)\s+need\s+not\s+be\s+(?:de)?allocated\b[^.;]*|;\s+the\s+caller\s+must\s+not\s+free\s+it\b", re.IGNORECASE
)
_SENTENCE_ONLY_BREAK = re.compile(r"(?<![ie]\.[eg]\.)(?<=\.)\s+", re.IGNORECASE)  # at "." alone: a ";" part is no sentence of its own
# A borrowed handle's C doc: "The reference counter on the connection is not increased by this call."
# Said the other way round: "No extra reference is taken on the domain." (virDomainCheckpointGetDomain's).
REF_NOT_TAKEN = re.compile(
    r"\breference\s+count(?:er)?\b[^.;]*\bnot\s+increased\b|\bno\s+(?:extra|additional|new)\s+reference\s+is\s+taken\b", re.IGNORECASE
)
# A method's C doc on its object being NULL: "If domain is NULL, then this get the amount of memory reserved to
# Domain0 i.e. the domain where the application runs." (virDomainGetMaxMemory's, and 3 setters'); {name} is the
# C parameter the method's self stands for.  A sentence whose subject is another parameter stays: that one may be
# None (:func:`description_with_none`).
_NULL_SELF = r"^(?:[Ii]f|[Ww]hen)\s+@?{name}\s+is\s+NULL\b"


def without_null_self(description: str, name: str) -> str:
    """A method's description less the sentences telling what C does when ``name``, its object, is NULL
    (:data:`_NULL_SELF`): a Python method is called on an object, never None.  Cut at full stops only, so "i.e."
    does not end the sentence."""
    if "NULL" not in description:
        return description
    return without_sentences_cut(description, re.compile(_NULL_SELF.format(name=re.escape(name))).search, _SENTENCE_ONLY_BREAK)


def without_sentences_cut(description: str, drop: Callable[[str], object], sentence_break: re.Pattern[str]) -> str:
    """``description`` less the sentences ``drop`` is true of (a pattern's ``search``, or any test), sentences cut
    at ``sentence_break`` outside parentheses; a paragraph whose sentences all go goes too, the others are kept as
    written."""
    paragraphs = []
    for paragraph in PARAGRAPH_BREAK.split(description):
        pieces = split_outside_parentheses(paragraph, sentence_break)
        kept = [(before, piece) for before, piece in pieces if not drop(piece)]
        if len(kept) == len(pieces):
            paragraphs.append(paragraph)
        elif kept:
            paragraphs.append(rejoined(kept))
    return "\n\n".join(paragraphs)


# A parameter named by its place in C's list: "New domain name is specified in the second argument." (virDomainRename,
# whose C parameters are dom, new_name, flags).  In Python the object is no argument and outputs and counts are
# none either, so C's places are not the method's ("the second argument" of rename is its first): the parameter is
# named instead, with its "@" as the descriptions name parameters ("is specified in @new_name").  Only "the" before
# the ordinal (no "a second argument", "its second argument"), only a parameter the callable takes (C's first of a
# method is its object; an output is returned), and not another callable's: an "of", "to", "for", "in" after it
# ("the second argument of the callback") or a callback, a handler or another C function named in its sentence
# ("The callback gets the domain as the first argument") leaves it as it is.
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_ORDINAL_PARAMETER = re.compile(
    rf"\bthe\s+(?P<ordinal>{'|'.join(_ORDINALS)}|(?P<number>[1-9]\d*)(?:st|nd|rd|th))\s+(?:argument|parameter|arg|param)\b"
    r"(?![-'\w]|\s+(?:of|to|for|in|passed|given|taken)\b|\s*\()",
    re.IGNORECASE,
)
_OTHER_CALLABLE = re.compile(r"\b(?i:callbacks?|handlers?)\b|\bvir[A-Z]\w*")


def parameters_by_position(description: str, params: tuple[str, ...], taken: set[str], own: str) -> str:
    """A description with "the second argument" (:data:`_ORDINAL_PARAMETER`) said as the parameter it is,
    ``@new_name``: ``params`` are the C parameters in order, ``taken`` those the callable takes, ``own`` its C
    function (its name in the sentence is no other callable's).  C examples (indented paragraphs) stay."""
    if not _ORDINAL_PARAMETER.search(description):
        return description

    def said(match: re.Match[str]) -> str:
        number = match.group("number")
        position = int(number) if number else _ORDINALS[match.group("ordinal").lower()]
        if position > len(params) or params[position - 1] not in taken:
            return match.group()
        text = match.string
        stops = [stop.end() for stop in _STOP.finditer(text, 0, match.start())]
        after = _STOP.search(text, match.end())
        sentence = text[stops[-1] if stops else 0 : after.start() if after else len(text)]
        if any(other.group() != own for other in _OTHER_CALLABLE.finditer(sentence)):
            return match.group()
        return f"@{params[position - 1]}"

    return prose_rewritten(description, lambda p: _ORDINAL_PARAMETER.sub(said, p))


# A getter filling the caller's array per unit (virDomainGetCPUStats: python._typed_units), whose method takes
# ``total`` (``{whole}``) where C takes the array, its count per unit, the first unit and the number of units
# (``{params}``, ``{count}``, ``{start}``, ``{units}``).  What C's description says those mean is said of ``total``:
# "If @start_cpu is -1, then @ncpus must be 1, and the returned results reflect ..." is "If total is True, the
# returned results reflect ..."; "Otherwise, @start_cpu represents which cpu to start with, and @ncpus represents how
# many consecutive processors to query, with ..." is "Otherwise, there is one dict per cpu, with ..."; "Likewise, if
# @params is NULL and @nparams is 0 and @ncpus is 0, the number of cpus available to query is returned" (the sizing
# call) is "If total is False, the number of dicts is the number of cpus available to query", which the next sentence
# goes on of ("this would typically match the cpus member of virNodeGetInfo()"); "when @start_cpu is -1" is "when
# total is True".
_UNITS_WHOLE = r"\b(?P<lead>[Ii]f|[Ww]hen)\s+@{start}\s+is\s+-1,?\s+then\s+@{units}\s+must\s+be\s+1\b,?(?:\s+and\b)?"
_UNITS_EACH = r"@{start}\s+represents\s+[^,.;]*,\s+and\s+@{units}\s+represents\s+[^,.;]*(?=,)"
# The count said is of the units ("the number of cpus available to query"), the one count that is the number of dicts;
# "If" keeps the case the words had ("..., but if @params is NULL ..." goes on a sentence).
_UNITS_COUNTED = (
    r"(?:\b[Ll]ikewise,\s+)?\b[Ii]f\s+@{params}\s+is\s+NULL\s+and\s+@{count}\s+is\s+0\s+and\s+@{units}\s+is\s+0\b,?"
    r"\s+(?P<what>the\s+number\s+of\s+{unit}s\b[^,.;]*?)\s+is\s+returned\b"
)
_UNITS_START_WHOLE = r"@{start}\s+is\s+-1\b"
# What is left naming the four is the C calling convention the bindings follow: the sizing calls ("if @params is
# NULL and @nparams is 0 and @ncpus is 1, ... the return value will be how many statistics are available"), the
# array's unpopulated tail, the remote driver's limits (the bindings ask for its 128 units at most per call and size
# the array with libvirt's own count per unit: no caller chooses either), an example's "set start_cpu as -1, ncpus 1"
# (without "@", so only before the value it is set to: "params" alone may be a word of the prose's).
_UNITS_NAMED = r"@(?:{params}|{count}|{start}|{units})\b|\b(?:{params}|{count}|{start}|{units})\s+(?:as\s+|=\s*)?-?\d"
# An example's introduction: "Typical use sequence is below.", "getting per-cpu stats:".
_EXAMPLE_INTRODUCTION = re.compile(r":\s*$|\bbelow\b[^.]*\.\s*$", re.IGNORECASE)


def units_description(description: str, function: str, taken: tuple[str, str, str, str], unit: str, whole: str) -> str:
    """The description of a getter filling an array per unit said of the method taking ``whole`` instead of
    ``taken`` (the C array, its count per unit, the first unit and the number of units: :data:`_UNITS_WHOLE` and
    the next rules), less the sentences still naming one of them (:data:`_UNITS_NAMED`) and the C examples calling
    ``function`` itself with their introductions (:data:`_EXAMPLE_INTRODUCTION`): they show the calls the
    bindings make."""
    params, count, start, units = (re.escape(name) for name in taken)
    names = {"params": params, "count": count, "start": start, "units": units, "unit": re.escape(unit)}
    text = re.sub(_UNITS_WHOLE.format(**names), lambda m: f"{m.group('lead')} {whole} is True,", description)
    text = re.sub(_UNITS_EACH.format(**names), f"there is one dict per {unit}", text)
    text = re.sub(
        _UNITS_COUNTED.format(**names), lambda m: f"{'I' if m.group()[0].isupper() else 'i'}f {whole} is False, the number of dicts is {m.group('what')}", text
    )
    text = re.sub(_UNITS_START_WHOLE.format(**names), f"{whole} is True", text)
    paragraphs = PARAGRAPH_BREAK.split(text)
    call = re.compile(rf"\b{re.escape(function)}\s*\(")
    example = [bool(p.strip()) and is_indented(p) and bool(call.search(p)) for p in paragraphs]
    named = re.compile(_UNITS_NAMED.format(**names))
    kept: list[list[tuple[str, str]]] = []
    for index, paragraph in enumerate(paragraphs):
        if example[index]:
            kept.append([])
            continue
        if is_indented(paragraph):  # another C example, a list
            kept.append([("", paragraph)])
            continue
        kept.append([(before, piece) for before, piece in split_outside_parentheses(paragraph, _SENTENCE_ONLY_BREAK) if not named.search(piece)])
    for index in (i for i, is_example in enumerate(example) if is_example):
        back = index - 1
        while back >= 0 and not example[back]:
            pieces = kept[back]
            if pieces and not _EXAMPLE_INTRODUCTION.search(pieces[-1][1]):
                break
            kept[back] = pieces[:-1]
            if kept[back]:
                break
            back -= 1
    out = [rejoined(pieces) for pieces in kept if pieces]
    return text if out == paragraphs else "\n\n".join(out)


# A handle class's C doc saying what its C struct is: "a virDomain is a private structure representing a domain." (12
# classes).  A Python program holds an object of the class, whose structure is no concern of it: "A virDomain object
# represents a domain."  {name} is the class.
_PRIVATE_STRUCTURE = r"^[Aa]n?(?P<space>\s+){name}\s+is\s+an?\s+(?:private|opaque)\s+(?:structure|struct)\s+representing\b"


def handle_class_doc(doc: str, name: str) -> str:
    """A handle class's docstring from its C struct's doc, "a virXxx is a private structure representing" said as
    "A virXxx object represents" (:data:`_PRIVATE_STRUCTURE`); another opening stays ("A virSecret stores a secret
    value")."""
    return re.sub(_PRIVATE_STRUCTURE.format(name=re.escape(name)), lambda m: f"A{m.group('space')}{name} object represents", doc)


# A struct class's C doc saying what its C struct is: "a virDomainInfo is a structure filled by virDomainGetInfo() and
# extracting runtime information ...", "Structure filled in by virDomainGetControlInfo() and providing details ...".  A
# Python program is given a NamedTuple, filled by nothing: how it gets one is said instead (:func:`struct_class_doc`).
# {name} is the class.  A word in -ing that is no participle (a preposition, "during migration", "following the call";
# a noun, "string values", "nothing else") gets no comma: "returned by virFooGet(), during migration" would say
# something else (a review, session 35).  A participle is told by its shape, not by a list of nouns (a review,
# session 35): a stem with a vowel before its "ing" ("bring", "string", "ring" have none), no compound of "thing"
# ("nothing", "something": pronouns), none of the closed class of prepositions in -ing, and a word after it that is
# no "and" or "or" (a participle here takes an object or a phrase: "providing information about ...", "extracting
# runtime ..."; "morning and evening" is no participle).  A noun in -ing before another word ("ceiling values")
# still gets the comma; no release writes one there.
_PREPOSITION_ING = (
    r"(?:during|following|including|excluding|regarding|concerning|according|considering|pending|notwithstanding"
    r"|barring)\b"
)
_PARTICIPLE = r"(?!" + _PREPOSITION_ING + r"|\w*thing\b)\w*[aeiouyAEIOUY]\w*ing\b(?![-'])(?=\s+(?!(?:and|or|nor|but)\b)\w)"
_FILLED_STRUCTURE = (
    r"^(?:[Aa]n?\s+{name}\s+is\s+an?\s+)?[Ss]truct(?:ure)?\s+filled\s+(?:in\s+)?by(?P<space>\s+)(?P<function>vir[A-Z]\w*)(?P<call>\(\))?"
    r"(?P<participle>(?:,|\s+and)?(?=\s+" + _PARTICIPLE + r"))?"
)


def struct_class_doc(doc: str, name: str, given: dict[str, str]) -> str:
    """A struct class's docstring from its C struct's doc, "a virDomainInfo is a structure filled by
    virDomainGetInfo()" said as the Python value is (:data:`_FILLED_STRUCTURE`): ``given`` is how each bound C
    function gives the class's tuples, "value" (returned: "A virDomainInfo is returned by virDomainGetInfo()"), "list"
    or "dict" (an item of what it returns: "A virNodeCPUStats is an item of the dict virNodeGetCPUStats() returns").
    The participle the C doc goes on with follows a comma, for "and" or nothing ("filled by virNodeGetInfo() and
    providing the information" is "returned by virNodeGetInfo(), providing the information"): it says more of the
    value, where "returned by ... and providing" would read as one progressive verb.  The C name is the callable's until
    the docstrings name the Python ones.  A function giving none of these (not bound, or returning something else)
    leaves the doc as it is, and so does another opening ("This struct provides information ...")."""

    def said(match: re.Match[str]) -> str:
        function, how = match.group("function"), given.get(match.group("function"), "")
        called = f"{function}{match.group('call') or ''}"
        article = indefinite_article(name).capitalize()
        comma = "," if match.group("participle") is not None else ""  # the participle says more of the value, not of a call
        if how == "value":
            return f"{article} {name} is returned by{match.group('space')}{called}{comma}"
        if how in ("list", "dict"):
            return f"{article} {name} is an item of the {how}{match.group('space')}{called} returns{comma}"
        return match.group()

    if "filled" not in doc:
        return doc
    return re.sub(_FILLED_STRUCTURE.format(name=re.escape(name)), said, doc)


# A struct class's C doc calling it a structure: in its opening, a noun phrase and no sentence ("The data structure
# containing mounted file systems within a guset", "structure for information about a virtual CPU in a domain.") is
# said as the class being a record ("A virDomainFSInfo is a record containing ..."); later, the doc's own struct ("This
# struct provides information ...", "the information in this struct is not guaranteed ...") is "this record".  Only
# the words that open a description of what it holds follow the opening: "The structure is ..." or "Structure filled
# by ..." (:data:`_FILLED_STRUCTURE` where its function is bound) says something else.  A struct "of" something
# ("this structure of the XML") is no C struct.
STRUCTURE_OPENING = re.compile(
    r"^(?:(?:[Tt]he|[Aa])\s+)?(?:[Dd]ata\s+)?[Ss]truct(?:ure)?\s+(?=(?:for|containing|holding|describing|representing|with)\b)"
)
# ... and is a noun phrase only where the rest of its sentence reads as one (:func:`_noun_phrase`): "The structure with
# the largest size is used.", "The structure with the largest size wins.", "A structure for which no fields are set
# is empty." say something of a structure, and "A virFooInfo is a record with the largest size wins." would be no
# sentence (a review, session 35).  With no word list of verbs to tell "wins" from "stats", the test is the phrase's
# shape: no auxiliary, no punctuation but a relative clause after a comma that runs to the sentence's end ("...
# containing the stats, which are updated every second"), and a last word right after an article, a possessive, a
# preposition or a participle ("within a guset", "in a domain"), or one or two words later where it ends in neither
# -s nor -ed, the forms a verb there would take ("a single identity"; not "the largest size wins", nor "the block
# stats", which stays as C wrote it).  An irregular past ("the largest size won") still reads as a noun.
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|does|do|did|will|would|can|could|shall|should|may|might|must)\b", re.IGNORECASE)
_TRAILING_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;:()]*$", re.IGNORECASE)
_PHRASE_WORDS = re.compile(r"[\w'-]+(?:\s+[\w'-]+)*")
_PHRASE_OPENER = re.compile(
    r"(?:the|an?|its|their|his|her|our|your|my|every|of|for|in|within|about|with|without|on|at|by|from|to|into|over|under"
    r"|per|between|among|across|through|inside|outside|\w+ing)",
    re.IGNORECASE,
)
_VERB_ENDING = re.compile(r"\w*(?:[^s\W]s|ed)", re.IGNORECASE)
_THIS_STRUCTURE = re.compile(r"\b(?P<this>[Tt]his)(?P<space>\s+)struct(?:ure)?\b(?!\s+of\b)")
# A C cast of a number, "((long long)-1)" (the block and interface stats' "not supported"): a Python int is the number.
# The outer brackets go only with the cast's own; then a sentence saying what the cast's type is ("NB. Here 'long long'
# means 64 bit integer.") says nothing of the Python value, and goes too, with the space before it (after it, where
# it opens the doc).  A negative number cast to an unsigned type (or a plain char, signed or not as the platform
# has it) stays as C wrote it: the field's Python int is that type's maximum ("((unsigned long long)-1)" is
# 2**64-1), never the -1 the cast's number says (a review, session 35).
_C_CAST_NUMBER = re.compile(
    r"(?P<open>\()?\((?P<type>(?:(?:un)?signed\s+)?(?:long\s+long|long|int|short|char)(?:\s+int)?)\)\s*(?P<number>-?\d+)(?P<close>\))?"
)
_C_TYPE_NOTE = r"(?:NB\.?\s+)?Here,?\s+'{type}'\s+means\s+[^.]*\."
_C_TYPE_MEANING = rf"^\s*{_C_TYPE_NOTE}(?:\s+|$)|\s*{_C_TYPE_NOTE}(?=\s|$)"


def record_class_doc(doc: str, name: str) -> str:
    """A struct class's docstring with its C doc's words for the C struct said of the record the class is
    (:data:`STRUCTURE_OPENING`: "The data structure containing ..." is "A virDomainFSInfo is a record containing ...";
    "This struct provides" "This record provides") and a C cast of a number the number ("a field set to ((long
    long)-1)" is "a field set to -1", without the sentence saying what 'long long' is: :data:`_C_CAST_NUMBER`)."""
    said = doc
    opening = STRUCTURE_OPENING.match(doc)
    if opening and _noun_phrase(doc[opening.end() : _sentence_end(doc, opening.end())]):
        said = f"{indefinite_article(name).capitalize()} {name} is a record {doc[opening.end() :]}"
    said = _THIS_STRUCTURE.sub(lambda m: f"{m.group('this')}{m.group('space')}record", said)
    cast: set[str] = set()

    def number(match: re.Match[str]) -> str:
        type_ = " ".join(match.group("type").split())
        if match.group("number").startswith("-") and (type_.startswith("unsigned") or type_ == "char"):
            return match.group()
        cast.add(type_)
        if match.group("open") and match.group("close"):
            return match.group("number")
        return f"{match.group('open') or ''}{match.group('number')}{match.group('close') or ''}"

    said = _C_CAST_NUMBER.sub(number, said)
    for type_ in sorted(cast):
        said = re.sub(_C_TYPE_MEANING.format(type=re.escape(type_).replace(r"\ ", r"\s+")), "", said)
    return said


def _noun_phrase(words: str) -> bool:
    """Whether ``words``, what follows a struct doc's opening in its sentence, read as the rest of a noun phrase, not
    a sentence's verb and what follows it (the shape :data:`_AUXILIARY` and the rules after it test)."""
    words = _TRAILING_RELATIVE_CLAUSE.sub("", words.rstrip())
    if not _PHRASE_WORDS.fullmatch(words) or _AUXILIARY.search(words):
        return False
    split = words.split()
    openers = [index for index, word in enumerate(split[:-1]) if _PHRASE_OPENER.fullmatch(word)]
    between = len(split) - 2 - openers[-1] if openers else len(split)
    return between == 0 or (between <= 2 and not _VERB_ENDING.fullmatch(split[-1]))


def _sentence_end(text: str, start: int) -> int:
    """Where the sentence holding ``text[start]`` ends: its stop (:data:`SENTENCE_END_AHEAD`), its paragraph's end,
    or the text's."""
    ends = [match.start() for match in (SENTENCE_END_AHEAD.search(text, start), PARAGRAPH_BREAK.search(text, start)) if match]
    return min(ends, default=len(text))


# A list field's C doc opening on the C array ("array of disk device aliases", "array of IP addresses"): the record
# holds a list.
_ARRAY_LEAD = re.compile(r"^(?:(?P<article>[Aa]n)\s+)?(?P<array>[Aa]rray)(?=\s+of\s)")


def list_field_doc(doc: str) -> str:
    """A list field's doc, its opening "array of" "list of" ("an array of" "a list of", :data:`_ARRAY_LEAD`)."""

    def a_list_of(match: re.Match[str]) -> str:
        word = "List" if match.group("array")[0].isupper() and not match.group("article") else "list"
        return f"{match.group('article')[0]} {word}" if match.group("article") else word

    return _ARRAY_LEAD.sub(a_list_of, doc)


# A method's C doc on the memory of its own object: "This does not free the associated virDomainPtr object.",
# "The virStoragePoolPtr object itself is not free'd." (destroy, undefine, delete); {handle} is the method's class.  The
# sentence goes, and says nothing in its place ("The object stays usable." was the other choice): a Python object is
# released by its close() or the collector, never by a call, so the C caller's question does not arise, and after an
# undefine or a delete the object is no longer usable for much (a deleted secret has no value to get).  "free" the
# verb with the object as its object only: "free memory", "free-form", "frees the restore point" stay.
_OWN_NOT_FREED = (
    r"\bfree(?:s|d|'d|ing)?\s+(?:the\s+)?(?:associated\s+)?{handle}(?:Ptr)?\s+object\b"
    r"|\b{handle}(?:Ptr)?\s+object\s+(?:itself\s+)?(?:is|was|will)\s+not\s+(?:be\s+)?free(?:d|'d)\b"
)
# ... or the clause saying it, when an "and" appends it to what the sentence says first: "deactivate an interface (ie
# call "ifdown") This does not remove the interface from the config, and does not free the associated virInterfacePtr
# object." keeps what it says of the config.
_OWN_NOT_FREED_CLAUSE = r",?\s+and\s+(?:it\s+)?(?:does|will)\s+not\s+free\s+(?:the\s+)?(?:associated\s+)?{handle}(?:Ptr)?\s+object\b"
# What a C caller does before freeing the object a method returns: "the application must call virStreamFinish or
# virStreamAbort before free'ing to, in order to notify the driver" (virStreamNew's; "to" for "it").  A Python
# program releases it with close(): "before closing it".  Only where "freeing" ends its clause, the object left
# unsaid (or said "it"): before a stop, a comma, the text's end, or a "to" of purpose; "before freeing the stream
# object", "before freeing its buffers" free something else, or say it, and stay.
_BEFORE_FREEING = re.compile(
    r"\bbefore\s+free'?ing(?:\s+it\b(?!['\w])|\s+to(?=\s*(?:[,.;:!?)]|$))|(?=\s*(?:[,.;:!?)]|$)|\s+to\s))", re.IGNORECASE
)


def without_own_free_notes(description: str, handle: str) -> str:
    """A method's description less the sentences telling that the call does not free its object, ``handle``'s
    (:data:`_OWN_NOT_FREED`), or the clause an "and" appends (:data:`_OWN_NOT_FREED_CLAUSE`)."""
    if "free" not in description:
        return description
    name = re.escape(handle)
    description = re.sub(_OWN_NOT_FREED_CLAUSE.format(handle=name), "", description, flags=re.IGNORECASE)
    return without_sentences_cut(description, re.compile(_OWN_NOT_FREED.format(handle=name), re.IGNORECASE).search, _SENTENCE_ONLY_BREAK)


def closing_not_freeing(description: str) -> str:
    """A description of a method returning a handle with "before free'ing" said as "before closing it"
    (:data:`_BEFORE_FREEING`); C examples (indented paragraphs) stay as they are."""
    if "free" not in description:
        return description
    pieces = PARAGRAPH_PIECES.split(description)  # paragraph, the break after it, paragraph, ...
    indented = [is_indented(piece) for piece in pieces]
    return "".join(piece if index % 2 or indented[index] else _BEFORE_FREEING.sub("before closing it", piece) for index, piece in enumerate(pieces))


# A handle list's C doc: "Collect the list of interfaces, and allocate an array to store those objects."
ARRAY_ALLOCATION_CLAUSE = re.compile(r",?\s+and\s+allocate\s+an\s+array\s+to\s+store\s+(?:those|these|the)\s+objects\b", re.IGNORECASE)
# "Collect a possibly-filtered list of all domains, and return an allocated array of information for each.": a list.
RETURNED_ALLOCATED_ARRAY = re.compile(r"\b(?P<article>an)(?P<first>\s+)allocated(?P<second>\s+)array(?P<after>\s+)", re.IGNORECASE)


def a_list(match: re.Match[str]) -> str:
    """"an allocated array " said as "a list ", keeping the line break the three words had (a docstring keeps the C
    comment's lines)."""
    article = "A" if match.group("article")[0].isupper() else "a"
    second = match.group("second")
    after = second if "\n" in second else match.group("after")
    return f"{article}{match.group('first')}list{after}"


# "a pointer to the domain", "a pointer to the name": the method returns the object or the str itself, not a pointer
POINTER_TO = re.compile(r"^(?:a|the)\s+pointer\s+to\s+(?=(?:the|an?|th(?:at|is|ese|ose))\s)", re.IGNORECASE)


# The same C pointer in a description of a method returning a handle or a struct: "Fetch a pointer to a storage volume
# based on its key", "Provide a pointer to the last error caught at the library level", and said after its noun, "Provides
# the connection pointer associated with a domain": the method returns the object or the tuple itself.  "A pointer to"
# only in the first sentence, the one saying what the method gives: a later one may speak of a pointer the caller
# passes ("The caller may pass a pointer to an int") or a field holds.  The noun before "pointer" is one word in the
# article's reach ("the connection pointer"), or two where the type's name has two ("the storage volume pointer",
# "the node device pointer"), not a plural's ("pointers in the kernel image" stays), and must name what the method
# returns (:func:`_names_returned`: "the opaque pointer", "the callback pointer", "the null pointer", "the user data
# pointer", "the new volume pointer" stay); not a pointer's own size, type or value ("the volume pointer size" is no
# volume's size), nor a compound "pointer" opens ("the storage volume pointer-to-member" would be "the storage
# volume-to-member"), nor a C example's (indented, as everywhere).
_DESCRIPTION_POINTER_TO = re.compile(r"\b(?P<article>[Aa]|[Tt]he)\s+pointer\s+to\s+(?=(?:the|an?|th(?:at|is|ese|ose))\s)")
_NOUN_POINTER = re.compile(r"\b(?P<lead>[Tt]he\s+(?:(?P<modifier>[a-z]+)\s+)?(?P<noun>[a-z]+))\s+pointer\b(?![-s]|\s+(?:size|width|type|value)s?\b)")


def _names_returned(noun: str, returned: str, modifier: str | None = None) -> bool:
    """Whether ``noun`` ("connection", "volume", "opaque"), after ``modifier`` if any ("storage"), names what a
    method returning ``returned`` (a C handle or struct type: ``virConnect``, ``virStorageVol``) gives: the noun
    opens with the type's last word ("connection" with "Connect", "volume" with "Vol"), and the modifier is the
    type's words before it, one or more whole ("storage" with "Storage", "nwfilter" or "filter" with
    ``virNWFilterBinding``'s "NWFilter"): an adjective of the prose ("the new volume pointer") is none of them."""
    words = re.findall(r"[A-Z][a-z]*", returned.removeprefix("vir"))
    if not words or not noun.startswith(words[-1].lower()):
        return False
    return modifier is None or any("".join(words[start:-1]).lower() == modifier for start in range(len(words) - 1))


def without_pointer_words(description: str, returned: str) -> str:
    """A description of a method returning a handle or a struct (``returned``: its C type) without C's pointer to it
    (:data:`_DESCRIPTION_POINTER_TO`, in the first sentence; :data:`_NOUN_POINTER`, naming ``returned``): "Fetch a
    pointer to a storage volume" is "Fetch a storage volume", "Provides the connection pointer associated with a
    domain" "Provides the connection associated with a domain", "the storage volume pointer" "the storage volume";
    a sentence opening "A pointer to the ..." opens "The ...".  C examples (indented paragraphs) stay as they are."""
    if "pointer" not in description:
        return description

    def said(paragraph: str, first: bool) -> str:
        if is_indented(paragraph):
            return paragraph
        pieces: list[str] = []
        last = 0
        end = SENTENCE_END_AHEAD.search(paragraph)
        for match in _DESCRIPTION_POINTER_TO.finditer(paragraph, 0, end.start() if end else len(paragraph)) if first else ():
            pieces.append(paragraph[last : match.start()])
            last = match.end()
            if match.group("article")[0].isupper():  # "A pointer to the last error" opened the sentence: "The last error"
                pieces.append(paragraph[last].upper())
                last += 1
        pieces.append(paragraph[last:])
        return _NOUN_POINTER.sub(lambda m: m.group("lead") if _names_returned(m.group("noun"), returned, m.group("modifier")) else m.group(), "".join(pieces))

    pieces = PARAGRAPH_PIECES.split(description)  # paragraph, the break after it, paragraph, ...
    return "".join(said(piece, index == 0) if index % 2 == 0 else piece for index, piece in enumerate(pieces))


def without_borrow_notes(text: str) -> str:
    """A one-paragraph return doc without what it tells a C caller of the returned memory's owner (:data:`_BORROW_WORDS`):
    the bindings copy the value, or hold a reference of their own to the handle.  The sentence giving the value keeps
    it, less the clause (:data:`_BORROW_CLAUSE`); a later sentence with such words goes whole ("The string belongs to
    @domain and stays valid while the handle does; the caller must not free it.")."""
    if not _BORROW_WORDS.search(text):
        return text
    sentences = [piece for _, piece in split_outside_parentheses(text, _SENTENCE_ONLY_BREAK)]
    first = _BORROW_CLAUSE.sub("", sentences[0])
    if _BORROW_WORDS.search(first):  # kept as it was: no clause the rule can tell apart from the value
        first = sentences[0]
    return " ".join([first] + [s for s in sentences[1:] if not _BORROW_WORDS.search(s)])


def without_free_advice(text: str) -> str:
    """A return doc without telling the caller to free the value: the binding frees it (or, a handle, releases it) itself."""
    text = _FREE_CLAUSE.sub("", text)
    return " ".join(s for _, s in split_outside_parentheses(text, SENTENCE_BREAK) if not FREE_SENTENCE.search(s))


# What makes a sentence naming a release function advice to call it ("should be used", "must be released
# with", "is responsible for calling"), not a mere mention.
_ADVICE = re.compile(r"\b(?:should|must|use[ds]?|call(?:s|ing)?|free[ds]?|releas(?:e|ed|es|ing)|responsib\w*)\b", re.IGNORECASE)


def _release_names(releases: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in sorted(releases)) + r")\b")


def without_release_advice(text: str, releases: frozenset[str]) -> str:
    """``text`` without advising a release or reference function the bindings do not bind (``releases``): a
    prose sentence naming one with a word of advice (:data:`_ADVICE`) goes, or only its clause when an "and"
    appends it to what the sentence says first (", and the caller should now release the stream with
    virStreamFree").  C examples (indented paragraphs) stay as they are."""
    if not releases or not text or not any(name in text for name in releases):
        return text
    named = _release_names(releases)
    # an appended clause only; a first one ("When no longer needed, ...") is the sentence's.  "so" appends one too
    # (virStreamSendAll's "with virStreamAbort() already having been called, so the caller need only call virStreamFree()")
    trailing = re.compile(r",\s+(?:and|so)\s+[^,.;]*?" + named.pattern + r"[^,.;]*")
    # "invoke virStreamFinish(st) to flush the stream upon success and then virStreamFree": the verb of the
    # sentence's advice, left out after "and", calls the release too; the call before it stays
    elided = re.compile(r"\s+and\s+(?:then\s+)?" + named.pattern + r"(?:\([^()]*\))?(?=\s*(?:[,.;]|$))")
    paragraphs: list[str] = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if not named.search(paragraph) or (lines and all(INDENTED.match(line) for line in lines)):
            paragraphs.append(paragraph)
            continue
        paragraph = trailing.sub(lambda clause: "" if _ADVICE.search(clause.group()) else clause.group(), paragraph)
        pieces = split_outside_parentheses(paragraph, SENTENCE_BREAK)
        kept = [(before, _without_elided_release(piece, elided, named)) for before, piece in pieces]
        kept = [(before, piece) for before, piece in kept if not (named.search(piece) and _ADVICE.search(piece))]
        if kept:
            paragraphs.append(paragraph if kept == pieces else rejoined(kept))
    return "\n\n".join(paragraphs)


def _without_elided_release(sentence: str, elided: re.Pattern[str], named: re.Pattern[str]) -> str:
    """``sentence`` without an "and (then) virStreamFree" that ends a clause of advice: what it advised first stays
    when no other release is named in it; else ``sentence`` as it was, for the whole sentence to go."""
    if not _ADVICE.search(sentence):
        return sentence
    kept = elided.sub("", sentence)
    return kept if kept != sentence and not named.search(kept) and _ADVICE.search(kept) else sentence


def without_buffer_sentences(description: str, buffer: str) -> str:
    """A description without the sentences about a buffer the bindings allocate ("'buffer' is the return buffer and
    must be at least 'size' bytes."): the method takes no such parameter (:func:`python._peek_buffers`)."""
    return without_sentences_cut(description, re.compile(rf"['@]{re.escape(buffer)}\b").search, SENTENCE_BREAK)


# What an output's doc tells a C caller only: that it may pass NULL, that it is a pointer, "(OUT)".
_C_OUTPUT_WORDS = re.compile(r",?\s*(?:it\s+)?(?:can|may)\s+be\s+NULL\b|^(?:optional\s+)?(?:pointer\s+to\s+)?|\s*\(OUT\)", re.IGNORECASE)


def output_doc(doc: str) -> str:
    return without_notes(_C_OUTPUT_WORDS, one_paragraph(doc)).strip()


def without_notes(notes: re.Pattern[str], text: str) -> str:
    """``text`` without the C caller's notes ``notes`` finds.  A note often ends the doc's first line, with a sentence
    on the next ("optional number of online CPUs in cpumap (OUT)" then "Contains the number ..."), which the
    paragraph joined with a space only: where a note was all that parted two sentences, a period does."""

    def dropped(match: re.Match[str]) -> str:
        before, after = text[: match.start()].rstrip(), text[match.end() :].lstrip()
        sentence = re.match(r"[A-Z](?:[a-z]|\s)", after) is not None  # "Contains", "A", not a constant (VIR_...)
        return "." if before and sentence and before[-1] not in ".;:!?" else ""

    return notes.sub(dropped, text)


def one_paragraph(text: str) -> str:
    return " ".join(text.split())



# a sentence about the C array's memory: how it is allocated ("an extra allocated element set to NULL"), its NULL
# end ("NULL-terminated", "terminated by NULL"), its count as the return value.  Not any NULL: one a field of an
# element may hold is what the returned data says ("Hostname (can be NULL)" in virNetworkGetDHCPLeases' list of
# what a DHCPv4 lease holds, "@ifaces->name and @ifaces->hwaddr are never NULL"): those sentences stay
_ARRAY_MEMORY_SENTENCE = re.compile(
    r"\ballocat|\bNULL[- ]terminated\b|\bterminated\s+(?:by|with)\s+(?:a\s+)?NULL\b|\bas\s+the\s+return\s+value\b", re.IGNORECASE
)
# "a pointer to the allocated array of pointers to": the C shape of what a sentence says is returned.  Said as
# "a list of", the sentence stays: dropped, its next one began mid-thought ("Note that single interface can ...")
_ALLOCATED_ARRAY = re.compile(r"\ba\s+pointer\s+to\s+(?:the\s+|an\s+)?allocated\s+array\s+of\s+(?:pointers\s+to\s+)?", re.IGNORECASE)


# The end of a line of C code: a statement's ";", a block's brace.
_C_LINE_END = re.compile(r"[;{}]\s*$", re.MULTILINE)


def c_example_paragraphs(paragraphs: list[str], code_line: re.Pattern[str] = _C_LINE_END) -> list[bool]:
    """Which of ``paragraphs`` are a C example: a run of indented paragraphs one of whose lines ends as C code does
    (``code_line``: :data:`_C_LINE_END`, or :data:`python_callables.C_CODE_LINE`, which sees code before a ``//`` comment too), its
    comments ("... do something with returned values, for example:") included.  A run with no such line is a list
    the prose introduces, not code: ``getAllDomainStats``' typed parameter keys of each statistics group
    ("balloon.current" - the memory in kiB currently used ...), the dict keys a caller reads."""
    indented = [bool(p.strip()) and is_indented(p) for p in paragraphs]
    code = [False] * len(paragraphs)
    start = 0
    while start < len(paragraphs):
        end = start
        while end < len(paragraphs) and indented[end]:
            end += 1
        if end > start:
            code[start:end] = [any(code_line.search(p) for p in paragraphs[start:end])] * (end - start)
        start = end + 1
    return code


def without_freeing_advice(description: str, release: str) -> str:
    """A description without what only a C caller of an array libvirt allocates needs: its C example (the indented
    paragraphs of code, :func:`c_example_paragraphs`, and the sentence ending in ":" that introduces them), the sentences telling it to free the
    elements (naming ``release``) or the array (``free()``, "The caller must free ..."), and those about the
    array's memory (:data:`_ARRAY_MEMORY_SENTENCE`: "an extra allocated element set to NULL", "The count ... is
    returned as the return value"): the method returns a list.  A sentence saying what the array holds keeps
    it, as "a list of" (:data:`_ALLOCATED_ARRAY`: "Return a pointer to the allocated array of pointers to
    interfaces present in given domain" is "Return a list of interfaces present in given domain")."""
    paragraphs = PARAGRAPH_BREAK.split(description.strip())
    code = c_example_paragraphs(paragraphs)
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if code[index]:
            continue  # C code, or a comment inside the example
        if lines and all(INDENTED.match(line) for line in lines):
            kept.append(paragraph)  # a list the prose introduces: getAllDomainStats' keys of each group
            continue
        paragraph = _ALLOCATED_ARRAY.sub("a list of ", paragraph)
        every = split_outside_parentheses(paragraph, SENTENCE_BREAK)
        pieces = every
        code_next = index + 1 < len(paragraphs) and code[index + 1]
        if code_next and pieces and pieces[-1][1].rstrip().endswith(":"):
            pieces = pieces[:-1]  # "Usual use case looks like this:", "Example of usage:"
        pieces = [
            (before, piece) for before, piece in pieces
            if release not in piece and "free()" not in piece and not FREE_SENTENCE.search(one_paragraph(piece))
            and not _ARRAY_MEMORY_SENTENCE.search(one_paragraph(piece))
        ]  # fmt: skip
        if pieces:
            kept.append(rejoined(pieces) if len(pieces) != len(every) else paragraph)
    return "\n\n".join(kept)


_AFTER_SENTENCE = re.compile(r"(?<=\.)(\s+)")


def without_sentences(paragraph: str, mention: re.Pattern[str]) -> str:
    """``paragraph`` less its sentences ``mention`` finds in, the spaces between the others kept."""
    pieces = _AFTER_SENTENCE.split(paragraph)  # sentence, the space after it, sentence, ...
    sentences = zip(pieces[0::2], [*pieces[1::2], ""], strict=True)
    return "".join(sentence + space for sentence, space in sentences if not mention.search(sentence)).rstrip()


def without_param_paragraphs(description: str, name: str) -> str:
    """The description less its paragraphs naming ``@name``, a C parameter the bindings fill themselves
    (``@freecb``: "The @freecb must not invoke any other libvirt public APIs ...")."""
    mention = re.compile(rf"@{re.escape(name)}\b")
    return "\n\n".join(p for p in PARAGRAPH_BREAK.split(description.strip()) if not mention.search(p))


def without_sentences_naming(description: str, word: str) -> str:
    """The description less its sentences naming ``word`` (each paragraph kept as a paragraph)."""
    return without_sentences_matching(description, re.compile(rf"\b{re.escape(word)}\b"))


def without_sentences_matching(description: str, mention: re.Pattern[str]) -> str:
    """The description less its sentences ``mention`` finds in (each paragraph kept as a paragraph)."""
    if not mention.search(description):
        return description
    kept = []
    for paragraph in PARAGRAPH_BREAK.split(description.strip()):
        text = without_sentences(paragraph, mention)
        if text:
            kept.append(text)
    return "\n\n".join(kept)
