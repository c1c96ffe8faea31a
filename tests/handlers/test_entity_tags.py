"""Reading the lists of entity tags that If-Match and If-None-Match carry (RFC 9110 §13.1)."""

import pytest

from service.handlers.entity_tags import ANY, EntityTag, parse_entity_tags


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ('"1"', (EntityTag("1"),)),
        ('W/"1"', (EntityTag("1", weak=True),)),
        ('"1", W/"2",\t"3"', (EntityTag("1"), EntityTag("2", weak=True), EntityTag("3"))),
        ('"a,b"', (EntityTag("a,b"),)),  # a comma may be part of a tag
        (' , "x" ,, ', (EntityTag("x"),)),  # empty list elements are allowed
        ('""', (EntityTag(""),)),
    ],
)
def test_lists_of_entity_tags(value: str, tags: tuple[EntityTag, ...]) -> None:
    assert parse_entity_tags(value) == tags


@pytest.mark.parametrize("value", ["*", " * "])
def test_the_wildcard(value: str) -> None:
    assert parse_entity_tags(value) == ANY


@pytest.mark.parametrize(
    "value", ["", " ", "1", '"1" "2"', '"1""2"', 'w/"1"', '"unterminated', '"1", *', '"a"b"']
)
def test_values_that_are_not_lists_of_entity_tags(value: str) -> None:
    assert parse_entity_tags(value) is None


def test_a_tag_is_written_back_as_it_was_read() -> None:
    for value in ('"1"', 'W/"x"'):
        [tag] = parse_entity_tags(value)  # type: ignore[misc]
        assert str(tag) == value
