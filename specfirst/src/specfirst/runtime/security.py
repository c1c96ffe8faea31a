"""Security schemes and requirements: credentials read from the request and turned into the
principal, or the 401/403 each scheme's RFC asks for.

A requirement names one or more schemes, all needed; an operation lists requirements, any one
of which suffices; an empty requirement (`{}`) lets anonymous callers in. Credentials that are
present but not valid are never taken for no credentials at all: they are a 401 even where
anonymous callers are welcome.
"""

import base64
import binascii
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from starlette.exceptions import HTTPException
from starlette.requests import Request

from specfirst.runtime.authenticators import Authenticated, InsufficientScope
from specfirst.runtime.locations import location_text

# A requirement: each scheme it names, with the scopes it asks of that scheme.
Requirement = Sequence[tuple[str, Sequence[str]]]
# What reads and checks a request's credentials for one operation: its Authenticated, None
# for an anonymous caller where that is allowed, or HTTPException 401/403.
Authentication = Callable[[Request], Awaitable[Authenticated[Any] | None]]


@dataclass(frozen=True)
class Scheme:
    """One security scheme of the spec, as the binding reads its credentials.

    `kind` is "bearer" (http bearer, oauth2, openIdConnect), "basic" (http basic) or "key"
    (apiKey, in `location` under `parameter`)."""

    kind: str
    location: str = "header"
    parameter: str = "Authorization"
    realm: str | None = None

    def credentials(self, request: Request) -> tuple[str, ...] | None:
        """What the request carries for this scheme, or None when it carries nothing."""
        if self.kind == "key":
            value = location_text(request, self.location, self.parameter)
            return None if value is None else (value,)
        authorization = request.headers.get("authorization")
        if authorization is None:
            return None
        name, _, value = authorization.partition(" ")
        if name.lower() != self.kind or not value.strip():
            return None
        if self.kind == "bearer":
            return (value.strip(),)
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ("", "\0")  # present, but never valid
        username, separator, password = decoded.partition(":")
        return (username, password) if separator else ("", "\0")

    def challenge(self, error: str | None = None) -> str | None:
        """The WWW-Authenticate challenge of this scheme (RFC 6750, RFC 7617); API keys have
        none."""
        if self.kind == "bearer":
            return "Bearer" if error is None else f'Bearer error="{error}"'
        if self.kind == "basic":
            return f'Basic realm="{self.realm or "api"}", charset="UTF-8"'
        return None


# The 401 details: what a client most needs to know.
NOT_AUTHENTICATED: Final = "Not authenticated"
INVALID_CREDENTIALS: Final = "Could not validate credentials"


@dataclass
class Security:
    """The spec's schemes and the application's authenticator for each; `requires` makes the
    authentication of one operation."""

    schemes: Mapping[str, Scheme]
    authenticators: Mapping[str, Callable[..., Awaitable[Any]] | None] = field(default_factory=dict)

    def missing(self, requirements: Sequence[Requirement]) -> list[str]:
        """The schemes `requirements` name that have no authenticator."""
        names = {name for requirement in requirements for name, _ in requirement}
        return sorted(name for name in names if self.authenticators.get(name) is None)

    def requires(self, requirements: Sequence[Requirement]) -> Authentication:
        authenticators = {name: self.authenticators[name] for name in self._names(requirements)}
        schemes = self.schemes

        async def authenticate(request: Request) -> Authenticated[Any] | None:
            refused = False
            short_of_scope: list[str] = []
            anonymous_allowed = False
            for requirement in requirements:
                if not requirement:
                    anonymous_allowed = True
                    continue
                principals: dict[str, Any] = {}
                for name, scopes in requirement:
                    credentials = schemes[name].credentials(request)
                    if credentials is None:
                        break
                    found = await authenticators[name](*credentials, scopes)  # type: ignore[misc]
                    if found is None:
                        refused = True
                        break
                    if isinstance(found, InsufficientScope):
                        short_of_scope += found.missing or scopes
                        break
                    principals[name] = found
                else:
                    first = requirement[0][0]
                    return Authenticated(first, principals[first], principals)
            if anonymous_allowed and not refused and not short_of_scope:
                return None
            raise _refusal(requirements, schemes, refused=refused, short_of_scope=short_of_scope)

        return authenticate

    @staticmethod
    def _names(requirements: Sequence[Requirement]) -> list[str]:
        return list(dict.fromkeys(name for requirement in requirements for name, _ in requirement))


def _refusal(
    requirements: Sequence[Requirement],
    schemes: Mapping[str, Scheme],
    *,
    refused: bool,
    short_of_scope: Sequence[str],
) -> HTTPException:
    names = dict.fromkeys(name for requirement in requirements for name, _ in requirement)
    if short_of_scope and not refused:
        scope = " ".join(dict.fromkeys(short_of_scope))
        challenge = f'Bearer error="insufficient_scope", scope="{scope}"'
        return HTTPException(
            403, f"The credentials lack a required scope: {scope}", {"WWW-Authenticate": challenge}
        )
    error = "invalid_token" if refused else None
    challenges = [c for name in names if (c := schemes[name].challenge(error)) is not None]
    headers = {"WWW-Authenticate": ", ".join(dict.fromkeys(challenges))} if challenges else None
    return HTTPException(401, INVALID_CREDENTIALS if refused else NOT_AUTHENTICATED, headers)


class MissingAuthenticatorError(TypeError):
    """Operations to be served need a security scheme the application gave no authenticator."""


def require_authenticators(
    security: Security, requirements: Mapping[str, Sequence[Requirement]]
) -> None:
    """Fail at start, naming them, when operations need schemes without an authenticator."""
    missing = {
        operation: names
        for operation, needed in requirements.items()
        if (names := security.missing(needed))
    }
    if missing:
        schemes = sorted({name for names in missing.values() for name in names})
        raise MissingAuthenticatorError(
            f"no authenticator for the security scheme(s) {', '.join(schemes)}, which "
            f"{', '.join(sorted(missing))} need: give bind_routes one for each"
        )
