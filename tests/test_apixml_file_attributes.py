"""A symbol's ``file`` (and ``module``) attribute in an ``--api-xml`` input names
an output page (the HTML backend writes ``FILE.html``), so it obeys the rule of
a ``<file>`` entry's name: one path component, no line break.  QA wrote a page
outside OUTDIR with ``file='../../../../tmp/x'`` before this was checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
GET_NAME = "<function name='virDomainCheckpointGetName' file='libvirt-domain-checkpoint' module='libvirt-domain-checkpoint'"


def _html(tmp_path: Path, xml: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "in.xml").write_text(xml, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    argv = [sys.executable, "-m", "generator", "generate", "--only", "html", "--api-xml", "in.xml", "-o", "deep/er/out"]
    return subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("attributes", "problem"),
    [
        ("file='../../../escaped' module='libvirt-domain-checkpoint'", "file='../../../escaped' cannot be a file name: it holds a '/'"),
        ("file='..' module='libvirt-domain-checkpoint'", "file='..' cannot be a file name: it is '..'"),
        ("file='a&#10;b' module='libvirt-domain-checkpoint'", "file='a\\nb' cannot be a file name: it holds a line break"),
        ("file='libvirt-domain-checkpoint' module='../x'", "module='../x' cannot be a file name: it holds a '/'"),
        ("file='' module='libvirt-domain-checkpoint'", "file='' cannot be a file name: it is empty"),  # wrote libvirt-.html
    ],
)
def test_a_symbol_file_that_is_no_file_name_stops_the_run(tmp_path: Path, attributes: str, problem: str) -> None:
    xml = SAMPLE_XML.read_text(encoding="utf-8")
    assert GET_NAME in xml
    bad = xml.replace(GET_NAME, f"<function name='virDomainCheckpointGetName' {attributes}")
    result = _html(tmp_path, bad)
    line = bad[: bad.index("<function name='virDomainCheckpointGetName'")].count("\n") + 1
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"in.xml:{line}:5: error: <function> attribute {problem}", result.stderr
    assert "Traceback" not in result.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["in.xml"]  # nothing in OUTDIR, nothing beside it


def test_the_unchanged_sample_xml_still_renders(tmp_path: Path) -> None:
    result = _html(tmp_path, SAMPLE_XML.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "deep/er/out/html/libvirt-libvirt-domain-checkpoint.html").is_file()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../x.html", "is '..'"),
        ("html/../../x.html", "is '..'"),
        ("/tmp/x.html", "it is absolute"),
        ("html//x.html", "is empty"),
        ("html/./x.html", "is '.'"),
        ("html/a\nb.html", "holds a line break"),
    ],
)
def test_the_writer_refuses_an_output_name_outside_outdir(name: str, problem: str) -> None:
    # the last line of defence behind the reader's checks: whatever a backend names, nothing lands outside OUTDIR
    from generator.cli import _check_output_names

    with pytest.raises(OSError) as raised:
        _check_output_names({"api/libvirt-api.xml": "", name: ""})
    assert raised.value.strerror == f"an output's name is no path inside the output folder ({problem}): nothing written"
    assert raised.value.filename == name.replace("\n", "\\n")


def test_the_writer_takes_names_of_folders_and_files() -> None:
    from generator.cli import _check_output_names

    assert _check_output_names({"api/libvirt-api.xml": "", "html/libvirt-libvirt-domain.html": "", "python/libvirt_ctypes/__init__.py": ""}) is None
