"""A protocol file that does not give its whole procedure enum is an error, not fewer access rules.

libvirt 11.3.0's ``src/remote/remote_protocol.x`` cut three lines after
``REMOTE_PROC_DOMAIN_MIGRATE_GET_MAX_DOWNTIME`` gave 310 ``<acls>`` of 372
with exit 0 and no word; cut before the enum, a warning and exit 0.  Both
are errors now (``generator/frontend/protocol.py``), worded as
``generator/rpc/numbers.py`` words them for ``--remote-protocol``; a run
stops before writing, so the previous outputs stay as they were.  A tree
without the file is no error: it is optional (``generator/frontend/tree.py``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_TREE, require
from frontend_support import run, snapshot

from generator.diagnostics import Diagnostic
from generator.frontend.protocol import procedure_key, read_acls

STAMP = ".virt-apigen-stamp.json"
PROTOCOL = "src/remote/remote_protocol.x"
# The sample's procedures (virt-apigen test text, not libvirt's file).
SAMPLE_PROTOCOL = """\
/* virt-apigen test: the procedures of the sample tree */
struct remote_nonnull_domain {
    remote_nonnull_string name;
};

enum remote_procedure {
    /**
     * @generate: both
     * @acl: connect:getattr
     */
    REMOTE_PROC_CONNECT_GET_URI = 1,

    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:fs_freeze:VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 2,

    /**
     * @generate: both
     * @acl: domain:checkpoint
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 3
};
"""
ENUM_LINE = 6  # "enum remote_procedure {" in SAMPLE_PROTOCOL


def errors(path: str, text: str) -> list[str]:
    return [f"{d.location.line}:{d.location.col}: {d.message} [{d.rule}]" for d in read_acls(path, text)[1] if d.severity == "error"]


def head(text: str, lines: int) -> str:
    """The first ``lines`` lines of ``text``, as ``head -n`` writes them."""
    return "".join(text.splitlines(keepends=True)[:lines])


def never_closed(ends: str) -> str:
    return f"'enum remote_procedure' is never closed with '}};': the file ends {ends}, so the access rules of the procedures cut off are lost [protocol-acl]"


def test_the_whole_file_has_no_error() -> None:
    rules, problems = read_acls("remote_protocol.x", SAMPLE_PROTOCOL)
    assert problems == []
    assert [a.permission for a in rules[procedure_key("DOMAIN_CHECKPOINT_CREATE_XML")]] == ["checkpoint", "fs_freeze"]
    assert len(rules) == 3


def test_a_cut_between_entries_is_an_error_at_the_enum() -> None:
    cut = head(SAMPLE_PROTOCOL, 18)  # ends after "REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 2,"
    rules, _ = read_acls("remote_protocol.x", cut)
    assert errors("remote_protocol.x", cut) == [f"{ENUM_LINE}:1: " + never_closed("inside it")]
    assert len(rules) == 2  # what came before the cut is read; the run stops on the error anyway


def test_a_cut_inside_an_annotation_comment_names_the_comment() -> None:
    cut = head(SAMPLE_PROTOCOL, 22)  # "    /**", "     * @generate: both", "     * @acl: domain:checkpoint"
    assert errors("remote_protocol.x", cut) == [f"{ENUM_LINE}:1: " + never_closed("in the comment opened at line 20")]
    indented = "    " + "    ".join(cut.splitlines(keepends=True))
    assert errors("remote_protocol.x", indented)[0].startswith(f"{ENUM_LINE}:5: 'enum remote_procedure' is never closed")


def test_a_cut_inside_a_comment_before_the_enum_is_an_error_at_the_comment() -> None:
    cut = "struct x {\n    int a; /* the first\n"
    assert errors("remote_protocol.x", cut) == [
        "2:12: a comment that is never closed: the file ends inside it, and no 'enum remote_procedure { ... };' came before [protocol-acl]",
    ]


@pytest.mark.parametrize(
    ("tail", "col"),
    [
        ("/* never closed", 1),  # QA (session 24): exit 0, no word, though rpcgen rejects the file
        ("/* closed */ /* never closed\n\nstruct x {};\n", 14),
        ("/*/ never closed", 1),  # '/*/' opens a comment, as C reads it
        ("/*/ closed */\n", None),
        ("/* closed */\nstruct x {};\n", None),
        # review (session 24): rpcgen passes a '%' line through, and a string holds no comment
        ("%// glob: /tmp/*\n", None),
        ('%#define X "/dev/*"\n', None),
        ('const DIR = "/tmp/*";\n', None),
    ],
)
def test_a_comment_the_file_ends_inside_after_the_enum_is_an_error_at_the_comment(tail: str, col: int | None) -> None:
    line = SAMPLE_PROTOCOL.count("\n") + 1
    expected = [] if col is None else [f"{line}:{col}: a comment that is never closed: the file ends inside it [protocol-acl]"]
    assert errors("remote_protocol.x", SAMPLE_PROTOCOL + tail) == expected


