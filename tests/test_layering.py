"""Handlers never touch the web framework: they see only the framework-free generated modules,
and the framework-free modules of the runtime library those import."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK_FREE = [
    *(
        f"specfirst.runtime.{name}"
        for name in (
            # What handlers and the generated modules they import may use.
            "authenticators",
            "binding_errors",
            "formats",
            "models",
            "problems",
            "responses",
            "uploads",
            # The rules the generator shares with the runtime.
            "media",
            "negotiation",
            "operation_rules",
            "pointers",
            "shapes",
            "styles",
        )
    ),
    "service.generated.models",
    "service.generated.responses",
    "service.generated.interfaces",
    *sorted(f"service.handlers.{p.stem}" for p in (ROOT / "service" / "handlers").glob("[!_]*.py")),
]


def test_handlers_and_their_interfaces_import_no_web_framework() -> None:
    probe = (
        f"import sys\nfor name in {FRAMEWORK_FREE!r}:\n    __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastapi', 'starlette'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert "service.handlers.meta" in FRAMEWORK_FREE
