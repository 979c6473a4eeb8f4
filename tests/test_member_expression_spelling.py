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
