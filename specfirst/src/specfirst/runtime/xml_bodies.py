"""XML request bodies, read into the value their schema describes by OpenAPI's `xml` mapping,
then validated as a JSON body is (framework-free).

The document is parsed by defusedxml (the Python documentation's advice for XML from
untrusted sources): a DTD, an entity (a billion laughs) or an external reference is refused
as malformed, never expanded or fetched. Then, from the root element down:

- an object's properties are its child elements, named by their `xml.name` or else their own
  name; one marked `xml.attribute` is an attribute of the element instead;
- an array property is its items' elements, named by the items' `xml.name` or else the
  property's, one after another, or, `xml.wrapped`, inside an element named by the array's
  `xml.name` or else the property's;
- a scalar is an element's text (an attribute's value), converted by the schema's type
  (integer, number, boolean; `xsi:nil="true"` is null, and so is the text `null` where null is
  allowed and a string is not); text that is no such value is kept as text, for validation to
  refuse;
- an element the schema does not name is a property of that name, its text the value: an
  object that allows no other properties refuses it;
- an `xml.namespace` must be the element's (or attribute's) namespace; a name without one
  matches in any namespace. `xml.prefix` is how a document spells its namespace: nothing
  to check.

The root element's name is checked where the schema gives one (`xml.name`); a schema without
one takes any root element, as the model's name need not be the component's.
"""

from collections.abc import Mapping
from typing import Any, Final
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from specfirst.runtime.pointers import follow
from specfirst.runtime.shapes import ARRAY, OBJECT, branches, is_null, object_properties, shape

# An array's items' `xml` object, carried on the array (the generator's mark: the model of a
# field keeps the field's own keywords, not its items').
XML_ITEMS: Final = "x-specfirst-xml-items"
# Half a JSON body's (json_texts.py): each element may add an object and an array to the JSON
# value it is read into, which is then validated as a JSON body is.
MAX_DEPTH: Final = 100
_NIL: Final = "{http://www.w3.org/2001/XMLSchema-instance}nil"


class MalformedXmlError(ValueError):
    """A body that is not an XML document the server will read (the route answers 400)."""


class XmlMismatchError(ValueError):
    """A document whose root element is not the one its schema names (422)."""


def xml_value(content: bytes, schema: Mapping[str, Any]) -> Any:
    """The value `content` (an XML document) holds, read by `schema` (a JSON schema with its
    definitions, the model's) and its `xml` mapping: what validation is to judge."""
    try:
        root = fromstring(content, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise MalformedXmlError(str(error) or type(error).__name__) from None
    resolved = follow(schema, schema)
    expected = _xml(schema, resolved)
    name = expected.get("name")
    if isinstance(name, str) and not _named(root.tag, name, expected.get("namespace")):
        raise XmlMismatchError(f"the root element is <{_local(root.tag)}>, not <{name}>")
    return _read(root, schema, schema, 0)


def _read(element: Element, schema: Any, root: Mapping[str, Any], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise MalformedXmlError(f"nested deeper than {MAX_DEPTH} levels")
    if element.get(_NIL) == "true":
        return None
    resolved = _first_non_null(schema, root)
    if shape(resolved) == OBJECT or "allOf" in resolved:
        return _object(element, resolved, root, depth)
    return _scalar(element.text or "", resolved, nullable=_allows_null(schema, root))


def _object(element: Element, schema: Mapping[str, Any], root: Any, depth: int) -> Any:
    if len(element) == 0 and (element.text or "").strip():
        return element.text  # text where an object belongs: no object, for validation to refuse
    value: dict[str, Any] = {}
    named: set[int] = set()
    for key, prop in object_properties(schema, root).items():
        target = _first_non_null(prop, root)
        xml = _xml(prop, target)
        wire = str(xml.get("name", key))
        namespace = xml.get("namespace")
        if xml.get("attribute") is True:
            found = _attribute(element, wire, namespace)
            if found is not None:
                value[key] = _scalar(found, target)
        elif shape(target) == ARRAY:
            items = target.get("items", {})
            items_xml = {**_xml(items, follow(root, items)), **_mapping(prop.get(XML_ITEMS))}
            item_name = str(items_xml.get("name", wire))
            holder: Element | None = element
            if xml.get("wrapped") is True:
                holder = _child(element, wire, namespace)
                if holder is not None:
                    named.add(id(holder))
            if holder is None:
                continue
            elements = [
                child
                for child in holder
                if _named(child.tag, item_name, items_xml.get("namespace"))
                and (holder is not element or id(child) not in named)
            ]
            named.update(id(child) for child in elements)
            if elements or holder is not element:
                value[key] = [_read(child, items, root, depth + 1) for child in elements]
        else:
            matching = _children(element, wire, namespace, exclude=named)
            named.update(id(child) for child in matching)
            values = [_read(child, prop, root, depth + 1) for child in matching]
            if values:
                # An element written twice is an array, where one value belongs: refused.
                value[key] = values[0] if len(values) == 1 else values
    for child in element:
        if id(child) not in named:
            value.setdefault(_local(child.tag), child.text or "")
    return value


def _scalar(text: str, schema: Mapping[str, Any], *, nullable: bool = False) -> Any:
    """`text` as the schema's type has it; as it is where it is not one."""
    kinds = _types(schema) | ({"null"} if nullable else set())
    stripped = text.strip()
    if kinds & {"integer", "number"}:
        try:
            return int(stripped)
        except ValueError:
            pass
    if "number" in kinds:
        try:
            return float(stripped)
        except ValueError:
            pass
    if "boolean" in kinds and stripped in ("true", "false"):
        return stripped == "true"
    if "null" in kinds and "string" not in kinds and stripped == "null":
        return None  # as JSON spells it (Schemathesis writes it so), beside `xsi:nil`
    return text


def _types(schema: Any) -> set[Any]:
    declared = schema.get("type") if isinstance(schema, Mapping) else None
    return set(declared) if isinstance(declared, list) else {declared}


def _allows_null(schema: Any, root: Any) -> bool:
    """Whether a schema, or one of its `anyOf`/`oneOf` alternatives, is null."""
    return any("null" in _types(branch) for branch in branches(schema, root))


def _first_non_null(schema: Any, root: Any) -> Mapping[str, Any]:
    """A schema, or, for a value of one of several (an optional one: `anyOf` with null), the
    first of them that is not null, its `$ref` followed."""
    options = branches(schema, root)
    if not options:
        return {}
    return next((branch for branch in options[1:] if not is_null(branch)), options[0])


def _xml(schema: Any, target: Any) -> Mapping[str, Any]:
    """The `xml` object of a property (where it is written) or of the schema it refers to."""
    own = _mapping(schema.get("xml")) if isinstance(schema, Mapping) else {}
    return own or (_mapping(target.get("xml")) if isinstance(target, Mapping) else {})


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _child(element: Element, name: str, namespace: Any) -> Element | None:
    return next(iter(_children(element, name, namespace, set())), None)


def _children(element: Element, name: str, namespace: Any, exclude: set[int]) -> list[Element]:
    return [
        child
        for child in element
        if _named(child.tag, name, namespace) and id(child) not in exclude
    ]


def _attribute(element: Element, name: str, namespace: Any) -> str | None:
    for key, found in element.attrib.items():
        if _named(key, name, namespace):
            return found
    return None


def _named(tag: str, name: str, namespace: Any) -> bool:
    """Whether ElementTree's `{namespace}local` tag is `name` (in `namespace`, when given)."""
    if _local(tag) != name:
        return False
    return namespace is None or tag.startswith(f"{{{namespace}}}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
