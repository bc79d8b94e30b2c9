"""Exercises of chapter 10, Backpropagation.

>>> from mlcalc.exercises import ch10
>>> ch10.q1.check(...).status
'unattempted'

q1 and q2 are derivations whose result is checked (one neuron, then a small two-layer
network by hand), q3 and q4 are functions the learner writes (the backward pass of one
dense layer, then the gradients of a whole two-layer network), checked on cases the
checker chooses, and q5 is an experiment: training a network epoch by epoch and watching
its accuracy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# The data of q1: one tanh neuron, squared error against the target.
Q1_X = np.array([1.0, 2.0])
Q1_W = np.array([0.5, -0.5])
Q1_B = 0.25
Q1_Y = 1.0
# The data of q2: one example through a ReLU layer and a linear output, squared error.
Q2_X = np.array([[2.0, 1.0]])
Q2_W1 = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]])
Q2_B1 = np.zeros(3)
Q2_W2 = np.array([[1.0], [2.0], [-1.0]])
Q2_B2 = np.array([0.5])
Q2_Y = np.array([[0.5]])
# q5: the chapter's network, data and optimiser settings.
Q5_SIZES = (2, 16, 16, 1)
Q5_LEARNING_RATE = 0.02
Q5_EPOCHS = 600


def _neuron_gradient() -> np.ndarray:
    z = float(Q1_X @ Q1_W) + Q1_B
    a = np.tanh(z)
    delta = 2.0 * (a - Q1_Y) * (1.0 - a * a)  # dl/da times tanh'(z)
    return np.array([*(delta * Q1_X), delta])


class NeuronGradient(NumericProblem):
    prompt = (
        "A neuron with two inputs computes z = w . x + b and a = tanh(z), and its loss is "
        "l = (a - y)^2. With x = (1, 2), w = (0.5, -0.5), b = 0.25 and target y = 1, "
        "derive dl/dw1, dl/dw2 and dl/db by the chain rule and give them as an array of 3 "
        "numbers, to 5 significant figures. The numbers are ch10.Q1_X, ch10.Q1_W, "
        "ch10.Q1_B and ch10.Q1_Y."
    )
    expected = _neuron_gradient()
    sig_figs = 5
    hints = (
        "Do the forward pass first and write down z and a. Then go backwards one link "
        "at a time: dl/da, then da/dz, then dz/dw and dz/db.",
        "The slope of tanh can be written through its output: tanh'(z) = 1 - a^2. The "
        "product dl/da * da/dz is the neuron's error signal delta.",
        "dz/dw_i is the input x_i and dz/db is 1, so the three gradients are delta times "
        "x_1, delta times x_2 and delta itself.",
    )
    solution_text = (
        "Forward: z = 0.5 - 1 + 0.25 = -0.25, a = tanh(-0.25) = -0.24492. Backward: "
        "dl/da = 2 (a - y) = -2.48984, tanh'(z) = 1 - a^2 = 0.94001, so delta = -2.34048. "
        "Then dl/dw = delta x = (-2.3405, -4.6810) and dl/db = delta = -2.3405. "
        "mc.Value or torch.autograd on the same expression agree."
    )

    def wrong_answer(self) -> Any:
        # The slope of tanh forgotten: delta = 2 (a - y).
        a = np.tanh(float(Q1_X @ Q1_W) + Q1_B)
        delta = 2.0 * (a - Q1_Y)
        return np.array([*(delta * Q1_X), delta])


def _two_layer_relu_weight_gradient() -> np.ndarray:
    z1 = Q2_X @ Q2_W1 + Q2_B1
    a1 = np.maximum(z1, 0.0)
    z2 = a1 @ Q2_W2 + Q2_B2
    delta2 = 2.0 * (z2 - Q2_Y)
    delta1 = (delta2 @ Q2_W2.T) * (z1 > 0)
    return Q2_X.T @ delta1


class HiddenWeightGradient(NumericProblem):
    prompt = (
        "One example x = (2, 1), a row, goes through a ReLU layer and a linear output: "
        "z1 = x W1 + b1, a1 = relu(z1), z2 = a1 W2 + b2, with W1 = [[1, -1, 1], [-1, 1, 1]] "
        "(shape (2, 3)), b1 = 0, W2 = [[1], [2], [-1]] (shape (3, 1)), b2 = 0.5, and the "
        "loss L = (z2 - y)^2 with y = 0.5. Derive dL/dW1 by hand, layer by layer, and "
        "give it as an array shaped like W1 (its entries are whole numbers). The arrays "
        "are ch10.Q2_X, ch10.Q2_W1, ch10.Q2_B1, ch10.Q2_W2, ch10.Q2_B2 and ch10.Q2_Y."
    )
    expected = _two_layer_relu_weight_gradient()
    rtol = 1e-9
    atol = 1e-9
    hints = (
        "Run the forward pass and keep z1, a1 and z2. The error signal at the output is "
        "delta2 = dL/dz2, a 1 x 1 array.",
        "Send delta2 back through W2: the row delta2 W2^T has one entry per hidden unit. "
        "Then multiply entry by entry by relu'(z1), which is 1 where z1 > 0 and 0 "
        "elsewhere: that is delta1.",
        "The weight gradient of the first layer is x^T delta1, an outer product of the "
        "input column and the row delta1: shape (2, 3), like W1.",
    )
    solution_text = (
        "Forward: z1 = (1, -1, 3), a1 = (1, 0, 3), z2 = 1 + 0 - 3 + 0.5 = -1.5. Backward: "
        "delta2 = 2 (z2 - y) = -4; delta2 W2^T = (-4, -8, 4); relu'(z1) = (1, 0, 1), so "
        "delta1 = (-4, 0, 4). Then dL/dW1 = x^T delta1 = [[-8, 0, 8], [-4, 0, 4]]. The "
        "middle column is zero: the second unit is off for this input, so its incoming "
        "weights get no gradient from it."
    )

    def wrong_answer(self) -> Any:
        # The ReLU's slope forgotten: delta1 = delta2 W2^T.
        return Q2_X.T @ np.array([[-4.0, -8.0, 4.0]])


def _dense_backward(a: Any, W: Any, delta: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, W, delta = (np.asarray(v, dtype=np.float64) for v in (a, W, delta))
    return a.T @ delta, delta.sum(axis=0), delta @ W.T


def _layer_cases(seed: int, shapes: tuple[tuple[int, int, int], ...]) -> tuple[Args, ...]:
    """``Args(a, W, delta)`` for batches of ``n`` rows through layers ``fan_in -> fan_out``."""
    rng = np.random.default_rng(seed)
    return tuple(
        Args(rng.normal(size=(n, fan_in)), rng.normal(size=(fan_in, fan_out)),
             rng.normal(size=(n, fan_out)))
        for n, fan_in, fan_out in shapes
    )  # fmt: skip


class DenseBackward(FunctionProblem):
    prompt = (
        "Write dense_backward(a, W, delta) for a dense layer z = a W + b in the book's "
        "row convention: a is the layer's input batch, shape (n, fan_in), W has shape "
        "(fan_in, fan_out), and delta = dL/dz has shape (n, fan_out). Return the tuple "
        "(dW, db, da): dL/dW shaped like W, dL/db shaped (fan_out,), and dL/da shaped "
        "like a. The checker tries batches of one row and of several, square and "
        "rectangular layers."
    )
    points = (
        Args(np.array([[1.0, 2.0]]), np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]),
             np.array([[1.0, -1.0, 0.5]])),
        *_layer_cases(10, ((4, 3, 3), (5, 2, 4), (3, 4, 1), (1, 3, 2), (6, 5, 5))),
    )  # fmt: skip
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "Start from the shapes. dW must be (fan_in, fan_out) and is built from a, shape "
        "(n, fan_in), and delta, shape (n, fan_out): only one product of the two has "
        "that shape and sums over the n rows.",
        "Each bias entry b_j is added to z_j in every row, so its gradient collects "
        "delta's column j from every row of the batch.",
        "da must have a's shape (n, fan_in): multiply delta by W on the side and with "
        "the transposition that makes the shapes fit. Return all three in a tuple.",
    )
    solution_text = (
        "z_rj = sum_i a_ri W_ij + b_j, so dL/dW_ij = sum_r a_ri delta_rj (a^T delta), "
        "dL/db_j = sum_r delta_rj, and dL/da_ri = sum_j delta_rj W_ij (delta W^T):\n"
        "    def dense_backward(a, W, delta):\n"
        "        return a.T @ delta, delta.sum(axis=0), delta @ W.T\n"
        "These are the lines of Dense.backward in mlcalc/nn/layers.py."
    )

    def reference(self, a: Any, W: Any, delta: Any) -> Any:
        return _dense_backward(a, W, delta)

    def wrong_answer(self) -> Any:
        # The mean over the batch for the bias instead of the sum.
        return lambda a, W, delta: (a.T @ delta, delta.mean(axis=0), delta @ W.T)


def _two_layer_gradients(
    X: Any, Y: Any, W1: Any, b1: Any, W2: Any, b2: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X, Y, W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (X, Y, W1, b1, W2, b2))
    a1 = np.tanh(X @ W1 + b1)
    out = a1 @ W2 + b2
    delta2 = 2.0 * (out - Y) / out.size  # L is the mean over every entry
    dW2, db2, da1 = _dense_backward(a1, W2, delta2)
    delta1 = da1 * (1.0 - a1 * a1)
    dW1, db1, _ = _dense_backward(X, W1, delta1)
    return dW1, db1, dW2, db2


def _network_cases(seed: int, shapes: tuple[tuple[int, int, int, int], ...]) -> tuple[Args, ...]:
    """``Args(X, Y, W1, b1, W2, b2)`` for ``n`` rows through widths ``d -> h -> k``."""
    rng = np.random.default_rng(seed)
    cases = []
    for n, d, h, k in shapes:
        cases.append(
            Args(rng.normal(size=(n, d)), rng.normal(size=(n, k)),
                 rng.normal(size=(d, h)) / np.sqrt(d), rng.normal(size=h),
                 rng.normal(size=(h, k)) / np.sqrt(h), rng.normal(size=k))
        )  # fmt: skip
    return tuple(cases)


class TwoLayerGradients(FunctionProblem):
    prompt = (
        "Write two_layer_gradients(X, Y, W1, b1, W2, b2) for the network "
        "out = tanh(X W1 + b1) W2 + b2 with the mean squared error "
        "L = mean((out - Y)^2), the mean over all n * k entries (mc.mse). X has shape "
        "(n, d), Y (n, k), W1 (d, h), b1 (h,), W2 (h, k), b2 (k,). Return the tuple "
        "(dW1, db1, dW2, db2), each shaped like its parameter. Your dense_backward from "
        "the previous exercise may do half the work."
    )
    points = _network_cases(11, ((5, 2, 3, 1), (8, 3, 4, 2), (1, 2, 2, 1), (6, 4, 3, 3)))
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Forward first, keeping what the backward pass needs: a1 = tanh(X W1 + b1) and "
        "out. The output layer has no activation, so delta2 = dL/d(out) comes straight "
        "from the loss.",
        "L is a mean over n * k entries: each entry's squared error contributes "
        "2 (out - Y) / (n * k) to delta2. Then the output layer's backward pass gives "
        "dW2, db2 and dL/da1.",
        "Through tanh, multiply dL/da1 entry by entry by the slope written with the "
        "output, 1 - a1^2; that is delta1, and the first layer's backward pass turns it "
        "into dW1 and db1.",
    )
    solution_text = (
        "    def two_layer_gradients(X, Y, W1, b1, W2, b2):\n"
        "        a1 = np.tanh(X @ W1 + b1)\n"
        "        out = a1 @ W2 + b2\n"
        "        delta2 = 2 * (out - Y) / out.size\n"
        "        dW2, db2, da1 = dense_backward(a1, W2, delta2)\n"
        "        delta1 = da1 * (1 - a1**2)\n"
        "        dW1, db1, _ = dense_backward(X, W1, delta1)\n"
        "        return dW1, db1, dW2, db2\n"
        "mc.nn.MLP([d, h, k], 'tanh') with these weights, forward and backward, returns "
        "the same four arrays."
    )

    def reference(self, X: Any, Y: Any, W1: Any, b1: Any, W2: Any, b2: Any) -> Any:
        return _two_layer_gradients(X, Y, W1, b1, W2, b2)

    def wrong_answer(self) -> Any:
        # The slope of tanh taken at the wrong place: 1 - z1^2 instead of 1 - a1^2.
        def slope_of_z(X: Any, Y: Any, W1: Any, b1: Any, W2: Any, b2: Any) -> Any:
            z1 = X @ W1 + b1
            a1 = np.tanh(z1)
            out = a1 @ W2 + b2
            delta2 = 2.0 * (out - Y) / out.size
            dW2, db2, da1 = _dense_backward(a1, W2, delta2)
            dW1, db1, _ = _dense_backward(X, W1, da1 * (1.0 - z1 * z1))
            return dW1, db1, dW2, db2

        return slope_of_z


class EpochsToFit(NumericProblem):
    prompt = (
        "Train mc.nn.MLP([2, 16, 16, 1], 'tanh', seed=0) on X, y = mc.data.spirals(200, "
        "seed=0) with loss='bce' and the full batch, using one optimiser "
        "mc.optim.Adam(0.02) for the whole run, for 600 epochs in all, one epoch at a "
        "time (mc.nn.train(net, X, y, loss='bce', optimizer=opt, epochs=1) in a loop). "
        "After each epoch measure the training accuracy (a point is classed 1 when the "
        "network's output, a logit, is positive). From which epoch on does the accuracy "
        "stay at 100% until the end? Give the epoch number (the first epoch is 1)."
    )
    expected = 370
    rtol = 0.0
    atol = 0.5
    hints = (
        "Keep one optimiser object and pass it to every call: Adam keeps running means "
        "per parameter, and a new optimiser each epoch would start them again. Record "
        "the accuracy after every epoch in a list.",
        "net.predict(X) gives the logits, shape (200, 1); compare (logit > 0) with y. "
        "The accuracy may reach 100% and then drop again for a few epochs: the question "
        "asks for the start of the last run of 100%.",
        "Find the last epoch whose accuracy is below 1 (np.flatnonzero on your list); "
        "the answer is the epoch after it. Mind the off-by-one between list positions "
        "and epoch numbers.",
    )
    solution_text = (
        "    net = mc.nn.MLP([2, 16, 16, 1], 'tanh', seed=0)\n"
        "    opt = mc.optim.Adam(0.02)\n"
        "    accuracy = []\n"
        "    for epoch in range(600):\n"
        "        mc.nn.train(net, X, y, loss='bce', optimizer=opt, epochs=1)\n"
        "        accuracy.append(np.mean((net.predict(X)[:, 0] > 0) == y))\n"
        "    answer = np.flatnonzero(np.array(accuracy) < 1)[-1] + 2\n"
        "The accuracy first touches 100% a few epochs earlier and flickers once before it "
        "settles: a single misclassified point near the spiral's centre crosses the "
        "boundary back and forth while the loss keeps falling."
    )

    def wrong_answer(self) -> Any:
        # The position in the list rather than the epoch number.
        return self.expected - 1


q1 = NeuronGradient()
q2 = HiddenWeightGradient()
q3 = DenseBackward()
q4 = TwoLayerGradients()
q5 = EpochsToFit()
