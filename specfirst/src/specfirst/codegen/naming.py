"""Spelling conversions between spec names and Python names."""

import re

_WORD_BOUNDARY = re.compile(r"[^0-9a-zA-Z]+|(?<=[a-z0-9])(?=[A-Z])")


def snake_case(name: str) -> str:
    """`If-Match` → `if_match`, `operationId` → `operation_id`."""
    return "_".join(word.lower() for word in _WORD_BOUNDARY.split(name) if word)


def pascal_case(name: str) -> str:
    """`create_product` → `CreateProduct`."""
    return "".join(word[:1].upper() + word[1:] for word in _WORD_BOUNDARY.split(name) if word)
