"""What changed in openapi.yaml since a base commit, and which changes break consumers.

`python -m review.breaking [--base REF]` compares the spec at REF (default: the merge base
with main, or the previous commit when on main) with the working copy. api-smart-diff (npm,
tools/spec-diff.mjs) finds and classifies the changes; this module adds the project's own
rules where that library is too lenient for our consumers, prints a report, and exits 1 when
a breaking change comes without a major version bump in info.version.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parents[1]
SPEC: Final = "openapi.yaml"
DIFF_SCRIPT: Final = ROOT / "tools" / "spec-diff.mjs"
# Keywords that, added to a request's schema, reject values that were accepted before.
RESTRICTING: Final = frozenset(
    {
        "enum",
        "const",
        "pattern",
        "format",
        "maxLength",
        "minLength",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
        "multipleOf",
    }
)


@dataclass(frozen=True)
class Change:
    breaking: bool
    where: str  # "GET /products/{product_id}", or the document part for other changes
    description: str
    rule: str = ""  # set when the project's own rule decided, not the library's


def compare(before: Path, after: Path) -> list[Change]:
    raw = subprocess.run(
        ["node", str(DIFF_SCRIPT), str(before), str(after)],
        capture_output=True,
        text=True,
        check=True,
    )
    before_document = yaml.safe_load(before.read_text(encoding="utf-8"))
    after_document = yaml.safe_load(after.read_text(encoding="utf-8"))
    changes = []
    for diff in json.loads(raw.stdout):
        path: list[Any] = diff["path"]
        # Component changes are reported again where operations use them, with context.
        if path[0] == "components" and path[1] != "securitySchemes":
            continue
        breaking, rule = _classify(diff, path, before_document, after_document)
        description = diff.get("description") or f"{diff['action']} {'/'.join(map(str, path))}"
        changes.append(Change(breaking, _where(path), description, rule))
    return changes


def _classify(
    diff: Mapping[str, Any],
    path: Sequence[Any],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> tuple[bool, str]:
    library_says = diff["type"] == "breaking"
    in_request = "requestBody" in path or "parameters" in path
    in_response = "responses" in path
    if in_response and diff["action"] == "remove" and _under(path, "properties"):
        # api-smart-diff rates a removed *optional* response field non-breaking, but a
        # client reading it breaks all the same.
        return True, "a response field was removed"
    if in_request and path[-1] == "format" and _bounds_fit_format(_resolve_path(after, path[:-1])):
        return False, "the bounds already kept values in this format"
    if in_request and diff["action"] == "add" and not library_says:
        keyword = _restricting_keyword(path, before)
        if keyword:
            return True, f"`{keyword}` now restricts a request value"
    if in_response and diff["action"] == "add" and library_says and path[-1] in RESTRICTING:
        # A new bound on what the service sends narrows its answers: clients lose nothing.
        return False, "a response value is bounded more tightly"
    return library_says, ""


INTEGER_FORMATS: Final = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _bounds_fit_format(schema: Any) -> bool:
    """Whether an integer schema's minimum and maximum already lie within its `format`."""
    if not isinstance(schema, Mapping) or schema.get("format") not in INTEGER_FORMATS:
        return False
    low, high = INTEGER_FORMATS[schema["format"]]
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    return minimum is not None and maximum is not None and low <= minimum <= maximum <= high


def _under(path: Sequence[Any], keyword: str) -> bool:
    """Whether the change is to a member of a `keyword` map (e.g. a property itself)."""
    return len(path) >= 2 and path[-2] == keyword


def _restricting_keyword(path: Sequence[Any], before: Mapping[str, Any]) -> str | None:
    """The restricting keyword the change adds to a request schema, if any.

    `enum/<i>` additions restrict only when the schema had no enum before (a new value in an
    existing enum widens it)."""
    if path[-1] in RESTRICTING:
        return str(path[-1])
    if len(path) >= 2 and path[-2] == "enum":
        schema = _resolve_path(before, path[:-2])
        if isinstance(schema, Mapping) and "enum" not in schema:
            return "enum"
    return None


def _resolve_path(document: Mapping[str, Any], path: Sequence[Any]) -> Any:
    """The node at `path`, following `$ref`s on the way (diff paths run through them)."""
    node: Any = document
    for part in path:
        node = _dereference(document, node)
        if isinstance(node, Mapping):
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return _dereference(document, node)


def _dereference(document: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
        node = target
    return node


def _where(path: Sequence[Any]) -> str:
    if path[0] == "paths" and len(path) >= 3:
        return f"{str(path[2]).upper()} {path[1]}"
    if path[0] == "paths":
        return str(path[1])
    return "/".join(str(part) for part in path[:2])


def major(version: str) -> int:
    return int(version.split(".")[0])


def report(changes: Sequence[Change], before_version: str, after_version: str) -> str:
    breaking = [change for change in changes if change.breaking]
    lines = [
        f"info.version: {before_version} -> {after_version}",
        f"{len(changes)} change(s), {len(breaking)} breaking",
    ]
    # Every breaking change, once (the same one often shows per status or media type).
    for change in sorted(set(breaking), key=lambda c: (c.where, c.description)):
        reason = f" ({change.rule})" if change.rule else ""
        lines.append(f"  BREAKING      {change.where}: {change.description}{reason}")
    # Non-breaking ones, one line per operation, so the report stays short.
    by_place = Counter(change.where for change in changes if not change.breaking)
    for place, count in sorted(by_place.items()):
        example = next(c.description for c in changes if c.where == place and not c.breaking)
        more = f" and {count - 1} more" if count > 1 else ""
        lines.append(f"  non-breaking  {place}: {example}{more}")
    return "\n".join(lines)


def default_base() -> str:
    branch = git("rev-parse", "--abbrev-ref", "HEAD")
    if branch != "main" and _git_succeeds("rev-parse", "--verify", "main"):
        return git("merge-base", "HEAD", "main")
    return "HEAD~1"


def git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def _git_succeeds(*arguments: str) -> bool:
    return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True).returncode == 0


def check(before: Path, after: Path) -> tuple[str, bool]:
    """The report, and whether the change is acceptable (no unannounced breaking change)."""
    versions = [
        yaml.safe_load(p.read_text(encoding="utf-8"))["info"]["version"] for p in (before, after)
    ]
    changes = compare(before, after)
    acceptable = not any(c.breaking for c in changes) or major(versions[1]) > major(versions[0])
    text = report(changes, *versions)
    if not acceptable:
        text += "\nBreaking changes need a major version bump in info.version."
    return text, acceptable


def check_since(base: str) -> tuple[str, bool]:
    """`check` of the spec at git ref `base` against the working copy."""
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "base-openapi.yaml"
        before.write_text(git("show", f"{base}:{SPEC}") + "\n", encoding="utf-8")
        return check(before, ROOT / SPEC)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="git ref to compare with (default: see module doc)")
    arguments = parser.parse_args(argv)
    base = arguments.base or default_base()
    text, acceptable = check_since(base)
    print(f"openapi.yaml: {base} -> working copy\n{text}")
    return 0 if acceptable else 1


if __name__ == "__main__":
    sys.exit(main())
