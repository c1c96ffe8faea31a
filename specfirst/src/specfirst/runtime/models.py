"""The bases of every generated model, and the e-mail syntax JSON Schema's `format` means.

Both bases check what JSON Schema says and pydantic's types do not: numbers are finite (without
it, `Infinity`, which Python's json module parses, would pass); an object has as many
properties as `minProperties` and `maxProperties` allow; the items of an array marked
`uniqueItems` are unique. The generator marks those in the model's or the field's
`json_schema_extra` (codegen/pydantic_models.py): datamodel-code-generator's own checks of them
made it search unions for minutes on a large spec (Stripe's) and did not type-check.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Generic, Self, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, RootModel, model_validator
from pydantic_core import PydanticCustomError, core_schema, to_jsonable_python

# The marks of the rules, as the generator writes them in `json_schema_extra`.
UNIQUE_ITEMS: Final = "x-specfirst-unique-items"  # on a field: true
PROPERTY_COUNT: Final = "x-specfirst-property-count"  # on a model: [minimum, maximum]

RootT = TypeVar("RootT")


Count = tuple[int | None, int | None]


@dataclass(frozen=True)
class _Rules:
    """A model's marked rules, read once, when its class is made: its own property count, and
    its fields' (a map's), and the fields whose items must be unique."""

    property_count: Count | None
    field_counts: tuple[tuple[str, Count], ...]
    unique_items: tuple[str, ...]

    @classmethod
    def of(cls, model: type[BaseModel]) -> "_Rules":
        fields = {
            name: field.json_schema_extra
            for name, field in model.model_fields.items()
            if isinstance(field.json_schema_extra, dict)
        }
        counts = ((name, _count(extra.get(PROPERTY_COUNT))) for name, extra in fields.items())
        return cls(
            _count(_marks(model.model_config.get("json_schema_extra")).get(PROPERTY_COUNT)),
            tuple((name, count) for name, count in counts if count is not None),
            tuple(name for name, extra in fields.items() if extra.get(UNIQUE_ITEMS) is True),
        )


def _marks(extra: Any) -> Mapping[str, Any]:
    return extra if isinstance(extra, Mapping) else {}


def _count(mark: Any) -> Count | None:
    if not isinstance(mark, list) or len(mark) != 2:
        return None
    low, high = (bound if isinstance(bound, int) else None for bound in mark)
    return low, high


def _check_count(value: Any, count: Count, where: str) -> None:
    if not isinstance(value, Mapping | set):
        return
    low, high = count
    if low is not None and len(value) < low:
        raise ValueError(f"{where}Expected at least {low} properties")
    if high is not None and len(value) > high:
        raise ValueError(f"{where}Expected at most {high} properties")


class _JsonSchemaChecks(BaseModel):
    """What both bases check (module docstring)."""

    model_config = ConfigDict(allow_inf_nan=False)
    __json_schema_rules__: ClassVar[_Rules] = _Rules(None, (), ())

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__json_schema_rules__ = _Rules.of(cls)

    @model_validator(mode="after")
    def _check_json_schema_rules(self) -> Self:
        # After validation: a validator before it would have pydantic read a JSON body's
        # values as Python ones, and, strict, refuse base64 text as bytes.
        rules = self.__json_schema_rules__
        if rules.property_count is not None:
            # The properties the model took: those a model ignores are not counted.
            present = {*self.model_fields_set, *(self.model_extra or {})}
            _check_count(present, rules.property_count, "")
        for name, count in rules.field_counts:
            _check_count(getattr(self, name), count, f"{name}: ")
        for name in rules.unique_items:
            items = getattr(self, name)
            if isinstance(items, list) and len({_json_key(item) for item in items}) < len(items):
                raise ValueError(f"{name}: items must be unique")
        return self


def _json_key(value: Any) -> Hashable:
    """A key equal for two values exactly when JSON says they are equal (`1` and `1.0` are,
    `true` and `1` are not)."""
    plain = to_jsonable_python(value, fallback=id)
    if isinstance(plain, bool) or plain is None:
        return ("literal", plain)
    if isinstance(plain, list):
        return ("array", tuple(_json_key(item) for item in plain))
    if isinstance(plain, dict):
        return ("object", frozenset((key, _json_key(item)) for key, item in plain.items()))
    return ("value", plain)


class ContractModel(_JsonSchemaChecks):
    """Base of every generated object model (module docstring)."""


class ContractRootModel(RootModel[RootT], _JsonSchemaChecks, Generic[RootT]):
    """Base of every generated model of another value (an array, a map, a scalar, a union):
    the same checks (module docstring)."""


class _OfTheMembersKinds:
    """On an enum's `Literal` of numbers or booleans: a value must be of the JSON kind of one of
    its members. pydantic compares a Literal's members by Python equality, in which `True` is
    `1`, so `Literal[0, 1]` would take JSON's `false` (strict too), `Literal[True]` a `1`."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members = get_args(source)
        kinds = frozenset(_json_kind(member) for member in members)
        expected = " or ".join(repr(member) for member in members)

        def check(value: Any) -> Any:
            if _json_kind(value) not in kinds:
                raise PydanticCustomError(
                    "literal_error", "Input should be {expected}", {"expected": expected}
                )
            return value

        return core_schema.no_info_before_validator_function(check, handler(source))


# The generator puts it on each enum of numbers or booleans (codegen/pydantic_models.py).
OF_THE_MEMBERS_KINDS: Final = _OfTheMembersKinds()


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def accept_every_email_the_format_allows() -> None:
    """Make pydantic's EmailStr accept what `format: email` allows, for this process.

    `format: email` (JSON Schema) is RFC 5321 syntax: it does not ask that the domain can
    receive mail from the internet. email-validator, behind EmailStr, refuses special-use
    domains (RFC 6761: `.test`, `.localhost`, `.invalid`...) and dotless ones by default; its
    documented module settings relax both. Quoted local parts and IP-literal domains stay
    refused. Generated packages whose spec uses the format call this on import.
    """
    # Imported here: only specs that use the format need the package (pydantic[email]).
    import email_validator

    email_validator.GLOBALLY_DELIVERABLE = False
    email_validator.SPECIAL_USE_DOMAIN_NAMES = []
