"""Helpers for the Python binding tests: load the generated package, libvirt-python, and a clean test domain.

Every test runs against the real ``libvirt.so.0`` and its built-in test driver
(``test:///default``): no mocks.  The driver's default state is shared by all
connections of a process, so each scenario starts by deleting the checkpoints
left by the previous one.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.util
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import LIBVIRT_TREE, REPO, SAMPLE_TREE, require

from generator.backends import python as backend
from generator.frontend import load_tree

GENERATED = REPO / "generated" / "python"
URI = "test:///default"
DOMAIN = "test"


def libvirt_so_present() -> bool:
    try:
        ctypes.CDLL("libvirt.so.0")
    except OSError:
        return False
    return True


def _require_whole_tree() -> None:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")


def whole_tree_plan() -> backend.Plan:
    """The bindings' plan for the whole libvirt 9.0.0 tree."""
    _require_whole_tree()
    built = backend.build_plan(load_tree(LIBVIRT_TREE).api)
    assert built is not None
    return built


def whole_tree_docs() -> dict[str, str]:
    """The docstring of every method (``"virDomain.getConnect"``) and module-level function (``"virGetLastError"``)
    of the whole 9.0.0 tree's bindings, by name."""
    plan = whole_tree_plan()
    methods = {f"{c.name}.{m.name}": m.doc for c in plan.classes for m in c.methods}
    return methods | {f.name: f.doc for f in plan.functions}


def whole_tree_package(folder: Path, name: str) -> ModuleType:
    """The bindings of the whole libvirt 9.0.0 tree, rendered into ``folder`` and imported as ``name``
    (each test file its own module object, so one file's patches never reach another's)."""
    _require_whole_tree()
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    for relative, content in backend.render(load_tree(LIBVIRT_TREE).api).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(content, encoding="utf-8")
    return import_file(folder / "libvirt_ctypes" / "__init__.py", name)


def whole_tree_fixtures(name: str) -> tuple[Any, Any]:
    """The module-scoped ``package_folder`` and ``ours`` fixtures of a test file using the whole 9.0.0 tree's
    bindings, imported as ``libvirt_ctypes_<name>`` (:func:`whole_tree_package`): the test file assigns the two
    to those names (``package_folder, ours = whole_tree_fixtures("events")``)."""
    module = f"libvirt_ctypes_{name}"

    @pytest.fixture(scope="module")
    def package_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
        folder = tmp_path_factory.mktemp(name)
        whole_tree_package(folder, module)
        return folder

    @pytest.fixture(scope="module")
    def ours(package_folder: Path) -> ModuleType:
        return sys.modules[module]

    return package_folder, ours


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
    ]


def malloc_in_use() -> int:
    """Bytes glibc's malloc has handed out and not had back (mallinfo2's uordblks)."""
    libc = ctypes.CDLL(None)
    require(hasattr(libc, "mallinfo2"), "glibc 2.33 or later (mallinfo2)")
    libc.mallinfo2.restype = _MallInfo2
    return int(libc.mallinfo2().uordblks)


def malloc_growth(call: Callable[[], object], count: int) -> int:
    """How many bytes more malloc has handed out (and not had back) after ``count`` calls."""
    before = malloc_in_use()
    for _ in range(count):
        call()
    return malloc_in_use() - before


