"""Docstrings name the enum classes and members a program writes, and lay out their long lines (QA, session 33).

- a borrowed handle's getter said "No extra reference is taken on the domain." (C ownership: the object
  returned is the program's own, see connect() in docs/python-bindings.md): gone, as "The reference
  counter ... is not increased" was;
- ``:param flags: bitwise-OR of virDomainCheckpointDeleteFlags`` named the C enum: it names the class
  passed (``CheckpointDeleteFlags``, whose docstring ends with the C name), the article before it fitting it;
- an enum class listed its members by their C names: each is the member's name, its C constant in brackets;
- a ``:returns:`` line wrapped by the docstring filter went on at the margin, and the "In Python:" notes
  were cut at 150 columns: a field's next lines are indented, a note's lines wrapped as the description's.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from python_support import load_generated, whole_tree_fixtures

from generator.backends import python_callables

package_folder, whole = whole_tree_fixtures("docstring_python_enums")


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


def test_borrowed_getters_say_nothing_of_references(ours: ModuleType) -> None:
    for method in (ours.virDomainCheckpoint.getDomain, ours.virDomainCheckpoint.getConnect, ours.virDomain.getConnect):
        doc = method.__doc__ or ""
        assert "reference" not in doc, doc
    assert (ours.virDomainCheckpoint.getDomain.__doc__ or "").startswith("Gives back the domain that @checkpoint belongs to.\n")


def test_flags_docs_name_the_class_a_program_passes(ours: ModuleType) -> None:
    assert ":param flags: bitwise-OR of CheckpointDeleteFlags\n" in (ours.virDomainCheckpoint.delete.__doc__ or "")
    assert ":param flags: bitwise-OR of CheckpointListFlags\n" in (ours.virDomain.listAllCheckpoints.__doc__ or "")
    assert ":returns: an ErrorNumber value," in (ours.virGetLastErrorCode.__doc__ or "")  # "a virErrorNumber value"
    assert "C enum: virDomainCheckpointDeleteFlags" in (ours.CheckpointDeleteFlags.__doc__ or "")  # the C name, one help() away


def test_enum_docs_list_the_python_members_with_their_c_names(ours: ModuleType) -> None:
    doc = ours.CheckpointListFlags.__doc__ or ""
    assert "\n    ROOTS (VIR_DOMAIN_CHECKPOINT_LIST_ROOTS): domain listing: keep only checkpoints without a parent\n" in doc
    for member in ours.CheckpointListFlags:
        assert f"\n    {member.name} (VIR_DOMAIN_CHECKPOINT_LIST_{member.name}): " in doc


def test_long_field_lines_are_indented_and_notes_wrapped(whole: ModuleType) -> None:
    returns = (whole.virDomain.getMaxMemory.__doc__ or "").split(":returns: ", 1)[1].split("\n\n")[0]
    _first, *rest = returns.split("\n")
    assert rest and all(line.startswith("            ") for line in rest), returns  # the method's 8 columns, then 4
    note = next(p for p in (whole.virConnect.registerCloseCallback.__doc__ or "").split("\n\n") if "In Python:" in p)
    assert max(len(line.strip()) for line in note.split("\n")) <= 77, note


def test_no_field_goes_on_at_the_margin_in_the_whole_tree(whole: ModuleType) -> None:
    for cls in [whole, *(value for value in vars(whole).values() if isinstance(value, type) and value.__module__ == whole.__name__)]:
        for name, member in vars(cls).items():
            doc = getattr(member, "__doc__", None) if callable(member) and not isinstance(member, type) else None
            if not doc or (":param" not in doc and ":returns:" not in doc):
                continue
            fields = re.split(r"\n\s*\n", doc)
            for block in fields:
                lines = [line for line in block.split("\n") if line.strip()]
                if not lines[0].strip().startswith(":"):
                    continue
                margin = len(lines[0]) - len(lines[0].lstrip())
                for line in lines[1:]:
                    assert line.strip().startswith(":") or len(line) - len(line.lstrip()) > margin, (name, block)


def test_the_article_follows_the_class_name_at_a_sentence_end_too() -> None:
    """Review: "is a virErrorNumber." became "is a ErrorNumber." (the article rule skipped a name
    followed by a full stop, which the renaming does not)."""
    callables = {"virErrorNumber": "ErrorNumber"}
    assert python_callables.python_callables_doc("The code is a virErrorNumber.", callables) == "The code is an ErrorNumber."
    assert python_callables.python_callables_doc("The code is a virErrorNumber, or 0.", callables) == "The code is an ErrorNumber, or 0."
