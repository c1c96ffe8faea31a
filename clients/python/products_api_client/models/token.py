from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_token_type import TokenTokenType

T = TypeVar("T", bound="Token")


@_attrs_define
class Token:
    """A successful token response (RFC 6749 §5.1). Send `access_token` as `Authorization: Bearer <access_token>`.

    Attributes:
        access_token (str): The bearer token (a signed JWT). Treat it as opaque; do not log it.
        token_type (TokenTokenType): Always `bearer` (RFC 6750).
        expires_in (int): Seconds until the token expires, counted from this response.
    """

    access_token: str
    token_type: TokenTokenType
    expires_in: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type.value

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = TokenTokenType(d.pop("token_type"))

        expires_in = d.pop("expires_in")

        token = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
        )

        token.additional_properties = d
        return token

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
