"""Renders the Jinja2 templates in `templates/` over a parsed spec, formatted by ruff."""

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Final

import jinja2

from codegen.naming import pascal_case, snake_case
from codegen.spec import Parameter, Spec

TEMPLATES: Final = Path(__file__).parent / "templates"
# Template name → module written into the generated package (models come from
# datamodel-code-generator, not from a template).
MODULE_TEMPLATES: Final = (
    "__init__.py",
    "base.py",
    "responses.py",
    "interfaces.py",
    "transport.py",
    "routes.py",
)
# Matches [tool.ruff] in pyproject.toml, so `ruff format --check` agrees with the generator.
LINE_LENGTH: Final = 100
_FASTAPI_PARAMS: Final = {"path": "Path", "query": "Query", "header": "Header"}


def _docstring(text: str, indent: int) -> str:
    """The first paragraph of `text`, wrapped, safe inside a triple-quoted docstring."""
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    safe = paragraph.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').rstrip('"')
    return textwrap.fill(safe, width=LINE_LENGTH - indent - 12, subsequent_indent=" " * indent)


def _param_arguments(parameter: Parameter) -> str:
    """Keyword arguments of FastAPI's Path/Query/Header for one parameter: alias and bounds."""
    arguments = [f"{keyword}={value}" for keyword, value in parameter.constraints]
    if parameter.python_name != parameter.name:
        arguments.insert(0, f"alias={parameter.name!r}")
    return ", ".join(arguments)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        docstring=_docstring,
        snake=snake_case,
        interface=lambda tag: f"{pascal_case(tag)}Handlers",
        fastapi_param=_FASTAPI_PARAMS.__getitem__,
        pyrepr=repr,
        param_arguments=_param_arguments,
    )
    return env


def render_header(spec: Spec) -> str:
    """The DO NOT EDIT comment every generated file starts with."""
    return (
        _environment()
        .get_template("header.jinja")
        .render(spec_name=spec.path.name, spec_sha256=spec.sha256)
    )


def render_modules(spec: Spec, package: str) -> dict[str, str]:
    """Render every templated module of the package: file name → formatted source."""
    operations = sorted(spec.operations, key=lambda op: (op.route_sort_key, op.method))
    tags = spec.tags
    context: dict[str, Any] = {
        "spec_name": spec.path.name,
        "spec_sha256": spec.sha256,
        "operations": operations,
        "tags": tags,
        "secured_tags": [tag for tag in tags if tag.is_secured],
        "secured_tag_names": {tag.name for tag in tags if tag.is_secured},
        "security_scheme": spec.security_scheme,
        "response_models": sorted({r.model for op in operations for r in op.responses if r.model}),
        "body_models": sorted({op.body.model for op in operations if op.body}),
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
    ruff = [
        sys.executable,
        "-m",
        "ruff",
    ]
    settings = [
        "--isolated",
        "--config",
        f"line-length = {LINE_LENGTH}",
        "--config",
        "target-version = 'py311'",
        "--config",
        f"lint.isort.known-first-party = ['{first_party}']",
        "--stdin-filename",
        filename,
    ]
    fixed = _run([*ruff, "check", "--fix-only", "--select", "I,F401", *settings, "-"], source)
    return _run([*ruff, "format", *settings, "-"], fixed)


def _run(command: list[str], stdin: str) -> str:
    completed = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{completed.stderr}")
    return completed.stdout
