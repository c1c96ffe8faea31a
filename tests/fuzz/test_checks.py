"""The failure filter of our Schemathesis hooks (checks.py) keeps what it cannot read: a 422
that is not JSON, or JSON of another shape, stays a failure; only a reused Idempotency-Key's
problem is let go."""

import json
from typing import Any

import pytest
from schemathesis.openapi.checks import RejectedPositiveData

from tests.fuzz.checks import filter_failure


class Answer:
    """What the filter reads of a response: its status and its JSON."""

    def __init__(self, text: str) -> None:
        self.status_code = 422
        self.text = text

    def json(self) -> Any:
        return json.loads(self.text)


REJECTED = RejectedPositiveData(
    operation="POST /x", message="rejected", status_code=422, allowed_statuses=["2xx"]
)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('{"errors": [{"type": "idempotency_key_reused"}]}', False),
        ('{"errors": [{"type": "missing"}]}', True),
        ("specfirst mock", True),  # a 422 in a spec's own format, not JSON
        ('["errors"]', True),
        ('{"errors": ["idempotency_key_reused"]}', True),
    ],
)
def test_a_rejection_is_kept_unless_it_is_a_reused_key(text: str, kept: bool) -> None:
    response: Any = Answer(text)
    context: Any = None
    case: Any = None
    assert filter_failure(context, REJECTED, case, response) is kept
