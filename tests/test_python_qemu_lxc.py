"""The libvirt-qemu and libvirt-lxc libraries as submodules of the package: ``libvirt_ctypes.qemu`` and ``.lxc``.

Against the real libraries and libvirt-python 9.0.0's ``libvirt_qemu``/``libvirt_lxc``, side by side, on
``test:///default`` (whose driver supports none of the qemu functions: each call's error is compared).
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, require
from python_support import URI, attempt, load_reference, mypy_errors, whole_tree_fixtures

from generator.backends import python as backend
from generator.frontend import load_tree

package_folder, ours = whole_tree_fixtures("qemu_lxc")
VENV_BIN = Path(sys.executable).parent


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def qemu(ours: ModuleType) -> ModuleType:
    require(_loads("libvirt-qemu.so.0"), "libvirt-qemu.so.0 (Debian package libvirt0)")
    return importlib.import_module(ours.__name__ + ".qemu")


@pytest.fixture(scope="module")
def lxc(ours: ModuleType) -> ModuleType:
    require(_loads("libvirt-lxc.so.0"), "libvirt-lxc.so.0 (Debian package libvirt0)")
    return importlib.import_module(ours.__name__ + ".lxc")


@pytest.fixture(scope="module")
def reference() -> tuple[ModuleType, ModuleType, ModuleType]:
    libvirt = load_reference()
    return libvirt, importlib.import_module("libvirt_qemu"), importlib.import_module("libvirt_lxc")


@pytest.fixture
def handles(ours: ModuleType) -> tuple[Any, Any]:
    conn = ours.open(URI)
    return conn, conn.lookupByName("test")


# --- what is bound, and how -----------------------------------------------------------


def test_plan_binds_qemu_and_lxc_as_submodules_and_leaves_admin(libvirt_tree: Path) -> None:
    plan = backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    libraries = {lib.library: lib for lib in plan.libraries}
    assert set(libraries) == {"libvirt-qemu", "libvirt-lxc"}
    assert dict(plan.other_libraries) == {"libvirt-admin": 32}  # handle classes of its own: not generated
    qemu, lxc = libraries["libvirt-qemu"], libraries["libvirt-lxc"]
    assert (qemu.module, qemu.soname, qemu.variable) == ("qemu", "libvirt-qemu.so.0", "LIBVIRT_CTYPES_QEMU_LIBRARY")
    assert {f.c_name: f.name for f in qemu.functions} == {
        "virDomainQemuAgentCommand": "qemuAgentCommand", "virDomainQemuAttach": "qemuAttach", "virDomainQemuMonitorCommand": "qemuMonitorCommand",
    }  # fmt: skip
    assert {f.c_name: f.name for f in lxc.functions} == {"virDomainLxcEnterCGroup": "lxcEnterCGroup"}
    assert qemu.total + lxc.total == 10 and len(qemu.skipped) == 3 and len(lxc.skipped) == 3
    reasons = {s.function: s.reason for s in (*qemu.skipped, *lxc.skipped)}
    assert reasons["virConnectDomainQemuMonitorEventRegister"].startswith("callback parameter")
    assert "its registration, virConnectDomainQemuMonitorEventRegister, is skipped" in reasons["virConnectDomainQemuMonitorEventDeregister"]
    assert reasons["virDomainLxcOpenNamespace"].startswith("integer array libvirt allocates (int ** fdlist)")
    assert reasons["virDomainLxcEnterSecurityLabel"].startswith("struct pointer parameter")
    monitor = next(f for f in qemu.functions if f.name == "qemuMonitorCommand")
    # char **result: one string libvirt allocates, returned (copied, then freed)
    assert monitor.annotation == "str" and [o.kind for o in monitor.outs] == ["strout"]
    assert [a.name for a in monitor.args] == ["domain", "cmd", "flags"]


def test_sample_tree_has_no_submodule(sample_tree: Path) -> None:
    files = backend.render(load_tree(sample_tree).api)
    assert not [name for name in files if name.startswith("libvirt_ctypes/") and name.endswith(".py") and not name.endswith("__init__.py")]


@pytest.mark.parametrize("version", ["7.0.0", "11.3.0"])
def test_other_releases_generate_the_submodules(version: str) -> None:
    tree = REPO / ".cache" / f"libvirt-{version}"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {version} source tree (make fetch-libvirt)")
    files = backend.render(load_tree(tree).api)
    assert "def qemuMonitorCommand(" in files["libvirt_ctypes/qemu.py"]
    assert "def lxcEnterCGroup(" in files["libvirt_ctypes/lxc.py"]
    compile(files["libvirt_ctypes/qemu.py"], "qemu.py", "exec")
    compile(files["libvirt_ctypes/lxc.py"], "lxc.py", "exec")


def test_submodules_are_ruff_clean(package_folder: Path) -> None:
    files = [str(package_folder / "libvirt_ctypes" / name) for name in ("qemu.py", "lxc.py")]
    done = subprocess.run([str(VENV_BIN / "ruff"), "check", "--no-cache", *files], cwd=package_folder, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# --- side by side with libvirt-python -------------------------------------------------


def test_unsupported_qemu_calls_raise_libvirt_pythons_error(
    ours: ModuleType, qemu: ModuleType, reference: tuple[ModuleType, ModuleType, ModuleType], handles: tuple[Any, Any]
) -> None:
    libvirt, libvirt_qemu, _ = reference
    conn, dom = handles
    rconn = libvirt.open(URI)
    rdom = rconn.lookupByName("test")
    calls = [
        (lambda: qemu.qemuMonitorCommand(dom, "info status", 0), lambda: libvirt_qemu.qemuMonitorCommand(rdom, "info status", 0)),
        (lambda: qemu.qemuMonitorCommand(dom, "{}", qemu.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP), lambda: libvirt_qemu.qemuMonitorCommand(rdom, "{}", 1)),
        (lambda: qemu.qemuAgentCommand(dom, "{}", -1, 0), lambda: libvirt_qemu.qemuAgentCommand(rdom, "{}", -1, 0)),
        (lambda: qemu.qemuAttach(conn, 1, 0), lambda: libvirt_qemu.qemuAttach(rconn, 1, 0)),
    ]
    for mine, theirs in calls:
        got, expected = attempt(ours, mine), attempt(libvirt, theirs)
        assert got[0] == "error" and got == expected


def test_constants_and_enums_match_libvirt_qemu(qemu: ModuleType, reference: tuple[ModuleType, ModuleType, ModuleType]) -> None:
    _, libvirt_qemu, _ = reference
    theirs = {name: getattr(libvirt_qemu, name) for name in dir(libvirt_qemu) if name.startswith("VIR_")}
    assert theirs and {name: getattr(qemu, name) for name in theirs} == theirs
    assert qemu.DomainQemuMonitorCommandFlags.HMP == 1 and qemu.DomainQemuAgentCommandTimeoutValues.BLOCK == -2


_LXC_CHILD = """
import importlib, json, sys
sys.path.insert(0, {folder!r})
if {theirs}:
    import libvirt as lib, libvirt_lxc as lxc
