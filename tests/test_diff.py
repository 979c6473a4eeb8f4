"""virt-apigen diff: the 2018 draft against the sample, libvirt 9.0.0 against itself and its XML, small cases, bad input.

``tests/cases/diff-<name>/old`` and ``new`` are small trees; ``expected.txt``
is the text report (``UPDATE_GOLDEN=1`` rewrites it).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.apidiff import Change, Classification, Facts, diff
from generator.cli import main
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"
FIXTURE_2018 = TESTS / "fixtures" / "checkpoint-2018"
SAMPLE_XML = TESTS.parent / "generated" / "api" / "libvirt-api.xml"  # the sample tree, exported
DIFF_CASES = sorted(p.name for p in CASES.glob("diff-*") if (p / "old").is_dir())


def _records(changes: list[Change]) -> set[tuple[str, str, str]]:
    return {(c.kind, c.symbol, c.classification.value) for c in changes}


@pytest.fixture(scope="module")
def draft_vs_sample(sample_tree: Path) -> list[Change]:
    return diff(load_tree(FIXTURE_2018).api, load_tree(sample_tree).api)


def test_draft_renamed_list_functions(draft_vs_sample: list[Change]) -> None:
    renamed = {(c.symbol, c.detail, c.classification) for c in draft_vs_sample if c.kind == "function-renamed"}
    assert renamed == {
        ("virDomainListCheckpoints", "now virDomainListAllCheckpoints (same signature)", Classification.ABI),
        ("virDomainCheckpointListChildren", "now virDomainCheckpointListAllChildren (same signature)", Classification.ABI),
    }


def test_draft_removed_metadata_flags(draft_vs_sample: list[Change]) -> None:
    removed = {(c.symbol, c.detail, c.classification) for c in draft_vs_sample if c.kind == "member-removed"}
    assert removed == {
        ("VIR_DOMAIN_CHECKPOINT_LIST_METADATA", "virDomainCheckpointListFlags value 8 (1 << 3)", Classification.SOURCE),
        ("VIR_DOMAIN_CHECKPOINT_LIST_NO_METADATA", "virDomainCheckpointListFlags value 16 (1 << 4)", Classification.SOURCE),
        ("VIR_DOMAIN_CHECKPOINT_CREATE_NO_METADATA", "virDomainCheckpointCreateFlags value 4 (1 << 2)", Classification.SOURCE),
        ("VIR_DOMAIN_CHECKPOINT_CREATE_CURRENT", "virDomainCheckpointCreateFlags value 2 (1 << 1)", Classification.SOURCE),
    }


def test_draft_moved_leaves_values(draft_vs_sample: list[Change]) -> None:
    moved = {(c.symbol, c.detail, c.classification) for c in draft_vs_sample if c.kind == "member-value-changed"}
    assert moved == {
        ("VIR_DOMAIN_CHECKPOINT_LIST_LEAVES", "2 (1 << 1) -> 4 (1 << 2)", Classification.ABI),
        ("VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES", "4 (1 << 2) -> 8 (1 << 3)", Classification.ABI),
    }


def test_draft_everything_that_breaks(draft_vs_sample: list[Change]) -> None:
    breaking = sorted((c.kind, c.symbol) for c in draft_vs_sample if c.classification is not Classification.COMPATIBLE)
    moved = [("version-moved", name) for name in (
        "virDomainCheckpointCreateXML", "virDomainCheckpointDelete", "virDomainCheckpointFree", "virDomainCheckpointGetDomain",
        "virDomainCheckpointGetXMLDesc", "virDomainCheckpointListAllChildren", "virDomainCheckpointRef", "virDomainListAllCheckpoints",
    )]
    assert breaking == sorted([
        ("function-removed", "virDomainCheckpointCurrent"),
        ("function-renamed", "virDomainCheckpointListChildren"),
        ("function-renamed", "virDomainListCheckpoints"),
        ("member-removed", "VIR_DOMAIN_CHECKPOINT_CREATE_CURRENT"),
        ("member-removed", "VIR_DOMAIN_CHECKPOINT_CREATE_NO_METADATA"),
        ("member-removed", "VIR_DOMAIN_CHECKPOINT_LIST_METADATA"),
        ("member-removed", "VIR_DOMAIN_CHECKPOINT_LIST_NO_METADATA"),
        ("member-value-changed", "VIR_DOMAIN_CHECKPOINT_LIST_LEAVES"),
        ("member-value-changed", "VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES"),
        *moved,
    ])
    assert ("member-added", "VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL", "compatible") in _records(draft_vs_sample)
    assert ("type-added", "virDomainCheckpointXMLFlags", "compatible") in _records(draft_vs_sample)
    assert ("since-changed", "virDomainCheckpointListFlags", "compatible") in _records(draft_vs_sample)
    assert ("doc-changed", "virDomainCheckpointGetXMLDesc", "compatible") in _records(draft_vs_sample)


def test_draft_cli_exit_code_and_json(sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(FIXTURE_2018), str(sample_tree)]) == 4
    out, err = capsys.readouterr()
    assert "libvirt:\n" in out and "[function-renamed]" in out and "doc-only changes in" in out
    assert err.startswith("virt-apigen diff: ") and "ABI-breaking" in err
    assert main(["diff", str(FIXTURE_2018), str(sample_tree), "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["diff", str(FIXTURE_2018), str(sample_tree), "--format", "json"]) == 4
    records = json.loads(capsys.readouterr().out)["changes"]
    leaves = next(r for r in records if r["symbol"] == "VIR_DOMAIN_CHECKPOINT_LIST_LEAVES" and r["kind"] == "member-value-changed")
    assert leaves["classification"] == "ABI-breaking" and leaves["module"] == "libvirt"
    assert leaves["location"].endswith("generator/sample/include/libvirt/libvirt-domain-checkpoint.h:104:5")


def test_file_sets(sample_tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # relative paths: the frontend's explicit-file mode finds no declaration in a header given by an
    # absolute path or one outside the current folder (reported to the lead)
    monkeypatch.chdir(TESTS.parent)

    def files(root: Path) -> str:
        parts = ("include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt-domain-checkpoint.c", "src/libvirt_public.syms")
        return ",".join(str(root.relative_to(TESTS.parent) / p) for p in parts)

    assert main(["diff", files(FIXTURE_2018), files(sample_tree), "--format", "json"]) == 4
    records = json.loads(capsys.readouterr().out)["changes"]
    assert {r["symbol"] for r in records if r["kind"] == "function-renamed"} == {"virDomainListCheckpoints", "virDomainCheckpointListChildren"}
    assert not [r for r in records if r["kind"] == "function-added" and "Checkpoint" not in r["symbol"]]  # context headers are not compared


@pytest.mark.parametrize("case", DIFF_CASES)
def test_diff_cases(case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / case)
    code = main(["diff", "old", "new"])
    out = capsys.readouterr().out
    expected = CASES / case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(f"exit {code}\n{out}", encoding="utf-8")
    assert f"exit {code}\n{out}" == expected.read_text(encoding="utf-8")


def test_libvirt_9_against_itself(libvirt_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api = load_tree(libvirt_tree).api
    assert diff(api, api) == []
    assert main(["diff", str(libvirt_tree), str(libvirt_tree)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 changes" in err


def test_libvirt_9_against_its_exported_xml(libvirt_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["api", "--srcdir", str(libvirt_tree), "-o", str(tmp_path / "xml")]) == 0
    capsys.readouterr()
    tree = load_tree(libvirt_tree).api
    exported = load_api_xml(sorted(str(p) for p in (tmp_path / "xml").glob("*.xml"))).api
    assert diff(tree, exported, Facts.SOURCE, Facts.XML) == []
    assert diff(exported, tree, Facts.XML, Facts.SOURCE) == []
    assert main(["diff", str(libvirt_tree), str(tmp_path / "xml")]) == 0
    qemu, main_api = str(tmp_path / "xml" / "libvirt-qemu-api.xml"), str(tmp_path / "xml" / "libvirt-api.xml")
    assert main(["diff", f"{qemu},{main_api}", f"{main_api},{qemu}"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("/nonexistent", ".", "/nonexistent:1:1: error: no such file or folder (in OLD)"),
        (str(CASES), str(CASES), "neither a libvirt tree"),
        (str(TESTS / "test_diff.py"), ".", "unknown input kind"),
    ],
)
def test_bad_input_is_a_diagnostic(old: str, new: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", old, new]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_xml_and_bad_c_are_positioned(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken-api.xml"
    broken.write_text("<api name='libvirt'><symbols>", encoding="utf-8")
    assert main(["diff", str(broken), str(sample_tree)]) == 1
    err = capsys.readouterr().err
    assert str(broken) in err and "error:" in err and "(in OLD)" in err and "Traceback" not in err
    tree = tmp_path / "tree"
    (tree / "include" / "libvirt").mkdir(parents=True)
    (tree / "include" / "libvirt" / "libvirt-t.h").write_text("int virTRun(int x;\n", encoding="utf-8")
    assert main(["diff", str(sample_tree), str(tree)]) == 1
    err = capsys.readouterr().err
    assert f"{tree}/include/libvirt/libvirt-t.h:1:" in err and "(in NEW)" in err and "Traceback" not in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["diff", "only-one"])
    assert stop.value.code == 2


def test_help_says_a_folder_is_read_as_every_xml_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["diff", "--help"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal
    assert "*-api.xml" not in text
    assert "any other folder (every *.xml in it is read as exported API XML)" in text
    # and that is what it does: a folder whose one XML file is not named *-api.xml is read
    shutil.copy(SAMPLE_XML, tmp_path / "checkpoint.xml")
    assert main(["diff", str(tmp_path), str(SAMPLE_XML)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("old", "new", "message"), [("", "x", "OLD: the name is empty"), ("x", ",", "NEW: the name is empty")])
def test_empty_side_is_a_usage_error_not_the_current_folder(
    old: str, new: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SAMPLE_XML, tmp_path / "libvirt-api.xml")  # "" read as "." would find this and exit 0
    monkeypatch.chdir(tmp_path)
    assert main(["diff", old, new]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"virt-apigen diff: error: {message}"


def test_macro_bodies_compare_as_tokens_not_text(tmp_path: Path, sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spacing and comments in a macro body change no value; an operator's spelling does."""
    from generator.apidiff.compare import _tokens

    assert _tokens("(4096 + 1)") == _tokens("(4096+1)") == ("(", "4096", "+", "1", ")")
    assert _tokens("9007199254740991LL /* = INT64_MAX >> 10 */") == _tokens("9007199254740991LL")
    assert _tokens("(a - -1)") != _tokens("(a--1)")
    assert _tokens('"a  /* b"') != _tokens('"a /* b"')

    new = tmp_path / "new"
    shutil.copytree(sample_tree, new)
    header = new / "include" / "libvirt" / "libvirt-host.h"
    text = header.read_text(encoding="utf-8")
    assert text.count("# define VIR_UUID_BUFLEN (16)") == 1, "update this test"
    header.write_text(text.replace("# define VIR_UUID_BUFLEN (16)", "# define VIR_UUID_BUFLEN ( 16 ) /* bytes */"), encoding="utf-8")
    assert diff(load_tree(sample_tree).api, load_tree(new).api) == []
    header.write_text(text.replace("# define VIR_UUID_BUFLEN (16)", "# define VIR_UUID_BUFLEN (17)"), encoding="utf-8")
    assert _records(diff(load_tree(sample_tree).api, load_tree(new).api)) == {("macro-value-changed", "VIR_UUID_BUFLEN", "ABI-breaking")}


