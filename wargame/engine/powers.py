"""Powers that every machine computes to the same last bit, from square roots and products only.

numpy's `power` takes a different code path on each CPU (AVX-512, AVX2, plain libm), and the paths
disagree in the last bit on a few percent of values. The diminishing-returns scale of a move,
`repeat_penalty ** fatigue`, is recorded in the log and multiplies recorded effects, so a log
written on one machine could fail to replay on another. IEEE 754 requires square root and
multiplication to be correctly rounded: the same sequence of them gives the same bits on every
conforming machine, whatever its vector width. So the power is built from those alone:

- the exponent is cut to a multiple of 2**-48 (exact operations: scaling by a power of two, then
  truncating to an integer `k`), far below any difference that matters to the game;
- `k` is cut into four 14-bit chunks, and `base ** exponent` is the product, always in the same
  order, of four entries of tables built once per base from repeated square roots and squarings.

The result agrees with `numpy.power` to within a few units in the last place (tested).
"""

from __future__ import annotations

import math

import numpy as np

FRACTION_BITS = 48  # the exponent is rounded to a multiple of 2**-48
CHUNK_BITS = 14
CHUNKS = 4
MAX_EXPONENT = 2 ** (CHUNK_BITS * CHUNKS - FRACTION_BITS)  # 256: exponents from 0 up to (not incl.) this
_MASK = (1 << CHUNK_BITS) - 1


def power_tables(base: float) -> tuple[np.ndarray, ...]:
    """Chunk tables of `base`: tables[i][c] = base ** (c * 2 ** (CHUNK_BITS * i - FRACTION_BITS)).

    Built from base ** 2**j for j = -48 ... 7: square roots for the negative j, squarings for the
    positive ones, each entry of a table the product of the powers its bits select (lowest bit first).
    """
    if not 0.0 < base <= 1.0:
        raise ValueError(f"the base must be in (0, 1], not {base!r}")
    bits = CHUNK_BITS * CHUNKS
    by_bit = [0.0] * bits  # by_bit[j] = base ** 2 ** (j - FRACTION_BITS)
    value = float(base)
    for j in range(FRACTION_BITS - 1, -1, -1):
        value = math.sqrt(value)  # correctly rounded on every IEEE 754 machine
        by_bit[j] = value
    value = float(base)
    for j in range(FRACTION_BITS, bits):
        by_bit[j] = value
        value = value * value
    codes = np.arange(1 << CHUNK_BITS)
    tables = []
    for chunk in range(CHUNKS):
        table = np.ones(1 << CHUNK_BITS)
        for bit in range(CHUNK_BITS):
            chosen = ((codes >> bit) & 1).astype(bool)
            table[chosen] = table[chosen] * by_bit[chunk * CHUNK_BITS + bit]
        tables.append(table)
    return tuple(tables)


def exact_power(tables: tuple[np.ndarray, ...], exponent: np.ndarray) -> np.ndarray:
    """base ** exponent, identical on every machine, for exponents in [0, 256).

    The caller keeps exponents in range (a move's fatigue is at most the number of turns, which the
    schema caps at 200); outside it the result is meaningless, not an error.
    """
    k = (exponent * float(1 << FRACTION_BITS)).astype(np.int64)  # exact scaling, then truncation
    result = tables[CHUNKS - 1].take(k >> (CHUNK_BITS * (CHUNKS - 1)))
    for chunk in range(CHUNKS - 2, -1, -1):
        result *= tables[chunk].take((k >> (CHUNK_BITS * chunk)) & _MASK)
    return result
