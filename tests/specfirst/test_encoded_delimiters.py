"""A delimiter a client percent-encoded is part of a value, in every delimited style of the
path, the query string and a URL-encoded form: the value as written is split first, then each
part decoded (runtime/encoded.py), through real routes."""

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.responses import JSONResponse, Response

from specfirst.runtime.arguments import In
from specfirst.runtime.bodies import Body
from specfirst.runtime.operation_rules import OperationRules
from specfirst.runtime.routing import add_operation


class Tagging(BaseModel):
    tags: list[str]


async def read_items(
    *,
    ids: Annotated[list[str], In("path", "ids")],
    labels: Annotated[list[str], In("path", "labels", style="label", explode=True)],
    keys: Annotated[list[str], In("path", "keys", style="matrix", explode=False)],
    form: Annotated[list[str] | None, In("query", "form", explode=False)] = None,
    spaced: Annotated[list[str] | None, In("query", "spaced", style="spaceDelimited")] = None,
    piped: Annotated[list[str] | None, In("query", "piped", style="pipeDelimited")] = None,
) -> Response:
    found: dict[str, Any] = {"ids": ids, "labels": labels, "keys": keys}
    found |= {"form": form, "spaced": spaced, "piped": piped}
    return JSONResponse(found)


async def tag(
    *,
    form: Annotated[
        Tagging,
        Body({"application/x-www-form-urlencoded": Tagging}, styles={"tags": ("form", False)}),
    ],
) -> Response:
    return JSONResponse(form.model_dump())


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    path = "/v1/items/{ids}/{labels}/{keys}"
    add_operation(app.router, read_items, "GET", path, OperationRules())
    rules = OperationRules(request_media_types=("application/x-www-form-urlencoded",))
    add_operation(app.router, tag, "POST", "/v1/tags", rules)
    return TestClient(app, base_url="http://testserver/v1")


def test_encoded_delimiters_in_the_path_are_part_of_a_value(client: TestClient) -> None:
    response = client.get("/items/a%2Cb,c+d/.e%2Ef.g/;keys=h%2Ci,j")
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["ids"] == ["a,b", "c+d"]  # simple
    assert found["labels"] == ["e.f", "g"]  # label, exploded
    assert found["keys"] == ["h,i", "j"]  # matrix


def test_encoded_delimiters_in_the_query_are_part_of_a_value(client: TestClient) -> None:
    query = "form=a%2Cb,c&spaced=d%2Ce%20f+g&piped=h%2Ci%7Cj|k"
    response = client.get(f"/items/1/.2/;keys=3?{query}")
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["form"] == ["a,b", "c"]
    assert found["spaced"] == ["d,e", "f", "g"]
    assert found["piped"] == ["h,i", "j", "k"]


def test_encoded_delimiters_in_a_form_are_part_of_a_value(client: TestClient) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = client.post("/tags", content=b"tags=a%2Cb,c%26d+e", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"tags": ["a,b", "c&d e"]}


def test_a_path_written_with_an_encoded_fixed_segment_is_read_as_decoded(
    client: TestClient,
) -> None:
    # `it%65ms` is `items`: the written path does not match the template's fixed text, so the
    # values Starlette decoded are read, their commas delimiters as before.
    response = client.get("/it%65ms/a,b/.c/;keys=d")
    assert response.status_code == 200, response.text
    assert response.json()["ids"] == ["a", "b"]


def test_an_included_router_serves_the_routes_with_array_path_parameters() -> None:
    # FastAPI analyses an included route's endpoint at the first request: the route's
    # stand-in has no arguments to analyse, and an array path parameter is the route's to read.
    inner = APIRouter()
    add_operation(inner, read_items, "GET", "/items/{ids}/{labels}/{keys}", OperationRules())
    outer = APIRouter()
    outer.include_router(inner, prefix="/inner")
    app = FastAPI()
    app.include_router(outer, prefix="/v2")
    app.include_router(inner, prefix="/v1")
    client = TestClient(app)
    for prefix in ("/v1", "/v2/inner"):
        response = client.get(f"{prefix}/items/a%2Cb,c/.d/;keys=e")
        assert response.status_code == 200, response.text
        assert response.json()["ids"] == ["a,b", "c"]
        assert response.json()["labels"] == ["d"]
