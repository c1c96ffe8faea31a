"""Problem details bodies for the expected failures handlers answer with (404, 403, 409)."""

from service.generated.models import Problem
from specfirst.runtime.problems import problem_title


def problem(status: int, detail: str) -> Problem:
    return Problem(type="about:blank", title=problem_title(status), status=status, detail=detail)
