"""API XML files given twice: the "given twice" error names the other file as
it opens from the current folder (or as given, without a common root), one
file named twice is read once (in ``api``, ``check`` and ``diff``), and two
copies of one module stay an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from apixml_support import SAMPLE_XML

from generator.cli import main
from generator.frontend import FrontendError
from generator.frontend.apixml_reader import load_api_xml, xml_root

API_LINE = 3  # <api> in our export: after the declaration and the generated comment


def _last_error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.splitlines()[-1]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


# --- "given twice" names the other file as it opens from here ----------------------


def test_module_twice_names_the_other_file_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: `--api-xml sub/a.xml --api-xml sub/b.xml` said '(also in a.xml)', relative to sub/."""
    (tmp_path / "sub").mkdir()
    shutil.copy(SAMPLE_XML, tmp_path / "sub" / "a.xml")
    shutil.copy(SAMPLE_XML, tmp_path / "sub" / "b.xml")
    monkeypatch.chdir(tmp_path)
    assert main(["api", "--api-xml", "sub/a.xml", "--api-xml", "./sub/b.xml", "-o", "out"]) == 1
    assert _last_error(capsys) == f"sub/b.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in sub/a.xml)"
    assert not (tmp_path / "out").exists()


def test_module_twice_across_folders_names_both_openable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: an absolute and a relative path gave '(also in usr/share/...)', relative to '/'."""
    (tmp_path / "here").mkdir()
    other = tmp_path / "elsewhere" / "deep"
    other.mkdir(parents=True)
    shutil.copy(SAMPLE_XML, other / "libvirt-api.xml")
    shutil.copy(SAMPLE_XML, tmp_path / "here" / "copy.xml")
    monkeypatch.chdir(tmp_path / "here")
    assert main(["api", "--api-xml", str(other / "libvirt-api.xml"), "--api-xml", "copy.xml", "-o", "out"]) == 1
    expected = f"{tmp_path}/here/copy.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in {other}/libvirt-api.xml)"
    assert _last_error(capsys) == expected
    # From a folder beside both: '..' paths that open from there.
    (tmp_path / "side").mkdir()
    monkeypatch.chdir(tmp_path / "side")
    assert main(["api", "--api-xml", "../elsewhere/deep/libvirt-api.xml", "--api-xml", "../here/copy.xml", "-o", "out"]) == 1
    assert _last_error(capsys) == f"../here/copy.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in ../elsewhere/deep/libvirt-api.xml)"


def test_module_twice_without_root_names_the_path_as_given(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    shutil.copy(SAMPLE_XML, first)
    shutil.copy(SAMPLE_XML, second)
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(first), str(second)])
    assert (caught.value.file, caught.value.message) == (str(second), f"module 'libvirt' is given twice (also in {first})")
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(first), str(second)], str(tmp_path))
    assert (caught.value.file, caught.value.message) == (str(second), f"module 'libvirt' is given twice (also in {tmp_path}/a.xml)")


# --- the same file named twice is read once ----------------------------------------


def _names_of_one_file(tmp_path: Path) -> list[list[str]]:
    (tmp_path / "api").mkdir()
    shutil.copy(SAMPLE_XML, tmp_path / "api" / "libvirt-api.xml")
    (tmp_path / "link.xml").symlink_to(tmp_path / "api" / "libvirt-api.xml")
    return [
        ["api/libvirt-api.xml", "api/libvirt-api.xml"],
        ["api/libvirt-api.xml", "./api/libvirt-api.xml"],
        ["api/libvirt-api.xml", "link.xml"],  # the link is elsewhere: it must not move the root
        [str(tmp_path / "api" / "libvirt-api.xml"), "api/libvirt-api.xml"],
    ]


def test_same_file_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: `--api-xml A --api-xml A` exited 1, 'given twice'."""
    cases = _names_of_one_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["api", "--format", "json", "--api-xml", cases[0][0], "-o", "once"]) == 0
    once = _outputs(tmp_path / "once")
    assert b'"file": "libvirt-api.xml"' in once["libvirt-api.json"]
    for number, names in enumerate(cases):
        args = [arg for name in names for arg in ("--api-xml", name)]
        assert main(["api", "--format", "json", *args, "-o", f"twice{number}"]) == 0, names
        assert _outputs(tmp_path / f"twice{number}") == once, names
    capsys.readouterr()


def test_same_file_twice_in_check_and_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _names_of_one_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--api-xml", "api/libvirt-api.xml"]) == 0
    once = capsys.readouterr().err
    assert main(["check", "--api-xml", "api/libvirt-api.xml", "--api-xml", "link.xml"]) == 0
    assert capsys.readouterr().err == once  # placed under the first name
    assert main(["diff", "api/libvirt-api.xml,./api/libvirt-api.xml", "api/libvirt-api.xml"]) == 0
    assert "0 changes" in capsys.readouterr().err


def test_reader_keeps_the_first_name_and_lists_each_file_once(tmp_path: Path) -> None:
    _names_of_one_file(tmp_path)
    first = str(tmp_path / "api" / "libvirt-api.xml")
    link = str(tmp_path / "link.xml")
    assert xml_root([first, link]) == str(tmp_path / "api")
    result = load_api_xml([first, link, first], xml_root([first, link, first]))
    assert result.inputs == [first]
    assert result.api.modules[0].location.file == "libvirt-api.xml"
    result = load_api_xml([link, first])
    assert result.inputs == [link] and result.api.modules[0].location.file == link


def test_two_copies_of_one_module_stay_an_error(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_XML, tmp_path / "a.xml")
    os.link(tmp_path / "a.xml", tmp_path / "hard.xml")  # a second name of the same file: read once
    shutil.copy(SAMPLE_XML, tmp_path / "b.xml")  # the same bytes, another file: an error
    assert load_api_xml([str(tmp_path / "a.xml"), str(tmp_path / "hard.xml")]).inputs == [str(tmp_path / "a.xml")]
    with pytest.raises(FrontendError, match="is given twice"):
        load_api_xml([str(tmp_path / "a.xml"), str(tmp_path / "b.xml")])
