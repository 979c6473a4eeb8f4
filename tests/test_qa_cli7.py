"""QA round 7 (CLI): diff's input errors as whole-file diagnostics, the Python
package's version, ``api --module`` keeping only its modules' findings, the
bindings doc on docstrings."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from generator.backends import python as python_backend
from generator.cli import main
from generator.frontend import load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml

REPO = Path(__file__).resolve().parent.parent
SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
SAMPLE_SYMS = REPO / "generator" / "sample" / "src" / "libvirt_public.syms"
PACKAGE = REPO / "generated" / "python"


def _last_error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.splitlines()[-1]


# --- 1. diff: unreadable input is `file:1:1: error: ... (in OLD)`, exit 1 ---------------


def test_diff_missing_side_is_a_whole_file_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: 'virt-apigen: error: OLD: /nonexist: no such file or folder'."""
    missing = str(tmp_path / "nonexist")
    assert main(["diff", missing, str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file or folder (in OLD)"
    assert main(["diff", str(sample_tree), missing]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file or folder (in NEW)"


def test_diff_folder_neither_tree_nor_xml_is_a_whole_file_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    assert main(["diff", str(tmp_path), str(sample_tree)]) == 1
    expected = f"{tmp_path}:1:1: error: neither a libvirt tree (no include/libvirt/) nor a folder of API XML files (in OLD)"
    assert _last_error(capsys) == expected


def test_diff_list_member_missing_or_a_folder(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = sample_tree / "include" / "libvirt" / "libvirt-domain.h"
    missing = str(tmp_path / "gone.syms")
    assert main(["diff", str(sample_tree), f"{header},{missing}"]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file (in NEW)"
    assert main(["diff", f"{header},{tmp_path}", str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{tmp_path}:1:1: error: a folder, not a file (a tree or a folder of XML files goes alone, not in a list) (in OLD)"


def test_diff_mix_of_xml_and_sources_is_a_usage_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the command line alone shows is a usage error (exit 2), for either
    side, before anything is read: a missing OLD does not hide NEW's."""
    mixed = f"{SAMPLE_XML},{SAMPLE_SYMS}"
    assert main(["diff", mixed, str(sample_tree)]) == 2
    assert _last_error(capsys) == f"virt-apigen: error: OLD: mix of XML and source files ({SAMPLE_XML}, {SAMPLE_SYMS}); give one kind per side"
    assert main(["diff", str(tmp_path / "nonexist"), mixed]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: virt-apigen diff") and err.splitlines()[-1].startswith("virt-apigen: error: NEW: mix of XML and source files")


# --- 2. the Python package's version is the libvirt release ---------------------------


def _pyproject_version(files: dict[str, str]) -> str:
    match = re.search(r'^version = "([^"]+)"$', files["pyproject.toml"], re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_python_version_is_the_release_not_the_newest_syms_block(sample_tree: Path) -> None:
    """QA: the sample (meson.build 9.0.0, newest .syms block 5.6.0) gave 5.6.0."""
    files = python_backend.render(load_tree(sample_tree).api)
    assert _pyproject_version(files) == "9.0.0"
    assert files["libvirt_ctypes/__init__.py"].splitlines()[1].startswith('"""libvirt 9.0.0 for Python')
    assert 'VERSION = "9.0.0"' in files["_build_backend.py"]
    committed = (PACKAGE / "pyproject.toml").read_text(encoding="utf-8")
    assert '\nversion = "9.0.0"\n' in committed


def test_python_version_follows_meson_build(tmp_path: Path, sample_tree: Path) -> None:
    """A release that adds no function (11.3.0 after 11.2.0) still names the package."""
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    meson = tree / "meson.build"
    meson.write_text(meson.read_text(encoding="utf-8").replace("'9.0.0'", "'11.3.0'"), encoding="utf-8")
    assert _pyproject_version(python_backend.render(load_tree(tree).api)) == "11.3.0"


def test_python_version_from_exported_xml() -> None:
    assert _pyproject_version(python_backend.render(load_api_xml([str(SAMPLE_XML)]).api)) == "9.0.0"


def test_python_version_falls_back_to_the_newest_syms_block(sample_tree: Path) -> None:
    """Explicit files without libvirt-common.h carry no release: the newest .syms block."""
    headers = [str(sample_tree / "include" / "libvirt" / name) for name in ("libvirt-host.h", "libvirt-domain.h", "virterror.h", "libvirt-domain-checkpoint.h")]
    sources = [str(p) for p in sorted((sample_tree / "src").glob("*.c"))]
    api = load_files([*headers, *sources, str(SAMPLE_SYMS)]).api
    module = api.module("libvirt")
    assert module is not None and not any(m.name == "LIBVIR_VERSION_NUMBER" for m in module.macros)
    assert _pyproject_version(python_backend.render(api)) == "5.6.0"


# --- 3. api --module: only the chosen modules' findings ---------------------------------


def _tree_with_qemu(tmp_path: Path, sample_tree: Path, exported: bool = True) -> Path:
    """The sample plus a one-function libvirt-qemu module, and a since-mismatch
    warning in the libvirt module (virDomainCheckpointGetName: 5.6.0 -> 5.5.0)."""
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(" * Since: 5.6.0\n", " * Since: 5.5.0\n", 1), encoding="utf-8")
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(
        "#ifndef LIBVIRT_QEMU_H\n# define LIBVIRT_QEMU_H\n# include <libvirt/libvirt.h>\n"
        "int virDomainQemuPing(virDomainPtr domain, unsigned int flags);\n#endif\n",
        encoding="utf-8",
    )
    (tree / "src" / "libvirt-qemu.c").write_text(
        "/**\n * virDomainQemuPing:\n * @domain: a domain\n * @flags: reserved, none are defined yet; pass 0\n *\n"
        " * Checks that the domain answers.\n *\n * Returns 0 on success, -1 on failure.\n *\n * Since: 1.0.0\n */\n"
        "int\nvirDomainQemuPing(virDomainPtr domain, unsigned int flags)\n{\n    return 0;\n}\n",
        encoding="utf-8",
    )
    block = "LIBVIRT_QEMU_1.0.0 {\n    global:\n        virDomainQemuPing;\n};\n" if exported else "LIBVIRT_QEMU_1.0.0 {\n};\n"
    (tree / "src" / "libvirt_qemu.syms").write_text(block, encoding="utf-8")
    return tree


def test_module_werror_ignores_other_modules_warnings(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: --module libvirt-qemu --werror failed on since-mismatches in libvirt and libvirt-admin."""
    tree = _tree_with_qemu(tmp_path, sample_tree)
    out = tmp_path / "out"
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt-qemu", "--werror", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in out.glob("*.xml")) == ["libvirt-qemu-api.xml"]
    # the module the finding is about still sees it, and --werror still fails on it
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt", "--werror", "-o", str(tmp_path / "main")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tree}/src/libvirt-domain-checkpoint.c:21:4: error: 'virDomainCheckpointGetName' says Since: 5.5.0 "
        "but src/libvirt_public.syms exports it in 5.6.0 [since-mismatch, --werror]",
        "virt-apigen: no output written",
    ]
    assert not (tmp_path / "main").exists()


def test_module_still_stops_on_errors_of_other_modules(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error (a declared function the .syms file does not export) means the
    input was not read as meant: no output, whichever module was chosen."""
    tree = _tree_with_qemu(tmp_path, sample_tree, exported=False)
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any("virDomainQemuPing" in line and "[syms-missing]" in line for line in err)
    assert "since-mismatch" in "\n".join(err)  # the chosen module's warning is printed too
    assert err[-1] == "virt-apigen: no output written"
    assert not (tmp_path / "out").exists()


def test_module_libvirt_qemu_on_libvirt_9(libvirt_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The QA report's command, on the real tree."""
    assert main(["api", "--srcdir", str(libvirt_tree), "--module", "libvirt-qemu", "--werror", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "libvirt-qemu-api.xml").is_file()
    assert main(["api", "--srcdir", str(libvirt_tree), "--module", "libvirt-admin", "-o", str(tmp_path / "admin")]) == 0
    assert [line.split(": ", 2)[-1] for line in capsys.readouterr().err.splitlines()] == [
        "'virAdmServerUpdateTlsFiles' says Since: 6.2.0 but src/admin/libvirt_admin_public.syms exports it in 2.0.0 [since-mismatch]"
    ]


# --- 4. docs/python-bindings.md says what the docstrings end with -----------------------


def test_bindings_doc_describes_the_docstring_tail() -> None:
    """QA: the doc said docstrings end with 'C function: virXxx'; a Since: line follows it."""
    doc = " ".join((REPO / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    assert "docstring ends with a line `C function: virXxx`, followed, when the C doc comment has a `Since:` tag, by `Since: x.y.z`" in doc
    tree = ast.parse((PACKAGE / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    tails: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            text = ast.get_docstring(node) or ""
            lines = text.splitlines()
            where = [i for i, line in enumerate(lines) if line.startswith("C function: ")]
            if not where:
                continue
            tail = lines[where[-1] + 1 :]
            assert tail == [] or (len(tail) == 1 and re.fullmatch(r"Since: \d+\.\d+\.\d+", tail[0])), text
            tails.add("since" if tail else "none")
    assert "since" in tails  # what the old wording left out
