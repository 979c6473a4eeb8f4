"""An integer parameter of the generated bindings takes any object with
``__index__`` (numpy's integers), as libvirt-python's ``PyArg_ParseTuple``
does, range-checked; an exact ``int`` (and an ``IntFlag``) never reaches the
conversion."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import require
from python_support import (
    checkpoint_xml,
    clean_domain,
    import_file,
    libvirt_so_present,
    load_generated,
    load_reference,
    qa7_sample,
    stable_xml,
)

from generator.backends import python as backend
from generator.frontend import load_tree


class Index:
    """An integer that is no int, as numpy's are: it only implements ``__index__``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


@pytest.fixture(scope="module")
def qa7_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return qa7_sample(tmp_path_factory.mktemp("qa7") / "tree")


@pytest.fixture(scope="module")
def qa7_module(qa7_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    out = tmp_path_factory.mktemp("qa7-out")
    for name, content in backend.render(load_tree(qa7_tree).api).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    return import_file(out / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_qa7")


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


@pytest.fixture
def checkpoint(ours: ModuleType) -> Any:
    conn, dom = clean_domain(ours)
    yield dom.checkpointCreateXML(checkpoint_xml("qa7"))
    conn.close()


# --- integers with __index__ ---------------------------------------------------------------------


def test_flags_take_an_index_object_as_libvirt_python_does(ours: ModuleType, checkpoint: Any) -> None:
    assert checkpoint.getXMLDesc(Index(0)) == checkpoint.getXMLDesc(0)
    no_domain = checkpoint.getXMLDesc(Index(ours.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN))
    assert "<domain " not in no_domain and "<domain " in checkpoint.getXMLDesc(0)
    theirs = load_reference()
    their_checkpoint = theirs.open("test:///default").lookupByName("test").checkpointLookupByName("qa7")
    assert stable_xml(their_checkpoint.getXMLDesc(Index(0))) == stable_xml(checkpoint.getXMLDesc(Index(0)))


@pytest.mark.parametrize(("bad", "error", "message"), [
    (Index(2**32), OverflowError, "flags=4294967296 is outside the C type's range 0..4294967295"),
    (Index(-1), OverflowError, "flags=-1 is outside the C type's range 0..4294967295"),
    (1.0, TypeError, "flags must be int, not float"),
    ("0", TypeError, "flags must be int, not str"),
    (None, TypeError, "flags must be int, not NoneType"),
])
def test_index_objects_are_range_checked_and_floats_refused(checkpoint: Any, bad: object, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        checkpoint.getXMLDesc(bad)
    assert str(raised.value) == message


def test_only_exact_ints_skip_the_conversion(ours: ModuleType, checkpoint: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-call cost: an exact int pays one class test; an int subclass
    (IntFlag, bool) is converted to the plain int of its value, so that its
    own comparisons cannot get around the range check (~0.1 us a call)."""
    converted: list[object] = []
    real = ours._c_index

    def spy(value: object, name: str) -> int:
        converted.append(value)
        result = real(value, name)
        assert result.__class__ is int
        return int(result)

    monkeypatch.setattr(ours, "_c_index", spy)
    checkpoint.getXMLDesc(0)
    assert converted == []
    index = Index(0)
    flag = ours.CheckpointXMLFlags.NO_DOMAIN
    checkpoint.getXMLDesc(flag)
    checkpoint.getXMLDesc(True)
    checkpoint.getXMLDesc(index)
    assert converted == [flag, True, index]


def test_a_plain_int_parameter_takes_an_index_object(qa7_module: ModuleType) -> None:
    lv = qa7_module
    conn, dom = clean_domain(lv)
    try:
        cp = dom.checkpointCreateXML(checkpoint_xml("qa7"))
        # the class's attributes: an instance's getName() cache slot is unset (AttributeError) until the first call
        setter = next(getattr(cp, n) for n in dir(type(cp)) if "C function: virDomainCheckpointQa7Set" in (getattr(type(cp), n).__doc__ or ""))
        # past the checks the call reaches C, where this function does not exist: that error proves the value was taken
        with pytest.raises(lv.libvirtError, match="virDomainCheckpointQa7Set is not exported"):
            setter(Index(-5))
        with pytest.raises(OverflowError, match=re.escape("value=2147483648 is outside the C type's range -2147483648..2147483647")):
            setter(Index(2**31))
        with pytest.raises(TypeError, match="value must be int, not float"):
            setter(5.0)
    finally:
        conn.close()
