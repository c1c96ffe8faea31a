"""The schema each body is read or written with: readOnly properties out of requests, writeOnly
ones out of responses, a multipart body's files as uploads (specfirst.codegen.variants)."""

from typing import Any

from specfirst.codegen.normalize import normalize
from specfirst.codegen.variants import UPLOAD_SCHEMA, use_body_variants


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def document(schemas: dict[str, Any], **operation: Any) -> dict[str, Any]:
    operation.setdefault("responses", {"200": {"description": "ok", **json_body(ref("Account"))}})
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/accounts": {"post": {"operationId": "open", **operation}}},
        "components": {"schemas": schemas},
    }


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
TAG = {"type": "string"}


def variants(spec: dict[str, Any]) -> dict[str, Any]:
    normalized = normalize(spec)
    use_body_variants(normalized)
    return normalized


def test_a_request_leaves_out_read_only_and_a_response_write_only_properties() -> None:
    spec = variants(
        document(
            {"Account": ACCOUNT, "Plan": PLAN, "Tag": TAG},
            requestBody={"required": True, **json_body(ref("Account"))},
        )
    )
    schemas = spec["components"]["schemas"]
    operation = spec["paths"]["/accounts"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == ref(
        "AccountRequest"
    )
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == ref(
        "AccountResponse"
    )
    request, response = schemas["AccountRequest"], schemas["AccountResponse"]
    assert set(request["properties"]) == {"email", "password", "plan", "tags"}
    assert request["required"] == ["email", "password"]
    assert set(response["properties"]) == {"id", "email", "plan", "tags"}
    assert response["required"] == ["id", "email"]
    # Through references: the plan's readOnly field is out of requests too; the tags, which
    # have nothing to leave out, and the plan in responses, are the schemas as written.
    assert request["properties"]["plan"] == ref("PlanRequest")
    assert set(schemas["PlanRequest"]["properties"]) == {"name"}
    assert request["properties"]["tags"]["items"] == ref("Tag")
    assert response["properties"]["plan"] == ref("Plan")
    assert "TagRequest" not in schemas
    assert "PlanResponse" not in schemas
    # The component as written stays (a parameter may use it).
    assert set(schemas["Account"]["properties"]) == set(ACCOUNT["properties"])


def test_an_inline_body_is_changed_where_it_is() -> None:
    inline = {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}}
    spec = variants(
        document({"Account": ACCOUNT, "Plan": PLAN, "Tag": TAG}, requestBody=json_body(inline))
    )
    schemas = spec["components"]["schemas"]
    assert schemas["OpenRequestBody"]["properties"] == {}
    assert "OpenRequestBodyRequest" not in schemas


def test_a_recursive_schema_refers_to_its_own_variant() -> None:
    node = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "children": {"type": "array", "items": ref("Node")},
        },
    }
    spec = variants(
        document(
            {"Node": node, "Account": ACCOUNT, "Plan": PLAN, "Tag": TAG},
            requestBody=json_body(ref("Node")),
        )
    )
    request = spec["components"]["schemas"]["NodeRequest"]
    assert set(request["properties"]) == {"children"}
    assert request["properties"]["children"]["items"] == ref("NodeRequest")


def test_a_multipart_body_has_its_files_as_uploads() -> None:
    form = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "photos": {
                "type": "array",
                "items": {"type": "string", "contentMediaType": "image/png"},
            },
            "base64": {"type": "string", "contentEncoding": "base64"},
            "title": {"type": "string"},
        },
    }
    spec = variants(
        document(
            {"Form": form, "Account": ACCOUNT, "Plan": PLAN, "Tag": TAG},
            requestBody={"content": {"multipart/form-data": {"schema": ref("Form")}}},
        )
    )
    schemas = spec["components"]["schemas"]
    properties = schemas["Form"]["properties"]  # the body's own: changed where it is
    assert properties["file"] == ref(UPLOAD_SCHEMA)
    assert properties["photos"]["items"] == ref(UPLOAD_SCHEMA)
    assert properties["base64"] == {"type": "string", "contentEncoding": "base64"}
    assert properties["title"] == {"type": "string"}
    assert schemas[UPLOAD_SCHEMA] == {"type": "string", "format": "binary"}


def test_a_discriminator_maps_its_values_to_the_variants() -> None:
    def pet() -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "id": {"type": "integer", "readOnly": True}},
        }

    schemas_in = {
        "Cat": pet(),
        "Dog": pet(),
        "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "kind"}},
        "Account": ACCOUNT,
        "Plan": PLAN,
        "Tag": TAG,
    }
    spec = variants(document(schemas_in, requestBody=json_body(ref("Pet"))))
    request = spec["components"]["schemas"]["Pet"]  # the body's own: changed where it is
    assert request["oneOf"] == [ref("CatRequest"), ref("DogRequest")]
    # Implicit, the values were the schemas' names: they still are.
    assert request["discriminator"]["mapping"] == {
        "Cat": "#/components/schemas/CatRequest",
        "Dog": "#/components/schemas/DogRequest",
    }
