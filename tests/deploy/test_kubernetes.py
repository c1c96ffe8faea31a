"""The Kubernetes manifests of deploy/kubernetes, offline: each resource against Kubernetes'
own schema (kubernetes-validate, strict: unknown fields refused), then what a schema cannot
know: that they run this repository's image, command, health endpoints, Secrets, timeouts
and PgBouncer the way the service needs."""

import configparser
import importlib.util
import runpy
from pathlib import Path
from typing import Any, Final

import kubernetes_validate  # type: ignore[import-untyped]  # no type information shipped
import pytest
import yaml
from sqlalchemy.engine import make_url

from service.handlers.meta import READINESS_TIMEOUT_SECONDS
from service.settings import Settings
from tests.deploy.test_container_files import instructions
from tests.support.kubernetes import (
    ROOT,
    WORKLOADS,
    Resource,
    container,
    documented_secrets,
    environment,
    find,
    load_resources,
    manifest_files,
    pod_spec,
)

# The Kubernetes version the manifests are checked against: the newest one the locked
# kubernetes-validate (1.37.0) bundles schemas for. Raise it with that package.
KUBERNETES_VERSION: Final = "1.37"
# PostgreSQL's default max_connections, which PgBouncer's server connections must stay under.
POSTGRES_MAX_CONNECTIONS: Final = 100

RESOURCES: Final = load_resources()
API: Final = find(RESOURCES, "Deployment", "products-api")
API_CONTAINER: Final = container(API, "api")
MIGRATION: Final = find(RESOURCES, "Job", "products-api-migrate")
PGBOUNCER: Final = find(RESOURCES, "Deployment", "products-api-pgbouncer")
PGBOUNCER_CONTAINER: Final = container(PGBOUNCER, "pgbouncer")
WORKLOAD_RESOURCES: Final = [r for r in RESOURCES if r.kind in WORKLOADS]


def pgbouncer_ini() -> configparser.ConfigParser:
    ini = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    ini.read_string(find(RESOURCES, "ConfigMap", "products-api-pgbouncer")["data"]["pgbouncer.ini"])
    return ini


def secret_reference(variable: dict[str, Any]) -> tuple[str, str]:
    reference = variable["valueFrom"]["secretKeyRef"]
    return reference["name"], reference["key"]


def container_port(container: dict[str, Any], port: int | str) -> int:
    """The number of a container port given by name or number; fails on an undeclared one."""
    [number] = [
        declared["containerPort"]
        for declared in container["ports"]
        if port in (declared["containerPort"], declared.get("name"))
    ]
    assert isinstance(number, int)
    return number


def pre_stop_pause_seconds(container: dict[str, Any]) -> int:
    """The seconds of the `sleep N` a container's preStop hook starts with."""
    command = container["lifecycle"]["preStop"]["exec"]["command"]
    words = command[-1].split() if command[0] == "/bin/sh" else command
    assert words[0] == "sleep"
    return int(words[1])


def test_the_manifests_hold_the_whole_deployment() -> None:
    assert {(r.kind, r.name) for r in RESOURCES} == {
        ("Deployment", "products-api"),
        ("Service", "products-api"),
        ("HorizontalPodAutoscaler", "products-api"),
        ("PodDisruptionBudget", "products-api"),
        ("Job", "products-api-migrate"),
        ("ConfigMap", "products-api-pgbouncer"),
        ("Deployment", "products-api-pgbouncer"),
        ("Service", "products-api-pgbouncer"),
        ("PodDisruptionBudget", "products-api-pgbouncer"),
    }


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_each_resource_is_valid_for_the_pinned_kubernetes(resource: Resource) -> None:
    # Raises on an invalid resource, and on a kind or apiVersion it has no schema for.
    assert kubernetes_validate.validate(resource.body, KUBERNETES_VERSION, strict=True)


