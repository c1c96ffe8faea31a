"""A spec's one way through the generator, each stage a module called once, in order, here:

    load (and bundle) → validate → normalize → body variants → parse → render

`read_spec` runs the stages up to the parsed picture of the spec (codegen.model.Spec), which
`try`, `mock` and reports read; `render_package` turns that into the generated package's files.
"""

from pathlib import Path

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.normalize import normalize
from specfirst.codegen.parse import parse
from specfirst.codegen.pydantic_models import generate_models
from specfirst.codegen.render import format_python, render_header, render_modules
from specfirst.codegen.validate import validate
from specfirst.codegen.variants import use_body_variants
from specfirst.documents.bundle import load_document
from specfirst.documents.files import DocumentError


def read_spec(path: Path, *, strict: bool = False) -> Spec:
    """The spec at `path`, parsed; SpecError naming the first problem found. `strict`: the
    binding's own statuses an operation does not declare are refused, not warned about."""
    try:
        document = load_document(path)
    except DocumentError as error:
        raise SpecError(str(error)) from None
    warnings = validate(document)
    normalized = normalize(document)
    use_body_variants(normalized)
    return parse(path, document, normalized, strict=strict, warnings=warnings)


def render_package(spec: Spec, package: str) -> dict[str, str]:
    """Every file of the generated package `package` (a dotted name): file name → contents."""
    sources = render_modules(spec, package)
    models = generate_models(spec.normalized, spec.path.name, render_header(spec).rstrip("\n"))
    sources["models.py"] = format_python(models, "models.py", package.split(".")[0])
    return dict(sorted(sources.items()))
