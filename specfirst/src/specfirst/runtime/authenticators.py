"""What an application gives the binding to authenticate callers, and what handlers receive
(framework-free).

One authenticator per security scheme the spec uses, typed by what the scheme carries: a token
(`http` bearer, `oauth2` of any flow, `openIdConnect`), a key (`apiKey`), or a username and
password (`http` basic). Each is told the scopes the operation requires of that scheme, and
answers the principal the credentials name, None when they are not valid (401), or
InsufficientScope when they are valid but lack a required scope (403).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

PrincipalT = TypeVar("PrincipalT")
PrincipalT_co = TypeVar("PrincipalT_co", covariant=True)


@dataclass(frozen=True)
class InsufficientScope:
    """Valid credentials that lack a scope the operation requires (RFC 6750 §3.1)."""

    missing: Sequence[str] = ()


class TokenAuthenticator(Protocol[PrincipalT_co]):
    async def __call__(
        self, token: str, scopes: Sequence[str]
    ) -> PrincipalT_co | InsufficientScope | None: ...


class KeyAuthenticator(Protocol[PrincipalT_co]):
    async def __call__(
        self, key: str, scopes: Sequence[str]
    ) -> PrincipalT_co | InsufficientScope | None: ...


class PasswordAuthenticator(Protocol[PrincipalT_co]):
    async def __call__(
        self, username: str, password: str, scopes: Sequence[str]
    ) -> PrincipalT_co | InsufficientScope | None: ...


@dataclass(frozen=True)
class Authenticated(Generic[PrincipalT_co]):
    """Who called, as the handler receives it: the principal of the security requirement the
    request satisfied, the scheme that authenticated it (the first of the requirement's, when
    it names several), and every scheme's principal."""

    scheme: str
    principal: PrincipalT_co
    principals: Mapping[str, PrincipalT_co]
