"""``python -m crawler``: the ``akhbar`` command."""

import sys

from crawler.cli import main

sys.exit(main())