def test_a_comment_opened_on_the_enums_closing_line_and_never_closed_is_an_error() -> None:
    assert SAMPLE_PROTOCOL.endswith("\n};\n")
    text = SAMPLE_PROTOCOL[: -len("};\n")] + "}; /* the end\n"
    line = text.count("\n")
    assert errors("remote_protocol.x", text) == [f"{line}:4: a comment that is never closed: the file ends inside it [protocol-acl]"]


@pytest.mark.parametrize("name, enum", [("remote_protocol.x", "remote_procedure"), ("qemu_protocol.x", "qemu_procedure"), ("lxc_protocol.x", "lxc_procedure")])
@pytest.mark.parametrize("text", ["", "not a protocol\n", head(SAMPLE_PROTOCOL, 5)])
def test_no_enum_at_all_is_an_error(name: str, enum: str, text: str) -> None:
    """Cut before the enum, empty, or no protocol file: an error at 1:1 (no longer a
    warning: a file that is there is an input, and no libvirt release has one
    without its enum; a tree without the file is fine)."""
    assert errors(f"src/remote/{name}", text) == [f"1:1: not a {name}: no 'enum {enum} {{ ... }};' found, so no access rules are read [protocol-acl]"]


def test_comments_are_followed_as_c_follows_them() -> None:
    """An opening, an entry or a '};' inside a comment is no code; '/*/' opens a comment."""
    text = "\n".join([
        "/* an example:",
        "enum remote_procedure {",
        "};",
        "*/",
        "enum remote_procedure {",  # line 5: the opening
        "    /** @acl: none */",
        "    REMOTE_PROC_A = 1,",
        "    /*/ @acl: none",
        "};",  # inside the '/*/' comment: not the end
        "    REMOTE_PROC_NOT_AN_ENTRY = 2,",
        "    */",
        "    /** @acl: none */",
        "    REMOTE_PROC_B = 3",
        "};",
    ])
    rules, problems = read_acls("remote_protocol.x", text)
    assert problems == []
    assert set(rules) == {procedure_key("A"), procedure_key("B")}
    cut = "\n".join(text.split("\n")[:9])  # ends inside the '/*/' comment of line 8
    assert errors("remote_protocol.x", cut) == ["5:1: " + never_closed("in the comment opened at line 8")]


def test_every_cut_of_a_real_file_before_its_end_is_an_error() -> None:
    path = REPO / ".cache" / "libvirt-11.3.0" / PROTOCOL
    require(path.is_file(), f"the libvirt 11.3.0 source tree ({path.parent.parent.parent}; make fetch-libvirt)")
    lines = path.read_text(encoding="utf-8").split("\n")
    opening = lines.index("enum remote_procedure {")
    closing = next(n for n in range(opening, len(lines)) if lines[n].startswith("};"))
    assert not [d for d in read_acls(str(path), "\n".join(lines))[1] if d.severity == "error"]
    for count in [*range(0, closing + 1, 37), closing]:
        found: list[Diagnostic] = [d for d in read_acls(str(path), "\n".join(lines[:count]))[1] if d.severity == "error"]
        assert len(found) == 1, count
        if count > opening:
            assert (found[0].location.line, found[0].location.col) == (opening + 1, 1), count
        else:
            assert found[0].message.startswith(("not a remote_protocol.x: ", "a comment that is never closed: ")), count


