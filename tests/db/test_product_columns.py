"""The product as the spec, the table and the repository see it, kept in step: a field added
to the spec's product models is named here, with where it is missing, in under a second
(README, "Changing the API")."""

from service.db.products import EDITABLE_COLUMNS, SERVER_MANAGED_COLUMNS, ProductRecord
from service.db.tables import products
from service.generated.models import Product, ProductIn, ProductPatch

COLUMNS = [column.name for column in products.c]


def test_every_field_a_client_sends_has_a_column() -> None:
    for model in (ProductIn, ProductPatch):
        missing = [field for field in model.model_fields if field not in EDITABLE_COLUMNS]
        assert not missing, (
            f"{model.__name__} fields {missing} have no column a client may set: add them to "
            "`products` in service/db/tables.py, then a migration (alembic revision "
            "--autogenerate, README 'Changing the API')"
        )


def test_every_editable_column_is_a_field_a_client_sends() -> None:
    # A column the request cannot set would be NULLed by every replacement.
    unsent = [column for column in EDITABLE_COLUMNS if column not in ProductIn.model_fields]
    assert not unsent, (
        f"columns {unsent} of `products` are not fields of ProductIn in openapi.yaml: add them "
        "there, or to SERVER_MANAGED_COLUMNS in service/db/products.py if the service sets them"
    )


def test_the_record_holds_every_column() -> None:
    missing = [column for column in COLUMNS if column not in ProductRecord._fields]
    assert not missing, (
        f"ProductRecord in service/db/products.py lacks the columns {missing} of `products`: "
        "add them as fields, typed as they are read back"
    )
    assert set(ProductRecord._fields) <= set(COLUMNS)  # else the module fails to import
    assert set(COLUMNS) >= SERVER_MANAGED_COLUMNS


def test_every_field_of_the_answer_comes_from_the_record() -> None:
    missing = [field for field in Product.model_fields if field not in ProductRecord._fields]
    assert not missing, f"Product fields {missing} have no column in `products`"
