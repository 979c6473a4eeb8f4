"""The Python backend's ``python-no-bindings`` warning sits in a real file (the
XML file read, or the header) with advice in the input's terms, and fails at
that file under ``--werror``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from generator.backends import python as python_backend
from generator.cli import main
from generator.frontend import load_files
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api

SAMPLE_HEADER = REPO / "generator" / "sample" / "include" / "libvirt" / "libvirt-domain-checkpoint.h"


# --- python-no-bindings: a real place, advice in the input's terms -----------------

QEMU_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt-qemu'>
  <files>
    <file name='libvirt-qemu'>
     <summary>qemu</summary>
    </file>
  </files>
  <symbols>
    <function name='virDomainQemuMonitorCommand' file='libvirt-qemu' module='libvirt-qemu' version='0.8.3'>
      <info><![CDATA[Send a command.]]></info>
      <return type='int' info='0 on success, -1 on failure'/>
      <arg name='cmd' type='const char *' info='the command'/>
    </function>
  </symbols>
</api>
"""


def _no_bindings(api: Api) -> str:
    found = python_backend.diagnostics(api)
    assert [d.rule for d in found] == ["python-no-bindings"]
    return str(found[0])


def test_no_bindings_from_xml_points_at_the_xml_file(tmp_path: Path) -> None:
    """QA: '<input>:1:1: warning: ... (add virterror.h)' for a qemu XML file alone."""
    path = tmp_path / "q.xml"
    path.write_text(QEMU_XML, encoding="utf-8")
    shown = _no_bindings(load_api_xml([str(path)], str(tmp_path)).api)
    assert shown == (
        "q.xml:2:1: warning: no Python bindings: they read libvirt's errors through virErrorPtr, "
        "which the input does not declare (add libvirt-api.xml) [python-no-bindings]"
    )


def test_no_bindings_from_an_incomplete_libvirt_xml(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(QEMU_XML.replace("'libvirt-qemu'", "'libvirt'").replace("libvirt-qemu", "libvirt-x"), encoding="utf-8")
    shown = _no_bindings(load_api_xml([str(path)], str(tmp_path)).api)
    assert shown.startswith("libvirt-api.xml:2:1: warning: ")
    assert shown.endswith("(read libvirt's own libvirt-api.xml, which has virterror.h's declarations) [python-no-bindings]")


def test_no_bindings_from_sources_keeps_the_header_and_virterror_advice() -> None:
    shown = _no_bindings(load_files([str(SAMPLE_HEADER)]).api)
    assert shown.startswith("include/libvirt/libvirt-domain-checkpoint.h:1:1: warning: ")
    assert shown.endswith("(add virterror.h) [python-no-bindings]")


def test_no_bindings_with_werror_fails_at_the_xml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: with --werror the failing error was '/usr/share/libvirt/api/<input>:1:1'."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "libvirt-qemu-api.xml").write_text(QEMU_XML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--api-xml", "api/libvirt-qemu-api.xml", "--only", "python", "--werror", "-o", "out"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("api/libvirt-qemu-api.xml:2:1: error: no Python bindings: ")
    assert lines[0].endswith("(add libvirt-api.xml) [python-no-bindings, --werror]")
