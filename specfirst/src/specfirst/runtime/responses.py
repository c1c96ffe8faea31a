"""The bases of every generated response class (framework-free; `rendering` serialises them).

A generated class is a frozen dataclass with, for each media type of its content, a field
(`body` when there is one media type), and one field per declared header. Its status is a
class constant (`FixedStatusResponse`), or for a `default` or range (`4XX`) response, a field
the handler sets (`ChosenStatusResponse`).
"""

from collections.abc import AsyncIterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Generic, TypeVar


class ApiResponse:
    """One declared response: its media types, headers and status."""

    __slots__ = ()
    # (media type, field, kind) for each media type the response may carry; kind is one of
    # media.JSON, TEXT or BINARY, or a streamed kind (specfirst.codegen.model.Content).
    contents: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    # For each streamed media type, what describes one item: a model, or JsonValue.
    stream_items: ClassVar[Mapping[str, Any]] = {}
    # (field, wire name) for each header the spec declares on this response.
    header_fields: ClassVar[tuple[tuple[str, str], ...]] = ()


class FixedStatusResponse(ApiResponse):
    """A response declared under one status code."""

    __slots__ = ()
    status_code: ClassVar[int]


class ChosenStatusResponse(ApiResponse):
    """A `default` or range (`4XX`) response: the handler sets `status_code`, which must fall
    within `status_range` (a handler bug otherwise: a 500, never an undeclared answer)."""

    __slots__ = ()
    status_range: ClassVar[tuple[int, int]]
    status_code: int

    def __post_init__(self) -> None:
        low, high = self.status_range
        if not low <= self.status_code <= high:
            raise ValueError(
                f"{type(self).__name__}: status {self.status_code} is not within {low}-{high}"
            )


class AlternativeContents(ApiResponse):
    """A response declared with several media types: the handler sets the fields of those it
    can send (at least one), and the client's Accept header chooses among them."""

    __slots__ = ()

    def __post_init__(self) -> None:
        if all(getattr(self, field) is None for _, field, _ in self.contents):
            fields = ", ".join(field for _, field, _ in self.contents)
            raise ValueError(f"{type(self).__name__}: set at least one of {fields}")
        super_check = getattr(super(), "__post_init__", None)
        if super_check is not None:
            super_check()


@dataclass(frozen=True, slots=True)
class TypedContent:
    """Bytes for a media type declared with a wildcard (`image/*`): the handler says which."""

    media_type: str
    data: bytes | AsyncIterable[bytes]


# Characters that would end an event's field line, and with it the frame.
_LINE_BREAKS: Final = ("\r", "\n", "\0")

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class ServerSentEvent(Generic[ItemT]):
    """One event of a `text/event-stream` response, when a handler names it (`event`), gives
    it an `id` (the client's Last-Event-ID on reconnection) or says how long a client should
    wait before reconnecting (`retry`, in milliseconds). A handler that needs none of them
    yields the data alone."""

    data: ItemT
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def __post_init__(self) -> None:
        for name in ("event", "id"):
            value = getattr(self, name)
            if value is not None and any(brk in value for brk in _LINE_BREAKS):
                raise ValueError(f"ServerSentEvent.{name} must be one line: {value!r}")
        if self.retry is not None and self.retry < 0:
            raise ValueError(f"ServerSentEvent.retry must not be negative: {self.retry}")
