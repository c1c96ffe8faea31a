"""Logging: every record, the service's and its libraries', as one JSON line (structlog).

Each line carries the request id of the request it belongs to (asgi-correlation-id) and
whatever `structlog.contextvars` holds for it (the user id, once authenticated).
"""

import logging
import sys
from typing import Any, TextIO

import structlog
from asgi_correlation_id import correlation_id
from structlog.typing import EventDict, Processor


def add_request_id(_logger: Any, _method: str, event: EventDict) -> EventDict:
    request_id = correlation_id.get()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


# Applied to records from structlog and from the standard library alike.
SHARED_PROCESSORS: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    add_request_id,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def json_formatter() -> logging.Formatter:
    """A stdlib formatter writing JSON lines; Gunicorn's logging config uses it too."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # A traceback becomes one string field of its record: logged once, in one line.
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )


def configure_logging(level: str, stream: TextIO = sys.stderr) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # Servers' loggers come with handlers of their own; send them through the root instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "gunicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # The service logs each request itself (service.request_log), with more than the server
    # knows (the path template, the user); the server's access line would repeat it.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
