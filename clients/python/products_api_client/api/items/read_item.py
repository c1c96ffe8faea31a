from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.item_echo import ItemEcho
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: int,
    *,
    q: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/items/{item_id}".format(
            item_id=quote(str(item_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ItemEcho | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = ItemEcho.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ItemEcho | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
) -> Response[ItemEcho | ValidationProblem]:
    """Echo an item id and query string

     The seed article's echo: returns the path's `item_id` and the optional query parameter `q` (null
    when absent). Nothing is stored or looked up. Unlike the article, `item_id` follows the API-wide id
    rule (1 .. 2^63-1), so `0`, a negative number or a non-integer is 422.

    Args:
        item_id (int):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ItemEcho | ValidationProblem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        q=q,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
) -> ItemEcho | ValidationProblem | None:
    """Echo an item id and query string

     The seed article's echo: returns the path's `item_id` and the optional query parameter `q` (null
    when absent). Nothing is stored or looked up. Unlike the article, `item_id` follows the API-wide id
    rule (1 .. 2^63-1), so `0`, a negative number or a non-integer is 422.

    Args:
        item_id (int):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ItemEcho | ValidationProblem
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        q=q,
    ).parsed


async def asyncio_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
) -> Response[ItemEcho | ValidationProblem]:
    """Echo an item id and query string

     The seed article's echo: returns the path's `item_id` and the optional query parameter `q` (null
    when absent). Nothing is stored or looked up. Unlike the article, `item_id` follows the API-wide id
    rule (1 .. 2^63-1), so `0`, a negative number or a non-integer is 422.

    Args:
        item_id (int):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ItemEcho | ValidationProblem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        q=q,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
) -> ItemEcho | ValidationProblem | None:
    """Echo an item id and query string

     The seed article's echo: returns the path's `item_id` and the optional query parameter `q` (null
    when absent). Nothing is stored or looked up. Unlike the article, `item_id` follows the API-wide id
    rule (1 .. 2^63-1), so `0`, a negative number or a non-integer is 422.

    Args:
        item_id (int):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ItemEcho | ValidationProblem
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            q=q,
        )
    ).parsed
