"""The document the generator reads: OpenAPI 3.0 said in 3.1, a class name for every schema, a
named schema for every inline body."""

from typing import Any

from specfirst.codegen.normalize import normalize


def schema_of(document: dict[str, Any], name: str) -> Any:
    return normalize(document)["components"]["schemas"][name]


def test_openapi_30_keywords_say_what_they_mean_in_31() -> None:
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "components": {
            "schemas": {
                "Price": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "example": 2},
                "Note": {"type": "string", "nullable": True, "enum": ["a", "b"]},
                "Wrapped": {"allOf": [{"$ref": "#/components/schemas/Price"}], "nullable": True},
                "Open": {"type": "integer", "minimum": 1, "exclusiveMinimum": False},
            }
        },
    }
    normalized = normalize(document)
    schemas = normalized["components"]["schemas"]
    assert normalized["openapi"] == "3.1.0"
    assert schemas["Price"] == {"type": "number", "exclusiveMinimum": 0, "examples": [2]}
    assert schemas["Note"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert schemas["Wrapped"] == {
        "anyOf": [{"allOf": [{"$ref": "#/components/schemas/Price"}]}, {"type": "null"}]
    }
    assert schemas["Open"] == {"type": "integer", "minimum": 1}
    assert document["components"]["schemas"]["Price"]["exclusiveMinimum"] is True  # untouched


def test_integer_formats_are_bounds() -> None:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {
                "A": {"type": "integer", "format": "int32"},
                "B": {"type": "integer", "format": "int64", "minimum": 1},
                "C": {"type": "string", "format": "int32"},
            }
        },
    }
    schemas = normalize(document)["components"]["schemas"]
    assert (schemas["A"]["minimum"], schemas["A"]["maximum"]) == (-(2**31), 2**31 - 1)
    assert (schemas["B"]["minimum"], schemas["B"]["maximum"]) == (1, 2**63 - 1)
    assert "minimum" not in schemas["C"]


def test_schema_names_become_class_names_and_refs_follow() -> None:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {
                "pet store": {"type": "object"},
                "user": {"properties": {"store": {"$ref": "#/components/schemas/pet store"}}},
            }
        },
    }
    schemas = normalize(document)["components"]["schemas"]
    assert set(schemas) == {"PetStore", "User"}
    assert schemas["User"]["properties"]["store"] == {"$ref": "#/components/schemas/PetStore"}
    assert schemas["User"]["type"] == "object"  # object keywords without a type


def test_inline_bodies_are_named_after_where_they_are() -> None:
    inline = {"type": "object", "properties": {"a": {"type": "string"}}}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {
                        "200": {"content": {"application/json": {"schema": inline}}},
                        "default": {"content": {"application/json": {"schema": inline}}},
                    },
                },
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": inline}}},
                    "responses": {"4XX": {"content": {"application/hal+json": {"schema": inline}}}},
                },
            }
        },
    }
    normalized = normalize(document)
    assert set(normalized["components"]["schemas"]) == {
        "ListPets200Body",
        "ListPetsDefaultBody",
        "PostPetsRequestBody",
        "PostPets4XXBody",
    }
    response = normalized["paths"]["/pets"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ListPets200Body"
    }
