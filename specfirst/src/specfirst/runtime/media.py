"""What a media type's body is, as the generator types it and the runtime reads and writes it
(framework-free): JSON, a URL-encoded form, a multipart form, text, or binary."""

from typing import Final

JSON: Final = "json"
FORM: Final = "form"
MULTIPART: Final = "multipart"
TEXT: Final = "text"
BINARY: Final = "binary"

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


def matches(declared: str, received: str) -> bool:
    """Whether a received media type is one of those a declared one (maybe `image/*`) names."""
    wanted_type, _, wanted_subtype = essence(declared).partition("/")
    got_type, _, got_subtype = essence(received).partition("/")
    return wanted_type in ("*", got_type) and wanted_subtype in ("*", got_subtype)
