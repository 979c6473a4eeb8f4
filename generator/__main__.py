"""``python -m generator`` is the ``virt-apigen`` command."""

from .fastpath import run

run()
