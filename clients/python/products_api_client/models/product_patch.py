from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductPatch")


@_attrs_define
class ProductPatch:
    """A partial update, the body of `PATCH /products/{product_id}`: only the fields sent change. At least one field.
    `name` and `price` may be left out but not set to null (422); `description` and `tax` may be set to null to clear
    them. Numbers must be finite JSON numbers; booleans and numeric strings are not numbers. Unknown fields are rejected
    with 422.

        Attributes:
            name (str | Unset): The new name; may be left out, not null.
            description (None | str | Unset): The new description; null clears it.
            price (float | Unset): The new price, a finite number ≥ 0; may be left out, not null.
            tax (float | None | Unset): The new tax, a finite number ≥ 0; null clears it.
    """

    name: str | Unset = UNSET
    description: None | str | Unset = UNSET
    price: float | Unset = UNSET
    tax: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        price = self.price

        tax: float | None | Unset
        if isinstance(self.tax, Unset):
            tax = UNSET
        else:
            tax = self.tax

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if price is not UNSET:
            field_dict["price"] = price
        if tax is not UNSET:
            field_dict["tax"] = tax

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        price = d.pop("price", UNSET)

        def _parse_tax(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        tax = _parse_tax(d.pop("tax", UNSET))

        product_patch = cls(
            name=name,
            description=description,
            price=price,
            tax=tax,
        )

        return product_patch
