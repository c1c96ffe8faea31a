from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.o_auth_2_problem_error import OAuth2ProblemError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_error_detail import ValidationErrorDetail


T = TypeVar("T", bound="OAuth2Problem")


@_attrs_define
class OAuth2Problem:
    """Problem details for an error of `POST /token`, carrying OAuth2's `error` code (RFC 6749 §5.2) beside the RFC 9457
    members, so both OAuth2 clients and problem-details clients understand it. `detail` plays the role of OAuth2's
    `error_description`.

        Attributes:
            type_ (str): A URI reference identifying the problem type: `about:blank` unless a more specific type applies.
            title (str): A short summary of the problem type; for `about:blank`, the HTTP reason phrase of `status`.
            status (int): The HTTP status code, repeated from the response.
            detail (str): A human-readable explanation of this occurrence. Always present, as in plain FastAPI errors.
            error (OAuth2ProblemError): The RFC 6749 §5.2 error code: `invalid_grant` for an unknown user or a wrong
                password (identical for both), `invalid_request` for a malformed or invalid form, `unsupported_grant_type` for a
                `grant_type` other than `password`.
            instance (str | Unset): A URI reference identifying this occurrence (optional).
            errors (list[ValidationErrorDetail] | Unset): Present on validation failures: one entry per invalid value,
                saying where it is and what was wrong.
    """

    type_: str
    title: str
    status: int
    detail: str
    error: OAuth2ProblemError
    instance: str | Unset = UNSET
    errors: list[ValidationErrorDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        error = self.error.value

        instance = self.instance

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "error": error,
            }
        )
        if instance is not UNSET:
            field_dict["instance"] = instance
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validation_error_detail import ValidationErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        error = OAuth2ProblemError(d.pop("error"))

        instance = d.pop("instance", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ValidationErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ValidationErrorDetail.from_dict(errors_item_data)

                errors.append(errors_item)

        o_auth_2_problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            error=error,
            instance=instance,
            errors=errors,
        )

        o_auth_2_problem.additional_properties = d
        return o_auth_2_problem

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
