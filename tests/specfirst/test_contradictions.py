"""Where a spec asks for what HTTP does not allow, the generator serves what HTTP allows and
says so in a warning, rather than refusing a published API for it."""

import dataclasses
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.specfirst.generated import generated_package, read_document

BODY = {"application/json": {"schema": {"type": "object"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "contradictions", "version": "1"},
    "paths": {
        "/teams/{team}/members": {
            "delete": {
                "operationId": "removeMember",
                "parameters": [
                    {"name": "team", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "removed", "content": BODY}},
            }
        }
    },
}


def test_a_204_declared_with_content_is_served_without_it(tmp_path: Path) -> None:
    assert (
        "#/paths/~1teams~1{team}~1members/delete/responses/204: a 204 response has no "
        "content: served without"
    ) in read_document(SPEC, tmp_path).warnings

    with generated_package(SPEC, tmp_path) as package:
        removed = package.responses.RemoveMember204Response

        class Handlers:
            async def remove_member(self, *, team: str) -> Any:
                return removed()

        assert "body" not in {field.name for field in dataclasses.fields(removed)}
        app = FastAPI()
        package.routes.bind_routes(app.router, default=Handlers())
        answer = TestClient(app).delete("/teams/a/members")
        assert (answer.status_code, answer.content) == (204, b"")
