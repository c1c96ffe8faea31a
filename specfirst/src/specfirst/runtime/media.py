"""What a media type's body is, as the generator types it and the runtime reads and writes it
(framework-free): JSON, a URL-encoded form, a multipart form, text, or binary; and, for a
response, whether it is a stream of items (streams.py)."""

from collections.abc import Iterable
from typing import Final

JSON: Final = "json"
FORM: Final = "form"
MULTIPART: Final = "multipart"
TEXT: Final = "text"
BINARY: Final = "binary"
# Streamed responses: one frame per item (streams.py).
EVENT_STREAM: Final = "event-stream"
JSON_LINES: Final = "json-lines"
JSON_SEQUENCE: Final = "json-seq"
STREAMED_KINDS: Final = (EVENT_STREAM, JSON_LINES, JSON_SEQUENCE)
STREAMED_MEDIA_TYPES: Final = {
    "text/event-stream": EVENT_STREAM,
    "application/jsonl": JSON_LINES,
    "application/x-ndjson": JSON_LINES,
    "application/x-jsonlines": JSON_LINES,
    "application/json-seq": JSON_SEQUENCE,
}
# The fields of an event of an event stream (the HTML standard's).
EVENT_FIELDS: Final = frozenset({"data", "event", "id", "retry"})

# Media types whose body is text (a str), besides text/* and +xml.
TEXT_MEDIA_TYPES: Final = frozenset(
    {
        "application/xml",
        "application/yaml",
        "application/x-yaml",
        "application/javascript",
        "application/x-ndjson",
        "application/graphql",
    }
)


def essence(media_type: str) -> str:
    """`application/json` of `Application/JSON; charset=utf-8`."""
    return media_type.split(";", 1)[0].strip().lower()


def kind(media_type: str) -> str:
    """JSON, FORM, MULTIPART, TEXT or BINARY."""
    value = essence(media_type)
    if value in ("application/json", "text/json", "*/*+json") or value.endswith("+json"):
        return JSON
    if value == "application/x-www-form-urlencoded":
        return FORM
    if value.startswith("multipart/"):
        return MULTIPART
    if value.startswith("text/") or value in TEXT_MEDIA_TYPES or value.endswith("+xml"):
        return TEXT
    return BINARY


def is_xml(media_type: str) -> bool:
    """`application/xml`, `text/xml`, or a `+xml` type: a body its schema's `xml` mapping
    reads (xml_bodies.py)."""
    value = essence(media_type)
    return value in ("application/xml", "text/xml") or value.endswith("+xml")


def streamed(media_type: str) -> str | None:
    """EVENT_STREAM, JSON_LINES or JSON_SEQUENCE for a response of items sent as they come;
    None for any other. (A request body of these media types is read whole: `kind`.)"""
    return STREAMED_MEDIA_TYPES.get(essence(media_type))


def describes_events(property_names: Iterable[str]) -> bool:
    """Whether the item schema of an event stream, an object of these properties, describes
    whole events (`data` and maybe `event`, `id`, `retry`: OpenAPI 3.2's reading, and
    Schemathesis'), rather than the data of each (as 3.0 and 3.1 documents mostly mean it)."""
    names = set(property_names)
    return "data" in names and names <= EVENT_FIELDS


def matches(declared: str, received: str) -> bool:
    """Whether a received media type is one of those a declared one (maybe `image/*`) names."""
    wanted_type, _, wanted_subtype = essence(declared).partition("/")
    got_type, _, got_subtype = essence(received).partition("/")
    return wanted_type in ("*", got_type) and wanted_subtype in ("*", got_subtype)
