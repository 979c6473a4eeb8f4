"""``python -m generator`` is the ``virt-apigen`` command."""

from . import run

run()
