"""``from libvirt_ctypes import *`` brings the API and nothing the implementation imports.

QA, session 33: with no ``__all__`` the star import put ``os``, ``sys``,
``gc``, ``ctypes``, ``enum``, ``threading``, ``operator`` ... and the typing
names (``Any``, ``cast``, ``annotations``) into the caller's namespace, where
they shadow the caller's own.  Each module now ends with an ``__all__``
listing every public name it defines (the qemu and lxc submodules also
``libvirtError``, which they re-export), sorted.
"""

from __future__ import annotations

import importlib
import re
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_support import GENERATED, load_generated, load_reference, mypy_errors, whole_tree_fixtures

from generator.backends import python as backend

package_folder, whole = whole_tree_fixtures("star_import")

IMPLEMENTATION = (
    "os", "sys", "gc", "ctypes", "enum", "threading", "operator", "itertools", "atexit", "traceback",
    "contextlib", "collections", "signal", "Any", "cast", "annotations", "Callable", "Mapping", "Sequence",
    "NoReturn", "Never", "Protocol", "Self", "SupportsIndex", "TypeAlias", "TypeVar", "ClassVar", "NamedTuple", "TYPE_CHECKING",
)


def _star(module: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(f"from {module} import *", namespace)
    del namespace["__builtins__"]
    return namespace


def _defined_public(module: ModuleType, parent: ModuleType | None = None) -> set[str]:
    """The public names ``module`` defines itself: not modules, not the typing names it imports, not what it
    takes from ``parent`` (a submodule's ``from . import ...``)."""
    return {
        name for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name not in IMPLEMENTATION
        and (parent is None or getattr(parent, name, None) is not value)
    }


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


def test_the_star_import_brings_no_module_and_no_typing_name(ours: ModuleType) -> None:
    namespace = _star(ours.__name__)
    assert [name for name, value in namespace.items() if isinstance(value, types.ModuleType)] == []
    assert sorted(set(namespace) & set(IMPLEMENTATION)) == []


def test_the_star_import_brings_the_checkpoint_api_libvirt_python_brings(ours: ModuleType) -> None:
    theirs = load_reference()
    namespace = _star(ours.__name__)
    reference = _star(theirs.__name__)
    surface = {
        name for name in reference
        if re.match(r"VIR_(DOMAIN_CHECKPOINT_|ERR_|FROM_|CONNECT_CLOSE_REASON_)", name) or name in (
            "virConnect", "virDomain", "virDomainCheckpoint", "libvirtError", "open", "openReadOnly",
            "virGetLastError", "virGetLastErrorCode", "virGetLastErrorDomain", "virGetLastErrorMessage",
            "virResetLastError", "registerErrorHandler",
        )
    }
    assert len(surface) > 100
    # a constant the sample's headers do not declare (a later error code) is no part of its surface
    assert sorted(name for name in surface - set(namespace) if hasattr(ours, name)) == []
    assert sorted(name for name in surface if not name.startswith("VIR_") and name not in namespace) == []


def test_all_is_every_public_name_the_module_defines_sorted(ours: ModuleType) -> None:
    assert set(ours.__all__) == _defined_public(ours)
    assert len(ours.__all__) == len(set(ours.__all__))
    assert ours.__all__ == sorted(ours.__all__, key=backend._all_key)  # RUF022's order: constants, classes, the rest
    assert ours.__all__.index("VIR_ERR_OK") < ours.__all__.index("CheckpointListFlags") < ours.__all__.index("libvirtError")
    text = (GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert text.rstrip().endswith("]") and "\n__all__ = [\n" in text


def test_the_whole_tree_and_its_submodules_export_only_their_api(whole: ModuleType) -> None:
    namespace = _star(whole.__name__)
    assert [name for name, value in namespace.items() if isinstance(value, types.ModuleType)] == []
    assert set(namespace) == _defined_public(whole) == set(whole.__all__)
    assert {"virDomainCheckpoint", "TypedValue", "virErrorTuple", "DomainEventCallback", "virEventRegisterDefaultImpl"} <= set(namespace)
    qemu = {"qemuMonitorCommand", "qemuAgentCommand", "qemuAttach", "DomainQemuMonitorCommandFlags"}
    for submodule, expected in (("qemu", qemu), ("lxc", {"lxcEnterCGroup"})):
        module = importlib.import_module(f"{whole.__name__}.{submodule}")
        names = _star(module.__name__)
        assert set(names) == _defined_public(module, whole) | {"libvirtError"} == set(module.__all__), submodule
        assert expected | {"libvirtError"} <= set(names) and names["libvirtError"] is whole.libvirtError
        assert sorted(set(names) & {*IMPLEMENTATION, "virDomain", "virConnect"}) == []


def test_mypy_strict_sees_the_star_import_as_python_does(tmp_path: Path) -> None:
    good = tmp_path / "star_good.py"
    good.write_text(
        "from libvirt_ctypes import *\n\n"
        "conn: virConnect = open('test:///default')\n"
        "roots: list[virDomainCheckpoint] = conn.lookupByName('test').listAllCheckpoints(CheckpointListFlags.ROOTS)\n"
        "code: int = VIR_ERR_NO_DOMAIN_CHECKPOINT\n"
        "error: type[libvirtError] = libvirtError\n",
        encoding="utf-8",
    )
    errors, output = mypy_errors(good, GENERATED)
    assert errors == [], output
    bad = tmp_path / "star_bad.py"
    bad.write_text("from libvirt_ctypes import *\n\nprint(ctypes.sizeof(ctypes.c_int), cast(int, 1))\n", encoding="utf-8")
    errors, output = mypy_errors(bad, GENERATED)
    assert len(errors) == 2 and all("is not defined" in line for line in errors), output
