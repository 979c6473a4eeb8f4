"""Names from hostile C input (QA7 items 2, 3, 4, 11): parameters called ``self`` or after the
generated body's own locals and helpers, functions named like the runtime's methods, and string
macros with C escapes.  Each tree is the sample tree plus a few functions, as QA built them.
"""

from __future__ import annotations

import ast
import ctypes
import importlib.util
import inspect
import re
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import SAMPLE_TREE, require
from python_support import extended_sample, import_file, libvirt_so_present, load_reference

from generator.backends import python as backend
from generator.frontend import load_tree
from generator.model import EnumMember
from generator.naming import BODY_GLOBALS, LIBVIRT_PYTHON_SPELLINGS, package_names, parameter_names, python_names

CHECKPOINT_H = "include/libvirt/libvirt-domain-checkpoint.h"
CHECKPOINT_C = "src/libvirt-domain-checkpoint.c"
SHADOW = (
    "int virDomainCheckpointShadow(virDomainCheckpointPtr checkpoint, int c_self, int c_ret, int _pending, int _error, "
    "int _bad_int, int isinstance, int len, int ctypes, int AttributeError, const char *c_checkpoint, const char *o_x, "
    "int self_, unsigned int flags)"
)
DECLARATIONS = [
    SHADOW,
    "int virDomainCheckpointClose(virDomainCheckpointPtr checkpoint)",
    "int virDomainCheckpoint_adopt(virDomainCheckpointPtr checkpoint)",
    "int virDomainCheckpoint__exit__(virDomainCheckpointPtr checkpoint)",
    "int virDomainCheckpointFree_(virDomainCheckpointPtr checkpoint, int self)",
]
ESCAPES = '# define VIR_T_ESC "a\\tb\\"c\\\\d\\x41\\101\\n\\?"\n'
# virDomainCheckpointCreateXML's xmlDesc renamed to self, in the header and the source (QA's mself tree)
SELF_EDITS = {
    CHECKPOINT_H: ("const char *xmlDesc,", "const char *self,"),
    CHECKPOINT_C: ("                             const char *xmlDesc,", "                             const char *self,"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = extended_sample(tmp_path_factory.mktemp("names") / "tree", DECLARATIONS, ESCAPES, SELF_EDITS)
    text = (tree / CHECKPOINT_C).read_text(encoding="utf-8")
    (tree / CHECKPOINT_C).write_text(text.replace(" * @xmlDesc:", " * @self:", 1), encoding="utf-8")
    out = tmp_path_factory.mktemp("names-out")
    for name, content in backend.render(load_tree(tree).api).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def source(hostile: Path) -> str:
    return (hostile / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lv(hostile: Path) -> ModuleType:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    return import_file(hostile / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_hostile_names")


def test_a_parameter_named_self_compiles(source: str) -> None:
    compile(source, "libvirt_ctypes/__init__.py", "exec")  # SyntaxError: duplicate argument 'self' before the fix


def test_parameter_rule() -> None:
    assert parameter_names(["self", "class", "match", "c_self", "_x", "o_out", "len", "int", "type", "str", "xmlDesc"]) == (
        "self_", "class_", "match", "c_self_", "_x_", "o_out_", "len_", "int_", "type", "str", "xmlDesc",
    )  # fmt: skip
    assert parameter_names(["self", "self_"]) == ("self__", "self_")  # still distinct


def test_self_parameter_method(lv: ModuleType) -> None:
    parameters = list(inspect.signature(lv.virDomain.checkpointCreateXML).parameters)
    assert parameters == ["self", "self_", "flags"]


def _fake(cls: Any, pointer: int) -> Any:
    obj = cls._adopt(pointer)
    return obj


def test_shadowing_parameters_reach_c_unchanged(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the fix: c_self overwrote itself with the handle, and isinstance/len/ctypes as ints broke the body."""
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(lv, "_virDomainCheckpointShadow", lambda *args: calls.append(args) or 0)
    cp = _fake(lv.virDomainCheckpoint, 0x1000)
    try:
        names = list(inspect.signature(lv.virDomainCheckpoint.shadow).parameters)
        assert names == ["self", "c_self_", "c_ret_", "_pending_", "_error_", "_bad_int_", "isinstance_", "len_", "ctypes_",
                         "AttributeError_", "c_checkpoint_", "o_x_", "self_", "flags"]  # fmt: skip
        assert cp.shadow(1, 2, 3, 4, 5, 6, 7, 8, 9, "a", "b", 10) == 0
        assert calls == [(0x1000, 1, 2, 3, 4, 5, 6, 7, 8, 9, b"a", b"b", 10, 0)]
        with pytest.raises(OverflowError, match="len_"):
            cp.shadow(1, 2, 3, 4, 5, 6, 2**40, 8, 9, "a", "b", 10)
    finally:
        cp._h_virDomainCheckpoint = None  # not a real pointer: nothing to release


def test_runtime_methods_are_never_replaced(lv: ModuleType, hostile: Path) -> None:
    cls = lv.virDomainCheckpoint
    assert "virDomainCheckpointFree" in (cls.close.__doc__ or "")  # the lifetime close(), not virDomainCheckpointClose
    assert cls.free is cls.close
    assert cls._adopt.__doc__ == "Wrap a pointer this object now owns one reference of, obtained through ``parent``."
    assert "domainCheckpointClose" in vars(cls) and "domainCheckpoint_adopt" in vars(cls) and "domainCheckpoint__exit__" in vars(cls)
    assert cls.__exit__ is not cls.domainCheckpoint__exit__
    assert list(inspect.signature(cls.free_).parameters) == ["self", "self_"]  # virDomainCheckpointFree_: not the lifetime rule
    coverage = (hostile / "COVERAGE.md").read_text(encoding="utf-8")
    assert "- `virDomainCheckpointClose`: `virDomainCheckpoint.domainCheckpointClose` (not `close`)" in coverage
    assert "- `virDomainCheckpoint__exit__`: `virDomainCheckpoint.domainCheckpoint__exit__` (not `__exit__`)" in coverage


def test_connection_close_is_still_the_release(lv: ModuleType) -> None:
    assert "virConnectClose" in (lv.virConnect.close.__doc__ or "")
    assert "connectClose" not in vars(lv.virConnect)


def test_string_macro_escapes_are_decoded(lv: ModuleType) -> None:
    assert lv.VIR_T_ESC == 'a\tb"c\\dAA\n?'


def test_c_string_value() -> None:
    assert backend.c_string_value(r"plain") == "plain"
    assert backend.c_string_value(r"a\tb\"c\\d\x41") == 'a\tb"c\\dA'
    assert backend.c_string_value(r"\101\0x\'\r\a\u00e9\q") == "A\0x'\r\a\u00e9q"
    assert backend.c_string_value(r"\xc3\xa9") == "\u00e9"  # bytes, read as UTF-8


def test_method_bodies_look_up_only_helpers_classes_and_body_globals(source: str) -> None:
    """Rule 7 holds only if a body uses no global a parameter could shadow: helpers start with '_',
    the classes and constants are names the API declares (package_names: a parameter of such a name is
    renamed, QA session 25), the rest is BODY_GLOBALS."""
    tree = ast.parse(source)
    allowed = BODY_GLOBALS | package_names(load_tree(SAMPLE_TREE).api)
    generated = [
        (cls.name, f)
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef))
        for f in cls.body
        if isinstance(f, ast.FunctionDef) and "C function:" in (ast.get_docstring(f) or "")
    ] + [(None, f) for f in tree.body if isinstance(f, ast.FunctionDef) and "C function:" in (ast.get_docstring(f) or "")]
    assert len(generated) > 20
    for owner, function in generated:
        arguments = {a.arg for a in function.args.args}
        annotations = {id(n) for s in ast.walk(function) if isinstance(s, ast.AnnAssign) for n in ast.walk(s.annotation)}
        statements = ast.Module(body=function.body, type_ignores=[])
        stored = {n.id for n in ast.walk(statements) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(statements):
            own = not isinstance(node, ast.Name) or node.id in arguments | stored or id(node) in annotations
            if not own and isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                assert node.id.startswith("_") or node.id in allowed, (owner, function.name, node.id)


# --- QA9 item 2: names that differ from libvirt-python 9.0.0, all of them documented ---------------------

FULL_TREE = Path(__file__).resolve().parent.parent / ".cache" / "libvirt-9.0.0"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "python-bindings.md"
# C function: (libvirt-python's owner.name, ours); the complete list on 9.0.0 (docs/python-bindings.md lists each)
DIFFERENCES = {
    "virDomainRevertToSnapshot": ("virDomain.revertToSnapshot", "virDomainSnapshot.revertToSnapshot"),
    "virGetVersion": ("getVersion", "virGetVersion"),
    # libvirt-python's getInfo() gives the memory in MiB, the C struct (and ours) in KiB: an alias would mislead
    "virNodeGetInfo": ("virConnect.getInfo", "virConnect.nodeGetInfo"),
}


# libvirt-python's C wrappers named after no C function: its listDomainsID() calls libvirtmod.virConnectListDomainsID,
# its own wrapper of virConnectListDomains
LIBVIRTMOD_NAMES = {"virConnectListDomains": "virConnectListDomainsID"}


def _libvirt_python_names() -> dict[str, set[str]]:
    """C function → libvirt-python's ``Class.method`` (or module function) calling it, read from its source."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    origin = importlib.util.find_spec("libvirt").origin  # type: ignore[union-attr]
    assert origin is not None
    source = Path(origin).read_text(encoding="utf-8")
    lines = source.splitlines()  # ast.get_source_segment splits the whole file again for each call: 45 s here
    found: dict[str, set[str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            defs = [(node.name + ".", f) for f in node.body if isinstance(f, ast.FunctionDef)]
        elif isinstance(node, ast.FunctionDef):
            defs = [("", node)]
        else:
            continue
        for prefix, function in defs:
            for c_name in set(re.findall(r"libvirtmod\.(vir\w+)", "\n".join(lines[function.lineno - 1 : function.end_lineno]))):
                found.setdefault(c_name, set()).add(prefix + function.name)
    return found


# "Class.method": (our keyword names, libvirt-python's), where the two take as many arguments under other names
KEYWORD_DIFFERENCES = {
    "virConnect.restore": (["from_"], ["frm"]),
    "virConnect.restoreFlags": (["from_", "dxml", "flags"], ["frm", "dxml", "flags"]),
    "virDomain.FDAssociate": (["name", "fds", "flags"], ["name", "files", "flags"]),
    "virDomain.blockStats": (["disk"], ["path"]),
    "virDomain.blockStatsFlags": (["disk", "flags"], ["path", "flags"]),
    "virDomain.getBlockInfo": (["disk", "flags"], ["path", "flags"]),
    "virDomain.getBlockJobInfo": (["disk", "flags"], ["path", "flags"]),
    "virDomain.interfaceStats": (["device"], ["path"]),
    "virDomain.setIOThreadParams": (["iothread_id", "params", "flags"], ["iothread_val", "params", "flags"]),
    "virDomain.pinIOThread": (["iothread_id", "cpumap", "flags"], ["iothread_val", "cpumap", "flags"]),
    # module-level functions (QA session 21: openAuth, bound that session, was missing from the docs' list)
    ".virGetVersion": (["type"], ["name"]),
    ".openAuth": (["name", "auth", "flags"], ["uri", "auth", "flags"]),
}


def _libvirt_python_keywords() -> dict[str, list[str]]:
    """libvirt-python's ``Class.method`` -> its parameter names after ``self``, read from its source."""
    origin = importlib.util.find_spec("libvirt").origin  # type: ignore[union-attr]
    assert origin is not None
    body = ast.parse(Path(origin).read_text(encoding="utf-8")).body
    classes = (n for n in body if isinstance(n, ast.ClassDef))
    methods = {f"{c.name}.{f.name}": [a.arg for a in f.args.args[1:]] for c in classes for f in c.body if isinstance(f, ast.FunctionDef)}
    return methods | {f.name: [a.arg for a in f.args.args] for f in body if isinstance(f, ast.FunctionDef)}


def test_every_keyword_name_that_differs_from_libvirt_python_is_pinned_and_documented() -> None:
    """A libvirt-python program passing such an argument by keyword gets a TypeError here: each one is listed."""
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    theirs, keywords = _libvirt_python_names(), _libvirt_python_keywords()
    plan = backend.build_plan(load_tree(FULL_TREE).api)
    assert plan is not None
    differences = {}
    for view in (*(m for c in plan.classes for m in c.methods), *plan.functions):
        ours = [a.name for a in view.args]
        owner = view.owner or ""
        for their_name in theirs.get(view.c_name, set()):
            their_args = keywords.get(their_name, [])
            in_place = their_name.startswith(f"{owner}.") if owner else "." not in their_name
            if in_place and len(their_args) == len(ours) and their_args != ours:
                differences[f"{owner}.{view.name}"] = (ours, their_args)
    assert differences == KEYWORD_DIFFERENCES
    docs = " ".join(DOCS.read_text(encoding="utf-8").split())
    for method, (ours, their_args) in KEYWORD_DIFFERENCES.items():
        changed = [(mine, theirs_) for mine, theirs_ in zip(ours, their_args, strict=True) if mine != theirs_]
        assert all(f"{method.split('.')[1]}({mine}=" in docs and f"{theirs_}=" in docs for mine, theirs_ in changed), method


def test_every_name_that_differs_from_libvirt_python_is_pinned_and_documented() -> None:
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    theirs = _libvirt_python_names()
    plan = backend.build_plan(load_tree(FULL_TREE).api)
    assert plan is not None
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    differences = {}
    for view in views:
        ours = {(view.owner + "." if view.owner else "") + n for n in (view.name, *view.aliases)}
        if theirs.get(view.c_name) and not theirs[view.c_name] & ours:
            (their_name,) = theirs[view.c_name]
            differences[view.c_name] = (their_name, (view.owner + "." if view.owner else "") + view.name)
    assert differences == DIFFERENCES
    # the docs' table has one row per difference, and no other row
    rows = {}
    text = DOCS.read_text(encoding="utf-8")
    for line in text[text.index("The complete list of names that still differ") :].split("\n\n\n")[0].split("Other differences")[0].splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("vir") and cells[0] in (*DIFFERENCES, *theirs):
            rows[cells[0]] = (cells[1], cells[2])
    assert set(rows) == set(DIFFERENCES)
    for c_name, (their_name, our_name) in DIFFERENCES.items():
        documented_theirs, documented_ours = rows[c_name]
        assert documented_theirs.split("(")[0].split(".")[-1] == their_name.split(".")[-1], c_name
        assert documented_ours.split("(")[0].split(".")[-1] == our_name.split(".")[-1], c_name


def test_each_libvirt_python_spelling_is_libvirt_pythons_name_on_the_same_class() -> None:
    """Rule 10's table holds libvirt-python 9.0.0's own names, and each one is an alias of ours, not our name."""
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    theirs = _libvirt_python_names()
    names = {n.function: n for n in python_names(load_tree(FULL_TREE).api)}
    assert len(LIBVIRT_PYTHON_SPELLINGS) == 35
    for c_name, spelling in LIBVIRT_PYTHON_SPELLINGS.items():
        ours = names[c_name]
        assert theirs[LIBVIRTMOD_NAMES.get(c_name, c_name)] == {f"{ours.owner}.{spelling}"}, c_name
        assert ours.name != spelling and ours.aliases[-1] == spelling, c_name
    assert names["virNodeGetFreeMemory"].name == "nodeGetFreeMemory"
    assert names["virNodeGetFreeMemory"].aliases == ("getFreeMemory",)
    assert names["virNWFilterLookupByName"].aliases == ("nwfilterLookupByName",)


def test_libvirt_python_spellings_call_the_same_function(tmp_path: Path) -> None:
    """Code written for libvirt-python runs: its spellings give what libvirt-python gives on test:///default."""
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    for name, content in backend.render(load_tree(FULL_TREE).api).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    ours = import_file(tmp_path / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_spellings")
    theirs = load_reference()
    mine, ref = ours.open("test:///default"), theirs.open("test:///default")
    assert mine.getFreeMemory() == ref.getFreeMemory() == mine.nodeGetFreeMemory()
    assert mine.numOfDevices(None, 0) == ref.numOfDevices(None, 0) > 0
    assert sorted(d.name() for d in mine.listAllDevices()) == sorted(d.name() for d in ref.listAllDevices())
    pool, their_pool = mine.storagePoolLookupByName("default-pool"), ref.storagePoolLookupByName("default-pool")
    assert [v for v in pool.listAllVolumes()] == [] == [v for v in their_pool.listAllVolumes()]
    with pytest.raises(ours.libvirtError) as raised:
        mine.nwfilterLookupByName("no-such-filter")
    with pytest.raises(theirs.libvirtError) as expected:
        ref.nwfilterLookupByName("no-such-filter")
    assert raised.value.get_error_code() == expected.value.get_error_code()
    assert raised.value.get_error_message() == expected.value.get_error_message()
    assert tuple(mine.virConnGetLastError()) == tuple(ref.virConnGetLastError())
    mine.virConnResetLastError()
    ref.virConnResetLastError()
    assert tuple(mine.virConnGetLastError()) == tuple(ref.virConnGetLastError()) == (0, 0, None, 0, None, None, None, 0, 0)
    stream = mine.newStream(0)
    assert isinstance(stream, ours.virStream)
    stream.close()
    mine.close()
    ref.close()


def test_a_class_that_loses_a_clash_keeps_its_prefix_for_all_it_returns() -> None:
    """virNetworkCreateXMLFlags on virConnect must not look like the domain's createXML (QA9's trap)."""
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    names = {n.function: (n.owner, n.name) for n in python_names(load_tree(FULL_TREE).api)}
    assert names["virDomainCreateXML"] == ("virConnect", "createXML")
    assert names["virNetworkCreateXML"] == ("virConnect", "networkCreateXML")
    assert names["virNetworkCreateXMLFlags"] == ("virConnect", "networkCreateXMLFlags")
    assert ("virConnect", "createXMLFlags") not in names.values()
    assert names["virInterfaceLookupByMACString"] == ("virConnect", "interfaceLookupByMACString")
    assert names["virStoragePoolLookupByTargetPath"] == ("virConnect", "storagePoolLookupByTargetPath")
    assert names["virSecretLookupByUsage"] == ("virConnect", "secretLookupByUsage")
    assert names["virNodeDeviceLookupSCSIHostByWWN"] == ("virConnect", "nodeDeviceLookupSCSIHostByWWN")
    # the name of a class the C name starts with goes, as libvirt-python drops it
    assert names["virInterfaceChangeBegin"] == ("virConnect", "changeBegin")
    assert names["virDomainRestore"] == ("virConnect", "restore")
    assert names["virDomainSaveImageGetXMLDesc"] == ("virConnect", "saveImageGetXMLDesc")
    # what the tests of the sample pin stays
    assert names["virDomainLookupByName"] == ("virConnect", "lookupByName")
    assert names["virDomainCheckpointCreateXML"] == ("virDomain", "checkpointCreateXML")
    assert names["virDomainCheckpointGetParent"] == ("virDomainCheckpoint", "getParent")
    assert names["virConnectGetURI"] == ("virConnect", "getURI")


# --- QA: libvirt-python's methods that wrap no C function (c_pointer, connect, ...) ---------------------

# libvirt-python's members with no C function that ours does not have; docs/python-bindings.md names each ("not provided")
NOT_PROVIDED = {"virStorageVol.streamBufSize"}
KEEPERS = {"virNWFilter", "virNWFilterBinding", "virNetworkPort", "virNodeDevice", "virStream"}


def _libvirt_python_members_without_c() -> set[str]:
    """``Class.member`` of libvirt-python's classes whose body calls no C function (its ``_pointer`` helpers aside), and class attributes."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    origin = importlib.util.find_spec("libvirt").origin  # type: ignore[union-attr]
    assert origin is not None
    source = Path(origin).read_text(encoding="utf-8")
    lines = source.splitlines()  # not ast.get_source_segment: it splits the whole file again for each call
    found = set()
    for node in (n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)):
        for member in node.body:
            if isinstance(member, ast.FunctionDef) and not member.name.startswith("_"):
                called = re.findall(r"libvirtmod\.(vir\w+)", "\n".join(lines[member.lineno - 1 : member.end_lineno]))
                if all(c.endswith("_pointer") for c in called):
                    found.add(f"{node.name}.{member.name}")
            elif isinstance(member, ast.Assign):
                found.update(f"{node.name}.{t.id}" for t in member.targets if isinstance(t, ast.Name) and not t.id.startswith("_"))
    return found


def _class_members(source: str) -> dict[str, set[str]]:
    """Class → the names its body defines (methods, aliases, attributes), read from generated source."""
    members: dict[str, set[str]] = {}
    for node in (n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)):
        names = members.setdefault(node.name, set())
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                names.add(item.name)
            elif isinstance(item, ast.Assign):
                names.update(t.id for t in item.targets if isinstance(t, ast.Name))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                names.add(item.target.id)
    return members


def test_libvirt_python_methods_without_a_c_function_are_ours_too_or_pinned_and_documented() -> None:
    """QA: c_pointer() and the connect() of classes without virXxxGetConnect were missing, and no test compared them."""
    require((FULL_TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    theirs = _libvirt_python_members_without_c()
    assert {"virNodeDevice.connect", "virStream.connect", "virDomain.c_pointer", "virConnect.c_pointer", "libvirtError.get_error_code"} <= theirs
    api = load_tree(FULL_TREE).api
    ours = _class_members(backend.render(api)[f"{backend.PACKAGE}/__init__.py"])
    missing = {name for name in theirs if name.split(".")[1] not in ours.get(name.split(".")[0], set())}
    assert missing == NOT_PROVIDED
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    not_provided = text.split("- not provided: ", 1)[1].split(": ", 1)[0]  # "`virStream.recvAll()`, `sendAll()`, ... and `virStorageVol.streamBufSize`"
    for name in sorted(NOT_PROVIDED):
        assert f"{name.split('.')[1]}`" in not_provided.replace("()", "") and f"`{name.split('.')[0]}." in not_provided, name
    plan = backend.build_plan(api)
    assert plan is not None
    assert {c.name for c in plan.classes if c.keeps_connection} == KEEPERS
    for cls in KEEPERS:
        assert f"`{cls}`" in text
    # every call returning one of them knows the object it came from: virConnect's own (self) or, for a port, virNetwork's (self)
    sources = {}
    for view in (m for c in plan.classes for m in c.methods):
        for returned, source in ((view.handle, view.adopt_parent), *((o.ctype, o.parent) for o in view.outs)):
            if returned in KEEPERS and source:
                sources[view.c_name] = (view.owner, source)
    assert len(sources) == 19
    assert {s for s in sources.values() if s[0] != "virConnect"} == {("virNetwork", "self")}
    assert {s for s in sources.values() if s[0] == "virConnect"} == {("virConnect", "self")}


# A class of our own with no virThingGetConnect, made every way a call can make one.
THING_TYPES = "typedef struct _virThing virThing;\ntypedef virThing *virThingPtr;\n"
THINGS = [
    "int virThingFree(virThingPtr thing)",
    "virThingPtr virThingFind(virConnectPtr conn, const char *name)",
    "virThingPtr virThingNext(virThingPtr thing)",
    "virThingPtr virThingLookupByDomain(virDomainPtr domain)",
    "virThingPtr virThingMigrate(virDomainPtr domain, virConnectPtr dconn)",
    "virThingPtr virThingNew(const char *name)",
    "int virThingListAll(virConnectPtr conn, virThingPtr **things, unsigned int flags)",
]


@pytest.fixture(scope="module")
def things(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    tree = extended_sample(tmp_path_factory.mktemp("things") / "tree", THINGS, THING_TYPES)
    out = tmp_path_factory.mktemp("things-out")
    for name, content in backend.render(load_tree(tree).api).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    module = import_file(out / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_things")
    module._virThingFree = lambda _pointer: 0  # the things are not real: a leftover one releases nothing
    return module


def test_objects_keep_the_connection_they_were_obtained_through(things: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    lv = things
    conn = lv.open("test:///default")
    dom = conn.lookupByName("test")
    other = lv.open("test:///default")
    for c_name, address in (("Find", 0x10), ("Next", 0x20), ("LookupByDomain", 0x30), ("Migrate", 0x40), ("New", 0x50)):
        monkeypatch.setattr(lv, "_virThing" + c_name, lambda *_args, address=address: address)
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p

    def list_all(_conn: int, things_out: Any, _flags: int) -> int:
        array = libc.malloc(2 * ctypes.sizeof(ctypes.c_void_p))  # the binding frees it, as libvirt's
        pointers = ctypes.cast(array, ctypes.POINTER(ctypes.c_void_p))
        pointers[0], pointers[1] = 0x60, 0x70
        things_out._obj.value = array
        return 2

    monkeypatch.setattr(lv, "_virThingListAll", list_all)
    found = conn.find("x")
    made = [found, found.next(), dom.lookupByDomain(), dom.migrate(other), lv.new("x"), *conn.listAll()]
    try:
        assert [t.c_pointer() for t in made] == [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70]
        assert found.connect() is conn and made[1].connect() is conn  # a method of the connection; of an object that keeps it
        assert made[2].connect() is conn  # a method of a domain: the connection the domain came from
        assert made[3].connect() is other  # a connection argument: the object lives there, not on the domain's
        with pytest.raises(lv.libvirtError, match=r"^virThing\.connect\(\): the connection this object came from is not known$"):
            made[4].connect()
        assert made[5].connect() is conn and made[6].connect() is conn
        assert "connect" not in vars(lv.virDomain) or lv.virDomain.connect is lv.virDomain.getConnect  # the C one stays
    finally:
        for thing in made:
            thing._h_virThing = None  # not real pointers: nothing to release
    assert [t.c_pointer() for t in made] == [0] * 7  # closed: 0, as libvirt-python's c_pointer() of a closed handle
    assert made[0].connect() is conn  # still the object it came from


def test_enum_member_names_survive_a_libvirt_upgrade() -> None:
    """A member added later with a shorter prefix renamed the others: 9.x's VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE
    made 7.0.0's ConnectListAllNodeDeviceFlags.SYSTEM into CAP_SYSTEM (QA).  Every member of an older tree's
    package keeps its name and value in the newer ones'."""
    views = {}
    for version in ("7.0.0", "9.0.0", "11.3.0"):
        tree = FULL_TREE.parent / f"libvirt-{version}"
        require((tree / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {version} source tree (make fetch-libvirt)")
        plan = backend.build_plan(load_tree(tree).api)
        assert plan is not None
        views[version] = {(e.name, m.name): m.value for e in plan.enums for m in e.members}
    for older, newer in (("7.0.0", "9.0.0"), ("9.0.0", "11.3.0")):
        kept = {enum for enum, _ in views[older]} & {enum for enum, _ in views[newer]}
        lost = {key: value for key, value in views[older].items() if key[0] in kept and views[newer].get(key) != value}
        assert lost == {}, (older, newer)
    assert views["9.0.0"][("ConnectListAllNodeDeviceFlags", "SYSTEM")] == 1
    assert views["9.0.0"][("ConnectListAllNodeDeviceFlags", "ACTIVE")] == 1 << 31
    assert views["9.0.0"][("ConnectListAllNodeDeviceFlags", "CAP_SYSTEM")] == 1  # the name packages of 9.0.0 gave before
    assert views["9.0.0"][("ErrorNumber", "OK")] == views["9.0.0"][("ErrorNumber", "ERR_OK")] == 0
    assert views["7.0.0"][("ErrorNumber", "OK")] == views["7.0.0"][("ErrorNumber", "ERR_OK")] == 0  # QA: a 9.0.0 program's name
    assert views["9.0.0"][("CheckpointListFlags", "ROOTS")] == 1
    # an enum's only member drops the words spelling its enum's name, not all but its last word (OKAY, HOLE before)
    # and keeps that last word as an alias, so programs written against packages made before still run (review)
    lone = {key: value for key, value in views["9.0.0"].items() if key[0] in {"TypedParameterFlags", "StreamRecvFlagsValues", "DomainPMSuspendedDiskReason"}}
    assert lone == {
        ("TypedParameterFlags", "STRING_OKAY"): 4, ("TypedParameterFlags", "OKAY"): 4,
        ("StreamRecvFlagsValues", "STOP_AT_HOLE"): 1, ("StreamRecvFlagsValues", "HOLE"): 1,
        ("DomainPMSuspendedDiskReason", "UNKNOWN"): 0,
    }


def _member(name: str, value: int, since: str, enum: str = "virStreamRecvFlagsValues") -> EnumMember:
    return EnumMember(name, enum, "libvirt-stream", value, "", None, since, "", False)


def _names(members: list[EnumMember]) -> list[tuple[str, int]]:
    return [(v.name, v.value) for v in backend._short_members(members, members[0].enum)]


@pytest.mark.parametrize(
    "releases",
    [
        # a lone member, then one sharing more words, then one sharing fewer (review: STOP_AT_HOLE, then HOLE, were lost)
        [("VIR_STREAM_RECV_STOP_AT_HOLE", 1, "4.4.0"), ("VIR_STREAM_RECV_STOP_AT_DATA", 2, "12.0.0"), ("VIR_STREAM_RECV_FOO", 4, "13.0.0")],
        # 11.3.0's two CPU baseline flags, then one with a shorter prefix (review: MIGRATABLE was lost)
        [
            ("VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES", 1, "1.1.2"), ("VIR_CONNECT_BASELINE_CPU_MIGRATABLE", 2, "1.2.14"),
            ("VIR_CONNECT_BASELINE_IGNORE_HOST", 4, "12.0.0"),
        ],
        [("VIR_TYPED_PARAM_STRING_OKAY", 4, "0.9.8"), ("VIR_TYPED_PARAM_STRING_UTF8", 8, "12.0.0")],
        # 12.x: 11.3.0's lone REUSE_EXTERNAL (alias EXTERNAL) gets a second member
        [("VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL", 1, "6.0.0"), ("VIR_DOMAIN_BACKUP_BEGIN_PRESERVE_SHUTDOWN_DOMAIN", 2, "11.10.0")],
    ],
)
def test_every_name_of_an_earlier_release_stays(releases: list[tuple[str, int, str]]) -> None:
    """The names each release's package gives stay in every later release's, with their values, a lone member's
    last word (the alias of packages made before the enum-name rule) too: QA on 12.8.0's DomainBackupBeginFlags,
    which lost 11.3.0's EXTERNAL when it grew a second member; the first two members' names stay primary
    (listed first) once the enum has two (the words of its earliest releases, taken together until two)."""
    prefixes = {
        "VIR_STREAM": "virStreamRecvFlagsValues", "VIR_CONNECT": "virConnectBaselineCPUFlags", "VIR_TYPED": "virTypedParameterFlags",
        "VIR_DOMAIN_BACKUP": "virDomainBackupBeginFlags",
    }  # fmt: skip
    enum = next(name for prefix, name in prefixes.items() if releases[0][0].startswith(prefix))
    packages = [_names([_member(*member, enum=enum) for member in releases[:count]]) for count in range(1, len(releases) + 1)]
    legacy = (releases[0][0].rsplit("_", 1)[1], releases[0][1])
    assert legacy in packages[0]
    for older, newer in pairwise(packages):
        assert set(older) <= set(newer), (older, newer)
    assert packages[-1][:2] == packages[1][:2]


def test_names_of_a_later_package_answer_in_a_package_of_a_tree_without_since() -> None:
    """QA: 7.0.0's virterror.h has no Since:, so its ErrorNumber members are ERR_OK...; 9.0.0's package
    says OK, and a program written against it failed on the 7.0.0 package (AttributeError)."""
    codes = ["OK", "INTERNAL_ERROR", "NO_MEMORY", "NO_SUPPORT", "UNKNOWN_HOST", "NO_CONNECT", "INVALID_CONN", "INVALID_DOMAIN", "INVALID_ARG"]
    errors = [_error_member(f"VIR_ERR_{code}", n) for n, code in enumerate(codes)]
    words = [*errors, _error_member("VIR_WAR_NO_NETWORK", 41)]  # nine in ten share VIR_ERR_
    views = [(v.name, v.value) for v in backend._short_members(words, "virErrorNumber")]
    assert views[:10] == [*((f"ERR_{code}", n) for n, code in enumerate(codes)), ("WAR_NO_NETWORK", 41)]  # repr() as before
    assert set(enumerate(codes)) <= {(value, name) for name, value in views}
    # eight in ten are not enough: no alias (virDomainCreateFlags's START_ is no first release's prefix)
    fewer = backend._short_members([*errors[:8], words[-1], _error_member("VIR_WAR_X", 42)], "virErrorNumber")
    assert not {v.name for v in fewer} & set(codes)


def _error_member(name: str, value: int) -> EnumMember:
    return EnumMember(name, "virErrorNumber", "virterror", value, "", None, "", "", False)


def test_the_docs_count_and_list_every_libvirt_python_spelling() -> None:
    """QA: README and docs/python-bindings.md said 29 aliases where the table holds 34,
    and the docs' table lacked virNodeGetCPUMap, virNodeGetCPUStats, virNodeGetMemoryStats."""
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    guide = (repo / "docs" / "python-bindings.md").read_text(encoding="utf-8")
    count = len(LIBVIRT_PYTHON_SPELLINGS)
    assert re.findall(r"irregular spellings of (\d+) methods", readme) == [str(count)]
    assert re.findall(r"On libvirt 9\.0\.0 that is (\d+)\s+methods", guide) == [str(count)]
    table = guide.split("| C function | ours | also answers to (libvirt-python's) |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`(vir\w+)`", table)) - {"virNode"}  # "(`virNode` is no handle class ...)"
    # one row names the seven virNWFilter*/virNWFilterBinding* functions as a group
    listed = {c for c in LIBVIRT_PYTHON_SPELLINGS if c in named or c.startswith("virNWFilter")}
    assert listed == set(LIBVIRT_PYTHON_SPELLINGS)
    assert sum(c.startswith("virNWFilter") for c in LIBVIRT_PYTHON_SPELLINGS) == 7
    assert named <= set(LIBVIRT_PYTHON_SPELLINGS)
