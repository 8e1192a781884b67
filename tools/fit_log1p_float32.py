"""Fit the polynomial of the float32 log1p in ``src/actlab/_kernels_math.h`` (LOG1P_POLY).

For t in [0, 1]:  log(1 + t) = t P(t),  P(t) = log1p(t)/t, analytic on [0, 1] (its singularity is at
t = -1). P = 1 + t Q(t) (its constant term exact, so that log1p(t) = t for tiny t) is fitted for the
least relative error by least squares at Chebyshev nodes, then written in powers of t for Horner's
rule (polynomial_fit.py: mpmath at 40 digits throughout, so the same doubles on every machine). Run
``python tools/fit_log1p_float32.py`` to print the C table and the worst relative error of P on a
fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

DEGREE = 14
NODES = 400


def target(t):
    t = mpmath.mpf(t)
    return mpmath.log1p(t) / t if t else mpmath.mpf(1)


def fit():
    powers = polynomial_fit.fit(target, 0.0, 1.0, DEGREE, NODES, exact_one=True)
    return powers, polynomial_fit.worst_relative_error(powers, target, 0.0, 1.0)


if __name__ == "__main__":
    polynomial_fit.print_table("LOG1P_POLY", "P(t)", *fit())
