"""OpenAPI 3.2 documents: what the binding serves of them (the QUERY method, `itemSchema`,
`dataValue`, the device flow; the corpus's oas32-searches.yaml, through the mock) and a precise
refusal, at its place, of each construct it does not serve yet (codegen/openapi32.py)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from specfirst.codegen.model import SpecError
from specfirst.codegen.pipeline import read_spec
from specfirst.mock.server import mock_app
from tests.specfirst.generated import read_document

SEARCHES = Path(__file__).with_name("corpus") / "oas32-searches.yaml"
OK = {"200": {"description": "ok"}}
STRING = {"type": "string"}


@pytest.fixture(scope="module")
def searches() -> Iterator[TestClient]:
    with mock_app(read_spec(SEARCHES)) as (app, reports):
        assert reports == []  # every dataValue example fits its schema
        yield TestClient(app, headers={"Authorization": "Bearer any"})


def test_the_query_method_is_served_with_its_body(searches: TestClient) -> None:
    found = searches.request("QUERY", "/v1/searches", json={"text": "lamp"})
    assert found.status_code == 200
    assert found.json() == {"id": 7, "state": "running"}  # the example's dataValue
    refused = searches.request("QUERY", "/v1/searches", json={"text": ""})
    assert refused.status_code == 422
    assert searches.get("/v1/searches").status_code == 405  # QUERY only


def test_an_item_schema_describes_each_item_of_a_stream(searches: TestClient) -> None:
    events = searches.get("/v1/searches/1/events")
    assert events.headers["content-type"] == "text/event-stream"
    frames = [frame.split("\n") for frame in events.text.split("\n\n") if frame]
    assert frames == [
        ["event: progress", "id: 1", 'data: {"found": 3}'],
        ["event: done", "id: 2", 'data: {"found": 10}'],
    ]
    results = searches.get("/v1/searches/1/results")
    assert [json.loads(line) for line in results.text.splitlines()] == [
        {"sku": "ABC-0001", "score": 0.9}
    ]


def test_the_device_flow_is_a_bearer_token(searches: TestClient) -> None:
    anonymous = searches.get("/v1/searches/1/events", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


def document(**parts: Any) -> dict[str, Any]:
    return {"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}, **parts}


def content(media_type: str, **media: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {media_type: media}}}


UNSERVED: list[tuple[str, dict[str, Any], str, str]] = [
    # (what, the document's parts, where the refusal points, what it says)
    (
        "additionalOperations",
        {"paths": {"/x": {"additionalOperations": {"COPY": {"responses": OK}}}}},
        "#/paths/~1x",
        "`additionalOperations`",
    ),
    (
        "in: querystring",
        {
            "paths": {
                "/x": {
                    "get": {
                        "parameters": [
                            {
                                "name": "q",
                                "in": "querystring",
                                "content": {"application/x-www-form-urlencoded": {"schema": {}}},
                            }
                        ],
                        "responses": OK,
                    }
                }
            }
        },
        "#/paths/~1x/get/parameters/0",
        "`in: querystring`",
    ),
    (
        "style: cookie",
        {
            "paths": {
                "/x": {
                    "get": {
                        "parameters": [
                            {"name": "c", "in": "cookie", "style": "cookie", "schema": STRING}
                        ],
                        "responses": OK,
                    }
                }
            }
        },
        "#/paths/~1x/get/parameters/0",
        "`style: cookie`",
    ),
    (
        "itemSchema on JSON",
        {"paths": {"/x": {"get": {"responses": content("application/json", itemSchema=STRING)}}}},
        "#/paths/~1x/get/responses/200/content/application~1json",
        "`itemSchema` is served on a response of a stream (text/event-stream, application/jsonl",
    ),
    (
        "itemSchema on a request body",
        {
            "paths": {
                "/x": {
                    "post": {
                        "requestBody": {"content": {"application/jsonl": {"itemSchema": STRING}}},
                        "responses": OK,
                    }
                }
            }
        },
        "#/paths/~1x/post/requestBody/content/application~1jsonl",
        "`itemSchema` is served on a response",
    ),
    (
        "prefixEncoding",
        {
            "paths": {
                "/x": {
                    "get": {
                        "responses": content(
                            "multipart/mixed", prefixEncoding=[{"contentType": "text/plain"}]
                        )
                    }
                }
            }
        },
        "#/paths/~1x/get/responses/200/content/multipart~1mixed",
        "`prefixEncoding`",
    ),
    (
        "components/mediaTypes",
        {"components": {"mediaTypes": {"Json": {"schema": STRING}}}},
        "#/components/mediaTypes",
        "media types by reference",
    ),
    (
        "defaultMapping",
        {
            "components": {
                "schemas": {
                    "A": {"type": "object"},
                    "Pet": {
                        "oneOf": [{"$ref": "#/components/schemas/A"}],
                        "discriminator": {
                            "propertyName": "kind",
                            "defaultMapping": "#/components/schemas/A",
                        },
                    },
                }
            }
        },
        "#/components/schemas/Pet",
        "a discriminator's `defaultMapping`",
    ),
]


@pytest.mark.parametrize(("what", "parts", "place", "said"), UNSERVED, ids=[u[0] for u in UNSERVED])
def test_each_construct_not_served_yet_is_refused_at_its_place(
    tmp_path: Path, what: str, parts: dict[str, Any], place: str, said: str
) -> None:
    with pytest.raises(SpecError) as refused:
        read_document(document(**parts), tmp_path)
    message = str(refused.value)
    assert message.startswith("constructs of OpenAPI 3.2 the generator does not serve yet:")
    assert f"\n  {place}: {said}" in message, message


def test_every_unserved_construct_is_listed_at_once(tmp_path: Path) -> None:
    parts: dict[str, Any] = {"paths": {}, "components": {}}
    for number, (_, more, _, _) in enumerate(UNSERVED):
        # Each construct on a path of its own.
        parts["paths"] |= {f"/x{number}": item for item in more.get("paths", {}).values()}
        parts["components"] |= more.get("components", {})
    with pytest.raises(SpecError) as refused:
        read_document(document(**parts), tmp_path)
    lines = str(refused.value).splitlines()[1:]
    assert len(lines) == len(UNSERVED), lines


def test_a_property_named_like_a_construct_is_no_construct(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"additionalOperations": STRING, "in": {"const": "querystring"}},
        "examples": [{"in": "querystring", "itemSchema": {}}],
    }
    spec = read_document(document(components={"schemas": {"Thing": schema}}), tmp_path)
    assert spec.operations == ()
