"""`python -m review.lint`: Spectral (its OpenAPI rules and the OWASP ruleset, .spectral.yaml),
then Redocly's linter (redocly.yaml) for the rules Spectral lacks. Any error or warning fails."""

import json
import sys
from dataclasses import dataclass
from typing import Final

from review.node import run_tool

SEVERITIES: Final = ("error", "warning", "info", "hint")


@dataclass(frozen=True)
class LintResult:
    tool: str
    problems: list[str]  # one line each: severity, rule, where, message

    @property
    def passed(self) -> bool:
        return not self.problems


def spectral() -> LintResult:
    result = run_tool(
        "spectral",
        "lint",
        "openapi.yaml",
        "--ruleset=.spectral.yaml",
        "--format=json",
        "--quiet",
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    return LintResult(
        "Spectral (OAS + OWASP API Security Top 10)",
        [
            f"{SEVERITIES[f['severity']]} {f['code']} at {'.'.join(map(str, f['path']))}: "
            f"{f['message']}"
            for f in findings
            if f["severity"] <= 1  # errors and warnings; infos and hints are advice
        ],
    )


def redocly() -> LintResult:
    result = run_tool("redocly", "lint", "openapi.yaml", "--format=stylish", check=False)
    problems = [
        line.strip()
        for line in result.stdout.splitlines()
        if " error " in line or " warning " in line
    ]
    if result.returncode != 0 and not problems:
        problems = [f"redocly lint failed: {result.stderr.strip() or result.stdout.strip()}"]
    return LintResult("Redocly (recommended)", problems)


def main() -> int:
    results = [spectral(), redocly()]
    for result in results:
        print(f"{result.tool}: {'no errors or warnings' if result.passed else ''}")
        for problem in result.problems:
            print(f"  {problem}")
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
