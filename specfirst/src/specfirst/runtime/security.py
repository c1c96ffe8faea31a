"""Security schemes: credentials read from the request and turned into the principal."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from specfirst.runtime.authenticators import Authenticator

# A FastAPI dependency yielding the authenticated principal (or answering 401).
PrincipalDependency = Callable[..., Awaitable[Any]]


def bearer_principal(
    *, scheme_name: str, token_url: str, authenticate: Authenticator[Any]
) -> PrincipalDependency:
    """A dependency that yields the principal of a valid bearer token, or answers 401."""
    scheme = OAuth2PasswordBearer(tokenUrl=token_url, scheme_name=scheme_name, auto_error=False)

    # The scheme is a dependency of its own, so FastAPI's view of the route knows its security.
    async def principal(token: Annotated[str | None, Depends(scheme)]) -> Any:
        if not token:
            raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
        found = await authenticate(token)
        if found is None:
            raise HTTPException(
                401,
                "Could not validate credentials",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return found

    return principal
