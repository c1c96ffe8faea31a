"""The service publishes the handwritten contract and an offline docs page."""

import re
from pathlib import Path

import pytest
import yaml
from httpx2 import AsyncClient

from service import contract
from service.contract import SPEC_PATH
from specfirst.documents.contract import StaleGeneratedCodeError


@pytest.mark.anyio
async def test_openapi_json_is_the_handwritten_spec(client: AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@pytest.mark.anyio
async def test_docs_page_loads_nothing_from_the_internet(client: AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assets += re.findall(r"""url:\s*['"]([^'"]+)['"]""", page.text)
    assert assets, "the page references no assets at all"
    for asset in assets:
        assert not re.match(r"^(https?:)?//", asset), f"{asset} is fetched from the network"
        assert (await client.get(asset)).status_code == 200, asset


def test_a_spec_edited_after_generation_is_refused_at_start(tmp_path: Path) -> None:
    edited = tmp_path / "openapi.yaml"
    text = SPEC_PATH.read_text()
    assert "operationId: read_root" in text
    edited.write_text(text.replace("operationId: read_root", "operationId: say_hello"))
    with pytest.raises(StaleGeneratedCodeError, match="make generate"):
        contract.load_contract(edited)


def test_a_comment_or_layout_edit_is_not_a_change(tmp_path: Path) -> None:
    """The hash is of what the document says (its canonical JSON), not of its bytes."""
    edited = tmp_path / "openapi.yaml"
    edited.write_bytes(SPEC_PATH.read_bytes() + b"\n# a comment\n\n")
    assert contract.load_contract(edited) == contract.load_contract()
