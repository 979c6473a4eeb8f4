"""Rules that derive model facts from other model facts.

Shared by both ways of building a model (from sources and from an exported
``libvirt-api.xml``) so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from ..apixml_format import one_line
from ..model import Ownership, is_bit_or_zero


def ownership(
    spelled: str,
    typedef_types: Mapping[str, str],
    opaque_structs: Mapping[str, bool],
    return_doc: str = "",
    functions: Collection[str] = (),
    description: str = "",
) -> tuple[Ownership, str]:
    """Who releases what a function returning ``spelled`` hands back, and with what.

    ``char *`` is the caller's to ``free()``.  A ``virFooPtr`` whose ``virFoo``
    is an opaque struct is a handle, released with ``virFooFree`` (or
    ``virFooClose`` when there is no ``...Free``, as for connections), unless
    the docs say no reference is taken ("the reference counter on the
    connection is not increased by this call", "the pointer is borrowed"):
    then it is borrowed, as any accessor of an owning handle.  Any
    other pointer is borrowed, unless its ``Returns`` text says to free it
    with a function of the API (``virSaveLastError``: "free the error with
    virFreeError()"): then the caller releases it with that function; or,
    not being ``const``, names ``free()`` itself (``virSecretGetValue``: "The
    caller must free() the secret value"): then it is the caller's to free.
    ``typedef_types`` maps typedef names to their types, ``opaque_structs``
    maps struct typedef names to "has no public fields", ``functions`` holds
    the API's function names.
    """
    if spelled == "char *":
        return Ownership.CALLER_FREES, ""
    target = typedef_types.get(spelled, "") if spelled.endswith("Ptr") else ""
    opaque = opaque_structs.get(target[:-1].strip()) if target.endswith("*") else None
    if opaque:
        if _NO_REFERENCE_RE.search(" ".join(f"{description} {return_doc}".split())):
            return Ownership.BORROWED, ""
        base = spelled[: -len("Ptr")]
        return Ownership.HANDLE, next((name for name in (base + "Free", base + "Close") if name in functions), "")
    if opaque is None and not spelled.endswith("*"):
        return Ownership.NONE, ""
    named = _named_releaser(return_doc, functions)
    if named:
        return Ownership.CALLER_RELEASES, named
    if not spelled.startswith("const ") and _FREE_CALL_RE.search(return_doc):
        return Ownership.CALLER_FREES, ""  # "The caller must free() the secret value." (virSecretGetValue)
    return Ownership.BORROWED, ""


# "reference count ... not increased" within one sentence of at most 300 characters:
# an unbounded [^.]* rescans the rest of the text at every "reference count"
_NO_REFERENCE_RE = re.compile(
    r"reference count(?:er)?\b[^.]{0,300}?\bnot (?:be )?increased|\bno (?:extra |additional |new )?reference is taken|\b(?:pointer|handle|result) is borrowed",
    re.IGNORECASE,
)
_RELEASER_RE = re.compile(r"\b(vir\w*Free\w*)\s*\(")
_FREE_CALL_RE = re.compile(r"\bfree\s*\(\s*\)")  # C's own free(), named as a call


def _named_releaser(return_doc: str, functions: Collection[str]) -> str:
    """The API function a ``Returns`` text says to free the result with, if any."""
    if "free" not in return_doc.lower():
        return ""
    return next((name for name in _RELEASER_RE.findall(return_doc) if name in functions), "")


def bit_enum_members(members: Iterable[tuple[str, str, int | None]]) -> dict[str, str]:
    """Member name -> enum name, from (member, enum, value), for the enums whose
    every valued member is 0 or one bit: the members a ``flags`` doc can list
    as its valid bits (:func:`flags_enums`).  A state enum (0, 1, 2, 3) named
    in passing ("the state stays VIR_CONNECT_STATE_B") types no flags."""
    listed = list(members)
    not_bits = {enum for _, enum, value in listed if not is_bit_or_zero(value)}
    return {name: enum for name, enum, _ in listed if enum and enum not in not_bits}


def flags_enums(doc: str, enum_names: Collection[str], member_enums: Mapping[str, str]) -> tuple[str, ...]:
    """The enums a ``flags`` parameter's doc names, in the order it first names them.

    Every one, not the first: eight functions of libvirt 9.0.0 take "bitwise-OR
    of virDomainModificationImpact and virTypedParameterFlags", and a bit of
    either is valid there.  A doc that names no enum but lists members of some
    ("Current valid bits: VIR_INTERFACE_XML_INACTIVE - ...",
    virInterfaceGetXMLDesc) names the enums those members belong to;
    ``member_enums`` holds only the members of bit enums (:func:`bit_enum_members`).
    """
    words = re.findall(r"\b\w+\b", doc)
    named = [word for word in words if word in enum_names] or [member_enums[word] for word in words if word in member_enums]
    return tuple(dict.fromkeys(named))


# bounded, non-overlapping spans: text from an API XML may be long and hostile
# (``\n\s*`` let every newline of 20,000 rescan all the ones after it)
# a sentence's start: the text's, after a period or "!", a line's, or after a double space
# (a blank line in a doc the API XML holds on one line)
_DEPRECATED_RE = re.compile(r"(?:^|[.!]\s+|\n[ \t]*|  )Deprecated\b|\bDEPRECATED\b")


def return_doc_deprecated(text: str) -> bool:
    """:func:`doc_deprecated` of a Returns paragraph as the API XML holds it:
    on one line (:func:`~generator.apixml_format.one_line`: a blank line is a
    double space, which starts a sentence as a period does), so that a tree
    and its own export agree (QA, session 26: "free it" and a blank line,
    then "Deprecated: ...", was deprecated from sources and not from the
    XML; a line merely starting with "Deprecated" inside the paragraph is
    prose on both sides now)."""
    return doc_deprecated(one_line(text)) if "\n" in text else doc_deprecated(text)


def doc_deprecated(text: str) -> bool:
    """A doc that declares its symbol deprecated: a sentence starting with
    "Deprecated" ("Deprecated after 0.4.6.") or the word in capitals
    ("(DEPRECATED)"), libvirt's two spellings.  "the deprecated flag" in the
    middle of a sentence is a remark about something else."""
    if "Deprecated" not in text and "DEPRECATED" not in text:
        return False  # nearly every doc: a substring test, not a regex scan
    return bool(_DEPRECATED_RE.search(text))
