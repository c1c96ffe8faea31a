"""The generated Python SDK (clients/python), installed in the dev environment, drives the real
service over HTTP: every call below goes through the client, none around it."""

import re
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from products_api_client import AuthenticatedClient, Client
from products_api_client.api.auth import login_for_access_token
from products_api_client.api.products import (
    create_product,
    delete_product,
    list_products,
    read_product,
    replace_product,
    update_product,
)
from products_api_client.api.users import create_user, read_current_user
from products_api_client.models import (
    Problem,
    Product,
    ProductIn,
    ProductPage,
    ProductPatch,
    Token,
    TokenRequest,
    User,
    UserCreate,
    ValidationProblem,
)

from tests.support.processes import ROOT, running_uvicorn

PASSWORD = "sdk-user-password"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service under uvicorn, on a fresh SQLite file."""
    directory = tmp_path_factory.mktemp("sdk")
    database = f"sqlite+aiosqlite:///{directory / 'sdk.db'}"
    with running_uvicorn(database, directory / "server.log") as url:
        yield url


def test_register_log_in_and_crud_through_the_client(base_url: str) -> None:
    with Client(base_url=base_url) as anonymous:
        user = create_user.sync(
            client=anonymous,
            body=UserCreate(username="sdk_user", email="sdk@example.com", password=PASSWORD),
        )
        assert isinstance(user, User)
        taken = create_user.sync_detailed(
            client=anonymous,
            body=UserCreate(username="sdk_user", email="other@example.com", password=PASSWORD),
        )
        assert taken.status_code == HTTPStatus.CONFLICT
        assert isinstance(taken.parsed, Problem)
        token = login_for_access_token.sync(
            client=anonymous, body=TokenRequest(username="sdk_user", password=PASSWORD)
        )
        assert isinstance(token, Token)

    # The client's types demand a token for secured operations; a wrong one is a typed 401.
    with AuthenticatedClient(base_url=base_url, token="not-a-valid-token") as wrong_token:
        unauthorized = create_product.sync_detailed(
            client=wrong_token, body=ProductIn(name="No token", price=1.0)
        )
        assert unauthorized.status_code == HTTPStatus.UNAUTHORIZED
        assert isinstance(unauthorized.parsed, Problem)

    with AuthenticatedClient(base_url=base_url, token=token.access_token) as client:
        me = read_current_user.sync(client=client)
        assert isinstance(me, User)
        assert me.id == user.id
        created = [
            create_product.sync(client=client, body=ProductIn(name=f"P{i}", price=float(i)))
            for i in range(3)
        ]
        assert all(isinstance(product, Product) for product in created)
        ids = [product.id for product in created if isinstance(product, Product)]
        page = list_products.sync(client=client, limit=2, offset=1)
        assert isinstance(page, ProductPage)
        assert [item.id for item in page.items] == [ids[1], ids[0]]  # newest first
        assert (page.total, page.limit, page.offset) == (3, 2, 1)

        patched = update_product.sync(ids[0], client=client, body=ProductPatch(price=9.5))
        assert isinstance(patched, Product)
        assert (patched.name, patched.price) == ("P0", 9.5)
        replaced = replace_product.sync(
            ids[0], client=client, body=ProductIn(name="Renamed", price=1.0, tax=0.2)
        )
        assert isinstance(replaced, Product)
        assert (replaced.name, replaced.description, replaced.tax) == ("Renamed", None, 0.2)
        read = read_product.sync(ids[0], client=client)
        assert isinstance(read, Product)
        assert read.to_dict() == replaced.to_dict()

        invalid = create_product.sync_detailed(client=client, body=ProductIn(name="", price=-1.0))
        assert invalid.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert isinstance(invalid.parsed, ValidationProblem)
        assert {tuple(error.loc) for error in invalid.parsed.errors} == {
            ("body", "name"),
            ("body", "price"),
        }

        deleted = delete_product.sync_detailed(ids[0], client=client)
        assert deleted.status_code == HTTPStatus.NO_CONTENT
        gone = read_product.sync(ids[0], client=client)
        assert isinstance(gone, Problem)
        assert gone.status == 404


def test_the_readme_example_runs(base_url: str) -> None:
    readme = (ROOT / "clients" / "python" / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    example = example.replace('BASE_URL = "http://127.0.0.1:8000"', f'BASE_URL = "{base_url}"')
    exec(compile(example, "clients/python/README.md", "exec"), {})


def test_conditional_writes_and_retries_through_the_client(base_url: str) -> None:
    with Client(base_url=base_url) as anonymous:
        create_user.sync(
            client=anonymous,
            body=UserCreate(username="sdk_editor", email="e@example.com", password=PASSWORD),
        )
        token = login_for_access_token.sync(
            client=anonymous, body=TokenRequest(username="sdk_editor", password=PASSWORD)
        )
        assert isinstance(token, Token)

    with AuthenticatedClient(base_url=base_url, token=token.access_token) as client:
        body = ProductIn(name="Retried", price=2.0)
        key = '"sdk-retry-1"'
        first = create_product.sync_detailed(client=client, body=body, idempotency_key=key)
        retry = create_product.sync_detailed(client=client, body=body, idempotency_key=key)
        assert first.status_code == retry.status_code == HTTPStatus.CREATED
        assert isinstance(first.parsed, Product)
        assert isinstance(retry.parsed, Product)
        assert retry.parsed.id == first.parsed.id
        product_id, etag = first.parsed.id, first.headers["etag"]

        unchanged = read_product.sync_detailed(product_id, client=client, if_none_match=etag)
        assert unchanged.status_code == HTTPStatus.NOT_MODIFIED
        patched = update_product.sync_detailed(
            product_id, client=client, body=ProductPatch(price=3.0), if_match=etag
        )
        assert patched.status_code == HTTPStatus.OK
        stale = update_product.sync_detailed(
            product_id, client=client, body=ProductPatch(price=4.0), if_match=etag
        )
        assert stale.status_code == HTTPStatus.PRECONDITION_FAILED
        assert isinstance(stale.parsed, Problem)
