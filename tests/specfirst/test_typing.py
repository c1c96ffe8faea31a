"""mypy holds handlers to the spec: a status or body the spec does not declare does not type-check.

This is the Python form of oapi-codegen's `var _ StrictServerInterface = (*Impl)(nil)`: the
handler set is assigned to the generated Protocol and mypy checks every method against it.
"""

from pathlib import Path

import pytest
from mypy import api as mypy_api

HANDLERS = """
from notes.generated import models, responses
from notes.generated.interfaces import AuthHandlers


class Auth:
    async def issue_token(self, *, form: models.Login) -> responses.IssueTokenResponse:
        return {result}


handlers: AuthHandlers = Auth()
"""
TOKEN = "models.Token(access_token='t')"
PROBLEM = "models.Problem(type='about:blank', title='t', status=400, detail='d')"


def type_check(notes_root: Path, tmp_path: Path, result: str) -> str:
    module = tmp_path / "handlers_under_test.py"
    module.write_text(HANDLERS.format(result=result))
    stdout, stderr, _ = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(module)]
    )
    return stdout + stderr


@pytest.fixture
def on_mypy_path(notes_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MYPYPATH", str(notes_root))
    return notes_root


def test_declared_responses_type_check(on_mypy_path: Path, tmp_path: Path) -> None:
    ok = f"responses.IssueToken200Response(body={TOKEN}, cache_control='no-store')"
    assert "Success" in type_check(on_mypy_path, tmp_path, ok)
    error = f"responses.MalformedResponse(body={PROBLEM})"
    assert "Success" in type_check(on_mypy_path, tmp_path, error)


@pytest.mark.parametrize(
    ("result", "complaint"),
    [
        # A status the operation does not declare (415 is declared, 404 is not).
        (f"responses.NotFoundResponse(body={PROBLEM})", "Incompatible return value"),
        # The right status with a body of the wrong schema.
        (f"responses.IssueToken200Response(body={PROBLEM}, cache_control='no-store')", "body"),
        # A required response header left out.
        (f"responses.IssueToken200Response(body={TOKEN})", "cache_control"),
    ],
)
def test_undeclared_status_body_or_header_is_a_type_error(
    on_mypy_path: Path, tmp_path: Path, result: str, complaint: str
) -> None:
    output = type_check(on_mypy_path, tmp_path, result)
    assert "error" in output
    assert complaint in output
