"""The models bodies are read and written with: readOnly properties out of requests, writeOnly
ones out of responses, a multipart body's files as uploads (specfirst.codegen.variants), seen
through the generated package."""

import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from specfirst.runtime.uploads import Upload
from tests.specfirst.generated import generated_package, request_model, response_model


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ACCOUNT = {
    "type": "object",
    "required": ["id", "email", "password"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "email": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "plan": ref("Plan"),
        "tags": {"type": "array", "items": ref("Tag")},
    },
}
PLAN = {"type": "object", "properties": {"name": {"type": "string"}, "renews": {"readOnly": True}}}
NODE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "children": {"type": "array", "items": ref("Node")},
    },
}
FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "photos": {"type": "array", "items": {"type": "string", "contentMediaType": "image/png"}},
        "base64": {"type": "string", "contentEncoding": "base64"},
        "title": {"type": "string"},
    },
}


def pet() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}, "id": {"type": "integer", "readOnly": True}},
    }


def operation(path: str, body: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {
        path: {
            "post": {
                "operationId": path.strip("/"),
                "requestBody": {"required": True, **body},
                "responses": {"200": {"description": "ok", **response}},
            }
        }
    }


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        **operation("/accounts", json_body(ref("Account")), json_body(ref("Account"))),
        **operation(
            "/inline",
            json_body(
                {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}}
            ),
            {},
        ),
        **operation("/nodes", json_body(ref("Node")), {}),
        **operation("/forms", {"content": {"multipart/form-data": {"schema": ref("Form")}}}, {}),
        **operation("/pets", json_body(ref("Pet")), {}),
    },
    "components": {
        "schemas": {
            "Account": ACCOUNT,
            "Plan": PLAN,
            "Tag": {"type": "string"},
            "Node": NODE,
            "Form": FORM,
            "Cat": pet(),
            "Dog": pet(),
            "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "kind"}},
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(DOCUMENT, tmp_path_factory.mktemp("variants")) as generated:
        yield generated


def test_a_request_leaves_out_read_only_and_a_response_write_only_properties(
    package: ModuleType,
) -> None:
    request = request_model(package, "DefaultHandlers", "accounts")
    sent = {"id": 7, "email": "e", "password": "p", "plan": {"name": "n", "renews": 1}}
    # readOnly properties are not required of a request, and one sent is not taken.
    assert request.model_validate({"email": "e", "password": "p"}).model_dump()["email"] == "e"
    taken = request.model_validate(sent).model_dump()
    assert "id" not in taken
    assert taken["plan"] == {"name": "n"}  # through the reference too
    response = response_model(package, "Accounts200Response")
    answered = response.model_validate(sent).model_dump()
    assert "password" not in answered  # never answered
    assert answered["id"] == 7
    assert answered["plan"] == {"name": "n", "renews": 1}
    with pytest.raises(ValidationError):
        response.model_validate({"email": "e"})  # a response must have its readOnly id
    # The component as written stays (a parameter may use it).
    assert {"id", "password"} <= set(package.models.Account.model_fields)


def test_an_inline_body_is_changed_where_it_is(package: ModuleType) -> None:
    request = request_model(package, "DefaultHandlers", "inline")
    assert request.__name__ == "InlineRequestBody"
    assert "id" not in request.model_validate({"id": 1}).model_dump()
    assert not hasattr(package.models, "InlineRequestBodyRequest")


def test_a_recursive_schema_refers_to_its_own_variant(package: ModuleType) -> None:
    request = request_model(package, "DefaultHandlers", "nodes")
    tree = {"id": 1, "children": [{"id": 2, "children": [{"id": 3}]}]}
    assert request.model_validate(tree).model_dump(exclude_unset=True) == {
        "children": [{"children": [{}]}]
    }


def test_a_multipart_body_has_its_files_as_uploads(package: ModuleType) -> None:
    form = request_model(package, "DefaultHandlers", "forms")
    upload = Upload(io.BytesIO(b"x"), "x.png", "image/png", 1)
    taken = form.model_validate(
        {"file": upload, "photos": [upload, upload], "base64": "eA==", "title": "t"}
    )
    assert taken.file is upload  # type: ignore[attr-defined]
    assert taken.photos == [upload, upload]  # type: ignore[attr-defined]
    assert taken.base64 == "eA=="  # type: ignore[attr-defined]  # encoded text: not a file
    with pytest.raises(ValidationError):
        form.model_validate({"file": "not a file"})


def test_a_discriminator_maps_its_values_to_the_variants(package: ModuleType) -> None:
    request = request_model(package, "DefaultHandlers", "pets")
    # The values are still the schemas' names (the mapping was implicit); the branches are the
    # request variants, without the readOnly id.
    cat = request.model_validate({"kind": "Cat", "id": 5})
    assert cat.model_dump() == {"kind": "Cat"}
    assert request.model_validate({"kind": "Dog"}).model_dump() == {"kind": "Dog"}
    with pytest.raises(ValidationError):
        request.model_validate({"kind": "Bird"})


def test_every_variant_is_generated_once_and_only_where_a_body_needs_it(tmp_path: Path) -> None:
    with generated_package(DOCUMENT, tmp_path) as generated:
        names = {name for name in vars(generated.models) if name[:1].isupper()}
    assert {"AccountRequest", "AccountResponse", "PlanRequest", "NodeRequest"} <= names
    # Nothing to leave out of a Tag, nor of a Plan in a response: used as written.
    assert not {"TagRequest", "PlanResponse", "NodeResponse"} & names
