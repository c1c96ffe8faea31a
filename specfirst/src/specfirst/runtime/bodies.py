"""Request bodies of every media type an operation accepts, read and validated: JSON, URL-encoded
and multipart forms (files spooled to disk past a threshold), text, and binary (streamed into
an Upload, never held whole in memory). Errors are reported as FastAPI reports them, under
`body`; a malformed JSON document is `json_invalid`, which the route answers 400: so is an
ambiguous one (json_texts.py: a key twice in an object, nesting too deep).
"""

import json
from collections.abc import Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import unquote_plus

from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from specfirst.runtime import json_texts, media, one_of, xml_bodies
from specfirst.runtime.encoded import encoded_query
from specfirst.runtime.shapes import (
    ARRAY,
    OBJECT,
    SCALAR,
    branches,
    object_properties,
    shape,
    value_shape,
)
from specfirst.runtime.styles import (
    DEFAULT_FORM_FIELD_STYLE,
    Style,
    StyleError,
    coerce,
    read_query,
)
from specfirst.runtime.uploads import Received, Upload

# How many parts and files a multipart body may have (python-multipart's own limits apply
# too: each non-file part at most 1 MiB).
MAX_PARTS: Final = 1000


@dataclass(frozen=True)
class Body:
    """The request body, marked on an endpoint's argument: for each media type the operation
    accepts, the type of its value (a model; str for text; Upload for binary). `encoding`
    gives the content types a multipart body's parts must have, `styles` how a URL-encoded
    form's fields are written (both OpenAPI's `encoding`). With
    several media types, the value comes wrapped in Received, which says which arrived."""

    media_types: Mapping[str, Any]
    required: bool = True
    encoding: Mapping[str, str] = field(default_factory=dict)
    # A URL-encoded form's fields written in a style of their own (OpenAPI's `encoding`):
    # field -> (style, explode), as a query parameter's.
    styles: Mapping[str, tuple[str, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Form:
    """What reading a form (URL-encoded or multipart) needs of its JSON schema, worked out
    once: the schema (the root of its `$ref`s), its fields (those of every object of a union
    or `allOf`), which of them are arrays or objects, and those a plain object requires."""

    schema: dict[str, Any]
    declared: frozenset[str]
    types: Mapping[str, str]
    required: frozenset[str]

    @classmethod
    def of(cls, adapter: TypeAdapter[Any]) -> "_Form":
        schema = adapter.json_schema(ref_template="#/$defs/{model}")
        fields = object_properties(schema, schema)
        required = schema.get("required", []) if "properties" in schema else []
        return cls(schema, frozenset(fields), _field_types(fields, schema), frozenset(required))


class BodyReader:
    def __init__(self, body: Body) -> None:
        self._body = body
        self._adapters = {
            media_type: TypeAdapter(value_type)
            for media_type, value_type in body.media_types.items()
        }
        # The media types whose whole body is one file (binary ones, or a multipart body
        # whose schema is one file): streamed, never parsed.
        self._streamed = {
            media_type
            for media_type, value_type in body.media_types.items()
            if value_type is Upload or media.kind(media_type) == media.BINARY
        }
        self._forms = {
            media_type: _Form.of(self._adapters[media_type])
            for media_type in body.media_types
            if media_type not in self._streamed
            and media.kind(media_type) in (media.FORM, media.MULTIPART)
        }
        # XML bodies with a model: the JSON schema (with its `xml` marks) they are read by.
        self._xml_schemas = {
            media_type: self._adapters[media_type].json_schema(ref_template="#/$defs/{model}")
            for media_type, value_type in body.media_types.items()
            if media.is_xml(media_type) and value_type is not str
        }
        self._received = len(body.media_types) > 1

    async def read(
        self, request: Request, errors: list[dict[str, Any]], closing: AsyncExitStack
    ) -> Any:
        """The body's value (None when absent, or invalid: then `errors` say why)."""
        content_type = received_media_type(request)
        declared = self._declared(content_type)
        adapter = self._adapters[declared]
        kind = media.kind(declared)
        if declared in self._streamed and (content_type or has_body(request)):
            value: Any = await _streamed(request, content_type or declared, closing)
        elif kind == media.MULTIPART and content_type:
            value = await self._multipart(request, declared, errors, closing)
        else:
            content = await request.body()
            if kind == media.FORM and (content or content_type):
                value = await self._form(request, declared, errors)
            elif not content:
                value = None
                if self._body.required:
                    errors.append({"type": "missing", "loc": ("body",), "msg": "Field required"})
            elif declared in self._xml_schemas:
                value = self._xml(content, declared, errors)
            elif kind == media.TEXT:
                value = _text(content, content_type, adapter, errors)
            else:
                value_type = self._body.media_types[declared]
                value = _validated_json(content, value_type, adapter, errors)
        if value is None or not self._received:
            return value
        return Received(declared, value)

    def _xml(self, content: bytes, declared: str, errors: list[dict[str, Any]]) -> Any:
        """An XML body read by its schema's mapping, then validated as JSON would be."""
        try:
            value = xml_bodies.xml_value(content, self._xml_schemas[declared])
        except xml_bodies.MalformedXmlError as error:
            raise _unreadable("xml_invalid", "XML error", str(error)) from None
        except xml_bodies.XmlMismatchError as error:
            errors.append({"type": "xml_element", "loc": ("body",), "msg": str(error)})
            return None
        value_type = self._body.media_types[declared]
        as_json = json.dumps(value).encode()
        return _validated_json(as_json, value_type, self._adapters[declared], errors)

    def _declared(self, content_type: str | None) -> str:
        """The declared media type the request's is (the route has refused others: 415)."""
        if content_type is not None:
            for declared in self._body.media_types:
                if media.matches(declared, content_type):
                    return declared
        return next(iter(self._body.media_types))

    async def _multipart(
        self,
        request: Request,
        declared_type: str,
        errors: list[dict[str, Any]],
        closing: AsyncExitStack,
    ) -> Any:
        form = await request.form(max_files=MAX_PARTS, max_fields=MAX_PARTS)
        closing.push_async_callback(form.close)
        types = self._forms[declared_type].types
        fields: dict[str, Any] = {}
        for name in dict.fromkeys(form.keys()):
            # OpenAPI's default part content type: JSON for an object (or objects).
            declared = self._body.encoding.get(name) or (
                "application/json" if types.get(name) in (OBJECT, _OBJECTS) else None
            )
            parts = [self._part(name, part, declared, errors) for part in form.getlist(name)]
            many = types.get(name) in (ARRAY, _OBJECTS)
            fields[name] = parts if many else parts[-1]
        return self._validated_form(fields, declared_type, errors)

    def _validated_form(
        self, fields: dict[str, Any], declared_type: str, errors: list[dict[str, Any]]
    ) -> Any:
        """A form's fields, a required array that is absent empty (a form writes an array as
        one field per item, and so an empty one as no field at all), converted by the schema,
        validated."""
        form = self._forms[declared_type]
        empty: dict[str, list[Any]] = {
            name: []
            for name in form.required
            if form.types.get(name) in (ARRAY, _OBJECTS) and name not in fields
        }
        converted = coerce(fields | empty, form.schema, form.schema)
        return _validated(converted, self._adapters[declared_type], errors)

    async def _form(
        self, request: Request, declared_type: str, errors: list[dict[str, Any]]
    ) -> Any:
        """A URL-encoded form (a Content-Type and no fields is an empty form), written as
        OpenAPI writes a query string: repeated names are arrays where the schema says so;
        an object's properties are fields of their own (its style's: `form`, the default,
        or `deepObject`...); text is converted by the schema."""
        form = encoded_query(await request.body())  # values as written: read_query decodes
        types, declared = self._forms[declared_type].types, self._forms[declared_type].declared
        # What an object written `form` (its properties spread) does not take: the declared
        # fields, and those of objects written `deepObject`.
        deep = [name for name, (style, _) in self._body.styles.items() if style == "deepObject"]
        others = declared | {key for key in form if key.split("[", 1)[0] in deep and "[" in key}
        fields: dict[str, Any] = {}
        for name, kind in types.items():
            style, explode = self._body.styles.get(name, DEFAULT_FORM_FIELD_STYLE)
            written = OBJECT if kind == OBJECT else ARRAY
            read = Style.of("query", name, written, style=style, explode=explode)
            try:
                value = read_query(form, read, others)
            except StyleError as error:
                errors.append(_error("value_error", name, str(error)))
                continue
            if value is not None:
                fields[name] = value
        for key in form:
            if key not in types and (key in declared or not self._in_an_object(key, types)):
                fields[key] = unquote_plus(form[key])
        return self._validated_form(fields, declared_type, errors)

    def _in_an_object(self, key: str, types: Mapping[str, str]) -> bool:
        """Whether an undeclared field of a form is a property of one of its object fields:
        any such field when an object is written `form` with explode (its properties
        spread among the fields), `name[...]` when it is written `deepObject`."""
        for name, kind in types.items():
            style = self._body.styles.get(name, DEFAULT_FORM_FIELD_STYLE)
            if kind == OBJECT and (
                style == ("form", True) or (style[0] == "deepObject" and key.startswith(f"{name}["))
            ):
                return True
        return False

    def _part(
        self, name: str, part: UploadFile | str, declared: str | None, errors: list[dict[str, Any]]
    ) -> Any:
        """A part's value: an Upload for a file, the text (JSON decoded, when its declared
        content type is JSON) otherwise; a part of a content type it may not have is an
        error."""
        if isinstance(part, str):
            if declared is not None and media.kind(declared) == media.JSON:
                try:
                    return json_texts.parse(part)
                except json_texts.MalformedJsonError as error:
                    malformed = _error("json_invalid", name, "JSON decode error")
                    errors.append(malformed | {"ctx": {"error": f"part {name!r}: {error}"}})
            return part
        received = part.content_type or "application/octet-stream"
        allowed = [d.strip() for d in (declared or "").split(",") if d.strip()]
        if allowed and not any(media.matches(d, received) for d in allowed):
            errors.append(_error("content_type", name, f"Content type must be {declared}"))
        return Upload(part.file, part.filename, part.content_type, part.size or 0)


def _error(kind: str, part: str, message: str) -> dict[str, Any]:
    return {"type": kind, "loc": ("body", part), "msg": message}


# What a form field holds, as far as reading it goes (_field_types): shapes.ARRAY,
# shapes.OBJECT, or this.
_OBJECTS: Final = "array of objects"


def _field_types(fields: Mapping[str, Any], root: Any) -> dict[str, str]:
    """For each field of a form that is an array or an object (or an optional one: `anyOf`
    with null), which."""
    found: dict[str, str] = {}
    for name, field_schema in fields.items():
        kind = value_shape(field_schema, root)
        if kind == ARRAY:
            array = next(b for b in branches(field_schema, root) if shape(b) == ARRAY)
            items = array.get("items", {})
            kind = _OBJECTS if value_shape(items, root) == OBJECT else ARRAY
        if kind != SCALAR:
            found[name] = kind
    return found


def received_media_type(request: Request) -> str | None:
    """The request body's media type: its Content-Type, or, for a body without one,
    application/octet-stream (RFC 9110 §8.3: the recipient may assume it); None without a
    body."""
    content_type = request.headers.get("content-type")
    if content_type is None and has_body(request):
        return "application/octet-stream"
    return content_type


def has_body(request: Request) -> bool:
    """Whether the request says it has a body (a length other than 0, or chunks)."""
    headers = request.headers
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


async def _streamed(request: Request, content_type: str, closing: AsyncExitStack) -> Upload:
    """A binary body, written to a spooled file as it arrives."""
    upload = Upload.spooled(content_type)
    closing.callback(upload.close)
    async for chunk in request.stream():
        upload.file.write(chunk)
        upload.size += len(chunk)
    upload.file.seek(0)
    return upload


def _text(
    content: bytes,
    content_type: str | None,
    adapter: TypeAdapter[Any],
    errors: list[dict[str, Any]],
) -> Any:
    charset = _charset(content_type) or "utf-8"
    try:
        text = content.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raise HTTPException(400, f"The body is not text in {charset}") from None
    return _validated(text, adapter, errors)


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


def _validated(value: Any, adapter: TypeAdapter[Any], errors: list[dict[str, Any]]) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        errors.extend(_in_body(error))
        return None


def _validated_json(
    content: bytes, value_type: Any, adapter: TypeAdapter[Any], errors: list[dict[str, Any]]
) -> Any:
    """A JSON body validated (`_json_value`), and where its type has a `oneOf` (one_of.py),
    refused when a second member of one takes the value sent."""
    value = _json_value(content, adapter, errors)
    if value is None or not one_of.checked(value_type):
        return value
    ambiguous = one_of.ambiguities(value, _integral_as_int(json.loads(content)))
    errors.extend(ambiguous)
    return None if ambiguous else value


def _json_value(content: bytes, adapter: TypeAdapter[Any], errors: list[dict[str, Any]]) -> Any:
    """A JSON body validated as JSON, strictly: a date is a string in the format, never a
    number of seconds; `"5"` is not a number. What pydantic's parser refuses, Python's json
    module (FastAPI's) says why (`Expecting value`), or, where it accepts it (a lone
    surrogate, `"\\ud800"`), it is validated as what json.loads made of it."""
    try:
        json_texts.refuse_ambiguous(content)
    except json_texts.MalformedJsonError as error:
        raise _json_invalid(error) from None
    try:
        return adapter.validate_json(content, strict=True)
    except ValidationError as error:
        found = error.errors()
        if found[0]["type"] == "json_invalid":
            return _validated(_json_body(content), adapter, errors)
        if not any(_an_integral_number(e) for e in found):
            errors.extend(_in_body(error))
            return None
    # JSON Schema's integers are numbers with no fraction, `1.0` among them; strict pydantic
    # takes only `1`. Validated again with such numbers written as integers.
    try:
        return adapter.validate_json(json.dumps(_integral_as_int(json.loads(content))), strict=True)
    except ValidationError as error:
        errors.extend(_in_body(error))
        return None


def _an_integral_number(error: Any) -> bool:
    value = error.get("input")
    return error["type"] == "int_type" and isinstance(value, float) and value.is_integer()


def _integral_as_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_as_int(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral_as_int(item) for key, item in value.items()}
    return value


def _in_body(error: ValidationError) -> list[dict[str, Any]]:
    return [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]


def _json_body(content: bytes) -> Any:
    try:
        return json_texts.parse(content)
    except json_texts.MalformedJsonError as error:
        raise _json_invalid(error) from None
    except UnicodeDecodeError:
        raise HTTPException(400, "There was an error parsing the body") from None


def _json_invalid(error: json_texts.MalformedJsonError) -> RequestValidationError:
    """A malformed JSON body's error, as FastAPI words it."""
    return _unreadable("json_invalid", "JSON decode error", error.reason, error.position)


def _unreadable(
    kind: str, message: str, reason: str, position: int | None = None
) -> RequestValidationError:
    """The error of a body that cannot be read at all (the route answers it 400, the reason in
    its detail: routing.DECODE_ERRORS)."""
    place = ("body",) if position is None else ("body", position)
    return RequestValidationError(
        [{"type": kind, "loc": place, "msg": message, "ctx": {"error": reason}}]
    )
