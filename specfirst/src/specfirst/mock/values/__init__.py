"""Example values for a mock server: a valid JSON value for any schema of an OpenAPI 3.1 document.

`Instances(document).instance(schema)` builds a value that JSON Schema 2020-12 accepts for
`schema`, the `$ref`s in it resolved in the document; `problems(value, schema)` says why a value
is not valid. The same schema gives the same value on every call and every run.

How a value is built (building): a schema's top-level `$ref` and `allOf` are merged into one
schema object (merging), and the candidates for it are tried in order: the schema's own example
or default, its const or enum values, its oneOf/anyOf branches, the subtype its discriminator
names (choices), then a value of each type it allows: a number in range (numbers), a string
fitting its format, lengths and pattern (strings), an object or array whose members are built
the same way, one level at a time (members). Every candidate, at every level, is checked with
the validator (validation), which has the last word: where the builder's reading of the schema
falls short (`not`, `if`/`then`/`else`, a `oneOf` whose branches overlap), the candidate is
refused and the next one tried, or InstanceError says what could not be satisfied, and where
(context).

Validation is jsonschema's Draft202012Validator, with the formats of JSON Schema 2020-12 and of
OpenAPI 3.1 checked. Strings for a `pattern` come from Hypothesis, loaded only when a pattern
needs it.
"""

from specfirst.mock.values.building import Instances
from specfirst.mock.values.context import InstanceError

__all__ = ["InstanceError", "Instances"]
