"""Strings for a schema: a format's sample value, the word "string" fitted to the length bounds,
or a string found for the pattern with Hypothesis, the first that the whole schema accepts."""

import base64
import datetime
import ipaddress
import re
import uuid
from collections.abc import Callable, Mapping
from random import Random
from typing import Any, Final

from specfirst.mock.values.context import Context, InstanceError
from specfirst.mock.values.jsonvalues import canonical
from specfirst.mock.values.keywords import bound, count
from specfirst.mock.values.validation import Validation

_STRING_KEYWORDS: Final = ("minLength", "maxLength", "pattern", "format")


def _suffix(variant: int) -> str:
    return str(variant) if variant else ""


def _day(variant: int) -> datetime.date:
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=variant)


def _clock(variant: int) -> str:
    return (datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=variant)).time().isoformat()


_UUID_SAMPLE: Final = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")

# Each format's sample value, and different ones for other variants.
FORMAT_SAMPLES: Final[dict[str, Callable[[int], str]]] = {
    "date-time": lambda n: f"{_day(n).isoformat()}T00:00:00Z",
    "date": lambda n: _day(n).isoformat(),
    "time": lambda n: f"{_clock(n)}Z",
    "duration": lambda n: f"P{n + 1}D",
    "email": lambda n: f"user{_suffix(n)}@example.com",
    "idn-email": lambda n: f"user{_suffix(n)}@example.com",
    "uuid": lambda n: str(uuid.UUID(int=_UUID_SAMPLE.int + n)),
    "uri": lambda n: f"https://example.com/{_suffix(n)}",
    "iri": lambda n: f"https://example.com/{_suffix(n)}",
    "uri-reference": lambda n: f"https://example.com/{_suffix(n)}",
    "iri-reference": lambda n: f"https://example.com/{_suffix(n)}",
    "hostname": lambda n: f"{f'host{n}.' if n else ''}example.com",
    "idn-hostname": lambda n: f"{f'host{n}.' if n else ''}example.com",
    "ipv4": lambda n: str(ipaddress.IPv4Address("192.0.2.1") + n),  # TEST-NET-1, RFC 5737
    "ipv6": lambda n: str(ipaddress.IPv6Address("2001:db8::1") + n),  # documentation, RFC 3849
    "byte": lambda n: base64.b64encode(f"example{_suffix(n)}".encode()).decode(),
    "binary": lambda n: f"binary{_suffix(n)}",
    "password": lambda n: f"password{_suffix(n)}",
    "json-pointer": lambda n: f"/example{_suffix(n)}",
    "relative-json-pointer": lambda n: f"0/example{_suffix(n)}",
    "regex": lambda n: f"^example{_suffix(n)}$",
}


class Strings:
    """Strings valid against the schemas of one document; the strings found for a pattern are
    kept, so that each search runs once."""

    def __init__(self, validation: Validation) -> None:
        self._validation = validation
        # Strings found for a pattern, by the schema they were checked against (see matching).
        self._matches: dict[str, list[str]] = {}
        self._no_more_matches: set[str] = set()

    def string(self, flat: Mapping[str, Any], ctx: Context) -> str:
        """The first valid against all of `flat` of: the format's sample, the word "string"
        (padded or cut to the length bounds: many patterns accept it), and a string found for
        the pattern."""
        fits = self._validation.validator(flat).is_valid
        format_ = flat.get("format")
        sample = FORMAT_SAMPLES.get(format_) if isinstance(format_, str) else None
        low, high = count(flat, "minLength", 0), bound(flat, "maxLength")
        # A few variants, in case a `not` or a residual constraint refuses the first.
        for variant in range(ctx.variant, ctx.variant + 3):
            if sample is not None and fits(text := sample(variant)):
                return text
            plain = _plain_string(low, high, variant)
            if plain is not None and fits(plain):
                return plain
        pattern = flat.get("pattern")
        if isinstance(pattern, str):
            found = self.matching(pattern, flat, ctx.variant)
            if found is not None:
                return found
        wanted = ", ".join(f"{key} {flat[key]!r}" for key in _STRING_KEYWORDS if key in flat)
        raise InstanceError(f"{ctx.where}: found no string with {wanted or 'these constraints'}")

    def matching(self, pattern: str, flat: Mapping[str, Any], variant: int) -> str | None:
        """The variant-th distinct string found for `pattern` that is valid against `flat`, or
        None."""
        key = canonical(flat)
        found = self._matches.setdefault(key, [])
        fits = self._validation.validator(flat).is_valid
        while len(found) <= variant and key not in self._no_more_matches:
            text = _search_regex(pattern, lambda text: text not in found and fits(text))
            if text is None:
                self._no_more_matches.add(key)
            else:
                found.append(text)
        return found[variant] if variant < len(found) else None


def _plain_string(low: int, high: int | None, variant: int) -> str | None:
    """The word "string" (then "string1", ...), padded with x to minLength; when maxLength is
    shorter, its start ("str") or, for other variants, short words of letters. None when no
    length fits."""
    text = "string" + _suffix(variant)
    text += "x" * (low - len(text))
    if high is None or len(text) <= high:
        return text
    if variant == 0 and low <= high:
        return text[:high]
    for length in range(low, high + 1):
        if variant < 26**length:
            letters = []
            for _ in range(length):
                variant, letter = divmod(variant, 26)
                letters.append(chr(ord("a") + letter))
            return "".join(reversed(letters))
        variant -= 26**length
    return None


def _search_regex(pattern: str, accept: Callable[[str], bool]) -> str | None:
    """The simplest string that fully matches `pattern` and that `accept` takes, or None.

    Hypothesis draws matching strings with a fixed seed until one is accepted, then shrinks it
    to a minimal one: a canonical answer, the same on every run (and the shortest, so the
    simplest example). Printable ASCII is tried first, for readable examples, then any character.
    Hypothesis keeps caches (Unicode tables, constants) in .hypothesis/ in the working directory
    (HYPOTHESIS_STORAGE_DIRECTORY moves it); no examples are saved there.
    """
    # Imported here: Hypothesis is heavy to import, and only patterns need it.
    from hypothesis import Phase, Verbosity, find, settings, strategies
    from hypothesis.errors import HypothesisException

    search = settings(
        database=None,  # nothing is saved
        deadline=None,
        max_examples=500,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        derandomize=False,  # the seed is given below; no profile may change this
        backend="hypothesis",
        print_blob=False,
    )
    printable = strategies.characters(min_codepoint=0x20, max_codepoint=0x7E)
    for alphabet in (printable, None):
        try:
            strings = strategies.from_regex(pattern, fullmatch=True, alphabet=alphabet)
            return find(strings, accept, settings=search, random=Random(0))
        except (HypothesisException, re.error):
            continue  # no accepted match (with this alphabet), or not a pattern Python reads
    return None
