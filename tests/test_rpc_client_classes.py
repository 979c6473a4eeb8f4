"""The RPC client's classes are the handle classes of the library its program carries (libvirt's),
as the ctypes bindings' are: libvirt-admin's virAdmClient, virAdmConnect and virAdmServer travel on
the admin program, on another socket, so no reply of the remote program can hold one, and the
bindings do not generate them (QA, session 29: the client exported them as empty classes)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api
from generator.naming import handle_classes
from generator.rpc.data import load_facts
from generator.rpc.rules import plan


@pytest.fixture(scope="module")
def real_api(libvirt_tree: Path) -> Api:
    return load_tree(libvirt_tree).api


def _classes_and_exports(client: str) -> tuple[set[str], set[str]]:
    tree = ast.parse(client)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef) and node.name.startswith("vir")}
    exported = next(node for node in tree.body if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__")
    return classes, set(ast.literal_eval(exported.value))


def test_the_client_has_libvirts_handle_classes_and_no_admin_ones(real_api: Api) -> None:
    classes, exported = _classes_and_exports(rpc.render(real_api)["libvirt_remote.py"])
    libvirt = real_api.module("libvirt")
    assert libvirt is not None
    assert classes == set(handle_classes(Api((libvirt,)))) == exported - {"libvirtError", "open", "openReadOnly"}
    assert {"virAdmClient", "virAdmConnect", "virAdmServer"} <= set(handle_classes(real_api))  # the model has them
    assert not {name for name in classes | exported if name.startswith("virAdm")}


def test_the_library_is_a_fact_of_the_data_file(sample_tree: Path) -> None:
    """Another library named there gives its classes (none here: the sample has only libvirt); the connection stays."""
    api = load_tree(sample_tree).api
    assert load_facts().library == "libvirt"
    assert plan(api).classes == ("virConnect", "virDomain", "virDomainCheckpoint", "virNetwork")
    assert plan(api, facts=dataclasses.replace(load_facts(), library="libvirt-admin")).classes == ()
