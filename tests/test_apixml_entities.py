"""Entities and the DTD in an ``--api-xml`` file: external entities,
parameter entities and an external DTD are never read, and what that leaves
out is a warning at its place (printed by the CLI, which still writes its
output); internal entities are still expanded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from apixml_support import at, warnings, write
from conftest import REPO

from generator.frontend.apixml_reader import load_api_xml

# --- entities and the DTD -------------------------------------------------------


def test_an_external_entity_is_not_read_and_its_reference_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")  # next to the file: a relative SYSTEM reaches it
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY xxe SYSTEM "secret.txt">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>a &xxe; b</summary></file></files><symbols/></api>\n"
    )
    path = write(tmp_path, text)
    result = load_api_xml([str(path)])
    assert result.api.modules[0].headers[0].summary == "a  b"
    message = "reference to the external entity 'secret.txt' left out: external entities are never read"
    assert warnings(path) == [(*at(text, 5, "&xxe;"), message, "apixml-input")]


def test_what_a_parameter_entity_hides_is_a_warning_where_it_is_left_out(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY % pe SYSTEM "file:///etc/passwd">\n  %pe;\n<!ENTITY late "L">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>x &late; y</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert load_api_xml([str(path)]).api.modules[0].headers[0].summary == "x  y"
    assert warnings(path) == [
        (4, 3, "parameter entity reference not expanded: parameter entities are never read, and the declarations after it are ignored", "apixml-input"),
        (*at(text, 7, "&late;"), "reference '&late;' left out: the entity is declared in a part of the DTD that is not read", "apixml-input"),
    ]  # fmt: skip


def test_an_external_dtd_is_not_read_and_is_a_warning(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api SYSTEM "http://example.invalid/api.dtd">\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>&u;</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert warnings(path) == [
        (*at(text, 2, '"http'), "external DTD 'http://example.invalid/api.dtd' not read: what it declares is unknown here", "apixml-input"),
        (*at(text, 3, "&u;"), "reference '&u;' left out: the entity is declared in a part of the DTD that is not read", "apixml-input"),
    ]  # fmt: skip


def test_internal_entities_are_still_expanded_without_a_warning(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY who "libvirt">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>by &who;</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert load_api_xml([str(path)]).api.modules[0].headers[0].summary == "by libvirt"
    assert warnings(path) == []


def test_the_cli_prints_the_entity_warning_and_writes_the_output(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>&xxe;</summary></file></files></api>\n"
    )
    write(tmp_path, text)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "api", "--api-xml", "libvirt-api.xml", "-o", "out"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line, col = at(text, 5, "&xxe;")
    message = "reference to the external entity 'file:///etc/passwd' left out: external entities are never read"
    expected = f"libvirt-api.xml:{line}:{col}: warning: {message} [apixml-input]"
    assert expected in result.stderr.splitlines()
    assert "root:" not in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
