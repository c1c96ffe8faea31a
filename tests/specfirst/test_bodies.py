"""Request bodies as the runtime reads them: multipart forms with files and per-part content
types, binary bodies streamed into spooled uploads, text in its charset, several media types
for one operation, optional bodies, and an operation's own body limit."""

from typing import Annotated, Any, Literal

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse, Response

from specfirst.runtime.bodies import Body
from specfirst.runtime.body_limit import BodySizeLimit
from specfirst.runtime.operation_rules import OperationRules
from specfirst.runtime.routing import add_operation
from specfirst.runtime.uploads import SPOOL_BYTES, Received, Upload

LIMIT = 64 * 1024
UPLOAD_LIMIT = 4 * SPOOL_BYTES


class Document(BaseModel):
    file: Upload
    attachments: list[Upload] = []
    title: Annotated[str, Field(min_length=1)]
    pages: int | None = None
    meta: dict[str, str] | None = None


class Comment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(min_length=1)]


class CommentForm(BaseModel):
    text: Annotated[str, Field(min_length=1)]
    tags: list[str]  # required: a form with no `tags` field has none
    stars: int | None = None


class Filter(BaseModel):
    kind: str
    size: int | None = None


class Span(BaseModel):
    low: int
    high: int


class Search(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str
    filter: Filter | None = None  # no encoding: `form`, exploded (its fields spread)
    span: Span | None = None  # encoding: deepObject (`span[low]=1`)
    ids: list[int] = []  # encoding: form, not exploded (`ids=1,2`)


async def described(upload: Upload) -> dict[str, Any]:
    content = await upload.read()
    return {
        "filename": upload.filename,
        "content_type": upload.content_type,
        "size": upload.size,
        "content": content.decode("latin-1"),
        "on_disk": bool(getattr(upload.file, "_rolled", False)),
    }


async def upload_document(
    *,
    body: Annotated[
        Document,
        Body({"multipart/form-data": Document}, encoding={"file": "application/pdf, image/*"}),
    ],
) -> Response:
    return JSONResponse(
        {
            "file": await described(body.file),
            "attachments": [await described(a) for a in body.attachments],
            "title": body.title,
            "pages": body.pages,
            "meta": body.meta,
        }
    )


async def put_blob(
    *, body: Annotated[Upload, Body({"application/octet-stream": Upload})]
) -> Response:
    return JSONResponse(await described(body))


async def put_avatar(*, body: Annotated[Upload, Body({"image/*": Upload})]) -> Response:
    return JSONResponse(await described(body))


async def add_note(*, body: Annotated[str, Body({"text/plain": str})]) -> Response:
    return JSONResponse({"text": body})


Comments = (
    Received[Literal["application/json"], Comment]
    | Received[Literal["application/x-www-form-urlencoded"], CommentForm]
    | Received[Literal["text/plain"], str]
)


async def add_comment(
    *,
    body: Annotated[
        Comments,
        Body(
            {
                "application/json": Comment,
                "application/x-www-form-urlencoded": CommentForm,
                "text/plain": str,
            }
        ),
    ],
) -> Response:
    value = body.value
    shown = value.model_dump() if isinstance(value, BaseModel) else value
    return JSONResponse({"media_type": body.media_type, "value": shown})


async def search(
    *,
    form: Annotated[
        Search,
        Body(
            {"application/x-www-form-urlencoded": Search},
            styles={"span": ("deepObject", True), "ids": ("form", False)},
        ),
    ],
) -> Response:
    return JSONResponse(form.model_dump(exclude_none=True))


async def save_draft(
    *, body: Annotated[Comment | None, Body({"application/json": Comment}, required=False)] = None
) -> Response:
    return JSONResponse({"draft": None if body is None else body.text})


@pytest.fixture(scope="module")
def client() -> TestClient:
    router = APIRouter()
    add_operation(
        router,
        upload_document,
        "POST",
        "/documents",
        OperationRules(request_media_types=("multipart/form-data",), max_body_bytes=UPLOAD_LIMIT),
    )
    add_operation(
        router,
        put_blob,
        "PUT",
        "/blob",
        OperationRules(request_media_types=("application/octet-stream",)),
    )
    add_operation(
        router,
        put_avatar,
        "PUT",
        "/avatar",
        OperationRules(request_media_types=("image/*",)),
    )
    add_operation(
        router,
        add_note,
        "POST",
        "/notes",
        OperationRules(request_media_types=("text/plain",)),
    )
    add_operation(
        router,
        add_comment,
        "POST",
        "/comments",
        OperationRules(
            request_media_types=(
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain",
            )
        ),
    )
    add_operation(
        router,
        save_draft,
        "POST",
        "/drafts",
        OperationRules(request_media_types=("application/json",)),
    )
    add_operation(
        router,
        search,
        "POST",
        "/searches",
        OperationRules(request_media_types=("application/x-www-form-urlencoded",)),
    )
    app = FastAPI()
    # Included under a prefix, as an application mounts its API: the routes keep reading
    # their requests themselves.
    app.include_router(router, prefix="/v1")
    app.add_middleware(BodySizeLimit, max_bytes=LIMIT)
    return TestClient(app, base_url="http://testserver/v1", raise_server_exceptions=False)


def test_a_multipart_body_gives_files_text_and_json_parts(client: TestClient) -> None:
    response = client.post(
        "/documents",
        files=[
            ("file", ("scan.pdf", b"%PDF-1.7 scan", "application/pdf")),
            ("attachments", ("a.png", b"first", "image/png")),
            ("attachments", ("b.png", b"second", "image/png")),
        ],
        data={"title": "Lease", "pages": "3", "meta": '{"owner": "Ann"}'},
    )
    assert response.status_code == 200, response.text
    got = response.json()
    assert got["file"] == {
        "filename": "scan.pdf",
        "content_type": "application/pdf",
        "size": 13,
        "content": "%PDF-1.7 scan",
        "on_disk": False,
    }
    assert [a["filename"] for a in got["attachments"]] == ["a.png", "b.png"]
    assert [a["content"] for a in got["attachments"]] == ["first", "second"]
    assert (got["title"], got["pages"]) == ("Lease", 3)
    assert got["meta"] == {"owner": "Ann"}


def test_a_file_part_of_a_content_type_its_encoding_does_not_allow_is_refused(
    client: TestClient,
) -> None:
    response = client.post(
        "/documents",
        files=[("file", ("page.html", b"<p>", "text/html"))],
        data={"title": "Lease"},
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "file"]


def test_a_multipart_body_without_a_required_file_is_refused(client: TestClient) -> None:
    response = client.post("/documents", files=[("title", (None, b"Lease"))])
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "file"]]


