r"""``method="auto"``: the complex step, accepted only where real differences confirm it."""

from __future__ import annotations

import math
from typing import Any

from .differences import (
    CENTRAL_STEP,
    EPS,
    MAX_SHRINKS,
    NOISE,
    SHRINK,
    DerivativeEstimate,
    complex_step_size,
    exact_step,
)
from .floats_or_arrays import all_of, any_of, fmax, fmin, negate, nonfinite, pick, ratio
from .line import Line, NoComplexStep
from .richardson import AGREE, MIN_ROW_STEP, require_derivative, richardson_parts, too_coarse

CHECK_CAP = 1e-6  # the cheap check of the complex step must resolve it to 1e-6 or better
ROUNDING_MARGIN = 16.0  # a closer check's step stays this far above where rounding caps it


def _confirm(target: Line, slope: Any, step: Any) -> tuple[Any, Any, Any]:
    r"""Check a complex-step ``slope`` against real differences at step h (3 calls of f).

    For code analytic in x, the central difference and the complex step *at the same h*
    err in opposite directions,

    .. math:: D(h) = f' + \tfrac{h^2}{6} f''' + O(h^4), \qquad
              C(h) = \operatorname{Im} f(x+ih)/h = f' - \tfrac{h^2}{6} f''' + O(h^4),

    so D(h) + C(h) - 2 ``slope`` is O(h^4) plus the rounding of f's values. Code that is not
    analytic (abs, np.real, a cast inside) makes C follow a different function from D,
    and the sum misses by the difference of their slopes. Accepted where that residual is
    within the tolerance (twice the rounding noise of D, plus 1e-3 |D - C| for the O(h^4)
    terms), provided the tolerance itself is within 1e-6 of |slope|: else the check says
    nothing, and the caller moves on to a better one. Also returns the length over which
    f's slope changes, |f'/f''|, estimated from the same points, and where f was not finite
    at those points (a domain edge within the step).
    """
    x = target.x
    step = exact_step(target, step)
    plus, minus = x + step, x - step
    f_plus, f_minus = target.real(plus), target.real(minus)
    try:
        moderate = target.complex_step(step)
    except NoComplexStep:
        moderate = target.full(math.nan)
    central = (f_plus - f_minus) / (plus - minus)
    noise = NOISE * (abs(f_plus) + abs(f_minus)) / (plus - minus)
    tolerance = 2 * noise + 1e-3 * abs(central - moderate)
    residual = abs(central + moderate - 2 * slope)
    accepted = (residual <= tolerance) & (tolerance <= CHECK_CAP * abs(slope))
    if all_of(accepted):
        return accepted, target.scale, None  # the caller stops here: no edge to report
    curvature = abs(f_plus - 2 * target.fx + f_minus) / step / step
    length = ratio(abs(central), curvature)
    # f undefined within h of x: a domain edge is that close, so f changes over <= h.
    edge = nonfinite(f_plus) | nonfinite(f_minus)
    return accepted, pick(edge, step / 2, length), edge


