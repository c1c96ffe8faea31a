from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_auth_2_problem import OAuth2Problem
from ...models.problem import Problem
from ...models.token import Token
from ...models.token_request import TokenRequest
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OAuth2Problem | Problem | Token | None:
    if response.status_code == 200:
        response_200 = Token.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OAuth2Problem.from_dict(response.json())

        return response_400

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OAuth2Problem | Problem | Token]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[OAuth2Problem | Problem | Token]:
    """Log in (OAuth2 password grant)

     Exchanges a username and password for a bearer access token (RFC 6749 §4.3). The body is an
    `application/x-www-form-urlencoded` form, as OAuth2 and the seed article require. A successful
    response carries `Cache-Control: no-store` (RFC 6749 §5.1). Every error is 400 with OAuth2's `error`
    code in the problem body (RFC 6749 §5.2): `invalid_grant` for an unknown user or a wrong password
    (the two answers are byte-identical, so they reveal nothing about which usernames exist),
    `invalid_request` for a malformed or invalid form, and `unsupported_grant_type` for a `grant_type`
    other than `password`.

    Args:
        body (TokenRequest): The OAuth2 password-grant form (RFC 6749 §4.3.2), sent to `POST
            /token` as `application/x-www-form-urlencoded`. Unrecognised parameters (for example
            `client_id` or `client_secret`) are ignored, not rejected: RFC 6749 §3.2 says the server
            MUST ignore unrecognised request parameters, so unlike the JSON request bodies this schema
            does not forbid extra properties. A form that violates this schema is 400
            `invalid_request`, not 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuth2Problem | Problem | Token]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> OAuth2Problem | Problem | Token | None:
    """Log in (OAuth2 password grant)

     Exchanges a username and password for a bearer access token (RFC 6749 §4.3). The body is an
    `application/x-www-form-urlencoded` form, as OAuth2 and the seed article require. A successful
    response carries `Cache-Control: no-store` (RFC 6749 §5.1). Every error is 400 with OAuth2's `error`
    code in the problem body (RFC 6749 §5.2): `invalid_grant` for an unknown user or a wrong password
    (the two answers are byte-identical, so they reveal nothing about which usernames exist),
    `invalid_request` for a malformed or invalid form, and `unsupported_grant_type` for a `grant_type`
    other than `password`.

    Args:
        body (TokenRequest): The OAuth2 password-grant form (RFC 6749 §4.3.2), sent to `POST
            /token` as `application/x-www-form-urlencoded`. Unrecognised parameters (for example
            `client_id` or `client_secret`) are ignored, not rejected: RFC 6749 §3.2 says the server
            MUST ignore unrecognised request parameters, so unlike the JSON request bodies this schema
            does not forbid extra properties. A form that violates this schema is 400
            `invalid_request`, not 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuth2Problem | Problem | Token
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[OAuth2Problem | Problem | Token]:
    """Log in (OAuth2 password grant)

     Exchanges a username and password for a bearer access token (RFC 6749 §4.3). The body is an
    `application/x-www-form-urlencoded` form, as OAuth2 and the seed article require. A successful
    response carries `Cache-Control: no-store` (RFC 6749 §5.1). Every error is 400 with OAuth2's `error`
    code in the problem body (RFC 6749 §5.2): `invalid_grant` for an unknown user or a wrong password
    (the two answers are byte-identical, so they reveal nothing about which usernames exist),
    `invalid_request` for a malformed or invalid form, and `unsupported_grant_type` for a `grant_type`
    other than `password`.

    Args:
        body (TokenRequest): The OAuth2 password-grant form (RFC 6749 §4.3.2), sent to `POST
            /token` as `application/x-www-form-urlencoded`. Unrecognised parameters (for example
            `client_id` or `client_secret`) are ignored, not rejected: RFC 6749 §3.2 says the server
            MUST ignore unrecognised request parameters, so unlike the JSON request bodies this schema
            does not forbid extra properties. A form that violates this schema is 400
            `invalid_request`, not 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuth2Problem | Problem | Token]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> OAuth2Problem | Problem | Token | None:
    """Log in (OAuth2 password grant)

     Exchanges a username and password for a bearer access token (RFC 6749 §4.3). The body is an
    `application/x-www-form-urlencoded` form, as OAuth2 and the seed article require. A successful
    response carries `Cache-Control: no-store` (RFC 6749 §5.1). Every error is 400 with OAuth2's `error`
    code in the problem body (RFC 6749 §5.2): `invalid_grant` for an unknown user or a wrong password
    (the two answers are byte-identical, so they reveal nothing about which usernames exist),
    `invalid_request` for a malformed or invalid form, and `unsupported_grant_type` for a `grant_type`
    other than `password`.

    Args:
        body (TokenRequest): The OAuth2 password-grant form (RFC 6749 §4.3.2), sent to `POST
            /token` as `application/x-www-form-urlencoded`. Unrecognised parameters (for example
            `client_id` or `client_secret`) are ignored, not rejected: RFC 6749 §3.2 says the server
            MUST ignore unrecognised request parameters, so unlike the JSON request bodies this schema
            does not forbid extra properties. A form that violates this schema is 400
            `invalid_request`, not 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuth2Problem | Problem | Token
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
