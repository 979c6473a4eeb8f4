"""virt-apigen: libvirt's public API as one typed model, and everything rendered from it.

The pipeline imports one way: ``frontend`` (reads headers, ``.syms`` and doc
comments) builds a ``model`` (frozen dataclasses), which ``backends`` render.
"""

__version__ = "0.1.0"
