"""Access tokens: HS256-signed JWTs (python-jose) naming a user id, with an expiry."""

import logging
import secrets
from datetime import datetime, timedelta
from typing import Final, NamedTuple

from jose import jwt
from jose.exceptions import JOSEError

logger = logging.getLogger(__name__)

ALGORITHM: Final = "HS256"
# Claims a token must carry; python-jose checks `exp` (and `iat`'s type) when present.
_DECODE_OPTIONS: Final = {"require_sub": True, "require_exp": True, "require_iat": True}
_MAX_ID: Final = 2**63 - 1


class IssuedToken(NamedTuple):
    access_token: str
    expires_in: int  # seconds


class TokenCodec:
    def __init__(self, *, secret_key: str | None, lifetime: timedelta) -> None:
        if secret_key is None:
            logger.warning(
                "SECRET_KEY is not set: signing tokens with a random key for this process only;"
                " tokens will not survive a restart or work across workers. Set SECRET_KEY."
            )
            secret_key = secrets.token_urlsafe(32)
        self._key = secret_key
        self._lifetime = lifetime

    def issue(self, user_id: int, *, now: datetime) -> IssuedToken:
        claims = {
            "sub": str(user_id),
            "iat": int(now.timestamp()),
            "exp": int((now + self._lifetime).timestamp()),
        }
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM)
        return IssuedToken(token, int(self._lifetime.total_seconds()))

    def user_id(self, token: str) -> int | None:
        """The user id a valid, unexpired token names; None for any token that is not one."""
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], options=_DECODE_OPTIONS)
        # python-jose reports malformed input in several ways besides its own errors.
        except (JOSEError, ValueError, TypeError, KeyError, AttributeError):
            return None
        subject = claims.get("sub")
        # Only the canonical decimal form this service issues: no sign, spaces or leading
        # zeros, and no longer than 2^63-1 (int() of a huge string is itself slow).
        if not isinstance(subject, str) or len(subject) > len(str(_MAX_ID)):
            return None
        if not subject.isascii() or not subject.isdigit():
            return None
        user_id = int(subject)
        if str(user_id) != subject or not 1 <= user_id <= _MAX_ID:
            return None
        return user_id
