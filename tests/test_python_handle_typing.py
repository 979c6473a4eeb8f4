"""Typing of the generated package: ``mypy`` rejects constructing a handle
class (which still raises at run time), and the error tuple has a public name
the annotations use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from python_support import GENERATED, load_generated, mypy_errors

VENV_BIN = Path(sys.executable).parent


# --- typing ----------------------------------------------------------------------------------------

SCRIPT = """\
import libvirt_ctypes as libvirt

err: libvirt.virErrorTuple | None = libvirt.virGetLastError()
code: int | None = None if err is None else err[0]
conn = libvirt.virConnect()
"""


def test_mypy_rejects_constructing_a_handle_and_names_the_error_tuple(tmp_path: Path) -> None:
    script = tmp_path / "construct.py"
    script.write_text(SCRIPT, encoding="utf-8")
    errors, printed = mypy_errors(script, GENERATED)
    assert errors == [f'{script}:5: error: Too few arguments for "virConnect"  [call-arg]'], printed


def test_constructing_still_raises_and_annotations_use_the_public_tuple() -> None:
    lv = load_generated()
    with pytest.raises(TypeError, match="virConnect objects come from library calls; they are not constructed directly"):
        lv.virConnect()
    with pytest.raises(TypeError, match="not constructed directly"):
        lv.virDomain(1, x=2)
    assert lv.virGetLastError.__annotations__["return"] == "virErrorTuple | None"
    assert lv.virSaveLastError.__annotations__["return"] == "virErrorTuple | None"
    assert lv.virErrorTuple == tuple[int, int, str | None, int, str | None, str | None, str | None, int, int]
    assert not any(name.startswith("_vir") and name.endswith("Tuple") for name in vars(lv))
