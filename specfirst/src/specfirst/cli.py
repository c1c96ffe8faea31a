"""The command line, `python -m specfirst`:

- `generate`: write the package the spec produces;
- `check`: exit 1, with a diff, when the committed package is not what the spec produces;
- `try`: generate into a scratch package, type-check it, summarise (does it take my spec?);
- `mock`: serve the spec with handlers answering its examples;
- `new`: a project serving the spec, its handlers answering its examples until written;
- `stubs`: the methods a handler set lacks after the spec grew, to paste in.

A spec the generator refuses exits 2, naming the JSON pointer of the place and the reason.
"""

import argparse
import sys
from pathlib import Path

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.package import drift, write_package
from specfirst.codegen.pipeline import read_spec, render_package


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    spec_path: Path = args.spec
    if args.command == "try":
        from specfirst.codegen.trial import try_spec

        return try_spec(spec_path, ref_root=args.ref_root)
    if args.command in ("new", "stubs"):
        # Imported here: they need the `mock` extra, the other commands do not.
        from specfirst import scaffold_commands

        return scaffold_commands.run(args, report)
    try:
        spec = read_spec(spec_path, strict=getattr(args, "strict", False), ref_root=args.ref_root)
        if args.command == "mock":
            report(spec)
            # Imported here: the mock needs the `mock` extra, the other commands do not.
            from specfirst.mock.server import serve

            return serve(spec, host=args.host, port=args.port)
        rendered = render_package(spec, args.package)
    except SpecError as error:
        print(f"{spec_path}: refused: {error}", file=sys.stderr)
        return 2
    report(spec, rendered.warnings)
    return _generate_or_check(args.command, spec_path, args.package, rendered.sources)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m specfirst", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, summary in (
        ("generate", "write the package the spec produces"),
        ("check", "exit 1, with a diff, when the committed package is not what it produces"),
    ):
        command = commands.add_parser(name, help=summary)
        _spec_argument(command)
        command.add_argument(
            "--package",
            required=True,
            help="dotted name of the generated package (service.generated): written under "
            "the current directory (service/generated/)",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="refuse, rather than warn about, statuses the binding answers that an "
            "operation does not declare",
        )
    trial = commands.add_parser(
        "try", help="generate into a scratch package, type-check it (mypy strict), summarise"
    )
    _spec_argument(trial)
    mock = commands.add_parser("mock", help="serve the spec with handlers answering examples")
    _spec_argument(mock)
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", help="write a project serving the spec")
    _spec_argument(new)
    new.add_argument("directory", type=Path, help="the project's directory (new, or empty)")
    new.add_argument("--package", help="its Python package (default: the directory's name)")
    new.add_argument(
        "--specfirst",
        help="the wheel of specfirst the project installs (copied into it; default: the "
        "package index)",
    )
    new.add_argument(
        "--no-lock", action="store_true", help="leave out the lock file (made by `make uv.lock`)"
    )
    stubs = commands.add_parser("stubs", help="print the methods a handler set lacks")
    _spec_argument(stubs)
    stubs.add_argument("--package", required=True, help="the generated package (app.generated)")
    stubs.add_argument("--set", required=True, help="the handler set (`pets` or PetsHandlers)")
    stubs.add_argument(
        "--handlers",
        help="module:attribute of the set's handlers, to print only what they lack "
        "(default: every method of the set)",
    )
    return parser


def _spec_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec", type=Path, required=True, help="the OpenAPI 3.0 or 3.1 document (YAML or JSON)"
    )
    command.add_argument(
        "--ref-root",
        type=Path,
        help="the directory whose files the spec's $refs may read (default: the spec's own)",
    )


def _generate_or_check(command: str, spec_path: Path, package: str, sources: dict[str, str]) -> int:
    directory = Path(*package.split("."))
    if command == "generate":
        write_package(sources, directory)
        print(f"generated {len(sources)} files in {directory}/ from {spec_path}")
        return 0
    diff = list(drift(sources, directory))
    if diff:
        sys.stdout.writelines(diff)
        print(
            f"\n{directory}/ is not what {spec_path} produces: regenerate it with "
            f"`python -m specfirst generate --spec {spec_path} --package {package}`.",
            file=sys.stderr,
        )
        return 1
    print(f"{directory}/ matches {spec_path}")
    return 0


def report(spec: Spec, more_warnings: tuple[str, ...] = ()) -> None:
    """The spec's warnings and notes, one per line, on stderr."""
    for warning in (*spec.warnings, *more_warnings):
        print(f"warning: {warning}", file=sys.stderr)
    for note in spec.notes:
        print(f"note: {note}", file=sys.stderr)
