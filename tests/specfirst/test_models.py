"""The generated models enforce the fixture spec's schemas, no more and no less."""

from datetime import datetime
from types import ModuleType
from typing import Any

import pytest
from pydantic import MISSING, ValidationError

VALID_NOTE = {"id": 1, "text": "t", "stars": 2, "tag": None, "created_at": "2026-11-26T06:21:38Z"}


@pytest.mark.parametrize(
    "body",
    [
        {"text": "x"},
        {"text": "x" * 20, "stars": 0, "tag": None},
        {"text": "<b>'\"</b> ünï 🙂", "stars": 1.5, "tag": "abcde"},
    ],
)
def test_valid_request_bodies_pass(notes: ModuleType, body: dict[str, Any]) -> None:
    assert notes.models.NoteIn.model_validate_json(_json(body)).text == body["text"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "x" * 21},
        {"text": "a\u0000b"},
        {"text": None},
        {"text": 5},
        {"text": "x", "stars": -0.5},
        {"text": "x", "stars": False},
        {"text": "x", "stars": "5"},
        {"text": "x", "stars": None},
        {"text": "x", "tag": "abcdef"},
        {"text": "x", "unknown": 1},
    ],
)
def test_invalid_request_bodies_fail(notes: ModuleType, body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        notes.models.NoteIn.model_validate_json(_json(body))


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e999"])
def test_non_finite_numbers_fail_from_python_json_too(notes: ModuleType, number: str) -> None:
    import json

    with pytest.raises(ValidationError):
        notes.models.NoteIn.model_validate(json.loads(f'{{"text": "x", "stars": {number}}}'))


def test_absent_and_null_stay_apart(notes: ModuleType) -> None:
    absent = notes.models.NoteIn.model_validate({"text": "x"})
    null = notes.models.NoteIn.model_validate({"text": "x", "tag": None})
    assert absent.tag is MISSING
    assert absent.model_fields_set == {"text"}
    assert null.tag is None
    assert null.model_fields_set == {"text", "tag"}


def test_integer_is_a_number_but_a_float_is_not_an_integer(notes: ModuleType) -> None:
    assert notes.models.Note.model_validate({**VALID_NOTE, "stars": 2}).stars == 2.0
    with pytest.raises(ValidationError):
        notes.models.Note.model_validate({**VALID_NOTE, "id": 1.0})


@pytest.mark.parametrize("note_id", [0, 9223372036854775808])
def test_int64_id_bounds(notes: ModuleType, note_id: int) -> None:
    with pytest.raises(ValidationError):
        notes.models.Note.model_validate({**VALID_NOTE, "id": note_id})


def test_datetimes_must_carry_an_offset(notes: ModuleType) -> None:
    aware = notes.models.Note.model_validate(VALID_NOTE)
    assert isinstance(aware.created_at, datetime)
    assert aware.created_at.utcoffset() is not None
    with pytest.raises(ValidationError):
        notes.models.Note.model_validate({**VALID_NOTE, "created_at": "2026-11-26T06:21:38"})


def test_response_models_serialise_every_required_field(notes: ModuleType) -> None:
    note = notes.models.Note.model_validate(VALID_NOTE)
    assert note.model_dump(mode="json") == {**VALID_NOTE, "stars": 2.0}


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body)