def test_the_namespace_is_left_to_kubectl() -> None:
    assert all("namespace" not in r.body["metadata"] for r in RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_labels_name_the_application_its_component_and_the_whole(resource: Resource) -> None:
    labels = resource.body["metadata"]["labels"]
    assert labels["app.kubernetes.io/part-of"] == "products-api"
    assert labels["app.kubernetes.io/name"]
    assert labels["app.kubernetes.io/component"]
    if resource.kind in WORKLOADS:
        assert resource.body["spec"]["template"]["metadata"]["labels"] == labels


def test_selectors_select_the_pods_they_are_meant_for() -> None:
    def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
        labels: dict[str, str] = workload["spec"]["template"]["metadata"]["labels"]
        return labels

    def selects(selector: dict[str, str], workload: dict[str, Any]) -> bool:
        return selector.items() <= pod_labels(workload).items()

    for workload, service in ((API, "products-api"), (PGBOUNCER, "products-api-pgbouncer")):
        assert selects(workload["spec"]["selector"]["matchLabels"], workload)
        assert selects(find(RESOURCES, "Service", service)["spec"]["selector"], workload)
        budget = find(RESOURCES, "PodDisruptionBudget", service)
        assert selects(budget["spec"]["selector"]["matchLabels"], workload)
        for spread in pod_spec(workload)["topologySpreadConstraints"]:
            assert selects(spread["labelSelector"]["matchLabels"], workload)
    assert not selects(API["spec"]["selector"]["matchLabels"], PGBOUNCER)
    target = find(RESOURCES, "HorizontalPodAutoscaler", "products-api")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", API["metadata"]["name"])


def test_the_api_probes_ask_the_contracts_health_endpoints_on_its_port() -> None:
    operations = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))["paths"]
    expected = {
        "startupProbe": "check_liveness",
        "livenessProbe": "check_liveness",
        "readinessProbe": "check_readiness",
    }
    for probe, operation in expected.items():
        request = API_CONTAINER[probe]["httpGet"]
        assert operations[request["path"]]["get"]["operationId"] == operation
        assert container_port(API_CONTAINER, request["port"]) == int(
            environment(API_CONTAINER)["PORT"]["value"]
        )


def test_readiness_waits_longer_than_readyz_waits_for_the_database() -> None:
    # Otherwise a slow database reads as a probe timeout rather than /readyz's 503 reason.
    assert API_CONTAINER["readinessProbe"]["timeoutSeconds"] > READINESS_TIMEOUT_SECONDS


def test_pgbouncer_probes_its_declared_port() -> None:
    for probe in ("readinessProbe", "livenessProbe"):
        port = PGBOUNCER_CONTAINER[probe]["tcpSocket"]["port"]
        assert container_port(PGBOUNCER_CONTAINER, port) == 5432


def test_the_services_route_to_the_ports_the_containers_declare() -> None:
    api_ports = {
        port["name"]: port for port in find(RESOURCES, "Service", "products-api")["spec"]["ports"]
    }
    assert api_ports["http"]["port"] == 80
    assert container_port(API_CONTAINER, api_ports["http"]["targetPort"]) == 8000
    metrics_port = container_port(API_CONTAINER, api_ports["metrics"]["targetPort"])
    assert metrics_port == int(environment(API_CONTAINER)["METRICS_PORT"]["value"])
    [pgbouncer_port] = find(RESOURCES, "Service", "products-api-pgbouncer")["spec"]["ports"]
    assert container_port(PGBOUNCER_CONTAINER, pgbouncer_port["targetPort"]) == 5432


@pytest.mark.parametrize("resource", WORKLOAD_RESOURCES, ids=str)
def test_pods_run_unprivileged_on_a_read_only_root(resource: Resource) -> None:
    pod = pod_spec(resource.body)
    for each in pod["containers"]:
        # A container's own securityContext overrides its pod's.
        security = pod.get("securityContext", {}) | each["securityContext"]
        assert security["runAsNonRoot"] is True
        assert security["runAsUser"] > 0
        assert security["seccompProfile"] == {"type": "RuntimeDefault"}
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
    assert pod["automountServiceAccountToken"] is False


