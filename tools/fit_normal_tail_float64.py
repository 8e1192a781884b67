"""Fit the table of the float64 normal cdf in ``src/actlab/_kernels_math.h`` (NORMAL_TAIL_TABLE).

For a >= 0 and t = K / (K + a) in (0, 1]:  Φ(−a) = e^{−a²/2} S(t),  S(t) = Φ(−a) e^{a²/2} (Mills'
ratio over √(2π)), as in ``fit_normal_tail_float32.py``; float64 needs S to about 2^-55, which one
polynomial in t does not reach (S has an essential singularity at t = 0). So t is cut into pieces
of width 1/PIECES centred on k/PIECES, k = 1 .. PIECES (the kernel's k is the nearest integer to
PIECES t), and S on piece k is a polynomial of DEGREE in w = PIECES t − k ∈ [−½, ½] (Chebyshev
interpolation at 40 digits, rewritten in powers of w), its constant term stored as a pair hi + lo.
PIECES = 16 so that a column of the table fits two 512-bit registers, from which one permute reads
it for 8 lanes (the compiled kernels' gather, _kernels.c); the rounding of c1 to a double then bounds
the error at 2^-55.7 (more pieces or a higher degree do not lower it). Piece k is row k mod PIECES
(the low bits of k: piece PIECES, t in [1 − 1/(2 PIECES), 1], is row 0). The kernel clips a at A_MAX
(a NaN to A_MAX as well), so t ≥ t(A_MAX) = 1/13, in piece 1, and the error is measured there alone.
Run ``python tools/fit_normal_tail_float64.py`` to print the C table and the worst relative error
of S (double coefficients, exact arithmetic) on a grid of 41 points a piece.
"""

import math
import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_normal_tail_float32 import K, target  # noqa: E402  (the same S(t), t = K/(K + a), at 40 digits)
import polynomial_fit  # noqa: E402

A_MAX = 48
PIECES = 16
DEGREE = 9


def fit_piece(k):
    """Powers of w of the interpolant of S on piece k, the constant term exact (an mpf)."""
    n = DEGREE + 1
    angles = [mpmath.pi * (j + mpmath.mpf(1) / 2) / n for j in range(n)]
    values = [target((k + mpmath.cos(u) / 2) / PIECES) for u in angles]
    cheb = [2 * sum(v * mpmath.cos(j * u) for v, u in zip(values, angles)) / n for j in range(n)]
    cheb[0] /= 2
    return polynomial_fit.in_powers(cheb, -mpmath.mpf(1) / 2, mpmath.mpf(1) / 2)  # s = 2w


def table():
    """The rows (row k mod PIECES holds piece k) and the worst relative error on t in [t(A_MAX), 1]."""
    rows, worst = [None] * PIECES, 0
    for k in range(1, PIECES + 1):
        exact = fit_piece(k)
        hi = float(exact[0])
        row = [hi, float(exact[0] - hi)] + [float(c) for c in exact[1:]]
        stored = [mpmath.mpf(row[0]) + row[1]] + [mpmath.mpf(c) for c in row[2:]]
        for j in range(41):
            w = mpmath.mpf(j) / 40 - mpmath.mpf(1) / 2
            t = (k + w) / PIECES
            if t * (K + A_MAX) >= K and t <= 1:
                worst = max(worst, abs(mpmath.polyval(stored[::-1], w) / target(t) - 1))
        rows[k % PIECES] = row
    return rows, float(worst)


if __name__ == "__main__":
    rows, worst = table()
    print(f"/* pieces {PIECES}, 1 .. {PIECES - 1}: c0 (hi, lo), c1 .. c{DEGREE}; worst relative error on t >= t({A_MAX}) "
          f"{worst:.2e} (2^{math.log2(worst):.1f}) */")
    print(f"CONSTANT double NORMAL_TAIL_TABLE[{PIECES}][{DEGREE + 2}] = {{")
    print(",\n".join("    {" + ", ".join(c.hex() for c in row) + "}" for row in rows) + "};")
