"""JSON text read one way from every part of a request (runtime/json_texts.py): what is
malformed, what is ambiguous, and what is read."""

import pytest

from specfirst.runtime.json_texts import MAX_DEPTH, MalformedJsonError, parse


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": 1, "a": 2}', 'Detected duplicate key "a"'),
        ('[{"b": {"c": 1, "c": 1}}]', 'Detected duplicate key "c"'),
        ('["\\ud800", {"d": 1, "d": 2}]', 'Detected duplicate key "d"'),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested deeper than {MAX_DEPTH} levels"),
        ('["\\ud800", ' + "[" * 5000 + "]" * 5000 + "]", f"nested deeper than {MAX_DEPTH} levels"),
        ('["\\ud800", ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "]", "nested deeper"),
        ('{"a": ', "Expecting value"),
        ("[1] [2]", "Extra data"),
    ],
)
def test_malformed_or_ambiguous_text_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(MalformedJsonError) as refused:
        parse(text)
    assert refused.value.reason.startswith(reason)


def nested_lists(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1, "A": 2}', {"a": 1, "A": 2}),  # keys differ by case: two keys
        ('[{"a": 1}, {"a": 2}]', [{"a": 1}, {"a": 2}]),  # one key in each of two objects
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, nested_lists(MAX_DEPTH)),
        ('["\\ud800", ' + "[" * 9 + "]" * 9 + "]", ["\ud800", nested_lists(9)]),
        ('"\\ud800"', "\ud800"),  # a lone surrogate: taken as json.loads takes it
        (b'{"x": "\xc3\xa9"}', {"x": "é"}),
    ],
)
def test_unambiguous_text_is_read(text: str | bytes, value: object) -> None:
    assert parse(text) == value
