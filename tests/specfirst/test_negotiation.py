"""Accept headers (RFC 9110 §12.5.1) choosing among the media types a response offers."""

import pytest

from specfirst.runtime.negotiation import best_match

OFFERED = ["application/json", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0, */*", "application/json"),
        ("application/xml", None),
        ("text/csv;q=0", None),
        ("not a media range", "application/json"),
    ],
)
def test_the_preferred_acceptable_media_type(accept: str | None, chosen: str | None) -> None:
    assert best_match(accept, OFFERED) == chosen


def test_an_offered_wildcard_matches_a_concrete_range() -> None:
    assert best_match("image/png", ["image/*"]) == "image/*"
    assert best_match("text/plain", ["image/*"]) is None
