"""The mapping rules QA found wanting, each checked on values: nullable strings and defaults on the
whole 9.0.0 tree, handles that cannot be pickled or copied into two owners, sized input buffers,
failures libvirt reports no error for, and the return shapes and docstrings the rules produce.
"""

from __future__ import annotations

import copy
import gc
import inspect
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, SAMPLE_TREE, require
from python_support import DOMAIN, GENERATED, URI, clean_domain, libvirt_so_present, load_generated, load_reference

from generator.backends import python as backend
from generator.frontend import load_tree
from generator.model import Function, Ownership, Param
from generator.nulldocs import nullable_in_description

FULL_TREE = REPO / ".cache" / "libvirt-9.0.0"
SCRIPTS = REPO / "tests" / "python_scripts"


@pytest.fixture(scope="module")
def lv() -> ModuleType:
    return load_generated()


@pytest.fixture(scope="module")
def full_plan() -> backend.Plan:
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    plan = backend.build_plan(load_tree(FULL_TREE).api)
    assert plan is not None
    return plan


def method(plan: backend.Plan, c_name: str) -> backend.FunctionView:
    return next(v for v in [*plan.functions, *(m for c in plan.classes for m in c.methods)] if v.c_name == c_name)


def signature(view: backend.FunctionView) -> list[tuple[str, str, str | None]]:
    return [(a.name, a.annotation, a.default) for a in view.args]


def function(description: str, *params: tuple[str, str, str]) -> Function:
    return Function(
        "virThing", "libvirt-thing", "libvirt-thing", "int", "", Ownership.NONE,
        tuple(Param(name, c_type, doc) for name, c_type, doc in params), description, "", "", None, False,
    )


# --- 1. nullable strings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Each of @emulator, @arch, @machine, and @virttype can be left NULL to get a default.", {"emulator", "arch", "machine", "virttype"}),
        ("When VIR_DOMAIN_METADATA_ELEMENT is asked for, @uri names its namespace, and for any other type it has to be NULL.", {"uri"}),
        ("Both types ignore @key and @uri, which should then be NULL.", {"key", "uri"}),
        ("Giving NULL for @metadata deletes the element from the domain's XML.", {"metadata"}),
        ("Works on all mounted filesystems (@mountPoint is NULL) or on the one at @mountPoint only.", {"mountPoint"}),
        ("The @checkpointXML parameter is optional; if specified, a checkpoint is created.", {"checkpointXML"}),
        ("If the optional parameter @mac is specified, only its leases are listed.", {"mac"}),
        # NULL that is not a value of the string next to it
        ("Passing @nkeys = 0, @keys = NULL empties the key file of @user.", {"keys"}),
        ("Stores @values, a NULL-terminated string array, in @params under the name @name.", set()),
        ("@libVer always gets the version; when @typeVer is not NULL, it gets a copy of @libVer.", set()),
        ("@name must not be NULL.", set()),
    ],
)
def test_nullable_strings_are_read_from_the_description(description: str, expected: set[str]) -> None:
    assert nullable_in_description(description) == expected


@pytest.mark.parametrize(
    ("doc", "nullable"),
    [
        ("(optional) URI of the hypervisor", True),
        ("Optional MAC address, as text, of one interface", True),
        ("ignored; pass NULL", True),
        ("path to backing file, or NULL for default", True),
        ("the name of the domain", False),
        ("a non-NULL name", False),
        ("mandatory URI for the destination host", False),
    ],
)
def test_nullable_strings_are_read_from_the_parameter_doc(doc: str, nullable: bool) -> None:
    assert backend._is_nullable(Param("x", "const char *", doc), function("Does a thing.")) is nullable


