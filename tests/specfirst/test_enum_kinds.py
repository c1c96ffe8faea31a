"""An enum of numbers takes no boolean, an enum of booleans no number (runtime.models'
OF_THE_MEMBERS_KINDS, which the generator puts on such Literals): pydantic alone compares by
Python equality, in which `True` is `1`."""

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from tests.specfirst.generated import generated_package

SETTINGS = {
    "type": "object",
    "properties": {
        "level": {"type": "integer", "enum": [0, 1, 2]},
        "ratio": {"type": "number", "enum": [0.5, 1]},
        "levels": {"type": "array", "items": {"type": "integer", "enum": [-1, 1]}},
        "enabled": {"type": "boolean", "enum": [True]},
        "mixed": {"enum": ["auto", 0]},
    },
}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "settings", "version": "1"},
    "paths": {},
    "components": {"schemas": {"Settings": SETTINGS}},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPEC, tmp_path_factory.mktemp("enums")) as package:
        yield package


@pytest.mark.parametrize(
    "body",
    [
        '{"level": 0}',
        '{"level": 2.0}',
        '{"ratio": 0.5}',
        '{"ratio": 1}',
        '{"levels": [-1, 1]}',
        '{"enabled": true}',
        '{"mixed": "auto"}',
    ],
)
def test_each_member_is_taken(package: ModuleType, body: str) -> None:
    package.models.Settings.model_validate_json(body, strict=True)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('{"level": false}', ("level",)),
        ('{"level": true}', ("level",)),
        ('{"ratio": true}', ("ratio",)),
        ('{"levels": [1, true]}', ("levels", 1)),
        ('{"enabled": 1}', ("enabled",)),
    ],
)
def test_a_value_of_another_json_kind_is_refused(
    package: ModuleType, body: str, where: tuple[Any, ...]
) -> None:
    with pytest.raises(ValidationError) as refused:
        package.models.Settings.model_validate_json(body, strict=True)
    errors = refused.value.errors()
    # Where the model's type is a union (`Literal[1] | float` for [0.5, 1]), each member says.
    assert {tuple(error["loc"])[: len(where)] for error in errors} == {where}
    assert "literal_error" in {error["type"] for error in errors}
