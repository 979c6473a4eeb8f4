"""virt-apigen: libvirt's public API as one typed model, and everything rendered from it.

The pipeline imports one way: ``frontend`` (reads headers, ``.syms`` and doc
comments) builds a ``model`` (frozen dataclasses), which ``backends`` render.
"""

__version__ = "0.1.0"


def run() -> None:
    """The ``virt-apigen`` command (its console script and ``python -m
    generator``): :func:`generator.fastpath.run`.  A Ctrl-C that lands while
    Python is still importing that module, before its handlers are in place,
    ends the run as a later one does, with status 130 and no traceback
    (nothing is written that early)."""
    try:
        from .fastpath import run as run_command
    except KeyboardInterrupt:
        import os

        os._exit(130)
    run_command()
