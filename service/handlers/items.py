"""The `items` operations: the seed article's path and query echo."""

from service.generated.models import ItemEcho
from service.generated.responses import ReadItem200Response, ReadItemResponse


class Items:
    """Implements the generated `ItemsHandlers` interface."""

    async def read_item(self, *, item_id: int, q: str | None) -> ReadItemResponse:
        return ReadItem200Response(body=ItemEcho(item_id=item_id, q=q))
