"""What the members of an object or an array must satisfy: the schema of a property, of an
item, and how many items to build."""

from collections.abc import Mapping
from typing import Any

from specfirst.mock.values.context import Schema
from specfirst.mock.values.keywords import bound, count, listed, mapping, searches
from specfirst.mock.values.merging import both


def property_schema(flat: Mapping[str, Any], name: str) -> Schema:
    """What a property `name` must satisfy: its declared schema and every patternProperties
    schema whose pattern matches, else additionalProperties."""
    declared = mapping(flat.get("properties"))
    parts = [
        schema
        for pattern, schema in mapping(flat.get("patternProperties")).items()
        if searches(pattern, name)
    ]
    if name in declared:
        parts.insert(0, declared[name])
    elif not parts:
        parts = [flat.get("additionalProperties", True)]
    return parts[0] if len(parts) == 1 else {"allOf": parts}


def item_count(flat: Mapping[str, Any], *, optional: bool) -> int:
    """minItems, or more to hold minContains items matching `contains`; when `optional`, also
    every prefixItems item, or one item; no more than maxItems."""
    prefix = listed(flat.get("prefixItems"))
    wanted = count(flat, "minItems", 0)
    if "contains" in flat:
        wanted = max(wanted, count(flat, "minContains", 1))
    if optional:
        wanted = max(wanted, len(prefix) or (0 if flat.get("items") is False else 1))
    high = bound(flat, "maxItems")
    if high is not None and wanted > high:
        # Not below minItems: the validator will say why that cannot be.
        wanted = max(high, count(flat, "minItems", 0))
    return wanted


def item_schema(flat: Mapping[str, Any], index: int) -> Schema:
    """The schema of item `index`: its prefixItems schema, else `items`; the first minContains
    items also satisfy `contains` (best effort: maxContains is left to the validator)."""
    prefix = listed(flat.get("prefixItems"))
    schema: Schema = prefix[index] if index < len(prefix) else flat.get("items", True)
    if "contains" in flat and index < count(flat, "minContains", 1):
        schema = both(schema, flat["contains"])
    return schema