# --- the CLI, end to end: exit 1, the message, nothing written ---------------


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """The sample tree with a protocol file (its functions get <acls>: no scripts/apibuild.py, the input has them)."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    (tree / PROTOCOL).parent.mkdir(parents=True)
    (tree / PROTOCOL).write_text(SAMPLE_PROTOCOL, encoding="utf-8")
    return tree


@pytest.mark.parametrize(
    "lines, expected",
    [
        (18, f"tree/{PROTOCOL}:{ENUM_LINE}:1: error: " + never_closed("inside it")),
        (22, f"tree/{PROTOCOL}:{ENUM_LINE}:1: error: " + never_closed("in the comment opened at line 20")),
        (5, f"tree/{PROTOCOL}:1:1: error: not a remote_protocol.x: no 'enum remote_procedure {{ ... }};' found, so no access rules are read [protocol-acl]"),
    ],
)
def test_api_stops_on_a_cut_protocol_file_and_writes_nothing(tmp_path: Path, tree: Path, lines: int, expected: str) -> None:
    out = tmp_path / "out"
    first = run("api", "--srcdir", "tree", "-o", out, "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert (first.returncode, first.stderr) == (0, "")
    assert (out / "libvirt-api.xml").read_text(encoding="utf-8").count("<acls>") == 3
    before, depfile = snapshot(out), (tmp_path / "out.d").read_bytes()
    assert f"tree/{PROTOCOL}".encode() in depfile

    (tree / PROTOCOL).write_text(head(SAMPLE_PROTOCOL, lines), encoding="utf-8")
    cut = run("api", "--srcdir", "tree", "-o", out, "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert (cut.returncode, cut.stdout, cut.stderr) == (1, "", f"{expected}\nvirt-apigen: no output written\n")
    assert snapshot(out) == before
    assert (tmp_path / "out.d").read_bytes() == depfile

    checked = run("check", "--srcdir", "tree", cwd=tmp_path)
    assert checked.returncode == 1 and expected in checked.stdout


def test_api_stops_on_a_comment_never_closed_after_the_enum(tmp_path: Path, tree: Path) -> None:
    (tree / PROTOCOL).write_text(SAMPLE_PROTOCOL + "/* never closed", encoding="utf-8")
    done = run("api", "--srcdir", "tree", "-o", tmp_path / "out", cwd=tmp_path)
    line = SAMPLE_PROTOCOL.count("\n") + 1
    expected = f"tree/{PROTOCOL}:{line}:1: error: a comment that is never closed: the file ends inside it [protocol-acl]"
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"{expected}\nvirt-apigen: no output written\n")
    assert not (tmp_path / "out").exists()


def test_a_tree_without_the_file_has_no_rules_and_no_error(tmp_path: Path, tree: Path) -> None:
    (tree / PROTOCOL).unlink()
    done = run("api", "--srcdir", "tree", "-o", tmp_path / "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "<acls>" not in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


# --- what gendispatch.pl reads (differential QA on 11.3.0, session 27) -----------------------------


def _rules_and_warnings(text: str) -> tuple[dict[str, list[tuple[str, str, str]]], list[str]]:
    rules, problems = read_acls("remote_protocol.x", text)
    wanted = {key: [(acl.object, acl.permission, acl.flag) for acl in acls] for key, acls in rules.items()}
    return wanted, [f"{d.location.line}:{d.location.col}: {d.severity}: {d.message}" for d in problems]


def test_a_plain_comment_before_an_entry_keeps_its_rules() -> None:
    """A ``/* remark */`` between an entry's ``/**`` comment and the entry dropped its rules (and said it had
    none): gendispatch.pl starts afresh only at ``/**``."""
    text = SAMPLE_PROTOCOL.replace("    REMOTE_PROC_CONNECT_GET_URI = 1,", "    /* a remark */\n    REMOTE_PROC_CONNECT_GET_URI = 1,")
    rules, problems = _rules_and_warnings(text)
    assert (rules[procedure_key("CONNECT_GET_URI")], problems) == ([("connect", "getattr", "")], [])


def test_the_enums_brace_may_stand_on_the_next_line() -> None:
    """``enum remote_procedure`` then ``{`` on its own line was "not a remote_protocol.x" (rpcgen reads it)."""
    rules, problems = _rules_and_warnings(SAMPLE_PROTOCOL.replace("enum remote_procedure {", "enum remote_procedure\n{"))
    assert (len(rules), problems) == (3, [])


def test_a_rule_without_its_permission_is_left_out_with_a_warning() -> None:
    entry = "     */\n    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE"
    text = SAMPLE_PROTOCOL.replace("     * @acl: domain:checkpoint\n" + entry, "     * @acl: domain\n" + entry)
    rules, problems = _rules_and_warnings(text)
    assert rules[procedure_key("DOMAIN_CHECKPOINT_DELETE")] == []
    assert problems == ["22:8: warning: '@acl: domain' names no permission: OBJECT:PERMISSION expected, so it is left out"]


def test_two_annotations_on_one_line_are_both_read_and_reported() -> None:
    text = SAMPLE_PROTOCOL.replace("     * @acl: connect:getattr\n", "     * @acl: connect:getattr @acl: connect:read\n")
    rules, problems = _rules_and_warnings(text)
    assert rules[procedure_key("CONNECT_GET_URI")] == [("connect", "getattr", ""), ("connect", "read", "")]
    assert problems == ["9:30: warning: two annotations on one line: gendispatch.pl refuses it (one '@acl:' per line)"]


OPENINGS = [
    "enum remote_procedure\n    /* the procedures */\n{",
    "enum remote_procedure /* x */ {",
    "enum remote_procedure /* a\n   b */\n{",
    "enum remote_procedure /* the procedures,\n    numbered */ {",  # review 4: closed on the brace's line
]


@pytest.mark.parametrize("opening", OPENINGS)
def test_the_rpc_reader_takes_the_same_openings(opening: str) -> None:
    """Review 4: generate --remote-protocol (rpc/numbers.py) refused a comment before the '{'."""
    from generator.rpc.numbers import read_procedures

    table = read_procedures(SAMPLE_PROTOCOL.replace("enum remote_procedure {", opening))
    assert (len(table.entries), table.diagnostics) == (3, ())


@pytest.mark.parametrize("opening", OPENINGS)
def test_a_comment_between_the_enums_name_and_its_brace_is_no_code(opening: str) -> None:
    """Review 3: rpcgen reads tokens; a comment there was "not a remote_protocol.x"."""
    rules, problems = _rules_and_warnings(SAMPLE_PROTOCOL.replace("enum remote_procedure {", opening))
    assert (len(rules), problems) == (3, [])
