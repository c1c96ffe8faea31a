"""Renders the Jinja2 templates in `templates/` over a parsed spec, formatted by ruff."""

import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any, Final

import jinja2

from specfirst.codegen.model import Operation, ResponseClass, Spec
from specfirst.codegen.naming import pascal_case, snake_case
from specfirst.documents.schemas import mappings
from specfirst.runtime.formats import FORMAT_TYPES

TEMPLATES: Final = Path(__file__).parent / "templates"
# Template name → module written into the generated package (models come from
# datamodel-code-generator, not from a template).
MODULE_TEMPLATES: Final = ("__init__.py", "responses.py", "interfaces.py", "routes.py")
# Matches [tool.ruff] in pyproject.toml, so `ruff format --check` agrees with the generator.
LINE_LENGTH: Final = 100


def handler_parameters(operation: Operation, principal: str = "PrincipalT_contra") -> str:
    """The interface method's parameters (and a handler's, its principal's type given):
    keyword-only, plainly typed."""
    typed = [f"auth: {_auth_type(operation, principal)}"] if operation.is_secured else []
    typed += [f"{p.python_name}: {p.python_type}" for p in operation.parameters]
    if operation.body:
        optional = "" if operation.body.required else " | None"
        typed.append(f"{operation.body.argument_name}: {operation.body.python_type}{optional}")
    return ", ".join(["self", "*", *typed] if typed else ["self"])


def _auth_type(operation: Operation, principal: str) -> str:
    optional = " | None" if operation.allows_anonymous else ""
    return f"Authenticated[{principal}]{optional}"


def _endpoint_parameters(operation: Operation) -> str:
    """The endpoint's parameters: where each value comes from, its bounds, and how it is
    written (specfirst.runtime.arguments)."""
    declared = []
    if operation.is_secured:
        source = f'Credentials(security.requires(SECURITY["{operation.operation_id}"]))'
        declared.append(f"auth: Annotated[{_auth_type(operation, 'Any')}, {source}]")
    for p in operation.parameters:
        markers = []
        if p.constraints:
            markers.append(f"Field({', '.join(f'{k}={v}' for k, v in p.constraints)})")
        where = [repr(p.location), repr(p.name)]
        where += [
            f"{k}={v!r}" for k, v in (("style", p.style), ("explode", p.explode)) if v is not None
        ]
        if p.content is not None:
            where.append(f"content={p.content!r}")
        markers.append(f"In({', '.join(where)})")
        default = "" if p.default is None else f" = {p.default}"
        declared.append(
            f"{p.python_name}: Annotated[{p.python_type}, {', '.join(markers)}]{default}"
        )
    if body := operation.body:
        kind, default = ("", "") if body.required else (" | None", " = None")
        accepted = ", ".join(f"{media_type!r}: {python}" for media_type, python in body.contents)
        options = "" if body.required else ", required=False"
        if body.encoding:
            options += f", encoding={dict(body.encoding)!r}"
        if body.styles:
            styles = {field: (style, explode) for field, style, explode in body.styles}
            options += f", styles={styles!r}"
        source = f"Body({{{accepted}}}{options})"
        declared.append(
            f"{body.argument_name}: Annotated[{body.python_type}{kind}, {source}]{default}"
        )
    # Keyword-only: a required body may follow optional parameters, and the binding passes
    # every argument by name.
    return ", ".join(["*", *declared]) if declared else ""


def inert_text(text: str) -> str:
    """Text from the spec (a path) as it may stand inside a docstring or a comment: escaped as
    a JSON string's contents are, so that no quote, backslash or line break in it can end the
    docstring or the comment and write code (`/a\"\"\"` stays text)."""
    return json.dumps(text)[1:-1]


def _rules(operation: Operation) -> str:
    """The operation's OperationRules (specfirst.runtime.operation_rules), those that differ
    from the defaults written out."""
    rules = operation.rules
    written = [
        f"{field.name}={value!r}"
        for field in fields(rules)
        if (value := getattr(rules, field.name)) != field.default
    ]
    return f"OperationRules({', '.join(written)})"


