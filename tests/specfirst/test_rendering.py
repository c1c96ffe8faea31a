"""The runtime's serialisation of typed responses: every content kind, statuses the handler
chooses, alternatives, and what it refuses."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import ClassVar

import pytest
from pydantic import BaseModel
from starlette.responses import StreamingResponse

from specfirst.runtime.rendering import ACCEPT, render
from specfirst.runtime.responses import (
    AlternativeContents,
    ChosenStatusResponse,
    FixedStatusResponse,
    TypedContent,
)


class Pet(BaseModel):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PetOrCsv(AlternativeContents, FixedStatusResponse):
    status_code: ClassVar[int] = 200
    contents: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("application/json", "json", "json"),
        ("text/csv", "csv", "text"),
    )
    header_fields: ClassVar[tuple[tuple[str, str], ...]] = (
        ("rows", "X-Rows"),
        ("partial", "X-Partial"),
    )
    json: Pet | None = None
    csv: str | None = None
    rows: int
    partial: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientError(ChosenStatusResponse):
    status_range: ClassVar[tuple[int, int]] = (400, 499)
    status_code: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Download(FixedStatusResponse):
    status_code: ClassVar[int] = 200
    contents: ClassVar[tuple[tuple[str, str, str], ...]] = (("image/*", "body", "binary"),)
    body: TypedContent | bytes | AsyncIterator[bytes]


def test_accept_chooses_and_headers_are_rendered_by_type() -> None:
    both = PetOrCsv(json=Pet(name="Rex"), csv="name\nRex\n", rows=1, partial=False)
    assert render(both, PetOrCsv).body == b'{"name":"Rex"}'
    token = ACCEPT.set("text/csv")
    try:
        response = render(both, PetOrCsv)
    finally:
        ACCEPT.reset(token)
    assert response.body == b"name\nRex\n"
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (response.headers["x-rows"], response.headers["x-partial"]) == ("1", "false")
    # Only what the handler could give is offered, whatever the client prefers.
    assert (
        render(PetOrCsv(csv="x", rows=1), PetOrCsv).headers["content-type"].startswith("text/csv")
    )


def test_alternatives_need_at_least_one() -> None:
    with pytest.raises(ValueError, match="set at least one of json, csv"):
        PetOrCsv(rows=0)


def test_a_chosen_status_must_be_within_its_range() -> None:
    assert render(ClientError(status_code=418), ClientError).status_code == 418
    with pytest.raises(ValueError, match="status 500 is not within 400-499"):
        ClientError(status_code=500)


def test_binary_bodies_typed_and_streamed() -> None:
    typed = render(Download(body=TypedContent("image/webp", b"RIFF")), Download)
    assert (typed.headers["content-type"], typed.body) == ("image/webp", b"RIFF")

    async def chunks() -> AsyncIterator[bytes]:
        yield b"a"
        yield b"b"

    streamed = render(Download(body=chunks()), Download)
    assert isinstance(streamed, StreamingResponse)
    assert "content-length" not in streamed.headers

    async def collect() -> bytes:
        return b"".join([chunk async for chunk in streamed.body_iterator])  # type: ignore[misc]

    assert asyncio.run(collect()) == b"ab"


def test_a_response_the_operation_does_not_declare_is_refused() -> None:
    with pytest.raises(TypeError, match="handler returned ClientError"):
        render(ClientError(status_code=404), PetOrCsv)
