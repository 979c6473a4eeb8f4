"""The command's first moments: a Ctrl-C while Python is still importing
it, a relative ``$TMPDIR`` for the preprocessor's scratch folder, and the
hashes the process uses (the interpreter's own, not OpenSSL's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

ENV = dict(os.environ, PYTHONPATH=str(REPO))

# Ctrl-C stands in as a KeyboardInterrupt raised by the import of generator.fastpath
INTERRUPTED_IMPORT = """
import sys

class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == "generator.fastpath":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())
sys.argv = ["virt-apigen", "api", "-o", "out"]
import runpy
runpy.run_module("generator", run_name="__main__")
"""


def test_a_ctrl_c_during_the_imports_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # before: a KeyboardInterrupt traceback from __main__.py's import, and death by SIGINT
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT], cwd=tmp_path, env=ENV, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")
    assert not (tmp_path / "out").exists()


def test_a_relative_tmpdir_is_taken_from_the_current_folder(tmp_path: Path) -> None:
    # before: "the C preprocessor failed: gen/libvirt/libvirt-common.h: No such file or directory", exit 1
    (tmp_path / "scratch").mkdir()
    env = dict(ENV, TMPDIR="scratch")
    result = subprocess.run([sys.executable, "-m", "generator", "api", "-o", "out"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "out" / "libvirt-api.xml").read_bytes() == (REPO / "generated" / "api" / "libvirt-api.xml").read_bytes()
    assert list((tmp_path / "scratch").iterdir()) == []  # the scratch folder was made there and removed


# The run as the console script makes it, reporting at its os._exit whether OpenSSL's libcrypto is mapped
# and which hashlib the run used (its forked children leave through os._exit too: not reported).
MAPPED_AT_EXIT = """
import os, sys
leave = os._exit
command = os.getpid()

def report(code):
    if os.getpid() != command:  # a forked child of the run
        leave(code)
    import hashlib
    with open("/proc/self/maps") as maps:
        libcrypto = "libcrypto" in maps.read()
    sys.stderr.write(f"libcrypto={libcrypto} openssl={hashlib.new.__name__ == '__hash_new'}\\n")
    sys.stderr.flush()
    leave(code)

os._exit = report
sys.argv = ["virt-apigen", "generate", "--only", "html", "-o", "out"]
from generator import run
run()
"""


def test_the_command_hashes_without_loading_openssl(tmp_path: Path) -> None:
    # before: "libcrypto=True openssl=True": ~3 ms and ~3.4 MiB of a cold run's peak, for two short digests
    env = dict(ENV, VIRT_APIGEN_CACHE_DIR=str(tmp_path / "cache"))  # the template cache's key is a sha256: hashed for real
    result = subprocess.run([sys.executable, "-c", MAPPED_AT_EXIT], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "libcrypto=False openssl=False\n")
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [f"templates-{_cache_tag()}"]  # the key's digest is the same bytes


def _cache_tag() -> str:
    import hashlib

    import jinja2

    from generator import __version__
    from generator.templating import _SETTINGS

    return hashlib.sha256(f"{__version__} {jinja2.__version__} {_SETTINGS}".encode()).hexdigest()[:16]


def test_hashlib_is_left_alone_once_imported_or_without_every_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import fastpath

    monkeypatch.delitem(sys.modules, "_hashlib", raising=False)
    fastpath.builtin_hashes()  # hashlib is imported in this process (pytest's): OpenSSL's stays
    assert "_hashlib" not in sys.modules
    saved = sys.modules.pop("hashlib")
    try:
        monkeypatch.setattr(sys, "builtin_module_names", tuple(name for name in sys.builtin_module_names if name != "_sha3"))
        fastpath.builtin_hashes()  # hashlib would log an error for the missing sha3: not done
        assert "_hashlib" not in sys.modules
    finally:
        sys.modules["hashlib"] = saved