def interrupted_counting(real_counting: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for the runtime's ``_counting``: the C call made as it makes it, then a KeyboardInterrupt
    raised as it returns (where Python runs a Ctrl-C's handler: right after a C call)."""

    def counting(function: Any, counted: list[int]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            real_counting(function, counted)(*args)
            raise KeyboardInterrupt

        return call

    return counting


def mypy_errors(script: Path, package_folder: Path) -> tuple[list[str], str]:
    """``mypy --strict`` (the venv's, no cache) on ``script`` with the package in ``package_folder`` on its path:
    its error lines, and all it printed."""
    import os
    import subprocess

    environment = {**os.environ, "MYPYPATH": str(package_folder), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [str(Path(sys.executable).parent / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, str(script)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    return [line for line in done.stdout.splitlines() if ": error:" in line], done.stdout


def load_generated() -> ModuleType:
    """The committed generated package (``generated/python``), importable as ``libvirt_ctypes``."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ inside the committed generated/ folder
    try:
        return importlib.import_module("libvirt_ctypes")
    finally:
        sys.dont_write_bytecode = writes_bytecode


def load_reference() -> ModuleType:
    """libvirt-python 9.0.0, the binding ours is compared with."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    return importlib.import_module("libvirt")


def clean_domain(lib: ModuleType) -> tuple[Any, Any]:
    """A connection and the test domain, with no checkpoint left."""
    conn = lib.open(URI)
    dom = conn.lookupByName(DOMAIN)
    clear_checkpoints(lib, dom)
    return conn, dom


def clear_checkpoints(lib: ModuleType, dom: Any) -> None:
    """Delete every checkpoint of ``dom``.  test:///default's state lives while any connection to it
    does, and a test's handles may outlive it (a traceback pytest keeps), so a fixture that made
    checkpoints deletes them: the test driver refuses a snapshot while a checkpoint exists."""
    for root in dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS):
        root.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)


def checkpoint_xml(name: str, parent: str | None = None) -> str:
    """Checkpoint XML; with ``parent`` it is meant for a REDEFINE (which needs a creation time)."""
    if parent is None:
        return f"<domaincheckpoint><name>{name}</name></domaincheckpoint>"
    return f"<domaincheckpoint><name>{name}</name><parent><name>{parent}</name></parent><creationTime>1</creationTime></domaincheckpoint>"


def build_tree(lib: ModuleType, dom: Any) -> None:
    """a -> b -> c, a -> e (redefined with a parent), r2 a second root."""
    for name in ("a", "b", "c"):
        dom.checkpointCreateXML(checkpoint_xml(name))
    dom.checkpointCreateXML(checkpoint_xml("e", "a"), lib.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE)
    dom.checkpointCreateXML(
        "<domaincheckpoint><name>r2</name><creationTime>2</creationTime></domaincheckpoint>", lib.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
    )


def attempt(lib: ModuleType, call: Callable[[], object]) -> tuple[object, ...]:
    """("ok", value) or ("error", code, domain, message): what a call did, comparable across bindings."""
    try:
        value = call()
    except lib.libvirtError as error:
        return ("error", error.get_error_code(), error.get_error_domain(), error.get_error_message())
    return ("ok", value)


def names(handles: list[Any]) -> list[str]:
    return [h.getName() for h in handles]


def stable_xml(xml: str) -> str:
    """Checkpoint XML without the creation time, which differs between runs."""
    return re.sub(r"<creationTime>\d+</creationTime>", "<creationTime/>", xml)


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * 4096 // 1024


def growth_kib(call: Callable[[], object], warmup: int, count: int) -> int:
    """How much resident memory ``count`` calls add, after ``warmup`` calls and a collection."""
    import gc

    for _ in range(warmup):
        call()
    gc.collect()
    before = rss_kib()
    for _ in range(count):
        call()
    gc.collect()
    return rss_kib() - before


def extended_sample(dest: Path, declarations: list[str], header_text: str = "", edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """A copy of the sample tree with more checkpoint-header functions (each documented and exported).

    ``declarations`` are C prototypes without the semicolon (``int virX(virDomainCheckpointPtr cp, int a)``);
    ``header_text`` goes in the header as is (macros); ``edits`` maps a file of the tree to one (old, new)
    replacement.  As QA built its hostile trees.
    """
    shutil.copytree(SAMPLE_TREE, dest)
    header = dest / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    source = dest / "src" / "libvirt-domain-checkpoint.c"
    syms = dest / "src" / "libvirt_public.syms"
    for relative, (old, new) in (edits or {}).items():
        path = dest / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    text = header.read_text(encoding="utf-8")
    added = header_text + "".join(f"{d};\n" for d in declarations)
    header.write_text(text.replace("#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */", added + "\n#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"), encoding="utf-8")
    bodies = []
    names = []
    for declaration in declarations:
        name = re.search(r"(\w+)\(", declaration)
        assert name is not None
        names.append(name.group(1))
        params = [p.split()[-1].lstrip("*") for p in declaration[declaration.index("(") + 1 : -1].split(",")]
        doc = "".join(f" * @{p}: the {p} value\n" for p in params)
        bodies.append(
            f"\n/**\n * {name.group(1)}:\n{doc} *\n * Does something with its arguments.\n *\n"
            f" * Returns 0 on success, -1 on failure.\n *\n * Since: 9.0.0\n */\n{declaration}\n{{\n    return 0;\n}}\n"
        )
    source.write_text(source.read_text(encoding="utf-8") + "".join(bodies), encoding="utf-8")
    exported = "".join(f"        {n};\n" for n in names)
    syms.write_text(syms.read_text(encoding="utf-8") + f"\nLIBVIRT_9.0.0 {{\n    global:\n{exported}}} LIBVIRT_5.6.0;\n", encoding="utf-8")
    return dest


def import_file(path: Path, name: str) -> ModuleType:
    """Import the module at ``path`` under ``name`` (no bytecode written next to it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


# one enum whose sentinel is an alias of a member (kept, as libvirt-python keeps VIR_DOMAIN_MEMORY_STAT_LAST),
# one whose sentinel is a plain count (left out), and a function with a plain int parameter
QA7_ENUMS = """
typedef enum {
    VIR_QA7_TAG_A = 0,
    VIR_QA7_TAG_NR = 1,
# ifdef VIR_ENUM_SENTINELS
    VIR_QA7_TAG_LAST = VIR_QA7_TAG_NR
# endif
} virQa7Tags;

typedef enum {
    VIR_QA7_STATE_X = 0,
    VIR_QA7_STATE_Y = 1,
# ifdef VIR_ENUM_SENTINELS
    VIR_QA7_STATE_LAST
# endif
} virQa7State;
"""


QA7_SETTER = "int virDomainCheckpointQa7Set(virDomainCheckpointPtr checkpoint, int value, unsigned int flags)"


def qa7_sample(dest: Path) -> Path:
    """The sample tree at ``dest`` with :data:`QA7_ENUMS` and :data:`QA7_SETTER` added."""
    return extended_sample(dest, [QA7_SETTER], QA7_ENUMS)


# the end of an event test's child script (tests/test_python_events.py, test_python_close_callback.py):
# waiting for the callbacks' records, a call's outcome as JSON-ready data, and the dict printed at the end
CHILD_WAIT_AND_ATTEMPT = r"""
def wait(count):
    with arrived:
        return arrived.wait_for(lambda: len(records) >= count, timeout=10)

def attempt(call):
    try:
        return ["ok", call()]
    except lib.libvirtError as error:
        return ["error", error.get_error_code(), error.get_error_domain(), error.get_error_message()]

out = {}
"""
