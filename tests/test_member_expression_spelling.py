"""An enum member's ``expression`` keeps a literal's encoding prefix on it:
``L'a'`` was ``L 'a'``, a name and a character constant (QA, session 26)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import make_tree

from generator.frontend import load_tree


@pytest.mark.parametrize(("written", "spelled", "value"), [
    ("L'a'", "L'a'", 97),
    ("(L'a' + 1)", "(L'a' + 1)", 98),
    ("u8'a'", "u8'a'", None),  # C23's: no value here, but the spelling stays
    ("U'b'", "U'b'", 98),
    ("'c'", "'c'", 99),
])  # fmt: skip
def test_an_encoding_prefix_stays_on_its_literal(tmp_path: Path, written: str, spelled: str, value: int | None) -> None:
    tree = make_tree(tmp_path / "tree", f"typedef enum {{\n    VIR_QA_ONE = {written}, /* one */\n}} virQa;\n")
    [member] = [m for module in load_tree(tree).api.modules for m in module.members if m.name == "VIR_QA_ONE"]
    assert (member.expression, member.value) == (spelled, value)


def test_a_name_before_a_literal_with_a_space_is_no_prefix(tmp_path: Path) -> None:
    """Review, session 26: ``L 'a'`` with ``#define L 100 +`` is 100 + 'a' (gcc: 197), but
    the name was glued to the literal as ``L'a'``, which check then read as the wide 'a', 97."""
    header = "# define L 100 +\ntypedef enum {\n    VIR_QA_A = L 'a', /* a */\n    VIR_QA_B = L'a', /* b */\n} virQa;\n"
    members = {m.name: m for module in load_tree(make_tree(tmp_path / "tree", header)).api.modules for m in module.members}
    assert (members["VIR_QA_A"].expression, members["VIR_QA_A"].value) == ("L 'a'", 197)
    assert (members["VIR_QA_B"].expression, members["VIR_QA_B"].value) == ("L'a'", 97)
