"""XML request bodies (runtime/xml_bodies.py): read by the schema's `xml` mapping (names,
attributes, wrapped and unwrapped arrays, namespaces), validated as the JSON body of the same
schema is; malformed or dangerous XML is 400, never expanded; a schema-violating one is 422."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from specfirst.runtime.xml_bodies import MalformedXmlError, xml_value
from tests.specfirst.generated import generated_package, read_document

REF = "#/components/schemas/"
PEOPLE = "https://example.com/people"
PET = {
    "type": "object",
    "required": ["name", "photoUrls"],
    "xml": {"name": "pet"},
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": 1, "xml": {"attribute": True}},
        "name": {"type": "string", "maxLength": 20},
        "photoUrls": {
            "type": "array",
            "xml": {"wrapped": True},
            "items": {"type": "string", "xml": {"name": "photoUrl"}},
        },
        "tags": {"type": "array", "items": {"$ref": f"{REF}Tag"}},
        "status": {"type": "string", "enum": ["available", "sold"]},
        "vaccinated": {"type": "boolean"},
        "weight": {"type": ["number", "null"]},
        "owner": {"$ref": f"{REF}Owner"},
    },
}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "pets", "version": "1"},
    "paths": {
        "/pets": {
            "post": {
                "operationId": "addPet",
                "tags": ["pets"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"{REF}Pet"}},
                        "application/xml": {"schema": {"$ref": f"{REF}Pet"}},
                    },
                },
                "responses": {
                    "201": {
                        "description": "added",
                        "content": {"application/json": {"schema": {"$ref": f"{REF}Pet"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": PET,
            "Tag": {
                "type": "object",
                "xml": {"name": "tag"},
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
            "Owner": {
                "type": "object",
                "xml": {"name": "person", "namespace": PEOPLE, "prefix": "p"},
                "properties": {"name": {"type": "string"}},
            },
        }
    },
}
XML = {"Content-Type": "application/xml"}
DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<pet id="7" xmlns:p="{PEOPLE}">
  <name>Rex</name>
  <photoUrls><photoUrl>https://a.example/1.png</photoUrl><photoUrl>b.png</photoUrl></photoUrls>
  <tag><id>1</id><name>good</name></tag>
  <tag><id>2</id></tag>
  <status>available</status>
  <vaccinated>true</vaccinated>
  <weight xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>
  <p:person><p:name>Ann</p:name></p:person>
</pet>"""


class Pets:
    def __init__(self, responses: Any) -> None:
        self.responses = responses

    async def add_pet(self, *, body: Any) -> Any:
        return self.responses.AddPet201Response(body=body.value)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with generated_package(SPEC, tmp_path_factory.mktemp("xml")) as package:
        app = FastAPI()
        package.routes.bind_routes(app.router, pets=Pets(package.responses))
        yield TestClient(app)


def test_an_xml_body_is_read_by_its_mapping_and_typed_as_the_json_one(client: TestClient) -> None:
    response = client.post("/pets", content=DOCUMENT, headers=XML)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": 7,
        "name": "Rex",
        "photoUrls": ["https://a.example/1.png", "b.png"],
        "tags": [{"id": 1, "name": "good"}, {"id": 2}],
        "status": "available",
        "vaccinated": True,
        "weight": None,
        "owner": {"name": "Ann"},
    }
    as_json = client.post("/pets", json=response.json())
    assert as_json.json() == response.json()


@pytest.mark.parametrize(
    ("document", "where"),
    [
        (DOCUMENT.replace("<name>Rex</name>", f"<name>{'x' * 21}</name>"), ["body", "name"]),
        (DOCUMENT.replace('id="7"', 'id="0"'), ["body", "id"]),
        (DOCUMENT.replace('id="7"', 'id="seven"'), ["body", "id"]),
        (DOCUMENT.replace(">available<", ">lost<"), ["body", "status"]),
        (DOCUMENT.replace(">true</vaccinated>", ">1</vaccinated>"), ["body", "vaccinated"]),
        # An element the schema does not name, where it allows no other properties.
        (DOCUMENT.replace("<status>", "<colour>red</colour><status>"), ["body", "colour"]),
        # The owner in another namespace than the schema's is no owner.
        (DOCUMENT.replace(f'xmlns:p="{PEOPLE}"', 'xmlns:p="urn:other"'), ["body", "person"]),
        # A required wrapped array left out.
        (DOCUMENT.replace("photoUrls>", "x>"), ["body", "photoUrls"]),
    ],
)  # fmt: skip
def test_a_schema_violating_xml_body_is_422_naming_the_place(
    client: TestClient, document: str, where: list[str]
) -> None:
    response = client.post("/pets", content=document, headers=XML)
    assert response.status_code == 422, response.text
    assert where in [error["loc"] for error in response.json()["errors"]], response.text


def test_another_root_element_is_422(client: TestClient) -> None:
    document = DOCUMENT.replace("<pet ", "<dog ").replace("</pet>", "</dog>")
    response = client.post("/pets", content=document, headers=XML)
    assert response.status_code == 422
    assert response.json()["detail"] == "body: the root element is <dog>, not <pet>"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<pet><name>&lol2;</name></pet>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE pet [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<pet><name>&secret;</name></pet>"""


@pytest.mark.parametrize(
    ("document", "said"),
    [
        ("<pet><name>Rex</pet>", "mismatched tag"),
        ("<?xml version='1.0'?>", "no element found"),
        (BILLION_LAUGHS, "DTD"),
        (EXTERNAL, "DTD"),
    ],
)
def test_malformed_or_dangerous_xml_is_400_and_never_expanded(
    client: TestClient, document: str, said: str
) -> None:
    response = client.post("/pets", content=document.encode(), headers=XML)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["detail"].startswith("Malformed XML body: ")
    assert said in problem["detail"]


def test_a_recursive_schema_is_read_no_deeper_than_its_json_can_be_validated() -> None:
    tree = {"type": "object", "properties": {"node": {"$ref": "#/$defs/Node"}}}
    schema = {"$defs": {"Node": tree}, "$ref": "#/$defs/Node"}
    shallow = "<node>" * 100 + "</node>" * 100
    assert isinstance(xml_value(shallow.encode(), schema), dict)
    deep = "<node>" * 102 + "</node>" * 102
    with pytest.raises(MalformedXmlError, match="nested deeper than 100 levels"):
        xml_value(deep.encode(), schema)


@pytest.mark.parametrize(
    ("schema", "typed_as", "warned"),
    [
        ({"$ref": f"{REF}Tag"}, "models.Tag", False),
        ({"type": "string"}, "str", False),
        ({"type": "array", "items": {"$ref": f"{REF}Tag"}}, "str", True),
    ],
)
def test_an_xml_body_is_its_model_where_its_schema_is_an_object(
    tmp_path: Path, schema: dict[str, Any], typed_as: str, warned: bool
) -> None:
    document = {
        **SPEC,
        "paths": {
            "/tags": {
                "post": {
                    "requestBody": {"content": {"application/xml": {"schema": schema}}},
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
    }
    spec = read_document(document, tmp_path)
    body = spec.operations[0].body
    assert body is not None
    assert body.contents == (("application/xml", typed_as),)
    assert any("an XML body whose schema is an array" in w for w in spec.warnings) is warned
