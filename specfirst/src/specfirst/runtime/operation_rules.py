"""What the binding checks for one operation, as its spec declares it, and so which statuses
it may answer itself (framework-free).

The generator builds an operation's OperationRules from the spec, writes it into the generated
routes, and warns about each status of `binding_statuses()` the operation does not declare;
the route (routing.ContractRoute) answers only the statuses that same method lists. What the
spec lets the binding answer and what it does answer are one computation.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

# The status of a request whose parameters or body break their schemas.
INVALID_REQUEST: Final = 422


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationRules:
    """One operation's checks, from its spec."""

    # The declared media types of its request body (none: it takes no body).
    request_media_types: tuple[str, ...] = ()
    # Whether it declares parameters (values that can break their schemas).
    takes_parameters: bool = False
    # The status of invalid parameters or body (`invalid_request_status`).
    invalid_request_status: int = INVALID_REQUEST
    # An OAuth2 password flow's token endpoint: its 400s say `error: invalid_request`.
    oauth2_token_endpoint: bool = False
    # Whether security requirements apply, and whether some of them ask for scopes.
    secured: bool = False
    scoped: bool = False
    # The media types of its success responses when one of them offers a choice: 406 when
    # the request's Accept admits none.
    negotiated_media_types: tuple[str, ...] = ()
    # Whether some response offers several media types (Accept chooses among them).
    chooses_media_type: bool = False
    # Whether it declares 503: then a dependency that is down is a 503, not a 500.
    answers_unavailable: bool = False
    # A body limit of its own (an upload's: the spec's `x-max-body-bytes`).
    max_body_bytes: int | None = None

    @property
    def takes_body(self) -> bool:
        return bool(self.request_media_types)

    def binding_statuses(self) -> dict[int, str]:
        """The statuses the binding itself may answer for this operation, and why."""
        statuses: dict[int, str] = {}
        if self.takes_parameters or self.takes_body:
            statuses[self.invalid_request_status] = "invalid parameters or body"
        if self.takes_body:
            statuses[413] = "a body over the size limit"
            statuses[415] = "a body of an undeclared content type"
            statuses[400] = "a malformed body"
        if self.secured:
            statuses[401] = "missing or invalid credentials"
        if self.scoped:
            statuses[403] = "credentials that lack a required scope"
        if self.negotiated_media_types:
            statuses[406] = "an Accept header that admits none of its media types"
        if self.answers_unavailable:
            statuses[503] = "a dependency that is down"
        return dict(sorted(statuses.items()))


def invalid_request_status(declared: Collection[int | None]) -> int:
    """The status of a request breaking the bounds, by the statuses an operation declares:
    422, or 400 where only 400 is declared."""
    return 400 if 400 in declared and INVALID_REQUEST not in declared else INVALID_REQUEST