else:
    import libvirt_ctypes as lib, libvirt_ctypes.lxc as lxc
dom = lib.open("test:///default").lookupByName("test")
try:
    returned = lxc.lxcEnterCGroup(dom, {flags})
    error = lib.virGetLastError() if returned == -1 else None  # libvirt-python's -1 (see below): the error libvirt set
    print(json.dumps([returned, None if error is None else list(error[:3])]))
except lib.libvirtError as e:
    print(json.dumps([None, [e.get_error_code(), e.get_error_domain(), e.get_error_message()]]))
"""


def _enter_cgroup(package_folder: Path, flags: int) -> list[list[object]]:
    """(what returned, the error) of ``lxcEnterCGroup(dom, flags)`` through ours, then libvirt-python's, each in a
    child: entering a cgroup changes the process that calls it."""
    outcomes = []
    for theirs in (False, True):
        code = _LXC_CHILD.format(folder=str(package_folder), theirs=theirs, flags=flags)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
        assert done.returncode == 0, done.stderr
        outcomes.append(json.loads(done.stdout))
    return outcomes


def test_lxc_enter_cgroup_answers_as_libvirt_lxc(package_folder: Path, lxc: ModuleType, reference: tuple[ModuleType, ModuleType, ModuleType]) -> None:
    """0 where the machine has a cgroup backend (both return it); where it has none (a chroot: "no cgroup
    backend available") the same error, ours raised, libvirt-python's left set behind its -1."""
    ours, theirs = _enter_cgroup(package_folder, 0)
    if theirs[0] == 0:
        assert ours == [0, None]
    else:
        assert theirs[0] == -1 and theirs[1] is not None
        assert ours == [None, theirs[1]]


def test_lxc_enter_cgroup_raises_where_libvirt_lxc_returns_minus_one(
    package_folder: Path, lxc: ModuleType, reference: tuple[ModuleType, ModuleType, ModuleType]
) -> None:
    """A deliberate difference (docs/python-bindings.md): libvirt-python's wrapper raises only on None, so its
    lxcEnterCGroup returns C's -1; ours raises libvirtError, as for every -1, with the error libvirt set."""
    ours, theirs = _enter_cgroup(package_folder, 1)
    assert theirs[0] == -1
    assert ours == [None, theirs[1]]
    assert ours[1] is not None and ours[1][:2] == [8, 0]  # VIR_ERR_INVALID_ARG, VIR_FROM_NONE (as libvirt reports it)


# --- arguments --------------------------------------------------------------------------


def test_wrong_handles_and_types_raise_type_error(qemu: ModuleType, lxc: ModuleType, handles: tuple[Any, Any]) -> None:
    conn, dom = handles
    with pytest.raises(TypeError, match="domain must be a"):
        qemu.qemuMonitorCommand(conn, "info", 0)
    with pytest.raises(TypeError, match="conn must be a"):
        qemu.qemuAttach(dom, 1, 0)
    with pytest.raises(TypeError, match="domain must be a"):
        lxc.lxcEnterCGroup("test", 0)
    with pytest.raises(TypeError):
        qemu.qemuMonitorCommand(dom, 5, 0)
    with pytest.raises(TypeError):
        qemu.qemuAgentCommand(dom, "{}", 1.5, 0)


@pytest.mark.parametrize("flags", [2**32, -1])
def test_flags_out_of_range_are_refused_before_c(qemu: ModuleType, lxc: ModuleType, handles: tuple[Any, Any], flags: int) -> None:
    conn, dom = handles
    for call in (lambda: qemu.qemuMonitorCommand(dom, "info", flags), lambda: lxc.lxcEnterCGroup(dom, flags), lambda: qemu.qemuAttach(conn, 1, flags)):
        with pytest.raises((OverflowError, ValueError)):
            call()
    with pytest.raises((OverflowError, ValueError)):
        qemu.qemuAgentCommand(dom, "{}", 2**31, 0)


# --- loading ------------------------------------------------------------------------------


def _child(package_folder: Path, code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "LIBVIRT_CTYPES_QEMU_LIBRARY", "LIBVIRT_CTYPES_LXC_LIBRARY")}
    env |= {"PYTHONPATH": str(package_folder), "PYTHONDONTWRITEBYTECODE": "1", **environment}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env, cwd=package_folder, timeout=60)


