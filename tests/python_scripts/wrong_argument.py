"""A user script with a wrong argument type; ``mypy --strict`` must reject line 10."""

from __future__ import annotations

import libvirt_ctypes as libvirt

conn = libvirt.open("test:///default")
dom = conn.lookupByName("test")
print(dom.checkpointLookupByName("ok").getName())
dom.checkpointCreateXML(42)
