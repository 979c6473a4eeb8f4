"""A docstring names the Python callable where the C docs name a C function the bindings bind.

libvirt's docs say "The caller should invoke virStreamFinish(st) ...", "see
virDomainCheckpointGetParent"; a Python program calls ``virStream.finish()``,
``virDomainCheckpoint.getParent()``.  The backend knows each bound function's
class and method (or module-level name): a method is named with its class, a
renamed module-level function with the package (``libvirt_ctypes.open()``), a
handle class's release function is its ``close()``.  What has no callable
keeps its C name (a skipped function, ``virXxxRef``), and so do C examples,
the bindings' own notes and a C call with arguments besides the object.
"""

from __future__ import annotations

import ast
import re

import pytest
from conftest import SAMPLE_TREE
from python_support import GENERATED, whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_callables
from generator.frontend import load_tree

CALLABLES = {
    "virStreamFinish": "virStream.finish()",
    "virStreamAbort": "virStream.abort()",
    "virStreamFree": "virStream.close()",
    "virDomainCreate": "virDomain.create()",
    "virDomainMigrate": "virDomain.migrate()",
    "virDomainGetDiskErrors": "virDomain.getDiskErrors()",
    "virConnectOpen": "libvirt_ctypes.open()",
    "virNodeGetCPUMap": "virConnect.nodeGetCPUMap()",
    "virDomainGetXMLDesc": "virDomain.getXMLDesc()",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the C argument list giving the object only is the call's "()"; a bare name gets one
        ("The caller should invoke virStreamFinish(st) to flush.", "The caller should invoke virStream.finish() to flush."),
        ("see virStreamFinish, then virStreamAbort().", "see virStream.finish(), then virStream.abort()."),
        ("release it with virStreamFree", "release it with virStream.close()"),
        ("the virConnectOpen/virConnectOpenReadOnly call", "the libvirt_ctypes.open()/virConnectOpenReadOnly call"),
        # a C call with other arguments, or a module-level function's argument, is C's
        ("calling virDomainGetDiskErrors(dom, NULL, 0, 0) to size", "calling virDomainGetDiskErrors(dom, NULL, 0, 0) to size"),
        ("virConnectOpen(name) opens", "virConnectOpen(name) opens"),
        # a family of names, a longer name, a URL, a name no binding has
        ("one of the virDomainCreate APIs", "one of the virDomainCreate APIs"),
        ("using virDomainMigrate* APIs", "using virDomainMigrate* APIs"),
        ("invoked by any of the virConnectOpen() API\ncalls, and", "invoked by any of the virConnectOpen() API\ncalls, and"),
        ("any of the virConnectOpen API calls", "any of the virConnectOpen API calls"),
        ("invoke virConnectOpen as its first API call", "invoke libvirt_ctypes.open() as its first API call"),
        ("virDomainCreateXML and virDomainCreateWithFlags", "virDomainCreateXML and virDomainCreateWithFlags"),
        ("https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainGetXMLDesc", "https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainGetXMLDesc"),
        ("virEventRegisterImpl() first", "virEventRegisterImpl() first"),
        # C's constants and types are the Python names too
        ("VIR_DOMAIN_XML_SECURE of virDomainPtr", "VIR_DOMAIN_XML_SECURE of virDomainPtr"),
    ],
)  # fmt: skip
def test_a_c_function_is_named_as_its_python_callable(text: str, expected: str) -> None:
    assert python_callables.python_callables_doc(text, CALLABLES) == expected


def test_c_examples_the_bindings_notes_and_the_tail_stay() -> None:
    doc = (
        "Use virStreamFinish(st) at the end, for example:\n\n"
        "    virStreamFinish(st);\n    virStreamFree(st);\n\n"
        "and the same, with a comment:\n\n"
        "  virStreamFinish(st); // flushes\n  virStreamFree(st)\n\n"
        "In Python: the bindings pass the one C function virStreamFinish was given.\n\n"
        ":returns: a tuple of one bool per host CPU (as many as virNodeGetCPUMap counts), True where the CPU is set;"
        " see virNodeGetCPUMap\n\n"
        "C function: virStreamFinish\nSince: 0.7.2"
    )
    assert python_callables.python_callables_doc(doc, CALLABLES) == doc.replace("Use virStreamFinish(st)", "Use virStream.finish()").replace(
        "; see virNodeGetCPUMap", "; see virConnect.nodeGetCPUMap()"
    )


