"""Schemathesis settings for a service served by the binding, that need no Schemathesis to
write: the `[auth.openapi.<scheme>]` sections of a schemathesis.toml (the corpus runs' mock
credentials, a new project's development credential). The hooks are specfirst.fuzzing."""

import json
from collections.abc import Mapping
from typing import Any


def auth_sections(document: Mapping[str, Any], *, token: str, username: str, password: str) -> str:
    """Schemathesis' `[auth.openapi.<scheme>]` sections (a schemathesis.toml's end): for each
    security scheme of `document`, `token` (a bearer token or an API key) or `username` and
    `password` (http basic). `${VARIABLE}` in them is read from the environment."""
    sections = []
    for name, scheme in document.get("components", {}).get("securitySchemes", {}).items():
        kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
        if kind == "apiKey":
            values = {"api_key": token}
        elif kind == "http" and http == "basic":
            values = {"username": username, "password": password}
        else:
            values = {"bearer": token}
        lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
        sections.append(f"\n[auth.openapi.{json.dumps(name)}]\n" + "\n".join(lines) + "\n")
    return "".join(sections)
