"""The mock (`python -m specfirst mock`) and the response shapes it serves through the runtime:
media types chosen by Accept, text, binary, wildcards, bare values, answers in the spec's own
error format, examples checked against their schemas."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from specfirst.codegen.pipeline import read_spec
from specfirst.mock.server import mock_app

CORPUS = Path(__file__).with_name("corpus")


@pytest.fixture(scope="module")
def reports() -> Iterator[TestClient]:
    with mock_app(read_spec(CORPUS / "oas31-media.yaml")) as (app, reports):
        assert reports == []
        yield TestClient(app)


@pytest.fixture(scope="module")
def store() -> Iterator[TestClient]:
    with mock_app(read_spec(CORPUS / "oas30-store.yaml")) as (app, _):
        yield TestClient(app)


def test_accept_chooses_among_the_media_types_of_a_response(reports: TestClient) -> None:
    as_json = reports.get("/reports/1")
    assert as_json.headers["content-type"] == "application/json"
    assert set(as_json.json()) == {"id", "title", "rows"}
    assert int(as_json.headers["x-rows"]) >= 0  # a typed header, rendered
    as_csv = reports.get("/reports/1", headers={"Accept": "text/csv, application/json;q=0.5"})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.text == "day,visits\n2026-01-01,3\n"  # the spec's example


def test_an_accept_header_that_admits_none_is_406(reports: TestClient) -> None:
    refused = reports.get("/reports/1", headers={"Accept": "application/xml"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert "application/json, text/csv" in refused.json()["detail"]


def test_text_binary_and_wildcard_bodies(reports: TestClient) -> None:
    title = reports.get("/reports/1/title")
    assert (title.headers["content-type"], title.text) == (
        "text/plain; charset=utf-8",
        "Monthly visits",
    )
    chart = reports.get("/reports/1/chart")
    assert chart.headers["content-type"] == "image/png"
    assert chart.content == b"specfirst mock\n"
    thumbnail = reports.get("/reports/1/thumbnail")
    assert thumbnail.headers["content-type"] == "image/png"  # the wildcard, made concrete
    export = reports.get("/reports/1/export")
    assert export.headers["content-disposition"] == 'attachment; filename="report.bin"'


def test_bare_values_and_vendor_json(reports: TestClient) -> None:
    assert isinstance(reports.get("/reports/count").json(), int)
    listed = reports.get("/reports")
    assert listed.headers["content-type"] == "application/vnd.reports+json"
    assert all(isinstance(i, int) for i in listed.json())


def test_a_concrete_path_wins_over_a_templated_one(reports: TestClient) -> None:
    response = reports.delete("/reports/count")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert reports.delete("/reports/5").status_code == 204


def test_the_spec_is_served_as_written(store: TestClient) -> None:
    document = store.get("/openapi.json").json()
    assert document["openapi"] == "3.0.3"
    order = document["components"]["schemas"]["Order"]
    assert order["properties"]["note"] == {"type": "string", "nullable": True}


def test_the_binding_answers_in_the_spec_s_error_format(store: TestClient) -> None:
    invalid = store.get("/orders", params={"limit": 0})
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/json"
    assert set(invalid.json()) == {"code", "message"}


def test_examples_answer_and_servers_place_the_api(store: TestClient) -> None:
    order = store.get("/api/v2/orders/3").json()  # under the server's base path too
    assert order == store.get("/orders/3").json()
    assert order["id"] == 7  # Order's own example


def test_an_example_that_breaks_its_schema_is_reported_and_replaced(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    text = (CORPUS / "oas30-store.yaml").read_text()
    spec.write_text(text.replace("example: {ok: true}", "example: {ok: 'yes'}"))
    with mock_app(read_spec(spec)) as (app, reports):
        assert TestClient(app).get("/health").json() == {"ok": True}
    [report] = reports
    assert report.startswith("#/paths/~1health/get/responses/200/content/application~1json/example")
    assert "breaks its schema" in report


def test_a_stream_sends_each_valid_example_as_an_item(reports: TestClient) -> None:
    progress = reports.get("/reports/1/progress")
    assert progress.headers["content-type"] == "text/event-stream"
    frames = [frame.split("\n") for frame in progress.text.split("\n\n") if frame]
    assert frames == [
        ["event: progress", "id: 1", 'data: {"percent": 0}'],
        ["event: done", "id: 2", "retry: 5000", 'data: {"percent": 100}'],
    ]
    rows = reports.get("/reports/1/rows")
    assert rows.headers["content-type"] == "application/jsonl"
    assert [json.loads(line) for line in rows.text.splitlines()] == [
        {"day": "2026-01-01", "visits": 3}
    ]
