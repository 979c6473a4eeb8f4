"""A user script touching the whole checkpoint API; ``mypy --strict`` must accept it."""

from __future__ import annotations

import libvirt_ctypes as libvirt


class Bits:
    """An integer that is no ``int`` (numpy's integers are such): the bindings take it, typed ``SupportsIndex``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def describe(cp: libvirt.virDomainCheckpoint) -> str:
    parent: str | None
    try:
        parent = cp.getParent().getName()
    except libvirt.libvirtError as error:
        code: int | None = error.get_error_code()
        domain: int | None = error.get_error_domain()
        message: str | None = error.get_error_message()
        parent = f"none ({code}, {domain}, {message})"
    children: list[libvirt.virDomainCheckpoint] = cp.listAllChildren(libvirt.CheckpointListFlags.DESCENDANTS)
    return f"{cp.getName()} parent={parent} children={len(children)} xml={len(cp.getXMLDesc(libvirt.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN))}"


def main() -> None:
    with libvirt.open("test:///default") as conn:
        dom: libvirt.virDomain = conn.lookupByName("test")
        created = dom.checkpointCreateXML("<domaincheckpoint><name>typed</name></domaincheckpoint>", 0)
        found = dom.checkpointLookupByName("typed", Bits(0))
        flags = libvirt.CheckpointListFlags.ROOTS | libvirt.CheckpointListFlags.TOPOLOGICAL
        for cp in dom.listAllCheckpoints(flags):
            print(describe(cp))
        same_conn: libvirt.virConnect = found.getConnect()
        uri: str = same_conn.getURI()
        owner: libvirt.virDomain = found.domain()
        print(uri, owner.name(), found.connect().getURI(), created.getDomain().name())
        found.delete(libvirt.CheckpointDeleteFlags.METADATA_ONLY)
        last = libvirt.virGetLastError()
        if last is not None:
            print(last[0], last[2])
        closed: int = conn.close()
        print(closed)


if __name__ == "__main__":
    main()
