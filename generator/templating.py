"""The one Jinja environment every backend renders with.

Strict by construction: an undefined name is an error, blocks do not leave
stray newlines, and files keep their final newline.  Templates are looked up
in the ``templates`` folder shipped inside the package (wheel install) or, in
a source checkout, the repository's top-level ``templates/``.

Compiled templates are kept between runs, the way Python keeps ``.pyc``
files: compiling every template costs about 100 ms (15 ms for the API XML
alone), paid again by every build that runs us.  Decisions:

* The cache is Jinja's own bytecode cache (a template's code is used only
  for the very source it was compiled from), in ``$VIRT_APIGEN_CACHE_DIR``
  if set, else ``$XDG_CACHE_HOME/virt-apigen``, else
  ``~/.cache/virt-apigen``; ``VIRT_APIGEN_CACHE_DIR=off`` (or an empty
  value) turns it off.
* Its folder name holds our version, Jinja's and the environment's settings,
  which change compiled code without changing a template's source.
* It is a speed-up, never a reason to fail: a folder that cannot be created
  or written (a build sandbox without a home) means compiling as if there
  were no cache.  A home that does not exist is not created for it: Debian's
  package builders set ``HOME=/nonexistent`` precisely so that a build
  writes nothing there, so with no such folder ``~/.cache`` is not used.
  Entries are written to a temporary file and renamed, so a concurrent run
  never reads half an entry.
* In the default places (from ``XDG_CACHE_HOME`` or ``HOME``) nothing is
  created unless the nearest folder that exists above ours (``~/.cache``,
  or the home itself when that is missing) is owned by the effective uid,
  as pip checks for its cache; otherwise there is no cache for the run.  A
  root run that kept a user's ``HOME`` (``sudo -E``, ``env_keep``) would
  otherwise leave a root-owned ``~/.cache`` and ``virt-apigen`` there:
  other programs then cannot write ``~/.cache``, the user's own cache is
  refused (not theirs) and they cannot even remove it.  The price: a user
  whose ``HOME`` is a folder of someone else (``HOME=/tmp`` in a container,
  not as root) gets no cache unless ``~/.cache`` exists and is theirs, or
  ``VIRT_APIGEN_CACHE_DIR`` names one.
* ``$VIRT_APIGEN_CACHE_DIR`` is created (with missing parents) wherever it
  points, whoever owns the folder above: the user named the place, and
  refusing it would turn an explicit request into a silent no-op.  Someone
  who passes it to a root run passes it on purpose.
* Outputs do not depend on it: the same source compiles to the same code.
* Its entries are loaded as code, so whoever can write them runs code as
  you.  The cache is used only when our folders (the ``virt-apigen`` one or
  ``$VIRT_APIGEN_CACHE_DIR``, and the versioned ``templates-*`` one inside)
  and each entry are owned by the effective uid and have no group or other
  write bit, checked without following symbolic links (a link in their
  place is refused, as Jinja's own default folder check refuses one).  Our
  folders are created with mode 0700.  Earlier versions made
  ``virt-apigen`` with the umask's mode (0775 under the usual umask 002),
  so a ``virt-apigen`` or ``templates-*`` folder that is ours (owned by the
  effective uid, a real folder) but writable by group or others has those
  write bits taken off (``fchmod`` on the descriptor opened without
  following links), then is checked as usual: its entries still have to
  pass their own check, and anything someone else put there while it was
  writable is theirs, so refused.  ``$VIRT_APIGEN_CACHE_DIR`` itself is
  not changed: a folder the user named may be shared on purpose, so one
  writable by others means no cache.  Who can write the folders above
  ours (a shared 1777 ``$XDG_CACHE_HOME``, ``HOME=/tmp`` as root in a
  container) is not ours to judge: nothing is loaded from them.  A folder that fails the check means no
  cache for the whole run; an entry that fails it is compiled again and
  replaced by ours.  Both are silent, like every other cache problem: the
  run is correct either way and a note on every run would only be noise
  (``VIRT_APIGEN_CACHE_DIR=off`` says so explicitly).  The folders are
  checked once per run on an open descriptor, and entries are opened and
  renamed relative to it, so a folder swapped after the check (a parent
  writable by others) is never used: a few system calls, microseconds.
  Where the system has no uids or no ``*at`` calls (Windows) there is no
  cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from functools import cache
from pathlib import Path

import jinja2
import jinja2.bccache

from . import __version__
from .filters import FILTERS

# Every setting that changes compiled code; part of the cache's folder name.
_TRIM_BLOCKS = _LSTRIP_BLOCKS = _KEEP_TRAILING_NEWLINE = True
_AUTOESCAPE = False
_SETTINGS = f"strict {_TRIM_BLOCKS} {_LSTRIP_BLOCKS} {_KEEP_TRAILING_NEWLINE} {_AUTOESCAPE}"
CACHE_VARIABLE = "VIRT_APIGEN_CACHE_DIR"


# Jinja's own entry names: entries written before this cache class still serve.
_ENTRY = "__jinja2_%s.cache"
# getattr: Windows has neither flag (nor uids), and importing this module must still work there.
_FOLDER_FLAGS: int = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_SUPPORTED = (
    all(hasattr(os, name) for name in ("geteuid", "O_DIRECTORY", "O_NOFOLLOW"))
    and {os.open, os.mkdir, os.rename, os.unlink} <= os.supports_dir_fd  # rename stands for replace (both renameat)
)


_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _ours_alone(status: os.stat_result) -> bool:
    """Owned by us and writable by nobody else: nobody else can put code there."""
    return status.st_uid == os.geteuid() and not status.st_mode & _OTHERS_WRITE


def _open_folder(name: str, create: bool, dir_fd: int | None = None, repair: bool = False) -> int | None:
    """A descriptor on our folder ``name``; None: it does not exist.

    Raises OSError when it cannot be used: not a folder, a symbolic link, or
    not ours alone.  ``create`` makes it (mode 0700) when missing; ``repair``
    takes the group and other write bits off it when it is ours (an earlier
    version made it with the umask's mode).
    """
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o700, dir_fd=dir_fd)
    try:
        fd = os.open(name, _FOLDER_FLAGS, dir_fd=dir_fd)  # a link in its place: ELOOP
    except FileNotFoundError:
        return None
    try:
        status = os.fstat(fd)
        if repair and status.st_uid == os.geteuid() and status.st_mode & _OTHERS_WRITE:
            # on the descriptor: the very folder just checked to be a real one, not a link's target
            os.fchmod(fd, stat.S_IMODE(status.st_mode) & ~_OTHERS_WRITE)
            status = os.fstat(fd)
        if not _ours_alone(status):
            raise PermissionError(f"{name}: not owned by us alone")
    except OSError:
        os.close(fd)
        raise
    return fd


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def _may_create(folder: Path) -> bool:
    """Whether making ``folder`` (and missing parents) leaves them where their owner is us.

    The nearest existing folder above must be ours (followed if a link: a
    ``~/.cache`` pointing elsewhere is common), as pip checks for its cache.
    """
    try:
        return os.stat(_nearest_existing(folder)).st_uid == os.geteuid()
    except OSError:
        return False


class _PrivateCache(jinja2.BytecodeCache):
    """Jinja's file cache, limited to folders and entries that are ours alone; OS errors: compile instead."""

    def __init__(self, folder: Path, chosen: bool) -> None:
        self._folder = folder
        self._chosen = chosen  # named by VIRT_APIGEN_CACHE_DIR, not one of the default places
        self._fd: int | None = None  # the checked versioned folder, kept open for the run
        self._refused = False  # a folder failed the check (or could not be made): no cache this run

    def _folder_fd(self, create: bool) -> int | None:
        if self._fd is None and not self._refused:
            try:
                self._fd = self._open_folders(create)
            except OSError:
                self._refused = True
        return self._fd

    def _open_folders(self, create: bool) -> int | None:
        ours = self._folder.parent
        if create:
            if not self._chosen and not _may_create(ours):  # root run with a user's HOME: leave it alone
                raise PermissionError(f"{ours}: would be made in a folder of another user")
            os.makedirs(ours.parent, exist_ok=True)  # ~/.cache and such: not ours, usual modes
        base = _open_folder(str(ours), create, repair=not self._chosen)  # a chosen folder may be shared on purpose
        if base is None:
            return None
        try:  # through the checked descriptor: a folder swapped in after the check is not reached
            return _open_folder(self._folder.name, create, dir_fd=base, repair=True)
        finally:
            os.close(base)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        folder = self._folder_fd(create=False)
        if folder is None:
            return
        try:
            fd = os.open(_ENTRY % bucket.key, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
        except OSError:  # missing, a link, unreadable: compile instead
            return
        with open(fd, "rb") as entry:
            try:
                status = os.fstat(fd)
                if stat.S_ISREG(status.st_mode) and _ours_alone(status):
                    bucket.load_bytecode(entry)
            except Exception:  # damaged (pickle, marshal, OS errors): compile instead
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        folder = self._folder_fd(create=True)
        if folder is None:
            return
        name = _ENTRY % bucket.key
        temporary = f"{name}.{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        except OSError:
            return
        try:
            with open(fd, "wb") as entry:
                bucket.write_bytecode(entry)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)  # readers never see half an entry
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)


def cache_folder() -> Path | None:
    """Where compiled templates are kept (see the module docstring); None: not kept."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        if chosen in ("", "off"):
            return None
        base = Path(chosen)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            base = Path(xdg) / "virt-apigen"
        elif (home := Path.home()).is_absolute() and str(home) != "/" and home.is_dir():
            base = home / ".cache" / "virt-apigen"
        else:  # HOME=/nonexistent (a package build), empty ("/") or relative: no cache rather than a strange place
            return None
    tag = hashlib.sha256(f"{__version__} {jinja2.__version__} {_SETTINGS}".encode()).hexdigest()[:16]
    return base / f"templates-{tag}"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        folder = cache_folder()
    except RuntimeError:  # Path.home() without a home
        return None
    return None if folder is None or not _SUPPORTED else _PrivateCache(folder, CACHE_VARIABLE in os.environ)


def template_root() -> Path:
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_root())),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        trim_blocks=_TRIM_BLOCKS,
        lstrip_blocks=_LSTRIP_BLOCKS,
        keep_trailing_newline=_KEEP_TRAILING_NEWLINE,
        autoescape=_AUTOESCAPE,
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
