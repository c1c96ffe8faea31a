"""Turns the handwritten OpenAPI contract into the Python package the service is built on.

Run it as ``python -m codegen generate`` (write the package) or ``python -m codegen check``
(fail with a diff when the committed package is not exactly what the spec produces).
"""
