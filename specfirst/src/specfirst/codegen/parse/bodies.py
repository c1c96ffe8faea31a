"""An operation's request body: for each media type it accepts, the Python type of its value,
and how a form's fields and a multipart body's parts are written."""

from collections.abc import Mapping
from typing import Any, Final

from specfirst.codegen.model import RequestBody, SpecError
from specfirst.codegen.parse.reading import Reading
from specfirst.runtime import media
from specfirst.runtime.pointers import escape
from specfirst.runtime.shapes import ARRAY, OBJECT, shape
from specfirst.runtime.styles import default_explode, default_style

MULTIPART_FORM: Final = "multipart/form-data"


def request_body(reading: Reading, where: str, node: Any) -> RequestBody | None:
    if node is None:
        return None
    here = f"{where}/requestBody"
    body = reading.resolve(node)
    contents: list[tuple[str, str]] = []
    encoding: dict[str, str] = {}
    styles: list[tuple[str, str, bool]] = []
    for media_type, item in body.get("content", {}).items():
        kind = media.kind(media_type)
        at = f"{here}/content/{escape(media_type)}"
        if kind == media.MULTIPART and media.essence(media_type) != MULTIPART_FORM:
            raise SpecError(
                f"{at}: multipart/form-data only: other multiparts' parts have no names"
            )
        if kind == media.MULTIPART and _is_a_file(reading.resolve(_schema(item))):
            reading.warnings.append(
                f"{at}: a multipart body whose schema is one file: the whole body is an Upload"
            )
            contents.append((media_type, "Upload"))
        elif kind in (media.JSON, media.FORM, media.MULTIPART):
            model = reading.schema_model(at, item)
            if kind != media.JSON and (model is None or not _fields(reading, _schema(item))):
                raise SpecError(f"{at}: a form's schema must be an object, or objects: its fields")
            contents.append((media_type, f"models.{model}" if model else "JsonValue"))
        elif media.is_xml(media_type) and _fields(reading, _schema(item)):
            # Read by the schema's `xml` mapping into its model (runtime/xml_bodies.py).
            contents.append((media_type, f"models.{reading.schema_model(at, item)}"))
        else:
            schema = reading.resolve(_schema(item))
            if media.is_xml(media_type) and isinstance(schema, Mapping) and shape(schema) == ARRAY:
                # OpenAPI's mapping gives an array no root element, which a document must have.
                reading.warnings.append(
                    f"{at}: an XML body whose schema is an array: a str, unvalidated"
                )
            contents.append((media_type, "str" if kind == media.TEXT else "Upload"))
        encodings = item.get("encoding") if isinstance(item, Mapping) else None
        for part, settings in (encodings if isinstance(encodings, Mapping) else {}).items():
            if not isinstance(settings, Mapping):
                continue
            if kind == media.MULTIPART and "contentType" in settings:
                encoding[part] = str(settings["contentType"])
            if kind == media.FORM and ("style" in settings or "explode" in settings):
                # A form field is written as a query parameter is (OpenAPI's Encoding Object,
                # whose styles the OpenAPI schema checked: validate.py).
                style = str(settings.get("style", default_style("query")))
                explode = settings.get("explode", default_explode(style))
                styles.append((part, style, bool(explode)))
    if not contents:
        raise SpecError(f"{here}: a request body with no media type")
    return RequestBody(
        contents=tuple(contents),
        required=bool(body.get("required")),
        encoding=tuple(encoding.items()),
        styles=tuple(styles),
    )


def _schema(item: Any) -> Any:
    return item.get("schema") if isinstance(item, Mapping) else None


def _fields(reading: Reading, schema: Any) -> bool:
    """Whether a form's schema names fields: an object, or a union or `allOf` of objects."""
    resolved = reading.resolve(schema)
    if not isinstance(resolved, Mapping):
        return False
    if shape(resolved) == OBJECT:
        return True
    parts = [*resolved.get("allOf", []), *resolved.get("anyOf", []), *resolved.get("oneOf", [])]
    return bool(parts) and all(_fields(reading, part) for part in parts)


def _is_a_file(schema: Any) -> bool:
    """`type: string, format: binary` (or 3.1's contentMediaType without an encoding)."""
    return (
        isinstance(schema, Mapping)
        and schema.get("type") == "string"
        and (
            schema.get("format") == "binary"
            or ("contentMediaType" in schema and "contentEncoding" not in schema)
        )
    )
