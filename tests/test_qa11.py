"""Session 11: explicit FILEs that no header of theirs would have read; a cancel Python wraps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_cli import copy_sample, failed_cleanly, run

MAIN = ["tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/include/libvirt/libvirt-domain.h", "tree/include/libvirt/libvirt-host.h"]
NEEDS_QEMU = "belongs to module libvirt-qemu, whose header is not among the inputs (give include/libvirt/libvirt-qemu.h too): nothing would read it"


def _with_qemu_files(tmp_path: Path) -> Path:
    tree = copy_sample(tmp_path)
    (tree / "src" / "libvirt_qemu.syms").write_text("LIBVIRT_QEMU_0.8.3 {\n  global:\n    virDomainQemuMonitorCommand;\n};\n", encoding="utf-8")
    (tree / "src" / "libvirt-qemu.c").write_text("/* nothing */\n", encoding="utf-8")
    (tree / "src" / "qemu").mkdir()
    (tree / "src" / "qemu" / "qemu_protocol.x").write_text("/* nothing */\n", encoding="utf-8")
    return tree


@pytest.mark.parametrize(("extra", "place"), [
    (["tree/src/libvirt_qemu.syms"], "tree/src/libvirt_qemu.syms"),
    (["tree/src/libvirt-qemu.c"], "tree/src/libvirt-qemu.c"),
    (["tree/src/qemu/qemu_protocol.x"], "tree/src/qemu/qemu_protocol.x"),
    (["tree/src/qemu/qemu_protocol.x", "tree/src/libvirt_qemu.syms", "tree/src/libvirt-qemu.c"], "tree/src/libvirt-qemu.c"),
])
def test_a_file_of_a_module_without_its_header_is_an_error(tmp_path: Path, extra: list[str], place: str) -> None:
    """Before: read by nobody, the module and its outputs left out, exit 0 (--srcdir already refused the .syms)."""
    _with_qemu_files(tmp_path)
    errors = failed_cleanly(run("api", *MAIN, *extra, "-o", "out", cwd=tmp_path))
    assert errors == [f"{place}:1:1: error: {NEEDS_QEMU}"]
    assert not (tmp_path / "out").exists()


def test_the_main_module_s_files_without_a_main_header_are_an_error(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text("#include <libvirt/libvirt.h>\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c"]
    errors = failed_cleanly(run("api", *files, "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_the_main_module_s_files_with_a_main_header_still_work(tmp_path: Path) -> None:
    copy_sample(tmp_path)
    done = run("api", *MAIN, "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "virConnectOpen" in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


# --- a cancel that Python 3.11 wraps in a RuntimeError --------------------------------------------

SHIM = """
import dataclasses, os, runpy, signal, sys
real = dataclasses.Field.__set_name__
sent = getattr(signal, sys.argv.pop(1))
def set_name(self, owner, name):
    if owner.__name__ == "ScannedFile" and name == "_by_name":  # while frontend/scanner.py is imported, mid-run
        os.kill(os.getpid(), sent)
    return real(self, owner, name)
