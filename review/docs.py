"""`python -m review.docs <output.html>`: a self-contained static HTML reference of openapi.yaml.

Redocly's build-docs with its scripts inlined. The one thing it would still fetch from the
internet, the Redocly logo beside its "API docs by" credit (an <img> from cdn.redoc.ly), is
replaced by an empty inline image, so the page loads nothing from the network.
"""

import re
import sys
from pathlib import Path
from typing import Final

from review.node import ROOT, run_tool

REMOTE_IMAGE: Final = re.compile(r"https://cdn\.redoc\.ly/[A-Za-z0-9/._-]+\.svg")
EMPTY_IMAGE: Final = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


def build(output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    run_tool(
        "redocly", "build-docs", "openapi.yaml", "--inlineBundle", f"--output={output}", check=True
    )
    page = output.read_text(encoding="utf-8")
    output.write_text(REMOTE_IMAGE.sub(EMPTY_IMAGE, page), encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) == 2 else ROOT / "reports" / "api-reference.html"
    build(target)
    print(f"wrote {target}")
