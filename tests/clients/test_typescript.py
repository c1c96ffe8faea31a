"""TypeScript consumers: types from openapi.yaml (openapi-typescript), and a consumer file
(clients/typescript/consumer.ts) type-checked against them with tsc."""

import subprocess
from pathlib import Path

import pytest
import yaml

from review.node import run_tool
from tests.support.processes import ROOT

CONSUMER = ROOT / "clients" / "typescript"

pytestmark = pytest.mark.usefixtures("node_tools")


def type_check(spec: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Generate types from `spec` next to a copy of the consumer, then run tsc over both."""
    for name in ("consumer.ts", "tsconfig.json"):
        (workdir / name).write_text((CONSUMER / name).read_text(encoding="utf-8"))
    run_tool("openapi-typescript", str(spec), "--output", str(workdir / "api.d.ts"), check=True)
    return run_tool("tsc", "--project", str(workdir / "tsconfig.json"), check=False)


def test_the_consumer_type_checks_against_the_spec(tmp_path: Path) -> None:
    result = type_check(ROOT / "openapi.yaml", tmp_path)
    assert result.returncode == 0, result.stdout


def test_a_breaking_spec_change_fails_the_check(tmp_path: Path) -> None:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    product = spec["components"]["schemas"]["Product"]
    # Rename a response field, as a careless contract change would.
    product["properties"]["cost"] = product["properties"].pop("price")
    product["required"] = ["cost" if name == "price" else name for name in product["required"]]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = type_check(broken, tmp_path)
    assert result.returncode != 0
    assert "Property 'price' does not exist" in result.stdout
