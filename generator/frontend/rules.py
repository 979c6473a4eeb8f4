"""Rules that derive model facts from other model facts.

Shared by both ways of building a model (from sources and from an exported
``libvirt-api.xml``) so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from ..model import Ownership


def ownership(spelled: str, typedef_types: Mapping[str, str], opaque_structs: Mapping[str, bool]) -> Ownership:
    """Who releases what a function returning ``spelled`` hands back.

    ``char *`` is the caller's to free; any other pointer is borrowed; a
    ``virFooPtr`` whose ``virFoo`` is an opaque struct is a handle (released
    with its ``...Free``), and one to a public struct (``virErrorPtr``) is
    borrowed.  ``typedef_types`` maps typedef names to their types,
    ``opaque_structs`` maps struct typedef names to "has no public fields".
    """
    if spelled == "char *":
        return Ownership.CALLER_FREES
    if spelled.endswith("*"):
        return Ownership.BORROWED
    target = typedef_types.get(spelled, "") if spelled.endswith("Ptr") else ""
    opaque = opaque_structs.get(target[:-1].strip()) if target.endswith("*") else None
    if opaque is None:
        return Ownership.NONE
    return Ownership.HANDLE if opaque else Ownership.BORROWED


def flags_enum(doc: str, enum_names: Collection[str]) -> str | None:
    """The first enum a ``flags`` parameter's doc names."""
    return next((str(word) for word in re.findall(r"\b\w+\b", doc) if word in enum_names), None)
