from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """The OAuth2 password-grant form (RFC 6749 §4.3.2), sent to `POST /token` as `application/x-www-form-urlencoded`.
    Unrecognised parameters (for example `client_id` or `client_secret`) are ignored, not rejected: RFC 6749 §3.2 says
    the server MUST ignore unrecognised request parameters, so unlike the JSON request bodies this schema does not
    forbid extra properties. A form that violates this schema is 400 `invalid_request`, not 422.

        Attributes:
            username (str): The username. One that matches no user gets the same `invalid_grant` answer as a wrong password.
            password (str): The password, any Unicode, compared in full (never truncated).
            grant_type (str | Unset): Must be `password` when sent. OAuth2 makes it required, but it is optional here
                because FastAPI's own password form and many clients (including the seed article's test) omit it; when absent,
                `password` is assumed. Any other value is 400 `unsupported_grant_type`.
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3). None are defined, so the value is ignored.
    """

    username: str
    password: str
    grant_type: str | Unset = UNSET
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        grant_type = self.grant_type

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "username": username,
                "password": password,
            }
        )
        if grant_type is not UNSET:
            field_dict["grant_type"] = grant_type
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        password = d.pop("password")

        grant_type = d.pop("grant_type", UNSET)

        scope = d.pop("scope", UNSET)

        token_request = cls(
            username=username,
            password=password,
            grant_type=grant_type,
            scope=scope,
        )

        token_request.additional_properties = d
        return token_request

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
