"""The docs pages in a real browser: headless Chromium (Debian's), with every host but
127.0.0.1 unresolvable, renders every operation of the live /docs page and of the static
reference (`make docs`), and neither page asks for anything off this machine."""

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from review.docs import build
from tests.openapi_spec import SPEC
from tests.support.processes import ROOT, running_uvicorn

REPORTS = ROOT / "reports"
SUMMARIES = sorted(
    operation["summary"] for path in SPEC["paths"].values() for operation in path.values()
)
OPERATION_COUNT = len(SUMMARIES)

pytestmark = pytest.mark.usefixtures("node_tools", "chromium")


def chromium(url: str, workdir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={workdir / 'profile'}",
            # No network: any host but this machine fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            *arguments,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def page_requests(net_log: Path) -> set[str]:
    """URLs the page itself asked for (the browser's own background requests excluded)."""
    log: dict[str, Any] = json.loads(net_log.read_text(encoding="utf-8"))
    return {
        event["params"]["url"]
        for event in log["events"]
        if "url" in event.get("params", {})
        and event["params"].get("initiator", "not an origin") != "not an origin"
    }


def render(url: str, workdir: Path, screenshot: Path) -> tuple[str, set[str]]:
    """The page's DOM after its scripts ran, and the URLs it requested; plus a screenshot."""
    net_log = workdir / "net-log.json"
    dom = chromium(url, workdir, f"--log-net-log={net_log}", "--dump-dom").stdout
    chromium(url, workdir, f"--screenshot={screenshot}", "--window-size=1280,2400")
    return dom, page_requests(net_log)


def off_this_machine(urls: set[str]) -> set[str]:
    return {
        url
        for url in urls
        if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).hostname != "127.0.0.1"
    }


@pytest.fixture(scope="module")
def live_docs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("docs")
    database = f"sqlite+aiosqlite:///{directory / 'docs.db'}"
    with running_uvicorn(database, directory / "server.log") as url:
        yield f"{url}/docs"


def test_the_live_docs_page_renders_every_operation_offline(
    live_docs_url: str, tmp_path: Path
) -> None:
    REPORTS.mkdir(exist_ok=True)
    dom, requested = render(live_docs_url, tmp_path, REPORTS / "docs-page.png")
    assert dom.count('class="opblock-summary-path"') == OPERATION_COUNT
    for summary in SUMMARIES:
        assert summary in dom
    assert requested, "the net log recorded nothing: the check would prove nothing"
    assert off_this_machine(requested) == set()
    assert (REPORTS / "docs-page.png").stat().st_size > 10_000


def test_the_static_reference_renders_every_operation_offline(tmp_path: Path) -> None:
    reference = REPORTS / "api-reference.html"
    build(reference)
    dom, requested = render(reference.as_uri(), tmp_path, REPORTS / "api-reference.png")
    for summary in SUMMARIES:
        assert summary in dom
    assert off_this_machine(requested) == set()
    assert (REPORTS / "api-reference.png").stat().st_size > 10_000
