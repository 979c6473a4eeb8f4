"""A character XML cannot carry, in a doc comment: placed in the function doc
that holds it (not in an XML file never written), and ``check`` fails on it as
``api`` and ``generate`` do."""

from __future__ import annotations

from pathlib import Path

from edit_support import replace_bytes_once as _edit
from test_cli import copy_sample, failed_cleanly, run


def test_a_character_xml_cannot_carry_in_a_parameter_doc_is_placed_in_its_function_doc(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b"@conn: the connection to keep alive", b"@conn: the connection\x0c to keep alive")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:10:1: error: U+000C in the text of 'conn' of 'virConnectRef' cannot be written to libvirt-api.xml: "
        "XML 1.0 has no way to carry it; remove it [xml-character]"
    ]
    assert not (tmp_path / "out").exists()


def test_check_fails_on_a_character_the_api_xml_cannot_carry(tmp_path: Path) -> None:
    """check passed where api and generate stopped: lint in CI said the tree was fine."""
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b"@conn: the connection to keep alive", b"@conn: the connection\x0c to keep alive")
    result = run("check", "--srcdir", "tree", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    # at the character itself (12:25), no longer at the doc's start (10:1)
    assert errors == [
        "tree/src/libvirt-host.c:12:25: error: U+000C in the doc of virConnectRef (@conn): XML 1.0 has no way to carry it, "
        "so the API XML cannot be written; remove it [xml-character]"
    ]
    assert run("check", "--srcdir", "tree", "--disable", "xml-character", cwd=tmp_path).returncode == 0
