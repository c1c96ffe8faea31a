"""Pydantic v2 models from the spec's component schemas, by datamodel-code-generator.

The options make the models enforce what the spec says, no more and no less; each is
commented where it is set. Measured on datamodel-code-generator 0.89 with pydantic 2.14.

A string's `format` is typed by the runtime's one table (specfirst.runtime.formats), as
parameters are: datamodel-code-generator is given each listed format's type (its
`x-python-type` extension), and no other format (it would type some its own way: `password`
as a SecretStr that answers `**********`, an integer `date-time` as a datetime).
"""

import copy
import json
import re
import warnings
from collections.abc import Mapping
from typing import Any, Final

from datamodel_code_generator import Error as DatamodelCodeGeneratorError
from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import (
    AllOfClassHierarchy,
    DataModelType,
    StrictTypes,
    TargetPydanticVersion,
)

from specfirst.codegen.model import SpecError
from specfirst.codegen.typable import make_typable
from specfirst.codegen.variants import UPLOAD_SCHEMA, UPLOAD_TYPE
from specfirst.documents.schemas import document_schemas
from specfirst.runtime.formats import FORMAT_TYPES
from specfirst.runtime.models import PROPERTY_COUNT, UNIQUE_ITEMS
from specfirst.runtime.one_of import ITEMS, ONE_OF, VALUES
from specfirst.runtime.xml_bodies import XML_ITEMS

# datamodel-code-generator's keyword for the Python type of a schema's values.
_PYTHON_TYPE: Final = "x-python-type"


def generate_models(document: Mapping[str, Any], name: str, header: str) -> str:
    """Return the source of the generated package's `models` for `document`, the normalized
    spec (normalize.py: 3.1, every body a named schema); `name` is the spec's file name."""
    if not document.get("components", {}).get("schemas"):
        # datamodel-code-generator refuses a document without schemas; the package has none.
        return f'{header}\n"""The spec declares no schemas."""\n'
    try:
        source = _generate(_prepared(document), name, header)
    except DatamodelCodeGeneratorError as error:
        raise SpecError(f"#/components/schemas: no models can be made: {error}") from None
    if not isinstance(source, str):
        raise TypeError("datamodel-code-generator returned several modules; expected one")
    return _on_contract_root_models(_literals_of_their_kinds(source))


