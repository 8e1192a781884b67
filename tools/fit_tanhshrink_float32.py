"""Fit the polynomial of the float32 tanhshrink near 0 in ``src/actlab/_kernels_math.h`` (TANHSHRINK_POLY).

For |x| < B = 1/2, x − tanh x = −x³ c(x²) with c(z) = (a − tanh a)/a³ at a = √z, analytic in z
(c(0) = 1/3); x − tanh x cancels there, so the kernel evaluates −x z c(z) instead. c is fitted for
the least relative error by least squares at Chebyshev nodes of [0, B²], then written in powers of z
for Horner's rule (polynomial_fit.py: mpmath at 40 digits throughout, so the same doubles on every
machine). Degree 7 fits 2^-41.9 (the Taylor series
needed degree 10 for 2^-33). Run ``python tools/fit_tanhshrink_float32.py`` to print the C table and
the worst relative error of c on a fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

BELOW = 0.5
DEGREE = 7
NODES = 300


def target(z):
    z = mpmath.mpf(z)
    if not z:
        return mpmath.mpf(1) / 3
    a = mpmath.sqrt(z)
    return (a - mpmath.tanh(a)) / a**3


def fit():
    hi = BELOW * BELOW
    powers = polynomial_fit.fit(target, 0.0, hi, DEGREE, NODES)
    return powers, polynomial_fit.worst_relative_error(powers, target, 0.0, hi)


if __name__ == "__main__":
    polynomial_fit.print_table("TANHSHRINK_POLY", "c(z)", *fit())
