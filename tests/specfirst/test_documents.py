"""Specs read as JSON reads them, bundled from several files, hashed by what they say."""

from pathlib import Path

import pytest

from specfirst.documents.bundle import load_document
from specfirst.documents.contract import document_sha256
from specfirst.documents.errors import DocumentError

CORPUS = Path(__file__).with_name("corpus")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_yaml_is_read_as_json_reads_it(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.yaml",
        "openapi: 3.0.3\npaths:\n  /x:\n    get:\n      responses:\n        200:\n"
        "          description: d\n          content:\n            application/json:\n"
        "              example: {day: 2026-01-05, at: 2026-01-05T12:00:00Z}\n",
    )
    response = load_document(spec)["paths"]["/x"]["get"]["responses"]["200"]
    example = response["content"]["application/json"]["example"]
    assert example == {"day": "2026-01-05", "at": "2026-01-05T12:00:00Z"}


def test_other_files_are_bundled_into_components(tmp_path: Path) -> None:
    document = load_document(CORPUS / "multifile" / "api.yaml")
    schemas = document["components"]["schemas"]
    assert {"item", "Category", "Money", "Currency", "Problem"} <= set(schemas)
    # A $ref inside a bundled file follows it: Money's currency is the bundled Currency.
    assert schemas["Money"]["properties"]["currency"] == {"$ref": "#/components/schemas/Currency"}
    # A path item from another file is put in place.
    assert document["paths"]["/items"]["get"]["operationId"] == "list_items"
    refs = str(document)
    assert ".yaml" not in refs  # every $ref is now local


def test_a_name_taken_by_something_else_is_numbered(tmp_path: Path) -> None:
    write(tmp_path / "other.yaml", "components:\n  schemas:\n    Pet: {type: integer}\n")
    spec = write(
        tmp_path / "spec.yaml",
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: string}\n"
        "    Owner:\n      properties:\n"
        "        pet: {$ref: 'other.yaml#/components/schemas/Pet'}\n",
    )
    schemas = load_document(spec)["components"]["schemas"]
    assert schemas["Pet"] == {"type": "string"}
    assert schemas["Pet2"] == {"type": "integer"}
    assert schemas["Owner"]["properties"]["pet"] == {"$ref": "#/components/schemas/Pet2"}


def test_a_reference_to_a_missing_file_is_named(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", "openapi: 3.1.0\npaths:\n  /x: {$ref: 'gone.yaml'}\n")
    with pytest.raises(DocumentError, match=r"'gone\.yaml': no file"):
        load_document(spec)


def test_the_hash_is_of_what_the_document_says(tmp_path: Path) -> None:
    one = write(tmp_path / "one.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n")
    other = write(
        tmp_path / "other.json", '{"info": {"version": "1", "title": "t"},\n "openapi": "3.1.0"}'
    )
    changed = write(tmp_path / "changed.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '2'}\n")
    assert document_sha256(load_document(one)) == document_sha256(load_document(other))
    assert document_sha256(load_document(one)) != document_sha256(load_document(changed))


def test_a_map_of_schemas_that_is_a_reference_is_the_map_it_points_at(tmp_path: Path) -> None:
    write(
        tmp_path / "attributes.yaml", "ids:\n  droplet_ids: {type: array, items: {type: integer}}\n"
    )
    spec = write(
        tmp_path / "spec.yaml",
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Assign:\n"
        "      properties: {$ref: 'attributes.yaml#/ids'}\n",
    )
    properties = load_document(spec)["components"]["schemas"]["Assign"]["properties"]
    assert properties == {"droplet_ids": {"type": "array", "items": {"type": "integer"}}}


def test_a_discriminators_mapping_into_another_file_is_made_local(tmp_path: Path) -> None:
    write(
        tmp_path / "actions.yaml",
        "assign: {type: object, properties: {type: {type: string}}}\n"
        "action:\n  oneOf: [{$ref: '#/assign'}]\n"
        "  discriminator: {propertyName: type, mapping: {assign: '#/assign', other: Other}}\n",
    )
    spec = write(
        tmp_path / "spec.yaml",
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n"
        "    Action: {$ref: 'actions.yaml#/action'}\n",
    )
    schemas = load_document(spec)["components"]["schemas"]
    action = schemas[schemas["Action"]["$ref"].rsplit("/", 1)[-1]]
    assert action["discriminator"]["mapping"] == {
        "assign": action["oneOf"][0]["$ref"],  # the same local reference as the branch's
        "other": "Other",  # a schema's bare name stays
    }


def test_json_is_read_as_json(tmp_path: Path) -> None:
    # YAML would read the escapes of one character outside the BMP as two lone surrogates.
    spec = write(
        tmp_path / "spec.json", '{"openapi": "3.1.0", "info": {"title": "\\ud83d\\ude00"}}'
    )
    assert load_document(spec)["info"]["title"] == "\U0001f600"
