r"""Richardson extrapolation: central differences at h, h/2, h/4, ... taken to h -> 0.

:func:`extrapolate` builds the table and returns a :class:`Table` (the best entry and its
error estimate); :func:`richardson_parts` runs it from both sides when the central table
does not settle, and names what it found in a :class:`RichardsonEstimate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .differences import NOISE, RICHARDSON_STEP, SHRINK, DerivativeEstimate, exact_step
from .floats_or_arrays import all_of, any_of, first_where, negate, nonfinite, pick
from .line import Line

MAX_ROWS = 44  # rows of a Richardson table (each halves h; non-finite rows divide by 8)
MIN_ROW_STEP = 1e-10  # Richardson rows stop below this multiple of the scale: pure noise
SETTLED = 0.05  # a Richardson estimate whose error estimate exceeds 5% has not settled
DRIFT = 16.0  # quotients that change by more than this many times rounding are drifting

# auto, after Richardson: the complex step stands if it agrees with the Richardson value to
# 4x the latter's error estimate or to 1e-9 relative. Error estimates of real differences
# can be optimistic when f itself is computed with more than rounding-level error (log(1 +
# u^2) for small u carries ~eps/u^2 relative error), while code that breaks the complex step
# is wrong by far more than 1e-9.
AGREE = 1e-9
EVEN_POWERS = (2, 4, 6, 8, 10, 12)  # error terms of central differences
ALL_POWERS = (2, 3, 4, 5, 6, 7)  # error terms of one-sided three-point differences


class Table(NamedTuple):
    """What a Richardson table found, per value of f."""

    best: Any  # the entry with the smallest error estimate
    error: Any  # its error estimate (truncation, as the table sees it, plus rounding)
    noise: Any  # the rounding part: what f's rounded values alone leave uncertain
    seen: Any  # the largest difference quotient met: a yardstick where f' is ~0
    step: Any = math.nan  # the smallest step the best entry used (the h of its row)


class RichardsonEstimate(NamedTuple):
    """What :func:`richardson_parts` found, per value of f."""

    value: Any  # the extrapolated derivative (central, or one-sided where that is all there is)
    error: Any  # its error estimate
    step: Any  # the smallest step it used
    settled: Any  # whether the value is known (see is_settled)
    kink: Any  # where both one-sided values settled and disagree: f has a kink at x
    right: Any  # the one-sided values (NaN where not computed), for error messages
    left: Any


def extrapolate(
    target: Line,
    estimate: Callable[[Any], tuple[Any, Any]],
    h0: Any,
    powers: Sequence[int],
    *,
    live: Any = True,
) -> Table:
    r"""Extrapolate ``estimate(h)`` to h -> 0 as h halves row by row (a Neville table).

    If :math:`D(h) = D + c_1 h^{p_1} + c_2 h^{p_2} + \dots` (``powers`` lists the
    :math:`p_j`), each column of the table removes one more term:
    :math:`T_{k,j} = T_{k,j-1} + (T_{k,j-1} - T_{k-1,j-1}) / (2^{p_j} - 1)`. The error of an
    entry is estimated by how far it moved from its two neighbours plus the rounding noise
    of its row (``estimate`` returns a value and that noise), and the entry with the
    smallest estimate so far is kept (the idea of Ridders' method); its error is reported as
    the larger of its own estimate and that of the entry below it. Rows stop, for each
    value, once the best estimate is both small (1e-8 relative) and three rows old, or
    settled (see :func:`is_settled`) and eight rows old (rounding has taken over), or when h is
    down to noise level. An estimate that has not settled keeps the rows going: the first
    steps may be far wider than the region where f is smooth (1/x at x = 1e-6). Quotients
    that drift like c/h, beyond rounding, come from a kink or a pole nearer than h: while
    they do, the best entry so far loses its standing.

    A row where f is not finite divides that step by 8 instead of 2 and is NaN; NaN then
    spreads through that row's table entries, which restarts the table below the edge.

    (About 100 lines: one loop over the rows whose rules share their state; they are kept
    together so that they read in the order in which they act on a row.)
    """
    best = target.full(math.nan)
    error = target.full(math.inf)
    best_noise = target.full(math.nan)
    best_step = target.full(math.nan)
    best_column = target.full(-1)
    below = target.full(0.0)  # error estimate of the entry just below the best one
    seen = target.full(0.0)
    since = target.full(0)
    live = target.full(True) & live
    trend = target.full(0)  # rows in a row whose quotient drifted further (see below)
    last_value, last_change = target.full(math.nan), target.full(math.nan)
    h_min = MIN_ROW_STEP * target.scale
    h = h0
    previous: list[Any] = []
    for _ in range(MAX_ROWS):
        value, noise = estimate(h)
        row = [value]
        seen = pick(abs(value) > seen, abs(value), seen)
        improved = target.full(False)
        for j in range(1, min(len(previous), len(powers)) + 1):
            entry = row[j - 1] + (row[j - 1] - previous[j - 1]) / (2.0 ** powers[j - 1] - 1.0)
            entry_error = abs(entry - row[j - 1]) + abs(entry - previous[j - 1]) + 2 * noise
            below = pick((best_column == j) & (since == 0), entry_error, below)
            better = (entry_error < error) & live
            best = pick(better, entry, best)
            error = pick(better, entry_error, error)
            best_noise = pick(better, noise, best_noise)
            best_step = pick(better, h, best_step)
            below = pick(better, entry_error, below)
            best_column = pick(better, j, best_column)
            improved = improved | better
            row.append(entry)
        previous = row
        since = pick(improved, 0, pick(error < math.inf, since + 1, 0))
        finished = (since >= 3) & (error <= 1e-8 * abs(best))
        # A kink or a pole closer to x than h makes the quotients drift steadily, like
        # c/h, as h halves: each change has the sign of the last and at least 1.5 times
        # its size (truncation error shrinks instead). Rounding can drift like c/h too,
        # but with c at the rounding level of terms of size max(1, |x|): such changes
        # (log(1 + x^2) at x = 1e-8, say) are not counted.
        change = value - last_value
        rounding = DRIFT * (NOISE * target.scale / h + noise)
        growing = (
            (change * last_change > 0)
            & (abs(change) >= 1.5 * abs(last_change))
            & (abs(change) > rounding)
        )
        trend = pick(growing, trend + 1, 0)
        last_value, last_change = value, change
        # While they drift, every entry so far mixes in the far side of the kink or the
        # pole: forget how good the best one looked, so that any entry from a row with h
        # below that distance replaces it, and the table neither stops nor ends on a value
        # that merely looks settled. (best itself stays: NaN there means f is undefined.)
        drifting = trend >= 3
        error = pick(drifting, math.inf, error)
        best_column = pick(drifting, -1, best_column)
        below = pick(drifting, 0.0, below)
        since = pick(drifting, 0, since)
        # Rounding has taken over once the best entry is settled and eight rows old.
        settled = is_settled(Table(best, error, best_noise, seen))
        finished = finished | ((since >= 8) & settled)
        bad = target.bad_steps([value])
        # An edge of f's domain lies within h of x: from now on lengths are measured
        # against that distance, not against max(1, |x|).
        h_min = pick(bad & (MIN_ROW_STEP * h < h_min), MIN_ROW_STEP * h, h_min)
        h = pick(bad, h / SHRINK, h / 2.0)
        live = live & negate(finished) & target.steps_to_values(h >= h_min)
        if not any_of(live):
            break
    # The smallest of many error estimates is biased low: where f's values are noisy (or
    # coarsely rounded) two entries can agree by chance. The entry below the best one, in
    # the same column, checks that the agreement persisted.
    return Table(best, pick(below > error, below, error), best_noise, seen, best_step)


def central_estimate(target: Line) -> Callable[[Any], tuple[Any, Any]]:
    """h -> the central difference at h and its rounding noise (from the values used)."""

    def estimate(h: Any) -> tuple[Any, Any]:
        h = exact_step(target, h)
        plus, minus = target.x + h, target.x - h
        f_plus, f_minus = target.real(plus), target.real(minus)
        width = plus - minus
        return (f_plus - f_minus) / width, NOISE * (abs(f_plus) + abs(f_minus)) / width

    return estimate


def one_sided_estimate(target: Line, direction: int) -> Callable[[Any], tuple[Any, Any]]:
    """h -> the three-point one-sided difference at h and its rounding noise (see
    ``one_sided_difference``)."""

    def estimate(h: Any) -> tuple[Any, Any]:
        h = exact_step(target, h)
        near, far = target.x + direction * h, target.x + 2 * direction * h
        a, b = near - target.x, far - target.x
        w0, w1, w2 = -(a + b) / (a * b), b / (a * (b - a)), -a / (b * (b - a))
        f1, f2 = target.real(near), target.real(far)
        value = w0 * target.fx + w1 * f1 + w2 * f2
        return value, NOISE * (abs(w0 * target.fx) + abs(w1 * f1) + abs(w2 * f2))

    return estimate


def is_settled(table: Table) -> Any:
    """Whether an extrapolated value is known to 5%, or as well as f's rounding permits.

    Where f' is 0 (x^2 at 0) no relative measure works; there the error is also compared
    with the largest difference quotient met on the way down.
    """
    # 8: the reported error may come from the row below the best, whose rounding noise is
    # twice as large (half the step), and counts that noise twice (2 * noise per entry).
    return table.error <= SETTLED * abs(table.best) + 1e-12 * table.seen + 8 * table.noise


def richardson_parts(target: Line, h: float | None, live: Any = True) -> RichardsonEstimate:
    """Richardson estimate, its error estimate and step, whether it settled, and where f
    has a kink.

    Central differences first. Where their table does not settle (f undefined on one side,
    or a kink or a jump within the first steps), one-sided tables from each side are tried:
    if both settle and disagree, f has a kink at x.
    """
    if h is not None and any_of(h < 2 * MIN_ROW_STEP * target.scale):
        raise ValueError(
            f"h = {h!r} is too small for Richardson extrapolation at this x: its rows halve "
            f"the step and stop at {MIN_ROW_STEP:g} * max(1, |x|), where rounding is all "
            f"that is left; pass h of at least {2 * MIN_ROW_STEP:g} * max(1, |x|), or "
            "h=None for the default"
        )
    h0 = RICHARDSON_STEP * target.scale if h is None else h
    central = extrapolate(target, central_estimate(target), h0, EVEN_POWERS, live=live)
    best, error, step = central.best, central.error, central.step
    settled = is_settled(central) | negate(target.full(True) & live)
    kink = target.full(False)
    if all_of(settled):
        return RichardsonEstimate(best, error, step, settled, kink, best, best)
    sides = []
    for direction in (+1, -1):
        estimate = one_sided_estimate(target, direction)
        side = extrapolate(target, estimate, h0, ALL_POWERS, live=negate(settled))
        sides.append((side, is_settled(side) & negate(settled)))
    (right_side, right_ok), (left_side, left_ok) = sides
    right, right_error = right_side.best, right_side.error
    left, left_error = left_side.best, left_side.error
    agree = abs(right - left) <= 4.0 * (right_error + left_error) + AGREE * abs(right)
    kink = right_ok & left_ok & negate(agree)
    # One side alone is trusted only where f is undefined on the other (a domain edge).
    # Where f is defined there but that side never settles, f jumps or has an infinite
    # slope at x: float(x > 0) at 0 is flat from the left, yet has no derivative.
    right_alone = right_ok & nonfinite(left)
    left_alone = left_ok & nonfinite(right)
    take_right = right_ok & ((left_ok & (right_error <= left_error)) | right_alone)
    take_left = left_ok & negate(take_right) & (right_ok | left_alone)
    best = pick(take_right, right, pick(take_left, left, best))
    error = pick(take_right, right_error, pick(take_left, left_error, error))
    step = pick(take_right, right_side.step, pick(take_left, left_side.step, step))
    settled = settled | take_right | take_left
    return RichardsonEstimate(best, error, step, settled, kink, right, left)


def too_coarse(target: Line, found: RichardsonEstimate) -> Any:
    """Where the extrapolated slope is at rounding level over a step wider than 1.

    Steps scale with max(1, |x|), and at huge x even the smallest one spans many periods
    of a function that changes over a length of 1 (sin at 1e300, where neighbouring floats
    are 1e284 apart): there the quotients are noise, and a tiny value is no derivative.
    """
    return (found.step > 1.0) & (abs(found.value) * found.step <= NOISE * abs(target.fx))


def require_derivative(target: Line, found: RichardsonEstimate, accepted: Any = False) -> None:
    """Refuse to return a number where the extrapolation found no derivative."""
    best, error, settled = found.value, found.error, found.settled
    coarse = too_coarse(target, found) & negate(accepted)
    if any_of(coarse):
        where = first_where(target.x, coarse) if target.kind == "elementwise" else target.x
        raise ValueError(
            f"real differences cannot resolve f at x = {where!r}: even their smallest step "
            f"({first_where(found.step, coarse):.1e}) is so wide that f's change over it is "
            "at rounding level. Use method='complex' (exact for analytic f) or 'auto'"
        )
    kink = found.kink & negate(accepted)
    if any_of(kink):
        right, left = found.right, found.left
        where = first_where(target.x, kink) if target.kind == "elementwise" else target.x
        raise ValueError(
            f"f is not differentiable at x = {where!r}: the slope from the right "
            f"({first_where(right, kink)!r}) differs from the slope from the left "
            f"({first_where(left, kink)!r}); f has a kink at x or within ~1e-10 of it"
        )
    unsettled = negate(settled | accepted)
    if any_of(unsettled):
        where = first_where(target.x, unsettled) if target.kind == "elementwise" else target.x
        estimate = first_where(best, unsettled)
        if not math.isfinite(estimate):
            right, left = first_where(found.right, unsettled), first_where(found.left, unsettled)
            raise ValueError(
                f"f does not seem to have a finite derivative at x = {where!r}: f is undefined "
                f"on one side of x and the one-sided difference quotients keep changing as "
                f"the step shrinks (last estimates: right {right!r}, left {left!r}). x may be "
                "at the edge of f's domain, where the slope is infinite or not defined"
            )
        raise ValueError(
            f"f does not seem to have a finite derivative at x = {where!r}: difference "
            f"quotients keep changing as the step shrinks (estimate {estimate!r}, error "
            f"estimate {first_where(error, unsettled)!r}). f may jump at x, have an infinite "
            "slope there, or be too noisy"
        )


def richardson_derivative(target: Line, h: float | None) -> Any:
    found = richardson_parts(target, h)
    require_derivative(target, found)
    return found.value


def richardson_estimate(target: Line, h: float | None) -> DerivativeEstimate:
    found = richardson_parts(target, h)
    require_derivative(target, found)
    return DerivativeEstimate(found.value, found.error, found.step)
