"""A one-header libvirt-shaped tree for the frontend tests: a header declaring
``virConnectFoo``, its ``.syms`` block and its documented ``.c`` definition;
a test appends the declarations it is about to the header, and reads the
module (:func:`module`), the error (:func:`error`) or what a run of the CLI
(:func:`run`) says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, REPO

from generator.frontend import FrontendError, load_tree
from generator.model import Module

HEADER = "include/libvirt/libvirt-host.h"
SYMS = "src/libvirt_public.syms"
SOURCE = "src/libvirt-host.c"
BASE_HEADER = (
    "typedef struct _virConnect virConnect;\n"
    "typedef virConnect *virConnectPtr;\n"
    "int virConnectFoo(virConnectPtr conn, unsigned int flags);\n"
)
BASE_SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n};\n"
BASE_SOURCE = (
    "/**\n * virConnectFoo:\n * @conn: c\n * @flags: f\n *\n * Does foo.\n *\n"
    " * Returns 0.\n *\n * Since: 1.0.0\n */\nint\nvirConnectFoo(virConnectPtr conn, unsigned int flags)\n{\n    return 0;\n}\n"
)
ADDED_LINE = BASE_HEADER.count("\n") + 1  # the line number of a declaration appended to the header
# the same function without its flags parameter (the diff and XML-value tests' tree)
PLAIN_HEADER = BASE_HEADER.replace(", unsigned int flags", "")
PLAIN_SOURCE = (
    "/**\n * virConnectFoo:\n * @conn: c\n *\n * Foo.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"
    "int\nvirConnectFoo(virConnectPtr conn)\n{\n    return 0;\n}\n"
)


def make_tree(
    folder: Path, extra: str = "", syms: str = BASE_SYMS, files: dict[str, str] | None = None,
    *, header: str = BASE_HEADER, source: str = BASE_SOURCE,
) -> Path:
    """The tree in ``folder``: ``extra`` appended to the header, ``files`` (relative path -> text) added."""
    (folder / "include" / "libvirt").mkdir(parents=True)
    (folder / "src").mkdir()
    (folder / HEADER).write_text(header + extra, encoding="utf-8")
    (folder / SYMS).write_text(syms, encoding="utf-8")
    (folder / SOURCE).write_text(source, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


CHECKPOINT_GUARD_END = "#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"


def sample_with(folder: Path, added: str) -> Path:
    """A copy of the sample tree in ``folder`` with ``added`` at the end of its checkpoint header (inside its guard)."""
    shutil.copytree(REPO / "generator" / "sample", folder)
    header = folder / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace(CHECKPOINT_GUARD_END, added + "\n" + CHECKPOINT_GUARD_END), encoding="utf-8")
    return folder


def module(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> Module:
    """The module of the tree at ``tmp_path/tree`` whose header ends with ``extra``."""
    return load_tree(make_tree(tmp_path / "tree", extra, files=files)).api.modules[0]


def error(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> str:
    """The error that loading that tree must raise, as the CLI prints it."""
    with pytest.raises(FrontendError) as raised:
        load_tree(make_tree(tmp_path / "tree", extra, files=files))
    return str(raised.value)


def run(*args: object, cwd: Path, seed: str | None = None, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator args`` in ``cwd``; ``seed``, when given, is its PYTHONHASHSEED;
    ``prefix`` a command it runs under (``setpriv ...``)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    argv = [*(prefix or []), sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` (the stamp too): its bytes and mtime_ns, to show a failed run changed nothing."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def libvirt_mini_tree(folder: Path, name: str, text: str) -> Path:
    """9.0.0's headers and version scripts, and ``src/<name>`` holding ``text``: enough for ``api --srcdir``."""
    shutil.copytree(LIBVIRT_TREE / "include", folder / "include")
    (folder / "src" / "admin").mkdir(parents=True)
    for syms in [*(LIBVIRT_TREE / "src").glob("*.syms"), *(LIBVIRT_TREE / "src" / "admin").glob("*.syms")]:
        shutil.copy(syms, folder / syms.relative_to(LIBVIRT_TREE))
    (folder / "src" / name).write_text(text, encoding="utf-8")
    return folder


# libvirt declares virStreamRecvHole(virStreamPtr, long long *length, unsigned int flags): only
# its .c definition names the stream; read from the header alone, a parameter has no name
UNNAMED_PARAM_HEADER = """\
#ifndef LIBVIRT_DEMO_H
# define LIBVIRT_DEMO_H
typedef struct _virDemo virDemo;
typedef virDemo *virDemoPtr;
int virDemoPeek(virDemoPtr, long long *length, unsigned int);
#endif
"""


def unnamed_param_header(folder: Path) -> Path:
    """``folder/include/libvirt/libvirt-demo.h`` holding :data:`UNNAMED_PARAM_HEADER`, to read as an explicit file."""
    header = folder / "include" / "libvirt" / "libvirt-demo.h"
    header.parent.mkdir(parents=True)
    header.write_text(UNNAMED_PARAM_HEADER, encoding="utf-8")
    return header
