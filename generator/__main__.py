"""``python -m generator`` is the ``virt-apigen`` command."""

import sys

from .cli import main

sys.exit(main())
