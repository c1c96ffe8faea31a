"""`specfirst new --spec SPEC DIR`: a project that serves a team's spec from its first minute.

What it writes (README.md.jinja lists it for the project's developers): the spec, copied in
as the source of truth; the generated package; one handler module per handler set, each
operation answering the spec's example under a TODO; the application (settings, problem+json,
the body limit, a development authenticator per security scheme); tests (one per operation,
with its example, and Schemathesis against the running service); pyproject.toml, a Makefile
whose `make run` and `make test` set up everything, a GitHub Actions workflow; and, last, the
lock file (`make uv.lock`, which fetches uv and resolves from the package index).
"""

import importlib
import importlib.util
import json
import keyword
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from specfirst.codegen.model import Operation, Spec, SpecError
from specfirst.codegen.naming import snake_case
from specfirst.codegen.package import importable, write_package
from specfirst.codegen.pipeline import read_spec, render_package
from specfirst.codegen.render import format_python
from specfirst.fuzz_settings import auth_sections
from specfirst.mock.answers import Answers, answered_status, first_success
from specfirst.mock.requests import example_request
from specfirst.mock.server import server_base_paths
from specfirst.scaffold.methods import environment, handler_module

# Names a project's package may not take: they are the project's other top-level folders, or
# packages it imports.
TAKEN_NAMES: Final = frozenset({"tests", "specfirst", "fastapi", "pydantic", "schemathesis"})
# Written from templates/<name>.jinja to <name> in the project (Python ones formatted).
PROJECT_FILES: Final = (
    "Makefile",
    "README.md",
    "pyproject.toml",
    "schemathesis.toml",
    "tests/test_operations.py",
    "tests/test_contract.py",
    "tests/test_workflow.py",
)
SAFE_FILE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(yaml|yml|json)")
PACKAGE_FILES: Final = ("__init__.py", "app.py", "examples.py", "security.py", "settings.py")


@dataclass(frozen=True)
class OperationTest:
    """What tests/test_operations.py says of one operation."""

    name: str
    label: str
    path: str
    method: str
    status: int
    arguments: str  # Schemathesis' Case(...) keyword arguments, as Python source


def new_project(spec_path: Path, directory: Path, *, package: str, specfirst: str | None) -> Spec:
    """Write the project for the spec at `spec_path` into `directory` (new, or empty).
    `specfirst`: the wheel the project installs specfirst from (copied into its wheels/);
    None: the package index. SpecError when the generator
    refuses the spec; ValueError for a bad directory or package name."""
    _check_package_name(package)
    if directory.exists() and any(directory.iterdir()):
        raise ValueError(f"{directory} is not empty: give a new directory")
    spec = read_spec(spec_path)
    directory.mkdir(parents=True, exist_ok=True)
    contract = _copy_spec(spec, spec_path, directory)
    spec = read_spec(contract)
    rendered = render_package(spec, f"{package}.generated")
    write_package(rendered.sources, directory / package / "generated")
    (directory / package / "handlers").mkdir()
    (directory / package / "handlers" / "__init__.py").write_text(
        '"""One module per handler set: yours, never regenerated."""\n'
    )
    for tag in spec.tags:
        module = directory / package / "handlers" / f"{tag.name}.py"
        module.write_text(handler_module(spec, tag, package))
    context = _context(spec, package, _specfirst_source(specfirst, directory))
    env = environment()
    for name in PACKAGE_FILES:
        source = env.get_template(f"{name}.jinja").render(context)
        (directory / package / name).write_text(format_python(source, name, package))
    (directory / "tests").mkdir()
    (directory / "tests" / "__init__.py").write_text("")
    for name in PROJECT_FILES:
        text = env.get_template(f"{name}.jinja").render(context)
        if name.endswith(".py"):
            text = format_python(text, Path(name).name, package)
        if name == "schemathesis.toml":
            text += auth_sections(
                spec.document,
                token="${DEV_TOKEN}",
                username="${DEV_USERNAME}",
                password="${DEV_PASSWORD}",
            )
        (directory / name).write_text(text)
    workflows = directory / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(env.get_template("github/workflows/ci.yml.jinja").render())
    (directory / ".gitignore").write_text(env.get_template("gitignore.jinja").render())
    return spec


def example_reports(spec: Spec, directory: Path, package: str) -> list[str]:
    """What the mock reports of the new project's example answers: examples that break their
    schemas, and operations whose answer cannot be built (their handlers answer 500, and their
    tests fail, until written). Built from the project's generated responses, imported."""
    with importable(directory, package):
        try:
            responses = importlib.import_module(f"{package}.generated.responses")
        except ImportError as error:  # a package the project installs, not this environment
            return [f"not checked here, {error}: `make test` in the project builds them all"]
        answers = Answers(spec, responses)
        for operation in spec.operations:
            answers.answer(operation)
        return answers.reports


def lock(directory: Path) -> None:
    """The project's lock file, by its own Makefile (uv, fetched at the pinned version)."""
    subprocess.run(["make", "--no-print-directory", "uv.lock"], cwd=directory, check=True)


