"""Turns an OpenAPI document into the typed Python package a service is built on: the stages of
`pipeline` (load, validate, normalize, body variants, parse, render), the picture of a spec
they build (`model`), and the package on disk (`package`); `trial` type-checks one.
"""
