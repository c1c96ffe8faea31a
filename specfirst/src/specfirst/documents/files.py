"""One YAML or JSON file, read as JSON would read it.

Mapping keys are strings (`200:` is "200") and dates stay the strings they were written as, so
that the document can be served as /openapi.json as written.
"""

import json
from pathlib import Path
from typing import Any

import yaml

from specfirst.documents.errors import DocumentError
from specfirst.documents.limits import check_shape, check_size


class _StringDates(yaml.CSafeLoader):
    """YAML as JSON reads it: timestamps stay strings. On libyaml's parser (PyYAML's wheels
    carry it): the 3.9 MB spec of Stripe reads in 2.2 s, against 11 s with the pure-Python one."""


# The timestamp resolver turns `2024-01-01` into a date; without it, such scalars are strings.
_StringDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_file(path: Path, read_before: int = 0) -> Any:
    """One YAML or JSON file as JSON-ready values (string keys, dates as strings), when it is
    within the bounds of limits.py (`read_before`: the bytes of the spec's other files read
    already). A JSON document is read as JSON: YAML 1.1 reads its `\\ud83d\\ude00` escapes as two
    lone surrogates, not the one character they are."""
    try:
        check_size(path, path.stat().st_size, read_before)
        text = path.read_text(encoding="utf-8")
        loaded = _loaded(text)
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise DocumentError(f"{path}: not YAML: {_where(error)}") from None
    except RecursionError:
        raise DocumentError(f"{path}: nested deeper than Python reads JSON") from None
    except ValueError as error:  # an integer of more digits than Python converts (4,300)
        raise DocumentError(f"{path}: cannot be read: {error}") from None
    check_shape(loaded, path, len(text))
    return _string_keys(loaded)


def _loaded(text: str) -> Any:
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass  # YAML's flow style starts with { or [ too
    return yaml.load(text, Loader=_StringDates)


def _where(error: yaml.YAMLError) -> str:
    """What YAML found wrong, and where: its problem and line, without the snippet of the
    text it would quote (the file may not be the spec's own)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{error.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return error.__class__.__name__


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value