def test_installed_api_against_its_own_tree_breaks_nothing(libvirt_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's example: libvirt-doc's XML keeps a comment in one macro's value that the header's body has."""
    installed = Path("/usr/share/libvirt/api")
    if not (installed / "libvirt-api.xml").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{installed} missing (apt-get install libvirt-dev)")
        pytest.skip(f"{installed} missing")
    assert main(["diff", str(installed), str(libvirt_tree)]) == 0
    assert "0 source-breaking, 0 ABI-breaking" in capsys.readouterr().err



ERROR_H = "include/libvirt/virterror.h"
SYMS = "src/libvirt_public.syms"
MAPLEN = "\n# define VIR_T_MAPLEN({}) ((({}) + 7) / 8)\n"
CRAFTED = {  # (file, old text, new text) edits of NEW (and of OLD when given), the records expected
    "same-typed-fields-swapped": (
        [(ERROR_H, "    int         int1;   /* first extra number */\n    int         int2;   /* second extra number */",
          "    int         int2;   /* second extra number */\n    int         int1;   /* first extra number */")],
        [], {("struct-changed", "virError", "ABI-breaking")},
    ),
    "dropped-from-syms": ([(SYMS, "        virDomainCheckpointGetName;\n", "")], [], {("function-unexported", "virDomainCheckpointGetName", "ABI-breaking")}),
    "one-line-field-deprecated": (
        [(ERROR_H, "    int         int1;   /* first extra number */", "    int         int1 VIR_DEPRECATED;   /* first extra number */")],
        [], {("deprecated", "virError.int1", "compatible")},  # not int2 on the next line too
    ),
    "function-deprecated-in-its-doc": (
        [("src/libvirt-domain-checkpoint.c", " * Since: 5.6.0\n */\nvirDomainPtr", " * Deprecated after 9.0.0.\n *\n * Since: 5.6.0\n */\nvirDomainPtr")],
        [], {("deprecated", "virDomainCheckpointGetDomain", "compatible"), ("doc-changed", "virDomainCheckpointGetDomain", "compatible")},
    ),
    "macro-parameter-renamed": (
        [(ERROR_H, "struct _virError {", MAPLEN.format("ncpu", "ncpu") + "struct _virError {")],
        [(ERROR_H, "struct _virError {", MAPLEN.format("cpu", "cpu") + "struct _virError {")],
        {("macro-params-changed", "VIR_T_MAPLEN", "compatible")},
    ),
    "macro-parameter-added": (
        [(ERROR_H, "struct _virError {", "\n# define VIR_T_MAPLEN(cpu, n) (((cpu) + 7) / 8)\n" + "struct _virError {")],
        [(ERROR_H, "struct _virError {", MAPLEN.format("cpu", "cpu") + "struct _virError {")],
        {("macro-params-changed", "VIR_T_MAPLEN", "source-breaking")},
    ),
}


def _edited(sample_tree: Path, target: Path, edits: list[tuple[str, str, str]]) -> Path:
    shutil.copytree(sample_tree, target)
    for file, old, new in edits:
        path = target / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"update this test: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_changes(tmp_path: Path, sample_tree: Path, case: str) -> None:
    new_edits, old_edits, expected = CRAFTED[case]
    old = _edited(sample_tree, tmp_path / "old", old_edits)
    new = _edited(sample_tree, tmp_path / "new", new_edits)
    assert _records(diff(load_tree(old).api, load_tree(new).api)) == expected


def test_since_tags_added_everywhere_are_one_summary_line(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re as regex

    old = tmp_path / "old"
    _edited(sample_tree, old, [])
    for path in (old / "src").glob("*.c"):
        path.write_text(regex.sub(r"\n \*\n \* Since: [\d.]+\n", "\n", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["diff", str(old), str(sample_tree)]) == 0
    out = capsys.readouterr().out
    summary = [line for line in out.splitlines() if "[since-changed]" in line]
    assert len(summary) == 1 and summary[0].startswith("  Since: tags added to ") and " symbols: " in summary[0], out
    assert len(diff(load_tree(old).api, load_tree(sample_tree).api)) > 5  # JSON keeps a record each


def test_folders_of_xml_print_paths_that_open_from_here(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each side's locations are relative to its folder: printed with it, so OLD and NEW
    (and an input error) name files that open from the current folder."""
    monkeypatch.chdir(tmp_path)
    for side in ("old", "new", "bad"):
        (tmp_path / side).mkdir()
    assert main(["api", "--srcdir", str(FIXTURE_2018), "-o", "old"]) == 0
    shutil.copy(SAMPLE_XML, tmp_path / "new")
    capsys.readouterr()
    assert main(["diff", "old", "new"]) == 4
    lines = capsys.readouterr().out.splitlines()
    assert any(line.strip().startswith("old/libvirt-api.xml:") and "[function-removed]" in line for line in lines)
    assert any(line.strip().startswith("new/libvirt-api.xml:") and "[function-renamed]" in line for line in lines)
    (tmp_path / "bad" / "libvirt-api.xml").write_text("<api name='libvirt'>\n<oops\n", encoding="utf-8")
    assert main(["diff", "old", "bad"]) == 1
    assert capsys.readouterr().err.startswith("bad/libvirt-api.xml:")
