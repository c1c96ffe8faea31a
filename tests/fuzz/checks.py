"""Schemathesis hooks of our own, loaded by schemathesis.toml (`hooks`) and by the pytest run.

- A check: Schemathesis' `ignored_auth` only probes apiKey, basic and http security schemes,
  so it never tests an OAuth2 bearer token like ours (it passes without sending a single
  request). `bearer_token_enforced` does the same for every secured operation: a request that
  succeeded with the fuzzer's token is sent again without a token and with an invalid one,
  and both must be refused with 401 and `WWW-Authenticate: Bearer`.
- A failure filter: the fuzzer sends one Idempotency-Key with several bodies (the spec's
  example key, or a short generated one twice). The 422 that answers a reused key is the
  contract working, not a valid request wrongly rejected.
"""

from typing import Any, Final

import schemathesis
from requests.structures import CaseInsensitiveDict
from schemathesis.openapi.checks import RejectedPositiveData

# Signed with a key the service does not have, otherwise well formed and unexpired.
INVALID_TOKEN: Final = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiaWF0IjoxNzk1NjgxNDIwLCJleHAiOjQx"
    "MDI0NDQ4MDB9.xqTVgn-NNmxMFbjzh6NnFWH6u0LRRzf9MQbPVS-n0Q4"
)


class TokenIgnoredError(AssertionError):
    """A secured operation answered a request without a valid token other than with 401."""


@schemathesis.check
def bearer_token_enforced(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    if not case.operation.definition.raw.get("security") or not 200 <= response.status_code < 300:
        return None
    without_token = CaseInsensitiveDict(
        {
            name: value
            for name, value in (case.headers or {}).items()
            if name.lower() != "authorization"
        }
    )
    probes = {
        "no token": without_token,
        "an invalid token": CaseInsensitiveDict(
            {**without_token, "Authorization": f"Bearer {INVALID_TOKEN}"}
        ),
    }
    for scenario, headers in probes.items():
        answer = case.derive(headers=headers).call()
        challenge = answer.headers.get("www-authenticate", [""])[0]
        if answer.status_code != 401 or not challenge.startswith("Bearer"):
            raise TokenIgnoredError(
                f"{case.operation.label} with {scenario} answered {answer.status_code} "
                f"(WWW-Authenticate: {challenge!r}); it must be 401 with a Bearer challenge"
            )
    return True


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext,
    failure: Any,
    case: schemathesis.Case[Any],
    response: schemathesis.Response,
) -> bool:
    """Keep every failure but the rejection of a reused Idempotency-Key (see the module)."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return True
    errors = response.json().get("errors", [])
    return not any(error.get("type") == "idempotency_key_reused" for error in errors)
