"""mlcalc.memory: the byte counts per parameter of the ZeRO paper's accounting, and errors."""

from __future__ import annotations

import pytest

from mlcalc.memory import accelerators_needed, training_memory


@pytest.mark.parametrize(
    ("precision", "optimizer", "per_parameter"),
    [
        ("mixed", "adam", 16),  # 2 + 2 + 4 (fp32 master) + 4 + 4 (two fp32 moments)
        ("fp32", "adam", 16),  # 4 + 4 + 4 + 4
        ("bf16", "adam", 8),  # 2 + 2 + 2 + 2
        ("fp32", "sgd", 8),
        ("fp32", "momentum", 12),
        ("mixed", "sgd", 8),
    ],
)
def test_bytes_per_parameter(precision, optimizer, per_parameter):
    memory = training_memory(1000, precision=precision, optimizer=optimizer)
    assert memory.total == 1000 * per_parameter
    assert memory.bytes_per_parameter == per_parameter
    assert memory.total == sum(memory[1:])


def test_the_books_headline_numbers():
    assert training_memory(10**9).total == 16 * 10**9
    seventy_billion = training_memory(70e9)
    assert seventy_billion.total == 1_120 * 10**9
    assert seventy_billion.master_weights == 280 * 10**9
    assert accelerators_needed(seventy_billion.total, 80e9) == 14
    assert accelerators_needed(80e9 + 1, 80e9) == 2
    assert accelerators_needed(1, 80e9) == 1


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        (lambda: training_memory(0), ValueError, "n_params"),
        (lambda: training_memory(2.5), TypeError, "n_params"),
        (lambda: training_memory("7B"), TypeError, "n_params"),
        (lambda: training_memory(10, precision="fp8"), ValueError, "precision"),
        (lambda: training_memory(10, optimizer="lbfgs"), ValueError, "optimizer"),
        (lambda: accelerators_needed(-1, 80e9), ValueError, "n_bytes"),
        (lambda: accelerators_needed(1e9, 0), ValueError, "memory_per_accelerator"),
    ],
)
def test_bad_input_is_named(call, error, says):
    with pytest.raises(error, match=says):
        call()
