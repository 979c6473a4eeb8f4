"""A one-header libvirt-shaped tree for the frontend tests: a header declaring
``virConnectFoo``, its ``.syms`` block and its documented ``.c`` definition;
a test appends the declarations it is about to the header."""

from __future__ import annotations

from pathlib import Path

HEADER = "include/libvirt/libvirt-host.h"
SYMS = "src/libvirt_public.syms"
SOURCE = "src/libvirt-host.c"
BASE_HEADER = (
    "typedef struct _virConnect virConnect;\n"
    "typedef virConnect *virConnectPtr;\n"
    "int virConnectFoo(virConnectPtr conn, unsigned int flags);\n"
)
BASE_SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n};\n"
BASE_SOURCE = (
    "/**\n * virConnectFoo:\n * @conn: c\n * @flags: f\n *\n * Does foo.\n *\n"
    " * Returns 0.\n *\n * Since: 1.0.0\n */\nint\nvirConnectFoo(virConnectPtr conn, unsigned int flags)\n{\n    return 0;\n}\n"
)
ADDED_LINE = BASE_HEADER.count("\n") + 1  # the line number of a declaration appended to the header
# the same function without its flags parameter (the diff and XML-value tests' tree)
PLAIN_HEADER = BASE_HEADER.replace(", unsigned int flags", "")
PLAIN_SOURCE = (
    "/**\n * virConnectFoo:\n * @conn: c\n *\n * Foo.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"
    "int\nvirConnectFoo(virConnectPtr conn)\n{\n    return 0;\n}\n"
)


def make_tree(
    folder: Path, extra: str = "", syms: str = BASE_SYMS, files: dict[str, str] | None = None,
    *, header: str = BASE_HEADER, source: str = BASE_SOURCE,
) -> Path:
    """The tree in ``folder``: ``extra`` appended to the header, ``files`` (relative path -> text) added."""
    (folder / "include" / "libvirt").mkdir(parents=True)
    (folder / "src").mkdir()
    (folder / HEADER).write_text(header + extra, encoding="utf-8")
    (folder / SYMS).write_text(syms, encoding="utf-8")
    (folder / SOURCE).write_text(source, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