def _check_package_name(package: str) -> None:
    if not package.isidentifier() or keyword.iskeyword(package) or package in TAKEN_NAMES:
        raise ValueError(
            f"{package!r} cannot be the project's package: give --package a Python name "
            f"(not one of {', '.join(sorted(TAKEN_NAMES))})"
        )
    if importlib.util.find_spec(package) is not None:
        raise ValueError(
            f"{package!r} is the name of a module this Python already imports: give --package "
            "another, which the project's own package would otherwise shadow or be shadowed by"
        )


def default_package(directory: Path) -> str:
    """The package a project in `directory` gets unless told: the directory's name, in
    snake_case (`pet-store` → `pet_store`)."""
    return snake_case(directory.resolve().name) or "service"


def _copy_spec(spec: Spec, spec_path: Path, directory: Path) -> Path:
    """The spec in the project: the file as written when it stands alone, else (its `$ref`s
    reach other files) the one document they make, bundled, as YAML."""
    # Its name goes into the Makefile and the code: one of plain characters, else a plain one.
    name = spec_path.name if SAFE_FILE_NAME.fullmatch(spec_path.name) else "openapi.yaml"
    if name == "openapi.yaml" and spec_path.suffix == ".json":
        name = "openapi.json"
    copied = directory / name
    shutil.copyfile(spec_path, copied)
    try:
        read_spec(copied, ref_root=directory)
    except SpecError:
        copied.unlink()
        copied = directory / f"{copied.stem}.yaml"
        copied.write_text(yaml.safe_dump(spec.document, sort_keys=False, allow_unicode=True))
    return copied


def _specfirst_source(wheel: str | None, directory: Path) -> str | None:
    """`[tool.uv.sources]`'s entry for specfirst: the wheel, copied into the project's wheels/
    so that the project stands alone (on a CI machine too); None: the package index."""
    if wheel is None:
        return None
    source = Path(wheel).resolve()
    if not (source.is_file() and source.suffix == ".whl"):
        raise ValueError(f"{wheel}: give specfirst's wheel (`uv build` in specfirst/)")
    (directory / "wheels").mkdir()
    shutil.copyfile(source, directory / "wheels" / source.name)
    return "{ path = " + json.dumps(f"wheels/{source.name}") + " }"


def _title(spec: Spec) -> str:
    return str(spec.document.get("info", {}).get("title") or spec.path.stem)


def _context(spec: Spec, package: str, specfirst_source: str | None) -> dict[str, Any]:
    operations = sorted(spec.operations, key=lambda op: (op.route_sort_key, op.method))
    return {
        "spec_name": spec.path.name,
        "package": package,
        "distribution": package.replace("_", "-"),
        "title": _title(spec),
        "tags": spec.tags,
        "schemes": spec.security_schemes,
        "binding_errors": any(op.binding_responses for op in spec.operations),
        "base_path": next(iter(server_base_paths(spec)), ""),
        "specfirst_source": specfirst_source,
        "tests": _operation_tests(spec, operations),
    }


def _operation_tests(spec: Spec, operations: list[Operation]) -> list[OperationTest]:
    answers = Answers(spec)  # for values only: no response is built here
    schemes = {scheme.name: scheme for scheme in spec.security_schemes}
    tests = []
    for operation in operations:
        request = example_request(answers, operation)
        credentials = _credentials(operation, schemes)
        arguments = []
        for name, value in (
            ("path_parameters", request.path_parameters),
            ("query", request.query),
            ("headers", request.headers),
            ("cookies", request.cookies),
        ):
            extra = credentials.get(name, {})
            if value or extra:
                arguments.append(f"{name}={_dict_source(value, extra)}")
        if request.media_type is not None:
            arguments.append(f"media_type={request.media_type!r}, body={request.body!r}")
        tests.append(
            OperationTest(
                name=operation.operation_id,
                label=f"{operation.method.upper()} {operation.path}",
                path=operation.path,
                method=operation.method.upper(),
                status=answered_status(first_success(operation)),
                arguments=", ".join(arguments),
            )
        )
    return tests


def _credentials(operation: Operation, schemes: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Where the development credential goes for the first security requirement of
    `operation` (none when anonymous callers may call it): Python source of each value."""
    if not operation.security or not all(operation.security):
        return {}
    places: dict[str, dict[str, str]] = {}
    for name, _scopes in operation.security[0]:
        scheme = schemes[name]
        if scheme.kind == "basic":
            places.setdefault("headers", {})["Authorization"] = "BASIC"
        elif scheme.kind == "bearer":
            places.setdefault("headers", {})["Authorization"] = 'f"Bearer {TOKEN}"'
        else:
            place = {"header": "headers", "query": "query", "cookie": "cookies"}[scheme.location]
            places.setdefault(place, {})[scheme.parameter] = "TOKEN"
    return places


def _dict_source(values: dict[str, Any], expressions: dict[str, str]) -> str:
    """A dict's Python source: `values` as literals, `expressions` as written."""
    items = [f"{name!r}: {value!r}" for name, value in values.items() if name not in expressions]
    items += [f"{name!r}: {expression}" for name, expression in expressions.items()]
    return "{" + ", ".join(items) + "}"
