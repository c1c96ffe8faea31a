"""A path key with a fragment (`/v1/conversations#stream`): no client ever sends the fragment.
Alone, the operation is served on its path without it, with a warning; beside an operation of
the same method on that path, no request could tell the two apart, and the spec is refused."""

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from specfirst.codegen.model import SpecError
from tests.specfirst.generated import generated_package, read_document


def answered(operation_id: str) -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}
    return {"operationId": operation_id, "responses": {"200": ok}}


def spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "fragments", "version": "1"}, "paths": paths}


def test_an_operation_under_a_fragment_alone_is_served_without_it(tmp_path: Path) -> None:
    document = spec(
        {
            "/v1/conversations": {"get": answered("listConversations")},
            "/v1/conversations#stream": {"post": answered("streamConversation")},
        }
    )
    warnings = "\n".join(read_document(document, tmp_path).warnings)
    assert (
        "#/paths/~1v1~1conversations#stream/post: served at /v1/conversations: a client never "
        "sends the fragment '#stream'" in warnings
    )

    class Handlers:
        async def list_conversations(self) -> Any:
            return package.responses.ListConversations200Response(body="listed")

        async def stream_conversation(self) -> Any:
            return package.responses.StreamConversation200Response(body="streamed")

    with generated_package(document, tmp_path) as package:
        app = FastAPI()
        package.routes.bind_routes(app.router, default=Handlers())
        client = TestClient(app)
        assert client.get("/v1/conversations").json() == "listed"
        assert client.post("/v1/conversations").json() == "streamed"


def test_two_operations_a_fragment_alone_tells_apart_are_refused(tmp_path: Path) -> None:
    document = spec(
        {
            "/v1/conversations": {"post": answered("createConversation")},
            "/v1/conversations#stream": {"post": answered("streamConversation")},
        }
    )
    with pytest.raises(SpecError) as refused:
        read_document(document, tmp_path)
    assert str(refused.value) == (
        "#/paths/~1v1~1conversations#stream/post: a client never sends the fragment '#stream', "
        "so this operation is POST /v1/conversations, as #/paths/~1v1~1conversations/post is: "
        "declare them as one operation (its responses' media types, such as text/event-stream "
        "beside application/json, tell the answers apart)"
    )
