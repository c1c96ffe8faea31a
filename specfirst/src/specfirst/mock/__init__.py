"""The mock server (`python -m specfirst mock`): any accepted spec served through its generated
binding (`server`), every operation answering its first declared success (`answers`) from the
spec's examples, or from values built for its schemas (`values`: a valid, deterministic JSON
value for any schema of an OpenAPI 3.1 document). It needs the `mock` extra of specfirst
(jsonschema and its format checkers, Hypothesis for strings matching a `pattern`, uvicorn).
"""
