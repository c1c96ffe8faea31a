"""Turns an OpenAPI document into the typed Python package a service is built on.

Run it as ``python -m specfirst generate`` (write the package) or ``python -m specfirst check``
(fail with a diff when the committed package is not exactly what the spec produces).
"""
