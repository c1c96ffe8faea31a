from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ItemEcho")


@_attrs_define
class ItemEcho:
    """The seed article's item echo: the path's `item_id` and the query's `q`, as received.

    Attributes:
        item_id (int): The `item_id` from the path.
        q (None | str): The `q` query parameter, verbatim; null when it was not sent.
    """

    item_id: int
    q: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        item_id = self.item_id

        q: None | str
        q = self.q

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "item_id": item_id,
                "q": q,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item_id = d.pop("item_id")

        def _parse_q(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        q = _parse_q(d.pop("q"))

        item_echo = cls(
            item_id=item_id,
            q=q,
        )

        item_echo.additional_properties = d
        return item_echo

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
