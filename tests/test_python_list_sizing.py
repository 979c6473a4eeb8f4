"""Lists filled into the caller's array are sized by their counting function first.

QA (session 20): the bindings sized every such list by a first array of
``_NAMES_FIRST`` (64) slots, doubled while the call filled them all.  libvirt
9.0.0's snapshot lists return the full count even when it exceeds the size
given (``virDomainMomentObjListGetNames``), and libvirtd then encodes that
many names from the shorter array: over a remote connection a domain with 70
snapshots crashed the daemon on ``snapshotListNames()``, where libvirt-python,
which counts first, listed them.  The daemon run here serves the test driver
(``rpc_support.private_libvirtd``); when ``CI=true`` a missing libvirtd fails.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, URI, load_reference
from rpc_support import private_libvirtd

from generator.backends import python as backend

SNAPSHOTS = 70  # more than _NAMES_FIRST: the crash needed a count above the first array's size

# Every list of 9.0.0 that fills the caller's array, and the function the naming rule finds to count it.
COUNTERS = {
    "virConnectListDefinedDomains": "virConnectNumOfDefinedDomains",
    "virConnectListDefinedInterfaces": "virConnectNumOfDefinedInterfaces",
    "virConnectListDefinedNetworks": "virConnectNumOfDefinedNetworks",
    "virConnectListDefinedStoragePools": "virConnectNumOfDefinedStoragePools",
    "virConnectListDomains": "virConnectNumOfDomains",
    "virConnectListInterfaces": "virConnectNumOfInterfaces",
    "virConnectListNWFilters": "virConnectNumOfNWFilters",
    "virConnectListNetworks": "virConnectNumOfNetworks",
    "virConnectListSecrets": "virConnectNumOfSecrets",
    "virConnectListStoragePools": "virConnectNumOfStoragePools",
    "virNodeListDevices": "virNodeNumOfDevices",
    "virDomainSnapshotListNames": "virDomainSnapshotNum",
    "virDomainSnapshotListChildrenNames": "virDomainSnapshotNumChildren",
    "virNodeDeviceListCaps": "virNodeDeviceNumOfCaps",
    "virStoragePoolListVolumes": "virStoragePoolNumOfVolumes",
}


def test_the_rule_finds_a_bound_counter_for_every_filled_list(plan: backend.Plan) -> None:
    views = [v for c in plan.classes for v in c.methods] + list(plan.functions)
    filled = {v.c_name: v.array.counter for v in views if v.array is not None and v.array.kind == "fill"}
    assert filled == COUNTERS
    bound = {v.c_name for v in views}
    assert set(COUNTERS.values()) <= bound


def _snapshot_names(lib: ModuleType, uri: str, domain: str = DOMAIN) -> list[str]:
    conn = lib.open(uri)
    try:
        dom = conn.lookupByName(domain)
        for index in range(SNAPSHOTS):
            dom.snapshotCreateXML(f"<domainsnapshot><name>sizing-{index}</name></domainsnapshot>")
        root = dom.snapshotLookupByName("sizing-0")
        names = sorted(dom.snapshotListNames())
        # each snapshot is the child of the one before: the first's descendants are all the others
        descendants = root.listChildrenNames(lib.VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS)
        assert sorted(descendants) == names[: names.index("sizing-0")] + names[names.index("sizing-0") + 1 :]
        return names
    finally:
        conn.close()


def test_the_first_array_holds_the_count(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In this process, on a test driver of its own (test:///default's state is the process's: other tests' checkpoints)."""
    node = tmp_path / "node.xml"
    node.write_text("<node><domain type='test'><name>sizing</name><memory>1024</memory><os><type>hvm</type></os></domain></node>\n", encoding="utf-8")
    sizes: list[int] = []
    real = ours._virDomainSnapshotListNames

    def call(*args: Any) -> int:
        sizes.append(args[-2])
        result: int = real(*args)
        return result

    call.__name__ = "virDomainSnapshotListNames"
    monkeypatch.setattr(ours, "_virDomainSnapshotListNames", call)
    names = _snapshot_names(ours, f"test://{node}", "sizing")
    assert len(names) == SNAPSHOTS
    assert sizes == [128]  # one call: the doubling's first size above the count (64, 128), never the count or less


@pytest.mark.parametrize(("count", "size"), [(1, 64), (63, 64), (64, 128), (16320, 16384), (16383, 16384), (70000, 131072)])
def test_sizes_stay_on_the_doubling_under_the_remote_limit(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, count: int, size: int) -> None:
    """Review (session 20): count + 64 slots crossed libvirt's remote limit (REMOTE_DOMAIN_LIST_MAX, 16384) for
    counts from 16321 on, which the remote driver refuses before any call; the doubling's sizes (64 * 2**k) keep
    every count under 16384 within it, as before the count was asked."""
    sizes: list[int] = []

    def listing(_conn: object, _array: object, given: int) -> int:
        sizes.append(given)
        return 0

    assert _domain_ids(ours, monkeypatch, count, listing) == []
    assert sizes == [size]


def test_a_count_of_zero_makes_no_list_call(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """As libvirt-python: nothing counted, nothing listed."""

    def listing(*_args: object) -> int:
        raise AssertionError("the list function was called")

    assert _domain_ids(ours, monkeypatch, 0, listing) == []


def _domain_ids(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, count: int, listing: Any) -> list[int]:
    """``listDomainsID()`` with virConnectNumOfDomains answering ``count`` and ``listing`` as virConnectListDomains."""
    listing.__name__ = "virConnectListDomains"
    monkeypatch.setattr(ours, "_virConnectNumOfDomains", lambda *_: count)
    monkeypatch.setattr(ours, "_virConnectListDomains", listing)
    conn = ours.open(URI)
    try:
        ids: list[int] = conn.listDomainsID()
        return ids
    finally:
        conn.close()


def test_more_snapshots_than_the_first_array_through_libvirtd(ours: ModuleType) -> None:
    theirs = load_reference()
    for lib in (ours, theirs):  # a daemon each: the test driver's state is the daemon's
        with private_libvirtd() as daemon:
            names = _snapshot_names(lib, daemon.uri)
            assert names == sorted(f"sizing-{index}" for index in range(SNAPSHOTS)), lib.__name__
            alive = lib.open(daemon.uri)  # the daemon still answers
            assert alive.getType() == "TEST"
            alive.close()