def test_whole_tree_nullable_strings_and_defaults(full_plan: backend.Plan) -> None:
    assert signature(method(full_plan, "virConnectOpen")) == [("name", "str | None", "None")]
    assert signature(method(full_plan, "virConnectOpenReadOnly")) == [("name", "str | None", "None")]
    assert signature(method(full_plan, "virDomainGetMetadata")) == [
        ("type", "DomainMetadataType | SupportsIndex", None), ("uri", "str | None", "None"), ("flags", "DomainModificationImpact | SupportsIndex", "0"),
    ]
    set_metadata = signature(method(full_plan, "virDomainSetMetadata"))
    assert [a[1] for a in set_metadata] == [
        "DomainMetadataType | SupportsIndex", "str | None", "str | None", "str | None", "DomainModificationImpact | SupportsIndex",
    ]
    # 2. trailing flags (unsigned long too), nullable strings and "(optional)" integers default, as in libvirt-python
    assert signature(method(full_plan, "virDomainMigrate")) == [
        ("dconn", "virConnect", None),
        ("flags", "DomainMigrateFlags | SupportsIndex", "0"),
        ("dname", "str | None", "None"),
        ("uri", "str | None", "None"),
        ("bandwidth", "SupportsIndex", "0"),
    ]
    assert [(a[0], a[2]) for a in signature(method(full_plan, "virDomainBlockPull"))] == [("disk", None), ("bandwidth", "0"), ("flags", "0")]
    assert [(a[0], a[2]) for a in signature(method(full_plan, "virDomainBlockJobSetSpeed"))] == [("disk", None), ("bandwidth", None), ("flags", "0")]
    # a nullable string before a required one stays required: Python has no defaults there
    compare = signature(method(full_plan, "virConnectCompareHypervisorCPU"))
    assert compare[0] == ("emulator", "str | None", None) and compare[4] == ("xmlCPU", "str", None)
    # strings whose docs allow no NULL stay str
    assert signature(method(full_plan, "virDomainLookupByName")) == [("name", "str", None)]
    nullable = {(v.c_name, a.name) for v in [*full_plan.functions, *(m for c in full_plan.classes for m in c.methods)] for a in v.args if a.kind == "optstr"}
    # of 146 bound string parameters (docs/python-bindings.md lists the rule; 34 of 129 before the array and struct shapes; 40 before openAuth;
    # 41 before the code's signs: getDomainCapabilities' four, getMaxVcpus' type)
    assert len(nullable) == 46
    # QA9: a parameter the description calls optional, named in quotes ('cap') or as a bare word (srcSpec)
    assert signature(method(full_plan, "virNodeNumOfDevices")) == [("cap", "str | None", "None"), ("flags", "SupportsIndex", "0")]
    assert signature(method(full_plan, "virConnectFindStoragePoolSources"))[1] == ("srcSpec", "str | None", "None")


@pytest.mark.parametrize(
    ("description", "params", "expected"),
    [
        ("Counts the devices. When the optional 'cap' argument is non-NULL, only devices with that capability count.", ("conn", "cap", "flags"), {"cap"}),
        ("A srcSpec (optional for pool types that only scan local storage) says where to search.", ("conn", "type", "srcSpec", "flags"), {"srcSpec"}),
        ("For pool types that only scan the local host, srcSpec is not required.", ("conn", "type", "srcSpec", "flags"), {"srcSpec"}),
        ("The @uri argument is optional.", (), {"uri"}),
        # a bare word is a parameter only when the function has one of that name
        ("The optional name is looked up (optional for some types).", ("conn", "type"), set()),
        ("Passes an optional flag to the driver.", ("conn", "type"), set()),
    ],
)
def test_optional_parameters_named_in_the_description(description: str, params: tuple[str, ...], expected: set[str]) -> None:
    assert nullable_in_description(description, params) == expected


def run_full_tree_script(tmp_path: Path) -> dict[str, Any]:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    load_reference()
    out = tmp_path / "full"
    for relative, text in backend.render(load_tree(FULL_TREE).api).items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), *sys.path]), "LIBVIRT_DEFAULT_URI": URI, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, str(SCRIPTS / "full_tree_calls.py")], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def full_tree_seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_full_tree_script(tmp_path_factory.mktemp("full-tree"))


