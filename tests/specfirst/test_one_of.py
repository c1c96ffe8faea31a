"""`oneOf` without a discriminator is exclusive (runtime/one_of.py): a JSON body whose value
a second member also takes is 422, judged on the value as sent; `anyOf` stays inclusive."""

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.specfirst.generated import generated_package

CARD = {
    "type": "object",
    "required": ["number"],
    "properties": {"number": {"type": "string"}, "holder": {"type": "string"}},
}
IBAN = {
    "type": "object",
    "required": ["number"],
    "properties": {"number": {"type": "string"}, "holder": {"type": "integer"}},
    "additionalProperties": False,
}
REF = "#/components/schemas/"
ONE_OF_METHODS = {"oneOf": [{"$ref": f"{REF}Card"}, {"$ref": f"{REF}Iban"}]}


def posted(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "tags": ["payments"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
            "responses": {"204": {"description": "taken"}},
        }
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "payments", "version": "1"},
    "paths": {
        "/payments": posted(
            "pay",
            {
                "type": "object",
                "required": ["method"],
                "properties": {
                    "method": {"oneOf": [{"$ref": f"{REF}Card"}, {"$ref": f"{REF}Iban"}]},
                    "methods": {
                        "type": "array",
                        "items": {"$ref": f"{REF}Method"},
                    },
                    "either": {"anyOf": [{"$ref": f"{REF}Card"}, {"$ref": f"{REF}Iban"}]},
                    "inline": {"type": "array", "items": ONE_OF_METHODS},
                    "byName": {"type": "object", "additionalProperties": ONE_OF_METHODS},
                },
            },
        ),
        "/methods": posted("addMethod", {"$ref": f"{REF}Method"}),
        "/amounts": posted("setAmount", {"oneOf": [{"type": "number"}, {"type": "integer"}]}),
    },
    "components": {
        "schemas": {
            "Card": CARD,
            "Iban": IBAN,
            "Method": {"oneOf": [{"$ref": f"{REF}Card"}, {"$ref": f"{REF}Iban"}]},
        }
    },
}


class Payments:
    def __init__(self, package: ModuleType) -> None:
        self.responses = package.responses

    async def pay(self, *, body: Any) -> Any:
        return self.responses.Pay204Response()

    async def add_method(self, *, body: Any) -> Any:
        return self.responses.AddMethod204Response()

    async def set_amount(self, *, body: Any) -> Any:
        return self.responses.SetAmount204Response()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with generated_package(SPEC, tmp_path_factory.mktemp("one_of")) as package:
        app = FastAPI()
        package.routes.bind_routes(app.router, payments=Payments(package))
        yield TestClient(app)


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        # Only a card: a holder that is a string (Iban's is an integer).
        ("/payments", {"method": {"number": "1", "holder": "Ann"}}, 204),
        # Only an IBAN: Card takes no integer holder.
        ("/payments", {"method": {"number": "1", "holder": 7}}, 204),
        # Both: no holder at all.
        ("/payments", {"method": {"number": "1"}}, 422),
        # A property Card ignores and Iban refuses: judged as sent, Card alone takes it.
        ("/payments", {"method": {"number": "1", "bank": "x"}}, 204),
        # A component that is a oneOf, as the body and as an array's items.
        ("/methods", {"number": "1", "holder": "Ann"}, 204),
        ("/methods", {"number": "1"}, 422),
        ("/payments", {"method": {"number": "1", "holder": 7}, "methods": [{"number": "2"}]}, 422),
        # A oneOf written inline as an array's items, or a map's values.
        ("/payments", {"method": {"number": "1", "holder": 7}, "inline": [{"number": "2"}]}, 422),
        (
            "/payments",
            {"method": {"number": "1", "holder": 7}, "inline": [{"number": "2", "holder": 3}]},
            204,
        ),
        (
            "/payments",
            {"method": {"number": "1", "holder": 7}, "byName": {"a": {"number": "2"}}},
            422,
        ),
        (
            "/payments",
            {
                "method": {"number": "1", "holder": 7},
                "byName": {"a": {"number": "2", "holder": "B"}},
            },
            204,
        ),
        # anyOf: both may take it.
        ("/payments", {"method": {"number": "1", "holder": 7}, "either": {"number": "2"}}, 204),
        # Scalars: 5 is a number and an integer; 5.5 only a number.
        ("/amounts", 5, 422),
        ("/amounts", 5.5, 204),
    ],
)
def test_a_value_two_members_of_a_one_of_take_is_refused(
    client: TestClient, path: str, body: Any, status: int
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == status, response.text
    if status == 422:
        error = response.json()["errors"][0]
        assert error["type"] == "one_of_ambiguous"
        assert "more than one of oneOf's schemas" in error["msg"]


def test_the_refusal_names_where_the_value_is(client: TestClient) -> None:
    body = {
        "method": {"number": "1", "holder": 7},
        "inline": [{"number": "2", "holder": 3}, {"number": "4"}],
        "byName": {"first": {"number": "3"}},
    }
    errors = client.post("/payments", json=body).json()["errors"]
    assert sorted(tuple(error["loc"]) for error in errors) == [
        ("body", "byName", "first"),
        ("body", "inline", 1),
    ]
    assert {error["msg"] for error in errors} == {
        "Value is valid under more than one of oneOf's schemas: Card, Iban"
    }
