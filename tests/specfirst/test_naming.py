"""Python names for what specs name, by the rules specfirst/README.md documents."""

import keyword
import unicodedata

import pytest
from hypothesis import given, strategies

from specfirst.codegen.naming import (
    RESERVED_ARGUMENTS,
    RESERVED_BINDINGS,
    RESERVED_OPERATIONS,
    RESERVED_RESPONSE_NAMES,
    class_name,
    handler_set_name,
    pascal_case,
    python_name,
    snake_case,
)


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


NAMES = strategies.text(max_size=30)


def identifier_python_reads_as_written(name: str) -> bool:
    """A valid identifier, no keyword, and the identifier Python reads (NFKC-normalized) is
    the one written: two names that differ stay two names."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
    )


@given(NAMES, strategies.sampled_from(sorted(RESERVED_ARGUMENTS)))
def test_every_python_name_is_an_identifier_of_its_own(written: str, reserved: str) -> None:
    for name in (
        python_name(written, prefix="op", reserved=RESERVED_OPERATIONS),
        python_name(written, prefix="p", reserved=RESERVED_ARGUMENTS),
        python_name(reserved, prefix="p", reserved=RESERVED_ARGUMENTS),
    ):
        assert identifier_python_reads_as_written(name), name
    assert python_name(written, prefix="p", reserved=RESERVED_ARGUMENTS) not in RESERVED_ARGUMENTS
    assert (
        python_name(written, prefix="op", reserved=RESERVED_OPERATIONS) not in RESERVED_OPERATIONS
    )


@given(NAMES)
def test_every_class_and_handler_set_name_is_an_identifier_of_its_own(written: str) -> None:
    label = class_name(written, reserved=RESERVED_RESPONSE_NAMES)
    assert identifier_python_reads_as_written(label)
    assert label not in RESERVED_RESPONSE_NAMES
    handler_set = handler_set_name(written)
    assert identifier_python_reads_as_written(handler_set)
    assert handler_set not in RESERVED_BINDINGS
    assert identifier_python_reads_as_written(f"{pascal_case(handler_set)}Handlers")


@pytest.mark.parametrize(
    ("written", "name"),
    [("None", "None_"), ("ﬁle", "File"), ("x²", "X2"), ("日本", "日本"), ("", "Model")],
)
def test_class_names_python_reads_as_written(written: str, name: str) -> None:
    assert class_name(written) == name


def test_handler_sets() -> None:
    assert handler_set_name("2fa") == "set_2fa"
    assert handler_set_name("security") == "security_handlers"
    assert handler_set_name("class") == "class_handlers"
    assert handler_set_name("Pet Store") == "pet_store"
