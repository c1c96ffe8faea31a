"""Pydantic v2 models from the spec's component schemas, by datamodel-code-generator.

The flags are chosen so the models enforce what the spec says (see
`../shared/notes/codegen-tools.md` for the measurements behind them):
strict scalars (`false` and `"5"` are not numbers), absent and null kept apart for optional
fields (so a PATCH can't null a non-nullable field), `minProperties` enforced, timezone-aware
datetimes, and finite numbers only (through the `ContractModel` base class).
"""

from pathlib import Path

from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType, StrictTypes, TargetPydanticVersion


def generate_models(spec_path: Path, package: str, header: str) -> str:
    """Return the source of `<package>.models` for the spec at `spec_path`."""
    source = generate(
        spec_path.read_text(encoding="utf-8"),
        input_file_type=InputFileType.OpenAPI,
        input_filename=spec_path.name,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        target_pydantic_version=TargetPydanticVersion.V2_14,
        base_class=f"{package}.base.ContractModel",
        strict_types=list(StrictTypes),
        use_missing_sentinel=True,
        generate_schema_validators=True,
        use_annotated=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_schema_description=True,
        enum_field_as_literal=LiteralType.All,
        disable_timestamp=True,
        custom_file_header=header,
        # codegen.render.format_python formats every generated module the same way.
        formatters=[],
    )
    if not isinstance(source, str):
        raise TypeError("datamodel-code-generator returned several modules; expected one")
    return source
