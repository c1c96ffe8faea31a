"""Security schemes and each operation's requirements, as the binding reads credentials."""

from collections.abc import Mapping
from typing import Any

from specfirst.codegen.model import SecurityScheme, SpecError
from specfirst.codegen.naming import RESERVED_BINDINGS, python_name
from specfirst.codegen.parse.reading import Reading
from specfirst.runtime.pointers import pointer

# Alternatives (any one suffices), each the schemes it needs with their scopes.
Requirements = tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]


def security_schemes(reading: Reading) -> dict[str, SecurityScheme]:
    """Every scheme of `components/securitySchemes` the binding can read, by name; the others
    are refused where an operation uses them (`requirements`)."""
    schemes: dict[str, SecurityScheme] = {}
    taken: set[str] = set()
    for name, node in _declared(reading).items():
        scheme = reading.resolve(node)
        kind = _scheme_kind(scheme)
        if kind is None:
            continue
        python = python_name(name, prefix="scheme", reserved=RESERVED_BINDINGS)
        while python in taken:
            python += "_"
        taken.add(python)
        schemes[name] = SecurityScheme(
            name=name,
            python_name=python,
            kind=kind,
            location=str(scheme.get("in", "header")) if kind == "key" else "header",
            parameter=str(scheme.get("name", "")) if kind == "key" else "Authorization",
        )
    return schemes


def oauth2_token_urls(reading: Reading) -> list[str]:
    """The token URLs of OAuth2 password flows (their endpoints answer errors RFC 6749's
    way)."""
    urls: list[str] = []
    for node in _declared(reading).values():
        scheme = reading.resolve(node)
        flows = scheme.get("flows", {}) if isinstance(scheme, Mapping) else {}
        if scheme.get("type") == "oauth2" and "tokenUrl" in flows.get("password", {}):
            urls.append(str(flows["password"]["tokenUrl"]))
    return urls


def requirements(
    reading: Reading,
    where: str,
    operation: Mapping[str, Any],
    schemes: Mapping[str, SecurityScheme],
) -> Requirements:
    """The operation's security requirements (its own, else the document's)."""
    declared = operation.get("security", reading.document.get("security", []))
    parsed = []
    for requirement in declared:
        for name in requirement:
            if name in schemes:
                continue
            if name not in _declared(reading):
                raise SpecError(f"{where}/security: no security scheme {name!r}")
            scheme = reading.resolve(_declared(reading)[name])
            raise SpecError(
                f"{pointer('components', 'securitySchemes', name)}: a scheme of type "
                f"{scheme.get('type')!r}{_scheme_detail(scheme)} cannot be checked by the "
                "binding"
            )
        parsed.append(tuple((name, tuple(scopes)) for name, scopes in requirement.items()))
    # A list of only `{}` is no security at all (OpenAPI: an empty requirement).
    return () if not any(parsed) else tuple(parsed)


def _declared(reading: Reading) -> Mapping[str, Any]:
    schemes: Mapping[str, Any] = reading.document.get("components", {}).get("securitySchemes", {})
    return schemes


def _scheme_kind(scheme: Mapping[str, Any]) -> str | None:
    """How the binding reads a scheme's credentials (SecurityScheme.kind), None when it
    cannot: mutual TLS (the TLS terminator's), http schemes other than bearer and basic."""
    kind = scheme.get("type")
    if kind in ("oauth2", "openIdConnect"):
        return "bearer"
    if kind == "http":
        http_scheme = str(scheme.get("scheme", "")).lower()
        return http_scheme if http_scheme in ("bearer", "basic") else None
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        return "key"
    return None


def _scheme_detail(scheme: Mapping[str, Any]) -> str:
    if scheme.get("type") == "http":
        return f" with scheme {scheme.get('scheme')!r}"
    if scheme.get("type") == "mutualTLS":
        return " (client certificates are the TLS terminator's to check)"
    return ""
