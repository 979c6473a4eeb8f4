"""Parameters a header leaves unnamed, as libvirt declares
``virStreamRecvHole(virStreamPtr, long long *length, unsigned int flags)``.

Read from a source tree, the ``.c`` definition names them; read from the
headers alone, or from an XML export of such a read, the name is empty.
Naming rule 7 (generator/naming.py) calls such a parameter ``argN``, N its
place in the C call: the bindings and the RPC stubs used to write ``def
demoPoke(self, : int, ...)`` and C with no parameter name, neither of which compiles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE, require
from python_support import import_file, libvirt_so_present

from generator.backends import python as backend
from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api
from generator.naming import with_named_parameters

POKE = "int virDomainCheckpointDemoPoke(virDomainCheckpointPtr, int, const char *arg3, unsigned int)"


def declared_in_the_header_only(dest: Path, declaration: str) -> Path:
    """The sample tree, plus ``declaration`` in the checkpoint header and exported by the .syms (no .c definition names its parameters)."""
    shutil.copytree(SAMPLE_TREE, dest)
    name = declaration.split("(")[0].split()[-1]
    guard_end = "#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"
    for relative, old, new in (
        ("include/libvirt/libvirt-domain-checkpoint.h", guard_end, f"{declaration};\n\n{guard_end}"),
        ("src/libvirt_public.syms", "        virDomainCheckpointGetParent;", f"        virDomainCheckpointGetParent;\n        {name};"),
    ):
        path = dest / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, relative
        path.write_text(text.replace(old, new), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def unnamed_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    result = load_tree(declared_in_the_header_only(tmp_path_factory.mktemp("unnamed") / "tree", POKE))
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    return result.api


def test_unnamed_parameters_are_named_by_their_place_and_stay_distinct(unnamed_api: Api) -> None:
    function = unnamed_api.modules[0].function("virDomainCheckpointDemoPoke")
    assert function is not None and [p.name for p in function.params] == ["", "", "arg3", ""]
    named = with_named_parameters(unnamed_api).modules[0].function("virDomainCheckpointDemoPoke")
    assert named is not None
    # arg3 is the third parameter's own name: an unnamed one never takes a name in use
    assert [(p.name, p.type) for p in named.params] == [("arg1", "virDomainCheckpointPtr"), ("arg2", "int"), ("arg3", "const char *"), ("arg4", "unsigned int")]
    assert with_named_parameters(with_named_parameters(unnamed_api)) == with_named_parameters(unnamed_api)


def test_a_clash_with_a_named_parameter_gets_an_underscore(unnamed_api: Api, tmp_path: Path) -> None:
    tree = declared_in_the_header_only(tmp_path / "tree", "int virDomainCheckpointDemoClash(virDomainCheckpointPtr checkpoint, int, int arg2)")
    named = with_named_parameters(load_tree(tree).api).modules[0].function("virDomainCheckpointDemoClash")
    assert named is not None and [p.name for p in named.params] == ["checkpoint", "arg2_", "arg2"]


def test_an_api_without_unnamed_parameters_is_returned_as_it_is(sample_tree: Path) -> None:
    api = load_tree(sample_tree).api
    assert with_named_parameters(api) is api


def test_the_bindings_compile_import_and_call(unnamed_api: Api, tmp_path: Path) -> None:
    files = backend.render(unnamed_api)
    source = files["libvirt_ctypes/__init__.py"]
    assert "def demoPoke(self, arg2: SupportsIndex, arg3: str, arg4: SupportsIndex) -> int:" in source
    compile(source, "libvirt_ctypes/__init__.py", "exec")
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    for relative, content in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(content, encoding="utf-8")
    lib = import_file(tmp_path / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_unnamed")
    conn = lib.open("test:///default")
    try:
        dom = conn.lookupByName("test")
        checkpoint = dom.checkpointCreateXML("<domaincheckpoint><name>unnamed-params</name></domaincheckpoint>")
        try:
            # libvirt.so has no such function: the documented error, reached through the named parameters
            with pytest.raises(lib.libvirtError) as raised:
                checkpoint.demoPoke(1, "x", arg4=0)
            assert raised.value.get_error_code() == lib.VIR_ERR_NO_SUPPORT
        finally:
            checkpoint.delete()
    finally:
        conn.close()


def test_the_rpc_stubs_name_them_too(unnamed_api: Api) -> None:
    files = rpc.render(unnamed_api)
    client = files["libvirt_remote.py"]
    assert "def demoPoke(self, arg2: int, arg3: str, arg4: int) -> int:" in client
    compile(client, "libvirt_remote.py", "exec")
    bodies = files["remote_client_bodies.h"]
    assert "remoteDomainCheckpointDemoPoke(virDomainCheckpointPtr arg1, int arg2, const char *arg3, unsigned int arg4)" in bodies
    assert "virDomainCheckpointDemoPoke(arg1, args->arg2, args->arg3, args->arg4)" in files["remote_dispatch_stubs.h"]
