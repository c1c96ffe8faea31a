"""Python names for what specs name, by the rules specfirst/README.md documents."""

import pytest

from specfirst.codegen.naming import class_name, python_name, snake_case


@pytest.mark.parametrize(
    ("written", "method"),
    [
        ("getPetById", "get_pet_by_id"),
        ("get-pet-by-id", "get_pet_by_id"),
        ("GetPetByID", "get_pet_by_id"),
        ("find pet by id", "find_pet_by_id"),
        ("pets.list", "pets_list"),
        ("getHTTPStatus", "get_http_status"),
        ("ETag", "etag"),
        ("2fa-setup", "op_2fa_setup"),
        ("class", "class_"),
        ("get /pets/{petId}", "get_pets_pet_id"),
    ],
)
def test_operation_ids_become_snake_case_method_names(written: str, method: str) -> None:
    assert python_name(written, prefix="op") == method


def test_class_names() -> None:
    assert class_name("pet store") == "PetStore"
    assert class_name("user") == "User"
    assert class_name("OAuth2Problem") == "OAuth2Problem"
    assert class_name("3d-model") == "Model3dModel"
    assert snake_case("X-Request-ID") == "x_request_id"
