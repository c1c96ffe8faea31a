"""The one error of the documents layer."""


class DocumentError(ValueError):
    """A document cannot be read: a file, a YAML/JSON error, a `$ref` that does not resolve or
    leads out of the spec's directory, or a document past one of the bounds (limits.py); the
    message names the file and the reference or the bound, never what a file holds."""