def _operation_options(operation: Operation) -> str:
    """The keyword arguments of `add_operation` besides the rules: what the application gives."""
    options = []
    if operation.rules.answers_unavailable:
        options.append("describe_unavailable=describe_unavailable")
    if operation.binding_responses:
        declared = ", ".join(
            f"{status}: responses.{response.class_name}"
            for status, response in operation.binding_responses
        )
        options.append(f"binding_responses={{{declared}}}")
        options.append("binding_errors=binding_errors")
    return "".join(f", {option}" for option in options)


def _response_bases(response: ResponseClass) -> str:
    """The runtime classes a response class builds on (specfirst.runtime.responses)."""
    bases = ["AlternativeContents"] if len(response.contents) > 1 else []
    bases.append("FixedStatusResponse" if response.status is not None else "ChosenStatusResponse")
    return ", ".join(bases)


def _binding_runs(operations: list[Operation]) -> list[tuple[str, list[Operation]]]:
    """Operations in match order, grouped into runs of one tag (one `if` per run)."""
    runs: list[tuple[str, list[Operation]]] = []
    for operation in operations:
        if runs and runs[-1][0] == operation.tag:
            runs[-1][1].append(operation)
        else:
            runs.append((operation.tag, [operation]))
    return runs


def template_environment(folder: Path) -> jinja2.Environment:
    """Jinja2 over the templates in `folder`, as Python is written: nothing escaped as HTML
    (text from the spec goes through `inert` or `tojson`), an undefined name an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["inert"] = inert_text
    return env


def _environment() -> jinja2.Environment:
    env = template_environment(TEMPLATES)
    env.filters.update(
        snake=snake_case,
        interface=lambda tag: f"{pascal_case(tag)}Handlers",
        handler_parameters=handler_parameters,
        endpoint_parameters=_endpoint_parameters,
        rules=_rules,
        operation_options=_operation_options,
        response_bases=_response_bases,
    )
    return env


def render_header(spec: Spec) -> str:
    """The DO NOT EDIT comment every generated file starts with."""
    return _environment().get_template("header.jinja").render(spec_name=spec.path.name)


def render_modules(spec: Spec, package: str) -> dict[str, str]:
    """Render every templated module of the package: file name → formatted source."""
    operations = sorted(spec.operations, key=lambda op: (op.route_sort_key, op.method))
    tags = spec.tags
    context: dict[str, Any] = {
        "spec_name": spec.path.name,
        "spec_sha256": spec.sha256,
        "operations": operations,
        "binding_runs": _binding_runs(operations),
        "tags": tags,
        "secured_tags": [tag for tag in tags if tag.is_secured],
        "secured_tag_names": {tag.name for tag in tags if tag.is_secured},
        "security_schemes": spec.security_schemes,
        "secured_operations": [op for op in operations if op.is_secured],
        "response_classes": spec.response_classes,
        "validates_email": any(node.get("format") == "email" for node in mappings(spec.normalized)),
        # The types of string formats (specfirst.runtime.formats), imported where used.
        "format_types": sorted(typed.rsplit(".", 1) for typed in FORMAT_TYPES.values()),
    }
    env = _environment()
    return {
        name: format_python(
            env.get_template(f"{name}.jinja").render(context), name, package.split(".")[0]
        )
        for name in MODULE_TEMPLATES
    }


def format_python(source: str, filename: str, first_party: str) -> str:
    """Sort imports, drop unused ones and format, with the project's pinned ruff.

    `--isolated` with explicit settings: the output must not depend on the directory the
    generator runs in (ruff would otherwise guess first-party packages from what exists there).
    """
    ruff = [sys.executable, "-m", "ruff"]
    settings = ["--isolated", "--stdin-filename", filename]
    for option in (
        f"line-length = {LINE_LENGTH}",
        "target-version = 'py311'",
        f"lint.isort.known-first-party = ['{first_party}']",
        # Imports the unused-import fix shortened stay on one line when they fit.
        "lint.isort.split-on-trailing-comma = false",
    ):
        settings += ["--config", option]
    fixed = _run([*ruff, "check", "--fix-only", "--select", "I,F401", *settings, "-"], source)
    return _run([*ruff, "format", *settings, "-"], fixed)


def _run(command: list[str], stdin: str) -> str:
    completed = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{completed.stderr}")
    return completed.stdout
