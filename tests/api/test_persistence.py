"""Data outlives the process: a new app on the same database sees what the old one stored."""

import pytest

from service.app import create_app
from service.settings import Settings
from tests.support.factories import create_product, log_in, signed_in_user
from tests.support.serving import serving

pytestmark = pytest.mark.anyio


async def test_users_tokens_and_products_survive_a_restart(settings: Settings) -> None:
    async with serving(create_app(settings)) as before:
        user, headers = await signed_in_user(before)
        product = await create_product(before, headers, description="kept")
    async with serving(create_app(settings)) as after:
        # The same SECRET_KEY: a token issued before the restart still works.
        assert (await after.get("/users/me", headers=headers)).json() == user
        assert (await after.get(f"/products/{product['id']}")).json() == product
        await log_in(after, user["username"])
