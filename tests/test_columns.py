"""Printed columns are gcc's display columns, whichever stage found the problem.

The model counts columns in characters; the CLI prints them as gcc does (a
tab to the next multiple of 8, a wide character 2, a combining one 0), and
cpp's own columns, which come in gcc's unit, are turned into characters on the
way in.  Each case below was checked against gcc 12 on the same line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator.positions import character_column, display_column

SAMPLE = REPO / "generator" / "sample"
CHECKPOINT_C = Path("src") / "libvirt-domain-checkpoint.c"
CHECKPOINT_H = Path("include") / "libvirt" / "libvirt-domain-checkpoint.h"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True)


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    return tree


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "char_col", "gcc_col"),
    [
        ("int x;", 5, 5),  # plain ASCII: the same in every unit
        (" *\tTabbed virDomainTabbedThing", 11, 16),  # a tab after two columns moves to 9
        ("\t\tx", 3, 17),
        ("/* ï中文 */ int x = y;", 19, 21),  # ï counts 1, each CJK character 2
        ("a\u0301b", 3, 2),  # a combining accent takes no column
        ("中", 4, 5),  # past the line's end: one column per character
    ],
)
def test_display_column_matches_gcc(line: str, char_col: int, gcc_col: int) -> None:
    assert display_column(line, char_col) == gcc_col
    assert character_column(line, gcc_col) == char_col


def test_character_column_inside_a_tab_or_wide_character_is_that_character() -> None:
    assert [character_column("\tx", display) for display in range(1, 11)] == [1] * 8 + [2, 3]
    assert [character_column("中x", display) for display in range(1, 5)] == [1, 1, 2, 3]


def test_check_prints_doc_findings_in_gcc_columns(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    _edit(
        tree / CHECKPOINT_C,
        " * Reads the name of @checkpoint, which is unique among the checkpoints\n",
        " * Reads the naïve中文 name of virDomainChekpointFoo, which is unique\n *\tTabbed virDomainTabbedThing\n",
    )
    text = _cli("check", "--srcdir", "tree", cwd=tmp_path)
    places = {line.split(": ")[0] for line in text.stdout.splitlines() if "virDomainChekpointFoo" in line or "virDomainTabbedThing" in line}
    assert places == {"tree/src/libvirt-domain-checkpoint.c:14:32", "tree/src/libvirt-domain-checkpoint.c:15:16"}
    as_json = json.loads(_cli("check", "--srcdir", "tree", "--format", "json", cwd=tmp_path).stdout)
    columns = {(d["line"], d["col"]) for d in as_json["diagnostics"] if d["rule"] == "unknown-symbol"}
    assert columns == {(14, 32), (15, 16)}  # the JSON says what the text says


def test_a_c_syntax_error_is_placed_in_gcc_columns(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    _edit(tree / CHECKPOINT_H, "typedef enum", "/* 中文 */\tint x = 1 +;\n\ntypedef enum")
    result = _cli("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, text in enumerate((tree / CHECKPOINT_H).read_text(encoding="utf-8").splitlines(), 1) if "1 +;" in text)
    # gcc -fsyntax-only puts "expected expression before ';' token" at 28 too
    assert f"tree/include/libvirt/libvirt-domain-checkpoint.h:{line}:28: error:" in result.stderr, result.stderr


def test_cpp_columns_are_neither_converted_twice_nor_mixed(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    _edit(tree / CHECKPOINT_H, "typedef enum", "/* 中文 */\t#error boom\ntypedef enum")
    header = tree / CHECKPOINT_H
    line = next(n for n, text in enumerate(header.read_text(encoding="utf-8").splitlines(), 1) if "boom" in text)
    gcc = subprocess.run(["cpp", str(header)], capture_output=True, text=True).stderr
    gcc_place = next(text.split(": ")[0] for text in gcc.splitlines() if "#error boom" in text and ": error:" in text)
    gcc_col = int(gcc_place.rsplit(":", 1)[1])
    assert gcc_col == 18  # what gcc 12 prints, for the record
    result = _cli("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert f"tree/include/libvirt/libvirt-domain-checkpoint.h:{line}:{gcc_col}: error: the C preprocessor failed: #error boom" in result.stderr


def test_a_byte_that_is_not_utf8_is_placed_in_gcc_columns(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    header = tree / CHECKPOINT_H
    header.write_bytes(header.read_bytes().replace(b"typedef enum", "/* 中\t".encode() + b"\xff */\ntypedef enum", 1))
    line = header.read_bytes().split(b"\n").index("/* 中\t".encode() + b"\xff */") + 1
    result = _cli("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    # "/* " 3 columns, 中 2, the tab to 8: the byte at 9 (its byte column would be 8, its character 6)
    assert f"tree/include/libvirt/libvirt-domain-checkpoint.h:{line}:9: error: not valid UTF-8: byte 0xff" in result.stderr, result.stderr


def test_a_remote_protocol_byte_that_is_not_utf8_is_placed_in_gcc_columns(tmp_path: Path) -> None:
    (tmp_path / "p.x").write_bytes("/* é中 */ \xff".encode().replace(b"\xc3\xbf", b"\xff"))
    result = _cli("generate", "--only", "rpc", "--remote-protocol", "p.x", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    # "/* " 3, é 1, 中 2, " */ " 4: the byte at 11 (its byte column is 13)
    assert "p.x:1:11: error: not a remote_protocol.x: byte 0xff is not UTF-8" in result.stderr, result.stderr


@pytest.mark.parametrize(("name", "char"), [("virDomainCafé", "'é' (U+00E9)"), ("virDomain中", "'中' (U+4E2D)")])
def test_an_identifier_outside_ascii_is_named_not_called_a_backslash(tmp_path: Path, name: str, char: str) -> None:
    # cpp writes the character as a universal character name (\U000000e9), which pycparser calls "Illegal character '\\'"
    tree = _tree(tmp_path)
    _edit(tree / CHECKPOINT_H, "typedef enum", f"int {name}(void);\n\ntypedef enum")
    line = next(n for n, text in enumerate((tree / CHECKPOINT_H).read_text(encoding="utf-8").splitlines(), 1) if name in text)
    result = _cli("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    expected = f"tree/include/libvirt/libvirt-domain-checkpoint.h:{line}:5: error: {char} in an identifier: identifiers outside ASCII are not supported"
    assert result.stderr.splitlines() == [expected]


def test_diff_prints_gcc_columns_in_text_and_json(tmp_path: Path) -> None:
    # diff printed the model's character column where every other command printed gcc's
    tree = _tree(tmp_path)
    header = tree / "include" / "libvirt" / "libvirt-domain.h"
    old_line = "unsigned int            virDomainGetID          (virDomainPtr domain);"
    _edit(header, old_line, "/* 日本 */\tint\tvirDomainGetID          (virDomainPtr domain, int x);")
    text = _cli("diff", str(SAMPLE), "tree", cwd=tmp_path).stdout
    # "/* " 3, 日本 4, " */" 3, the tab to 16, "int" to 19, the tab to 24: the name at 25 (its character is 14)
    assert "tree/include/libvirt/libvirt-domain.h:47:25: ABI-breaking: virDomainGetID" in text, text
    as_json = json.loads(_cli("diff", str(SAMPLE), "tree", "--format", "json", cwd=tmp_path).stdout)
    places = {c["location"] for c in as_json["changes"] if c["symbol"] == "virDomainGetID"}
    assert places == {"tree/include/libvirt/libvirt-domain.h:47:25"}


def test_a_bom_starting_an_xml_file_is_no_column(tmp_path: Path) -> None:
    # expat counts the BOM as a column; printed, it is none, as in a header: the same place with or without it
    text = (REPO / "generated" / "api" / "libvirt-api.xml").read_text(encoding="utf-8")
    flat = text.replace("Reads the name of @checkpoint", "Reads the name of virNoSuchThing @checkpoint", 1).replace("\n", " ")
    (tmp_path / "flat.xml").write_text(flat, encoding="utf-8")
    (tmp_path / "bom.xml").write_text("\ufeff" + flat, encoding="utf-8")
    col = flat.index("virNoSuchThing") + 1
    places = [
        [line.split(": ")[0] for line in _cli("check", "--api-xml", name, cwd=tmp_path).stdout.splitlines() if "virNoSuchThing" in line]
        for name in ("flat.xml", "bom.xml")
    ]
    assert places == [[f"flat.xml:1:{col}"], [f"bom.xml:1:{col}"]]
