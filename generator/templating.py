"""The one Jinja environment every backend renders with.

Strict by construction: an undefined name is an error, blocks do not leave
stray newlines, and files keep their final newline.  Templates are looked up
in the ``templates`` folder shipped inside the package (wheel install) or, in
a source checkout, the repository's top-level ``templates/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from .filters import FILTERS


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
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
