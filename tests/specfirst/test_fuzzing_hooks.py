"""The failure filter of our Schemathesis hooks (checks.py) keeps what it cannot read: a 422
that is not JSON, or JSON of another shape, stays a failure; only a reused Idempotency-Key's
problem is let go, and the refusal of a body that is not an object where the schema's object
keywords (and no `type`) say one belongs."""

import json
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi.checks import RejectedPositiveData

from specfirst.fuzzing import filter_failure


class Answer:
    """What the filter reads of a response: its status and its JSON."""

    def __init__(self, text: str) -> None:
        self.status_code = 422
        self.text = text

    def json(self) -> Any:
        return json.loads(self.text)


REJECTED = RejectedPositiveData(
    operation="POST /x", message="rejected", status_code=422, allowed_statuses=["2xx"]
)
PROBLEM = '{"errors": [{"loc": ["body"], "type": "model_type"}]}'


def an_operation(path: str, method: str, operation: Any, schemas: dict[str, Any]) -> Any:
    """Schemathesis' view of a document of one operation and its component schemas."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "checks", "version": "1"},
        "paths": {path: {method: operation}},
        "components": {"schemas": schemas},
    }
    # An empty configuration: the project's schemathesis.toml asks for the service's tokens.
    return schemathesis.openapi.from_dict(document, config=SchemathesisConfig())[path][method]


def a_case(schema: dict[str, Any], body: Any) -> Any:
    """A JSON request to an operation whose body has `schema` (a component), sending `body`."""
    request_body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}},
    }
    operation = {"requestBody": request_body, "responses": {"200": {"description": "done"}}}
    posting = an_operation("/x", "post", operation, {"X": schema})
    return posting.Case(body=body, media_type="application/json")


UNTYPED = {"properties": {"a": {"type": "boolean"}}, "required": ["a"]}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('{"errors": [{"type": "idempotency_key_reused"}]}', False),
        ('{"errors": [{"type": "missing"}]}', True),
        ("specfirst mock", True),  # a 422 in a spec's own format, not JSON
        ('["errors"]', True),
        ('{"errors": ["idempotency_key_reused"]}', True),
    ],
)
def test_a_rejection_is_kept_unless_it_is_a_reused_key(text: str, kept: bool) -> None:
    response: Any = Answer(text)
    context: Any = None
    assert filter_failure(context, REJECTED, a_case(UNTYPED, {"a": 1}), response) is kept


@pytest.mark.parametrize(
    ("schema", "body", "kept"),
    [
        (UNTYPED, None, False),
        (UNTYPED, 5, False),
        (UNTYPED, "text", False),
        (UNTYPED, [True], False),
        ({"additionalProperties": False}, None, False),
        ({**UNTYPED, "type": "object"}, None, True),  # the spec says object: null is no object
        ({**UNTYPED, "type": ["object", "null"]}, None, True),
        (UNTYPED, {"a": "no boolean"}, True),  # an object refused for what is in it
        ({"oneOf": [UNTYPED, {"type": "string"}]}, None, True),
    ],
)
def test_a_non_object_is_let_go_only_where_untyped_object_keywords_ask_for_one(
    schema: dict[str, Any], body: Any, kept: bool
) -> None:
    response: Any = Answer(PROBLEM)
    context: Any = None
    assert filter_failure(context, REJECTED, a_case(schema, body), response) is kept


def a_parameter_case(path_id: Any, token: Any) -> Any:
    """A request to an operation with an integer path parameter and a query enum."""
    parameters = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"name": "t", "in": "query", "schema": {"$ref": "#/components/schemas/T"}},
    ]
    operation = {"parameters": parameters, "responses": {"204": {"description": "done"}}}
    schemas = {"T": {"type": "string", "enum": ["a", "b"]}}
    deleting = an_operation("/x/{id}", "delete", operation, schemas)
    return deleting.Case(path_parameters={"id": path_id}, query={"t": token})


@pytest.mark.parametrize(
    ("path_id", "token", "kept"),
    [
        (5, "a", True),  # a valid request refused: a failure
        ({}, "a", False),  # an earlier answer's `{}` as an integer path parameter
        ("abc", "a", False),
        (5, "c", False),  # no member of the enum
    ],
)
def test_a_rejection_of_a_parameter_breaking_its_schema_is_let_go(
    path_id: Any, token: Any, kept: bool
) -> None:
    response: Any = Answer('{"errors": [{"loc": ["path", "id"], "type": "int_parsing"}]}')
    context: Any = None
    assert filter_failure(context, REJECTED, a_parameter_case(path_id, token), response) is kept
