"""Golden folders: the one switch (``UPDATE_GOLDEN=1``, ``make golden``) that rewrites them, and the comparison."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def assert_golden_folder(expected: Path, files: dict[str, str], label: str) -> None:
    """``files`` (relative path -> text) equal the files under ``expected``; rewritten first under UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(expected, ignore_errors=True)
        for name, text in files.items():
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_text(text, encoding="utf-8")
    on_disk = {str(p.relative_to(expected)): p.read_text(encoding="utf-8") for p in expected.rglob("*") if p.is_file()}
    assert sorted(on_disk) == sorted(files)
    for name, text in files.items():
        assert text == on_disk[name], f"{label}/{name} differs; run make golden and review"
