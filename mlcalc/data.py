"""Small synthetic data sets made on the spot from a seed; nothing is downloaded.

Every function takes the number of points ``n``, a noise level and an integer ``seed``:
the same seed gives the same data on every machine (NumPy's ``default_rng``), a different
seed a different draw. Regression sets return ``X`` of shape ``(n, 1)`` and ``y`` of shape
``(n,)``; the two-class sets return ``X`` of shape ``(n, 2)`` and labels ``y`` of shape
``(n,)`` holding ``0.0`` and ``1.0`` (floats, ready for a loss), ``n // 2`` of class 0 and
the rest of class 1, in shuffled order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_real_scalar, interval, positive_int, random_generator

__all__ = ["blobs", "linear", "moons", "spirals", "xor"]


def _noise(noise: Any) -> float:
    result = as_real_scalar(noise, "noise")
    if result < 0:
        raise ValueError(f"noise must be non-negative (a standard deviation), got {result}")
    return result


def _two_class_size(n: Any) -> tuple[int, int]:
    n = positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 so that both classes have a point, got {n}")
    return n // 2, n - n // 2


def _shuffled(
    rng: np.random.Generator, class0: np.ndarray, class1: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Stack the two classes, label them 0 and 1, and mix the rows."""
    X = np.vstack([class0, class1])
    y = np.concatenate([np.zeros(len(class0)), np.ones(len(class1))])
    order = rng.permutation(len(X))
    return X[order], y[order]


