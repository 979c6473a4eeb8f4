"""A macro a header defines twice with different bodies is an error.

cpp only warns ("redefined", then a note at the previous definition) and
keeps the later body while our scanner keeps the earlier one, so the second
definition's facts were lost without a word; libvirt builds with -Werror, so
such a header never builds.  The error is at the second definition's name,
naming the first (generator/frontend/preprocess.py, ``_redefinition``).  An
identical redefinition is legal C and cpp is silent; so is a definition in an
``#if`` branch cpp skips, or one after ``#undef``.  Columns are gcc's, as every
error prints them (characters in the model, display columns when printed).
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, REPO, SAMPLE_TREE, require
from frontend_support import ADDED_LINE, HEADER, SOURCE, SYMS, error, libvirt_mini_tree, make_tree, module, run, snapshot

from generator.frontend import FrontendError, load_tree

L1, L2 = ADDED_LINE, ADDED_LINE + 1  # the first two lines appended to the header


def redefined(name: str, line: int, col: int, first_line: int, first_col: int, first_file: str | None = None, file: str = HEADER) -> str:
    """The error; the first definition's file named as the error's own is (the same file when not given)."""
    return f"{file}:{line}:{col}: error: '{name}' redefined with another value (first defined at {first_file or file}:{first_line}:{first_col})"


def real_cpp() -> str:
    found = shutil.which("cpp")
    require(found is not None, "cpp on PATH")
    return str(found)


# --- redefinitions cpp warns about --------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("#define VIR_X 1\n#define VIR_X 2\n", redefined("VIR_X", L2, 9, L1, 9)),
        ('# define VIR_X "a"\n# define VIR_X "b"\n', redefined("VIR_X", L2, 10, L1, 10)),
        ("#define VIR_X 1\n  #  define   VIR_X 2\n", redefined("VIR_X", L2, 15, L1, 9)),
        ("#define VIR_X(a) (a)\n#define VIR_X(b) (b)\n", redefined("VIR_X", L2, 9, L1, 9)),  # gcc: parameters spelled otherwise
        ("#define VIR_X(a) (a)\n#define VIR_X (a)\n", redefined("VIR_X", L2, 9, L1, 9)),  # function-like, then object-like
        ("#define VIR_X 1 + 2\n#define VIR_X 1+2\n", redefined("VIR_X", L2, 9, L1, 9)),  # whitespace or none between tokens
        ("#define VIR_X\n#define VIR_X 1\n", redefined("VIR_X", L2, 9, L1, 9)),
        ("#define /* c */ VIR_X 1\n#define VIR_X /* VIR_X */ 2\n", redefined("VIR_X", L2, 9, L1, 17)),
        # gcc places both at the directive's first line; the name is on the next
        ("#define \\\n    VIR_X 1\n#define VIR_X \\\n  2\n", redefined("VIR_X", L2 + 1, 9, L2, 5)),
        # the first redefinition in the unit's order, not the first name in any other order
        ("#define VIR_Z 1\n#define VIR_A 1\n#define VIR_Z 2\n#define VIR_A 2\n", redefined("VIR_Z", L1 + 2, 9, L1, 9)),
    ],
)
def test_a_macro_redefined_with_another_body_is_an_error_at_the_second_definition(tmp_path: Path, extra: str, expected: str) -> None:
    real_cpp()
    assert error(tmp_path, extra) == expected


def test_a_redefinition_after_the_same_value_is_still_one(tmp_path: Path) -> None:
    """The warning comes at the third definition, the note names the second (cpp's previous)."""
    real_cpp()
    assert error(tmp_path, "#define VIR_X 1\n#define VIR_X 1\n#define VIR_X 2\n") == redefined("VIR_X", L1 + 2, 9, L2, 9)


def test_the_first_definition_in_another_header_is_named(tmp_path: Path) -> None:
    real_cpp()
    extra = {"include/libvirt/extra.h": "/* one */\n# define VIR_X 1\n"}
    said = error(tmp_path, '#include "extra.h"\n#define VIR_X 2\n', files=extra)
    assert said == redefined("VIR_X", L2, 9, 2, 10, first_file="include/libvirt/extra.h")


def test_a_redefinition_in_the_configured_template_is_placed_in_it(tmp_path: Path) -> None:
    """libvirt-common.h.in is configured into our scratch folder: cpp names the copy, the error the template."""
    real_cpp()
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    template = tree / "include" / "libvirt" / "libvirt-common.h.in"
    text = template.read_text(encoding="utf-8")
    guard_end = text.rindex("#endif")
    template.write_text(text[:guard_end] + "# define VIR_X 1\n# define VIR_X 2\n" + text[guard_end:], encoding="utf-8")
    line = text[:guard_end].count("\n") + 1
    name = "include/libvirt/libvirt-common.h.in"
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    assert str(raised.value) == redefined("VIR_X", line + 1, 10, line, 10, first_file=name, file=name)


def test_columns_are_printed_as_gcc_prints_them_in_the_message_too(tmp_path: Path) -> None:
    """A tab: the model's column is 10 (characters), gcc's and every printed one 17."""
    real_cpp()
    assert error(tmp_path, "\t#define VIR_X 1\n\t#define VIR_X 2\n") == redefined("VIR_X", L2, 10, L1, 17)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, redefined("VIR_X", L2, 17, L1, 17, file=f"tree/{HEADER}") + "\n")


