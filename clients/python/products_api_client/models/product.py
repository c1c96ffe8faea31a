from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """A product as stored and returned by the API.

    Attributes:
        id (int): The product's id.
        name (str): The product's name, verbatim.
        description (None | str): The description, verbatim; null when none.
        price (float): The price.
        tax (float | None): The tax; null when none.
        owner_id (int): The id of the user who created the product and may change it.
        created_at (datetime.datetime): When the product was created: RFC 3339 with an explicit UTC offset, for example
            `2026-11-26T06:21:38.123456Z`.
        updated_at (datetime.datetime): When the product was last created, replaced or updated: RFC 3339 with an
            explicit UTC offset, for example `2026-11-26T06:21:38.123456Z`.
    """

    id: int
    name: str
    description: None | str
    price: float
    tax: float | None
    owner_id: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description: None | str
        description = self.description

        price = self.price

        tax: float | None
        tax = self.tax

        owner_id = self.owner_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "price": price,
                "tax": tax,
                "owner_id": owner_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        price = d.pop("price")

        def _parse_tax(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        tax = _parse_tax(d.pop("tax"))

        owner_id = d.pop("owner_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        product = cls(
            id=id,
            name=name,
            description=description,
            price=price,
            tax=tax,
            owner_id=owner_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        product.additional_properties = d
        return product

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
