"""``virt-apigen diff`` of two single API XML files, a symbol moved to a header
the other side lacks (a split header: ``libvirt-domain.h`` -> ``libvirt-domain-foo.h``).

A move between headers is not reported (docs/diff.md reports no file change),
so a moved symbol is compared where it stands and is never ``function-removed``
or ``-added``: a review found one XML file against another that moved one
function reporting it removed, exit 4.  A header a list of files lacks is still
not compared for the symbols the list does not declare elsewhere
(tests/test_diff_partial_sides.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.apidiff import Classification, diff
from generator.cli import main
from generator.model import Api, Function, Header, Module, Ownership

SUMMARY_NONE = "virt-apigen diff: 0 changes: 0 compatible, 0 source-breaking, 0 ABI-breaking\n"


@pytest.fixture(scope="module")
def sample_xml(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample tree's ``libvirt-api.xml``, exported afresh."""
    folder = tmp_path_factory.mktemp("sample-api")
    assert main(["api", "--srcdir", str(sample_tree), "-o", str(folder)]) == 0
    return (folder / "libvirt-api.xml").read_text(encoding="utf-8")


def _moved(text: str, header: str, *names: str) -> str:
    """``text`` with each of ``names`` declared in ``header`` instead (its ``file=``)."""
    for name in names:
        text, count = re.subn(rf"(<\w+ name='{name}' file=')[^']*'", rf"\g<1>{header}'", text)
        assert count == 1, name
    return text


def _replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    """The 1-based line of ``path`` holding ``needle`` (where the report locates a symbol)."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _run(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("name", "kind"), [("virDomainCheckpointGetName", "function"), ("VIR_UUID_BUFLEN", "macro")])
def test_a_symbol_moved_to_a_header_the_other_xml_lacks_is_no_change(
    sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, kind: str,
) -> None:
    """Was ``function-removed`` (exit 4) / ``macro-removed`` (exit 3) one way and
    ``-added`` the other: the header only NEW has left NEW's copy out."""
    old = _write(tmp_path, "old.xml", sample_xml)
    new = _write(tmp_path, "new.xml", _moved(sample_xml, "libvirt-domain-foo", name))
    assert _run(old, new, capsys) == (0, "", SUMMARY_NONE), kind
    assert _run(new, old, capsys) == (0, "", SUMMARY_NONE), kind


