"""Reading the Kubernetes manifests of deploy/kubernetes as data: their resources, the pods
they run, and the Secrets their comments tell an operator to create."""

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parents[2]
MANIFESTS: Final = ROOT / "deploy" / "kubernetes"
# The kinds whose spec holds a pod template.
WORKLOADS: Final = {"Deployment", "Job"}


@dataclass(frozen=True)
class Resource:
    """One document of a manifest file."""

    file: Path
    body: dict[str, Any]

    @property
    def kind(self) -> str:
        kind: str = self.body["kind"]
        return kind

    @property
    def name(self) -> str:
        name: str = self.body["metadata"]["name"]
        return name

    def __str__(self) -> str:
        return f"{self.file.relative_to(MANIFESTS)}:{self.kind}/{self.name}"


def manifest_files() -> list[Path]:
    """Every manifest, in subdirectories too (the migration Job has one of its own)."""
    return sorted(MANIFESTS.rglob("*.yaml"))


def load_resources() -> list[Resource]:
    return [
        Resource(file, body)
        for file in manifest_files()
        for body in yaml.safe_load_all(file.read_text(encoding="utf-8"))
        if body is not None
    ]


def find(resources: list[Resource], kind: str, name: str) -> dict[str, Any]:
    [body] = [r.body for r in resources if r.kind == kind and r.name == name]
    return body


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]["template"]["spec"]
    return spec


def container(workload: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [c for c in pod_spec(workload)["containers"] if c["name"] == name]
    assert isinstance(found, dict)
    return found


def environment(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A container's env entries by variable name."""
    return {entry["name"]: entry for entry in container.get("env", [])}


def commands(text: str, *prefix: str) -> list[list[str]]:
    """The shell commands in `text` that start with the words `prefix`, split as the shell
    would: in comment lines or Markdown code blocks alike, with backslash continuations."""
    found: list[list[str]] = []
    pending = ""
    for line in text.splitlines():
        words = pending + line.strip().lstrip("#").strip()
        if words.endswith("\\"):
            pending = words[:-1] + " "
            continue
        pending = ""
        if words.startswith(" ".join(prefix)):
            found.append(shlex.split(words))
    return found


def documented_secrets(text: str) -> dict[str, dict[str, str]]:
    """The `kubectl create secret generic NAME --from-literal=KEY=VALUE ...` commands in
    `text`, as {NAME: {KEY: VALUE}}."""
    prefix = ("kubectl", "create", "secret", "generic")
    secrets: dict[str, dict[str, str]] = {}
    for command in commands(text, *prefix):
        arguments = command[len(prefix) :]
        [name] = [word for word in arguments if not word.startswith("-")]
        keys: dict[str, str] = {}
        for option in arguments:
            source, _, key_and_value = option.partition("=")
            if source == "--from-literal":
                key, _, value = key_and_value.partition("=")
                keys[key] = value
        secrets[name] = keys
    return secrets
