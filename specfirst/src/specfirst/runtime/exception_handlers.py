"""Answers outside the bound operations as problem+json too: unknown paths (404), methods a
path does not have (405 with every allowed method), and anything that escapes (500)."""

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from specfirst.runtime.problem_responses import problem_response

SERVER_ERROR_DETAIL = "The server failed to handle this request."


def install_problem_handlers(app: FastAPI) -> None:
    """Register the exception handlers; bind the routes on `app.router` itself (not an
    included router), so that a 405 can list every method of the path in `Allow`."""
    app.add_exception_handler(HTTPException, _http_problem)
    app.add_exception_handler(Exception, _server_error)


async def _http_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = str(exc.detail)
    if exc.status_code == 404:
        detail = f"No operation at {request.method} {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
        # Starlette's Allow names only the first route that matched the path; RFC 9110
        # §15.5.6 wants every method the path supports.
        return problem_response(405, detail, headers={"Allow": _allowed_methods(request)})
    return problem_response(exc.status_code, detail, headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette logs the traceback of what reaches here; only the answer is ours.
    return problem_response(500, SERVER_ERROR_DETAIL)


def _allowed_methods(request: Request) -> str:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE and isinstance(route, APIRoute):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))
