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
  writes nothing there, so with no such folder ``~/.cache`` is not used.  Entries are written to a temporary file and renamed, so a
  concurrent run never reads half an entry.
* Outputs do not depend on it: the same source compiles to the same code.
* Its entries are loaded as code, so the folder must be writable by you
  alone; the default one is created with mode 0700.  Point
  ``VIRT_APIGEN_CACHE_DIR`` at a shared folder only if you trust everyone
  who can write to it.
"""

from __future__ import annotations

import hashlib
import os
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


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, creating its folder on first use and ignoring every OS error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged (pickle, marshal, OS errors): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            # makedirs gives the mode to the last folder only: ours (virt-apigen/) is private too
            os.makedirs(os.path.dirname(self.directory), mode=0o700, exist_ok=True)
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


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
    return None if folder is None else _QuietCache(str(folder))


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
