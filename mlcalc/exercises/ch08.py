"""Exercises of chapter 8, Calculus in Neural Networks.

>>> from mlcalc.exercises import ch08
>>> ch08.q1.check(...).status
'unattempted'

q1 and q2 are derivations whose result is checked, q3 and q5 are functions the learner
writes (a vector-Jacobian product each), checked on cases the checker chooses, and q4 is
an experiment: counting the cost of two orders of the same chain of Jacobians.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# The data of q1 and q2, named so that the chapter's solutions can use the same arrays.
Q1_A = np.array([[1.0, 2.0, 0.0], [0.0, 3.0, -1.0], [4.0, 0.0, 2.0]])
Q1_X = np.array([1.0, -1.0, 2.0])
Q2_X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 1.0, 0.0], [1.0, -1.0, 1.0]])
Q2_W = np.array([[1.0, 0.0], [0.0, -1.0], [1.0, 1.0]])
Q2_Y = np.array([[2.0, 1.0], [0.0, 0.0], [1.0, -1.0], [1.0, 2.0]])
# q4: the widths of the network, input first.
Q4_WIDTHS = (784, 256, 256, 10)


class QuadraticFormGradient(NumericProblem):
    prompt = (
        "Let f(x) = x^T A x with the matrix A = [[1, 2, 0], [0, 3, -1], [4, 0, 2]] (not "
        "symmetric) and x = (1, -1, 2). Derive grad f in index notation and give "
        "grad f(x) at this point as an array of 3 numbers (they are whole numbers). The "
        "arrays are ch08.Q1_A and ch08.Q1_X."
    )
    # grad = (A + A^T) x = [[2, 2, 4], [2, 6, -1], [4, -1, 4]] @ (1, -1, 2) = (8, -6, 13).
    expected = np.array([8.0, -6.0, 13.0])
    rtol = 1e-9
    atol = 1e-9
    hints = (
        "Write f = sum over i and j of x_i A_ij x_j, then differentiate with respect to "
        "one coordinate x_k. The variable x_k appears twice in every term where i = k "
        "or j = k.",
        "The product rule gives two sums: one where the derivative hits the left x "
        "(i = k) and one where it hits the right x (j = k). Each sum is one entry of a "
        "matrix-vector product.",
        "One sum is (A x)_k, the other runs over the first index of A: it is an entry "
        "of A^T x. The formula 2 A x holds only for a symmetric A.",
    )
    solution_text = (
        "d/dx_k sum_ij x_i A_ij x_j = sum_j A_kj x_j + sum_i x_i A_ik = (A x)_k + (A^T x)_k, "
        "so grad f = (A + A^T) x. Here A x = (-1, -5, 8) and A^T x = (9, -1, 5), whose "
        "sum is (8, -6, 13). mc.gradient(lambda v: v @ A @ v, x) agrees."
    )


class BatchWeightGradient(NumericProblem):
    prompt = (
        "A linear layer without activation maps a batch X (4 rows, 3 features) to "
        "Z = X W with W of shape (3, 2), and the loss is the mean over the 4 rows of the "
        "squared distance to targets Y: L(W) = (1/4) sum_r ||x_r W - y_r||^2. Give "
        "dL/dW, shaped like W, to 5 significant figures. X, W and Y are ch08.Q2_X, "
        "ch08.Q2_W and ch08.Q2_Y."
    )
    # (2/4) X^T (X W - Y) with X W - Y = [[1, 1], [-1, -2], [1, 0], [1, 0]].
    expected = np.array([[2.0, 0.5], [-0.5, -1.0], [2.0, 2.0]])
    sig_figs = 5
    atol = 1e-9
    hints = (
        "Start with one row: the loss of example r is ||x_r W - y_r||^2 / 4. Its "
        "derivative with respect to z_r = x_r W is a row vector delta_r; what is it?",
        "For one row, dL/dW_ij = sum_k (dL/dz_k)(dz_k/dW_ij), and z_k depends on W_ij only "
        "when k = j. So the gradient of one row is an outer product of two vectors: "
        "which two, in which order, so that the shape is (3, 2)?",
        "Summing the outer products x_r^T delta_r over the rows is one matrix product of "
        "X^T with the matrix whose rows are the delta_r. Remember the 1/4 of the mean "
        "and the 2 of the square.",
    )
    solution_text = (
        "Row r contributes x_r^T delta_r with delta_r = (2/4)(x_r W - y_r); summed over the "
        "rows this is dL/dW = (2/4) X^T (X W - Y). Here X W - Y = [[1, 1], [-1, -2], "
        "[1, 0], [1, 0]], and (1/2) X^T (X W - Y) = [[2, 0.5], [-0.5, -1], [2, 2]]."
    )


def _softsign_slope(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.abs(z)) ** 2


def _points(seed: int, shapes: tuple[tuple[int, ...], ...], scale: float) -> tuple[Args, ...]:
    rng = np.random.default_rng(seed)
    return tuple(Args(scale * rng.normal(size=s), rng.normal(size=s)) for s in shapes)


class SoftsignVJP(FunctionProblem):
    prompt = (
        "The softsign activation is phi(z) = z / (1 + |z|), applied entry by entry. Write "
        "softsign_vjp(z, g) that returns the vector-Jacobian product g J, where J is the "
        "Jacobian of phi at z and g is the gradient of the loss with respect to phi(z) "
        "(same shape as z). It must work on a single row (shape (n,)) and on a batch "
        "(shape (B, n)) alike, without forming J."
    )
    points = (
        Args(np.array([0.0, 1.0, -1.0, 3.0]), np.array([1.0, 1.0, 1.0, 1.0])),
        Args(np.array([-2.0, 0.5, 40.0]), np.array([0.3, -1.2, 2.0])),
        *_points(8, ((5,), (3, 4), (6, 2)), scale=2.0),
        Args(np.array([[1e6, -1e6], [0.0, -0.25]]), np.array([[1.0, 1.0], [-2.0, 0.5]])),
    )
    rtol = 1e-10
    atol = 1e-14
    hints = (
        "phi acts on each entry alone, so its Jacobian is diagonal: the product g J "
        "multiplies each entry of g by one number. Which number?",
        "That number is phi'(z) at the same entry. Find phi' for z > 0 (where |z| = z) "
        "and for z < 0 (where |z| = -z) with the quotient rule; both cases fit one "
        "formula in |z|.",
        "Multiply entrywise with `*`; a diagonal matrix (np.diag) would only work for "
        "one row, and the checker also sends batches.",
    )
    solution_text = (
        "For z > 0, phi = z / (1 + z) and phi' = 1 / (1 + z)^2; for z < 0, phi = z / (1 - z) "
        "and phi' = 1 / (1 - z)^2. Both are 1 / (1 + |z|)^2 (also the slope at 0 from either "
        "side). The Jacobian is diag(phi'(z)), so g J = g * phi'(z):\n"
        "    def softsign_vjp(z, g):\n"
        "        return g / (1 + np.abs(z)) ** 2"
    )

    def reference(self, z: Any, g: Any) -> Any:
        return np.asarray(g, dtype=np.float64) * _softsign_slope(np.asarray(z, dtype=np.float64))


def _chain_cost_both_orders(widths: tuple[int, ...]) -> tuple[int, int]:
    """Multiply-adds of g J_L ... J_1 formed from the right and from the left.

    ``widths = (n_0, ..., n_L)``: layer k maps width n_{k-1} to n_k, so J_k is
    (n_k, n_{k-1}) and g is a (1, n_L) row. Multiplying (m, k) by (k, n) costs m k n.
    """
    from_right = 0
    rows_of_product = widths[1]  # J_1 alone: (n_1, n_0); nothing multiplied yet
    for width in widths[2:]:
        from_right += width * rows_of_product * widths[0]
        rows_of_product = width
    from_right += 1 * widths[-1] * widths[0]
    from_left = sum(1 * widths[k] * widths[k - 1] for k in range(1, len(widths)))
    return from_right, from_left


class CostOfTwoOrders(NumericProblem):
    prompt = (
        "A network maps 784 inputs through two hidden layers of 256 to 10 outputs, so its "
        "layer Jacobians are J1 (256 x 784), J2 (256 x 256) and J3 (10 x 256), and the "
        "loss gradient g is a 1 x 10 row. Multiplying an (m x k) by a (k x n) matrix "
        "costs m*k*n multiply-adds. Write code that counts the multiply-adds of "
        "g J3 J2 J1 computed (a) from the right: J2 J1 first, then J3 times that, then g "
        "times the result, and (b) from the left: g J3 first, then times J2, then J1. "
        "Give the ratio (a)/(b) to 3 significant figures, and time both orders with "
        "random matrices of these shapes."
    )
    expected = _chain_cost_both_orders(Q4_WIDTHS)[0] / _chain_cost_both_orders(Q4_WIDTHS)[1]
    sig_figs = 3
    hints = (
        "Keep track of the shape of the running product: every product of an (m x k) and "
        "a (k x n) matrix has shape (m x n) and costs m*k*n. A loop over the layers, or "
        "three lines per order, is enough.",
        "From the right, the running product always has 784 columns (it is a Jacobian "
        "with respect to the input). From the left it is always a single row.",
        "Add the three costs of each order before dividing. Check your count: the "
        "from-the-left total is the number of weights of the network's three layers "
        "(without biases).",
    )
    solution_text = (
        "(a) J2 J1: 256*256*784, J3 (J2 J1): 10*256*784, g J: 1*10*784, in all 53,395,104. "
        "(b) g J3: 1*10*256, then 1*256*256, then 1*256*784, in all 268,800: one row "
        "through each layer, as many multiply-adds as there are weights. The ratio is "
        "about 198.6; timed with NumPy the left-to-right order is faster by a factor of "
        "the same order of magnitude."
    )

    def wrong_answer(self) -> Any:
        # The ratio of the matrix-matrix product alone, forgetting the other products.
        return 256 * 256 * 784 / _chain_cost_both_orders(Q4_WIDTHS)[1]


def _stable_softmax(z: np.ndarray) -> np.ndarray:
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class SoftmaxVJP(FunctionProblem):
    prompt = (
        "Write softmax_vjp(z, g) for a batch: z and g have shape (B, k), each row of z is "
        "one example's scores, p = softmax of that row, and g's row is the gradient of "
        "the loss with respect to p. Return, row by row, g J where J = diag(p) - p^T p is "
        "the softmax Jacobian at that row, without forming J (O(k) work per row, not "
        "O(k^2)). Scores as large as 1000 must give finite results."
    )
    points = (
        Args(np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 0.0, 0.0]])),
        Args(np.array([[0.0, 0.0], [1.0, -1.0]]), np.array([[1.0, -1.0], [0.5, 2.0]])),
        *_points(9, ((4, 5), (3, 7)), scale=3.0),
        Args(np.array([[3.0]]), np.array([[2.5]])),
        Args(
            np.array([[1000.0, -1000.0, 999.0], [-1000.0, -1001.0, -1000.5]]),
            np.array([[1.0, 2.0, -1.0], [0.0, 3.0, 1.0]]),
        ),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Write out one entry of the row g J with J_jk = p_j (delta_jk - p_k): "
        "(g J)_k = sum_j g_j p_j (delta_jk - p_k). Split the sum into the delta part and "
        "the rest.",
        "The rest contains the same number sum_j g_j p_j for every k: compute it once "
        "per row (a sum along axis 1 with keepdims=True keeps the shapes aligned).",
        "For the softmax itself, subtracting the row's largest score before np.exp does "
        "not change p and keeps exp from overflowing at 1000.",
    )
    solution_text = (
        "(g J)_k = g_k p_k - p_k sum_j g_j p_j = p_k (g_k - g . p): one dot product per row "
        "and one entrywise product.\n"
        "    def softmax_vjp(z, g):\n"
        "        e = np.exp(z - z.max(axis=1, keepdims=True))\n"
        "        p = e / e.sum(axis=1, keepdims=True)\n"
        "        return p * (g - (g * p).sum(axis=1, keepdims=True))"
    )

    def reference(self, z: Any, g: Any) -> Any:
        p = _stable_softmax(np.asarray(z, dtype=np.float64))
        g = np.asarray(g, dtype=np.float64)
        return p * (g - (g * p).sum(axis=-1, keepdims=True))

    def wrong_answer(self) -> Any:
        # Only the diagonal of the Jacobian: the softmax treated as if it were elementwise.
        return lambda z, g: g * _stable_softmax(z) * (1 - _stable_softmax(z))


q1 = QuadraticFormGradient()
q2 = BatchWeightGradient()
q3 = SoftsignVJP()
q4 = CostOfTwoOrders()
q5 = SoftmaxVJP()
