"""Fit the polynomial of the float32 log1p in ``src/actlab/_kernels_math.h`` (LOG1P_POLY).

For t in [0, 1]:  log(1 + t) = 2 atanh(s) = 2 s R(s^2),  s = t/(2 + t) in [0, 1/3],
R(w) = atanh(sqrt(w))/sqrt(w) = 1 + w/3 + w^2/5 + ..., analytic on [0, 1/9] (its singularity is at
w = 1). R = 1 + w Q(w) (its constant term exact, so that log1p(t) = t for tiny t) is fitted for the
least relative error by least squares at Chebyshev nodes, then written in powers of w for Horner's
rule (polynomial_fit.py: mpmath at 40 digits throughout, so the same doubles on every machine).
Degree 6 gives 2^-38.4, below the 2^-37 of the float32 contract with the exponential's 2^-43.4 and
the reciprocal's 2^-38 on the builds that take Newton's steps (degree 7 gave 2^-43.7, and cost
softplus and log_sigmoid 4 % of their time; a polynomial in t itself needed degree 14 for 2^-40.5). Run
``python tools/fit_log1p_float32.py`` to print the C table and the worst relative error of R on a
fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

DEGREE = 6
NODES = 200
W_MAX = 1 / 9  # s = t/(2 + t) <= 1/3 for t <= 1


def target(w):
    w = mpmath.mpf(w)
    if not w:
        return mpmath.mpf(1)
    root = mpmath.sqrt(w)
    return mpmath.atanh(root) / root


def fit():
    powers = polynomial_fit.fit(target, 0.0, W_MAX, DEGREE, NODES, exact_one=True)
    return powers, polynomial_fit.worst_relative_error(powers, target, 0.0, W_MAX)


if __name__ == "__main__":
    polynomial_fit.print_table("LOG1P_POLY", "R(w)", *fit())
