"""`python -m specfirst generate | check`: the generator's command line (specfirst.codegen.cli)."""

import sys

from specfirst.codegen.cli import main

sys.exit(main())
