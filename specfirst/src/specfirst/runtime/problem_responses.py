"""Problem details responses (RFC 9457): every error response the runtime itself produces is
built here."""

from collections.abc import Mapping
from typing import Any

from pydantic_core import to_json
from starlette.responses import Response

from specfirst.runtime.problems import PROBLEM_MEDIA_TYPE, Unavailable, problem_title


def problem_response(
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    **members: Any,
) -> Response:
    """An RFC 9457 problem details response; `members` are extension members."""
    body = {
        "type": "about:blank",
        "title": problem_title(status),
        "status": status,
        "detail": detail,
        **members,
    }
    return Response(
        content=to_json(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def unavailable_response(unavailable: Unavailable) -> Response:
    """503: a dependency the operation needs is down; the client may retry later."""
    return problem_response(
        503,
        unavailable.detail,
        headers={"Retry-After": str(unavailable.retry_after_seconds)},
    )