def test_a_line_made_longer_is_wrapped_as_the_other_rules_wrap() -> None:
    old = "A description.\n\nAfter using it, the stream should be finished with virStreamFinish and the\nrest goes on.\n\nC function: virX"
    new = python_callables.python_callables_doc(old, {"virStreamFinish": "libvirt_ctypes.someLongerModuleFunction()"})
    assert python_callables.function_doc_with(old, new) == (
        "A description.\n\nAfter using it, the stream should be finished with\n"
        "libvirt_ctypes.someLongerModuleFunction() and the rest goes on.\n\nC function: virX"
    )


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    plan = whole_tree_plan()
    found = {v.c_name: v.doc for v in plan.views}
    found |= {e.c_name: e.doc for e in plan.enums} | {s.name: s.doc for s in plan.filled_structs}
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_9_0_0_docstrings_name_the_python_callables(docs: dict[str, str]) -> None:
    assert ":returns: 0 if all the data was successfully sent. The caller should invoke virStream.finish() to flush the stream upon success." in _flat(
        docs["virStreamSendAll"]
    )
    assert "a sequence of virDomainCheckpoint.getParent() starting from that" in _flat(docs["virDomainListAllCheckpoints"])
    assert "virConnect.close() should be used to release the resources" in _flat(docs["virConnectOpen"])
    assert "to the libvirt_ctypes.open()/libvirt_ctypes.openReadOnly() call" in _flat(docs["virConnectGetURI"])
    assert "Flags used to tune which domains are listed by virConnect.listAllDomains()." in docs["virConnectListAllDomainsFlags"]
    assert "A virDomainInfo is returned by virDomain.getInfo()" in _flat(docs["virDomainInfo"])
    # what has no callable, C calls and C examples, the bindings' own notes
    assert "registered with virEventRegisterImpl() or virEventRegisterDefaultImpl()." in _flat(docs["virConnectDomainEventRegisterAny"])
    assert "Since calling virDomainGetDiskErrors(dom, NULL, 0, 0) to get preferred size" in docs["virDomainGetDiskErrors"]
    assert "virStreamPtr st = virStreamNew(conn, 0);" in docs["virStreamSendAll"]
    assert "one bool per host CPU (as many as virNodeGetCPUMap counts)" in _flat(docs["virDomainGetVcpus"])
    assert "In Python: no callback is given: the bindings pass the one C function virConnectRegisterCloseCallback was given" in _flat(
        docs["virConnectUnregisterCloseCallback"]
    )


def test_9_0_0_each_callable_named_exists(docs: dict[str, str]) -> None:
    plan = whole_tree_plan()
    methods = {c.name: {m.name for m in c.methods} | {"close"} for c in plan.classes}
    functions = {f.name for f in plan.functions} | {f"{lib.module}.{f.name}" for lib in plan.libraries for f in lib.functions}
    named = [m.groups() for doc in docs.values() for m in re.finditer(r"\b(vir\w+|libvirt_ctypes)\.([\w.]+)\(\)", doc)]
    assert len(named) > 300
    assert [n for n in named if not (n[1] in functions if n[0] == "libvirt_ctypes" else n[1] in methods.get(n[0], ()))] == []


def test_the_sample_package_names_the_python_callables() -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api)
    assert plan is not None
    views = {v.c_name: v.doc for v in plan.views}
    assert "must give it back with virConnect.close() when finished" in _flat(views["virConnectOpen"])
    assert "children: following virDomainCheckpoint.getParent() from any entry" in _flat(views["virDomainListAllCheckpoints"])
    tree = ast.parse((GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    docstrings = [ast.get_docstring(node) or "" for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    assert any("Like libvirt_ctypes.open(), and with the same rules" in d for d in docstrings)


def test_the_handwritten_docstrings_name_what_a_python_program_calls() -> None:
    """close() and __copy__ are written in the template: their C function is named as C's, in the tail line or as
    "the C function", never as what the reader would call ("Drop this object's reference now (virDomainFree)")."""
    package = backend.render(load_tree(SAMPLE_TREE).api)["libvirt_ctypes/__init__.py"]
    classes = [node for node in ast.parse(package).body if isinstance(node, ast.ClassDef) and node.name.startswith("vir")]
    methods = {(c.name, f.name): ast.get_docstring(f) or "" for c in classes for f in c.body if isinstance(f, ast.FunctionDef)}
    closes = {cls: doc for (cls, name), doc in methods.items() if name == "close"}
    assert len(closes) >= 3  # virConnect, virDomain, virDomainCheckpoint
    for cls, doc in closes.items():
        release = re.search(r"^C function: (\w+)$", doc, re.MULTILINE)
        assert release is not None, cls
        assert doc.startswith("Drop this object's reference to the C object now; later calls on it raise libvirtError.\n"), cls
        assert [line for line in doc.splitlines() if release.group(1) in line] == [release.group()], cls
        assert "(what the C function returns)" in doc or "what the C function returns: 1 while" in doc, cls
    copies = {cls: doc for (cls, name), doc in methods.items() if name == "__copy__" and doc}
    assert copies
    for cls, doc in copies.items():
        assert doc.startswith("What copy.copy() gives: another owner of the same C object"), cls
        assert re.search(rf"\bThe C function {cls}Ref takes that reference\.$", doc), cls
