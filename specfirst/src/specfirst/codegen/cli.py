"""Command line: `python -m codegen generate` and `python -m codegen check`."""

import argparse
import sys
from pathlib import Path

from codegen.generate import drift, package_sources, write_package
from codegen.spec import SpecError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument(
        "--spec", type=Path, default=Path("openapi.yaml"), help="the OpenAPI 3.1 document"
    )
    parser.add_argument(
        "--package",
        default="service.generated",
        help="dotted name of the generated package; written under the current directory",
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
            f"\n{directory}/ is not what {args.spec} produces: run `make generate`.",
            file=sys.stderr,
        )
        return 1
    print(f"{directory}/ matches {args.spec}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