def test_whole_tree_calls_with_none_and_defaults(full_tree_seen: dict[str, Any]) -> None:
    seen = full_tree_seen
    assert seen["open()"] == seen["open(None)"] == seen["openReadOnly()"] == URI
    assert seen["setMetadata"] == ["ok", 0]
    assert seen["metadata(None)"] == ["ok", "hello"]
    assert seen["setMetadata(None)"] == ["ok", 0]
    assert seen["metadata after delete"] == ["libvirtError", 80]  # VIR_ERR_NO_DOMAIN_METADATA
    # 4. a sized buffer takes bytes and passes its own length: no nbytes to over-read with
    assert seen["send parameters"] == ["self", "data"]
    assert seen["send(str, n)"] == ["TypeError"]
    assert seen["send(bytes)"][0] == "libvirtError"  # the stream is not attached to anything
    # the ones left: no doc of 9.0.0 says these may be NULL (libvirt-python's defaults come from its own overrides)
    # QA9 item 1: optional strings take None, as libvirt-python's do
    assert seen["nodeNumOfDevices(None)"][0] == ["ok", seen["nodeNumOfDevices(None)"][1]]
    assert seen["findStoragePoolSources(None)"][0] == ["ok", seen["findStoragePoolSources(None)"][1]]
    # QA9 item 3: no parent is None (libvirt-python's answer); a closed handle raises VIR_ERR_INVALID_NODE_DEVICE
    assert seen["parent()"] == [["ok", None], None]
    assert seen["child parent()"][0] == "ok" and isinstance(seen["child parent()"][1], str)
    assert seen["closed parent()"] == ["libvirtError", 52]
    # QA9 item 5: *LookupByUUID take the 16 raw bytes
    assert seen["lookupByUUID"] == [["ok", DOMAIN], DOMAIN]
    assert seen["lookupByUUID(15 bytes)"] == ["ValueError"]
    assert seen["lookupByUUID(str)"] == ["TypeError"]
    assert seen["networkLookupByUUID"] == ["ok", "default"]
    # getDomainCapabilities' four strings were here until the code's sign (nullable_strings) let them default
    assert seen["required"] == ["virDomain.guestInfo(types)", "virDomain.setTime(nseconds)", "virDomain.setTime(seconds)"]


def test_whole_tree_connect_and_c_pointer(full_tree_seen: dict[str, Any]) -> None:
    """QA: libvirt-python's connect() of virNodeDevice/virStream (no C function gives it) and c_pointer() were missing."""
    seen = full_tree_seen
    # a node device or stream keeps the very virConnect it came from, through lookups, lists, copies and close()
    assert seen["device connect() is conn"] == {"lookup": True, "list": True, "copy": True, "closed": True, "libvirt-python": True}
    assert seen["stream connect() is conn"] == [True, True]
    # a network port's connection: net.getConnect(), taken before the C call (the test driver has no ports: C is faked)
    assert seen["port connect()"] == ["virConnect", URI]
    # c_pointer() is the C object, usable from other C code; 0 once closed, as libvirt-python's
    assert seen["c_pointer"] == {"virDomainGetName": DOMAIN, "copy": True, "closed": [0, 0]}


# --- 3. pickle and copy ------------------------------------------------------------


def test_handles_cannot_be_pickled(lv: ModuleType) -> None:
    conn, dom = clean_domain(lv)
    for handle in (conn, dom):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            with pytest.raises(TypeError, match="cannot pickle"):
                pickle.dumps(handle, protocol)
    conn.close()


@pytest.mark.parametrize("copier", [copy.copy, copy.deepcopy])
def test_a_copy_owns_its_own_reference(lv: ModuleType, copier: Any) -> None:
    conn, dom = clean_domain(lv)
    twin = copier(dom)
    assert twin is not dom and twin.name() == DOMAIN
    twin.close()  # drops the copy's reference only
    del twin
    gc.collect()
    conn.lookupByName(DOMAIN)  # releases anything queued
    assert dom.name() == DOMAIN
    cp = dom.checkpointCreateXML("<domaincheckpoint><name>copied</name></domaincheckpoint>")
    cp_twin = copier(cp)
    cp.close()
    assert cp_twin.getName() == "copied"
    cp_twin.delete()
    cp_twin.close()
    assert dom.close() == 0
    # the connection: a copy is a second owner, so closing the original leaves one reference
    conn_twin = copier(conn)
    assert conn.close() == 1
    assert conn_twin.getURI() == URI
    assert conn_twin.close() == 0


