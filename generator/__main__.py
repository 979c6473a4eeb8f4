"""``python -m generator`` is the ``virt-apigen`` command."""

import sys

from .fastpath import main

sys.exit(main())
