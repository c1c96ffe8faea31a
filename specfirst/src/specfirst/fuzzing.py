"""Schemathesis hooks for a service served by the binding: `hooks = "specfirst.fuzzing"` in a
schemathesis.toml (the products service's, the corpus runs', and each project `specfirst new`
writes). Needs the `fuzzing` extra (Schemathesis) and the `codegen` one.

- Checks for every security scheme (Schemathesis' `ignored_auth` only probes apiKey, basic and
  http schemes, so it never tests an OAuth2 bearer token, and passes without sending a single
  request). A request to a secured operation that succeeded is sent again:
  - `credentials_required`: without any of the operation's credentials (headers, query
    parameters and cookies of its schemes); it must be 401, with the challenge of each bearer
    and basic scheme (RFC 6750, RFC 7617; API keys have none);
  - `invalid_credentials_refused`: with each scheme's credentials invalid; it must be 401.
    (Not for mocks, which accept any credential.)
- A failure filter: the fuzzer sends one Idempotency-Key with several bodies (the spec's
  example key, or a short generated one twice). The 422 that answers a reused key is the
  contract working, not a valid request wrongly rejected; so is the 404 for a resource whose
  creation was a replay: the same key and body sent again get the first creation's answer
  (its Location) even after a later scenario deleted that resource, and Schemathesis, which
  looks for deletions within a scenario only, takes it for a resource lost right after its
  creation (`after_call` notes the locations answered more than once). And a form (URL-encoded or
  multipart) writes an array as one field per item, an XML body as one element per item: the
  single value the fuzzer sends as an array's wrong type is, on the wire, a one-item array,
  rightly accepted. Last, a body whose schema has object keywords but no `type` is read as an
  object, as the generator warns and its README says (JSON Schema would take `null`, a number
  or a string there too): the 422 for such a body that is not an object is that reading, not
  a valid request wrongly rejected. And a parameter whose value breaks its own schema is no
  schema-valid request: Schemathesis' stateful phase fills parameters from earlier answers by
  links it infers from names (Discourse's `user_ids: [{}]`, items of any value, became the
  integer path parameter `id` of another operation), and still calls the request valid.
"""

import base64
from collections.abc import Iterator, Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import jsonschema_rs
import schemathesis
from requests.structures import CaseInsensitiveDict
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.openapi.checks import EnsureResourceAvailability, RejectedPositiveData

from specfirst.codegen.validate import is_untyped_object

# Signed with a key the service does not have, otherwise well formed and unexpired.
INVALID_TOKEN: Final = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiaWF0IjoxNzk1NjgxNDIwLCJleHAiOjQx"
    "MDI0NDQ4MDB9.xqTVgn-NNmxMFbjzh6NnFWH6u0LRRzf9MQbPVS-n0Q4"
)
INVALID_KEY: Final = "an-invalid-key"
FORM_MEDIA_TYPES: Final = ("application/x-www-form-urlencoded", "multipart/form-data")
INVALID_BASIC: Final = "Basic " + base64.b64encode(b"nobody:a-wrong-password").decode()


class CredentialsIgnoredError(AssertionError):
    """A secured operation answered a request without valid credentials other than with 401."""


def _schemes(case: schemathesis.Case[Any]) -> dict[str, Mapping[str, Any]] | None:
    """The schemes of every requirement of a secured operation, by name; None when the
    operation lets anonymous callers in (no security, or an empty requirement)."""
    document = case.operation.schema.raw_schema
    requirements = case.operation.definition.raw.get("security", document.get("security", []))
    if not requirements or any(not requirement for requirement in requirements):
        return None
    declared = document.get("components", {}).get("securitySchemes", {})
    return {name: declared[name] for requirement in requirements for name in requirement}


