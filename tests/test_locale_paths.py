"""A tree at a non-ASCII path under a locale whose encoding is not UTF-8.

Python names files in the locale's encoding (``os.fsencode``/``os.fsdecode``);
cpp and make read names as bytes.  A run under an ASCII locale (``LC_ALL=C``
with ``PYTHONUTF8=0``: always available) or a Latin-1 one (when the machine
has one: ``localedef -i de_DE -f ISO-8859-1 de_DE.ISO-8859-1``) must write
the same bytes and print the same diagnostics as one under ``C.UTF-8``.
Each run is ``python -m generator`` in a subprocess, as the locale is fixed
when the interpreter starts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
NETWORK_H = "include/libvirt/libvirt-network.h"
# folder names by their bytes: UTF-8 (what a user types), and a byte that is no UTF-8
FOLDERS = [b"j\xc3\xbcrgen \xc3\xa9", b"tr\xffee"]
NAME = os.fsdecode(b"j\xc3\xbcrgen")  # the same bytes whatever the locale pytest runs under
UTF8 = {"LC_ALL": "C.UTF-8"}
ASCII = {"LC_ALL": "C", "PYTHONUTF8": "0"}  # LC_ALL set: no coercion to C.UTF-8 either


def _latin1_locale() -> str | None:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    except OSError:
        return None
    return next((name for name in listed if re.search(r"\.iso-?8859-?15?$", name, re.IGNORECASE)), None)


LATIN1 = _latin1_locale()


def locale_env(case: str) -> dict[str, str]:
    """The environment of a case; Latin-1 names only the character type (LC_CTYPE),
    so that cpp's messages stay in English, as under the other two."""
    if case == "ascii":
        return ASCII
    require(LATIN1 is not None, "a Latin-1 locale (localedef -i de_DE -f ISO-8859-1 de_DE.ISO-8859-1)")
    return {"LC_CTYPE": str(LATIN1), "LANG": "C", "PYTHONUTF8": "0"}


def locale_free(env: dict[str, str]) -> dict[str, str]:
    """Our environment with ``env``'s locale alone (the caller's LC_*, LANG and
    Python's stream settings dropped), the code under test on ``PYTHONPATH``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE"))}
    return {**base, "PYTHONPATH": str(REPO), **env}


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The command under ``env``'s locale alone (:func:`locale_free`)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=locale_free(env), capture_output=True, check=False, timeout=120)


def ok(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[bytes]:
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    return result


def sample_at(folder: Path, edit: str | None = None) -> Path:
    """The sample tree copied to ``folder/tree``; ``edit``: a line put before the end of libvirt-network.h."""
    tree = folder / "tree"
    shutil.copytree(SAMPLE, tree)
    if edit is not None:
        header = tree / NETWORK_H
        text = header.read_text(encoding="utf-8")
        header.write_text(text.replace("#endif /* LIBVIRT_NETWORK_H */", edit + "\n#endif /* LIBVIRT_NETWORK_H */"), encoding="utf-8")
    return tree


def files_of(folder: Path) -> dict[str, bytes]:
    """Every output by its path in ``folder``, the stamp left out (a cache holding absolute paths)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".virt-apigen-stamp.json"}


@pytest.mark.parametrize("case", ["ascii", "latin1"])
@pytest.mark.parametrize("folder", FOLDERS, ids=["utf8-name", "non-utf8-name"])
def test_outputs_at_a_non_ascii_path_match_those_under_utf8(tmp_path: Path, case: str, folder: bytes) -> None:
    """Failed before: the scratch unit's #include lines were written as UTF-8
    (Latin-1: cpp found no header) and the #line markers read as UTF-8 (ASCII:
    no marker mapped back to its header, "no header declares it" for all)."""
    env = locale_env(case)
    sample_at(tmp_path / os.fsdecode(folder))
    tree = os.fsdecode(folder) + "/tree"
    ok(run("generate", "--srcdir", tree, "-o", "utf8", cwd=tmp_path, env=UTF8))
    ok(run("generate", "--srcdir", tree, "-o", "other", cwd=tmp_path, env=env))
    expected = files_of(tmp_path / "utf8")
    assert "api/libvirt-api.xml" in expected
    assert files_of(tmp_path / "other") == expected


ERRORS = {
    # pycparser's error, its column placed in the header's own line (read through the marker's name)
    "parse": ("/* c */ int  virBogus(unknown_t a);", b"tree/include/libvirt/libvirt-network.h:37:23: error: unknown type name 'unknown_t'\n"),
    # cpp's error on stderr, its file mapped back to the tree's name
    "cpp": ('#include "nothere.h"', b"tree/include/libvirt/libvirt-network.h:37:10: error: the C preprocessor failed: nothere.h: No such file or directory\n"),
}


