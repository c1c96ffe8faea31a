"""What of OpenAPI 3.2 the generator serves, and a precise refusal of the rest.

Served: `itemSchema` on a streamed response (server-sent events, JSON Lines, JSON sequences:
the schema of each item); the `query` method; tags' `parent`, `kind` and `summary`, servers'
`name`, `$self`, security schemes' `deprecated` and `oauth2MetadataUrl` (documentation, served
in /openapi.json as written); the OAuth2 device authorization flow (a bearer token, as every
OAuth2 flow); Example Objects' `dataValue` (the mock's examples).

Refused, each at its place, until the binding serves it: `additionalOperations` (methods
of any name), `in: querystring` (the whole query string as one parameter), `style: cookie`,
`itemSchema` anywhere but on a streamed response, `itemEncoding` and `prefixEncoding`
(sequential multipart), `components/mediaTypes` (media types by reference), and a
discriminator's `defaultMapping`.
"""

from collections.abc import Iterator, Mapping
from typing import Any, Final

from specfirst.codegen.walking import as_mapping, structural_mappings
from specfirst.runtime import media
from specfirst.runtime.pointers import pointer

NOT_YET: Final = "(OpenAPI 3.2) is not served yet"


def unserved_constructs(document: Mapping[str, Any]) -> list[str]:
    """One line per construct of an OpenAPI 3.2 `document` the generator does not serve: the
    JSON pointer of its place and what it is."""
    found = []
    if as_mapping(document.get("components")).get("mediaTypes"):
        found.append(f"{pointer('components', 'mediaTypes')}: media types by reference {NOT_YET}")
    for place, node in structural_mappings(document):
        found += [f"{pointer(*place)}: {problem}" for problem in _problems(place, node)]
    return found


def _problems(place: tuple[object, ...], node: Mapping[str, Any]) -> Iterator[str]:
    if "additionalOperations" in node and _is_path_item(place):
        yield f"`additionalOperations` (methods other than OpenAPI's own) {NOT_YET}"
    if node.get("in") == "querystring":
        yield f"`in: querystring` (the whole query string as one parameter) {NOT_YET}"
    if node.get("in") == "cookie" and node.get("style") == "cookie":
        yield f"`style: cookie` {NOT_YET}: the default, form, reads a cookie's value"
    if "itemSchema" in node and not _is_streamed_response(place):
        streamed = ", ".join(media.STREAMED_MEDIA_TYPES)
        yield f"`itemSchema` is served on a response of a stream ({streamed}) only"
    for keyword in ("itemEncoding", "prefixEncoding"):
        if keyword in node:
            yield f"`{keyword}` (sequential multipart) {NOT_YET}"
    discriminator = node.get("discriminator")
    if isinstance(discriminator, Mapping) and "defaultMapping" in discriminator:
        yield f"a discriminator's `defaultMapping` {NOT_YET}"


def _is_path_item(place: tuple[object, ...]) -> bool:
    """Under `paths`, `webhooks`, `components/pathItems` or a callback: not inside a schema."""
    return "schema" not in place and "properties" not in place


def _is_streamed_response(place: tuple[object, ...]) -> bool:
    """A streamed media type of a response: `.../responses/<status>/content/<media type>`, or
    `components/responses/<name>/content/<media type>`."""
    if len(place) < 4 or place[-4] != "responses" or place[-2] != "content":
        return False
    return isinstance(place[-1], str) and media.streamed(place[-1]) is not None
