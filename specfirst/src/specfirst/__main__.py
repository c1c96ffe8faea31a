"""`python -m specfirst generate | check | try | mock`: the command line (specfirst.cli)."""

import sys

from specfirst.cli import main

sys.exit(main())
