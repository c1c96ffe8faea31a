"""The `products` operations: a public catalogue whose entries only their owner may change."""

from service.clock import Clock
from service.db.products import ProductRecord, ProductRepository, WriteRefused
from service.db.users import UserRecord
from service.generated.models import Problem, Product, ProductIn, ProductPage, ProductPatch
from service.generated.responses import (
    CreateProduct201Response,
    CreateProductResponse,
    DeleteProduct204Response,
    DeleteProduct403Response,
    DeleteProduct404Response,
    DeleteProductResponse,
    ListProducts200Response,
    ListProductsResponse,
    ReadProduct200Response,
    ReadProduct404Response,
    ReadProductResponse,
    ReplaceProduct200Response,
    ReplaceProduct403Response,
    ReplaceProduct404Response,
    ReplaceProductResponse,
    UpdateProduct200Response,
    UpdateProduct403Response,
    UpdateProduct404Response,
    UpdateProductResponse,
)
from service.handlers.problems import problem


class Products:
    """Implements the generated `ProductsHandlers` interface; the principal is the caller."""

    def __init__(self, products: ProductRepository, clock: Clock) -> None:
        self._products = products
        self._clock = clock

    async def list_products(self, *, limit: int, offset: int) -> ListProductsResponse:
        records, total = await self._products.page(limit=limit, offset=offset)
        page = ProductPage(
            items=[as_product(record) for record in records],
            total=total,
            limit=limit,
            offset=offset,
        )
        return ListProducts200Response(body=page)

    async def create_product(
        self, *, principal: UserRecord, body: ProductIn
    ) -> CreateProductResponse:
        record = await self._products.add(
            owner_id=principal.id, fields=body.model_dump(), created_at=self._clock()
        )
        return CreateProduct201Response(body=as_product(record), location=f"/products/{record.id}")

    async def read_product(self, *, product_id: int) -> ReadProductResponse:
        record = await self._products.get(product_id)
        if record is None:
            return ReadProduct404Response(body=not_found(product_id))
        return ReadProduct200Response(body=as_product(record))

    async def replace_product(
        self, *, principal: UserRecord, product_id: int, body: ProductIn
    ) -> ReplaceProductResponse:
        result = await self._products.replace(
            product_id, owner_id=principal.id, fields=body.model_dump(), updated_at=self._clock()
        )
        if result is WriteRefused.NOT_FOUND:
            return ReplaceProduct404Response(body=not_found(product_id))
        if result is WriteRefused.NOT_OWNER:
            return ReplaceProduct403Response(body=not_yours(product_id))
        return ReplaceProduct200Response(body=as_product(result))

    async def update_product(
        self, *, principal: UserRecord, product_id: int, body: ProductPatch
    ) -> UpdateProductResponse:
        # model_dump leaves out the fields that were not sent (the MISSING sentinel).
        result = await self._products.update(
            product_id, owner_id=principal.id, changes=body.model_dump(), updated_at=self._clock()
        )
        if result is WriteRefused.NOT_FOUND:
            return UpdateProduct404Response(body=not_found(product_id))
        if result is WriteRefused.NOT_OWNER:
            return UpdateProduct403Response(body=not_yours(product_id))
        return UpdateProduct200Response(body=as_product(result))

    async def delete_product(
        self, *, principal: UserRecord, product_id: int
    ) -> DeleteProductResponse:
        refused = await self._products.delete(product_id, owner_id=principal.id)
        if refused is WriteRefused.NOT_FOUND:
            return DeleteProduct404Response(body=not_found(product_id))
        if refused is WriteRefused.NOT_OWNER:
            return DeleteProduct403Response(body=not_yours(product_id))
        return DeleteProduct204Response()


def as_product(record: ProductRecord) -> Product:
    # Built without validation: the row holds what a validated request stored, under the
    # table's constraints. The response is serialised straight from it.
    return Product.model_construct(**record._asdict())


def not_found(product_id: int) -> Problem:
    return problem(404, f"No product with id {product_id}")


def not_yours(product_id: int) -> Problem:
    return problem(
        403, f"Product {product_id} belongs to another user; only its owner may change it"
    )
