"""Answers the binding gives itself (415, 406, 400, 422, 401, 503...) in the spec's own format.

By default they are problem details. Where the spec declares another body for such a status
(an `Error` schema under `default`, say), the application can give `bind_routes` a
`binding_errors` function that builds that response from the binding's own account of it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from specfirst.runtime.responses import ApiResponse


@dataclass(frozen=True)
class BindingError:
    """What the binding would answer, and the response class the spec declares for it."""

    status: int
    detail: str
    # Headers the answer must carry (WWW-Authenticate, Retry-After); kept when the response
    # built does not set them itself.
    headers: Mapping[str, str]
    # The problem details' extension members (`errors`: every invalid value).
    members: Mapping[str, Any]
    declared: type[ApiResponse]


# Builds the declared response (an instance of `error.declared`) for a binding error.
BindingErrors = Callable[[BindingError], ApiResponse]
