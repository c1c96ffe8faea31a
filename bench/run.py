"""`make bench`: the service and its references under the same load, side by side, in one run.

Each server has one Uvicorn worker on 127.0.0.1, on a database seeded with the same rows. The
service and its reference run side by side and take the load in turn, for a few rounds, from
wrk (installed from Debian's packages when missing) with a fixed time and connection count;
each one's median round is reported. The table shows requests/s, p50 and p99 latency, errors
and RSS after load, and the service's ratio to its reference next to the target (issue 7).
It also times `make generate` twice and compares the bytes of the two runs, and times the
generator against datamodel-code-generator alone on a large production spec (large_spec.py).
Results go to bench/results.md and bench/results.png. Not part of `make test`: timings belong
in a benchmark, not in tests.
"""

import asyncio
import filecmp
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from bench.chart import draw_ratios
from bench.large_spec import measure_large_spec
from bench.memory import status_mib
from bench.upload import measure_upload
from service.auth.passwords import PasswordHasher
from service.auth.tokens import TokenCodec
from service.db.migrate import upgrade_to_head
from service.db.tables import products, users
from service.settings import Settings
from tests.support.databases import postgres_database
from tests.support.pgbouncer import pgbouncer_in_front
from tests.support.processes import BIN, ROOT, free_port, running_server, service_environment
from tests.support.serving import make_settings

SECRET_KEY: Final = "bench-secret-key-0123456789abcdef-0123456789"
SEEDED_PRODUCTS: Final = 1000
CONNECTIONS: Final = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS: Final = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS: Final = int(os.environ.get("BENCH_ROUNDS", "5"))
WARM_UP_SECONDS: Final = 2
# The bench user's password, hashed at the test configuration's cost, which the service runs
# with (service_environment) and the reference verifies at: a login row measures the binding
# and the login's own work around the hash, not Argon2 at production cost.
BENCH_PASSWORD: Final = "bench-password-0123"
# On two cores or more, each server runs on core 0 and wrk (one thread) on core 1: the server
# has a core of its own, as a one-worker deployment would, and never waits for wrk's turn on
# it. (It did not measurably narrow the spread of the paired ratios: their standard
# deviation was 0.05 to 0.10 over six rounds, pinned or not.)
PINNED: Final = (os.cpu_count() or 1) >= 2
SERVER_CORE: Final = 0
LOAD_CORE: Final = 1
# The servers' environment: `make bench` gives them the production dependencies only (no dev
# tools: with rich installed, for one, structlog imports it and the service holds 5 MiB more).
SERVER_BIN: Final = Path(os.environ.get("BENCH_SERVER_BIN", BIN)).resolve()
RESULTS: Final = ROOT / "bench" / "results.md"
CHART: Final = ROOT / "bench" / "results.png"
# The service's RSS may be at most this multiple of its reference's, where the reference holds
# the same kind of stack (FastAPI + SQLAlchemy + a driver); the hello app holds no database
# layer, so its RSS is shown for scale only.
RSS_TARGET: Final = 1.1

SERVICE: Final = "service.main:app"
HELLO: Final = "bench.reference.hello_app:app"
ORM: Final = "bench.reference.orm_app:app"
BARE: Final = "bench.reference.bare_app:app"
# What each server answers 200 to once it is ready (the references have no /readyz).
READY_PATH: Final = {SERVICE: "/readyz", HELLO: "/", ORM: "/products/1", BARE: "/products/1"}


@dataclass(frozen=True)
class Load:
    name: str
    path: str
    database: str | None  # "sqlite", "postgresql", or None when no database is involved
    reference: str
    target: float  # the least ratio of the service's req/s to its reference's
    script: str | None = None  # a wrk script in bench/ (a POST: its body and headers)
    # Whether the servers log each request, as each does by default in production: the
    # service its own line, a reference Uvicorn's access line. Without, neither logs one.
    request_logs: bool = True

    @property
    def label(self) -> str:
        return self.name if self.request_logs else f"{self.name} (no request logs)"