def test_an_upload_past_the_threshold_is_spooled_to_disk(client: TestClient) -> None:
    content = b"x" * (SPOOL_BYTES + 1)
    response = client.post(
        "/documents",
        files=[("file", ("big.pdf", content, "application/pdf"))],
        data={"title": "Big"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["file"]["size"] == len(content)
    assert response.json()["file"]["on_disk"] is True


def test_an_operation_with_its_own_limit_takes_bodies_over_the_default(
    client: TestClient,
) -> None:
    content = b"x" * (LIMIT * 2)
    accepted = client.post(
        "/documents",
        files=[("file", ("a.pdf", content, "application/pdf"))],
        data={"title": "Over the default"},
    )
    assert accepted.status_code == 200, accepted.text
    refused = client.post(
        "/documents",
        files=[("file", ("a.pdf", b"x" * (UPLOAD_LIMIT + 1), "application/pdf"))],
        data={"title": "Over its own"},
    )
    assert refused.status_code == 413
    assert client.put("/blob", content=content).status_code == 413


def test_a_binary_body_arrives_as_an_upload_past_the_threshold_on_disk(
    client: TestClient,
) -> None:
    small = client.put("/blob", content=b"\x00\x01\x02")
    assert small.status_code == 200, small.text
    assert small.json()["size"] == 3
    assert small.json()["content_type"] == "application/octet-stream"
    streamed = client.put(
        "/blob",
        content=iter([b"y" * 40_000, b"z" * 20_000]),  # chunked: no Content-Length
        headers={"Content-Type": "application/octet-stream"},
    )
    assert streamed.status_code == 200, streamed.text
    assert streamed.json()["size"] == 60_000


def test_a_wildcard_media_type_takes_each_type_it_names_and_no_other(
    client: TestClient,
) -> None:
    png = client.put("/avatar", content=b"\x89PNG", headers={"Content-Type": "image/png"})
    assert png.status_code == 200
    assert png.json()["content_type"] == "image/png"
    refused = client.put("/avatar", content=b"%PDF", headers={"Content-Type": "application/pdf"})
    assert refused.status_code == 415


@pytest.mark.parametrize(
    ("content_type", "content", "text"),
    [
        ("text/plain", "grüß".encode(), "grüß"),
        ("text/plain; charset=latin-1", "grüß".encode("latin-1"), "grüß"),
    ],
)
def test_text_is_decoded_in_its_charset(
    client: TestClient, content_type: str, content: bytes, text: str
) -> None:
    response = client.post("/notes", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 200
    assert response.json() == {"text": text}


def test_text_that_is_not_in_its_charset_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/notes", content=b"\xff\xfe", headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    assert response.status_code == 400


def test_each_media_type_of_an_operation_is_read_by_its_own_schema(client: TestClient) -> None:
    as_json = client.post("/comments", json={"text": "hi"})
    assert as_json.json() == {"media_type": "application/json", "value": {"text": "hi"}}
    as_form = client.post("/comments", data={"text": "hi", "tags": ["a", "b"], "stars": "4"})
    assert as_form.json() == {
        "media_type": "application/x-www-form-urlencoded",
        "value": {"text": "hi", "tags": ["a", "b"], "stars": 4},
    }
    as_text = client.post("/comments", content=b"hi", headers={"Content-Type": "text/plain"})
    assert as_text.json() == {"media_type": "text/plain", "value": "hi"}
    # JSON's schema forbids other properties; the form's has `tags`.
    assert client.post("/comments", json={"text": "hi", "tags": ["a"]}).status_code == 422
    refused = client.post("/comments", content=b"<p/>", headers={"Content-Type": "text/html"})
    assert refused.status_code == 415


def test_an_optional_body_may_be_absent_but_not_null(client: TestClient) -> None:
    assert client.post("/drafts").json() == {"draft": None}
    assert client.post("/drafts", json={"text": "x"}).json() == {"draft": "x"}
    null = client.post("/drafts", content=b"null", headers={"Content-Type": "application/json"})
    assert null.status_code == 422


def test_a_required_array_a_form_leaves_out_is_empty(client: TestClient) -> None:
    # A form writes an empty array as no field at all.
    response = client.post("/comments", data={"text": "hi"})
    assert response.json()["value"]["tags"] == []


def test_a_form_reads_objects_and_arrays_in_their_encoding_styles(client: TestClient) -> None:
    response = client.post(
        "/searches",
        content=b"q=cat&kind=toy&size=2&span[low]=1&span[high]=5&ids=3,4",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "q": "cat",
        "filter": {"kind": "toy", "size": 2},
        "span": {"low": 1, "high": 5},
        "ids": [3, 4],
    }
    plain = client.post("/searches", data={"q": "cat"})
    assert plain.json() == {"q": "cat", "ids": []}
    bad = client.post(
        "/searches",
        content=b"q=cat&span[low]=x&span[high]=5",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert bad.status_code == 422
    assert [e["loc"] for e in bad.json()["errors"]] == [["body", "span", "low"]]


DEEP = 20_000  # within the body limit; Python's json module stops at 1,000


@pytest.mark.parametrize(
    "content",
    [
        b'{"text": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        b'{"text": ' + b'{"a": ' * (DEEP // 4) + b"1" + b"}" * (DEEP // 4) + b"}",
        b"[" * (LIMIT - 1),
        b'["\\ud800", ' + b"[" * DEEP + b"]" * DEEP + b"]",  # past what jiter reads
    ],
    ids=["deep arrays", "deep objects", "nothing but [", "deep after a lone surrogate"],
)
def test_json_nested_too_deep_is_400(client: TestClient, content: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    response = client.post("/comments", content=content, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == "Malformed JSON body: nested deeper than 201 levels"


def test_json_nested_within_the_limit_is_read(client: TestClient) -> None:
    content = b'{"text": ' + b"[" * 150 + b"]" * 150 + b"}"
    response = client.post(
        "/comments", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "text"]


def test_a_json_part_with_a_key_twice_is_400_naming_it(client: TestClient) -> None:
    response = client.post(
        "/documents",
        files=[("file", ("scan.pdf", b"%PDF-1.7 scan", "application/pdf"))],
        data={"title": "Lease", "meta": '{"owner": "Ann", "owner": "Bob"}'},
    )
    assert response.status_code == 400, response.text
    assert 'Detected duplicate key "owner"' in response.json()["detail"]
