"""specfirst's layers point one way: the command line uses the scaffold (`new`, `stubs`), the
generator and the mock; the scaffold uses the mock; the mock uses the generator; all read specs
through `documents`; the Schemathesis hooks read the generator's rules; everything stands on
the runtime, which a served application imports and which imports none of them, nor a YAML
parser."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "specfirst" / "src" / "specfirst"
# What each layer may import of specfirst (its own modules included).
MAY_IMPORT = {
    "runtime": {"runtime"},
    "documents": {"documents", "runtime"},
    "codegen": {"codegen", "documents", "runtime"},
    "mock": {"mock", "codegen", "documents", "runtime"},
    "fuzz_settings": {"fuzz_settings"},
    "fuzzing": {"fuzzing", "codegen", "documents", "runtime"},
    "scaffold": {"scaffold", "mock", "codegen", "documents", "runtime", "fuzz_settings"},
    "scaffold_commands": {
        "scaffold_commands",
        "scaffold",
        "codegen",
        "mock",
        "documents",
        "runtime",
    },
    "cli": {"cli", "scaffold_commands", "codegen", "mock", "documents", "runtime"},
    "__main__": {"cli"},
    "__init__": set(),
}
# What the generator and its spec reading need, and a served application does not.
NOT_AT_RUN_TIME = {"yaml", "jinja2", "datamodel_code_generator", "jsonschema", "hypothesis"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function (relative imports
    resolved; `from a import b` counts as importing `a` and, if it is one, module `a.b`)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {base, *(f"{base}.{alias.name}" for alias in node.names)}
    return found


MODULES = {module_name(path): imported(path) for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_is_in_a_layer() -> None:
    assert {layer(module) for module in MODULES} <= set(MAY_IMPORT)
    assert "specfirst.runtime.routing" in MODULES  # the walk found the package


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_the_layers_below_its_own(module: str) -> None:
    own = [name for name in MODULES[module] if name.split(".")[0] == "specfirst"]
    beyond = [
        name for name in own if name != "specfirst" and layer(name) not in MAY_IMPORT[layer(module)]
    ]
    assert beyond == [], f"{module} imports {beyond}"


def test_modules_import_one_another_without_cycles() -> None:
    graph = {
        module: {name for name in names if name in MODULES and name != module}
        for module, names in MODULES.items()
    }
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            pytest.fail(f"import cycle: {' -> '.join(cycle)}")
        if module in done:
            return
        for name in sorted(graph[module]):
            visit(name, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_runtime_loads_no_yaml_parser_nor_the_generators_tools() -> None:
    runtime = sorted(module for module in MODULES if layer(module) == "runtime")
    probe = (
        f"import sys\nfor name in {runtime!r}:\n    __import__(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {NOT_AT_RUN_TIME!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert "specfirst.runtime.routing" in runtime
