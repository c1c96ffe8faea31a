"""Form bodies whose schema is not one plain object: a union (or `allOf`) of objects, read as
a form of every field any of them has, then validated as the union; and a multipart body
declared as one file, which is the whole body, streamed (with a warning)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from specfirst.codegen.pipeline import read_spec
from specfirst.runtime.uploads import Upload
from tests.specfirst.generated import generated_package


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(media_type: str, schema: Any) -> dict[str, Any]:
    return {"required": True, "content": {media_type: {"schema": schema}}}


OK = {"200": {"description": "ok", "content": {"application/json": {}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "forms", "version": "1"},
    "paths": {
        "/invites": {
            "post": {
                "operationId": "invite",
                "requestBody": body(
                    "application/x-www-form-urlencoded", {"anyOf": [ref("ByEmail"), ref("ByGroup")]}
                ),
                "responses": OK,
            }
        },
        "/scripts": {
            "put": {
                "operationId": "upload_script",
                "requestBody": body("multipart/form-data", {"type": "string", "format": "binary"}),
                "responses": OK,
            }
        },
    },
    "components": {
        "schemas": {
            "ByEmail": {
                "type": "object",
                "required": ["email"],
                "properties": {"email": {"type": "string"}, "days": {"type": "integer"}},
                "additionalProperties": False,
            },
            "ByGroup": {
                "type": "object",
                "required": ["group_ids"],
                "properties": {"group_ids": {"type": "array", "items": {"type": "integer"}}},
                "additionalProperties": False,
            },
        }
    },
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with generated_package(SPEC, tmp_path_factory.mktemp("forms")) as package:
        responses = package.responses

        class Handlers:
            async def invite(self, *, form: Any) -> Any:
                return responses.Invite200Response(body=form.model_dump(mode="json"))

            async def upload_script(self, *, body: Upload) -> Any:
                content = await body.read()
                return responses.UploadScript200Response(
                    body={"bytes": len(content), "content_type": body.content_type}
                )

        app = FastAPI()
        package.routes.bind_routes(app.router, default=Handlers())
        yield TestClient(app)


def test_a_form_of_either_object(client: TestClient) -> None:
    by_email = client.post("/invites", data={"email": "a@example.com", "days": "3"})
    assert by_email.json() == {"email": "a@example.com", "days": 3}
    by_group = client.post("/invites", data={"group_ids": ["1", "2"]})
    assert by_group.json() == {"group_ids": [1, 2]}
    assert client.post("/invites", data={"days": "3"}).status_code == 422


def test_a_multipart_body_of_one_file_is_the_whole_body(client: TestClient, tmp_path: Path) -> None:
    boundary = b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n"
    response = client.put(
        "/scripts", content=boundary, headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert response.json() == {
        "bytes": len(boundary),
        "content_type": "multipart/form-data; boundary=x",
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    assert any(
        "a multipart body whose schema is one file: the whole body is an Upload" in warning
        for warning in read_spec(spec).warnings
    )
