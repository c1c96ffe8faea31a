"""The Python SDK: `python -m clients.sdk generate` writes clients/python/ from openapi.yaml with
openapi-python-client; `python -m clients.sdk check` fails, with a diff, when it is stale.

The client is committed, so reviewers see in a pull request how a contract change reaches
client code, and so consumers can install it from a checkout without the generator.
"""

import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
OUTPUT: Final = ROOT / "clients" / "python"
BIN: Final = Path(sys.executable).parent


def generate(output: Path) -> None:
    subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path=openapi.yaml",
            "--config=clients/python-config.yaml",
            "--custom-template-path=clients/python-templates",
            f"--output-path={output}",
            "--overwrite",
            "--meta=uv",
        ],
        cwd=ROOT,
        # It formats its output with ruff, found on PATH: the project's pinned one.
        env=os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        check=True,
        capture_output=True,
    )


# Left behind by the tools that run over the client (ruff, Python), never part of it.
CACHES: Final = {"__pycache__", ".ruff_cache"}


def files(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): path.read_text(encoding="utf-8")
        for path in sorted(directory.rglob("*"))
        if path.is_file() and not CACHES & set(path.relative_to(directory).parts)
    }


def check() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "python"
        generate(fresh)
        expected, committed = files(fresh), files(OUTPUT)
    if expected == committed:
        return 0
    for name in sorted(expected.keys() | committed.keys()):
        before, after = committed.get(name, ""), expected.get(name, "")
        if before != after:
            sys.stdout.writelines(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    f"committed/{name}",
                    f"generated/{name}",
                )
            )
    print("clients/python/ is stale: run `make sdk` and commit the result", file=sys.stderr)
    return 1


def main() -> int:
    command = sys.argv[1] if len(sys.argv) == 2 else ""
    if command == "generate":
        generate(OUTPUT)
        return 0
    if command == "check":
        return check()
    print("usage: python -m clients.sdk generate|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
