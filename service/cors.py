"""Cross-origin requests from browser apps (CORS), for the origins the settings name.

Starlette's middleware does the work: it answers preflights and adds the Access-Control
headers. The API authenticates with bearer tokens, never cookies, so credentials are not
allowed (and `*` as an origin is safe to configure).
"""

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from specfirst.runtime.problem_responses import problem_response

# Response headers a browser app may read besides the CORS-safelisted ones.
EXPOSED_HEADERS: tuple[str, ...] = (
    "ETag",
    "Location",
    "Retry-After",
    "WWW-Authenticate",
    "X-Request-ID",
)
PREFLIGHT_MAX_AGE_SECONDS = 600


class ContractCORS(CORSMiddleware):
    """CORS whose refused preflights are problem+json, as every other error of the API."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        origins: tuple[str, ...],
        methods: tuple[str, ...],
        headers: tuple[str, ...],
    ) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=methods,
            allow_headers=headers,
            expose_headers=EXPOSED_HEADERS,
            max_age=PREFLIGHT_MAX_AGE_SECONDS,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        # "Disallowed CORS origin, method": what was refused. Without
        # Access-Control-Allow-Origin for the requesting origin, the browser refuses too.
        return problem_response(
            response.status_code, bytes(response.body).decode(), headers={"Vary": "Origin"}
        )
