"""Typed responses (`responses.ApiResponse`) serialised into HTTP responses."""

from typing import Any

from pydantic import BaseModel
from starlette.responses import Response

from specfirst.runtime.responses import ApiResponse


class ContractResponse(Response):
    """A response whose body is serialised and whose headers are ready: Starlette's
    Response would look through the headers again for the ones it adds itself."""

    def __init__(self, body: bytes, status_code: int, raw_headers: list[tuple[bytes, bytes]]):
        self.body = body
        self.status_code = status_code
        self.raw_headers = raw_headers
        self.background = None


def render(result: ApiResponse, declared: Any) -> Response:
    """Serialise a handler's result, straight from the typed response (no second validation).

    `declared` is the operation's response class or union of them: a result that is not one
    is a server error, never a response the spec does not promise.
    """
    if not isinstance(result, declared):
        raise TypeError(f"handler returned {type(result).__name__}, not one of {declared}")
    body: BaseModel | None = getattr(result, "body", None)
    content = b"" if body is None else body.model_dump_json(by_alias=True).encode()
    headers = [
        (wire_name.lower().encode("latin-1"), value.encode("latin-1"))
        for attribute, wire_name in result.header_fields
        if (value := getattr(result, attribute)) is not None
    ]
    # RFC 9110 §8.6: no Content-Length on 1xx, 204 and 304 responses.
    if not (result.status_code < 200 or result.status_code in (204, 304)):
        headers.append((b"content-length", str(len(content)).encode("latin-1")))
    if result.media_type is not None:
        headers.append((b"content-type", result.media_type.encode("latin-1")))
    return ContractResponse(content, result.status_code, headers)
