"""A request's query string, URL-encoded form and path parameters as written, their values
still percent-encoded, so that a delimiter a client encoded (`ids=a%2Cb,c`: the items `a,b`
and `c`) stays part of a value: styles.py splits a value at its style's delimiters first, then
decodes each part, as oapi-codegen's runtime does (BindRawQueryParameter). Names are decoded:
nothing splits them."""

import re
from collections.abc import Mapping
from urllib.parse import quote, unquote_plus

from starlette.datastructures import ImmutableMultiDict
from starlette.types import Scope


def encoded_query(query: bytes) -> ImmutableMultiDict[str, str]:
    """`query` (a query string or a URL-encoded body) as name -> value pairs in order, each
    name decoded and each value as written; read as Starlette reads it (latin-1 bytes, `&`
    between fields, a field without `=` an empty value)."""
    pairs = []
    for field in query.decode("latin-1").split("&"):
        if field:
            name, _, value = field.partition("=")
            pairs.append((unquote_plus(name), value))
    return ImmutableMultiDict(pairs)


class EncodedPath:
    """Reads a route's path parameters from the request's path as written (ASGI's
    `raw_path`), with the route's own pattern (Starlette's), found at the end of the path
    whatever prefix it is mounted under."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._pattern = re.compile(pattern.pattern.removeprefix("^"))

    def parameters(self, scope: Scope) -> Mapping[str, str]:
        """Each path parameter's value as written. Where the written path does not match
        the pattern (a fixed segment itself percent-encoded: `/it%65ms/1`), the decoded
        values Starlette matched, encoded again but for the delimiters of the path's styles:
        read as they were before any of this."""
        raw_path = scope.get("raw_path")
        found = self._pattern.search(raw_path.decode("latin-1")) if raw_path else None
        if found is not None:
            return found.groupdict()
        decoded: Mapping[str, object] = scope.get("path_params", {})
        return {name: quote(str(value), safe=",.;=") for name, value in decoded.items()}
