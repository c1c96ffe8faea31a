"""Fake handlers for the fixture spec: just enough behaviour to observe the binding."""

from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from fastapi import FastAPI
from starlette.middleware import Middleware

from specfirst.runtime.body_limit import BodySizeLimit
from specfirst.runtime.exception_handlers import install_problem_handlers

CREATED_AT = datetime(2026, 11, 26, 6, 21, 38, 123456, tzinfo=UTC)
GOOD_TOKEN = "token-of-alice"


class FakeNotes:
    """Implements the generated NotesHandlers; records what each call received."""

    def __init__(self, notes: ModuleType) -> None:
        self.r = notes.responses
        self.m = notes.models
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _note(self, note_id: int, text: str = "hello") -> Any:
        return self.m.Note(id=note_id, text=text, stars=1.5, tag=None, created_at=CREATED_AT)

    async def read_note(self, *, note_id: int, x_trace: str | None) -> Any:
        self.calls.append(("read_note", {"note_id": note_id, "x_trace": x_trace}))
        if note_id == 404:
            return self.r.NotFoundResponse(
                body=self.m.Problem(type="about:blank", title="Not Found", status=404, detail="no")
            )
        if note_id == 500:
            raise RuntimeError("the handler broke")
        if note_id == 501:
            # A status the spec does not declare for this operation.
            return self.r.ReadLatestNote200Response(body=self._note(note_id))
        return self.r.ReadNote200Response(body=self._note(note_id))

    async def read_latest_note(self) -> Any:
        self.calls.append(("read_latest_note", {}))
        return self.r.ReadLatestNote200Response(body=self._note(1, "latest"))

    async def list_notes(self, *, limit: int, prefix: str | None, order: str) -> Any:
        self.calls.append(("list_notes", {"limit": limit, "prefix": prefix, "order": order}))
        return self.r.ListNotes200Response(body=self.m.NotePage(items=[self._note(1)], limit=limit))

    async def create_note(self, *, auth: Any, body: Any) -> Any:
        self.calls.append(("create_note", {"principal": auth.principal, "body": body}))
        return self.r.CreateNote201Response(body=self._note(7, body.text), location="/notes/7")

    async def delete_note(self, *, auth: Any, note_id: int) -> Any:
        self.calls.append(("delete_note", {"principal": auth.principal, "note_id": note_id}))
        return self.r.DeleteNote204Response()


class FakeAuth:
    """Implements the generated AuthHandlers; records its calls in the notes fake's list."""

    def __init__(self, notes: ModuleType, calls: list[tuple[str, dict[str, Any]]]) -> None:
        self.r = notes.responses
        self.m = notes.models
        self.calls = calls

    async def issue_token(self, *, form: Any) -> Any:
        self.calls.append(("issue_token", {"form": form}))
        return self.r.IssueToken200Response(
            body=self.m.Token(access_token=GOOD_TOKEN), cache_control="no-store"
        )


async def authenticate(token: str, scopes: object) -> str | None:
    return "alice" if token == GOOD_TOKEN else None


def notes_app(notes: ModuleType, handlers: FakeNotes, *, max_body_bytes: int = 1000) -> FastAPI:
    app = FastAPI(middleware=[Middleware(BodySizeLimit, max_bytes=max_body_bytes)])
    install_problem_handlers(app)
    notes.routes.bind_routes(
        app.router, password=authenticate, notes=handlers, auth=FakeAuth(notes, handlers.calls)
    )
    return app