LOADS: Final = [
    Load("GET /", "/", None, HELLO, 1.0),
    Load("GET /items/{id}?q=", "/items/5?q=somequery", None, HELLO, 1.0),
    Load("GET /", "/", None, HELLO, 1.0, request_logs=False),
    Load("GET /items/{id}?q=", "/items/5?q=somequery", None, HELLO, 1.0, request_logs=False),
    Load("GET /products/{id}", "/products/500", "sqlite", ORM, 1.5),
    Load("GET /products/?limit=20", "/products/?limit=20", "sqlite", ORM, 1.5),
    Load("POST /products/", "/products/", "sqlite", ORM, 1.2, script="post_product.lua"),
    Load("POST /token", "/token", "sqlite", ORM, 1.0, script="login.lua"),
    Load("GET /products/{id}", "/products/500", "postgresql", ORM, 2.0),
    Load("GET /products/?limit=20", "/products/?limit=20", "postgresql", ORM, 1.5),
    Load("POST /products/", "/products/", "postgresql", ORM, 1.2, script="post_product.lua"),
]


@dataclass(frozen=True)
class Measure:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    rss_mib: float


def ensure_wrk() -> None:
    if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "wrk"], check=True)


async def seed(database_url: str) -> str:
    """One user and SEEDED_PRODUCTS products; the user's token."""
    engine = create_async_engine(database_url)
    settings = make_settings(database_url)  # the service's: its hashing cost
    hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib
    )
    now = datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(users).values(
                    id=1,
                    username="bench",
                    email="bench@example.com",
                    full_name=None,
                    password_hash=await hasher.hash(BENCH_PASSWORD),
                    created_at=now,
                )
            )
            rows = [
                {
                    "name": f"Product {i}",
                    "description": f"Description {i}",
                    "price": i + 0.5,
                    "tax": 0.2,
                    "owner_id": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(SEEDED_PRODUCTS)
            ]
            await connection.execute(insert(products), rows)
    finally:
        await engine.dispose()
    codec = TokenCodec(secret_key=SECRET_KEY, lifetime=timedelta(hours=2))
    return codec.issue(1, now=now).access_token


@contextmanager
def seeded(kind: str, workdir: Path) -> Iterator[tuple[str, str]]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as directory:
            url = f"sqlite+aiosqlite:///{directory}/bench.db"
            upgrade_to_head(url)
            yield url, asyncio.run(seed(url))
        return
    with postgres_database() as url:
        upgrade_to_head(url)
        yield url, asyncio.run(seed(url))


def on_core(command: list[str], core: int) -> list[str]:
    """`command`, run on `core` alone when PINNED (taskset is in util-linux, on every Debian)."""
    return ["taskset", "--cpu-list", str(core), *command] if PINNED else command


def wrk(url: str, seconds: int, token: str, script: str | None) -> str:
    # A slow answer is latency, not an error: wrk's own 2 s timeout would count it as one.
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script is not None:
        command += ["-s", str(ROOT / "bench" / script)]
    result = subprocess.run(
        on_core([*command, url], LOAD_CORE),
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"BENCH_TOKEN": token, "BENCH_PASSWORD": BENCH_PASSWORD},
    )
    return result.stdout


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse(output: str, rss_mib: float) -> Measure:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return Measure(rps, milliseconds(p50), milliseconds(p99), errors, rss_mib)


def rss_mib(pid: int) -> float:
    return status_mib(pid, "VmRSS")


@dataclass(frozen=True)
class Server:
    app: str
    database_url: str
    # The service's settings beyond the bench's own (DATABASE_POOLER behind PgBouncer).
    variables: tuple[tuple[str, str], ...] = ()


