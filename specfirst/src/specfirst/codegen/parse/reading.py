"""What every part of the parser reads with: the normalized document, its references, and the
warnings gathered on the way."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from specfirst.codegen.model import SpecError
from specfirst.codegen.walking import SCHEMA_REF_PREFIX, component_name
from specfirst.runtime.pointers import PointerError, follow


@dataclass
class Reading:
    """One document being parsed. `strict`: what the binding does that the spec does not say
    is refused, not warned about."""

    document: Mapping[str, Any]
    strict: bool = False
    warnings: list[str] = field(default_factory=list)

    def resolve(self, node: Any) -> Any:
        """`node`, its `$ref`s followed."""
        try:
            return follow(self.document, node)
        except PointerError as error:
            raise SpecError(str(error)) from None

    def schema_model(self, where: str, item: Any) -> str | None:
        """The schema component a JSON or form body is (normalize.py names inline ones); None
        when the media type has no schema."""
        schema = item.get("schema") if isinstance(item, Mapping) else None
        if schema is None:
            return None
        name = component_name(schema)
        if name is None:
            raise SpecError(f"{where}/schema: the schema must be a $ref to {SCHEMA_REF_PREFIX}")
        return name
