"""The base of every generated response class (framework-free; `rendering` serialises them)."""

from typing import ClassVar


class ApiResponse:
    """One declared response: its status, media type and headers.

    Generated subclasses are frozen dataclasses with a `body` (a model) when the response has
    content, and one field per declared header.
    """

    __slots__ = ()
    status_code: ClassVar[int]
    media_type: ClassVar[str | None] = None
    # (attribute, wire name) for each header the spec declares on this response.
    header_fields: ClassVar[tuple[tuple[str, str], ...]] = ()
