"""Running the pinned Node tools (tools/node_modules, installed by the Makefile) on the spec."""

import os
import subprocess
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
NODE_BIN: Final = ROOT / "tools" / "node_modules" / ".bin"
# Redocly phones home and nags about updates unless told not to.
_QUIET: Final = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def run_tool(tool: str, *arguments: str, check: bool) -> subprocess.CompletedProcess[str]:
    """`tool` from tools/node_modules/.bin, run from the project root, its output captured."""
    return subprocess.run(
        [str(NODE_BIN / tool), *arguments],
        cwd=ROOT,
        env=os.environ | _QUIET,
        capture_output=True,
        text=True,
        check=check,
    )
