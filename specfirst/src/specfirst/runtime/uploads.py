"""What handlers receive for files and binary bodies (framework-free): the bytes, spooled to
a temporary file past a threshold rather than held whole in memory, with their file name and
media type."""

import asyncio
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import IO, Any, Generic, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

MediaTypeT_co = TypeVar("MediaTypeT_co", bound=str, covariant=True)
ValueT_co = TypeVar("ValueT_co", covariant=True)

# Bytes kept in memory before an upload goes to a temporary file.
SPOOL_BYTES = 1024 * 1024


@dataclass(eq=False)
class Upload:
    """A file part of a multipart body, or a whole binary body."""

    file: IO[bytes]
    filename: str | None
    content_type: str | None
    size: int

    async def read(self, size: int = -1) -> bytes:
        if getattr(self.file, "_rolled", False):  # on disk: read off the event loop
            return await asyncio.to_thread(self.file.read, size)
        return self.file.read(size)

    def seek(self, offset: int) -> int:
        return self.file.seek(offset)

    def close(self) -> None:
        self.file.close()

    @classmethod
    def spooled(cls, content_type: str | None, filename: str | None = None) -> "Upload":
        """An empty upload, to write the received bytes into."""
        file: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by close())
        return cls(file, filename, content_type, 0)

    # pydantic: an Upload is taken as it is (the runtime makes them), and is a binary string
    # in JSON Schema.
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.is_instance_schema(cls)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "binary"}


@dataclass(frozen=True)
class Received(Generic[MediaTypeT_co, ValueT_co]):
    """The body of an operation that accepts several media types: which of the declared ones
    arrived (a Literal of it, so that comparing it narrows `value`'s type), and its value (a
    model, a str, an Upload)."""

    media_type: MediaTypeT_co
    value: ValueT_co
