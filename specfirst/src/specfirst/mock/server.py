"""`python -m specfirst mock --spec SPEC` (make mock): any accepted spec, served through its
generated binding by handlers that answer every operation with its first declared success.

Any credential is accepted where the spec's security scheme expects one (a missing one is
refused as the binding refuses it: 401). `/openapi.json` serves the spec as written (its files
bundled into one document). Examples that break their own schemas are reported at start.
"""

import importlib
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import uvicorn
from fastapi import APIRouter, FastAPI, Request
from starlette.middleware import Middleware
from starlette.responses import JSONResponse

from specfirst.codegen.model import Spec, Tag
from specfirst.codegen.package import importable, write_package
from specfirst.codegen.pipeline import render_package
from specfirst.mock.answers import Answers
from specfirst.mock.values import InstanceError
from specfirst.runtime.binding_errors import BindingError, BindingErrors
from specfirst.runtime.body_limit import BodySizeLimit
from specfirst.runtime.exception_handlers import install_problem_handlers
from specfirst.runtime.responses import ApiResponse

MAX_BODY_BYTES: Final = 1024 * 1024
CONTRACT_PATH: Final = "/openapi.json"


def serve(spec: Spec, *, host: str, port: int) -> int:
    """Serve the mock of `spec` until interrupted."""
    with mock_app(spec) as (app, reports):
        for line in reports:
            print(f"mock: {line}", file=sys.stderr)
        uvicorn.run(app, host=host, port=port)
    return 0


@contextmanager
def mock_app(spec: Spec) -> Iterator[tuple[FastAPI, list[str]]]:
    """The mock of `spec`, and what it reports about the spec's examples. Its generated package
    lives, importable, while the context lasts."""
    name = f"specfirst_mock_{spec.sha256[:12]}"
    with tempfile.TemporaryDirectory(prefix="specfirst-mock-") as scratch:
        root = Path(scratch)
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("")
        write_package(render_package(spec, f"{name}.generated").sources, root / name / "generated")
        with importable(root, name):
            responses = importlib.import_module(f"{name}.generated.responses")
            routes = importlib.import_module(f"{name}.generated.routes")
            answers = Answers(spec, responses)
            app = FastAPI(
                openapi_url=None,
                docs_url=None,
                redoc_url=None,
                middleware=[Middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)],
            )
            install_problem_handlers(app)
            handler_sets = {tag.name: handler_set(tag, answers) for tag in spec.tags}
            options = {
                "binding_errors": in_the_spec_format(spec, answers),
                **{
                    scheme.python_name: ANY_CREDENTIAL[scheme.kind]
                    for scheme in spec.security_schemes
                },
                **handler_sets,
            }
            routes.bind_routes(app.router, **options)
            for base_path in server_base_paths(spec):
                # Also where the spec's servers put the API (`/v1/pets`): clients that read
                # the URL from the spec send requests there.
                # The routes themselves, prefixed (a Mount would not match every path the
                # spec's parameters allow: its pattern stops at a newline).
                prefixed = APIRouter(prefix=base_path)
                routes.bind_routes(prefixed, **options)
                app.router.routes.extend(prefixed.routes)
            if not any(op.path == CONTRACT_PATH for op in spec.operations):
                app.add_route(CONTRACT_PATH, contract_endpoint(spec), methods=["GET"])
            yield app, answers.reports


def server_base_paths(spec: Spec) -> list[str]:
    """The path part of each server URL (`/v1` of `https://api.example.com/v1`), its variables
    at their defaults; those that are the root left out."""
    paths: list[str] = []
    for server in spec.document.get("servers", []):
        url = str(server.get("url", ""))
        for name, variable in server.get("variables", {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        path = urlsplit(url).path.rstrip("/")
        if path and path not in paths:
            paths.append(path)
    return paths


def handler_set(tag: Tag, answers: Answers) -> object:
    """An object with one async method per operation of `tag`, each answering its response."""
    methods: dict[str, Callable[..., Awaitable[ApiResponse]]] = {
        operation.operation_id: _answering(answers.answer(operation))
        for operation in tag.operations
    }
    return type(f"Mock{tag.interface_name}", (), methods)()


def _answering(answer: ApiResponse | InstanceError) -> Callable[..., Awaitable[ApiResponse]]:
    async def operation(self: object, **_arguments: Any) -> ApiResponse:
        if isinstance(answer, InstanceError):
            raise answer  # reported at start; the binding answers 500
        return answer

    return operation


def in_the_spec_format(spec: Spec, answers: Answers) -> BindingErrors:
    """The binding's own answers as the spec declares them (an `Error` schema under
    `default`), built like the mock's other answers."""
    declared = {response.class_name: response for response in spec.response_classes}
    built: dict[tuple[str, int], ApiResponse] = {}

    def build(error: BindingError) -> ApiResponse:
        key = (error.declared.__name__, error.status)
        if key not in built:  # built once: values for schemas can take milliseconds
            built[key] = answers.build(declared[key[0]], error.status)
        return built[key]

    return build


async def any_token(token: str, scopes: Sequence[str]) -> str:
    """Every credential names a principal: itself, whatever the scopes."""
    return token


async def any_password(username: str, password: str, scopes: Sequence[str]) -> str:
    return username


ANY_CREDENTIAL: Final[dict[str, Callable[..., Awaitable[str]]]] = {
    "bearer": any_token,
    "key": any_token,
    "basic": any_password,
}


def contract_endpoint(spec: Spec) -> Callable[[Request], Awaitable[JSONResponse]]:
    document = spec.document

    async def contract(_request: Request) -> JSONResponse:
        return JSONResponse(document)

    return contract
