"""An example request for each operation: its required parameters and its body, each the
spec's first example its schema accepts, else a value built from the schema (as the mock's
answers are). `specfirst new` writes them into a new project's tests, one per operation."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from specfirst.codegen.model import Operation
from specfirst.mock.answers import Answers
from specfirst.runtime import media
from specfirst.runtime.pointers import escape

# The bytes sent where a body is binary (an upload, `application/octet-stream`).
BINARY_EXAMPLE: Final = b"specfirst example\n"
TEXT_EXAMPLE: Final = "specfirst example"


@dataclass(frozen=True)
class ExampleRequest:
    """Values by parameter name and location, as Schemathesis' Case takes them before its
    parameter serializers write them in their styles (path and query values typed, header and
    cookie values as their text), and the body."""

    path_parameters: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    media_type: str | None = None  # None: no body
    body: Any = None


def example_request(answers: Answers, operation: Operation) -> ExampleRequest:
    """`operation`'s example request (its optional parameters left out)."""
    path_item_pointer, _, _ = operation.pointer.rpartition("/")
    path_item = answers.resolve_node({"$ref": path_item_pointer})
    node = answers.resolve_node({"$ref": operation.pointer})
    declared: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
    for holder, where in ((path_item, path_item_pointer), (node, operation.pointer)):
        for index, parameter in enumerate(holder.get("parameters", [])):
            resolved = answers.resolve_node(parameter)
            key = (str(resolved.get("in")), str(resolved.get("name")))
            declared[key] = (f"{where}/parameters/{index}", resolved)
    values: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
    for (location, name), (where, parameter) in declared.items():
        if location in values and (parameter.get("required") or location == "path"):
            values[location][name] = _parameter_value(answers, parameter, where)
    media_type, body = _body(answers, operation, node)
    return ExampleRequest(
        path_parameters=_json_spelling(values["path"]),
        query=_json_spelling(values["query"]),
        headers={name: _text(value) for name, value in values["header"].items()},
        cookies={name: _text(value) for name, value in values["cookie"].items()},
        media_type=media_type,
        body=body,
    )


def _parameter_value(answers: Answers, parameter: Mapping[str, Any], where: str) -> Any:
    if "content" in parameter:  # content-encoded: one media type, its value as JSON
        media_type, item = next(iter(parameter["content"].items()))
        schema = answers.resolve_node(item.get("schema", {}))
        return answers.valid_value(item, schema, f"{where}/content/{escape(media_type)}")
    schema = answers.resolve_node(parameter.get("schema", {}))
    return answers.valid_value(parameter, schema, where)


def _json_spelling(value: Any) -> Any:
    """`value` with its booleans as JSON writes them (`true`), as a URL carries them; the
    rest left to the parameter's style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_json_spelling(item) for item in value]
    if isinstance(value, dict):
        return {name: _json_spelling(item) for name, item in value.items()}
    return value


def _text(value: Any) -> str:
    """A header's or cookie's value as the simple style writes a scalar or an array."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return str(value)


def _body(
    answers: Answers, operation: Operation, node: Mapping[str, Any]
) -> tuple[str | None, Any]:
    if operation.body is None:
        return None, None
    media_type = operation.body.media_types[0]
    request_body = answers.resolve_node(node.get("requestBody", {}))
    item = request_body.get("content", {}).get(media_type, {})
    schema = answers.resolve_node(item.get("schema", {}))
    where = f"{operation.pointer}/requestBody/content/{escape(media_type)}"
    kind = media.kind(media_type)
    if kind in (media.JSON, media.FORM, media.MULTIPART) or media.is_xml(media_type):
        return media_type, answers.valid_value(item, schema, where)
    if kind == media.TEXT:
        value = answers.valid_value(item, schema, where) if schema else TEXT_EXAMPLE
        return media_type, value if isinstance(value, str) else TEXT_EXAMPLE
    return media_type, BINARY_EXAMPLE
