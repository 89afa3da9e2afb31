"""``python -m rowreader``: the command line in :mod:`rowreader.cli`."""

import sys

from rowreader.cli import main

sys.exit(main())
