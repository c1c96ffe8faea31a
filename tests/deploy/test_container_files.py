"""The Dockerfile and compose.yaml, checked by structure (no Docker engine runs here; CI runs
the same Gunicorn command for real, in tests/deploy/test_serve.py)."""

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
# Variables read by something other than the settings class: Gunicorn's config and Gunicorn.
# Read by the server command (gunicorn.conf.py, Gunicorn, prometheus_client), not Settings.
SERVER_VARIABLES = {
    "HOST",
    "PORT",
    "WEB_CONCURRENCY",
    "FORWARDED_ALLOW_IPS",
    "PROMETHEUS_MULTIPROC_DIR",
}


def instructions(name: str) -> list[str]:
    """The arguments of every Dockerfile instruction `name`, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(f"{name} ")]


def make_serve_command() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nserve:", 1)[1].split("\n")[1].strip()
    command = [word for word in shlex.split(recipe) if "=" not in word]
    return [Path(command[0]).name, *command[1:]]


def test_the_image_runs_the_command_make_serve_runs() -> None:
    [cmd] = instructions("CMD")
    assert (
        yaml.safe_load(cmd) == make_serve_command() == ["gunicorn", "--config", "gunicorn.conf.py"]
    )


def test_multi_stage_slim_and_non_root() -> None:
    stages = instructions("FROM")
    assert len(stages) >= 2
    assert all(stage.split()[0] == "python:3.11-slim" for stage in stages)
    [user] = instructions("USER")
    assert user not in {"root", "0"}
    assert DOCKERFILE.index("USER ") > DOCKERFILE.rindex("FROM ")


def test_dependencies_come_from_the_lock_file_without_dev_tools() -> None:
    [sync] = [run for run in instructions("RUN") if "uv sync" in run]
    assert "--frozen" in sync
    assert "--no-dev" in sync
    # The runtime library is a workspace member: its source is there before the sync, and it
    # is installed into the environment the final stage copies, not linked to the source.
    assert "--no-editable" in sync
    assert DOCKERFILE.index("COPY specfirst ") < DOCKERFILE.index("uv sync")


def test_the_healthcheck_asks_healthz() -> None:
    [healthcheck] = instructions("HEALTHCHECK")
    assert "/healthz" in healthcheck


def test_compose_runs_the_api_on_postgres_15_once_it_is_healthy() -> None:
    api, db = COMPOSE["services"]["api"], COMPOSE["services"]["db"]
    assert db["image"] == "postgres:15"
    assert "healthcheck" in db
    assert api["depends_on"]["db"]["condition"] == "service_healthy"
    [volume] = db["volumes"]
    assert volume.split(":")[0] in COMPOSE["volumes"]  # a named volume, not a host path


def test_compose_names_only_variables_the_service_reads() -> None:
    settings_variables = {name.upper() for name in Settings.model_fields}
    api_variables = set(COMPOSE["services"]["api"]["environment"])
    assert api_variables <= settings_variables | SERVER_VARIABLES
    assert {"DATABASE_URL", "SECRET_KEY", "ENVIRONMENT"} <= api_variables


def test_compose_has_no_default_secret() -> None:
    environment = COMPOSE["services"]["api"]["environment"]
    assert environment["ENVIRONMENT"] == "production"
    # ${VAR:?message}: compose refuses to start when the variable is unset.
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*\}", environment["SECRET_KEY"])
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert COMPOSE["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
