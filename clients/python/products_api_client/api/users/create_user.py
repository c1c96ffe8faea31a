from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.user import User
from ...models.user_create import UserCreate
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UserCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/users/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | User | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = User.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | User | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | User | ValidationProblem]:
    """Register a user

     Creates an account. Open to anyone. The password is hashed before it is stored and is never returned
    or logged. Usernames are unique: registering a taken username is 409, even when two clients register
    the same name at the same moment (one gets 201, the other 409). The response's `Location` header is
    `/users/{id}`. With an `Idempotency-Key`, a retry (same key and body) gets the first response again
    and creates nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (UserCreate): A registration request (`POST /users/`). Unknown fields are rejected
            with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: UserCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | User | ValidationProblem | None:
    """Register a user

     Creates an account. Open to anyone. The password is hashed before it is stored and is never returned
    or logged. Usernames are unique: registering a taken username is 409, even when two clients register
    the same name at the same moment (one gets 201, the other 409). The response's `Location` header is
    `/users/{id}`. With an `Idempotency-Key`, a retry (same key and body) gets the first response again
    and creates nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (UserCreate): A registration request (`POST /users/`). Unknown fields are rejected
            with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | User | ValidationProblem]:
    """Register a user

     Creates an account. Open to anyone. The password is hashed before it is stored and is never returned
    or logged. Usernames are unique: registering a taken username is 409, even when two clients register
    the same name at the same moment (one gets 201, the other 409). The response's `Location` header is
    `/users/{id}`. With an `Idempotency-Key`, a retry (same key and body) gets the first response again
    and creates nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (UserCreate): A registration request (`POST /users/`). Unknown fields are rejected
            with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: UserCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | User | ValidationProblem | None:
    """Register a user

     Creates an account. Open to anyone. The password is hashed before it is stored and is never returned
    or logged. Usernames are unique: registering a taken username is 409, even when two clients register
    the same name at the same moment (one gets 201, the other 409). The response's `Location` header is
    `/users/{id}`. With an `Idempotency-Key`, a retry (same key and body) gets the first response again
    and creates nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (UserCreate): A registration request (`POST /users/`). Unknown fields are rejected
            with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
