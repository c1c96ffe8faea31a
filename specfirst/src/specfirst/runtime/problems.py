"""RFC 9457 problem details, framework-free: titles, and what a 503 says (the responses are
built in `problem_responses`)."""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Final

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"

# RFC 9110 §15 reason phrases; Python's http.HTTPStatus still uses some pre-9110 ones, and
# they change between Python versions, so the titles are pinned here.
PROBLEM_TITLES: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem_title(status: int) -> str:
    """The `title` of an `about:blank` problem with this status (RFC 9457 §4.2.1)."""
    return PROBLEM_TITLES.get(status) or HTTPStatus(status).phrase


@dataclass(frozen=True)
class Unavailable:
    """A dependency an operation needs is down: what the 503 tells the client, and how long
    it is asked to wait before retrying (RFC 9110 §10.2.3)."""

    detail: str
    retry_after_seconds: int = 5