def test_the_qa_repro_on_libvirt_9_0_0(tmp_path: Path) -> None:
    """A second VIR_DOMAIN_JOB_OPERATION after line 4158 of libvirt-domain.h: cpp says line 4192 is the redefinition."""
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    real_cpp()
    tree = libvirt_mini_tree(tmp_path / "tree", "libvirt-host.c", "")
    header = tree / "include" / "libvirt" / "libvirt-domain.h"
    lines = header.read_text(encoding="utf-8").split("\n")
    assert lines[4190] == '# define VIR_DOMAIN_JOB_OPERATION                "operation"'
    lines.insert(4158, '# define VIR_DOMAIN_JOB_OPERATION "op2"')
    header.write_text("\n".join(lines), encoding="utf-8")
    done = run("check", "--srcdir", ".", cwd=tree)
    assert (done.returncode, done.stdout) == (1, "")
    name = "include/libvirt/libvirt-domain.h"
    assert done.stderr == redefined("VIR_DOMAIN_JOB_OPERATION", 4192, 10, 4159, 10, first_file=name, file=name) + "\n"


# --- what is no error -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        "#define VIR_X 1\n#define VIR_X 1\n",
        "#define VIR_X (1 + 2)\n# define  VIR_X  (1   +  2) /* same tokens */\n",  # only whether there is whitespace counts
        "#define VIR_X(a) ((a) + 1)\n#define VIR_X(a)   ((a) + 1)\n",
        "#define VIR_X 1\n#undef VIR_X\n#define VIR_X 2\n",
        "#ifdef VIR_NOT_DEFINED\n# define VIR_X 1\n#else\n# define VIR_X 2\n#endif\n",
        "#if 1\n# define VIR_X 1\n#else\n# define VIR_X 2\n#endif\n",
        "#ifndef VIR_X\n# define VIR_X 1\n#endif\n#ifndef VIR_X\n# define VIR_X 2\n#endif\n",
        # our own -D (VIR_ENUM_SENTINELS is 1 on cpp's command line): not the header's mistake, no place in the tree
        "#define VIR_ENUM_SENTINELS 2\n",
    ],
)
def test_what_cpp_does_not_call_a_redefinition_is_accepted(tmp_path: Path, extra: str) -> None:
    real_cpp()
    found = module(tmp_path, extra)
    assert [m.name for m in found.macros if m.name == "VIR_X"] in ([], ["VIR_X"])


def test_an_identical_redefinition_keeps_the_macro_once(tmp_path: Path) -> None:
    real_cpp()
    found = module(tmp_path, '# define VIR_X "a"\n# define VIR_X "a"\n')
    assert [(m.name, m.string) for m in found.macros if m.name == "VIR_X"] == [("VIR_X", "a")]


