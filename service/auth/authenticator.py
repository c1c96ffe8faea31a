"""Turns a bearer token into the user it names: the service's generated `Authenticator`."""

import structlog

from service.auth.tokens import TokenCodec
from service.db.users import UserRecord, UserRepository


class BearerAuthenticator:
    def __init__(self, tokens: TokenCodec, users: UserRepository) -> None:
        self._tokens = tokens
        self._users = users

    async def __call__(self, token: str) -> UserRecord | None:
        """The token's user; None when the token is invalid or its user no longer exists."""
        user_id = self._tokens.user_id(token)
        user = None if user_id is None else await self._users.get(user_id)
        if user is not None:
            # From here on, this request's log lines name its user.
            structlog.contextvars.bind_contextvars(user_id=user.id)
        return user
