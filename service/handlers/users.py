"""The `users` operations: registration and reading your own account."""

from pydantic import MISSING

from service.auth.passwords import PasswordHasher
from service.clock import Clock
from service.db.users import UsernameTakenError, UserRecord, UserRepository
from service.generated.models import User, UserCreate
from service.generated.responses import (
    ConflictResponse,
    CreateUser201Response,
    CreateUserResponse,
    NotFoundResponse,
    ReadCurrentUser200Response,
    ReadCurrentUserResponse,
    ReadUser200Response,
    ReadUserResponse,
)
from service.handlers.idempotency import (
    ANONYMOUS,
    Idempotency,
    KeyedRequest,
    KeyRefused,
    refusal_response,
)
from service.handlers.problems import problem
from specfirst.runtime.authenticators import Authenticated


class Users:
    """Implements the generated `UsersHandlers` interface; `auth.principal` is the caller's
    record."""

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        idempotency: Idempotency,
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._idempotency = idempotency
        self._clock = clock

    async def create_user(
        self, *, body: UserCreate, idempotency_key: str | None
    ) -> CreateUserResponse:
        if idempotency_key is None:
            return await self._create_user(body)
        # Registration needs no credentials: the key is the caller's only name. A retry is
        # answered only with the same body, password included, so a guessed key reveals nothing.
        request = KeyedRequest(idempotency_key, ANONYMOUS, "create_user", body)
        result = await self._idempotency.once(
            request, lambda: self._create_user(body), CreateUser201Response
        )
        if isinstance(result, KeyRefused):
            # One 409 for both conflicts: a taken username and a key still in use.
            return refusal_response(result, in_use=ConflictResponse)
        return result

    async def _create_user(self, body: UserCreate) -> CreateUserResponse:
        try:
            user = await self._users.add(
                username=body.username,
                email=body.email,
                full_name=None if body.full_name is MISSING else body.full_name,
                password_hash=await self._hasher.hash(body.password),
                created_at=self._clock(),
            )
        except UsernameTakenError:
            return ConflictResponse(
                body=problem(409, f"The username {body.username!r} is already taken")
            )
        return CreateUser201Response(body=public(user), location=f"/users/{user.id}")

    async def read_current_user(
        self, *, auth: Authenticated[UserRecord]
    ) -> ReadCurrentUserResponse:
        return ReadCurrentUser200Response(body=public(auth.principal))

    async def read_user(self, *, auth: Authenticated[UserRecord], user_id: int) -> ReadUserResponse:
        # Another user's id is "not found", so ids cannot be probed for existence.
        if user_id != auth.principal.id:
            return NotFoundResponse(body=problem(404, f"No user with id {user_id}"))
        return ReadUser200Response(body=public(auth.principal))


def public(user: UserRecord) -> User:
    """The user as the API shows it: everything but the password hash."""
    return User(
        id=user.id,
        username=user.username,
        email=user.email,
        full_name=user.full_name,
        created_at=user.created_at,
    )
