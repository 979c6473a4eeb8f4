"""Objects hand back the object they came from, as libvirt-python's do (session 21).

libvirt-python makes every object with the one it was obtained through and
returns that very object: ``dom.connect() is conn``, ``cp.getDomain() is
dom``.  Ours made a new Python object on the same C object each time, so an
attribute the program set on ``conn`` (``conn.tag = ...``, which both
bindings take) was missing from ``dom.connect()``, and ``is`` was False.
Each comparison below runs the same calls through both bindings and must
give the same answers; the kept object answers only while it is open
(closed, ours asks C, docs/python-bindings.md).  Event callbacks' domains:
tests/test_python_events.py (the lifecycle scenario).
"""

from __future__ import annotations

import copy
from types import ModuleType

import pytest
from python_support import URI, build_tree, clean_domain, clear_checkpoints, load_generated, load_reference, whole_tree_package


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("parents"), "libvirt_ctypes_parents")


def identities(lib: ModuleType) -> dict[str, object]:
    """What ``is`` says of the objects handed back, on the checkpoint tree a -> b -> c, a -> e, r2."""
    conn, dom = clean_domain(lib)
    build_tree(lib, dom)
    conn.tag = "mine"
    a = dom.checkpointLookupByName("a")
    b = dom.checkpointLookupByName("b")
    listed = dom.listAllCheckpoints()
    children = a.listAllChildren()
    created = dom.checkpointCreateXML("<domaincheckpoint><name>z</name></domaincheckpoint>")
    seen = {
        "dom.connect() is conn": dom.connect() is conn,
        "dom.connect().tag": getattr(dom.connect(), "tag", None),
        "a.getDomain() is dom": a.getDomain() is dom,
        "a.domain() is dom": a.domain() is dom,
        "a.getConnect() is conn": a.getConnect() is conn,
        "a.connect() is conn": a.connect() is conn,
        "b.getParent().getDomain() is dom": b.getParent().getDomain() is dom,
        "listed: getDomain() is dom": [c.getDomain() is dom for c in listed],
        "children: getDomain() is dom": [c.getDomain() is dom for c in children],
        "created: domain() is dom": created.domain() is dom,
        "a.getDomain().connect() is conn": a.getDomain().connect() is conn,
        "copy: getDomain() is dom": copy.copy(a).getDomain() is dom,
    }
    for root in dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS):
        root.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)
    conn.close()
    return seen


def test_the_object_a_handle_came_from_is_handed_back_as_libvirt_python_does(ours: ModuleType, theirs: ModuleType) -> None:
    mine, reference = identities(ours), identities(theirs)
    assert mine == reference
    assert mine["a.getDomain() is dom"] is True and mine["dom.connect().tag"] == "mine"
    assert mine["listed: getDomain() is dom"] == [True] * 5


def test_a_closed_parent_is_replaced_by_the_c_objects_own(ours: ModuleType) -> None:
    """libvirt-python hands back the closed object; ours asks C then, as it did before: a usable connection."""
    conn = ours.open(URI)
    dom = conn.lookupByName("test")
    conn.close()
    other = dom.connect()
    assert other is not conn and other.getURI() == URI
    assert dom.connect() is not other  # nothing kept of C's answer: a new object on every call, as before
    dom.close()
    with pytest.raises(ours.libvirtError):  # a closed self still raises, however its parent fares
        dom.getConnect()
    other.close()


def test_whole_tree_parents_reach_snapshots_records_and_events(whole: ModuleType, theirs: ModuleType) -> None:
    def seen(lib: ModuleType) -> dict[str, object]:
        conn = lib.open(URI)
        dom = conn.lookupByName("test")
        clear_checkpoints(lib, dom)  # the test driver refuses a snapshot while another test's checkpoint exists
        snap = dom.snapshotCreateXML("<domainsnapshot><name>parents</name></domainsnapshot>")
        try:
            stats = conn.getAllDomainStats(lib.VIR_DOMAIN_STATS_STATE)
            listed = conn.domainListGetStats([dom], lib.VIR_DOMAIN_STATS_STATE)
            pool = conn.storagePoolLookupByName("default-pool")
            return {
                "snap.getDomain() is dom": snap.getDomain() is dom,
                "snap.domain() is dom": snap.domain() is dom,
                "snap.connect() is conn": snap.connect() is conn,
                "listed snapshots": [s.getDomain() is dom for s in dom.listAllSnapshots()],
                "stats: connect() is conn": [d.connect() is conn for d, _ in stats],
                "domainListGetStats: connect() is conn": [d.connect() is conn for d, _ in listed],
                "pool.connect() is conn": pool.connect() is conn,
                "network.connect() is conn": conn.networkLookupByName("default").connect() is conn,
                "listAllDomains: connect() is conn": [d.connect() is conn for d in conn.listAllDomains()],
            }
        finally:
            snap.delete()
            conn.close()

    mine, reference = seen(whole), seen(theirs)
    assert mine == reference
    assert mine["stats: connect() is conn"] == [True]


def test_the_parent_class_rule_on_the_whole_tree(whole: ModuleType) -> None:
    """The nearest borrowed getter's class; the connection where C has none (see _parent_classes)."""
    classes = {name: cls for name, cls in vars(whole).items() if isinstance(cls, type)}
    keeps = {name: cls.__annotations__.get("_parent") for name, cls in classes.items() if "_parent" in getattr(cls, "__slots__", ())}
    assert keeps["virDomainCheckpoint"] == keeps["virDomainSnapshot"] == "virDomain | None"
    assert keeps["virNetworkPort"] == "virNetwork | None"
    assert {name for name, parent in keeps.items() if parent == "virConnect | None"} == {
        "virDomain", "virInterface", "virNWFilter", "virNWFilterBinding", "virNetwork", "virNodeDevice", "virSecret",
        "virStoragePool", "virStorageVol", "virStream",
    }  # fmt: skip
    assert "virConnect" not in keeps

