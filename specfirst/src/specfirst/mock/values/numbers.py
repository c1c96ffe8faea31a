"""Numbers for a schema: integers and numbers inside its bounds and its number format's range,
multiples of its multipleOf, worked out exactly over fractions (0.1 is 1/10, not a float)."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor
from typing import Any, Final

from specfirst.mock.values.context import Context, InstanceError


@dataclass(frozen=True)
class _Range:
    """Where a number may lie: exact bounds (None: unbounded), each inclusive or not."""

    low: Fraction | None = None
    low_open: bool = False
    high: Fraction | None = None
    high_open: bool = False

    def holds(self, number: Fraction) -> bool:
        above = self.low is None or number > self.low or (number == self.low and not self.low_open)
        below = (
            self.high is None or number < self.high or (number == self.high and not self.high_open)
        )
        return above and below

    def integers(self) -> tuple[int | None, int | None]:
        """The least and greatest integers inside."""
        low = high = None
        if self.low is not None:
            low = floor(self.low) + 1 if self.low_open else ceil(self.low)
        if self.high is not None:
            high = ceil(self.high) - 1 if self.high_open else floor(self.high)
        return low, high


_FLOAT32_MAX: Final = Fraction(3.4028234663852886e38)
_FORMAT_RANGES: Final[dict[str, tuple[Fraction, Fraction]]] = {
    "int32": (Fraction(-(2**31)), Fraction(2**31 - 1)),
    "int64": (Fraction(-(2**63)), Fraction(2**63 - 1)),
    "float": (-_FLOAT32_MAX, _FLOAT32_MAX),
}


def _number_range(flat: Mapping[str, Any]) -> _Range:
    """minimum, exclusiveMinimum (a number, in 2020-12), their upper twins, and the range of an
    OpenAPI number format, the tightest of each side."""
    lows: list[tuple[Fraction, bool]] = []
    highs: list[tuple[Fraction, bool]] = []
    for keyword, sides, is_open in (
        ("minimum", lows, False),
        ("exclusiveMinimum", lows, True),
        ("maximum", highs, False),
        ("exclusiveMaximum", highs, True),
    ):
        bound = exact(flat.get(keyword))
        if bound is not None:
            sides.append((bound, is_open))
    format_ = flat.get("format")
    format_range = _FORMAT_RANGES.get(format_) if isinstance(format_, str) else None
    if format_range is not None:
        lows.append((format_range[0], False))
        highs.append((format_range[1], False))
    # At equal bounds the open one is the tighter.
    low, low_open = max(lows, key=lambda side: side) if lows else (None, False)
    high, high_open = (
        min(highs, key=lambda side: (side[0], not side[1])) if highs else (None, False)
    )
    return _Range(low, low_open, high, high_open)


def integer(flat: Mapping[str, Any], ctx: Context) -> int:
    """An integer in range that is a multiple of multipleOf: 1 when allowed (a realistic count
    or id), else the allowed one nearest to it; variants step away from it."""
    low, high = _number_range(flat).integers()
    multiple = exact(flat.get("multipleOf"))
    # The integer multiples of p/q (in lowest terms) are the multiples of p.
    step = multiple.numerator if multiple is not None and multiple > 0 else 1
    return _pick_integer(low, high, step, ctx)


def _pick_integer(low: int | None, high: int | None, step: int, ctx: Context) -> int:
    preferred = 1
    if low is not None:
        preferred = max(preferred, low)
    if high is not None:
        preferred = min(preferred, high)
    first = -(-preferred // step) * step  # the first multiple at or above
    if high is not None and first > high:
        first = preferred // step * step  # the last multiple at or below
    if (low is not None and first < low) or (high is not None and first > high):
        multiple = f" that is a multiple of {step}" if step != 1 else ""
        raise InstanceError(f"{ctx.where}: no integer from {low} to {high}{multiple}")
    for candidate in (first + ctx.variant * step, first - ctx.variant * step):
        if (low is None or candidate >= low) and (high is None or candidate <= high):
            return candidate
    raise InstanceError(f"{ctx.where}: fewer than {ctx.variant + 1} integers from {low} to {high}")


def number(flat: Mapping[str, Any], ctx: Context) -> int | float:
    """A number in range: a multiple of multipleOf when there is one, else preferably one with
    a fraction (1.5), which also tells it from the integers of a sibling branch."""
    bounds = _number_range(flat)
    multiple = exact(flat.get("multipleOf"))
    if multiple is not None and multiple > 0:
        # Pick k for k * multiple, as an integer in the range divided by the multiple.
        scaled = _Range(
            None if bounds.low is None else bounds.low / multiple,
            bounds.low_open,
            None if bounds.high is None else bounds.high / multiple,
            bounds.high_open,
        )
        return json_number(_pick_integer(*scaled.integers(), 1, ctx) * multiple)
    return float(_pick_fraction(bounds, ctx))


def _pick_fraction(bounds: _Range, ctx: Context) -> Fraction:
    """1.5 (2.5, ... for other variants) when in range, else as far inside the nearer bound,
    else (a narrow range) a point inside: the middle, a third, a quarter..."""
    low, high = bounds.low, bounds.high
    if low is not None and high is not None:
        if low > high or (low == high and (bounds.low_open or bounds.high_open)):
            raise InstanceError(f"{ctx.where}: no number between {float(low)} and {float(high)}")
        if low == high:
            if ctx.variant:
                raise InstanceError(f"{ctx.where}: {float(low)} is the only number allowed")
            return low
    offset = Fraction(3, 2) + ctx.variant
    for candidate in (
        offset,
        None if low is None else low + offset,
        None if high is None else high - offset,
    ):
        if candidate is not None and bounds.holds(candidate):
            return candidate
    if low is not None and high is not None:  # a range narrower than the offset
        return low + (high - low) / (ctx.variant + 2)
    raise InstanceError(f"{ctx.where}: found no number in range")  # not reached: see above


def exact(value: Any) -> Fraction | None:
    """A JSON number as an exact fraction, decimals as written (0.1 is 1/10); None for any
    other value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def json_number(value: Fraction) -> int | float:
    """`value` as JSON writes it: an integer when it is whole."""
    return int(value) if value.denominator == 1 else float(value)
