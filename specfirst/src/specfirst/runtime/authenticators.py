"""What an application gives the binding to authenticate callers (framework-free)."""

from typing import Protocol, TypeVar

PrincipalT_co = TypeVar("PrincipalT_co", covariant=True)


class Authenticator(Protocol[PrincipalT_co]):
    """Turns a bearer token into the principal it names, or None when the token is not valid."""

    async def __call__(self, token: str) -> PrincipalT_co | None: ...