def _prepared(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `document` as datamodel-code-generator is to read it: rewritten where its
    models would not type-check (typable.py, whose warnings are warned); strings with a format
    of the table of its type (or None, where null is allowed too), other schemas with no
    format; property counts and unique items marks the runtime's bases check, and each
    `oneOf` without a discriminator marked for the runtime's check of it (one_of.py)."""
    prepared = copy.deepcopy(dict(document))
    for contradiction in make_typable(prepared, keep=frozenset({UPLOAD_SCHEMA})):
        warnings.warn(contradiction, stacklevel=1)
    for schema in document_schemas(prepared):
        format_ = schema.pop("format", None)
        declared = schema.get("type")
        kinds = set(declared) if isinstance(declared, list) else {declared}
        if kinds - {"null"} == {"string"} and isinstance(format_, str) and format_ in FORMAT_TYPES:
            nullable = " | None" if "null" in kinds else ""
            schema[_PYTHON_TYPE] = FORMAT_TYPES[format_] + nullable
        if "properties" in schema:  # a model (a map's bounds are its dict's own: max_length)
            count = [schema.pop("minProperties", None), schema.pop("maxProperties", None)]
            if count != [None, None]:
                schema[PROPERTY_COUNT] = count
        if schema.pop("uniqueItems", None) is True:
            schema[UNIQUE_ITEMS] = True
        items = schema.get("items")
        if isinstance(items, dict) and isinstance(items.get("xml"), dict):
            schema[XML_ITEMS] = items["xml"]  # where the field's model keeps it
        if (mark := _one_of_mark(schema)) is not None:
            schema[ONE_OF] = mark  # its members' exclusivity: checked by the runtime
    return prepared


def _one_of_mark(schema: Mapping[str, Any]) -> bool | str | None:
    """Where a `oneOf` without a discriminator is: the schema (true), its items or its values;
    a field carries the mark, where the items' or values' own schema has nowhere to."""
    for mark, holder in (
        (True, schema),
        (ITEMS, schema.get("items")),
        (VALUES, schema.get("additionalProperties")),
    ):
        if (
            isinstance(holder, Mapping)
            and isinstance(holder.get("oneOf"), list)
            and "discriminator" not in holder
        ):
            return mark
    return None


# datamodel-code-generator's root models, and the import the runtime's base needs.
_ROOT_MODEL: Final = re.compile(r"^(class \w+)\(RootModel\[", re.MULTILINE)
_FUTURE: Final = "from __future__ import annotations\n"


# A Literal of numbers or booleans only, as datamodel-code-generator writes an enum's (no
# strings: no bracket can hide in a member).
_NUMBERS_OR_BOOLEANS: Final = re.compile(
    r"Literal\[\s*((?:-?[0-9][0-9.eE+-]*|True|False)(?:\s*,\s*(?:-?[0-9][0-9.eE+-]*|True|False))*)\s*,?\s*\]"
)


def _literals_of_their_kinds(source: str) -> str:
    """`source` with each enum of numbers or booleans held to its members' JSON kinds
    (runtime.models.OF_THE_MEMBERS_KINDS: `false` is not `0`)."""
    marked = _NUMBERS_OR_BOOLEANS.sub(r"Annotated[Literal[\1], OF_THE_MEMBERS_KINDS]", source)
    if marked == source:
        return source
    if _FUTURE not in marked:
        raise RuntimeError("datamodel-code-generator's models no longer start as expected")
    imports = (
        "from typing import Annotated\n\n"
        "from specfirst.runtime.models import OF_THE_MEMBERS_KINDS\n"
    )
    return marked.replace(_FUTURE, f"{_FUTURE}\n{imports}", 1)


def _on_contract_root_models(source: str) -> str:
    """`source` with its root models on the runtime's ContractRootModel (datamodel-code-
    generator has a base class option for object models only)."""
    based = _ROOT_MODEL.sub(r"\1(ContractRootModel[", source)
    if based == source:
        return source
    if _FUTURE not in based:
        raise RuntimeError("datamodel-code-generator's models no longer start as expected")
    return based.replace(
        _FUTURE, f"{_FUTURE}\nfrom specfirst.runtime.models import ContractRootModel\n", 1
    )


def _generate(document: Mapping[str, Any], name: str, header: str) -> object:
    return generate(
        json.dumps(document, ensure_ascii=False),
        input_file_type=InputFileType.OpenAPI,
        input_filename=name,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        target_pydantic_version=TargetPydanticVersion.V2_14,
        # Finite numbers only, as JSON Schema's: see the runtime's ContractModel.
        base_class="specfirst.runtime.models.ContractModel",
        # Lax pydantic accepts `false` and `"5"` as numbers; the spec does not.
        strict_types=list(StrictTypes),
        # Optional fields default to MISSING, not None, so "absent" and "null" differ: a
        # PATCH may leave `name` out but not set it to null. Response schemas list every
        # property as required, so responses never omit a field.
        use_missing_sentinel=True,
        # A field with a default is not nullable for having one: `limit: 10` refuses null.
        strict_nullable=True,
        # minProperties (a PATCH must change something) and uniqueItems are checked by the
        # runtime's bases (the marks of _prepared): datamodel-code-generator's own checks of
        # them searched Stripe's unions for over ten minutes, and their code fails mypy.
        generate_schema_validators=False,
        # `xml`: how an XML body writes the field or the model (runtime/xml_bodies.py).
        field_extra_keys={UNIQUE_ITEMS, ONE_OF, "xml", XML_ITEMS},
        model_extra_keys={PROPERTY_COUNT, "xml"},
        use_annotated=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_schema_description=True,
        # `Literal["bearer"]` reads better in handlers than a one-member Enum class.
        enum_field_as_literal=LiteralType.All,
        disable_timestamp=True,
        allof_class_hierarchy=AllOfClassHierarchy.Always,
        custom_file_header=header,
        # A multipart body's files (variants.py) are what the runtime reads them as.
        type_overrides={UPLOAD_SCHEMA: UPLOAD_TYPE},
        # specfirst.codegen.render.format_python formats every generated module the same way.
        formatters=[],
    )
