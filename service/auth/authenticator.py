"""Turns a bearer token into the user it names: the authenticator of the spec's
OAuth2PasswordBearer scheme (specfirst.runtime.authenticators.TokenAuthenticator)."""

from collections.abc import Sequence

import structlog

from service.auth.tokens import TokenCodec
from service.db.users import UserRecord, UserRepository


class BearerAuthenticator:
    def __init__(self, tokens: TokenCodec, users: UserRepository) -> None:
        self._tokens = tokens
        self._users = users

    async def __call__(self, token: str, scopes: Sequence[str]) -> UserRecord | None:
        """The token's user; None when the token is invalid or its user no longer exists.
        The service's operations ask for no scopes."""
        user_id = self._tokens.user_id(token)
        user = None if user_id is None else await self._users.get(user_id)
        if user is not None:
            # From here on, this request's log lines name its user.
            structlog.contextvars.bind_contextvars(user_id=user.id)
        return user
