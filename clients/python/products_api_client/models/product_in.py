from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductIn")


@_attrs_define
class ProductIn:
    """A complete product, the body of `POST /products/` and `PUT /products/{product_id}`. Optional fields left out are
    stored as null (on PUT, they replace the old value with null). Numbers must be finite JSON numbers (`NaN` and
    `Infinity` are rejected); booleans and numeric strings such as `"5"` are not numbers. Unknown fields are rejected
    with 422.

        Attributes:
            name (str): The product's name, 1 to 200 characters, any Unicode except NUL.
            price (float): The price, a finite number ≥ 0.
            description (None | str | Unset): Optional free text, at most 2000 characters, any Unicode except NUL.
            tax (float | None | Unset): Optional tax, a finite number ≥ 0, or null.
    """

    name: str
    price: float
    description: None | str | Unset = UNSET
    tax: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        price = self.price

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        tax: float | None | Unset
        if isinstance(self.tax, Unset):
            tax = UNSET
        else:
            tax = self.tax

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "price": price,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if tax is not UNSET:
            field_dict["tax"] = tax

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        price = d.pop("price")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_tax(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        tax = _parse_tax(d.pop("tax", UNSET))

        product_in = cls(
            name=name,
            price=price,
            description=description,
            tax=tax,
        )

        return product_in
