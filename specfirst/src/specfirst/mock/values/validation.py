"""Checking values against the schemas of one document: jsonschema's Draft202012Validator, with
the formats of JSON Schema 2020-12 and of OpenAPI 3.1 checked.

A schema's validator is made once and kept: the builder checks every value it builds, at every
level, against its schema, so the same schemas are checked again and again.
"""

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, UnknownType
from jsonschema.protocols import Validator
from openapi_schema_validator import oas31_format_checker
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from specfirst.mock.values.context import InstanceError, Schema
from specfirst.mock.values.jsonvalues import canonical

# The validators are kept by schema; a mock server uses a bounded set of schemas, but this
# keeps a long-lived Instances from growing without bound on schemas built at run time.
_VALIDATOR_CACHE_SIZE: Final = 4096

# The document's address inside the validator's registry. A schema being checked is placed at
# _SLOT in a copy of the document, so that its "#/..." references resolve against the document.
_DOCUMENT_URI: Final = "urn:specfirst:mock:openapi-document"
_SLOT: Final = "x-specfirst-mock-schema"

# The formats OpenAPI 3.1 defines beside JSON Schema's (its Format Registry's own entries).
_OPENAPI_FORMATS: Final = ("int32", "int64", "float", "double", "password")


def _format_checker() -> FormatChecker:
    """JSON Schema 2020-12's format checks, as jsonschema has them for that draft, and OpenAPI
    3.1's from openapi-schema-validator.

    Not oas31_format_checker alone: it starts from a copy of jsonschema's registry of every
    draft's checks, where `time` is draft 3's (hh:mm:ss, which refuses RFC 3339's 00:00:00Z)
    and draft 3's `color` is checked too. jsonschema checks some formats only when their
    packages are installed (uri, hostname, date-time, time...): the mock extra installs them."""
    checker = FormatChecker(formats=())
    openapi = {name: oas31_format_checker.checkers[name] for name in _OPENAPI_FORMATS}
    for name, (check, raises) in {
        **Draft202012Validator.FORMAT_CHECKER.checkers,
        **openapi,
    }.items():
        checker.checks(name, raises)(check)
    return checker


_FORMATS: Final = _format_checker()


class Validation:
    """Validators for the schemas of one document, kept by schema."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """`document` is the whole OpenAPI document, a plain JSON value the caller does not
        change afterwards (the validators hold it)."""
        self._document = document
        self._validators: dict[str, Validator] = {}

    def problems(self, value: Any, schema: Schema) -> list[str]:
        """Why `value` is not valid against `schema` (empty when it is): messages with the path
        inside the value. Local $refs resolve against the document; formats are checked (see
        _format_checker; unknown formats are ignored).

        Raises InstanceError when the schema itself cannot be used (not a valid schema, or a
        $ref that does not resolve)."""
        validator = self.validator(schema)
        try:
            errors = sorted(validator.iter_errors(value), key=lambda error: error.json_path)
        except (Unresolvable, UnknownType, re.error) as error:
            raise InstanceError(f"the schema cannot be used: {error}") from None
        return [f"{error.json_path}: {error.message}" for error in errors]

    def validator(self, schema: Schema) -> Validator:
        key = canonical(schema)
        validator = self._validators.get(key)
        if validator is None:
            if len(self._validators) >= _VALIDATOR_CACHE_SIZE:
                self._validators.clear()
            validator = self._validators[key] = self._new_validator(json.loads(key))
        return validator

    def _new_validator(self, schema: Schema) -> Validator:
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            raise InstanceError(f"not a valid JSON Schema: {error.message}") from None
        document = DRAFT202012.create_resource({**self._document, _SLOT: schema})
        registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, document)
        return Draft202012Validator(
            {"$ref": f"{_DOCUMENT_URI}#/{_SLOT}"}, registry=registry, format_checker=_FORMATS
        )
