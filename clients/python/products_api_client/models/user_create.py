from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserCreate")


@_attrs_define
class UserCreate:
    """A registration request (`POST /users/`). Unknown fields are rejected with 422.

    Attributes:
        username (str): The login name, unique across all users: 3 to 50 characters, each an ASCII letter, digit, `_`,
            `.` or `-`.
        email (str): An e-mail address (RFC 5321 syntax, as `format: email` says), at most 254 characters. Any domain is
            accepted, including special-use ones such as `.test` or `localhost`; quoted local parts (`"a b"@example.com`)
            and IP-address domains (`a@[192.0.2.1]`) are not (422). The domain is stored lowercased, as mail systems treat
            it.
        password (str): 8 to 128 characters, any Unicode. Never truncated (two passwords that share their first 72 bytes
            are different passwords), never stored or logged in clear, never returned.
        full_name (None | str | Unset): Optional display name, any Unicode except NUL, at most 200 characters. Left out
            or null means no name.
    """

    username: str
    email: str
    password: str
    full_name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        email = self.email

        password = self.password

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "email": email,
                "password": password,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        email = d.pop("email")

        password = d.pop("password")

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        user_create = cls(
            username=username,
            email=email,
            password=password,
            full_name=full_name,
        )

        return user_create
