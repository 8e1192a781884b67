"""Fit the polynomial of the float64 log1p in ``src/actlab/_kernels_math.h`` (LOG_ATANH_POLY).

log1p_unit reduces u = 1 + t to 1 + f with f in [√2/2 − 1, √2 − 1] and takes log(1 + f) = 2 atanh(s),
s = f/(2 + f), |s| <= 3 − 2√2: 2 atanh(s) = 2s + s R, R = z Q(z), z = s² <= (3 − 2√2)², and
Q(z) = (2 atanh(√z)/√z − 2)/z = 2/3 + 2z/5 + 2z²/7 + ... (its Taylor series took degree 9 for 2^-53.7).
Q is fitted for the least relative error by least squares at Chebyshev nodes, then written in powers
of z for Horner's rule (polynomial_fit.py: mpmath at 40 digits throughout, so the same doubles on
every machine). Q's error enters log(1 + f) multiplied by z/3 <= 2^-6.7, so 2^-50 is ample: degree 6
gives 2^-50.9 (degree 5: 2^-43.7). Run ``python tools/fit_log_atanh_float64.py`` to print the C table
and the worst relative error of Q on a fine grid.
"""

import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

DEGREE = 6
NODES = 200
Z_MAX = (3 - 2 * mpmath.sqrt(2)) ** 2  # s = f/(2 + f) at f = √2 − 1 is (√2 − 1)² = 3 − 2√2


def target(z):
    """Q(z) = (2 atanh(√z)/√z − 2)/z, 2/3 at z = 0."""
    z = mpmath.mpf(z)
    if not z:
        return mpmath.mpf(2) / 3
    root = mpmath.sqrt(z)
    return (2 * mpmath.atanh(root) / root - 2) / z


def fit():
    powers = polynomial_fit.fit(target, 0.0, Z_MAX, DEGREE, NODES)
    return powers, polynomial_fit.worst_relative_error(powers, target, 0.0, float(Z_MAX))


if __name__ == "__main__":
    polynomial_fit.print_table("LOG_ATANH_POLY", "Q(z)", *fit())