def auto_parts(target: Line, h: float | None) -> tuple[tuple[Any, Any, Any], Any]:
    """The auto estimate ``(value, error, step)`` (a plain tuple: this is the hot path) and
    where it is the (verified) complex step.

    1. Try the complex step. It is rejected outright if f raises on complex input or returns
       real numbers.
    2. Check it cheaply (:func:`_confirm`, 3 calls) at the central step eps^(1/3) max(1,|x|).
    3. Where that cannot decide because f changes over a much shorter length L than the
       step assumed (near log's edge at 0, say), check again at a step ~eps^(1/3) L that
       suits that length (3 more calls), and again closer while a domain edge is still
       within the step (log at 1e-50: a few more rounds).
    4. Where it still fails, run Richardson extrapolation and accept the complex step where
       it agrees within 4x the extrapolation's error estimate or 1e-9 relative; elsewhere
       return the Richardson value (refusing, as ``richardson`` does, where no derivative
       exists). So a complex step is only returned within ~1e-9 (or the error bound) of an
       independent real-arithmetic estimate, with one exception: beyond |x| = 1e10, where
       the real steps are wider than 1 and cannot settle (sin at 1e12 or 1e300), the
       complex step is returned unconfirmed.

    The price of that rule: if f's own values carry far more than rounding error (say
    ``np.log(1 + u)`` for u ~ 1e-10, whose values are rounded to ~1e-6 relative), real
    differences cannot confirm the complex step and the Richardson value, limited by that
    noise, is returned.
    """
    try:
        step = complex_step_size(target.x, target.scale)
        complex_slope = target.complex_step(step)
    except NoComplexStep:
        found = richardson_parts(target, h)
        require_derivative(target, found)
        return (found.value, found.error, found.step), target.full(False)
    # A confirmed complex step is exact to rounding: that is its error.
    confirmed = (complex_slope, EPS * abs(complex_slope), step)
    accepted, length, _ = _confirm(target, complex_slope, CENTRAL_STEP * target.scale)
    if all_of(accepted):
        return confirmed, accepted
    local = target.per_step(fmin(target.scale, length))
    pending = (local < target.scale / SHRINK) & target.steps_to_values(True) & negate(accepted)
    for _ in range(MAX_SHRINKS):
        if not any_of(pending):
            break
        # The check's error is ~ (h / L)^2 |f'| (truncation) + N / h (rounding of f, with
        # N = 4 * 64 eps |f|). eps^(1/3) L balances them when |f| ~ |f'| L; where f is
        # large next to its change over L (arcsin just below 1) the balance lies higher.
        noise = 4 * NOISE * abs(target.fx)
        balance = ratio(noise * local * local, abs(complex_slope)) ** (1 / 3)
        # Below this step rounding alone exceeds what the check may accept: a length
        # measured with a step far wider than itself (x^-2 near its pole) can be far too
        # short, and a check at such a step could only fail.
        audible = ROUNDING_MARGIN * ratio(
            2 * NOISE * abs(target.fx), CHECK_CAP * abs(complex_slope)
        )
        step = fmax(fmax(CENTRAL_STEP * local, target.per_step(balance)), target.per_step(audible))
        accepted_closer, length, edge = _confirm(target, complex_slope, step)
        accepted = accepted | (pending & accepted_closer)
        if all_of(accepted):
            return confirmed, accepted
        # Where a domain edge is still within that step (log at 1e-50), the edge is nearer
        # still: look again from there. Any other failure goes on to Richardson.
        pending = pending & edge & negate(accepted)
        local = target.per_step(fmin(local, length))
    found = richardson_parts(target, h, live=negate(accepted))
    agree = abs(complex_slope - found.value) <= 4.0 * found.error + AGREE * abs(found.value)
    # Beyond |x| = 1e10 the real steps (>= 1e-10 |x|) are wider than 1: where they cannot
    # settle, a function that changes over a length ~1 (sin at 1e12) is beyond them, and
    # the complex step, which f accepted, is all there is.
    beyond = target.steps_to_values(MIN_ROW_STEP * target.scale >= 1.0)
    unresolved = negate(found.settled) | too_coarse(target, found)
    accepted = accepted | agree | (beyond & unresolved & negate(nonfinite(complex_slope)))
    require_derivative(target, found, accepted)
    chosen = tuple(
        pick(accepted, ours, theirs) for ours, theirs in zip(confirmed, found[:3], strict=True)
    )
    return (chosen[0], chosen[1], chosen[2]), accepted


def auto_derivative(target: Line, h: float | None) -> Any:
    return auto_parts(target, h)[0][0]


def auto_estimate(target: Line, h: float | None) -> DerivativeEstimate:
    return DerivativeEstimate(*auto_parts(target, h)[0])
