"""The mock server's parts: `instances` gives it example values for its responses, a valid and
deterministic JSON value for any schema of an OpenAPI 3.1 document (JSON Schema 2020-12, `$ref`s
resolved in the document), and says why a value is not valid against a schema. It needs the
`mock` extra of specfirst (jsonschema for validation, Hypothesis for strings that must match a
`pattern`); the rest of specfirst does not import it.
"""
