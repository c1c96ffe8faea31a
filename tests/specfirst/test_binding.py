"""The generated routes serve the fixture spec's statuses, parameters and security."""

import logging
from types import ModuleType

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from pydantic import MISSING

from tests.specfirst.fake_notes import GOOD_TOKEN, FakeNotes, notes_app

AUTH = {"Authorization": f"Bearer {GOOD_TOKEN}"}
PROBLEM = "application/problem+json"


@pytest.fixture
def handlers(notes: ModuleType) -> FakeNotes:
    return FakeNotes(notes)


@pytest.fixture
def client(notes: ModuleType, handlers: FakeNotes) -> TestClient:
    return TestClient(notes_app(notes, handlers), raise_server_exceptions=False)


def assert_problem(response: Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert isinstance(body, dict)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


def test_path_and_header_parameters_reach_the_handler(
    client: TestClient, handlers: FakeNotes
) -> None:
    response = client.get("/notes/42", headers={"X-Trace": "abc"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "id": 42,
        "text": "hello",
        "stars": 1.5,
        "tag": None,
        "created_at": "2026-11-26T06:21:38.123456Z",
    }
    assert handlers.calls == [("read_note", {"note_id": 42, "x_trace": "abc"})]


def test_static_path_is_matched_before_the_templated_one(
    client: TestClient, handlers: FakeNotes
) -> None:
    assert client.get("/notes/latest").json()["text"] == "latest"
    assert handlers.calls == [("read_latest_note", {})]


def test_query_defaults_and_bounds(client: TestClient, handlers: FakeNotes) -> None:
    assert client.get("/notes/").json()["limit"] == 5
    assert handlers.calls[-1] == ("list_notes", {"limit": 5, "prefix": None, "order": "newest"})
    assert client.get("/notes/?limit=10&prefix=ab&order=oldest").status_code == 200
    assert handlers.calls[-1] == ("list_notes", {"limit": 10, "prefix": "ab", "order": "oldest"})
    body = assert_problem(client.get("/notes/?limit=11"), 422)
    assert body["errors"] == [
        {
            "loc": ["query", "limit"],
            "msg": "Input should be less than or equal to 10",
            "type": "less_than_equal",
        }
    ]
    assert_problem(client.get("/notes/?prefix=abcd"), 422)
    assert_problem(client.get("/notes/?order=random"), 422)


@pytest.mark.parametrize("note_id", ["0", "9223372036854775808", "abc", "1.5"])
def test_path_ids_out_of_range_are_422(client: TestClient, note_id: str) -> None:
    body = assert_problem(client.get(f"/notes/{note_id}"), 422)
    assert body["errors"][0]["loc"] == ["path", "note_id"]  # type: ignore[index]


def test_largest_int64_id_is_accepted(client: TestClient) -> None:
    assert client.get("/notes/9223372036854775807").json()["id"] == 9223372036854775807


def test_declared_error_returned_by_handler_is_served(client: TestClient) -> None:
    assert assert_problem(client.get("/notes/404"), 404)["detail"] == "no"


def test_secured_operation_without_token_is_401_with_challenge(
    client: TestClient, handlers: FakeNotes
) -> None:
    response = client.post("/notes/", json={"text": "hi"})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert handlers.calls == []


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong", "Basic YWxpY2U6cHc=", f"Token {GOOD_TOKEN}"]
)
def test_secured_operation_with_bad_credentials_is_401(
    client: TestClient, authorization: str
) -> None:
    response = client.delete("/notes/3", headers={"Authorization": authorization})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_principal_and_body_reach_the_handler_and_201_carries_location(
    client: TestClient, handlers: FakeNotes
) -> None:
    response = client.post("/notes/", json={"text": "hi", "tag": None}, headers=AUTH)
    assert response.status_code == 201
    assert response.headers["location"] == "/notes/7"
    assert response.json()["text"] == "hi"
    name, arguments = handlers.calls[0]
    assert name == "create_note"
    assert arguments["principal"] == "alice"
    assert arguments["body"].model_fields_set == {"text", "tag"}


def test_authentication_is_checked_before_the_values(client: TestClient) -> None:
    """An anonymous caller learns nothing about which values would be accepted."""
    assert_problem(client.delete("/notes/0"), 401)
    assert_problem(client.post("/notes/", json={"text": ""}), 401)


def test_204_has_no_body_and_no_content_type(client: TestClient) -> None:
    response = client.delete("/notes/3", headers=AUTH)
    assert response.status_code == 204
    assert response.content == b""
    assert "content-type" not in response.headers


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"text": "hi", "extra": 1}, ["body", "extra"]),
        ({"text": "hi", "stars": False}, ["body", "stars"]),
        ({"text": "hi", "stars": "5"}, ["body", "stars"]),
        ({"text": "hi", "stars": None}, ["body", "stars"]),
        ({"text": ""}, ["body", "text"]),
        ({"text": "a\u0000b"}, ["body", "text"]),
        ({}, ["body", "text"]),
    ],
)
def test_body_breaking_the_schema_is_422_naming_the_field(
    client: TestClient, body: dict[str, object], location: list[str]
) -> None:
    problem = assert_problem(client.post("/notes/", json=body, headers=AUTH), 422)
    assert problem["errors"][0]["loc"] == location  # type: ignore[index]


