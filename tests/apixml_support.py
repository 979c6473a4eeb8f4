"""Helpers for the API XML tests, read (``--api-xml``) and written (``api``).

Read: a test writes an XML file (:func:`write`, as bytes so that a ``\\r``
under test reaches the reader), often a symbol or two between :data:`HEAD`
and :data:`TAIL`, and compares the reader's :func:`warnings` with the places
:func:`at` computes.  Written: :func:`exported` runs ``api`` in a fresh
process on a one-header tree (:func:`tree`) and gives the folder of the XML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.frontend.apixml_reader import load_api_xml

SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"


HEAD = "<api name='libvirt'><files><file name='libvirt-host'/></files><symbols>"


TAIL = "</symbols></api>"


TYPEDEF = "<typedef name='virA' file='libvirt-host' type='enum'/>"


def write(tmp_path: Path, text: str, name: str = "libvirt-api.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation of the \r under test
    return path


def warnings(path: Path) -> list[tuple[int, int, str, str]]:
    return [(d.location.line, d.location.col, d.message, d.rule) for d in load_api_xml([str(path)]).diagnostics]


def at(text: str, line: int, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, col) of the nth ``needle`` on 1-based ``line`` of ``text`` (lines split as XML does)."""
    content = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[line - 1]
    col = -1
    for _ in range(nth):
        col = content.index(needle, col + 1)
    return line, col + 1


def tree(folder: Path, body: str) -> Path:
    """A one-header tree whose libvirt-host.h ends with ``body``."""
    return make_tree(folder, body, header=PLAIN_HEADER, source=PLAIN_SOURCE)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "VIRT_APIGEN_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def exported(tmp_path: Path, name: str, body: str) -> tuple[Path, Path]:
    """(tree, folder of its exported XML)."""
    source = tree(tmp_path / name, body)
    out = tmp_path / f"{name}-xml"
    result = run("api", "--srcdir", source, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return source, out
