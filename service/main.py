"""The ASGI entry point: `uvicorn service.main:app`."""

import logging
import sys

from service.app import create_app
from service.settings import SettingsError, load_settings

try:
    settings = load_settings()
except SettingsError as error:
    # A readable message and exit status 1, not a traceback from deep inside the import.
    sys.exit(str(error))

logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
app = create_app(settings)
