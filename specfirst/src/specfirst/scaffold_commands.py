"""`python -m specfirst new` and `python -m specfirst stubs` (specfirst.scaffold)."""

import argparse
import sys
from pathlib import Path

from specfirst.cli import report
from specfirst.codegen.model import SpecError
from specfirst.codegen.pipeline import read_spec
from specfirst.scaffold.methods import find_tag, load_handlers, missing_methods, stubs_source
from specfirst.scaffold.project import default_package, lock, new_project


def run(args: argparse.Namespace) -> int:
    try:
        return _new(args) if args.command == "new" else _stubs(args)
    except SpecError as error:
        print(f"{args.spec}: refused: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"specfirst {args.command}: {error}", file=sys.stderr)
        return 2


def _new(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    package = args.package or default_package(directory)
    spec = new_project(args.spec, directory, package=package, specfirst=args.specfirst)
    report(spec)
    if not args.no_lock:
        lock(directory)
    print(
        f"wrote {directory}/ ({package}: {len(spec.operations)} operations in "
        f"{len(spec.tags)} handler sets): `make run` serves it, `make test` checks it"
    )
    return 0


def _stubs(args: argparse.Namespace) -> int:
    tag = find_tag(read_spec(args.spec), args.set)
    sys.path.insert(0, str(Path.cwd()))  # the project's own packages, run from its root
    handlers = load_handlers(args.handlers) if args.handlers else None
    missing = missing_methods(tag, handlers)
    if not missing:
        print(f"# {args.handlers} implements every operation of {tag.interface_name}")
        return 0
    print(f"# {len(missing)} of {tag.interface_name}'s operations, to paste into its class:")
    sys.stdout.write(stubs_source(missing))
    return 0
