"""Golden tests: ``tests/cases/<name>/input`` is a tree, ``expected/`` what ``generate`` writes.

``UPDATE_GOLDEN=1`` (``make golden``) rewrites every expected/ folder from the
current code; review the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_support import assert_golden_folder

from generator.backends import apixml, jsondump
from generator.frontend import load_tree

CASES = Path(__file__).resolve().parent / "cases"


def _render(tree: Path) -> dict[str, str]:
    api = load_tree(tree).api
    files = {f"api/{name}": text for name, text in apixml.render(api).items()}
    files.update({f"json/{name}": text for name, text in jsondump.render(api).items()})
    return files


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if (p / "input").is_dir()))
def test_golden(case: str) -> None:
    assert_golden_folder(CASES / case / "expected", _render(CASES / case / "input"), case)
