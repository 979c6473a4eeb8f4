"""Golden tests: ``tests/cases/<name>/input`` is a tree, ``expected/`` what ``generate`` writes.

``UPDATE_GOLDEN=1`` (``make golden``) rewrites every expected/ folder from the
current code; review the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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
    files = _render(CASES / case / "input")
    expected = CASES / case / "expected"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(expected, ignore_errors=True)
        for name, text in files.items():
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_text(text, encoding="utf-8")
    on_disk = {str(p.relative_to(expected)): p.read_text(encoding="utf-8") for p in expected.rglob("*") if p.is_file()}
    assert sorted(on_disk) == sorted(files)
    for name, text in files.items():
        assert text == on_disk[name], f"{case}/{name} differs; run make golden and review"
