"""An XML syntax error in an ``--api-xml`` file is placed on its own line, even
after a tag whose attributes span several lines."""

from __future__ import annotations

from pathlib import Path

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
