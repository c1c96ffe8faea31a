"""The `products` operations: a public catalogue whose entries only their owner may change.

Each product's ETag is made of its version, which every write increments. `If-Match` becomes
the versions a write may apply to, checked in the write's own statement (service.db.products).
"""

from collections.abc import Collection

from service.clock import Clock
from service.db.products import ProductRecord, ProductRepository, WriteRefused
from service.db.users import UserRecord
from service.generated.models import Problem, Product, ProductIn, ProductPage, ProductPatch
from service.generated.responses import (
    CreateProduct201Response,
    CreateProductResponse,
    DeleteProduct204Response,
    DeleteProductResponse,
    ForbiddenResponse,
    IdempotencyKeyInUseResponse,
    ListProducts200Response,
    ListProductsResponse,
    NotFoundResponse,
    NotModifiedResponse,
    PreconditionFailedResponse,
    ReadProduct200Response,
    ReadProductResponse,
    ReplaceProduct200Response,
    ReplaceProductResponse,
    UpdateProduct200Response,
    UpdateProductResponse,
)
from service.handlers.entity_tags import ANY, EntityTag, parse_entity_tags
from service.handlers.idempotency import Idempotency, KeyedRequest, KeyRefused, refusal_response
from service.handlers.problems import problem
from specfirst.runtime.authenticators import Authenticated


class Products:
    """Implements the generated `ProductsHandlers` interface; `auth.principal` is the caller."""

    def __init__(self, products: ProductRepository, idempotency: Idempotency, clock: Clock) -> None:
        self._products = products
        self._idempotency = idempotency
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
        self, *, auth: Authenticated[UserRecord], body: ProductIn, idempotency_key: str | None
    ) -> CreateProductResponse:
        async def create() -> CreateProduct201Response:
            record = await self._products.add(
                owner_id=auth.principal.id, fields=body.model_dump(), created_at=self._clock()
            )
            return CreateProduct201Response(
                body=as_product(record), location=f"/products/{record.id}", etag=etag(record)
            )

        if idempotency_key is None:
            return await create()
        request = KeyedRequest(idempotency_key, f"user:{auth.principal.id}", "create_product", body)
        result = await self._idempotency.once(request, create, CreateProduct201Response)
        if isinstance(result, KeyRefused):
            return refusal_response(result, in_use=IdempotencyKeyInUseResponse)
        return result

    async def read_product(
        self, *, product_id: int, if_none_match: str | None
    ) -> ReadProductResponse:
        record = await self._products.get(product_id)
        if record is None:
            return NotFoundResponse(body=not_found(product_id))
        if if_none_match is not None and _names_version(if_none_match, record.version):
            return NotModifiedResponse(etag=etag(record))
        return ReadProduct200Response(body=as_product(record), etag=etag(record))

    async def replace_product(
        self,
        *,
        auth: Authenticated[UserRecord],
        product_id: int,
        body: ProductIn,
        if_match: str | None,
    ) -> ReplaceProductResponse:
        result = await self._products.replace(
            product_id,
            owner_id=auth.principal.id,
            fields=body.model_dump(),
            updated_at=self._clock(),
            versions=matching_versions(if_match),
        )
        if isinstance(result, WriteRefused):
            return refusal(result, product_id)
        return ReplaceProduct200Response(body=as_product(result), etag=etag(result))

    async def update_product(
        self,
        *,
        auth: Authenticated[UserRecord],
        product_id: int,
        body: ProductPatch,
        if_match: str | None,
    ) -> UpdateProductResponse:
        # model_dump leaves out the fields that were not sent (the MISSING sentinel).
        result = await self._products.update(
            product_id,
            owner_id=auth.principal.id,
            changes=body.model_dump(),
            updated_at=self._clock(),
            versions=matching_versions(if_match),
        )
        if isinstance(result, WriteRefused):
            return refusal(result, product_id)
        return UpdateProduct200Response(body=as_product(result), etag=etag(result))

    async def delete_product(
        self, *, auth: Authenticated[UserRecord], product_id: int, if_match: str | None
    ) -> DeleteProductResponse:
        refused = await self._products.delete(
            product_id, owner_id=auth.principal.id, versions=matching_versions(if_match)
        )
        if refused is not None:
            return refusal(refused, product_id)
        return DeleteProduct204Response()


def refusal(
    refused: WriteRefused, product_id: int
) -> NotFoundResponse | ForbiddenResponse | PreconditionFailedResponse:
    """The answer to an owner-only write that changed nothing, and why."""
    if refused is WriteRefused.NOT_FOUND:
        return NotFoundResponse(body=not_found(product_id))
    if refused is WriteRefused.NOT_OWNER:
        return ForbiddenResponse(body=not_yours(product_id))
    return PreconditionFailedResponse(body=changed_since(product_id))


def as_product(record: ProductRecord) -> Product:
    # Built without validation: the row holds what a validated request stored, under the
    # table's constraints. The response is serialised straight from it. The version is not
    # part of the body: clients see it as the ETag.
    fields = record._asdict()
    del fields["version"]
    return Product.model_construct(**fields)


def etag(record: ProductRecord) -> str:
    """A strong entity tag: the version changes with every write, and ids are never reused."""
    return str(EntityTag(str(record.version)))


def matching_versions(if_match: str | None) -> Collection[int] | None:
    """The versions an If-Match value allows a write to apply to; None for any (no header, or
    `*`: the product exists). Weak tags never match (strong comparison, RFC 9110 §13.1.1), nor
    does a value that is not a list of entity tags."""
    if if_match is None:
        return None
    tags = parse_entity_tags(if_match)
    if tags == ANY:
        return None
    if tags is None:
        return ()
    return {int(tag.opaque) for tag in tags if not tag.weak and _is_version(tag.opaque)}


def _names_version(if_none_match: str, version: int) -> bool:
    """Whether If-None-Match names `version`: weak comparison (RFC 9110 §13.1.2), so
    `W/"3"` does; a value that is not a list of entity tags names nothing."""
    tags = parse_entity_tags(if_none_match)
    if tags == ANY:
        return True
    return tags is not None and any(tag.opaque == str(version) for tag in tags)


def _is_version(opaque: str) -> bool:
    # Versions are positive 32-bit integers (the column is an Integer).
    return opaque.isascii() and opaque.isdigit() and len(opaque) <= 10 and int(opaque) < 2**31


def not_found(product_id: int) -> Problem:
    return problem(404, f"No product with id {product_id}")


def changed_since(product_id: int) -> Problem:
    return problem(412, f"Product {product_id} has changed since the version named in If-Match")


def not_yours(product_id: int) -> Problem:
    return problem(
        403, f"Product {product_id} belongs to another user; only its owner may change it"
    )
