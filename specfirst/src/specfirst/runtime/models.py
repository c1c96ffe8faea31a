"""The base of every generated model, and the e-mail syntax JSON Schema's `format` means."""

from pydantic import BaseModel, ConfigDict


class ContractModel(BaseModel):
    """Base of every generated model: numbers must be finite, as JSON Schema numbers are
    (without it, `Infinity`, which Python's json module parses, would pass)."""

    model_config = ConfigDict(allow_inf_nan=False)


def accept_every_email_the_format_allows() -> None:
    """Make pydantic's EmailStr accept what `format: email` allows, for this process.

    `format: email` (JSON Schema) is RFC 5321 syntax: it does not ask that the domain can
    receive mail from the internet. email-validator, behind EmailStr, refuses special-use
    domains (RFC 6761: `.test`, `.localhost`, `.invalid`...) and dotless ones by default; its
    documented module settings relax both. Quoted local parts and IP-literal domains stay
    refused. Generated packages whose spec uses the format call this on import.
    """
    # Imported here: only specs that use the format need the package (pydantic[email]).
    import email_validator

    email_validator.GLOBALLY_DELIVERABLE = False
    email_validator.SPECIAL_USE_DOMAIN_NAMES = []