def test_the_service_pods_run_as_the_dockerfiles_user() -> None:
    [user] = [run for run in instructions("RUN") if "useradd" in run]
    uid = int(user.split("--uid", 1)[1].split()[0])
    for workload in (API, MIGRATION):
        assert pod_spec(workload)["securityContext"]["runAsUser"] == uid


def test_the_api_runs_the_images_command_with_a_writable_tmp() -> None:
    [cmd] = instructions("CMD")
    assert API_CONTAINER["command"] == yaml.safe_load(cmd)
    [tmp] = [mount for mount in API_CONTAINER["volumeMounts"] if mount["mountPath"] == "/tmp"]
    [volume] = [v for v in pod_spec(API)["volumes"] if v["name"] == tmp["name"]]
    assert "emptyDir" in volume


def test_the_api_environment() -> None:
    env = environment(API_CONTAINER)
    assert env["ENVIRONMENT"]["value"] == "production"
    assert env["DATABASE_POOLER"]["value"] == "transaction"
    # Set, so that Gunicorn does not size its pool from the node's cores.
    assert int(env["WEB_CONCURRENCY"]["value"]) >= 1
    assert secret_reference(env["DATABASE_URL"]) == ("products-api", "database-url")
    assert secret_reference(env["SECRET_KEY"]) == ("products-api", "secret-key")


def secret_references() -> set[tuple[str, str]]:
    """Every (Secret, key) a pod reads: from its variables and its volumes."""
    references: set[tuple[str, str]] = set()
    for resource in WORKLOAD_RESOURCES:
        pod = pod_spec(resource.body)
        for each in pod["containers"]:
            references |= {
                secret_reference(variable)
                for variable in each.get("env", [])
                if "secretKeyRef" in variable.get("valueFrom", {})
            }
        for volume in pod.get("volumes", []):
            sources = volume.get("projected", {}).get("sources", [])
            secrets = [source["secret"] for source in sources if "secret" in source]
            secrets += [volume["secret"]] if "secret" in volume else []
            for secret in secrets:
                references |= {(secret["name"], item["key"]) for item in secret["items"]}
    return references


def manifest_secrets() -> dict[str, dict[str, str]]:
    documented: dict[str, dict[str, str]] = {}
    for file in manifest_files():
        documented |= documented_secrets(file.read_text(encoding="utf-8"))
    return documented


def readme_kubernetes_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n### Kubernetes\n", 1)[1].split("\n## ", 1)[0]


def test_every_secret_a_pod_reads_is_documented_with_that_key() -> None:
    documented = {(name, key) for name, keys in manifest_secrets().items() for key in keys}
    references = secret_references()
    assert {"products-api", "products-api-pgbouncer"} <= {name for name, _ in references}
    assert references == documented


def test_the_readme_creates_the_secrets_the_manifests_document() -> None:
    def names_and_keys(secrets: dict[str, dict[str, str]]) -> dict[str, set[str]]:
        return {name: set(keys) for name, keys in secrets.items()}

    assert names_and_keys(documented_secrets(readme_kubernetes_section())) == names_and_keys(
        manifest_secrets()
    )


def test_the_api_goes_through_pgbouncer_and_the_migration_straight_to_postgresql() -> None:
    secret = manifest_secrets()["products-api"]
    urls = {key: make_url(secret[key]) for key in ("database-url", "database-direct-url")}
    pgbouncer_service = find(RESOURCES, "Service", "products-api-pgbouncer")
    [pgbouncer_port] = pgbouncer_service["spec"]["ports"]
    assert urls["database-url"].host == pgbouncer_service["metadata"]["name"]
    assert urls["database-url"].port == pgbouncer_port["port"]
    [database] = pgbouncer_ini()["databases"]
    assert urls["database-url"].database == database
    # The server PgBouncer forwards to is the one the migration reaches directly.
    target = dict(setting.split("=") for setting in pgbouncer_ini()["databases"][database].split())
    assert urls["database-direct-url"].host == target["host"]
    assert urls["database-direct-url"].database == target["dbname"]


