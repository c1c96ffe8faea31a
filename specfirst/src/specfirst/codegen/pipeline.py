"""A spec's one way through the generator, each stage a module called once, in order, here:

    load (and bundle) → validate → normalize → body variants → parse → render

`read_spec` runs the stages up to the parsed picture of the spec (codegen.model.Spec), which
`try`, `mock` and reports read; `render_package` turns that into the generated package's files.
"""

import warnings
from dataclasses import dataclass
from pathlib import Path

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.normalize import normalize
from specfirst.codegen.parse import parse
from specfirst.codegen.pydantic_models import generate_models
from specfirst.codegen.render import format_python, render_header, render_modules
from specfirst.codegen.validate import validate
from specfirst.codegen.variants import use_body_variants
from specfirst.documents.bundle import load_document
from specfirst.documents.errors import DocumentError


def read_spec(path: Path, *, strict: bool = False, ref_root: Path | None = None) -> Spec:
    """The spec at `path`, parsed; SpecError naming the first problem found. `strict`: the
    binding's own statuses an operation does not declare are refused, not warned about.
    `ref_root`: the directory whose files its `$ref`s may read (by default, the spec's)."""
    try:
        document = load_document(path, ref_root)
    except DocumentError as error:
        raise SpecError(str(error)) from None
    warnings = validate(document, path)
    normalized = normalize(document)
    use_body_variants(normalized)
    return parse(path, document, normalized, strict=strict, warnings=warnings)


@dataclass(frozen=True)
class Rendered:
    """The generated package's files (file name → contents), and what datamodel-code-generator
    said of the schemas while making the models (a property dropped, a constraint left out)."""

    sources: dict[str, str]
    warnings: tuple[str, ...]


def render_package(spec: Spec, package: str) -> Rendered:
    """Every file of the generated package `package` (a dotted name)."""
    sources = render_modules(spec, package)
    header = render_header(spec).rstrip("\n")
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        models = generate_models(spec.normalized, spec.path.name, header)
    sources["models.py"] = format_python(models, "models.py", package.split(".")[0])
    notes = tuple(dict.fromkeys(f"models: {warning.message}" for warning in said))
    return Rendered(dict(sorted(sources.items())), notes)
