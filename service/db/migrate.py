"""Bring a database's schema to the latest migration: `python -m service.db.migrate`."""

import asyncio
import sys
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config

from service.settings import SettingsError, load_settings

ALEMBIC_INI: Final = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    config = Config(ALEMBIC_INI)
    config.attributes["database_url"] = database_url
    # The service configures logging itself; Alembic's file config would replace it.
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(database_url: str) -> None:
    """Apply every migration not yet applied (blocking; it runs its own event loop)."""
    command.upgrade(alembic_config(database_url), "head")


async def upgrade_to_head_async(database_url: str) -> None:
    """`upgrade_to_head` from inside a running event loop (Alembic needs one of its own)."""
    await asyncio.to_thread(upgrade_to_head, database_url)


def main() -> None:
    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(str(error))
    upgrade_to_head(settings.database_url)
    print(f"{settings.database.render_as_string()}: schema is at the latest migration")


if __name__ == "__main__":
    main()
