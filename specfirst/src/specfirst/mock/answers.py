"""What the mock answers each operation with: its first declared success response, built from
the spec's examples, or from its schemas where there is no valid example."""

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Final

from pydantic import BaseModel

from specfirst.codegen.model import Content, Header, Operation, ResponseClass, Spec
from specfirst.codegen.walking import SCHEMA_REF_PREFIX
from specfirst.mock.values import InstanceError, Instances
from specfirst.runtime import media
from specfirst.runtime.pointers import PointerError, escape, follow
from specfirst.runtime.responses import ApiResponse, TypedContent

# A concrete media type for each wildcard a spec may declare (`image/*`).
WILDCARD_MEDIA_TYPES: Final = {
    "image": "image/png",
    "audio": "audio/mpeg",
    "video": "video/mp4",
    "text": "text/plain",
    "*": "application/octet-stream",
}
BINARY_BODY: Final = b"specfirst mock\n"
TEXT_BODY: Final = "specfirst mock"


class Answers:
    """Builds one response per operation, reporting each example that breaks its schema."""

    def __init__(self, spec: Spec, responses: ModuleType | None = None) -> None:
        """`responses`: the generated module whose classes `build` makes (None: values alone
        are asked for, `valid_value`)."""
        self._document = spec.normalized
        self._instances = Instances(spec.normalized)
        self._responses = responses
        self.reports: list[str] = []

    def answer(self, operation: Operation) -> ApiResponse | InstanceError:
        """The response the mock gives `operation`, or why it cannot build one."""
        chosen = first_success(operation)
        try:
            return self.build(chosen, answered_status(chosen))
        except (InstanceError, PointerError) as error:
            self.reports.append(f"{operation.pointer}: no valid answer can be built: {error}")
            return error if isinstance(error, InstanceError) else InstanceError(str(error))

    def build(self, response: ResponseClass, status: int) -> ApiResponse:
        """An instance of `response`'s class (answering `status` when the class leaves the
        status to the handler), its content and headers from examples or schemas."""
        declared = self.resolve_node({"$ref": response.pointer})
        if self._responses is None:
            raise ValueError("no generated responses module to build answers from")
        response_class = getattr(self._responses, response.class_name)
        arguments: dict[str, Any] = {} if response.status is not None else {"status_code": status}
        for content in response.contents:
            item = declared.get("content", {}).get(content.media_type, {})
            where = f"{response.pointer}/content/{escape(content.media_type)}"
            if content.is_streamed:
                item_type = response_class.stream_items[content.media_type]
                arguments[content.attribute] = self._stream(item, item_type, where)
            else:
                arguments[content.attribute] = self._content(content, item, where)
        for header in response.headers:
            node = self.resolve_node(declared.get("headers", {}).get(header.wire_name, {}))
            where = f"{response.pointer}/headers/{escape(header.wire_name)}"
            arguments[header.python_name] = self._header(header, node, where)
        built: ApiResponse = response_class(**arguments)
        return built

    # --- bodies -------------------------------------------------------------------------

    def _content(self, content: Content, item: Mapping[str, Any], where: str) -> Any:
        schema = self.resolve_node(item.get("schema", {}))
        if content.kind == media.JSON:
            return self.valid_value(item, schema, where)
        if content.kind == media.TEXT:
            value = self.valid_value(item, schema, where) if schema else TEXT_BODY
            return value if isinstance(value, str) else TEXT_BODY
        if content.is_wildcard:
            kind = content.media_type.split("/", 1)[0]
            return TypedContent(
                WILDCARD_MEDIA_TYPES.get(kind, "application/octet-stream"), BINARY_BODY
            )
        return BINARY_BODY

    def _stream(self, item: Mapping[str, Any], item_type: Any, where: str) -> "Replayed":
        """Every example of one item that its schema accepts, in order (else one built from
        the schema), each sent as a frame of its own."""
        schema = self.resolve_node(item.get("schema", {}))
        values = [example for _, example in self._valid_examples(item, schema, where)]
        if not values:
            values = [self._instances.instance(schema)]
        if isinstance(item_type, type) and issubclass(item_type, BaseModel):
            values = [item_type.model_validate(value) for value in values]
        return Replayed(tuple(values))

    def _header(self, header: Header, node: Mapping[str, Any], where: str) -> Any:
        schema = self.resolve_node(node.get("schema", {}))
        value = self.valid_value(node, schema, where)
        converters: Mapping[str, Callable[[Any], Any]] = {
            "int": int,
            "float": float,
            "bool": bool,
            "str": str,
        }
        return converters[header.python_type](value)

    def valid_value(self, holder: Mapping[str, Any], schema: Mapping[str, Any], where: str) -> Any:
        """The first of `holder`'s examples that its schema accepts, else one built from the
        schema."""
        for _, example in self._valid_examples(holder, schema, where, first_only=True):
            return example
        return self._instances.instance(schema)

    def _valid_examples(
        self,
        holder: Mapping[str, Any],
        schema: Mapping[str, Any],
        where: str,
        *,
        first_only: bool = False,
    ) -> list[tuple[str, Any]]:
        """`holder`'s examples that its schema accepts (the first alone, with `first_only`),
        each one it refuses before that reported (the mock sends a value built from the
        schema where none is left)."""
        valid: list[tuple[str, Any]] = []
        for name, example in self._examples(holder):
            problems = self._instances.problems(example, schema)
            if not problems:
                valid.append((name, example))
                if first_only:
                    break
                continue
            self.reports.append(
                f"{where}/{name}: the example breaks its schema ({problems[0]}): not sent"
            )
        return valid

    def _examples(self, holder: Mapping[str, Any]) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        if "example" in holder:
            found.append(("example", holder["example"]))
        for name, node in holder.get("examples", {}).items():
            example = self.resolve_node(node)
            # `dataValue`: OpenAPI 3.2's name for the value as data (beside its serialization).
            for key in ("dataValue", "value"):
                if isinstance(example, Mapping) and key in example:
                    found.append((f"examples/{escape(name)}", example[key]))
                    break
        return found

    def resolve_node(self, node: Any) -> Mapping[str, Any]:
        """`node` with its references followed, but for a schema's: Instances follows those
        itself (PointerError for one that does not resolve or leads back to itself)."""
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if isinstance(ref, str) and not ref.startswith(SCHEMA_REF_PREFIX):
            node = follow(self._document, node)
        return node if isinstance(node, Mapping) else {}


def first_success(operation: Operation) -> ResponseClass:
    """The response the mock answers with: the first success declared with a status, else the
    first success range or default, else the first response."""
    fixed = sorted(
        (r for r in operation.responses if r.status is not None and r.is_success),
        key=lambda r: r.status or 0,
    )
    chosen = [r for r in operation.responses if r.status is None and r.status_range[0] <= 200]
    return (fixed or chosen or list(operation.responses))[0]


def answered_status(response: ResponseClass) -> int:
    """The status the mock answers `response` with: its own, or for a range or `default`,
    200 where it covers it, else the range's first."""
    low, high = response.status_range
    return response.status or (200 if low <= 200 <= high else low)


@dataclass(frozen=True)
class Replayed:
    """A stream's items, sent again to each request (an async iterable of them, anew each
    time it is iterated)."""

    items: tuple[Any, ...]

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._replay()

    async def _replay(self) -> AsyncIterator[Any]:
        for item in self.items:
            yield item