@pytest.mark.parametrize("case", ["ascii", "latin1"])
@pytest.mark.parametrize("error", sorted(ERRORS))
def test_errors_at_a_non_ascii_path_match_those_under_utf8(tmp_path: Path, case: str, error: str) -> None:
    """Failed before: the file was named by its absolute path (not found among
    the tree's) or the column was cpp's (the header could not be opened)."""
    env = locale_env(case)
    folder = tmp_path / os.fsdecode(FOLDERS[0])
    line, message = ERRORS[error]
    sample_at(folder, line)
    under_utf8 = run("api", "--srcdir", "tree", "-o", "utf8", cwd=folder, env=UTF8)
    other = run("api", "--srcdir", "tree", "-o", "other", cwd=folder, env=env)
    assert (under_utf8.returncode, under_utf8.stderr) == (1, message)
    assert (other.returncode, other.stderr) == (1, message)
    assert not (folder / "other").exists()


def _depfile_paths(data: bytes) -> list[bytes]:
    """The paths of a depfile's phony rules (``PATH:`` lines; no escapes in these names)."""
    return [line[:-1] for line in data.split(b"\n") if line.endswith(b":") and b" " not in line]


@pytest.mark.parametrize("case", ["ascii", "latin1"])
def test_depfile_names_paths_by_their_bytes(tmp_path: Path, case: str) -> None:
    """Failed before under Latin-1: the names were encoded as UTF-8, so
    ``jürgen`` was written as ``j\\xc3\\x83\\xc2\\xbcrgen``, a file make never finds."""
    env = locale_env(case)
    written = {}
    for name, environment in (("utf8", UTF8), ("other", env)):
        cwd = tmp_path / name
        sample_at(cwd / NAME)
        ok(run("api", "--srcdir", f"{NAME}/tree", "-o", f"{NAME}/out", "--depfile", f"{NAME}/out.d", cwd=cwd, env=environment))
        written[name] = (cwd / NAME / "out.d").read_bytes()
        inputs = _depfile_paths(written[name])
        assert inputs and all(os.path.exists(os.fsencode(cwd) + b"/" + path) for path in inputs)
    assert written["other"].startswith(b"j\xc3\xbcrgen/out/libvirt-api.xml: \\\n j\xc3\xbcrgen/tree/")
    assert written["other"] == written["utf8"]


# The CLI runs itself in Python's UTF-8 mode under such a locale (fastpath.in_utf8_mode);
# a program using the frontend as a library does not, and these name the files
# by their bytes there too (cpp's #include lines and #line markers, header names).
LIBRARY_RUN = """
import sys
from pathlib import Path
from generator.backends import apixml
from generator.frontend import load_tree
from generator.output import depfile_data
result = load_tree(Path(sys.argv[1]))
sys.stdout.buffer.write(apixml.render(result.api)["libvirt-api.xml"].encode("utf-8", "surrogateescape"))
sys.stdout.buffer.write(depfile_data([sys.argv[1] + "/out.xml"], [sys.argv[1] + "/in.h"]))
"""


@pytest.mark.parametrize("case", ["ascii", "latin1"])
def test_the_frontend_as_a_library_names_files_by_their_bytes_in_any_locale(tmp_path: Path, case: str) -> None:
    env = locale_env(case)
    folder = tmp_path / os.fsdecode(FOLDERS[0])
    tree = sample_at(folder)
    (tree / "include/libvirt" / os.fsdecode(b"libvirt-caf\xc3\xa9.h")).write_bytes(b"/* A macro. Since: 1.0.0 */\n#define VIR_CAFE 1\n")

    def library(locale: dict[str, str]) -> bytes:
        argv = [sys.executable, "-c", LIBRARY_RUN, os.fsdecode(FOLDERS[0]) + "/tree"]
        result = subprocess.run(argv, cwd=tmp_path, env=locale_free(locale), capture_output=True, check=False, timeout=120)
        assert result.returncode == 0 and result.stderr == b"", result.stderr.decode("utf-8", "replace")
        return result.stdout

    expected = library(UTF8)
    assert b"<file name='libvirt-caf\xc3\xa9'>" in expected and b"j\xc3\xbcrgen\\ \xc3\xa9/tree/out.xml:" in expected
    assert library(env) == expected


def test_check_json_names_a_non_utf8_file_so_python_gets_its_bytes_back(tmp_path: Path) -> None:
    """docs/check.md: the document is ASCII, a byte that is no UTF-8 a ``\\udcXX`` escape,
    so ``os.fsencode`` of what ``json.loads`` reads is the file's real name."""
    folder = os.fsdecode(bytes(tmp_path) + b"/caf\xe9 \xc3\xa9")
    tree = sample_at(Path(folder))
    result = run("check", "--srcdir", str(tree), "--format", "json", cwd=tmp_path, env=UTF8)
    assert result.returncode == 0, result.stderr
    assert b"caf\\udce9 \\u00e9/tree/include/libvirt/" in result.stdout
    assert result.stdout.isascii()
    names = {d["file"] for d in json.loads(result.stdout)["diagnostics"]}
    assert names == {os.path.join(str(tree), "include", "libvirt", "libvirt-domain-checkpoint.h")}
    assert all(os.path.isfile(os.fsencode(name)) for name in names)
