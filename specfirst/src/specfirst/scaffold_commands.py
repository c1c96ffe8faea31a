"""`python -m specfirst new` and `python -m specfirst stubs` (specfirst.scaffold)."""

import argparse
import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from specfirst.codegen.model import Spec, SpecError
from specfirst.codegen.pipeline import read_spec
from specfirst.scaffold.methods import find_tag, load_handlers, missing_methods, stubs_source
from specfirst.scaffold.project import default_package, example_reports, lock, new_project


def run(args: argparse.Namespace, report: Callable[[Spec], None]) -> int:
    """The command `args` names; `report` prints a spec's warnings and notes (cli.report)."""
    try:
        return _new(args, report) if args.command == "new" else _stubs(args)
    except SpecError as error:
        print(f"{args.spec}: refused: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"specfirst {args.command}: {error}", file=sys.stderr)
        return 2


def _new(args: argparse.Namespace, report: Callable[[Spec], None]) -> int:
    directory: Path = args.directory
    package = args.package or default_package(directory)
    spec = new_project(args.spec, directory, package=package, specfirst=args.specfirst)
    report(spec)
    for line in example_reports(spec, directory, package):
        print(f"warning: example answers: {line}", file=sys.stderr)
    if not args.no_lock:
        try:
            lock(directory)
        except subprocess.CalledProcessError:
            print(
                f"specfirst new: {directory}/ is written, but its lock file could not be made "
                f"(above: uv, or the package index); `make uv.lock` there tries again",
                file=sys.stderr,
            )
            return 1
    print(
        f"wrote {directory}/ ({package}: {len(spec.operations)} operations in "
        f"{len(spec.tags)} handler sets): `make run` serves it, `make test` checks it"
    )
    return 0


def _stubs(args: argparse.Namespace) -> int:
    spec = read_spec(args.spec)
    tag = find_tag(spec, args.set)
    sys.path.insert(0, str(Path.cwd()))  # the project's own packages, run from its root
    # The stubs name the package's response classes: it must be the spec's, regenerated.
    generated = importlib.import_module(args.package)
    if getattr(generated, "SPEC_SHA256", None) != spec.sha256:
        raise ValueError(
            f"{args.package} was not generated from {args.spec} as it is now: regenerate it "
            f"first (python -m specfirst generate --spec {args.spec} --package {args.package})"
        )
    handlers = load_handlers(args.handlers) if args.handlers else None
    missing = missing_methods(tag, handlers)
    if not missing:
        print(f"# {args.handlers} implements every operation of {tag.interface_name}")
        return 0
    print(f"# {len(missing)} of {tag.interface_name}'s operations, to paste into its class:")
    sys.stdout.write(stubs_source(missing))
    return 0
