"""Every enum a ``flags`` parameter's doc names (``Function.flags_enums``).

Eight functions of libvirt 9.0.0 take "bitwise-OR of
virDomainModificationImpact and virTypedParameterFlags": the model kept the
first enum only, so ``flag-undocumented`` never looked at the second and
the bindings typed ``flags`` as ``DomainModificationImpact | int``.  A doc
naming no enum but listing members ("Current valid bits:
VIR_INTERFACE_XML_INACTIVE - ...") names the members' enums.
"""

from __future__ import annotations

import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import make_tree

from generator.backends import apixml
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api, Function

ENUMS = (
    "/**\n * virConnectFooFlags:\n *\n * Foo flags.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
    "    VIR_CONNECT_FOO_A = 1 << 0, /* a (Since: 1.0.0) */\n} virConnectFooFlags;\n\n"
    "/**\n * virConnectBarFlags:\n *\n * Bar flags.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
    "    VIR_CONNECT_BAR_B = 1 << 1, /* b (Since: 1.0.0) */\n} virConnectBarFlags;\n\n"
    "/**\n * virConnectFooState:\n *\n * States.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
    "    VIR_CONNECT_FOO_STATE_A = 0, /* a (Since: 1.0.0) */\n    VIR_CONNECT_FOO_STATE_B = 1, /* b (Since: 1.0.0) */\n"
    "    VIR_CONNECT_FOO_STATE_C = 2, /* c (Since: 1.0.0) */\n    VIR_CONNECT_FOO_STATE_D = 3, /* d (Since: 1.0.0) */\n"
    "} virConnectFooState;\n"
)


def _source(flags_doc: str) -> str:
    return (
        f"/**\n * virConnectFoo:\n * @conn: c\n * @flags: {flags_doc}\n *\n * Does foo.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"
        "int\nvirConnectFoo(virConnectPtr conn, unsigned int flags)\n{\n    return 0;\n}\n"
    )


def _foo(tmp_path: Path, flags_doc: str) -> tuple[Function, Function]:
    """virConnectFoo from the sources, and from our XML of them read back."""
    api = load_tree(make_tree(tmp_path / "tree", ENUMS, source=_source(flags_doc))).api
    out = tmp_path / "xml"
    out.mkdir()
    for name, text in apixml.render(api).items():
        (out / name).write_text(text, encoding="utf-8")
    again = load_api_xml(sorted(str(p) for p in out.glob("*.xml"))).api
    found = [api.modules[0].function("virConnectFoo"), again.modules[0].function("virConnectFoo")]
    assert found[0] is not None and found[1] is not None
    return found[0], found[1]


@pytest.mark.parametrize(
    ("flags_doc", "expected"),
    [
        ("bitwise-OR of virConnectBarFlags and virConnectFooFlags", ("virConnectBarFlags", "virConnectFooFlags")),
        ("bitwise-OR of virConnectFooFlags, or of virConnectFooFlags and virConnectBarFlags", ("virConnectFooFlags", "virConnectBarFlags")),
        ("valid bits: VIR_CONNECT_BAR_B - b", ("virConnectBarFlags",)),
        ("valid bits: VIR_CONNECT_FOO_A or VIR_CONNECT_BAR_B", ("virConnectFooFlags", "virConnectBarFlags")),
        # an enum named wins over members named: the members are then examples of its bits or remarks
        ("bitwise-OR of virConnectFooFlags (not VIR_CONNECT_BAR_B)", ("virConnectFooFlags",)),
        ("extra flags; not used yet, so callers should always pass 0", ()),
        # a member of an enum that is no bitmask (3 is two bits) named in passing types no flags (review)
        ("extra flags; not used yet, so pass 0 (the state stays VIR_CONNECT_FOO_STATE_B)", ()),
    ],
)
def test_every_enum_the_doc_names_in_order(tmp_path: Path, flags_doc: str, expected: tuple[str, ...]) -> None:
    from_sources, from_xml = _foo(tmp_path, flags_doc)
    assert (from_sources.flags_enums, from_xml.flags_enums) == (expected, expected)


# --- the real 9.0.0 tree -------------------------------------------------------

TWO_ENUMS = {
    "virDomainGetBlkioParameters", "virDomainGetBlockIoTune", "virDomainGetInterfaceParameters", "virDomainGetMemoryParameters",
    "virDomainGetNumaParameters", "virDomainGetPerfEvents", "virDomainGetSchedulerParametersFlags", "virDomainSetIOThreadParams",
}


@pytest.fixture(scope="module")
def api_9() -> Api:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE}; make fetch-libvirt)")
    return load_tree(LIBVIRT_TREE).api


def test_9_0_0_functions_naming_two_enums(api_9: Api) -> None:
    several = {f.name: f.flags_enums for m in api_9.modules for f in m.functions if len(f.flags_enums) > 1}
    assert several == dict.fromkeys(TWO_ENUMS, ("virDomainModificationImpact", "virTypedParameterFlags"))


def test_9_0_0_interface_xml_flags_from_the_members_listed(api_9: Api) -> None:
    function = next(f for m in api_9.modules for f in m.functions if f.name == "virInterfaceGetXMLDesc")
    assert function.flags_enums == ("virInterfaceXMLFlags",)


def test_9_0_0_bindings_type_flags_with_both_classes(ours: ModuleType, theirs: ModuleType) -> None:
    hint = typing.get_type_hints(ours.virDomain.numaParameters)["flags"]
    assert typing.get_args(hint) == (ours.DomainModificationImpact, ours.TypedParameterFlags, typing.SupportsIndex)
    mine: Any = ours.open("test:///default")
    ref: Any = theirs.open("test:///default")
    try:
        flags = ours.DomainModificationImpact.CONFIG | ours.TypedParameterFlags(ours.VIR_TYPED_PARAM_STRING_OKAY)
        got = mine.lookupByName("test").numaParameters(flags)
        assert got == ref.lookupByName("test").numaParameters(theirs.VIR_DOMAIN_AFFECT_CONFIG | theirs.VIR_TYPED_PARAM_STRING_OKAY)
        assert set(got) == {"numa_mode", "numa_nodeset"}
    finally:
        mine.close()
        ref.close()
