"""Pydantic v2 models from the spec's component schemas, by datamodel-code-generator.

The options make the models enforce what the spec says, no more and no less; each is
commented where it is set. Measured on datamodel-code-generator 0.89 with pydantic 2.14.
"""

import json
import warnings
from collections.abc import Mapping
from typing import Any

from datamodel_code_generator import Error as DatamodelCodeGeneratorError
from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType, StrictTypes, TargetPydanticVersion
from datamodel_code_generator.format import DatetimeClassType

from specfirst.codegen.spec import SpecError
from specfirst.codegen.variants import UPLOAD_SCHEMA, UPLOAD_TYPE


def generate_models(document: Mapping[str, Any], name: str, header: str) -> str:
    """Return the source of the generated package's `models` for `document`, the normalized
    spec (normalize.py: 3.1, every body a named schema); `name` is the spec's file name."""
    if not document.get("components", {}).get("schemas"):
        # datamodel-code-generator refuses a document without schemas; the package has none.
        return f'{header}\n"""The spec declares no schemas."""\n'
    with warnings.catch_warnings():
        # An unknown `format` ("uriref") is an annotation in JSON Schema: the field stays a
        # plain string, which is what datamodel-code-generator warns it does.
        warnings.filterwarnings(
            "ignore", message="format of .* not understood", category=UserWarning
        )
        try:
            source = _generate(document, name, header)
        except DatamodelCodeGeneratorError as error:
            raise SpecError(f"#/components/schemas: no models can be made: {error}") from None
    if not isinstance(source, str):
        raise TypeError("datamodel-code-generator returned several modules; expected one")
    return source


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
        # `format: byte` is base64 text of any bytes, not of UTF-8 text: Base64Bytes.
        type_mappings=["string+byte=binary"],
        # A field with a default is not nullable for having one: `limit: 10` refuses null.
        strict_nullable=True,
        # Enforces `minProperties` (a PATCH must change something); pydantic has no
        # field-level way to say it.
        generate_schema_validators=True,
        use_annotated=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_schema_description=True,
        # `Literal["bearer"]` reads better in handlers than a one-member Enum class.
        enum_field_as_literal=LiteralType.All,
        # The contract's timestamps carry a UTC offset; a naive datetime is a bug.
        output_datetime_class=DatetimeClassType.Awaredatetime,
        disable_timestamp=True,
        custom_file_header=header,
        # A multipart body's files (variants.py) are what the runtime reads them as.
        type_overrides={UPLOAD_SCHEMA: UPLOAD_TYPE},
        # specfirst.codegen.render.format_python formats every generated module the same way.
        formatters=[],
    )