def test_the_migration_job_runs_the_services_migrate_module_directly() -> None:
    [migrate] = pod_spec(MIGRATION)["containers"]
    python, flag, module = migrate["command"]
    assert (python, flag) == ("python", "-m")
    assert module == "service.db.migrate"
    assert importlib.util.find_spec(module) is not None
    assert migrate["image"] == API_CONTAINER["image"]
    env = environment(migrate)
    assert secret_reference(env["DATABASE_URL"]) == ("products-api", "database-direct-url")
    assert pod_spec(MIGRATION)["restartPolicy"] == "Never"
    assert MIGRATION["spec"]["backoffLimit"] >= 1
    assert MIGRATION["spec"]["ttlSecondsAfterFinished"] > 0


def test_the_migration_job_is_not_applied_with_the_rollout() -> None:
    # `kubectl apply -f deploy/kubernetes/` (not recursive) must not start it.
    jobs = [r for r in RESOURCES if r.kind == "Job"]
    assert jobs
    assert all(job.file.parent != ROOT / "deploy" / "kubernetes" for job in jobs)


def test_termination_waits_for_gunicorns_graceful_timeout_after_the_pause() -> None:
    graceful_timeout = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["graceful_timeout"]
    grace = pod_spec(API)["terminationGracePeriodSeconds"]
    assert grace > pre_stop_pause_seconds(API_CONTAINER) + graceful_timeout


def test_rollouts_never_lower_capacity() -> None:
    for workload in (API, PGBOUNCER):
        assert workload["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_pgbouncer_pools_transactions_and_ignores_asyncpgs_startup_parameters() -> None:
    settings = pgbouncer_ini()["pgbouncer"]
    assert settings["pool_mode"] == "transaction"
    assert {"extra_float_digits", "options"} <= set(
        settings["ignore_startup_parameters"].split(",")
    )


def test_pgbouncer_reads_the_mounted_config_and_userlist() -> None:
    """The command's configuration and the auth_file are the paths the volume provides."""
    [mount] = PGBOUNCER_CONTAINER["volumeMounts"]
    [volume] = [v for v in pod_spec(PGBOUNCER)["volumes"] if v["name"] == mount["name"]]
    provided = {
        Path(mount["mountPath"]) / item["path"]: (kind, source[kind]["name"], item["key"])
        for source in volume["projected"]["sources"]
        for kind in source
        for item in source[kind]["items"]
    }
    config = Path(PGBOUNCER_CONTAINER["command"][-1])
    assert provided[config] == ("configMap", "products-api-pgbouncer", "pgbouncer.ini")
    auth_file = Path(pgbouncer_ini()["pgbouncer"]["auth_file"])
    assert provided[auth_file] == ("secret", "products-api-pgbouncer", "userlist.txt")


def test_pgbouncer_is_sized_for_the_autoscalers_pods_and_postgresqls_connections() -> None:
    settings = pgbouncer_ini()["pgbouncer"]
    most_pods = (
        find(RESOURCES, "HorizontalPodAutoscaler", "products-api")["spec"]["maxReplicas"]
        + API["spec"]["strategy"]["rollingUpdate"]["maxSurge"]
    )
    workers = int(environment(API_CONTAINER)["WEB_CONCURRENCY"]["value"])
    pool_size = Settings.model_fields["database_pool_size"].default
    # Each PgBouncer may get every client: a Service does not balance connections evenly.
    assert most_pods * workers * pool_size <= int(settings["max_client_conn"])
    server_connections = PGBOUNCER["spec"]["replicas"] * (
        int(settings["default_pool_size"]) + int(settings["reserve_pool_size"])
    )
    assert server_connections < POSTGRES_MAX_CONNECTIONS