def test_copying_a_closed_handle_raises_libvirt_error(lv: ModuleType) -> None:
    conn, dom = clean_domain(lv)
    dom.close()
    with pytest.raises(lv.libvirtError) as raised:
        copy.copy(dom)
    assert raised.value.get_error_code() == 7  # VIR_ERR_INVALID_DOMAIN
    conn.close()


# --- 4. sized input buffers -------------------------------------------------------


def test_sized_input_buffers_take_bytes_and_pass_their_length(full_plan: backend.Plan) -> None:
    send = method(full_plan, "virStreamSend")
    assert signature(send) == [("data", "bytes | str", None)]  # a str as its UTF-8 bytes, as libvirt-python's z#
    assert send.call == ("c_self", "c_data", "len(c_data)")
    set_value = method(full_plan, "virSecretSetValue")
    assert signature(set_value) == [("value", "bytes | str", None), ("flags", "SupportsIndex", "0")]
    assert set_value.call == ("c_self", "c_value", "len(c_value)", "flags")
    # the rule, on its own: a size_t after a buffer, or an integer documented as its size
    sized = function("Writes.", ("data", "const char *", "bytes"), ("count", "int", "the number of bytes in @data"))
    assert backend._buffer_lengths(list(sized.params)) == {"count": "data"}
    not_sized = function("Sets.", ("cpumap", "const char *", "text"), ("state", "int", "0 to disable cpus described by @cpumap"))
    assert backend._buffer_lengths(list(not_sized.params)) == {}


def test_no_bound_method_takes_a_buffer_length(full_plan: backend.Plan) -> None:
    """Generalised: no Python integer argument is documented as the size of a pointer argument of the same method."""
    functions = {f.name: f for f in load_tree(FULL_TREE).api.modules[0].functions}
    views = [*full_plan.functions, *(m for c in full_plan.classes for m in c.methods)]
    pairs = []
    for view in views:
        docs = {p.name: p.doc for p in functions[view.c_name].params}
        pointers = [p.name for p in functions[view.c_name].params if p.type.strip().endswith("*")]
        for arg in view.args:
            if view.read is not None and arg.name == view.read.size:  # sizes the buffer the bindings allocate: it cannot exceed it
                continue
            if arg.kind == "int" and any(re.search(backend._LENGTH_DOC.format(name=n), docs[arg.name], re.IGNORECASE) for n in pointers):
                pairs.append((view.c_name, arg.name))
    assert pairs == []
    # tests/test_python_streams.py; the peeks: tests/test_python_cpumaps.py
    assert sorted(v.c_name for v in views if v.read is not None) == ["virDomainBlockPeek", "virDomainMemoryPeek", "virStreamRecv", "virStreamRecvFlags"]
    assert sum(1 for v in views for a in v.args if a.kind == "bytes") == 2  # virStreamSend, virSecretSetValue


# --- 5. close() while another thread is in a call ---------------------------------------


def test_close_says_it_is_not_safe_during_another_threads_call(lv: ModuleType) -> None:
    for cls in (lv.virConnect, lv.virDomain, lv.virDomainCheckpoint):
        assert "another thread is inside a call on this same object" in " ".join((cls.close.__doc__ or "").split())


# --- 6. failures libvirt reports no error for --------------------------------------------


def test_id_of_an_inactive_domain_is_minus_one(lv: ModuleType) -> None:
    theirs = load_reference()
    keep = theirs.open(URI)  # the test driver's state lives while a connection is open
    conn, dom = clean_domain(lv)
    assert dom.ID() == 1
    keep.lookupByName(DOMAIN).destroy()
    try:
        inactive = conn.lookupByName(DOMAIN)  # a domain object caches its ID: look it up again
        assert inactive.ID() == -1 == keep.lookupByName(DOMAIN).ID()
    finally:
        keep.lookupByName(DOMAIN).create()
    dom.close()
    with pytest.raises(lv.libvirtError) as raised:  # an error libvirt does report still raises
        dom.ID()
    assert raised.value.get_error_code() == 7
    conn.close()
    keep.close()


# --- 7 and 8. return shapes, types and docstrings -----------------------------------------


def test_get_version_returns_the_number_like_libvirt_python(lv: ModuleType) -> None:
    theirs = load_reference()
    assert lv.virGetVersion() == theirs.getVersion()
    assert inspect.signature(lv.virGetVersion).return_annotation == "int"


