"""Content negotiation (RFC 9110 §12.5.1): which of the media types a response can be sent as
the request's Accept header prefers."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    quality: float
    parameters: int  # how many parameters besides q: more specific ranges take precedence

    def matches(self, media_type: str) -> bool:
        kind, _, subtype = _essence(media_type).partition("/")
        return (self.type in ("*", kind) or kind == "*") and (
            self.subtype in ("*", subtype) or subtype == "*"
        )

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (self.type != "*", self.subtype != "*", self.parameters)


def best_match(accept: str | None, offered: Sequence[str]) -> str | None:
    """The first of `offered` with the highest quality the Accept header gives it (each media
    type judged by the most specific range that matches it), or None when it admits none of
    them. No header, or one that cannot be parsed, admits anything: the first is chosen."""
    ranges = _parse(accept) if accept else []
    if not ranges:
        return offered[0] if offered else None
    best, best_quality = None, 0.0
    for media_type in offered:
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        quality = max(matching, key=lambda r: r.specificity).quality
        if quality > best_quality:
            best, best_quality = media_type, quality
    return best


def _parse(accept: str) -> list[_Range]:
    ranges: list[_Range] = []
    for item in accept.split(","):
        essence, *parameters = (part.strip() for part in item.split(";"))
        kind, slash, subtype = essence.lower().partition("/")
        if not (kind and slash and subtype):
            continue
        quality, others = 1.0, 0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
            else:
                others += 1
        ranges.append(_Range(kind, subtype, quality, others))
    return ranges


def _essence(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()