def linear(
    n: int = 100,
    *,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    seed: int = 0,
    x_range: tuple[float, float] = (-3.0, 3.0),
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points scattered about a line: :math:`y = m x + b + \varepsilon`.

    ``x`` is uniform on ``x_range`` and :math:`\varepsilon \sim \mathcal N(0,
    \text{noise}^2)`, so least squares recovers ``slope`` and ``intercept`` up to an error
    that shrinks like :math:`\text{noise}/\sqrt{n}`.

    Returns
    -------
    X : numpy.ndarray, shape (n, 1)
    y : numpy.ndarray, shape (n,)

    Examples
    --------
    >>> X, y = linear(50, slope=3.0, intercept=-1.0, noise=0.0)
    >>> X.shape, y.shape, bool(np.allclose(y, 3 * X[:, 0] - 1))
    ((50, 1), (50,), True)
    """
    n = positive_int(n, "n")
    slope = as_real_scalar(slope, "slope")
    intercept = as_real_scalar(intercept, "intercept")
    noise = _noise(noise)
    rng = random_generator(seed, "seed")
    low, high = interval(x_range, "x_range")
    if not np.isfinite(high - low):
        raise OverflowError(
            f"x_range = ({low}, {high}) is too wide: its length is beyond the largest float "
            "(about 1.8e308)"
        )
    x = rng.uniform(low, high, n)
    with np.errstate(over="ignore", invalid="ignore"):
        y = slope * x + intercept + noise * rng.standard_normal(n)
    if not np.all(np.isfinite(y)):
        raise OverflowError(
            f"y = slope * x + intercept + noise overflows (beyond the largest float, about "
            f"1.8e308) with slope={slope:g}, intercept={intercept:g}, noise={noise:g} and "
            f"x_range=({low:g}, {high:g}); use smaller values"
        )
    return x[:, None], y


def moons(n: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles: no straight line separates them.

    Class 0 lies on the upper half of the unit circle, :math:`(\cos t, \sin t)`; class 1
    on a lower half circle shifted right and up, :math:`(1 - \cos t, \tfrac12 - \sin t)`,
    with :math:`t` uniform on :math:`[0, \pi]`. Gaussian noise of standard deviation
    ``noise`` is added to both coordinates.

    Examples
    --------
    >>> X, y = moons(10, noise=0.0)
    >>> X.shape, sorted(set(y.tolist()))
    ((10, 2), [0.0, 1.0])
    """
    n0, n1 = _two_class_size(n)
    noise = _noise(noise)
    rng = random_generator(seed, "seed")
    t0, t1 = rng.uniform(0.0, np.pi, n0), rng.uniform(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X, y = _shuffled(rng, upper, lower)
    return X + noise * rng.standard_normal(X.shape), y


def spirals(
    n: int = 200, *, noise: float = 0.03, turns: float = 1.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two spiral arms wound around each other, a hard set for a small network.

    A point at radius :math:`r \in (0, 1]` lies at angle :math:`2\pi\,\text{turns}\, r`
    (class 0) or that angle plus :math:`\pi` (class 1); Gaussian noise of standard
    deviation ``noise`` is added to both coordinates.

    Examples
    --------
    >>> X, y = spirals(100, noise=0.0)
    >>> bool(np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0))
    True
    """
    n0, n1 = _two_class_size(n)
    noise = _noise(noise)
    turns = as_real_scalar(turns, "turns")
    if turns <= 0:
        raise ValueError(f"turns must be positive, got {turns}")
    rng = random_generator(seed, "seed")

    def arm(count: int, phase: float) -> np.ndarray:
        # sqrt spreads the points evenly along the arm instead of crowding the centre
        radius = np.sqrt(rng.uniform(0.0, 1.0, count))
        angle = 2.0 * np.pi * turns * radius + phase
        return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])

    X, y = _shuffled(rng, arm(n0, 0.0), arm(n1, np.pi))
    return X + noise * rng.standard_normal(X.shape), y


def xor(n: int = 200, *, noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Four clusters at :math:`(\pm 1, \pm 1)`, labelled by the exclusive or of the signs.

    Class 1 sits at :math:`(1, -1)` and :math:`(-1, 1)`, class 0 at :math:`(1, 1)` and
    :math:`(-1, -1)`: the classic set that a linear model cannot fit and one hidden layer
    can. ``noise`` is the standard deviation of each cluster.

    Examples
    --------
    >>> X, y = xor(8, noise=0.0)
    >>> bool(np.all(y == (np.sign(X[:, 0]) != np.sign(X[:, 1]))))
    True
    """
    n0, n1 = _two_class_size(n)
    noise = _noise(noise)
    rng = random_generator(seed, "seed")

    def clusters(count: int, corners: np.ndarray) -> np.ndarray:
        which = rng.integers(0, 2, count)
        return corners[which] + noise * rng.standard_normal((count, 2))

    same_sign = clusters(n0, np.array([[1.0, 1.0], [-1.0, -1.0]]))
    opposite_sign = clusters(n1, np.array([[1.0, -1.0], [-1.0, 1.0]]))
    return _shuffled(rng, same_sign, opposite_sign)


def blobs(
    n: int = 200,
    *,
    noise: float = 0.6,
    seed: int = 0,
    centers: tuple[tuple[float, float], tuple[float, float]] = ((-1.0, -1.0), (1.0, 1.0)),
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two round Gaussian clouds, class 0 around ``centers[0]`` and class 1 around ``centers[1]``.

    ``noise`` is the standard deviation of each cloud; when it is small against the
    distance between the centres a straight line separates the classes (logistic
    regression's home ground), when it is large they overlap.

    Examples
    --------
    >>> X, y = blobs(400, noise=0.1)
    >>> np.round(X[y == 1].mean(axis=0), 1)
    array([1., 1.])
    """
    n0, n1 = _two_class_size(n)
    noise = _noise(noise)
    rng = random_generator(seed, "seed")
    try:
        middle = np.asarray(centers, dtype=np.float64)
    except (TypeError, ValueError):
        middle = np.empty(0)
    if middle.shape != (2, 2) or not np.all(np.isfinite(middle)):
        raise ValueError(f"centers must be two finite points ((x0, y0), (x1, y1)), got {centers!r}")
    cloud0 = middle[0] + noise * rng.standard_normal((n0, 2))
    cloud1 = middle[1] + noise * rng.standard_normal((n1, 2))
    return _shuffled(rng, cloud0, cloud1)
