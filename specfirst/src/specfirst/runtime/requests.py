"""Reading a request into an operation's typed arguments: its credentials, its parameters (in
every location and style) and its body, each invalid one reported as FastAPI reports it
(`{"loc": ["query", "limit"], ...}`), all of them at once.

A generated endpoint declares what it takes in its annotations: `In(...)` for a parameter,
`Body(...)` for the body, `Credentials(...)` for the caller, with pydantic's `Field` for bounds:

    async def list_pets(*, limit: Annotated[int, Field(ge=1), In("query", "limit")] = 20)

The route (routing.ContractRoute) reads them with a RequestReader, once per request, instead
of FastAPI's dependency solver (which knows neither parameter styles nor the answers the spec
asks for, and costs about a tenth of a product read).
"""

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, get_args

from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError, create_model
from starlette.exceptions import HTTPException
from starlette.requests import Request

from specfirst.runtime.security import Authentication
from specfirst.runtime.styles import (
    ARRAY,
    OBJECT,
    SCALAR,
    Style,
    StyleError,
    coerce,
    location_text,
    read_query,
    read_text,
)


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
class Body:
    """The request body, of one of `media_types` (checked before: 415); a form when it is
    URL-encoded."""

    media_types: tuple[str, ...]
    required: bool = True

    @property
    def is_form(self) -> bool:
        return self.media_types == ("application/x-www-form-urlencoded",)


@dataclass(frozen=True)
class Credentials:
    """The caller, authenticated as the operation's security requirements ask."""

    authenticate: Authentication


@dataclass(frozen=True)
class _Parameter:
    argument: str
    where: In
    style: Style
    # The JSON schema of the parameter's type, when its value needs converting from text.
    schema: dict[str, Any] | None
    # The operation's other query parameters (not properties of an exploded object).
    others: frozenset[str] = frozenset()


class RequestReader:
    """Reads one endpoint's arguments from requests (module docstring)."""

    def __init__(self, endpoint: Callable[..., Any]) -> None:
        fields: dict[str, Any] = {}
        self._parameters: list[_Parameter] = []
        self._credentials: tuple[str, Credentials] | None = None
        self._body: tuple[str, Body, TypeAdapter[Any]] | None = None
        for name, parameter in inspect.signature(endpoint).parameters.items():
            marker = _marker(parameter.annotation)
            if isinstance(marker, Credentials):
                self._credentials = (name, marker)
            elif isinstance(marker, Body):
                # An optional body is one that may be absent, never one that may be `null`.
                body_type = get_args(parameter.annotation)[0]
                present = [t for t in get_args(body_type) if t is not type(None)] or [body_type]
                self._body = (name, marker, TypeAdapter(present[0]))
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

    async def read(self, request: Request) -> dict[str, Any]:
        """The endpoint's arguments; RequestValidationError lists every invalid one, and an
        HTTPException refuses the caller (401, 403) before anything else is looked at."""
        values: dict[str, Any] = {}
        if self._credentials is not None:
            name, credentials = self._credentials
            values[name] = await credentials.authenticate(request)
        errors: list[dict[str, Any]] = []
        if self._parameters:
            values.update(self._read_parameters(request, errors))
        if self._body is not None:
            name, body, adapter = self._body
            values[name] = await _read_body(request, body, adapter, errors)
        if errors:
            raise RequestValidationError(errors)
        return values

    def _read_parameters(self, request: Request, errors: list[dict[str, Any]]) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for parameter in self._parameters:
            try:
                value = _raw_value(request, parameter)
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
        return dict(parsed)  # a model iterates as (argument name, value) pairs


def _marker(annotation: Any) -> Any:
    return next(
        (m for m in get_args(annotation)[1:] if isinstance(m, In | Body | Credentials)), None
    )


def _describe(argument: str, where: In, python_type: Any) -> _Parameter:
    """How to read one parameter: its shape (for its style), and the schema to convert its
    text by, when it is more than a string (numbers inside arrays and objects)."""
    schema = TypeAdapter(python_type).json_schema(ref_template="#/$defs/{model}")
    shape = _shape(schema)
    style = Style.of(where.location, where.name, shape, style=where.style, explode=where.explode)
    converts = where.content is None and shape != SCALAR
    return _Parameter(argument, where, style, schema if converts else None)


def _shape(schema: dict[str, Any]) -> str:
    definitions = schema.get("$defs", {})
    branches = [schema, *schema.get("anyOf", [])]
    for branch in branches:
        if "$ref" in branch:
            branch = definitions.get(str(branch["$ref"]).rsplit("/", 1)[-1], {})
        if branch.get("type") == "array":
            return ARRAY
        if branch.get("type") == "object" or "properties" in branch:
            return OBJECT
    return SCALAR


def _raw_value(request: Request, parameter: _Parameter) -> Any:
    """The parameter's value as written (strings), converted by its schema; None if absent."""
    where, style = parameter.where, parameter.style
    if where.location == "query" and where.content is None:
        value = read_query(request.query_params, style, parameter.others)
    else:
        text = location_text(request, where.location, where.name)
        if where.content is not None:
            return None if text is None else _json_parameter(text)
        value = read_text(text, style)
    if value is not None and parameter.schema is not None:
        return coerce(value, parameter.schema, parameter.schema.get("$defs", {}))
    return value


def _json_parameter(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise StyleError(f"not JSON: {error.msg}") from None


async def _read_body(
    request: Request, body: Body, adapter: TypeAdapter[Any], errors: list[dict[str, Any]]
) -> Any:
    """The body, validated by its model; FastAPI's errors when it is not (a malformed JSON
    document is `json_invalid`, which the route answers 400)."""
    content = await request.body()  # read once; the form is parsed from it
    raw: Any = None
    # A form with a Content-Type is there, even empty: a form of no fields.
    if body.is_form and (content or "content-type" in request.headers):
        form = await request.form()
        schema = adapter.json_schema(ref_template="#/$defs/{model}")
        multi = [n for n, s in schema.get("properties", {}).items() if s.get("type") == "array"]
        fields = {key: form.getlist(key) if key in multi else form[key] for key in form}
        raw = coerce(fields, schema, schema.get("$defs", {}))
    elif content:
        return _validated_json(content, adapter, errors)
    if raw is None:
        if body.required:
            errors.append({"type": "missing", "loc": ("body",), "msg": "Field required"})
        return None
    try:
        return adapter.validate_python(raw)
    except ValidationError as error:
        errors.extend(_in_body(error))
        return None


def _validated_json(content: bytes, adapter: TypeAdapter[Any], errors: list[dict[str, Any]]) -> Any:
    """A JSON body validated as JSON, strictly: a date is a string in the format, never a
    number of seconds; `"5"` is not a number. What pydantic's parser refuses, Python's json
    module (FastAPI's) says why (`Expecting value`), or, where it accepts it (a lone
    surrogate, `"\\ud800"`), it is validated as what json.loads made of it."""
    try:
        return adapter.validate_json(content, strict=True)
    except ValidationError as error:
        if error.errors()[0]["type"] != "json_invalid":
            errors.extend(_in_body(error))
            return None
    try:
        return adapter.validate_python(_json_body(content))
    except ValidationError as error:
        errors.extend(_in_body(error))
        return None


def _in_body(error: ValidationError) -> list[dict[str, Any]]:
    return [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]


def _json_body(content: bytes) -> Any:
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body", error.pos),
                    "msg": "JSON decode error",
                    "ctx": {"error": error.msg},
                }
            ]
        ) from None
    except UnicodeDecodeError:
        raise HTTPException(400, "There was an error parsing the body") from None