dataclasses.Field.__set_name__ = set_name
sys.argv[0] = "generator"
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(("signal_name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_cancel_while_a_dataclass_is_made_is_a_cancel(tmp_path: Path, signal_name: str, status: int) -> None:
    """QA (a flaky CI test): Python 3.11 raises a cancel landing in a dataclass field's __set_name__ as
    "RuntimeError: Error calling __set_name__", so the run printed a traceback and exited 1."""
    (tmp_path / "shim.py").write_text(SHIM, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "shim.py", signal_name, "api", "-o", "out"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (status, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shim.py"]


def test_cancel_behind_follows_causes_only() -> None:
    from generator.fastpath import Terminated, cancel_behind

    interrupt = Terminated()
    wrapped = RuntimeError("Error calling __set_name__")
    wrapped.__cause__ = interrupt
    twice = RuntimeError("outer")
    twice.__cause__ = wrapped
    assert cancel_behind(wrapped) is interrupt and cancel_behind(twice) is interrupt
    during = RuntimeError("a fault while the interrupt was handled")
    during.__context__ = KeyboardInterrupt()
    assert cancel_behind(during) is None
    looped = RuntimeError("a")
    other = RuntimeError("b")
    looped.__cause__, other.__cause__ = other, looped
    assert cancel_behind(looped) is None


def test_a_quoted_preprocessor_line_names_the_unit_under_a_long_tmpdir(tmp_path: Path) -> None:
    """QA: the line was cut to 60 characters before the scratch folder was cut out of it, so a long
    $TMPDIR left '#line 1 "/tmp/.../virt-apigen-...' where '#line 1 "unit.c"' belongs."""
    import shutil

    from conftest import require

    require(shutil.which("ucpp") is not None, "ucpp (Debian's ucpp package)")
    long_tmp = tmp_path / ("t" * 80)
    long_tmp.mkdir()
    done = run("api", "-o", "out", cwd=tmp_path, env={"CPP": "ucpp", "TMPDIR": str(long_tmp)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.endswith("only the form '# N \"file\"' is read; it printed '#line 1 \"unit.c\"'\n"), done.stderr


# --- QA of this session's changes -----------------------------------------------------------------


def test_the_license_template_is_the_license_text_itself() -> None:
    """QA: as a symlink, a checkout without symlinks (core.symlinks=false) generated a COPYING reading '../../COPYING'."""
    template = REPO / "templates" / "python" / "COPYING"
    assert not template.is_symlink()
    assert template.read_bytes() == (REPO / "COPYING").read_bytes()


def test_libvirt_h_as_the_umbrella_is_no_header_for_the_main_module_s_files(tmp_path: Path) -> None:
    """QA: the check ran before libvirt.h was set aside as the umbrella, so libvirt_public.syms and a .c
    named with libvirt.h and the qemu header were read by nobody again, with exit 0."""
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text("#include <libvirt/libvirt.h>\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt.h", "tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c"]
    errors = failed_cleanly(run("api", *files, "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_module_leaves_other_modules_files_alone(tmp_path: Path) -> None:
    """QA: `api --module libvirt-qemu ... src/remote/*.x` worked before the check and failed after it:
    remote_protocol.x belongs to a module --module leaves out, so it goes to no output anyway."""
    tree = _with_qemu_files(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(
        "#include <libvirt/libvirt.h>\nint virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd, char **result, unsigned int flags);\n",
        encoding="utf-8",
    )
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text("/* nothing */\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_qemu.syms", "tree/src/remote/remote_protocol.x"]
    done = run("api", "--module", "libvirt-qemu", *files, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["libvirt-qemu-api.xml"]
    errors = failed_cleanly(run("api", *files, "-o", "out2", cwd=tmp_path))  # every module wanted: the error stays
    assert errors == [
        "tree/src/remote/remote_protocol.x:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_the_scratch_folder_is_cut_out_as_a_line_marker_spells_it(tmp_path: Path) -> None:
    """QA: a "quote" or a \\backslash in $TMPDIR is escaped in cpp's spelling, which was not cut out of the quoted line."""
    odd_tmp = tmp_path / 'quo"te\\back'
    odd_tmp.mkdir()
    cpp = tmp_path / "cpp.py"
    cpp.write_text(
        f"#!{sys.executable}\nimport subprocess, sys\n"
        "out = subprocess.run(['cpp', *sys.argv[1:]], capture_output=True).stdout\n"
        "spelled = sys.argv[-1].encode().replace(b'\\\\', b'\\\\\\\\').replace(b'\"', b'\\\\\"')\n"
        "sys.stdout.buffer.write(b'#pragma GCC warning \"' + spelled + b'\"\\n' + out)\n",
        encoding="utf-8",
    )
    cpp.chmod(0o755)
    done = run("api", "-o", "out", cwd=tmp_path, env={"CPP": str(cpp), "TMPDIR": str(odd_tmp)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.endswith("it holds text no header produced: '#pragma GCC warning \"unit.c\"'\n"), done.stderr
