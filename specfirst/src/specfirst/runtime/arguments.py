"""Reading a request into an operation's typed arguments: its credentials, its parameters (in
every location and style) and its body, each invalid one reported as FastAPI reports it
(`{"loc": ["query", "limit"], ...}`), all of them at once.

A generated endpoint declares what it takes in its annotations: `In(...)` for a parameter,
`Body(...)` for the body (bodies.py), `Credentials(...)` for the caller, with pydantic's
`Field` for bounds:

    async def list_pets(*, limit: Annotated[int, Field(ge=1), In("query", "limit")] = 20)

The route (routing.ContractRoute) reads them with a RequestReader, once per request, instead
of FastAPI's dependency solver (which knows neither parameter styles nor the answers the spec
asks for, and costs about a tenth of a product read).
"""

import inspect
import re
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, get_args

from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError, create_model
from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request

from specfirst.runtime import json_texts
from specfirst.runtime.bodies import Body, BodyReader
from specfirst.runtime.encoded import EncodedPath, encoded_query
from specfirst.runtime.locations import location_text
from specfirst.runtime.security import Authentication
from specfirst.runtime.shapes import SCALAR, value_shapes
from specfirst.runtime.styles import Style, StyleError, coerce, read_query, read_text


@dataclass(frozen=True)
class In:
    """A parameter: where it is (`path`, `query`, `header`, `cookie`), its name there, and how
    it is written (OpenAPI's `style` and `explode`, or the media type of `content`)."""

    location: str
    name: str
    style: str | None = None
    explode: bool | None = None
    content: str | None = None  # `application/json`: the value is a JSON document


@dataclass(frozen=True)
class Credentials:
    """The caller, authenticated as the operation's security requirements ask."""

    authenticate: Authentication


@dataclass(frozen=True)
class _Parameter:
    argument: str
    where: In
    # How it may be written: one style per shape its value may have (several for a value of
    # one of several schemas: `created=5` or `created[gte]=5`), tried in the spec's order.
    styles: tuple[Style, ...]
    # The JSON schema of the parameter's type, when its value needs converting from text.
    schema: dict[str, Any] | None
    # Its type, where several styles may each read a value: the first that fits it is taken.
    choice: TypeAdapter[Any] | None
    # The operation's other query parameters (not properties of an exploded object).
    others: frozenset[str] = frozenset()


class RequestReader:
    """Reads one endpoint's arguments from requests (module docstring), served at a path of
    `path_pattern` (its route's, Starlette's)."""

    def __init__(self, endpoint: Callable[..., Any], path_pattern: re.Pattern[str]) -> None:
        self._path = EncodedPath(path_pattern)
        fields: dict[str, Any] = {}
        self._parameters: list[_Parameter] = []
        self._credentials: tuple[str, Credentials] | None = None
        self._body: tuple[str, BodyReader] | None = None
        for name, parameter in inspect.signature(endpoint).parameters.items():
            marker = _marker(parameter.annotation)
            if isinstance(marker, Credentials):
                self._credentials = (name, marker)
            elif isinstance(marker, Body):
                self._body = (name, BodyReader(marker))
            elif isinstance(marker, In):
                default = ... if parameter.default is inspect.Parameter.empty else parameter.default
                fields[name] = (parameter.annotation, default)
                self._parameters.append(_describe(name, marker, get_args(parameter.annotation)[0]))
            else:
                raise TypeError(f"{endpoint.__name__}: {name} is not a parameter, body or caller")
        self._model = create_model(f"{endpoint.__name__}_parameters", **fields)
        query = frozenset(p.where.name for p in self._parameters if p.where.location == "query")
        self._parameters = [replace(p, others=query - {p.where.name}) for p in self._parameters]
        # Errors are reported where the values were: (location, name), as FastAPI does.
        self._where = {p.argument: (p.where.location, p.where.name) for p in self._parameters}

    @property
    def parameters(self) -> list[tuple[In, bool, dict[str, Any]]]:
        """Each parameter, for those who describe routes: where it comes from, whether it is
        required, and its JSON schema (bounds and default included)."""
        schema = self._model.model_json_schema()
        required = set(schema.get("required", []))
        return [
            (p.where, p.argument in required, schema["properties"][p.argument])
            for p in self._parameters
        ]

    async def read(self, request: Request, closing: AsyncExitStack) -> dict[str, Any]:
        """The endpoint's arguments; RequestValidationError lists every invalid one, and an
        HTTPException refuses the caller (401, 403) before anything else is looked at. Files
        the body brings are closed by `closing`."""
        values: dict[str, Any] = {}
        if self._credentials is not None:
            name, credentials = self._credentials
            values[name] = await credentials.authenticate(request)
        errors: list[dict[str, Any]] = []
        if self._parameters:
            values.update(self._read_parameters(request, errors))
        if self._body is not None:
            name, body = self._body
            values[name] = await body.read(request, errors, closing)
        if errors:
            raise RequestValidationError(errors)
        return values

    def _read_parameters(self, request: Request, errors: list[dict[str, Any]]) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        written = _Written(request, self._path)
        for parameter in self._parameters:
            try:
                value = _raw_value(request, written, parameter)
            except StyleError as error:
                loc = (parameter.where.location, parameter.where.name)
                errors.append({"type": "parameter_style", "loc": loc, "msg": str(error)})
                continue
            if value is not None:
                raw[parameter.argument] = value
        try:
            parsed = self._model.model_validate(raw)
        except ValidationError as error:
            errors.extend(
                {**e, "loc": (*self._where[str(e["loc"][0])], *e["loc"][1:])}
                for e in error.errors(include_url=False)
            )
            return {}
        # A model iterates as (argument name, value) pairs; dict(parsed) would call an argument
        # named `keys` instead.
        return dict(iter(parsed))