def _without_credentials(
    case: schemathesis.Case[Any], schemes: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """The case's headers, query and cookies with every credential of `schemes` taken out."""
    places: dict[str, set[str]] = {"header": {"authorization"}, "query": set(), "cookie": set()}
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey":
            places[scheme["in"]].add(str(scheme["name"]).lower())
    return {
        "headers": CaseInsensitiveDict(
            {k: v for k, v in (case.headers or {}).items() if k.lower() not in places["header"]}
        ),
        "query": {k: v for k, v in (case.query or {}).items() if k.lower() not in places["query"]},
        "cookies": {
            k: v for k, v in (case.cookies or {}).items() if k.lower() not in places["cookie"]
        },
    }


def _challenges(schemes: Mapping[str, Mapping[str, Any]]) -> Iterator[str]:
    for scheme in schemes.values():
        kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
        if kind in ("oauth2", "openIdConnect") or (kind == "http" and http == "bearer"):
            yield "Bearer"
        elif kind == "http" and http == "basic":
            yield "Basic"


def _refused(
    answer: Any, case: schemathesis.Case[Any], scenario: str, challenges: set[str]
) -> None:
    challenge = answer.headers.get("www-authenticate", [""])[0]
    missing = [c for c in challenges if c not in challenge]
    if answer.status_code != 401 or missing:
        raise CredentialsIgnoredError(
            f"{case.operation.label} with {scenario} answered {answer.status_code} "
            f"(WWW-Authenticate: {challenge!r}); it must be 401 with the challenges {missing}"
        )


@schemathesis.check
def credentials_required(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    schemes = _schemes(case)
    if schemes is None or not 200 <= response.status_code < 300:
        return None
    answer = case.derive(**_without_credentials(case, schemes)).call()
    _refused(answer, case, "no credentials", set(_challenges(schemes)))
    return True


@schemathesis.check
def invalid_credentials_refused(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    schemes = _schemes(case)
    if schemes is None or not 200 <= response.status_code < 300:
        return None
    for name, scheme in schemes.items():
        request = _without_credentials(case, schemes)
        kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
        if kind == "apiKey":
            place = {"header": "headers", "query": "query", "cookie": "cookies"}[scheme["in"]]
            request[place][scheme["name"]] = INVALID_KEY
        else:
            value = INVALID_BASIC if http == "basic" else f"Bearer {INVALID_TOKEN}"
            request["headers"]["Authorization"] = value
        answer = case.derive(**request).call()
        _refused(answer, case, f"invalid {name} credentials", set())
    return True


# The Location of every resource a keyed creation answered with, and of those answered more than
# once: the later answers were replays of the first (the fuzzer's process runs one service).
_CREATED_LOCATIONS: set[str] = set()
_REPLAYED_LOCATIONS: set[str] = set()


@schemathesis.hook
def after_call(
    context: schemathesis.HookContext,
    case: schemathesis.Case[Any],
    response: schemathesis.Response,
) -> None:
    """Note the locations that keyed creations answered with, and which came back again."""
    keyed = any(name.lower() == "idempotency-key" for name in (case.headers or {}))
    location = response.headers.get("location", [""])[0]
    if case.method.upper() != "POST" or response.status_code != 201 or not keyed or not location:
        return
    path = urlsplit(location).path
    if path in _CREATED_LOCATIONS:
        _REPLAYED_LOCATIONS.add(path)
    _CREATED_LOCATIONS.add(path)


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext,
    failure: Any,
    case: schemathesis.Case[Any],
    response: schemathesis.Response,
) -> bool:
    """Keep every failure but the rejection of a reused Idempotency-Key, a replayed creation's
    resource deleted since, a form's one-item array taken for what it is, a body that is no
    object refused where its schema's object keywords say one belongs, and a request whose
    parameter breaks its schema (see the module)."""
    if isinstance(failure, AcceptedNegativeData):
        return not _a_single_value_for_an_array(case)
    if isinstance(failure, EnsureResourceAvailability):
        return case.formatted_path not in _REPLAYED_LOCATIONS
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return True
    if _a_non_object_for_an_untyped_object(case) or _a_parameter_breaking_its_schema(case):
        return False
    try:
        answer = response.json()
    except ValueError:  # a 422 in a spec's own format that is not JSON: not a reused key
        return True
    errors = answer.get("errors", []) if isinstance(answer, dict) else []
    return not any(
        isinstance(error, dict) and error.get("type") == "idempotency_key_reused"
        for error in errors
    )


def _is_xml(media_type: str) -> bool:
    return media_type in ("application/xml", "text/xml") or media_type.endswith("+xml")


def _a_single_value_for_an_array(case: schemathesis.Case[Any]) -> bool:
    """Whether a form body (URL-encoded or multipart) or an XML body has a single value where
    its schema has an array: a form writes an array as one field per item, XML (unwrapped) as
    one element per item, so that value is, on the wire, a one-item array, which the operation
    rightly accepts (and a wrapped array's element with nothing in it, an empty one)."""
    media_type = (case.media_type or "").split(";", 1)[0].strip().lower()
    if not (media_type in FORM_MEDIA_TYPES or _is_xml(media_type)):
        return False
    if not isinstance(case.body, Mapping):
        return False
    body = case.operation.get_body_for_media_type(case.media_type or "")
    properties = body.form_properties if body is not None else {}
    return any(
        isinstance(schema, Mapping)
        and schema.get("type") == "array"
        and name in case.body
        and not isinstance(case.body[name], list)
        for name, schema in properties.items()
    )


def _a_non_object_for_an_untyped_object(case: schemathesis.Case[Any]) -> bool:
    """Whether the body sent is not a JSON object where its schema has object keywords and no
    `type` (is_untyped_object, the generator's own test for the schemas it reads as objects)."""
    media_type = (case.media_type or "").split(";", 1)[0].strip().lower()
    if not (media_type == "application/json" or media_type.endswith("+json")):
        return False
    body = case.operation.get_body_for_media_type(media_type)
    schema = body.resolved_schema if body is not None else None
    return schema is not None and is_untyped_object(schema) and not isinstance(case.body, Mapping)


def _a_parameter_breaking_its_schema(case: schemathesis.Case[Any]) -> bool:
    """Whether a path or query parameter of the case has a value its schema refuses (by
    Schemathesis' own reading of the parameter's schema). Headers and cookies are left out:
    Schemathesis holds their values as the text sent, which an integer's schema would refuse."""
    operation = case.operation
    sent = ((operation.path_parameters, case.path_parameters), (operation.query, case.query))
    for parameters, values in sent:
        for parameter in parameters:
            if values and parameter.name in values:
                try:
                    valid = jsonschema_rs.validator_for(parameter.validation_schema).is_valid(
                        values[parameter.name]
                    )
                except ValueError:  # a schema the validator cannot build: keep the failure
                    continue
                if not valid:
                    return True
    return False
