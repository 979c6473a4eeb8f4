"""A protocol (``.x``) file's lexical rules, written once for its two readers.

:mod:`generator.frontend.protocol` reads the ``@acl`` rules of a tree's
``remote_protocol.x`` and :mod:`generator.rpc.numbers` the procedure numbers
of ``generate --remote-protocol``; both must agree on what is code (QA had to
fix two copies of these rules in sessions 24 and 25).  At the package's top
level, beside :mod:`generator.clex`, so that the RPC backend uses them
without importing the frontend package (stages import one way).
"""

from __future__ import annotations

import re

# what hides code from rpcgen (see unclosed_comment): a closed comment, a '%' line, a string (to its closing
# '"' or the end of its line), and, tried last, a "/*" that nothing closes
_HIDING_RE = re.compile(r'/\*.*?\*/|^%[^\n]*|"[^"\n]*"?|/\*', re.S | re.M)


def unclosed_comment(text: str, start: int = 0) -> int | None:
    """Where a ``/* */`` comment that ``text`` ends inside opens, scanning from ``start``.

    Comments are scanned as C scans them, so a ``*/`` closes only after its ``/*`` (``/*/`` opens
    one).  A line starting with ``%`` is passed through (C for the
    generated files: ``%// glob: /tmp/*``), as libvirt's own rpcgen
    (``scripts/rpcgen``, 11.x) passes it, and a ``"...`` string holds no
    comment, as the system rpcgen (through cpp; libvirt 9.0.0 builds with
    it) reads it (review, session 24: both were taken for a comment never
    closed).  The system rpcgen also refuses a comment opened in a ``%``
    line; decided lenient, so that no file libvirt's own tool takes is
    refused."""
    for match in _HIDING_RE.finditer(text, start):
        if match.group() == "/*":
            return match.start()
    return None


def hidden(text: str, offset: int) -> bool:
    """Whether ``offset`` is inside a ``/* */`` comment, a ``%`` line or a ``"...`` string of ``text``,
    scanned from its start by the rules of :func:`unclosed_comment` (QA, session 25: ``%/* C`` before
    the enum hid it)."""
    for match in _HIDING_RE.finditer(text):
        if match.start() >= offset:
            return False
        if match.group() == "/*" or match.end() > offset:
            return True
    return False
