"""One file named twice among explicit FILE inputs (under another spelling or
through a symlink) is read once, and the XML export holds one ``<file>`` for it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from frontend_support import HEADER, SOURCE, SYMS, make_tree, run

from generator.frontend import load_files
from generator.frontend.tree import from_files

# --- one file named twice among explicit inputs -------


def test_a_file_named_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    (tmp_path / "include" / "libvirt" / "link.h").symlink_to("libvirt-host.h")
    monkeypatch.chdir(tmp_path)
    names = [HEADER, f"./{HEADER}", "include/libvirt/link.h", "include/../include/libvirt/libvirt-host.h", SYMS, f"./{SYMS}", SOURCE, SOURCE]
    tree = from_files(names)
    assert [(m.headers, m.sources, m.syms) for m in tree.modules] == [((HEADER,), (SOURCE,), SYMS)]
    monkeypatch.setenv("VIRT_APIGEN_JOBS", "1")
    functions = [f.name for module in load_files(names).api.modules for f in module.functions]
    assert functions == ["virConnectFoo"]


def test_cli_writes_one_file_block_for_a_header_named_twice(tmp_path: Path) -> None:
    make_tree(tmp_path)
    done = run("api", HEADER, f"./{HEADER}", SYMS, SOURCE, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = ET.parse(tmp_path / "out" / "libvirt-api.xml").getroot()
    assert [f.get("name") for f in root.iter("file")] == ["libvirt-host"]
    assert [f.get("name") for f in root.iter("function")] == ["virConnectFoo"]