def test_the_generated_package_imports_in_isolation(package_folder: Path, qemu: ModuleType, lxc: ModuleType) -> None:
    code = (
        "import sys\n"
        "import libvirt_ctypes\n"
        "assert 'libvirt_ctypes.qemu' not in sys.modules  # loaded only when imported\n"
        "import libvirt_ctypes.qemu as q, libvirt_ctypes.lxc as x\n"
        "assert not any(m == 'generator' or m.startswith('generator.') for m in sys.modules)\n"
        "assert q.virDomain is libvirt_ctypes.virDomain and q.libvirtError is libvirt_ctypes.libvirtError\n"
        "print(q.qemuMonitorCommand.__name__, x.lxcEnterCGroup.__name__)\n"
    )
    done = _child(package_folder, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["qemuMonitorCommand", "lxcEnterCGroup"]


def test_a_library_that_does_not_load_fails_the_import_with_the_variable(package_folder: Path, qemu: ModuleType) -> None:
    done = _child(package_folder, "import libvirt_ctypes.qemu", LIBVIRT_CTYPES_QEMU_LIBRARY="/nonexistent/libvirt-qemu.so.0")
    assert done.returncode != 0
    assert "ImportError: libvirt_ctypes.qemu: LIBVIRT_CTYPES_QEMU_LIBRARY=/nonexistent/libvirt-qemu.so.0:" in done.stderr
    assert "unset LIBVIRT_CTYPES_QEMU_LIBRARY to load the system libvirt-qemu.so.0" in done.stderr
    # a library, but another one: libvirt.so.0 exports none of libvirt-lxc's functions
    done = _child(package_folder, "import libvirt_ctypes.lxc", LIBVIRT_CTYPES_LXC_LIBRARY="libvirt.so.0")
    assert "libvirt.so.0: exports no function of libvirt-lxc: not libvirt-lxc" in done.stderr


def test_mypy_strict_accepts_a_script_using_the_submodules_and_catches_a_wrong_handle(package_folder: Path, qemu: ModuleType, tmp_path: Path) -> None:
    good = tmp_path / "uses_qemu.py"
    good.write_text(
        "import libvirt_ctypes as libvirt\n"
        "import libvirt_ctypes.lxc as libvirt_lxc\n"
        "import libvirt_ctypes.qemu as libvirt_qemu\n\n\n"
        "def run() -> None:\n"
        "    conn = libvirt.open('test:///default')\n"
        "    dom = conn.lookupByName('test')\n"
        "    try:\n"
        "        out: str = libvirt_qemu.qemuMonitorCommand(dom, 'info status', libvirt_qemu.DomainQemuMonitorCommandFlags.HMP)\n"
        "        agent: str = libvirt_qemu.qemuAgentCommand(dom, '{}', libvirt_qemu.VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT, 0)\n"
        "        attached: libvirt.virDomain = libvirt_qemu.qemuAttach(conn, 1)\n"
        "        print(out, agent, attached.name())\n"
        "    except libvirt.libvirtError as error:\n"
        "        print(error.get_error_code())\n"
        "    entered: int = libvirt_lxc.lxcEnterCGroup(dom)\n"
        "    print(entered)\n",
        encoding="utf-8",
    )
    errors, output = mypy_errors(good, package_folder)
    assert errors == [], output
    bad = tmp_path / "wrong_handle.py"
    bad.write_text(
        "import libvirt_ctypes as libvirt\nimport libvirt_ctypes.qemu as libvirt_qemu\n\n"
        "conn = libvirt.open('test:///default')\nlibvirt_qemu.qemuMonitorCommand(conn, 'info', 0)\n",
        encoding="utf-8",
    )
    errors, output = mypy_errors(bad, package_folder)
    assert len(errors) == 1 and 'incompatible type "virConnect"; expected "virDomain"' in errors[0], output
