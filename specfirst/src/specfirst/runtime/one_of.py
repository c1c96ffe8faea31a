"""`oneOf` as JSON Schema says it: a value valid under exactly one of the schemas.

A generated model's union takes a value any of its members takes (pydantic's unions are
JSON Schema's `anyOf`); where the spec says `oneOf` (with no discriminator, which makes the
members exclusive by itself), the generator marks the field, or the root model, and a JSON
body that a second member also takes is refused (422) after it has been validated. The check
reads the body as it was sent, since a model keeps only what its own member declares: another
member may refuse a property that the chosen one ignored.

Marked: a property whose schema is a `oneOf`, or whose array's items or map's values are,
and a schema component that is one (wherever it is used).
"""

import json
import types
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Final, Union, get_args, get_origin

from pydantic import MISSING, BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

# The generator's mark, on a field (a root model's too): true where the field's schema is a
# `oneOf`, ITEMS or VALUES where its array's items or its map's values are.
ONE_OF: Final = "x-specfirst-one-of"
ITEMS: Final = "items"
VALUES: Final = "values"


@cache
def checked(value_type: Any) -> bool:
    """Whether a body of `value_type` holds a marked `oneOf` anywhere (worked out once)."""
    return _holds_one_of(value_type, set())


def ambiguities(value: Any, sent: Any) -> list[dict[str, Any]]:
    """An error (FastAPI's shape, under `body`) for each marked `oneOf` of the validated
    `value` whose value, as `sent` (the parsed body), more than one member takes."""
    return list(_ambiguities(value, sent, ("body",)))


def _ambiguities(value: Any, sent: Any, loc: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
    if isinstance(value, RootModel):
        yield from _marked_ambiguities(type(value).model_fields["root"], sent, loc)
        yield from _ambiguities(value.root, sent, loc)
    elif isinstance(value, BaseModel):
        if not isinstance(sent, dict):
            return
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            if key not in sent:
                continue
            yield from _marked_ambiguities(field, sent[key], (*loc, key))
            yield from _ambiguities(getattr(value, name), sent[key], (*loc, key))
    elif isinstance(value, list) and isinstance(sent, list):
        for index, (item, sent_item) in enumerate(zip(value, sent, strict=False)):
            yield from _ambiguities(item, sent_item, (*loc, index))
    elif isinstance(value, dict) and isinstance(sent, dict):
        for key, item in value.items():
            if key in sent:
                yield from _ambiguities(item, sent[key], (*loc, key))


def _marked_ambiguities(
    field: FieldInfo, sent: Any, loc: tuple[Any, ...]
) -> Iterator[dict[str, Any]]:
    """The ambiguities of a field's `oneOf`: its own value's, or each item's or map value's."""
    mark = _mark(field.json_schema_extra)
    if mark is True:
        yield from _members_taking(field.annotation, sent, loc)
    elif mark == ITEMS and isinstance(sent, list):
        element = _contained(field.annotation, list)
        for index, item in enumerate(sent):
            yield from _members_taking(element, item, (*loc, index))
    elif mark == VALUES and isinstance(sent, dict):
        element = _contained(field.annotation, dict)
        for key, item in sent.items():
            yield from _members_taking(element, item, (*loc, key))


def _contained(annotation: Any, container: type) -> Any:
    """The item type of the `list[...]` (or value type of the `dict[...]`) of an annotation."""
    for member in _members(annotation):
        if get_origin(member) is container:
            return get_args(member)[-1]
    return Any


def _members_taking(union: Any, sent: Any, loc: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
    if sent is None:
        return  # null: only a null member (or the field's own nullability) takes it
    text = json.dumps(sent)
    taking = [member for member in _members(union) if _takes(member, text)]
    if len(taking) > 1:
        names = ", ".join(getattr(member, "__name__", str(member)) for member in taking)
        yield {
            "type": "one_of_ambiguous",
            "loc": loc,
            "msg": f"Value is valid under more than one of oneOf's schemas: {names}",
            "input": sent,
        }


def _members(union: Any) -> list[Any]:
    """The members of a union annotation, but None and pydantic's MISSING (an absent value)."""
    while get_origin(union) is Annotated:
        union = get_args(union)[0]
    if get_origin(union) not in (Union, types.UnionType):
        return [union]
    return [member for member in get_args(union) if member not in (type(None), MISSING)]


@cache
def _adapter(member: Any) -> TypeAdapter[Any]:
    return TypeAdapter(member)


def _takes(member: Any, text: str) -> bool:
    try:
        adapter = _adapter(member)
    except TypeError:  # a member that cannot be a cache's key (an unhashable Annotated)
        adapter = TypeAdapter(member)
    try:
        adapter.validate_json(text, strict=True)
    except ValidationError:
        return False
    return True


def _mark(extra: Any) -> Any:
    return extra.get(ONE_OF) if isinstance(extra, dict) else None


def _holds_one_of(value_type: Any, seen: set[type[BaseModel]]) -> bool:
    if isinstance(value_type, type) and issubclass(value_type, BaseModel):
        if value_type in seen:
            return False
        seen.add(value_type)
        return any(
            _mark(field.json_schema_extra) is not None or _holds_one_of(field.annotation, seen)
            for field in value_type.model_fields.values()
        )
    return any(_holds_one_of(argument, seen) for argument in get_args(value_type))