class _Written:
    """A request's query string and path parameters as written (encoded.py), each read at
    most once."""

    def __init__(self, request: Request, path: EncodedPath) -> None:
        self._scope = request.scope
        self._path = path

    @cached_property
    def query(self) -> ImmutableMultiDict[str, str]:
        return encoded_query(self._scope.get("query_string", b""))

    @cached_property
    def path(self) -> Mapping[str, str]:
        return self._path.parameters(self._scope)


def _marker(annotation: Any) -> Any:
    return next(
        (m for m in get_args(annotation)[1:] if isinstance(m, In | Body | Credentials)), None
    )


def _describe(argument: str, where: In, python_type: Any) -> _Parameter:
    """How to read one parameter: its styles (one per shape of its value), and the schema to
    convert its text by, when it is more than a string (numbers inside arrays and objects, a
    union, an enum of numbers)."""
    adapter = TypeAdapter(python_type)
    schema = adapter.json_schema(ref_template="#/$defs/{model}")
    shapes = value_shapes(schema, schema)
    styles = tuple(
        Style.of(where.location, where.name, shape, style=where.style, explode=where.explode)
        for shape in shapes
    )
    # A parameter's null is its absence (an optional one's `| None`), never text: "null" is
    # not converted to it.
    present = _without_null(schema)
    converts = where.content is None and (shapes != [SCALAR] or _chooses(present))
    choice = adapter if len(styles) > 1 else None
    return _Parameter(argument, where, styles, present if converts else None, choice)


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without the null alternative at its top (`anyOf: [X, {type: null}]`: X)."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or {"type": "null"} not in branches:
        return schema
    rest = [branch for branch in branches if branch != {"type": "null"}]
    kept = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**kept, **rest[0]} if len(rest) == 1 else {**kept, "anyOf": rest}


def _chooses(schema: dict[str, Any]) -> bool:
    """Whether a scalar's text must be converted before it is validated: to tell the
    alternatives of a union apart, or to compare it with the values of an enum."""
    return any(keyword in schema for keyword in ("anyOf", "oneOf", "enum", "const"))


def _raw_value(request: Request, written: _Written, parameter: _Parameter) -> Any:
    """The parameter's value as written (strings), converted by its schema; None if absent.
    Written in one of several styles, the first whose value fits the parameter's type."""
    where = parameter.where
    if where.content is not None:
        text = location_text(request, where.location, where.name)
        return None if text is None else _json_parameter(text)
    candidates: list[Any] = []
    failure: StyleError | None = None
    for style in parameter.styles:
        try:
            value = _read(request, written, parameter, style)
        except StyleError as error:
            failure = failure or error
            continue
        if value is not None and parameter.schema is not None:
            value = coerce(value, parameter.schema, parameter.schema)
        if value is not None:
            candidates.append(value)
    if not candidates:
        if failure is not None:
            raise failure
        return None
    if parameter.choice is None or len(candidates) == 1:
        return candidates[0]
    return next((value for value in candidates if _fits(parameter.choice, value)), candidates[0])


def _read(request: Request, written: _Written, parameter: _Parameter, style: Style) -> Any:
    location = parameter.where.location
    if location == "path":
        return read_text(written.path.get(style.name), style)
    if location != "query":
        return read_text(location_text(request, location, style.name), style)
    query = written.query
    if (
        parameter.choice is not None
        and style.shape == SCALAR
        and len(query.getlist(style.name)) > 1
    ):
        return None  # given several times: not one value
    return read_query(query, style, parameter.others)


def _fits(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def _json_parameter(text: str) -> Any:
    try:
        return json_texts.parse(text)
    except json_texts.MalformedJsonError as error:
        raise StyleError(f"not JSON: {error}") from None
