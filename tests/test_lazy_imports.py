"""Packages the service imports only when its settings need them, or never: each costs every
worker memory (measured under make bench: redis about 15 MiB, Alembic about 5 MiB), and
prometheus_client would mean requests are measured."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The app is built, not started: nothing connects to these.
POSTGRESQL = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
REDIS = "redis://127.0.0.1:1/0"
OPTIONAL = {"redis", "alembic", "prometheus_client"}


def loaded_by_building_the_app(*, start: bool = False, **settings: str) -> set[str]:
    """Which of OPTIONAL a fresh process holds after create_app(Settings(...)), and after
    running its start-up too when `start`."""
    probe = (
        "import asyncio, json, sys\n"
        "from service.app import create_app\n"
        "from service.settings import Settings\n"
        f"app = create_app(Settings(**{settings!r}))\n"
        "async def start_and_stop():\n"
        "    async with app.router.lifespan_context(app):\n"
        "        pass\n"
        f"if {start!r}:\n"
        "    asyncio.run(start_and_stop())\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {OPTIONAL!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def test_a_service_on_postgresql_without_redis_loads_neither() -> None:
    assert loaded_by_building_the_app(database_url=POSTGRESQL) == set()


def test_the_login_limiter_loads_redis_only_with_a_redis_url() -> None:
    assert loaded_by_building_the_app(database_url=POSTGRESQL, redis_url=REDIS) == {"redis"}


def test_metrics_load_prometheus_client_only_with_a_metrics_port() -> None:
    # Built, not started: the app's lifespan would serve the metrics on that port.
    loaded = loaded_by_building_the_app(database_url=POSTGRESQL, metrics_port="9100")
    assert loaded == {"prometheus_client"}


def test_the_service_never_loads_alembic_even_on_a_new_sqlite_file(tmp_path: Path) -> None:
    # The commands that start it migrate (make run, Gunicorn's master); the service only looks.
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    assert loaded_by_building_the_app(start=True, database_url=database_url) == set()
