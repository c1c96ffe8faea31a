"""The ASGI entry point: `uvicorn service.main:app`."""

import sys

from service.app import create_app
from service.logs import configure_logging
from service.settings import SettingsError, load_settings

try:
    settings = load_settings()
except SettingsError as error:
    # A readable message and exit status 1, not a traceback from deep inside the import.
    sys.exit(str(error))

configure_logging(settings.log_level)
app = create_app(settings)
