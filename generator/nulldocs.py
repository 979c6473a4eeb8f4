"""What a doc comment says of NULL for a parameter: allowed, refused, or nothing.

Shared by the Python backend (a string NULL may be passed for is ``str |
None``) and ``check``'s ``null-undocumented`` (a string the code lets be
NULL whose docs say nothing of it), so the two read the docs alike.  Plain
text rules, no model import: a parameter's own doc first ("or NULL", "NULL
for default", "(optional)"; "non-NULL", "must not be NULL" refuse), then the
sentences of the function's description (:func:`nullable_in_description`,
:func:`not_null_in_description`).
"""

from __future__ import annotations

import re

# NULL as a value a parameter may take: not "NULL-terminated", not "non-NULL".
NULL_VALUE = re.compile(r"(?<!-)\bNULL\b(?![- ]terminated)")
NOT_NULL = re.compile(r"non-NULL|not\s+(?:be\s+)?NULL|never\s+NULL", re.IGNORECASE)
# libvirt-python's own rule for its defaults: a parameter doc that starts "(optional)".
OPTIONAL_LEAD = re.compile(r"^\(?optional\b", re.IGNORECASE)
# In a description: "Passing NULL for @x" names the parameter after NULL.
_NULL_FOR = re.compile(r"\bNULL\s+for\s+@(\w+)")
PARAM_REF = re.compile(r"@(\w+)")
LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*")  # between "@a, @b, and @c"
SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# A parameter a description calls optional: "@x", "'x'" or, for a name of the function's parameters, bare x.
_REF = r"(?:@(\w+)|'(\w+)'|\b(\w+)\b)"
_OPTIONAL_IN_TEXT = re.compile(
    rf"\boptional\s+(?:parameter\s+|argument\s+)?{_REF}"  # "the optional parameter @x", "the optional 'x' argument"
    rf"|{_REF}\s+(?:parameter\s+|argument\s+)?(?:is\s+optional\b|is\s+not\s+required\b|\(optional\b)",  # "@x is optional", "x (optional ...)"
    re.IGNORECASE,
)


def doc_allows_null(name: str, doc: str, description: str, params: tuple[str, ...]) -> bool | None:
    """Whether the docs let parameter ``name`` (its own ``doc``; ``description``, the function's, whose
    parameters are ``params``) be NULL: True, False when they refuse it, None when they say nothing.

    Its own doc says so: it mentions NULL as a value ("or NULL", "NULL for
    default", "pass NULL"; not "non-NULL", "must not be NULL": refused) or
    starts "(optional)"; else a sentence of the description refusing it
    (:func:`not_null_in_description`) or allowing it
    (:func:`nullable_in_description`), a refusal outweighing.
    """
    text = " ".join(doc.split())
    if NOT_NULL.search(text):
        return False
    if NULL_VALUE.search(text) or OPTIONAL_LEAD.search(text):
        return True
    if name in not_null_in_description(description):
        return False
    return True if name in nullable_in_description(description, params) else None


def not_null_in_description(description: str) -> set[str]:
    """Parameters a sentence of the description says NULL is refused for,
    which outweighs a sentence allowing it: "@x cannot be NULL", or "This
    parameter cannot be NULL unless @nparams is 0" about the parameter its
    paragraph opens with ("The @disk parameter is ...": virDomainGetBlockIoTune,
    whose NULL is for the size query alone, which the bindings make themselves)."""
    found: set[str] = set()
    if "NULL" not in description:
        return found
    for paragraph in re.split(r"\n\s*\n", description):
        text = " ".join(paragraph.split())
        subject = PARAM_REF.search(text)
        for sentence in SENTENCE_END.split(text):
            refused = NOT_NULL.search(sentence)
            if refused is None:
                continue
            if sentence.startswith("This parameter") and subject is not None:
                found.add(subject.group(1))
                continue
            refs = list(PARAM_REF.finditer(sentence[: refused.start()]))
            if refs:
                found.add(refs[-1].group(1))
    return found


def nullable_in_description(description: str, params: tuple[str, ...] = ()) -> set[str]:
    """Parameters a sentence of the description lets be NULL.

    Per sentence, each NULL (as a value: not "not NULL", "non-NULL",
    "NULL-terminated") belongs to the parameter right after it in "NULL for
    @x", else to the closest ``@x`` before it together with those listed with
    it ("Any of @a, @b and @c may be NULL", "If @x is NULL", "@x must be
    NULL", "@x ..., or NULL to ...").  A sentence calling a parameter
    optional counts too: "the @x parameter is optional", "the optional
    parameter @x", "the optional 'x' argument", "x (optional for ...)", "x is
    not required"; the parameter is ``@x``, ``'x'``, or a bare word that is
    one of ``params`` (the function's parameter names).
    """
    found: set[str] = set()
    if "NULL" not in description and "ptional" not in description and "required" not in description:
        return found  # most descriptions: none of the wordings below can match
    for sentence in SENTENCE_END.split(" ".join(description.split())):
        for match in _OPTIONAL_IN_TEXT.finditer(sentence):
            at, quoted, bare, at2, quoted2, bare2 = match.groups()
            name = at or quoted or at2 or quoted2 or (bare if bare in params else None) or (bare2 if bare2 in params else None)
            if name:
                found.add(name)
        for null in NULL_VALUE.finditer(sentence):
            before = sentence[: null.start()]
            if re.search(r"(?:non-|not\s+(?:be\s+)?|never\s+)$", before, re.IGNORECASE):
                continue
            after = _NULL_FOR.match(sentence, null.start())
            if after:
                found.add(after.group(1))
                continue
            refs = list(PARAM_REF.finditer(before))
            while refs:
                found.add(refs[-1].group(1))
                if len(refs) < 2 or not LIST_GLUE.fullmatch(before[refs[-2].end() : refs[-1].start()]):
                    break
                refs.pop()
    return found
