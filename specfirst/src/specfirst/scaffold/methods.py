"""Handler methods as a developer starts from them: the interface's typed signature, answering
the spec's example (`EXAMPLES.answer(...)`, specfirst.mock.examples) under a TODO. `new`
writes a module of them per handler set; `stubs` prints those a set lacks."""

import importlib
import inspect
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import jinja2

from specfirst.codegen.model import Operation, Spec, SpecError, Tag
from specfirst.codegen.naming import pascal_case
from specfirst.codegen.render import format_python, handler_parameters, template_environment
from specfirst.mock.answers import answered_status, first_success
from specfirst.runtime.formats import FORMAT_TYPES

TEMPLATES: Final = Path(__file__).parent / "templates"
# The type of `auth.principal` in a new project's handlers (its security.py says what it is).
PRINCIPAL: Final = "Principal"


def environment() -> jinja2.Environment:
    """The scaffold's templates (codegen's settings and filters for text from the spec)."""
    return template_environment(TEMPLATES)


def method_source(operation: Operation) -> str:
    """One handler method, indented for its class: the signature of the operation's interface
    method, returning the example of its first declared success (the mock's answer)."""
    response = first_success(operation)
    status = "" if response.status is not None else f", status={answered_status(response)}"
    return (
        environment()
        .get_template("method.jinja")
        .render(
            op=operation,
            parameters=handler_parameters(operation, PRINCIPAL),
            response=response,
            status_argument=status,
        )
        .rstrip("\n")
    )


def handler_module(spec: Spec, tag: Tag, package: str) -> str:
    """The handler module of `tag` in the new project whose package is `package`."""
    source = (
        environment()
        .get_template("handlers.py.jinja")
        .render(
            tag=tag,
            interface=tag.interface_name,
            class_name=f"{pascal_case(tag.name)}Operations",
            spec_name=spec.path.name,
            package=package,
            methods=[method_source(operation) for operation in tag.operations],
            format_types=sorted(typed.rsplit(".", 1) for typed in FORMAT_TYPES.values()),
        )
    )
    return format_python(source, f"{tag.name}.py", package)


def find_tag(spec: Spec, name: str) -> Tag:
    """The handler set `name`: its keyword of bind_routes (`pets`) or its interface's name
    (`PetsHandlers`)."""
    for tag in spec.tags:
        if name in (tag.name, tag.interface_name):
            return tag
    known = ", ".join(tag.name for tag in spec.tags)
    raise SpecError(f"no handler set {name!r}: the spec's are {known}")


def missing_methods(tag: Tag, handlers: object | None) -> list[Operation]:
    """The operations of `tag` that `handlers` does not implement (all, for None)."""
    return [op for op in tag.operations if not _implements(handlers, op.operation_id)]


def _implements(handlers: object | None, name: str) -> bool:
    return handlers is not None and inspect.iscoroutinefunction(getattr(handlers, name, None))


def load_handlers(reference: str) -> Any:
    """The object `module.path:attribute` names (a project's `handlers` of one set)."""
    module_name, _, attribute = reference.partition(":")
    if not attribute:
        raise ValueError(f"{reference!r}: give it as module.path:attribute")
    return getattr(importlib.import_module(module_name), attribute)


def stubs_source(operations: Iterable[Operation]) -> str:
    """The methods to paste into a handler class, one after the other."""
    return "\n\n".join(method_source(operation) for operation in operations) + "\n"
