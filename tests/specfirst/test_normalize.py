"""The document the generator reads (specfirst.codegen.normalize): OpenAPI 3.0 said in 3.1, a
class name for every schema, a named schema for every inline body, seen through the generated
package."""

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.specfirst.generated import generated_package, response_model, valid

OAS30 = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Price": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "example": 2},
            "Note": {"type": "string", "nullable": True, "enum": ["a", "b"]},
            "Wrapped": {"allOf": [{"$ref": "#/components/schemas/Price"}], "nullable": True},
            "Open": {"type": "integer", "minimum": 1, "exclusiveMinimum": False},
            "Small": {"type": "integer", "format": "int32"},
            "Id": {"type": "integer", "format": "int64", "minimum": 1},
            "Code": {"type": "string", "format": "int32"},
            "pet store": {"type": "object", "properties": {"name": {"type": "string"}}},
            "user": {"properties": {"store": {"$ref": "#/components/schemas/pet store"}}},
        }
    },
}
INLINE = {"type": "object", "properties": {"a": {"type": "string"}}}
INLINE_BODIES = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "responses": {
                    "200": {
                        "description": "d",
                        "content": {"application/json": {"schema": INLINE}},
                    },
                    "default": {
                        "description": "d",
                        "content": {"application/json": {"schema": INLINE}},
                    },
                },
            },
            "post": {
                "requestBody": {"content": {"application/json": {"schema": INLINE}}},
                "responses": {
                    "4XX": {
                        "description": "d",
                        "content": {"application/hal+json": {"schema": INLINE}},
                    }
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(OAS30, tmp_path_factory.mktemp("normalize")) as generated:
        yield generated.models


def test_openapi_30_keywords_say_what_they_mean_in_31(models: ModuleType) -> None:
    # A boolean exclusiveMinimum makes the minimum exclusive.
    assert not valid(models.Price, 0)
    assert valid(models.Price, 0.5)
    # `nullable` admits null, in an enum too; a nullable composition is its members or null.
    assert [valid(models.Note, v) for v in ("a", None, "c")] == [True, True, False]
    assert [valid(models.Wrapped, v) for v in (1, None, 0)] == [True, True, False]
    # A false exclusiveMinimum leaves the minimum inclusive.
    assert valid(models.Open, 1)


def test_the_document_as_written_is_left_as_it_was(tmp_path: Path) -> None:
    with generated_package(OAS30, tmp_path):
        pass
    assert OAS30["components"]["schemas"]["Price"]["exclusiveMinimum"] is True  # type: ignore[index]


def test_integer_formats_are_bounds(models: ModuleType) -> None:
    assert [valid(models.Small, v) for v in (-(2**31), 2**31 - 1, 2**31)] == [True, True, False]
    assert [valid(models.Id, v) for v in (0, 1, 2**63 - 1, 2**63)] == [False, True, True, False]
    assert valid(models.Code, "any text")  # a format of another type: no bounds


def test_schema_names_become_class_names_and_refs_follow(models: ModuleType) -> None:
    user = models.User.model_validate({"store": {"name": "corner"}})
    assert isinstance(user.store, models.PetStore)
    # Object keywords without a type: an object, and nothing else.
    assert not valid(models.User, 5)


def test_inline_bodies_are_named_after_where_they_are(tmp_path: Path) -> None:
    with generated_package(INLINE_BODIES, tmp_path) as generated:
        assert response_model(generated, "ListPets200Response") is generated.models.ListPets200Body
        assert response_model(generated, "ListPetsDefaultResponse").__name__ == (
            "ListPetsDefaultBody"
        )
        assert response_model(generated, "PostPets4XXResponse").__name__ == "PostPets4XXBody"
        assert hasattr(generated.models, "PostPetsRequestBody")
