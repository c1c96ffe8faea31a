"""Command line: `python -m specfirst generate` and `python -m specfirst check`."""

import argparse
import sys
from pathlib import Path

from specfirst.codegen.generate import drift, package_sources, write_package
from specfirst.codegen.spec import SpecError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m specfirst", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--spec", type=Path, required=True, help="the OpenAPI document")
    parser.add_argument(
        "--package",
        required=True,
        help="dotted name of the generated package (service.generated): written under the "
        "current directory (service/generated/)",
    )
    args = parser.parse_args(argv)
    directory = Path(*args.package.split("."))
    try:
        sources = package_sources(args.spec, args.package)
    except SpecError as error:
        print(f"{args.spec}: {error}", file=sys.stderr)
        return 2
    if args.command == "generate":
        write_package(sources, directory)
        print(f"generated {len(sources)} files in {directory}/ from {args.spec}")
        return 0
    diff = list(drift(sources, directory))
    if diff:
        sys.stdout.writelines(diff)
        print(
            f"\n{directory}/ is not what {args.spec} produces: regenerate it with "
            f"`python -m specfirst generate --spec {args.spec} --package {args.package}`.",
            file=sys.stderr,
        )
        return 1
    print(f"{directory}/ matches {args.spec}")
    return 0
