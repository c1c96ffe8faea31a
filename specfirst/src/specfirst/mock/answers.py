"""What the mock answers each operation with: its first declared success response, built from
the spec's examples, or from its schemas where there is no valid example."""

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Final

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

    def __init__(self, spec: Spec, responses: ModuleType) -> None:
        self._document = spec.normalized
        self._instances = Instances(spec.normalized)
        self._responses = responses
        self.reports: list[str] = []

    def answer(self, operation: Operation) -> ApiResponse | InstanceError:
        """The response the mock gives `operation`, or why it cannot build one."""
        chosen = first_success(operation)
        low, high = chosen.status_range
        try:
            return self.build(chosen, 200 if low <= 200 <= high else low)
        except (InstanceError, PointerError) as error:
            self.reports.append(f"{operation.pointer}: no valid answer can be built: {error}")
            return error if isinstance(error, InstanceError) else InstanceError(str(error))

    def build(self, response: ResponseClass, status: int) -> ApiResponse:
        """An instance of `response`'s class (answering `status` when the class leaves the
        status to the handler), its content and headers from examples or schemas."""
        declared = self._resolve_node({"$ref": response.pointer})
        arguments: dict[str, Any] = {} if response.status is not None else {"status_code": status}
        for content in response.contents:
            item = declared.get("content", {}).get(content.media_type, {})
            where = f"{response.pointer}/content/{escape(content.media_type)}"
            arguments[content.attribute] = self._content(content, item, where)
        for header in response.headers:
            node = self._resolve_node(declared.get("headers", {}).get(header.wire_name, {}))
            where = f"{response.pointer}/headers/{escape(header.wire_name)}"
            arguments[header.python_name] = self._header(header, node, where)
        built: ApiResponse = getattr(self._responses, response.class_name)(**arguments)
        return built

    # --- bodies -------------------------------------------------------------------------

    def _content(self, content: Content, item: Mapping[str, Any], where: str) -> Any:
        schema = self._resolve_node(item.get("schema", {}))
        if content.kind == media.JSON:
            return self._valid_value(item, schema, where)
        if content.kind == media.TEXT:
            value = self._valid_value(item, schema, where) if schema else TEXT_BODY
            return value if isinstance(value, str) else TEXT_BODY
        if content.is_wildcard:
            kind = content.media_type.split("/", 1)[0]
            return TypedContent(
                WILDCARD_MEDIA_TYPES.get(kind, "application/octet-stream"), BINARY_BODY
            )
        return BINARY_BODY

    def _header(self, header: Header, node: Mapping[str, Any], where: str) -> Any:
        schema = self._resolve_node(node.get("schema", {}))
        value = self._valid_value(node, schema, where)
        converters: Mapping[str, Callable[[Any], Any]] = {
            "int": int,
            "float": float,
            "bool": bool,
            "str": str,
        }
        return converters[header.python_type](value)

    def _valid_value(self, holder: Mapping[str, Any], schema: Mapping[str, Any], where: str) -> Any:
        """The first of `holder`'s examples that its schema accepts, else one built from the
        schema; each example that the schema refuses is reported."""
        for name, example in self._examples(holder):
            problems = self._instances.problems(example, schema)
            if not problems:
                return example
            self.reports.append(
                f"{where}/{name}: the example breaks its schema ({problems[0]}): "
                "answered with a value built from the schema instead"
            )
        return self._instances.instance(schema)

    def _examples(self, holder: Mapping[str, Any]) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        if "example" in holder:
            found.append(("example", holder["example"]))
        for name, node in holder.get("examples", {}).items():
            example = self._resolve_node(node)
            if isinstance(example, Mapping) and "value" in example:
                found.append((f"examples/{escape(name)}", example["value"]))
        return found

    def _resolve_node(self, node: Any) -> Mapping[str, Any]:
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
