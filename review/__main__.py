"""`python -m review [--base REF]` (`make review`): the spec lint, the change report and the
static docs together, summed up in Markdown a reviewer can paste into a pull request.
Exits 1 when the lint fails or a breaking change comes without a major version bump."""

import argparse
import sys

from review import breaking, docs, lint


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="git ref to compare with (default: see review.breaking)")
    base = parser.parse_args().base or breaking.default_base()

    linted = [lint.spectral(), lint.redocly()]
    changes, acceptable = breaking.check_since(base)
    reference = breaking.ROOT / "reports" / "api-reference.html"
    docs.build(reference)

    lines = [f"### API contract review: `openapi.yaml`, {base} → this change", ""]
    for result in linted:
        verdict = "passed" if result.passed else f"**{len(result.problems)} problem(s)**"
        lines.append(f"- Lint, {result.tool}: {verdict}")
        lines.extend(f"  - {problem}" for problem in result.problems)
    verdict = "acceptable" if acceptable else "**breaking without a major version bump**"
    lines += [f"- Changes: {verdict}", "", "```", changes, "```", ""]
    lines.append(f"- Static reference: `{reference.relative_to(breaking.ROOT)}` (self-contained)")
    print("\n".join(lines))
    return 0 if acceptable and all(result.passed for result in linted) else 1


if __name__ == "__main__":
    sys.exit(main())