@pytest.mark.parametrize("version", ["7.0.0", "9.0.0", "11.3.0"])
def test_libvirt_trees_redefine_nothing(version: str) -> None:
    """Nor does our -D (spelled as the headers spell the names) make cpp warn."""
    path = REPO / ".cache" / f"libvirt-{version}"
    require((path / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {version} source tree ({path}; make fetch-libvirt)")
    real_cpp()
    assert load_tree(path).api.modules


def test_the_sample_tree_redefines_nothing() -> None:
    real_cpp()
    assert load_tree(SAMPLE_TREE).api.modules


# --- every command, explicit files, the same message every run -------------------------------------


def test_check_api_and_generate_report_it_and_leave_outputs_untouched(tmp_path: Path) -> None:
    real_cpp()
    tree = make_tree(tmp_path / "tree", "#define VIR_X 1\n")
    for command in ("api", "generate"):
        assert run(command, "--srcdir", "tree", "-o", f"out-{command}", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path)
    (tree / HEADER).write_text((tree / HEADER).read_text(encoding="utf-8") + "#define VIR_X 2\n", encoding="utf-8")
    before_tree = snapshot(tree)
    expected = redefined("VIR_X", L2, 9, L1, 9, file=f"tree/{HEADER}")
    for command in ("check", "api", "generate"):
        outputs = [] if command == "check" else ["-o", f"out-{command}"]
        said = {run(command, "--srcdir", "tree", *outputs, cwd=tmp_path, seed=seed).stderr for seed in ("0", "1", "2")}
        assert said == {expected + "\n"}, command
        done = run(command, "--srcdir", "tree", *outputs, cwd=tmp_path)
        assert done.returncode == 1, command
        assert "Traceback" not in done.stderr
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("tree/")} == {k: v for k, v in before.items() if not k.startswith("tree/")}
    assert snapshot(tree) == before_tree


def test_explicit_files_report_it_too(tmp_path: Path) -> None:
    real_cpp()
    make_tree(tmp_path / "tree", "#define VIR_X 1\n#define VIR_X 2\n")
    done = run("api", f"tree/{HEADER}", f"tree/{SYMS}", f"tree/{SOURCE}", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    # both places from the current folder, as an editor opens them (the first one was named
    # from the files' root, tree/, which opened nothing from here)
    assert done.stderr == redefined("VIR_X", L2, 9, L1, 9, file=f"tree/{HEADER}") + "\n"
    assert not (tmp_path / "out").exists()


# --- other preprocessors ---------------------------------------------------------------------------


def fake_cpp(tmp_path: Path, said: str) -> str:
    """$CPP: the real cpp's output, its stderr replaced by ``said`` (exit 0)."""
    script = tmp_path / "fake-cpp"
    script.write_text(f'#!/bin/sh\n{shlex.quote(real_cpp())} "$@" 2>/dev/null || exit $?\nprintf "%s" {shlex.quote(said)} >&2\n', encoding="utf-8")
    script.chmod(0o755)
    return shlex.quote(str(script))


def test_clang_wording_is_read(tmp_path: Path) -> None:
    """clang: "'NAME' macro redefined", "note: previous definition is here", both at the name."""
    tree = make_tree(tmp_path / "tree", "#define VIR_X 1\n#define VIR_X 2\n")
    header = (tree / HEADER).resolve()
    said = (
        f"In file included from {tmp_path}/unit.c:1:\n"
        f"{header}:{L2}:9: warning: 'VIR_X' macro redefined [-Wmacro-redefined]\n"
        f"    {L2} | #define VIR_X 2\n      |         ^\n"
        f"{header}:{L1}:9: note: previous definition is here\n"
        f"    {L1} | #define VIR_X 1\n      |         ^\n1 warning generated.\n"
    )
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path, prefix=["env", f"CPP={fake_cpp(tmp_path, said)}"])
    assert (done.returncode, done.stderr) == (1, redefined("VIR_X", L2, 9, L1, 9, file=f"tree/{HEADER}") + "\n")


@pytest.mark.parametrize(
    "said",
    [
        "{header}:{L2}: warning: VIR_X redefined\n",  # tcc's wording, no note: not read
        '{header}:{L2}: warning: "VIR_X" redefined\n',  # gcc's, but no note with a place
        '{header}:{L2}: warning: "VIR_X" redefined\n<command-line>: note: this is the location of the previous definition\n',
        '{header}:{L2}: warning: "VIR_X" redefined\n{header}:{L1}: warning: something else\n'
        "{header}:{L1}: note: this is the location of the previous definition\n",  # the note is another warning's
    ],
)
def test_a_warning_not_read_as_a_redefinition_leaves_the_run_as_it_was(tmp_path: Path, said: str) -> None:
    tree = make_tree(tmp_path / "tree", "#define VIR_X 1\n#define VIR_X 2\n")
    text = said.format(header=(tree / HEADER).resolve(), L1=L1, L2=L2)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path, prefix=["env", f"CPP={fake_cpp(tmp_path, text)}"])
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("cpp", ["gcc -E", "cc -E"])
def test_the_fallback_preprocessors_are_read_alike(tmp_path: Path, cpp: str) -> None:
    require(shutil.which(cpp.split()[0]) is not None, f"{cpp.split()[0]} on PATH")
    make_tree(tmp_path / "tree", "#define VIR_X 1\n#define VIR_X 2\n")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path, prefix=["env", f"CPP={cpp}"])
    assert (done.returncode, done.stderr) == (1, redefined("VIR_X", L2, 9, L1, 9, file=f"tree/{HEADER}") + "\n")


def test_a_preprocessor_told_to_be_silent_is_not_second_guessed(tmp_path: Path) -> None:
    """``cpp -w`` prints no warning: nothing to read, the run is as it was."""
    real_cpp()
    make_tree(tmp_path / "tree", "#define VIR_X 1\n#define VIR_X 2\n")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path, prefix=["env", "CPP=cpp -w"])
    assert done.returncode == 0, done.stderr


def test_both_places_are_named_from_the_current_folder(tmp_path: Path) -> None:
    # "first defined at include/libvirt/extra.h" opened nothing from tmp_path, where the error's own place did
    real_cpp()
    make_tree(tmp_path / "tree", '#include "extra.h"\n#define VIR_X 2\n', files={"include/libvirt/extra.h": "/* one */\n# define VIR_X 1\n"})
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert done.stderr == redefined("VIR_X", L2, 9, 2, 10, first_file="tree/include/libvirt/extra.h", file=f"tree/{HEADER}") + "\n"
    checked = run("check", "--srcdir", "tree", "--format", "json", cwd=tmp_path)
    assert "(first defined at tree/include/libvirt/extra.h:2:10)" in checked.stdout
