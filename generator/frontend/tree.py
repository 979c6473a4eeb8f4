"""Which files of a libvirt-shaped tree belong to which module.

libvirt ships four libraries, each with its public headers, the ``.c`` files
whose doc comments document its functions, and a ``.syms`` version script.
The rules are patterns rather than a fixed list, so a header added by a newer
libvirt (``include/libvirt/libvirt-foo.h`` with ``src/libvirt-foo.c``) is
picked up without touching this file.

A raw source tree has ``libvirt-common.h.in`` instead of the configured
``libvirt-common.h``; both are accepted (the template is configured by the
preprocessing step).

Names.  A header's name (``libvirt-domain`` for ``libvirt-domain.h``) becomes
a ``<file name>`` in the API XML and, through it, the name of an HTML page;
``<api name>`` becomes the name of an output file.  :func:`name_problem` is the
one rule for both sides: ``api`` refuses an input the XML reader
(:mod:`.apixml_reader`) would refuse to read back, and the reader refuses only
what could leave the output folder or break a file name or a line: an empty
name, ``.`` or ``..``, a ``/``, a byte that is not UTF-8, a line break (``\\n``,
``\\r``, U+2028, U+2029) or another control character (C0, DEL, C1), and U+FFFE
or U+FFFF, which XML cannot carry.  A tab is accepted: it breaks no line, and
XML attributes carry it (the reader keeps it).  Every other character is
accepted and escaped where it is written (XML attributes, percent-encoded
HTML links, the depfile).
With ``--srcdir`` every ``include/libvirt/libvirt-*.h`` and
``src/libvirt-*.c`` is read, whatever its name holds; one the rule refuses is
an error at that file (``file:1:1``), as it is when named as a FILE, rather
than a header left out without a word (which only showed later as its
functions being exported but undeclared).

A name's text is its file name's bytes read as UTF-8 (:func:`name_text`),
whatever the locale: Python decodes file names in the locale's encoding, so
its own string for ``libvirt-café.h`` is ``libvirt-cafÃ©.h`` under a Latin-1
locale and holds surrogates under ``LC_ALL=C PYTHONUTF8=0``; taken as it was,
the XML said ``<file name='libvirt-cafÃ©'>`` in the one and the name was
refused as not UTF-8 in the other.  Paths stay Python's strings: they open
the files and are printed as their bytes (:mod:`generator.fastpath`).  The
rule is applied to that text, so a name is refused (bytes that are not UTF-8,
a control character) or not the same way in every locale.

What ``--srcdir`` reads, decided so that no input is left out in silence:

* Every entry of ``include/libvirt/`` and ``src/`` whose name the patterns
  choose is read, whatever its kind: one that is no regular file (a folder,
  a symlink to nothing, a FIFO) is an error at it (``file:1:1``), as it is
  when named as a FILE.  Skipped, a folder ``libvirt-secret.c`` cost every
  secret function its doc with exit 0, and a folder header showed up only as
  ``$CPP`` not finding it through ``libvirt.h``.
* The fixed extra files (:data:`MAIN_EXTRA_SOURCES`, :data:`SOURCES_SPECIAL`,
  :data:`PROTOCOL_FILES`) are optional when absent (a release may lack or
  move one; the embedded sample has none of ``virevent.c``), but one that is
  there and no regular file is the same error.  For an absent one, the
  nearest folder above it that exists (``src/util``) is listed with the
  searched folders (the depfile, the stamp): adding the file back reruns the
  build, which otherwise kept the outputs without its docs.
* A module whose ``.syms`` file is there but whose header is not (a deleted
  ``libvirt-lxc.h``) is an error at the ``.syms`` file: the module would
  otherwise vanish, its outputs deleted as stale, while the version script
  still exports its functions.
* A folder, ``meson.build`` or ``scripts/apibuild.py`` that cannot be read
  is an error about that file (``file:1:1: error: cannot read: ...``), as an
  unreadable header is; so is a ``meson.build`` or ``scripts/apibuild.py`` that is there and no
  regular file (a folder, a symlink to nothing, a FIFO, which reading
  waited on forever).  Taken as absent, an
  unreadable script made ``--acls auto`` follow the input instead of the
  tree, and 9.0.0's XML gained 364 ``<acls>`` with exit 0.  It is checked for
  every command (FILEs too: the tree they lie in), ``--acls yes|no`` too,
  as ``meson.build`` is: a tree file that cannot be read is a broken tree.
* Absent ``meson.build`` (the version) or ``scripts/apibuild.py`` (what
  ``--acls auto`` follows): the root, resp. ``scripts/`` when that folder is
  there, is listed with the searched folders (see :func:`_watched_tree_files`
  for the price of listing the root, and why not for the script).

Explicit FILEs (:func:`from_files`), decided so that they read what
``--srcdir`` reads:

* The root and the include folder come from the main header
  (:func:`_main_header`): not a configured ``libvirt-common.h``, which meson
  writes into the build tree (``build/include/libvirt/``), and one beside
  ``libvirt.h`` first, whatever the order of the arguments.  Taken from the
  first header, a build tree's ``libvirt-common.h`` made the build folder the
  root (``../src/...`` in every location, no umbrella, ``$CPP`` failing)
  or, sorted after the source headers, lost to ``libvirt-common.h.in``
  configured as context: its 19 ``virTypedParams*`` functions were gone
  with exit 0.  Such a header is now a header like the others (it keeps its
  path: the "generated by" line names its folder, which was read), its
  ``include/`` goes on the include path before the source tree's, so
  ``libvirt.h``'s ``#include <libvirt/libvirt-common.h>`` finds it, and the
  template is not configured.  Named with its template, or twice, it is an
  error at the second (which would ``libvirt.h`` read?).
* ``libvirt.h`` of the main include folder, named with other headers, is the
  umbrella (context), as ``--srcdir`` reads it: as a header it added a
  ``<file name='libvirt'>`` that neither ``--srcdir`` nor libvirt's XML has.
* A ``.syms``, ``.c`` or protocol ``.x`` file whose module has no header
  among the FILEs (``src/libvirt_qemu.syms`` without ``libvirt-qemu.h``) is
  an error at it, as the ``.syms`` file of a module without header is for
  ``--srcdir``: it was read by nobody, its module left out, with exit 0.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from ..modules import MODULE_NAMES
from ..versions import version_key
from .errors import FrontendError, missing_file

INCLUDE_DIR = "include/libvirt"
SPECIAL_HEADERS = {"libvirt-qemu.h": "libvirt-qemu", "libvirt-lxc.h": "libvirt-lxc", "libvirt-admin.h": "libvirt-admin"}
SYMS_FILES = {
    "libvirt": "src/libvirt_public.syms",
    "libvirt-qemu": "src/libvirt_qemu.syms",
    "libvirt-lxc": "src/libvirt_lxc.syms",
    "libvirt-admin": "src/admin/libvirt_admin_public.syms",
}
SYMS_BASENAMES = {Path(path).name: module for module, path in SYMS_FILES.items()}
SOURCES_SPECIAL = {
    "libvirt-qemu": ("src/libvirt-qemu.c",),
    "libvirt-lxc": ("src/libvirt-lxc.c",),
    "libvirt-admin": ("src/admin/libvirt-admin.c",),
}
MAIN_EXTRA_SOURCES = ("src/util/virerror.c", "src/util/virevent.c", "src/util/virtypedparam-public.c")
# The RPC protocol files whose @acl annotations give each remote function its access rules.
PROTOCOL_FILES = {
    "libvirt": "src/remote/remote_protocol.x",
    "libvirt-qemu": "src/remote/qemu_protocol.x",
    "libvirt-lxc": "src/remote/lxc_protocol.x",
}
PROTOCOL_BASENAMES = {Path(path).name: module for module, path in PROTOCOL_FILES.items()}


@dataclass(frozen=True, slots=True)
class ModuleInputs:
    name: str
    headers: tuple[str, ...]  # paths relative to the root, sorted
    sources: tuple[str, ...]
    syms: str | None
    protocol: str | None = None  # e.g. src/remote/remote_protocol.x


@dataclass(frozen=True, slots=True)
class TreeInputs:
    root: Path
    modules: tuple[ModuleInputs, ...]
    umbrella: str | None  # include/libvirt/libvirt.h when present
    include_root: str | None  # the folder that holds "libvirt/" for <libvirt/...>
    version: str  # the tree's libvirt version, for libvirt-common.h.in
    context_templates: tuple[str, ...] = ()  # .h.in files configured for context only
    version_file: str | None = None  # where the version came from, when it was read
    whole: bool = False  # every public header of the tree is read (--srcdir), not a chosen few
    watched: tuple[str, ...] = ()  # folders above optional files that are absent (see searched_folders)
    # Folders holding "libvirt/" searched before include_root: a configured libvirt-common.h named
    # from a build tree, which libvirt.h's #include <libvirt/libvirt-common.h> must find.
    extra_include_roots: tuple[str, ...] = ()

    def searched_folders(self) -> list[str]:
        """The folders whose listing chose the inputs: a file added to or
        removed from them changes the inputs (the depfile lists them, so make
        and ninja rerun on a new header), and the folders where an optional
        file would be (``src/util`` without ``virevent.c``)."""
        return sorted({INCLUDE_DIR, "src", *self.watched}) if self.whole else sorted(self.watched)

    def all_files(self) -> list[str]:
        files: set[str] = set()
        for module in self.modules:
            files.update(module.headers)
            files.update(module.sources)
            if module.syms:
                files.add(module.syms)
            if module.protocol:
                files.add(module.protocol)
        if self.umbrella:
            files.add(self.umbrella)
        files.update(self.context_templates)
        if self.version_file:
            files.add(self.version_file)
        extra = version_source(self.root)
        if extra and any(h.endswith(".h.in") for m in self.modules for h in m.headers):
            files.add(extra)
        return sorted(files)


def version_number(version: str) -> int:
    parts = [int(p) for p in version.split(".")[:3]] + [0, 0, 0]
    return parts[0] * 1000000 + parts[1] * 1000 + parts[2]


def configure(template: str, version: str) -> str:
    """``libvirt-common.h.in`` as meson would configure it for ``version``."""
    return template.replace("@LIBVIRT_VERSION_NUMBER@", str(version_number(version)))


def name_text(name: str) -> str:
    """The text of a Python file name: its bytes read as UTF-8 (a byte that is
    not UTF-8 as a surrogate, which :func:`name_problem` refuses), whatever the
    locale's encoding (see the module docstring)."""
    return name if name.isascii() else os.fsencode(name).decode("utf-8", "surrogateescape")


