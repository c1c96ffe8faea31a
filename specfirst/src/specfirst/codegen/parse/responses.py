"""An operation's responses: one class per declared status (one per `components/responses`
entry, whichever operations use it), its media types and headers."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.model import Content, Header, ResponseClass, SpecError
from specfirst.codegen.naming import class_name, pascal_case, python_name
from specfirst.codegen.parse.parameters import SCALAR_TYPES
from specfirst.codegen.parse.reading import Reading
from specfirst.codegen.walking import schema_ref
from specfirst.runtime import media
from specfirst.runtime.pointers import escape, pointer, unescape

RESPONSE_REF_PREFIX: Final = "#/components/responses/"
# Response headers OpenAPI says to ignore: the body's media type is the response's own.
IGNORED_RESPONSE_HEADERS: Final = frozenset({"content-type"})
STATUSES_WITHOUT_CONTENT: Final = frozenset({"204", "304"})


class Responses:
    """Reads the responses of a document's operations, naming each class."""

    def __init__(self, reading: Reading, operations: list[Mapping[str, Any]]) -> None:
        self._reading = reading
        # The statuses each shared response is used under: one class per status when several.
        self._shared_statuses: dict[str, set[str]] = {}
        for operation in operations:
            for status, node in operation.get("responses", {}).items():
                if (name := shared_response_name(node)) is not None:
                    self._shared_statuses.setdefault(name, set()).add(str(status).upper())

    def response(self, where: str, label: str, status: str, node: Any) -> ResponseClass:
        key = status.upper()
        status_range = _status_range(where, key)
        shared = shared_response_name(node)
        suffix = pascal_case(key.lower()) if key == "DEFAULT" else key
        if shared is None:
            name = f"{label}{suffix}Response"
        elif len(self._shared_statuses[shared]) > 1:
            name = f"{class_name(shared)}{suffix}Response"
        else:
            name = f"{class_name(shared)}Response"
        response = self._reading.resolve(node)
        declared_at = where if shared is None else pointer("components", "responses", shared)
        content = response.get("content", {})
        if key in STATUSES_WITHOUT_CONTENT and content:
            # RFC 9110 §15.3.5, §15.4.5: the answer ends at its headers, whatever is declared.
            self._reading.warnings.append(
                f"{where}: a {key} response has no content: served without"
            )
            content = {}
        contents = self._contents(where, content)
        taken = {"status_code", "body", *(content.attribute for content in contents)}
        headers: list[Header] = []
        for wire_name, header in response.get("headers", {}).items():
            if wire_name.lower() not in IGNORED_RESPONSE_HEADERS:
                headers.append(self._header(wire_name, header, taken))
                taken.add(headers[-1].python_name)
        return ResponseClass(
            class_name=name,
            status=int(key) if key.isdigit() else None,
            status_range=status_range,
            contents=contents,
            headers=tuple(headers),
            shared=shared is not None,
            pointer=declared_at,
        )

    def _contents(self, where: str, content: Mapping[str, Any]) -> tuple[Content, ...]:
        attributes: set[str] = set()
        parsed: list[Content] = []
        for media_type, item in content.items():
            essence = media.essence(media_type)
            kind = media.streamed(essence) or media.kind(essence)
            schema = item.get("schema") if isinstance(item, Mapping) else None
            if kind in media.STREAMED_KINDS and _is_binary(self._reading.resolve(schema)):
                kind = media.BINARY  # bytes the handler streams as they are, not items
            model = None
            if kind == media.JSON or kind in media.STREAMED_KINDS:
                # A stream's schema describes one of its items (one event's data).
                at = f"{where}/content/{escape(media_type)}"
                model = self._reading.schema_model(at, item)
            elif kind != media.TEXT:
                kind = media.BINARY  # a form or multipart answer is bytes the handler made
            attribute = "body"
            if len(content) > 1:
                subtype = essence.split("/", 1)[-1] if not essence.endswith("/*") else essence
                attribute = python_name(subtype.replace("*", "any"), prefix="media")
                while attribute in attributes or attribute in {"status_code", "body"}:
                    attribute += "_"
            attributes.add(attribute)
            whole_events = kind == media.EVENT_STREAM and self._describes_events(model)
            parsed.append(Content(media_type, kind, model, attribute, whole_events))
        return tuple(parsed)

    def _describes_events(self, model: str | None) -> bool:
        if model is None:
            return False
        schema = self._reading.resolve({"$ref": schema_ref(model)})
        properties = schema.get("properties") if isinstance(schema, Mapping) else None
        return isinstance(properties, Mapping) and media.describes_events(properties)

    def _header(self, wire_name: str, node: Any, taken: set[str]) -> Header:
        """A header's field: its name snake_case, numbered after one the class has already."""
        header = self._reading.resolve(node)
        schema = self._reading.resolve(header.get("schema", {}))
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        python, number = python_name(wire_name, prefix="h"), 1
        while python in taken:
            number += 1
            python = f"{python_name(wire_name, prefix='h')}_{number}"
        return Header(
            wire_name=wire_name,
            python_name=python,
            python_type=SCALAR_TYPES.get(str(kind), "str"),
            required=bool(header.get("required", False)),
        )


def _is_binary(schema: Any) -> bool:
    """A schema saying a body is bytes (`type: string, format: binary`)."""
    return isinstance(schema, Mapping) and schema.get("format") == "binary"


def shared_response_name(node: Any) -> str | None:
    """The `components/responses` entry a response `$ref`s, if it does."""
    ref = node.get("$ref") if isinstance(node, Mapping) else None
    if isinstance(ref, str) and ref.startswith(RESPONSE_REF_PREFIX):
        return unescape(ref[len(RESPONSE_REF_PREFIX) :])
    return None


def _status_range(where: str, key: str) -> tuple[int, int]:
    """The statuses a response key stands for: `404`, `4XX`, `default` (any)."""
    if key == "DEFAULT":
        return (100, 599)
    if len(key) == 3 and key[0] in "12345" and key[1:] == "XX":
        return (int(key[0]) * 100, int(key[0]) * 100 + 99)
    if key.isdigit() and 100 <= int(key) <= 599:
        return (int(key), int(key))
    raise SpecError(f"{where}: {key!r} is not a status code, a range such as 4XX, or default")
