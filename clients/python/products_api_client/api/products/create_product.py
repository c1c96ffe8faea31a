from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.product import Product
from ...models.product_in import ProductIn
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ProductIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/products/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Product | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = Product.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | Product | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProductIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Product | ValidationProblem]:
    """Create a product

     Creates a product owned by the caller. Optional fields left out are stored as null. The response's
    `Location` header is `/products/{id}`. Two clients creating at once both get their own rows. With an
    `Idempotency-Key`, a retry (same caller, key and body) gets the first response again and creates
    nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (ProductIn): A complete product, the body of `POST /products/` and `PUT
            /products/{product_id}`. Optional fields left out are stored as null (on PUT, they replace
            the old value with null). Numbers must be finite JSON numbers (`NaN` and `Infinity` are
            rejected); booleans and numeric strings such as `"5"` are not numbers. Unknown fields are
            rejected with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Product | ValidationProblem]
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
    client: AuthenticatedClient,
    body: ProductIn,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Product | ValidationProblem | None:
    """Create a product

     Creates a product owned by the caller. Optional fields left out are stored as null. The response's
    `Location` header is `/products/{id}`. Two clients creating at once both get their own rows. With an
    `Idempotency-Key`, a retry (same caller, key and body) gets the first response again and creates
    nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (ProductIn): A complete product, the body of `POST /products/` and `PUT
            /products/{product_id}`. Optional fields left out are stored as null (on PUT, they replace
            the old value with null). Numbers must be finite JSON numbers (`NaN` and `Infinity` are
            rejected); booleans and numeric strings such as `"5"` are not numbers. Unknown fields are
            rejected with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Product | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProductIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Product | ValidationProblem]:
    """Create a product

     Creates a product owned by the caller. Optional fields left out are stored as null. The response's
    `Location` header is `/products/{id}`. Two clients creating at once both get their own rows. With an
    `Idempotency-Key`, a retry (same caller, key and body) gets the first response again and creates
    nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (ProductIn): A complete product, the body of `POST /products/` and `PUT
            /products/{product_id}`. Optional fields left out are stored as null (on PUT, they replace
            the old value with null). Numbers must be finite JSON numbers (`NaN` and `Infinity` are
            rejected); booleans and numeric strings such as `"5"` are not numbers. Unknown fields are
            rejected with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Product | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ProductIn,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Product | ValidationProblem | None:
    """Create a product

     Creates a product owned by the caller. Optional fields left out are stored as null. The response's
    `Location` header is `/products/{id}`. Two clients creating at once both get their own rows. With an
    `Idempotency-Key`, a retry (same caller, key and body) gets the first response again and creates
    nothing; the same key with another body is 422.

    Args:
        idempotency_key (str | Unset):
        body (ProductIn): A complete product, the body of `POST /products/` and `PUT
            /products/{product_id}`. Optional fields left out are stored as null (on PUT, they replace
            the old value with null). Numbers must be finite JSON numbers (`NaN` and `Infinity` are
            rejected); booleans and numeric strings such as `"5"` are not numbers. Unknown fields are
            rejected with 422.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Product | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
