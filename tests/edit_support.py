"""In-place edits of a copied tree's files, for the tests that damage or
change one file of a copy (of the sample tree or of a ``tests/cases`` tree).

:func:`replace_once` works on text and insists that the text to replace is
there exactly once (a sample edited later must not edit another place
silently); :func:`replace_bytes_once` works on bytes, for edits no text
reading could express (a BOM, a lone CR, a control byte), and replaces the
first occurrence."""

from __future__ import annotations

from pathlib import Path


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which the file must hold exactly once, by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_bytes_once(path: Path, old: bytes, new: bytes) -> None:
    """Replace the first ``old``, which the file must hold, by ``new``."""
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
