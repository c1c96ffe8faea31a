"""Parameters read back from the way OpenAPI's styles write them (its "Style Values" table)."""

from typing import Any

import pytest

from specfirst.runtime.encoded import encoded_query
from specfirst.runtime.shapes import ARRAY, OBJECT, SCALAR
from specfirst.runtime.styles import Style, StyleError, coerce, read_query, read_text


@pytest.mark.parametrize(
    ("location", "style", "explode", "shape", "raw", "value"),
    [
        ("path", None, None, SCALAR, "5", "5"),
        ("path", None, None, ARRAY, "3,4,5", ["3", "4", "5"]),
        ("path", None, False, OBJECT, "role,admin,first,Alex", {"role": "admin", "first": "Alex"}),
        ("path", None, True, OBJECT, "role=admin,first=Alex", {"role": "admin", "first": "Alex"}),
        ("path", "label", False, ARRAY, ".3,4,5", ["3", "4", "5"]),
        ("path", "label", True, ARRAY, ".3.4.5", ["3", "4", "5"]),
        (
            "path",
            "label",
            True,
            OBJECT,
            ".role=admin.first=Alex",
            {"role": "admin", "first": "Alex"},
        ),
        ("path", "matrix", False, SCALAR, ";id=5", "5"),
        ("path", "matrix", False, ARRAY, ";id=3,4,5", ["3", "4", "5"]),
        ("path", "matrix", True, ARRAY, ";id=3;id=4;id=5", ["3", "4", "5"]),
        (
            "path",
            "matrix",
            True,
            OBJECT,
            ";role=admin;first=Alex",
            {"role": "admin", "first": "Alex"},
        ),
        # A delimiter written percent-encoded is part of an item; `+` is itself in a path.
        ("path", None, None, ARRAY, "a%2Cb,c+d", ["a,b", "c+d"]),
        ("path", None, True, OBJECT, "role=a%3Db%2Cc,n=1", {"role": "a=b,c", "n": "1"}),
        ("path", "label", True, ARRAY, ".a%2Eb.c", ["a.b", "c"]),
        ("path", "label", False, ARRAY, ".a%2Cb,c", ["a,b", "c"]),
        ("path", "matrix", False, ARRAY, ";id=a%2Cb,c", ["a,b", "c"]),
        ("path", "matrix", True, ARRAY, ";id=a%3Bb;id=c%3Dd", ["a;b", "c=d"]),
        ("path", "matrix", True, OBJECT, ";role=a%3Bb;n=1", {"role": "a;b", "n": "1"}),
        ("header", None, None, ARRAY, "3, 4,5", ["3", "4", "5"]),
        ("header", None, None, ARRAY, "a%2Cb", ["a%2Cb"]),  # headers are not percent-encoded
        ("cookie", None, False, ARRAY, "3,4,5", ["3", "4", "5"]),
    ],
)
def test_text_styles(
    location: str, style: str | None, explode: bool | None, shape: str, raw: str, value: Any
) -> None:
    assert read_text(raw, Style.of(location, "id", shape, style=style, explode=explode)) == value


@pytest.mark.parametrize(
    ("style", "explode", "shape", "query", "value"),
    [
        (None, None, ARRAY, "id=3&id=4&id=5", ["3", "4", "5"]),
        (None, False, ARRAY, "id=3,4,5", ["3", "4", "5"]),
        ("spaceDelimited", False, ARRAY, "id=3%204%205", ["3", "4", "5"]),
        ("spaceDelimited", False, ARRAY, "id=3+4%2C5", ["3", "4,5"]),
        ("pipeDelimited", False, ARRAY, "id=3|4|5", ["3", "4", "5"]),
        ("pipeDelimited", False, ARRAY, "id=3%7C4%2C5%7c6", ["3", "4,5", "6"]),
        # A delimiter written percent-encoded is part of an item; `+` is a space in a query.
        (None, False, ARRAY, "id=a%2Cb,c+d", ["a,b", "c d"]),
        (None, True, ARRAY, "id=a%2Cb&id=c%26d", ["a,b", "c&d"]),
        (None, False, OBJECT, "id=role,a%2Cb", {"role": "a,b"}),
        ("deepObject", True, OBJECT, "id%5Brole%5D=a%2Cb%26c", {"role": "a,b&c"}),
        (None, True, OBJECT, "role=a%3Db&limit=5", {"role": "a=b"}),
        (
            "deepObject",
            True,
            OBJECT,
            "id[role]=admin&id[first]=Alex&x=1",
            {"role": "admin", "first": "Alex"},
        ),
        (None, True, OBJECT, "role=admin&first=Alex&limit=5", {"role": "admin", "first": "Alex"}),
        (None, None, ARRAY, "other=1", None),
    ],
)
def test_query_styles(
    style: str | None, explode: bool | None, shape: str, query: str, value: Any
) -> None:
    parameter = Style.of("query", "id", shape, style=style, explode=explode)
    assert read_query(encoded_query(query.encode()), parameter, frozenset({"limit"})) == value


@pytest.mark.parametrize(
    ("location", "style", "raw"),
    [("path", "label", "3"), ("path", "matrix", "id=3"), ("path", None, "a,b,c")],
)
def test_text_not_in_its_style_is_refused(location: str, style: str | None, raw: str) -> None:
    shape = OBJECT if raw == "a,b,c" else SCALAR
    with pytest.raises(StyleError):
        read_text(raw, Style.of(location, "id", shape, style=style))


def test_text_is_converted_by_the_schema() -> None:
    schema = {
        "$defs": {"Point": {"type": "object", "properties": {"x": {"type": "integer"}}}},
        "type": "object",
        "properties": {
            "point": {"anyOf": [{"$ref": "#/$defs/Point"}, {"type": "null"}]},
            "scores": {"type": "array", "items": {"type": "number"}},
            "on": {"type": "boolean"},
            "name": {"type": "string"},
        },
    }
    value = {"point": {"x": "5"}, "scores": ["1.5", "x"], "on": "true", "name": "7"}
    assert coerce(value, schema, schema) == {
        "point": {"x": 5},
        "scores": [1.5, "x"],  # not a number: left for validation to refuse
        "on": True,
        "name": "7",
    }
