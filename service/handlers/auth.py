"""The `auth` operation: the OAuth2 password grant that issues access tokens."""

from collections.abc import Callable
from typing import Literal, TypeAlias

from pydantic import MISSING

from service.auth.passwords import PasswordHasher
from service.auth.rate_limit import LoginRateLimiter
from service.auth.tokens import TokenCodec
from service.clock import Clock
from service.db.users import UserRepository
from service.generated.models import OAuth2Problem, Token, TokenRequest
from service.generated.responses import (
    LoginForAccessToken200Response,
    LoginForAccessToken400Response,
    LoginForAccessToken429Response,
    LoginForAccessTokenResponse,
)
from service.handlers.problems import problem
from specfirst.runtime.problems import problem_title

OAuth2Error: TypeAlias = Literal["invalid_grant", "unsupported_grant_type"]


def oauth2_problem(error: OAuth2Error, detail: str) -> OAuth2Problem:
    """A 400 problem that OAuth2 clients also understand (RFC 6749 §5.2's `error`)."""
    return OAuth2Problem(
        type="about:blank", title=problem_title(400), status=400, detail=detail, error=error
    )


# One answer for an unknown user and a wrong password, so neither can be told from the other.
INVALID_GRANT = oauth2_problem("invalid_grant", "Incorrect username or password")
UNSUPPORTED_GRANT_TYPE = oauth2_problem(
    "unsupported_grant_type", 'Unsupported grant_type: only "password" is supported'
)


class Auth:
    """Implements the generated `AuthHandlers` interface."""

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        tokens: TokenCodec,
        limiter: LoginRateLimiter,
        client_address: Callable[[], str | None],
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._tokens = tokens
        self._limiter = limiter
        self._client_address = client_address
        self._clock = clock

    async def login_for_access_token(self, *, form: TokenRequest) -> LoginForAccessTokenResponse:
        if form.grant_type is not MISSING and form.grant_type != "password":
            return LoginForAccessToken400Response(body=UNSUPPORTED_GRANT_TYPE)
        retry_after = await self._limiter.retry_after(
            address=self._client_address(), username=form.username
        )
        if retry_after is not None:
            return LoginForAccessToken429Response(
                body=problem(429, f"Too many login attempts; retry in {retry_after} seconds"),
                retry_after=str(retry_after),
            )
        user = await self._users.find_by_username(form.username)
        # An unknown user is checked against a dummy hash: the same work as a wrong password.
        matched, new_hash = await self._hasher.verify(
            form.password, None if user is None else user.password_hash
        )
        if user is None or not matched:
            return LoginForAccessToken400Response(body=INVALID_GRANT)
        if new_hash is not None:  # hashed with an older cost setting: upgrade it now
            await self._users.set_password_hash(user.id, new_hash)
        issued = self._tokens.issue(user.id, now=self._clock())
        return LoginForAccessToken200Response(
            body=Token(
                access_token=issued.access_token,
                token_type="bearer",
                expires_in=issued.expires_in,
            ),
            # RFC 6749 §5.1: token responses must not be cached.
            cache_control="no-store",
        )