def test_a_moved_function_is_still_compared(sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.xml", sample_xml)
    moved = _moved(sample_xml, "libvirt-domain-foo", "virDomainCheckpointGetName")
    belongs = "info='the name, or NULL on failure.  The string belongs to @checkpoint"
    new = _write(tmp_path, "new.xml", _replaced(moved, f"<return type='const char *' {belongs}", f"<return type='int' {belongs}"))
    line = _line(new, "<function name='virDomainCheckpointGetName'")
    assert _run(old, new, capsys) == (
        4,
        f"libvirt:\n  {new}:{line}:5: ABI-breaking: virDomainCheckpointGetName: returns int instead of const char * [return-type-changed]\n",
        "virt-apigen diff: 1 change: 0 compatible, 0 source-breaking, 1 ABI-breaking\n",
    )


def test_a_moved_enum_keeps_its_members_compared(sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An enum moved with its members, one member added on the way: the addition
    shows (it goes with its enum), nothing is removed."""
    members = ("VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN", "VIR_DOMAIN_CHECKPOINT_XML_SECURE", "VIR_DOMAIN_CHECKPOINT_XML_SIZE")
    moved = _moved(sample_xml, "libvirt-domain-foo", "virDomainCheckpointXMLFlags", *members)
    added = (
        "    <enum name='VIR_DOMAIN_CHECKPOINT_XML_ZERO' file='libvirt-domain-foo' value='8' value_hex='0x8'"
        " value_bitshift='3' type='virDomainCheckpointXMLFlags' version='9.1.0' info='zero it'/>\n"
    )
    moved = _replaced(moved, "    <enum name='VIR_ERR_CHECKPOINT_INCONSISTENT'", added + "    <enum name='VIR_ERR_CHECKPOINT_INCONSISTENT'")
    old, new = _write(tmp_path, "old.xml", sample_xml), _write(tmp_path, "new.xml", moved)
    line = _line(new, "<enum name='VIR_DOMAIN_CHECKPOINT_XML_ZERO'")
    assert _run(old, new, capsys) == (
        0,
        f"libvirt:\n  {new}:{line}:5: compatible: VIR_DOMAIN_CHECKPOINT_XML_ZERO: virDomainCheckpointXMLFlags value 8 (1 << 3) [member-added]\n",
        "virt-apigen diff: 1 change: 1 compatible, 0 source-breaking, 0 ABI-breaking\n",
    )
    line = _line(new, "<enum name='VIR_DOMAIN_CHECKPOINT_XML_ZERO'")
    assert _run(new, old, capsys) == (
        3,
        f"libvirt:\n  {new}:{line}:5: source-breaking: VIR_DOMAIN_CHECKPOINT_XML_ZERO: virDomainCheckpointXMLFlags value 8 (1 << 3) [member-removed]\n",
        "virt-apigen diff: 1 change: 0 compatible, 1 source-breaking, 0 ABI-breaking\n",
    )


def test_a_function_gone_for_real_is_still_removed(sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.xml", sample_xml)
    gone = re.sub(r"    <function name='virDomainCheckpointGetName'.*?</function>\n", "", sample_xml, count=1, flags=re.DOTALL)
    new = _write(tmp_path, "new.xml", gone)
    line = _line(old, "<function name='virDomainCheckpointGetName'")
    assert _run(old, new, capsys) == (
        4,
        f"libvirt:\n  {old}:{line}:5: ABI-breaking: virDomainCheckpointGetName: "
        "removed (was in .syms block 5.6.0): const char * virDomainCheckpointGetName(virDomainCheckpointPtr) [function-removed]\n",
        "virt-apigen diff: 1 change: 0 compatible, 0 source-breaking, 1 ABI-breaking\n",
    )


NEW_HEADER = """    <file name='libvirt-domain-foo'>
     <summary>the foo calls</summary>
     <description>Split from libvirt-domain-checkpoint.</description>
     <exports symbol='virDomainCheckpointGetName' type='function'/>
    </file>
  </files>
"""


def test_a_listed_header_of_moved_symbols_only_is_no_note(sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """NEW lists the new header in ``<files>``: every symbol of it is one OLD declares
    elsewhere, so all of it is compared and no ``header-absent`` note is due."""
    moved = _replaced(_moved(sample_xml, "libvirt-domain-foo", "virDomainCheckpointGetName"), "  </files>\n", NEW_HEADER)
    old, new = _write(tmp_path, "old.xml", sample_xml), _write(tmp_path, "new.xml", moved)
    assert _run(old, new, capsys) == (0, "", SUMMARY_NONE)
    assert _run(new, old, capsys) == (0, "", SUMMARY_NONE)


def test_a_new_header_with_new_symbols_is_still_a_note(sample_xml: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new header holding a moved function and a new one: the new one is not
    compared (OLD, one XML file, may just lack the header), the note says what was."""
    function = re.search(r"    <function name='virDomainCheckpointGetName'.*?</function>\n", sample_xml, flags=re.DOTALL)
    assert function is not None
    fresh = function.group(0).replace("virDomainCheckpointGetName", "virDomainFooGetName")
    header = NEW_HEADER.replace("    </file>", "     <exports symbol='virDomainFooGetName' type='function'/>\n    </file>")
    text = _replaced(sample_xml, function.group(0), function.group(0) + _moved(fresh, "libvirt-domain-foo", "virDomainFooGetName"))
    text = _replaced(_moved(text, "libvirt-domain-foo", "virDomainCheckpointGetName"), "  </files>\n", header)
    old, new = _write(tmp_path, "old.xml", sample_xml), _write(tmp_path, "new.xml", text)
    assert _run(old, new, capsys) == (
        0,
        f"libvirt:\n  {tmp_path}/include/libvirt/libvirt-domain-foo.h:1:1: note: libvirt-domain-foo: only in NEW: OLD, a list of files, lacks this header"
        " (not compared, but for 1 of its symbols OLD declares in another header) [header-absent]\n",
        "virt-apigen diff: 0 changes: 0 compatible, 0 source-breaking, 0 ABI-breaking; 1 header on one side only, not compared\n",
    )


# --- the model: a list of files holding some headers ---------------------------------------------


def _function(name: str, header: str) -> Function:
    return Function(name, header, header, "int", "", Ownership.NONE, (), "", "", "", None, False)


def _side(functions: dict[str, str], headers: tuple[str, ...]) -> Api:
    """One module ``libvirt`` with ``functions`` (name: header) and ``headers`` listed."""
    listed = tuple(Header(name, "", "") for name in headers)
    return Api((Module("libvirt", listed, tuple(_function(n, h) for n, h in sorted(functions.items())), (), (), (), (), (), (), ()),))


def test_a_list_lacking_a_header_still_leaves_its_other_symbols_out() -> None:
    """The partial side's own case: ``virB`` (of a header the list lacks) is not
    compared, ``virMoved`` (declared in the list, in another header) is."""
    full = _side({"virA": "h-a", "virB": "h-b", "virMoved": "h-b"}, ("h-a", "h-b"))
    part = _side({"virA": "h-a", "virMoved": "h-a"}, ("h-a",))
    records = [(c.kind, c.symbol, c.classification, c.detail) for c in diff(full, part, complete=(True, False))]
    assert records == [(
        "header-absent", "h-b", Classification.COMPATIBLE,
        "only in OLD: NEW, a list of files, lacks this header (not compared, but for 1 of its symbols NEW declares in another header)",
    )]  # fmt: skip
    # the moved one alone in its header: nothing left out, no note
    full = _side({"virA": "h-a", "virMoved": "h-b"}, ("h-a", "h-b"))
    assert diff(full, part, complete=(True, False)) == []
    assert diff(part, full, complete=(False, True)) == []
    # a header of nothing the list declares: the note as before
    full = _side({"virA": "h-a", "virB": "h-b"}, ("h-a", "h-b"))
    assert [(c.kind, c.detail) for c in diff(full, _side({"virA": "h-a"}, ("h-a",)), complete=(True, False))] == [
        ("header-absent", "only in OLD: NEW, a list of files, lacks this header (not compared)"),
    ]
