"""A character XML cannot carry, in a doc comment: placed in the function doc
that holds it (not in an XML file never written), and ``check`` fails on it as
``api`` and ``generate`` do."""

from __future__ import annotations

from pathlib import Path

from edit_support import replace_bytes_once as _edit
from test_cli import copy_sample, failed_cleanly, run


def test_a_character_xml_cannot_carry_in_a_parameter_doc_is_placed_at_the_character(tmp_path: Path) -> None:
    """api says what check says, at the character (it said the doc's start, 10:1, or a line of the XML not written)."""
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b"@conn: the connection to keep alive", b"@conn: the connection\x0c to keep alive")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:12:25: error: U+000C in the doc of virConnectRef (@conn): XML 1.0 has no way to carry it, "
        "so the API XML cannot be written; remove it [xml-character]"
    ]
    assert not (tmp_path / "out").exists()


def test_a_character_in_a_headers_own_text_is_placed_in_the_header(tmp_path: Path) -> None:
    """It was placed at the tree's root joined with the XML's name, a file that does not exist (QA)."""
    tree = copy_sample(tmp_path)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_bytes()
    line = text[: text.index(b"Description: ")].count(b"\n") + 1
    _edit(header, b"Description: ", b"Description: X\x0c")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    column = len(b"Description: X") + text.split(b"\n")[line - 1].index(b"Description: ") + 1
    assert errors == [
        f"tree/include/libvirt/libvirt-domain-checkpoint.h:{line}:{column}: error: U+000C in the doc of libvirt-domain-checkpoint "
        "(description): XML 1.0 has no way to carry it, so the API XML cannot be written; remove it [xml-character]"
    ]
    checked = run("check", "--srcdir", "tree", cwd=tmp_path)
    assert [line for line in checked.stdout.splitlines() if "error:" in line] == errors


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


def test_a_character_in_a_macro_value_is_still_reported_beside_one_in_a_doc(tmp_path: Path) -> None:
    """check's rule reads doc texts only: api replaced the backend's errors by check's, and the one in a macro's
    string value went unreported until the doc's was fixed (QA)."""
    tree = copy_sample(tmp_path)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    anchor = b"typedef struct _virDomainCheckpoint virDomainCheckpoint;"
    macros = (
        b"/**\n * VIR_CK_S1:\n *\n * A string.\n *\n * Since: 5.6.0\n */\n#define VIR_CK_S1 \"a\x01b\"\n\n"
        b"/**\n * VIR_CK_S2:\n *\n * Another \x02 string.\n *\n * Since: 5.6.0\n */\n#define VIR_CK_S2 \"x\"\n\n"
    )
    _edit(header, anchor, macros + anchor)
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    header_path = "tree/include/libvirt/libvirt-domain-checkpoint.h"
    assert [e.split(": error: ")[0] for e in errors] == [f"{header_path}:34:9", f"{header_path}:39:12"]
    assert "U+0001 in the text of 'VIR_CK_S1' cannot be written to libvirt-api.xml" in errors[0]  # the macro's value, as the backend places it
    assert "U+0002 in the doc of VIR_CK_S2:" in errors[1]  # the doc, at the character, as check places it
    assert not (tmp_path / "out").exists()