def test_last_error_message_is_typed_str(lv: ModuleType) -> None:
    lv.virResetLastError()
    assert inspect.signature(lv.virGetLastErrorMessage).return_annotation == "str"
    assert isinstance(lv.virGetLastErrorMessage(), str)


@pytest.mark.parametrize(
    ("doc", "answer"),
    [
        ("name of the parent device, or NULL if the lookup failed or when the device is a root one.", True),
        ("the checkpoint's name or NULL, a string that lives as long as the checkpoint", False),
        ("NULL in case of error, or the capabilities as an XML document.", False),
        ("the host name of the remote side, which the caller frees, or NULL if an error is raised.", False),
        ("the XML document, or NULL on error", False),
    ],
)
def test_null_as_an_answer_is_read_from_the_return_doc(doc: str, answer: bool) -> None:
    assert backend._null_is_an_answer(doc) is answer


def test_string_returns_whose_null_is_an_answer(full_plan: backend.Plan) -> None:
    views = [*full_plan.functions, *(m for c in full_plan.classes for m in c.methods)]
    answers = {v.c_name: (v.annotation, v.error_value, v.closed_check) for v in views if v.closed_check or v.result in ("optstr", "optownedstr")}
    assert answers == {"virNodeDeviceGetParent": ("str | None", "", "c_self is None")}  # the capabilities' "NULL in case of error, or ..." are not


def test_docstrings_drop_the_c_only_return_wording(lv: ModuleType) -> None:
    def returns(method: Any) -> str:
        return (method.__doc__ or "").split(":returns:")[1].split("C function:")[0]

    assert "-1" not in returns(lv.virDomainCheckpoint.delete)
    assert "NULL" not in returns(lv.virDomain.listAllCheckpoints)
    assert "caller-provided" not in returns(lv.virDomain.getUUIDString)
    assert "the str the C function writes into @buf" in returns(lv.virDomain.getUUIDString)


def test_sample_tree_rules_agree_with_the_committed_package() -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api)
    assert plan is not None
    assert signature(method(plan, "virGetVersion")) == [("type", "str | None", "None")]
    assert method(plan, "virGetVersion").call == ("ctypes.byref(o_libVer)", "c_type", "None")
    assert (GENERATED / "libvirt_ctypes" / "__init__.py").is_file()


# --- our own words ------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _eight_word_runs(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def test_rule_inputs_are_our_own_words() -> None:
    """QA: the rule inputs above and the test trees' doc comments were libvirt's doc sentences word for word.

    Rule inputs keep the short phrases a rule looks for ("NULL for @x", "is not required"), written into
    sentences of our own, so no run of eight words may match libvirt's public .c files (line by line, the
    way a copied sentence shows up).
    """
    require((FULL_TREE / "src" / "libvirt.c").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    sources = [*(FULL_TREE / "src").glob("*.c"), FULL_TREE / "src" / "util" / "virtypedparam-public.c"]
    theirs = set().union(*(_eight_word_runs(s.read_text(encoding="utf-8", errors="replace")) for s in sources))
    cases = REPO / "tests" / "cases"
    ours = [Path(__file__), REPO / "tests" / "test_cli_module_option.py"]
    ours += [p for p in cases.rglob("*") if p.suffix in (".h", ".c", ".xml") and "expected" not in p.relative_to(cases).parts]
    copied = [
        f"{path.relative_to(REPO)}:{number}"
        for path in ours
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _eight_word_runs(line) & theirs
    ]
    assert copied == []


@pytest.mark.parametrize(("raw", "value"), [("(16)", 16), ("(2 * 8 + 1)", 17), ("(-3)", -3), ("(9**9**9**9)", None), ("(2 ** 3)", None)])
def test_a_macro_constant_is_digits_and_plus_minus_times_only(raw: str, value: int | None) -> None:
    """Review, session 26: ``**`` (no C) went to Python's eval, and ``9**9**9**9`` hung ``generate --only python``."""
    from generator.model import Macro

    macro = Macro("VIR_T", "libvirt-t", None, (), None, raw, "", "")
    assert backend._macro_int(macro) == value