@pytest.mark.parametrize("number", [b"Infinity", b"NaN", b"-Infinity", b"1e999"])
def test_non_finite_numbers_are_rejected(client: TestClient, number: bytes) -> None:
    content = b'{"text": "hi", "stars": ' + number + b"}"
    headers = {**AUTH, "Content-Type": "application/json"}
    assert_problem(client.post("/notes/", content=content, headers=headers), 422)


@pytest.mark.parametrize("content", [b'{"text": ', b'{"text": "hi"} trailing', b"\xff\xfe"])
def test_malformed_json_is_400(client: TestClient, content: bytes) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    body = assert_problem(client.post("/notes/", content=content, headers=headers), 400)
    assert str(body["detail"]).startswith("Malformed JSON body")


def test_json_that_is_not_utf8_is_400(client: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    content = '{"text": "é"}'.encode("latin-1")
    assert_problem(client.post("/notes/", content=content, headers=headers), 400)


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b'{"text": "bob", "text": "bob2"}', "text"),
        (b'{"text": "hi", "tag": {"x": 1, "y": [{"z": 1, "z": 2}]}}', "z"),
        (b'{"text": "\\ud800", "stars": 1, "stars": 2}', "stars"),  # past what jiter reads
    ],
)
def test_json_with_a_key_twice_is_400_naming_it(
    client: TestClient, handlers: FakeNotes, content: bytes, key: str
) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    body = assert_problem(client.post("/notes/", content=content, headers=headers), 400)
    assert str(body["detail"]).startswith(f'Malformed JSON body: Detected duplicate key "{key}"')
    assert handlers.calls == []


def test_lone_surrogate_in_a_string_is_422(client: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    content = b'{"text": "\\ud800"}'
    body = assert_problem(client.post("/notes/", content=content, headers=headers), 422)
    assert body["errors"][0]["loc"] == ["body", "text"]  # type: ignore[index]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_undeclared_content_type_is_415(client: TestClient, content_type: str | None) -> None:
    headers = dict(AUTH) if content_type is None else {**AUTH, "Content-Type": content_type}
    response = client.post("/notes/", content=b'{"text": "hi"}', headers=headers)
    assert_problem(response, 415)


def test_json_content_type_parameters_are_accepted(client: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "Application/JSON; charset=utf-8"}
    assert client.post("/notes/", content=b'{"text": "hi"}', headers=headers).status_code == 201


def test_missing_body_is_422(client: TestClient) -> None:
    assert_problem(client.post("/notes/", headers=AUTH), 422)


def test_body_over_the_limit_is_413_by_length_and_by_stream(client: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    assert_problem(client.post("/notes/", content=b" " * 1001, headers=headers), 413)
    chunks = iter([b" " * 600, b" " * 600])
    assert_problem(client.post("/notes/", content=chunks, headers=headers), 413)


def test_form_endpoint_on_the_token_url(client: TestClient, handlers: FakeNotes) -> None:
    response = client.post("/token", data={"username": "alice", "password": "pw", "client_id": "x"})
    assert response.status_code == 200
    assert response.json() == {"access_token": GOOD_TOKEN}
    assert response.headers["cache-control"] == "no-store"
    form = handlers.calls[-1][1]["form"]
    assert form.model_fields_set == {"username", "password"}
    assert form.scope is MISSING
    client.post("/token", data={"username": "alice", "password": "pw", "scope": "read"})
    assert handlers.calls[-1][1]["form"].scope == "read"


def test_invalid_form_on_the_token_url_is_400_invalid_request(client: TestClient) -> None:
    body = assert_problem(client.post("/token", data={"username": "alice"}), 400)
    assert body["error"] == "invalid_request"
    assert body["errors"] == [
        {"loc": ["body", "password"], "msg": "Field required", "type": "missing"}
    ]
    assert_problem(client.post("/token", json={"username": "a", "password": "b"}), 415)


def test_unknown_path_and_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/nowhere"), 404)
    response = client.put("/notes/3")
    assert_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "DELETE"}


def test_handler_exception_is_a_logged_500_problem(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        body = assert_problem(client.get("/notes/500"), 500)
    assert "the handler broke" not in str(body)
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "read_note" in record.getMessage()
    assert record.exc_info is not None


def test_undeclared_response_from_handler_is_a_500_not_a_lie(client: TestClient) -> None:
    assert_problem(client.get("/notes/501"), 500)
