"""`python -m specfirst generate | check | try | mock | new | stubs` (specfirst.cli)."""

import sys

from specfirst.cli import main

sys.exit(main())
