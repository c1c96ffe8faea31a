"""The GitHub Actions workflow: valid against SchemaStore's schema for GitHub workflows
(check-jsonschema carries it: no download), and running what our CI machines run, `make test`
beside PostgreSQL 15 and Redis."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def test_the_workflows_match_the_github_workflow_schema() -> None:
    workflows = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    assert workflows
    command = [
        str(Path(sys.executable).parent / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *workflows,
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_workflow_runs_make_test_beside_postgresql_15_and_redis() -> None:
    workflow: Any = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    # YAML 1.1 reads the key `on` as True.
    assert set(workflow[True]) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    services = job["services"]
    assert services["postgres"]["image"] == "postgres:15"
    assert services["postgres"]["ports"] == ["5432:5432"]
    assert services["postgres"]["env"]["POSTGRES_DB"] == "test"
    assert services["redis"]["ports"] == ["6379:6379"]
    assert [step["run"] for step in job["steps"] if "run" in step][-1] == "make test"