@contextmanager
def serving(server: Server, workdir: Path, *, request_logs: bool) -> Iterator[tuple[str, int]]:
    """A server's app under one Uvicorn worker on a free port; its base URL and process id."""
    app = server.app
    port = free_port()
    env = service_environment(
        server.database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        SECRET_KEY=SECRET_KEY,  # the one the bench user's token is signed with
        # A login limit the load cannot reach: every attempt is still counted.
        LOGIN_ATTEMPTS_PER_ADDRESS=str(10**9),
        LOGIN_ATTEMPTS_PER_USERNAME=str(10**9),
        ENVIRONMENT="production",
        # The service's line per request is its own (service.request_log), at INFO.
        LOG_LEVEL="INFO" if request_logs else "WARNING",
        **dict(server.variables),
    )
    command = [str(SERVER_BIN / "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port)]
    if app == SERVICE or not request_logs:
        command.append("--no-access-log")
    log = workdir / f"{app.split(':')[0]}-{port}.log"
    with running_server(on_core(command, SERVER_CORE), env, log, READY_PATH[app]) as process:
        yield f"http://127.0.0.1:{port}", process.pid


@dataclass(frozen=True)
class Pair:
    service: Measure
    reference: Measure
    # The median, over the rounds, of the service's req/s divided by the reference's in the
    # same round: each round's two runs share whatever else the machine was doing then.
    speed_ratio: float


def measure_pair(servers: tuple[Server, Server], load: Load, token: str, workdir: Path) -> Pair:
    """Both servers run side by side and take the load in turn, ROUNDS times each (which one
    goes first alternates), so that a change in what else the machine is doing falls on both."""
    with ExitStack() as stack:
        running = [
            stack.enter_context(serving(server, workdir, request_logs=load.request_logs))
            for server in servers
        ]
        for base_url, _ in running:
            wrk(base_url + load.path, WARM_UP_SECONDS, token, load.script)
        rounds: list[tuple[Measure, Measure]] = []
        for number in range(ROUNDS):
            measured: dict[int, Measure] = {}
            for index in (0, 1) if number % 2 == 0 else (1, 0):
                base_url, pid = running[index]
                output = wrk(base_url + load.path, SECONDS, token, load.script)
                measured[index] = parse(output, rss_mib(pid))
            rounds.append((measured[0], measured[1]))
    ratios = sorted(s.requests_per_second / r.requests_per_second for s, r in rounds)
    return Pair(
        service=median_round([s for s, _ in rounds]),
        reference=median_round([r for _, r in rounds]),
        speed_ratio=ratios[len(ratios) // 2],
    )


def median_round(measured: list[Measure]) -> Measure:
    """The round with the median req/s, with the errors of every round."""
    middle = sorted(measured, key=lambda m: m.requests_per_second)[len(measured) // 2]
    return replace(middle, errors=sum(m.errors for m in measured))


Row = tuple[Load, str, Pair]  # the load, the reference's name, the measurements
CEILING_NAME: Final = "bare ASGI ceiling"
# The service itself on a direct connection, beside the service through PgBouncer.
DIRECT_NAME: Final = "service, direct"
# Rows that compare the service with a limit or with itself: no target, not in the chart.
COMPARISONS: Final = (CEILING_NAME, DIRECT_NAME)


def met(ratio: float, target: float, *, at_most: bool = False) -> str:
    return "met" if (ratio <= target if at_most else ratio >= target) else "**not met**"


def table(rows: list[Row]) -> str:
    lines = [
        "| load | database | server | req/s | p50 ms | p99 ms | errors | RSS MiB | ratio "
        "| target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for load, reference_name, pair in rows:
        speed = pair.speed_ratio
        memory = pair.service.rss_mib / pair.reference.rss_mib
        comparison = reference_name in COMPARISONS
        target = "" if comparison else f"≥ {load.target}x: {met(speed, load.target)}"
        if not comparison and load.database is not None:
            target += f"; RSS ≤ {RSS_TARGET}x: {met(memory, RSS_TARGET, at_most=True)}"
        for name, result, ratio, goal in [
            ("service", pair.service, f"{speed:.2f}x req/s, {memory:.2f}x RSS", target),
            (reference_name, pair.reference, "", ""),
        ]:
            lines.append(
                f"| {load.label} | {load.database or '-'} | {name} | "
                f"{result.requests_per_second:.0f} | {result.p50_ms:.2f} | {result.p99_ms:.2f} | "
                f"{result.errors} | {result.rss_mib:.1f} | {ratio} | {goal} |"
            )
    return "\n".join(lines)


def run_loads(kind: str, loads: list[Load], workdir: Path) -> list[Row]:
    rows: list[Row] = []
    with seeded(kind, workdir) as (url, token):
        for load in loads:
            servers = (Server(SERVICE, url), Server(load.reference, url))
            pair = measure_pair(servers, load, token, workdir)
            rows.append((load, load.reference.split(":")[0].rsplit(".", 1)[1], pair))
            print(f"{load.label} ({kind}): {pair.speed_ratio:.2f}x the reference", flush=True)
        if kind == "postgresql":
            read = next(load for load in loads if load.path == "/products/500")
            # The ceiling: the same read with asyncpg and orjson, no framework at all.
            ceiling = measure_pair((Server(SERVICE, url), Server(BARE, url)), read, token, workdir)
            rows.append((read, CEILING_NAME, ceiling))
            rows.append(
                (
                    replace(read, database=PGBOUNCER),
                    DIRECT_NAME,
                    through_pgbouncer(read, url, token, workdir),
                )
            )
    return rows


PGBOUNCER: Final = "postgresql via PgBouncer"
DEFAULT_POOL_SIZE: Final[int] = Settings.model_fields["database_pool_size"].default


def through_pgbouncer(read: Load, url: str, token: str, workdir: Path) -> Pair:
    """The read through a transaction-pooling PgBouncer (DATABASE_POOLER=transaction), beside
    the same read on a direct connection. PgBouncer's server pool is the service's own pool
    size, so that both have the same number of server connections."""
    with pgbouncer_in_front(url, server_pool_size=DEFAULT_POOL_SIZE) as pooled:
        behind = Server(SERVICE, pooled, (("DATABASE_POOLER", "transaction"),))
        pair = measure_pair((behind, Server(SERVICE, url)), read, token, workdir)
    print(f"{read.label} (PgBouncer): {pair.speed_ratio:.2f}x direct", flush=True)
    return pair


@dataclass(frozen=True)
class Generation:
    seconds: tuple[float, float]
    identical: bool  # the two runs wrote the same bytes
    matches_committed: bool  # and those are the bytes in service/generated/


def time_generation() -> Generation:
    """`make generate`'s command, run twice into two scratch folders."""
    seconds: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        runs = [Path(scratch) / "first", Path(scratch) / "second"]
        for run in runs:
            run.mkdir()
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "specfirst",
                    "generate",
                    "--spec",
                    str(ROOT / "openapi.yaml"),
                    "--package",
                    "service.generated",
                ],
                cwd=run,
                env=os.environ | {"PYTHONPATH": str(ROOT)},
                check=True,
                capture_output=True,
            )
            seconds.append(time.perf_counter() - started)
        generated = [run / "service" / "generated" for run in runs]
        return Generation(
            seconds=(seconds[0], seconds[1]),
            identical=same_files(generated[0], generated[1]),
            matches_committed=same_files(generated[0], ROOT / "service" / "generated"),
        )


def same_files(left: Path, right: Path) -> bool:
    names = sorted(path.name for path in left.glob("*.py"))
    if names != sorted(path.name for path in right.glob("*.py")):
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def main() -> int:
    ensure_wrk()
    generation = time_generation()
    workdir = ROOT / "reports" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    rows = run_loads(
        "sqlite", [load for load in LOADS if load.database in (None, "sqlite")], workdir
    )
    rows += run_loads(
        "postgresql", [load for load in LOADS if load.database == "postgresql"], workdir
    )
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    header = (
        f"# make bench\n\n{machine}, "
        f"wrk -t1 -c{CONNECTIONS}, one Uvicorn worker per server"
        f"{' (each server on core 0, wrk on core 1)' if PINNED else ''}. "
        "The service and its reference "
        f"run side by side and take the load in turn: {WARM_UP_SECONDS} s warm-up each, then "
        f"{ROUNDS} rounds of {SECONDS} s each, which one goes first alternating. The table shows "
        "each one's median round (errors: all rounds); the ratio is the median of the rounds' "
        "ratios. A shared machine, the load generator on it too; the servers run "
        "from the production dependencies only (uv sync --no-dev). "
        "Every server logs each request, as it does by default in production: the service its "
        "own line (INFO), a reference Uvicorn's access line; in the rows marked \"no request "
        'logs" neither does (the service at WARNING, the reference with --no-access-log).\n\n'
    )
    generated = (
        f"\n`make generate` (its command, twice): {generation.seconds[0]:.2f} s and "
        f"{generation.seconds[1]:.2f} s; the two runs wrote "
        f"{'identical' if generation.identical else 'DIFFERENT'} bytes, "
        f"{'the same as' if generation.matches_committed else 'DIFFERENT from'} "
        "the committed service/generated/.\n"
    )
    upload = measure_upload(workdir)
    large_spec = measure_large_spec()
    text = (
        header
        + table(rows)
        + "\n"
        + generated
        + "\n"
        + upload.row()
        + "\n"
        + large_spec.row()
        + f"\n![ratios]({CHART.name})\n"
    )
    RESULTS.write_text(text, encoding="utf-8")
    bars = [
        (f"{load.label} ({load.database or 'no database'})", pair.speed_ratio, load.target)
        for load, name, pair in rows
        if name not in COMPARISONS
    ]
    draw_ratios(bars, CHART, title=f"make bench: service ÷ reference req/s, {machine}")
    print(text)
    no_errors = all(pair.service.errors == 0 and pair.reference.errors == 0 for _, _, pair in rows)
    reproducible = generation.identical and generation.matches_committed
    return 0 if no_errors and reproducible and upload.status == 201 else 1


if __name__ == "__main__":
    sys.exit(main())
