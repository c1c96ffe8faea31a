"""A handler set that lacks an operation fails at start-up, naming what is missing."""

from types import ModuleType

import pytest
from fastapi import FastAPI

from specfirst.runtime.routing import MissingOperationError
from specfirst.runtime.security import MissingAuthenticatorError
from tests.specfirst.fake_notes import FakeAuth, FakeNotes, authenticate


class NotesWithoutDelete(FakeNotes):
    delete_note = None  # type: ignore[assignment]


class NotesWithSyncRead(FakeNotes):
    def read_note(self, *, note_id: int, x_trace: str | None) -> None:  # type: ignore[override]
        return None


@pytest.mark.parametrize(
    ("handlers", "missing"),
    [(NotesWithoutDelete, "delete_note"), (NotesWithSyncRead, "read_note")],
)
def test_missing_or_sync_operation_is_named_at_start(
    notes: ModuleType, handlers: type[FakeNotes], missing: str
) -> None:
    app = FastAPI()
    # It names what is missing, and the command that prints it to paste in.
    named = rf"NotesHandlers: missing or not async: {missing}\. `python -m specfirst stubs "
    with pytest.raises(MissingOperationError, match=named):
        notes.routes.bind_routes(
            app.router, password=authenticate, notes=handlers(notes), auth=FakeAuth(notes, [])
        )
    assert len(app.router.routes) == len(FastAPI().router.routes), "nothing may be half-bound"


def test_secured_operations_need_an_authenticator(notes: ModuleType) -> None:
    message = "no authenticator for the security scheme.s. Password, which create_note, delete_note"
    with pytest.raises(MissingAuthenticatorError, match=message):
        notes.routes.bind_routes(FastAPI().router, notes=FakeNotes(notes), auth=None)


def test_a_handler_set_given_as_none_is_not_served(notes: ModuleType) -> None:
    app = FastAPI()
    notes.routes.bind_routes(app.router, notes=None, auth=FakeAuth(notes, []))
    paths = {getattr(route, "path", None) for route in app.router.routes}
    assert "/token" in paths
    assert not any(str(path).startswith("/notes") for path in paths)