def header_module(filename: str) -> str:
    """The header module name libvirt uses: ``libvirt-domain.h`` -> ``libvirt-domain``,
    for a Python file name (a path below the root): the name's text (:func:`name_text`)."""
    return name_text(_stem(filename))


def _stem(filename: str) -> str:
    """The file name without its folder and its ``.h``, ``.h.in`` or ``.c``, as Python names it."""
    base = filename.rpartition("/")[2]  # not Path(): this runs thousands of times per tree
    for suffix in (".h.in", ".h", ".c"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def discover(root: Path) -> TreeInputs:
    """Find every module's inputs in a libvirt source tree."""
    if not _is_folder(root, INCLUDE_DIR):
        raise FrontendError(f"not a libvirt tree: no {INCLUDE_DIR}/ folder", ".")  # locations are relative to the root
    names = _listing(root, INCLUDE_DIR)  # every kind of entry: a folder header is an error, not a header less
    modules = [m for m in (_module(root, names, name) for name in MODULE_NAMES) if m is not None]
    if not modules:
        raise FrontendError(f"no public headers found in {INCLUDE_DIR}/", INCLUDE_DIR)
    _check_headerless(root, modules)
    umbrella = f"{INCLUDE_DIR}/libvirt.h" if "libvirt.h" in names else None
    for header in sorted({h for m in modules for h in m.headers} | ({umbrella} if umbrella else set())):
        _require_file(root, header)
    _check_tree_files(root)  # before _watched_tree_files, whose is_file() raises on a scripts/ it cannot search
    watched = tuple(sorted(_watched_folders(root, modules) | _watched_tree_files(root)))
    return TreeInputs(root, tuple(modules), umbrella, "include", tree_version(root), whole=True, watched=watched)


def _module(root: Path, names: list[str], module: str) -> ModuleInputs | None:
    headers = _module_headers(names, module)
    if not headers:
        return None
    if module == "libvirt":
        sources = _main_sources(root) + [s for s in MAIN_EXTRA_SOURCES if _optional_file(root, s)]
    else:
        sources = [s for s in SOURCES_SPECIAL[module] if _optional_file(root, s)]
    protocol = PROTOCOL_FILES.get(module)
    # Named even when it is missing: the build reports a missing version script
    # (without it every function is unversioned and the export checks pass
    # vacuously), and the depfile lists it, so creating it reruns the build.
    syms = SYMS_FILES[module]
    protocol = protocol if protocol and _optional_file(root, protocol) else None
    return ModuleInputs(module, tuple(sorted(f"{INCLUDE_DIR}/{h}" for h in headers)), tuple(sorted(sources)), syms, protocol)


def _module_headers(names: list[str], module: str) -> list[str]:
    """The names in ``include/libvirt/`` (``names``) that are ``module``'s headers."""
    if module != "libvirt":
        header = _special_header(module)
        return [header] if header in names else []
    headers = [n for n in names if _is_public(n, ".h") and n not in SPECIAL_HEADERS]
    for name in headers:
        _check_name(f"{INCLUDE_DIR}/{name}")
    headers += [n for n in ("virterror.h",) if n in names]
    if "libvirt-common.h" not in names and "libvirt-common.h.in" in names:
        headers.append("libvirt-common.h.in")
    return headers


def _special_header(module: str) -> str:
    """The one header of a module other than the main library's (``libvirt-qemu.h``)."""
    return next(header for header, owner in SPECIAL_HEADERS.items() if owner == module)


def _check_headerless(root: Path, modules: list[ModuleInputs]) -> None:
    """A module with a ``.syms`` file but no header is an error at that file
    (see the module docstring): its exports would go unchecked, the module
    and its outputs gone without a word."""
    found = {m.name for m in modules}
    for module in MODULE_NAMES:
        if module not in found and _present(root, SYMS_FILES[module]):
            wanted = f"no {_header_of(module)}" if module == "libvirt" else f"{_header_of(module)} is missing"
            message = f"the version script of {module} has no header ({wanted}): none of its exports is declared"
            raise FrontendError(message, SYMS_FILES[module])


def _check_headers_named(headers: dict[str, list[str]], others: dict[str, list[str]], shown: Callable[[str], str]) -> None:
    """An explicit FILE of a module with no header among the FILEs is an error at it (see the module docstring),
    named as the other errors about a FILE name it (``shown``)."""
    for module, unused in others.items():
        if unused and not headers[module]:
            header = f"an {_header_of(module)}" if module == "libvirt" else _header_of(module)
            message = f"belongs to module {module}, whose header is not among the inputs (give {header} too): nothing would read it"
            raise FrontendError(message, min(map(shown, unused)))


def _header_of(module: str) -> str:
    """A module's header, as a message names it: the pattern of the main module's."""
    return f"{INCLUDE_DIR}/libvirt-*.h" if module == "libvirt" else f"{INCLUDE_DIR}/{_special_header(module)}"


def _optional_files(module: ModuleInputs) -> tuple[str, ...]:
    """The fixed files a module reads when they are there."""
    extra = MAIN_EXTRA_SOURCES if module.name == "libvirt" else SOURCES_SPECIAL[module.name]
    protocol = PROTOCOL_FILES.get(module.name)
    return extra + ((protocol,) if protocol else ())


def _watched_folders(root: Path, modules: list[ModuleInputs]) -> set[str]:
    """For each optional file of ``modules`` that is absent, the nearest folder
    above it that exists (below ``src``, which is listed anyway): its listing
    changes when the file comes back."""
    folders: set[str] = set()
    for module in modules:
        read = set(module.sources) | ({module.protocol} if module.protocol else set())
        for path in _optional_files(module):
            if path in read:
                continue
            folder = Path(path).parent
            while folder.parent != Path(".") and not (root / folder).is_dir():
                folder = folder.parent
            if folder.parent != Path("."):
                folders.add(folder.as_posix())
    return folders


def _watched_tree_files(root: Path) -> set[str]:
    """The folders where the tree's optional files outside ``src`` would be, for
    each that is absent: ``meson.build`` (the version) and ``scripts/apibuild.py``
    (what ``--acls auto`` follows).  For ``meson.build`` that is the root itself,
    the only folder whose listing changes when it comes back; the price is a
    rerun whenever an entry is added to or removed from the root, paid only by
    a tree without ``meson.build`` (every libvirt release has one).  For the
    script, ``scripts/`` when that folder is there (cheap: nothing else is
    written into it); not the root when it is not: a whole ``scripts/`` folder
    appearing is rarer than an entry added to the root (an output folder, a
    build folder), which would then rerun every build of a tree such as the
    embedded sample, which has neither (the stamp still notices: it watches
    every input's folder)."""
    folders: set[str] = set()
    if not (root / "meson.build").is_file():
        folders.add(".")
    scripts = Path(APIBUILD_SCRIPT).parent
    if not (root / APIBUILD_SCRIPT).is_file() and (root / scripts).is_dir():
        folders.add(scripts.as_posix())
    return folders


def _is_public(name: str, suffix: str) -> bool:
    """``libvirt-*<suffix>``, whatever the ``*`` holds: a name :func:`name_problem`
    refuses is reported by the caller (:func:`_check_name`), not skipped."""
    return name.startswith("libvirt-") and name.endswith(suffix)


def _main_sources(root: Path) -> list[str]:
    """``src/libvirt.c`` and ``src/libvirt-*.c`` but the other modules' (sorted)."""
    if not _is_folder(root, "src"):
        return []
    special = {Path(files[0]).name for files in SOURCES_SPECIAL.values()}
    found = [n for n in _listing(root, "src") if (n == "libvirt.c" or _is_public(n, ".c")) and n not in special]
    for name in found:
        _check_name(f"src/{name}")
        _require_file(root, f"src/{name}")
    return [f"src/{name}" for name in found]


def _listing(root: Path, folder: str) -> list[str]:
    """The names of every entry of ``folder`` (below ``root``), whatever its kind, sorted."""
    try:
        with os.scandir(root / folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError as error:
        raise _unreadable(folder, error) from None


def _status(root: Path, relative: str, follow: bool = True) -> os.stat_result | None:
    """``relative``'s status (its own, a symlink's, without ``follow``); None
    when there is nothing there; one that cannot be looked at is an error,
    not an absent file."""
    try:
        return os.stat(root / relative, follow_symlinks=follow)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise _unreadable(relative, error) from None


def _present(root: Path, relative: str) -> bool:
    """Whether there is an entry at ``relative`` (a symlink to nothing is one)."""
    return _status(root, relative, follow=False) is not None


def _is_folder(root: Path, relative: str) -> bool:
    """Whether ``relative`` is a folder (or a symlink to one)."""
    status = _status(root, relative)
    return status is not None and stat.S_ISDIR(status.st_mode)


def _optional_file(root: Path, relative: str) -> bool:
    """Whether the optional input ``relative`` is there; one that is there but
    no regular file is an error (see the module docstring)."""
    if not _present(root, relative):
        return False
    _require_file(root, relative)
    return True


def _require_file(root: Path, relative: str) -> None:
    """``relative`` is a regular file (or a symlink to one), else an error at it."""
    status = _status(root, relative)
    if status is None:
        raise missing_file(str(root / relative), relative)
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise FrontendError("a folder, not a file", relative)
    if not stat.S_ISREG(mode):
        raise FrontendError("not a regular file", relative)


def _require_named_file(path: str, shown: str) -> None:
    """A FILE is a regular file (or a symlink to one), else an error at it
    (``shown``), worded as :func:`_require_file` words a tree's entry, and as
    ``--api-xml`` words its file: ``Path.is_file()`` is False for a symlink
    loop and a FIFO alike, and both were called "no such file" though ``ls``
    lists them; a loop's error now says why it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise missing_file(path, shown) from None
    except OSError as error:  # a symlink loop (ELOOP), a folder we may not search
        raise _unreadable(shown, error) from None
    if stat.S_ISDIR(mode):
        raise FrontendError("a folder, not a file (a whole tree goes with --srcdir)", shown)
    if not stat.S_ISREG(mode):
        raise FrontendError("not a regular file", shown)


def _unreadable(relative: str, error: OSError) -> FrontendError:
    """The error for a file or folder that cannot be read, in the form an unreadable header gets."""
    return FrontendError(f"cannot read: {error.strerror or error}", relative)


APIBUILD_SCRIPT = "scripts/apibuild.py"


def acls_in_schema(root: Path) -> bool | None:
    """Whether the tree's own ``scripts/apibuild.py`` writes ``<acls>`` into
    libvirt-api.xml (newer libvirt releases do, 9.0.0 does not); None when the
    tree has no such script.  Our export follows the schema of the tree it reads.
    A script that is there but cannot be read raises its OSError: taken as
    absent, it silently changed the schema (9.0.0's XML gained 364 ``<acls>``).
    :func:`discover` and :func:`from_files` report it first, at the file
    (:func:`_check_tree_files`)."""
    try:
        return "<acls>" in (root / APIBUILD_SCRIPT).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return None


def _check_tree_files(root: Path) -> None:
    """``scripts/apibuild.py``, when there, decides the schema of the XML
    (:func:`acls_in_schema`): one that is no regular file or cannot be read
    is an error at it (``file:1:1: error: cannot read: ...``), as an
    unreadable ``meson.build`` is, not a tree without the script.  Checked
    while the tree is looked at, as every command does: the CLI reads the
    script after the frontend, where an error could not be reported in place.
    ``meson.build`` (the version, :func:`tree_version`) is held to the same
    rule: one that is a folder, a FIFO or a symlink to nothing was taken for
    absent (QA, session 25), where the script was an error."""
    _optional_file(root, "meson.build")
    if not _optional_file(root, APIBUILD_SCRIPT):
        return
    try:
        with open(root / APIBUILD_SCRIPT, "rb"):
            pass
    except OSError as error:
        raise _unreadable(APIBUILD_SCRIPT, error) from None


def version_source(root: Path) -> str | None:
    return "meson.build" if (root / "meson.build").is_file() else None


def tree_version(root: Path, shown: Path | None = None) -> str:
    """libvirt's version: meson.build's project version, else the newest .syms block.

    Only needed to configure ``LIBVIR_VERSION_NUMBER`` in a raw tree.  Read
    for that one value, bytes that are not UTF-8 replaced: a NUL or a stray
    byte elsewhere in meson.build changes no version (decided: no error; the
    UTF-8 rule is for the files the model is read from, see
    :func:`.builder._not_utf8`).  A file
    that is there but cannot be read is an error at it, named below ``shown``
    (the folder errors are named relative to; default ``root``).
    """
    meson = root / "meson.build"
    if meson.is_file():
        text = _read_version_file(meson, shown or root)
        code = _MESON_COMMENT_RE.sub(lambda found: found.group() if found.group().startswith("'") else " " * len(found.group()), text)
        match = re.search(r"project\([^)]*?(?<![\w.])version\s*:\s*'([^'\n]*)'", code, re.DOTALL)  # not meson_version:
        if match:
            return _checked_version(match.group(1), text, match.start(1), os.path.relpath(meson, shown or root))
    syms = root / SYMS_FILES["libvirt"]
    if syms.is_file():
        found = re.findall(r"^LIBVIRT_(\d+\.\d+\.\d+)\s*\{", _read_version_file(syms, shown or root), re.MULTILINE)
        if found:
            return str(max(found, key=version_key))
    return "0.0.0"


# A meson string (kept: a '#' inside one is no comment) or a comment (blanked, offsets kept).
_MESON_COMMENT_RE = re.compile(r"'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def _checked_version(version: str, text: str, at: int, relative: str) -> str:
    """meson.build's project version, which libvirt's own meson.build splits at its dots and reads the
    first three parts of as integers (``LIBVIR_VERSION_NUMBER`` is ``MAJOR * 1000000 + MINOR * 1000 +
    MICRO``, a 64-bit integer to meson): so at least three parts, each decimal digits, and that number
    below 2**63.  An error at the version otherwise, as libvirt's build would fail there (fuzz QA,
    session 36: '9..0' ended in a traceback, 'x.y.z' fell back to the .syms file in silence)."""
    parts = version.split(".")
    if len(parts) >= 3 and all(part.isdecimal() and part.isascii() for part in parts[:3]):
        major, minor, micro = map(int, parts[:3])
        if major * 1000000 + minor * 1000 + micro < 2**63:
            return version
    line = text.count("\n", 0, at) + 1
    message = f"the project version '{version}' is not MAJOR.MINOR.MICRO (digits; libvirt's build reads the number from the first three parts)"
    raise FrontendError(message, relative, line, at - text.rfind("\n", 0, at))


def _read_version_file(path: Path, shown: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise _unreadable(os.path.relpath(path, shown), error) from None


CONFIGURED_COMMON = "libvirt-common.h"  # the header meson configures from libvirt-common.h.in, in the build tree


_READ_BY_NAME = frozenset({
    *SYMS_FILES.values(), *(f for files in SOURCES_SPECIAL.values() for f in files), *MAIN_EXTRA_SOURCES,
    *PROTOCOL_FILES.values(), "meson.build", APIBUILD_SCRIPT,
})
_UMBRELLA_HEADERS = frozenset({"libvirt.h", "virterror.h", CONFIGURED_COMMON, CONFIGURED_COMMON + ".in"})


def is_tree_input_name(root: Path, path: Path) -> bool:
    """Whether a file at ``path`` would be an input of a later run on the tree
    at ``root``: a header of ``include/libvirt/``, a ``src/libvirt*.c``, a
    version script, a protocol file, ``meson.build``...  A ``--depfile``
    written there (``include/libvirt/libvirt-deps.h``) would be parsed by the
    next run as C, and fail it: the CLI refuses such a name before writing."""
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    if relative.split(os.sep, 1)[0] == os.pardir:
        return False
    folder, name = os.path.split(relative.replace(os.sep, "/"))
    if folder == INCLUDE_DIR:
        return _is_public(name, ".h") or name in SPECIAL_HEADERS or name in _UMBRELLA_HEADERS
    if folder == "src" and (name == "libvirt.c" or _is_public(name, ".c")):
        return True
    return f"{folder}/{name}" in _READ_BY_NAME if folder else name in _READ_BY_NAME


def files_root(paths: list[str]) -> Path:
    """The folder explicit inputs are named relative to in the model (and so in
    every output): the tree root above the main header's ``include/libvirt/``,
    else that header's folder (else the current one).  A header given as
    ``/home/me/libvirt/include/libvirt/x.h`` or as ``include/libvirt/x.h`` is
    then ``include/libvirt/x.h`` either way, as with ``--srcdir``: outputs do
    not depend on where the tree is or how its path was typed.  The folder
    names are those of the absolute path (``..`` taken out first): typed
    from ``include/`` as ``libvirt/x.h``, or as ``include/libvirt/../libvirt/x.h``,
    the header still lies in ``include/libvirt/``; the root is then given
    relative to the current folder again (``..``), as one typed is."""
    header = _main_header(paths)
    if header is None:
        return Path(".")
    folder = Path(os.path.abspath(header)).parent
    root = folder.parent.parent if folder.name == "libvirt" and folder.parent.name == "include" else folder
    return Path(os.path.relpath(root)) if not header.is_absolute() else root


def _main_header(paths: list[str]) -> Path | None:
    """The header whose folder is the tree's include folder: the first one named
    that is not a configured ``libvirt-common.h`` (meson writes that into the
    build tree, so it may sit in another folder than the source headers:
    taken as the main one, it made the build folder the root), preferring
    one whose folder holds ``libvirt.h`` (the umbrella), so the choice does not
    depend on the order of the arguments."""
    headers = [Path(p) for p in paths if p.endswith((".h", ".h.in"))]
    candidates = [h for h in headers if h.name != CONFIGURED_COMMON] or headers
    return next((h for h in candidates if (h.parent / "libvirt.h").is_file()), candidates[0] if candidates else None)


@dataclass(frozen=True, slots=True)
class _NamedFiles:
    """The FILEs by kind, as named: each module's headers and ``.c`` files, its version script and protocol file."""
    headers: dict[str, list[str]]
    sources: dict[str, list[str]]
    syms: dict[str, str]
    protocols: dict[str, str]


def from_files(paths: list[str], wanted: Collection[str] | None = None) -> TreeInputs:
    """Inputs given one by one: headers, ``.c`` files and ``.syms`` files.

    Paths are made relative to :func:`files_root` (see the module docstring
    for a build tree's ``libvirt-common.h`` and a named ``libvirt.h``).  Each file joins the module
    its name says; the headers' siblings in the same folder are used as
    context for types only.  A file named twice (``x.h x.h``, ``./x.h`` and
    ``x.h``, a symlink and its target, a glob overlapping a name) is read
    once, under its first name: the inputs are a set of files, and reading
    one twice gave every declaration twice.  A name no output can hold (not
    UTF-8, a line break, a header named ``.h``) is refused (:func:`_check_name`).
    ``wanted`` (``api --module``; None: all) are the modules whose FILEs must
    have a header among the FILEs: another module's file (a glob's
    ``src/remote/remote_protocol.x`` with ``--module libvirt-qemu``) goes to
    no output anyway, so it is no error (:func:`_check_headers_named`).
    """
    root = files_root(paths)
    paths = distinct_files(paths)

    def rel(path: str) -> str:  # also for errors: the CLI prints them below the same root
        return os.path.relpath(path, root)

    def shown(path: str) -> str:
        """A FILE as an error about the whole file names it: as typed.  A relative one
        as :func:`rel` (the CLI prints it below the same root, which gives the
        path as typed, normalized); an absolute one as it is, from any folder
        (``/etc/hostname`` was ``../etc/hostname``, and from ``/``, ``etc/hostname``:
        QA, sessions 13 and 26)."""
        return path if os.path.isabs(path) else rel(path)

    named = _named_files(paths, shown)
    headers = named.headers
    others = any(headers[name] for name in MODULE_NAMES if name != "libvirt")
    main = _main_header(paths)
    headers["libvirt"] = _without_umbrella(headers["libvirt"], main, others)
    # after the umbrella is set aside: libvirt.h as context is no header of the main module's
    unread = {m: [p for p in (named.syms.get(m), named.protocols.get(m)) if p] + named.sources[m] for m in MODULE_NAMES if m in (wanted or MODULE_NAMES)}
    _check_headers_named(headers, unread, shown)
    modules = _named_modules(named, rel)
    folder = Path(rel(str(main))).parent if main is not None else Path(".")
    umbrella = str(folder / "libvirt.h") if (root / folder / "libvirt.h").is_file() else None
    include_root = str(folder.parent) if folder.name == "libvirt" else None
    named_common = [h for m in modules for h in m.headers if Path(h).name == CONFIGURED_COMMON]
    extra_roots = _common_include_roots(named_common, modules, folder, umbrella)
    templates = _common_template(root, folder, umbrella, named_common)
    version, version_file = _version_near(root)
    _check_tree_files(root)  # --acls auto follows the script of the tree the FILEs lie in
    # in a libvirt-shaped tree, the folders of its absent meson.build and scripts/apibuild.py, as for --srcdir
    watched = tuple(sorted(_watched_tree_files(root))) if (root / INCLUDE_DIR).is_dir() else ()
    return TreeInputs(root, modules, umbrella, include_root, version, templates, version_file if templates else None,
                      extra_include_roots=extra_roots, watched=watched)


def _named_files(paths: list[str], shown: Callable[[str], str]) -> _NamedFiles:
    """The FILEs sorted by kind and module; a name no output can hold, a missing
    file, an unknown kind or a second version script or protocol file of a
    module is an error, at the FILE as typed (``shown``)."""
    headers: dict[str, list[str]] = {name: [] for name in MODULE_NAMES}
    sources: dict[str, list[str]] = {name: [] for name in MODULE_NAMES}
    syms: dict[str, str] = {}
    protocols: dict[str, str] = {}
    for path in paths:
        _check_name(shown(path))
        _require_named_file(path, shown(path))
        name = Path(path).name
        if name.endswith(".syms"):
            if name not in SYMS_BASENAMES:
                raise FrontendError("unknown version script (expected one of " + ", ".join(sorted(SYMS_BASENAMES)) + ")", shown(path))
            if SYMS_BASENAMES[name] in syms:
                raise FrontendError(f"a second version script for {SYMS_BASENAMES[name]} (the first: {syms[SYMS_BASENAMES[name]]})", shown(path))
            syms[SYMS_BASENAMES[name]] = path
        elif name.endswith(".x"):
            if name not in PROTOCOL_BASENAMES:
                raise FrontendError("unknown protocol file (expected one of " + ", ".join(sorted(PROTOCOL_BASENAMES)) + ")", shown(path))
            if PROTOCOL_BASENAMES[name] in protocols:
                raise FrontendError(f"a second protocol file for {PROTOCOL_BASENAMES[name]} (the first: {protocols[PROTOCOL_BASENAMES[name]]})", shown(path))
            protocols[PROTOCOL_BASENAMES[name]] = path
        elif name.endswith((".h", ".h.in")):
            headers[SPECIAL_HEADERS.get(name, "libvirt")].append(path)
        elif name.endswith(".c"):
            module = next((m for m, s in SOURCES_SPECIAL.items() if Path(s[0]).name == name), "libvirt")
            sources[module].append(path)
        else:
            raise FrontendError("unknown input kind (expected .h, .c, .syms or a protocol .x)", shown(path))
    return _NamedFiles(headers, sources, syms, protocols)


def _named_modules(named: _NamedFiles, rel: Callable[[str], str]) -> tuple[ModuleInputs, ...]:
    """The modules a header was named for, their files relative to the root (``rel``);
    none is an error."""

    def rel_all(found: list[str]) -> tuple[str, ...]:
        return tuple(sorted(rel(p) for p in found))

    def by_name(found: list[str]) -> tuple[str, ...]:
        # headers by file name, as --srcdir lists them: a build folder's libvirt-common.h (zz/include/...)
        # stays first, wherever its folder sorts
        return tuple(sorted((rel(p) for p in found), key=lambda path: (Path(path).name, path)))

    syms, protocols = named.syms, named.protocols
    modules = tuple(
        ModuleInputs(name, by_name(named.headers[name]), rel_all(named.sources[name]), rel(syms[name]) if name in syms else None,
                     rel(protocols[name]) if name in protocols else None)
        for name in MODULE_NAMES if named.headers[name]
    )
    if not modules:
        raise FrontendError("no header among the inputs: give at least one include/libvirt/*.h")
    return modules


def _common_include_roots(named_common: list[str], modules: tuple[ModuleInputs, ...], folder: Path, umbrella: str | None) -> tuple[str, ...]:
    """The folders holding the ``libvirt/`` of a configured ``libvirt-common.h`` named
    outside the main header's ``folder``, searched before the include root; one
    that ``libvirt.h``'s ``#include`` could not find there is an error."""
    _check_common(named_common, [h for m in modules for h in m.headers])
    elsewhere = [Path(h) for h in named_common if Path(h).parent != folder]
    for header in elsewhere:
        if header.parent.name != "libvirt" and umbrella:
            # libvirt.h includes <libvirt/libvirt-common.h>: from elsewhere it would not be the one read
            raise FrontendError("a configured libvirt-common.h must lie in an include/libvirt/ folder, where libvirt.h's #include finds it", str(header))
    return tuple(sorted({str(h.parent.parent) for h in elsewhere if h.parent.name == "libvirt"}))


def _common_template(root: Path, folder: Path, umbrella: str | None, named_common: list[str]) -> tuple[str, ...]:
    """``libvirt-common.h.in`` of the main header's ``folder``, configured for context,
    when ``libvirt.h`` includes a ``libvirt-common.h`` that was neither named nor configured."""
    common = folder / CONFIGURED_COMMON
    if umbrella and not named_common and not (root / common).is_file() and (root / f"{common}.in").is_file():
        return (f"{common}.in",)
    return ()


def _without_umbrella(headers: list[str], main: Path | None, others: bool) -> list[str]:
    """The main module's headers without ``libvirt.h`` of the main include folder
    when other headers are named (``others``: another module's count too): it
    is the umbrella, read for context as ``--srcdir`` reads it (as a header it
    added a ``<file name='libvirt'>`` that neither ``--srcdir`` nor libvirt's
    own XML has, and with only the qemu header besides, an empty
    ``libvirt-api.xml`` that took the depfile's target).  The only header named,
    it stays a header."""
    if main is None:
        return headers
    umbrella = os.path.realpath(main.parent / "libvirt.h")
    kept = [h for h in headers if os.path.realpath(h) != umbrella]
    return kept if kept or others else headers


def _check_common(named_common: list[str], headers: list[str]) -> None:
    """A configured ``libvirt-common.h`` named with its template, or two of them,
    is an error at the second: both would declare the same names, and which
    one ``libvirt.h`` includes would depend on the include path."""
    templates = [h for h in headers if Path(h).name == f"{CONFIGURED_COMMON}.in"]
    if len(named_common) > 1 or (named_common and templates):
        first, second = sorted(named_common + templates)[:2]
        raise FrontendError(f"a second libvirt-common header (the other: {first}): name one configured libvirt-common.h or the template, not two", second)


# What no name may hold (see the module docstring): bytes that are not UTF-8
# (surrogates, as os.fsdecode gives them), line breaks and the other control
# characters but the tab, and the two characters XML cannot carry.
_UNNAMEABLE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = "\n\x0b\x0c\r\x85\u2028\u2029"  # what str.splitlines() splits at


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a module's or a header's name (an output file's
    name, or part of one), as ``"is empty"``; None when it can.  The one rule
    of ``api`` (:func:`_check_name`) and the XML reader."""
    if not name:
        return "is empty"
    if name in (".", ".."):
        return f"is '{name}'"
    if "/" in name:
        return "holds a '/'"
    found = _UNNAMEABLE_RE.search(name)
    return None if found is None else _character_problem(found.group())


def _character_problem(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "is not valid UTF-8"
    if char in _LINE_BREAKS:
        return "holds a line break"
    if char in "\ufffe\uffff":
        return f"holds U+{ord(char):04X}, which XML cannot carry"
    return f"holds the control character U+{ord(char):04X}"


def _check_name(relative: str) -> None:
    """An input's name (below the root) becomes its module's name and its
    locations, in every output and diagnostic: UTF-8 text, one line per
    location, and a header's name (the file name without ``.h``) must pass
    :func:`name_problem`.  The name checked is the text of its bytes
    (:func:`name_text`), so a name is refused, or not, the same way in every
    locale.  A name that cannot be that is refused, shown with the byte, the
    line break or the control character escaped (a folder above the root may
    be named anyhow: it never reaches the outputs)."""
    found = _UNNAMEABLE_RE.search(name_text(relative))
    if found is not None:
        raise FrontendError(f"the file name {_character_problem(found.group())}", _shown(relative))
    if relative.endswith((".h", ".h.in")):
        problem = name_problem(header_module(relative))
        if problem is not None:
            raise FrontendError(f"the file name gives the header name '{_shown(_stem(relative))}', which {problem}", relative)


def require_writable_name(name: str, shown: str) -> None:
    """``name``, a file's name that outputs write (an ``--api-xml`` file's, in
    the "generated by virt-apigen from X" line and the JSON's locations),
    passes the rule a header's name does (:func:`_check_name`): UTF-8 text
    (no output, in UTF-8, can hold it otherwise), on one line, without a
    control character or U+FFFE/U+FFFF (XML cannot carry them); else that
    error, at ``shown`` with the odd bytes and characters escaped."""
    found = _UNNAMEABLE_RE.search(name_text(name))
    if found is not None:
        raise FrontendError(f"the file name {_character_problem(found.group())}", _shown(shown))


def _shown(name: str) -> str:
    """A Python file name on one line, a byte that is not UTF-8 as ``\\xff``, a
    line break as ``\\n``, another control character as ``\\x1b``, and every
    other byte as it is: the result is again a Python name (``os.fsdecode``),
    which stderr prints as those bytes (:func:`generator.fastpath.print_paths_as_bytes`),
    so a name is shown as it was typed in every locale (printing the decoded
    text wrote ``é`` as the one byte ``\\xe9`` under Latin-1, not its two)."""
    shown = _UNNAMEABLE_RE.sub(_escaped, name_text(name))
    return os.fsdecode(shown.encode("utf-8"))


def _escaped(found: re.Match[str]) -> str:
    """One character :data:`_UNNAMEABLE_RE` found, escaped; a surrogate (a byte that
    is not UTF-8, :func:`name_text`) as that byte: ``\\xff``, as Python shows bytes."""
    char = found.group()
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def distinct_files(paths: list[str]) -> list[str]:
    """``paths`` without a second name of a file already named (same device
    and inode: symlinks followed), in their order; a path that cannot be
    looked at stays, for the caller to report.  Explicit FILEs and
    ``--api-xml`` files (:mod:`.apixml_reader`) follow this one rule."""
    seen: set[tuple[int, int]] = set()
    distinct: list[str] = []
    for path in paths:
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            distinct.append(path)
            continue
        if (status.st_dev, status.st_ino) not in seen:
            seen.add((status.st_dev, status.st_ino))
            distinct.append(path)
    return distinct


def _version_near(root: Path) -> tuple[str, str | None]:
    """The version and the file it came from (relative to ``root``): the tree's, else the current folder's."""
    for candidate in (root, Path(".")):
        for name in ("meson.build", SYMS_FILES["libvirt"]):
            if (candidate / name).is_file():
                return tree_version(candidate, root), os.path.relpath(candidate / name, root)
    return "0.0.0", None
