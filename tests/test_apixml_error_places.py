"""An XML syntax error in an ``--api-xml`` file is placed on its own line, even
after a tag whose attributes span several lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require
from test_cli import failed_cleanly, run


def test_an_xml_error_after_a_multi_line_attribute_is_placed_on_its_own_line(tmp_path: Path) -> None:
    """The reader moves a tag's line breaks to its end before parsing: expat's place was past the end of line 4."""
    (tmp_path / "dup.xml").write_text(
        "<?xml version=\"1.0\"?>\n<api name='libvirt'>\n  <symbols>\n"
        "    <enum name='VIR_A' file='libvirt' info='first line\nsecond' value='1' value='2'/>\n  </symbols>\n</api>\n",
        encoding="utf-8",
    )
    errors = failed_cleanly(run("api", "--api-xml", "dup.xml", "-o", "out", cwd=tmp_path))
    assert errors == ["dup.xml:5:19: error: not well-formed XML: duplicate attribute"]


@pytest.mark.parametrize("command", ["api", "check", "api-two-folders"])
def test_the_kept_definition_is_named_from_the_current_folder_as_the_finding_is(tmp_path: Path, command: str) -> None:
    """QA (session 20): the second place in the message was the XML file's bare name, which
    cannot be opened from the current folder (the finding's own place could); review: also
    from ``check``, and as an absolute path when the XML files share no folder."""
    xml = Path("/usr/share/libvirt/api/libvirt-api.xml")
    require(xml.is_file(), f"{xml} (apt-get install libvirt-dev)")
    text = xml.read_text(encoding="utf-8")
    start = text.index("<function name='virConnectOpen'")
    definition = text[start : text.index("</function>", start) + len("</function>")]
    folder = tmp_path / "xd" / "sub"
    folder.mkdir(parents=True)
    doubled = text.replace("</symbols>", definition + "\n</symbols>", 1)
    (folder / "libvirt-api.xml").write_text(doubled, encoding="utf-8")
    first = text[:start].count("\n") + 1
    second = doubled.index(definition, start + 1)
    shown = "xd/sub/libvirt-api.xml"
    if command == "api":
        done = run("api", "--api-xml", shown, "-o", "out", cwd=tmp_path)
    elif command == "check":
        done = run("check", "--api-xml", shown, cwd=tmp_path)
    else:
        qemu = xml.parent / "libvirt-qemu-api.xml"
        require(qemu.is_file(), f"{qemu} (apt-get install libvirt-dev)")
        done = run("api", "--api-xml", shown, "--api-xml", qemu, "-o", "out", cwd=tmp_path)
        shown = str(tmp_path / shown)  # no common folder: each file by its absolute path
    line = doubled[:second].count("\n") + 1
    said = "'virConnectOpen' is defined twice; the one at"
    expected = f"{shown}:{line}:3: warning: {said} {shown}:{first}:5 is kept [apixml-duplicate]"
    assert expected in (done.stdout + done.stderr).splitlines()  # check reports on stdout
