"""Fit the polynomial of the float32 tanhshrink near 0 in ``src/actlab/_kernels_math.h`` (TANHSHRINK_POLY).

For |x| < B = 1/2, x − tanh x = −x³ c(x²) with c(z) = (a − tanh a)/a³ at a = √z, analytic in z
(c(0) = 1/3); x − tanh x cancels there, so the kernel evaluates −x z c(z) instead. c is fitted for
the least relative error by least squares at Chebyshev nodes of [0, B²] (mpmath references at 40
digits), then written in powers of z for Horner's rule. Degree 7 fits 2^-41.9 (the Taylor series
needed degree 10 for 2^-33). Run ``python tools/fit_tanhshrink_float32.py`` to print the C table and
the worst relative error of c on a fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath
import numpy as np
from numpy.polynomial import chebyshev

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_normal_tail_float32 import in_powers, print_table, worst_relative_error  # noqa: E402

BELOW = 0.5
DEGREE = 7
NODES = 300
mpmath.mp.dps = 40


def target(z):
    z = mpmath.mpf(z)
    if not z:
        return mpmath.mpf(1) / 3
    a = mpmath.sqrt(z)
    return (a - mpmath.tanh(a)) / a**3


def fit():
    hi = BELOW * BELOW
    nodes = (np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) + 1) / 2 * hi
    values = np.array([float(target(z)) for z in nodes])
    vander = chebyshev.chebvander(2 * nodes / hi - 1, DEGREE) / values[:, None]
    cheb = np.linalg.lstsq(vander, np.ones_like(values), rcond=None)[0]  # relative residuals
    powers = in_powers(cheb, 0.0, hi)
    return powers, worst_relative_error(powers, target, 0.0, hi)


if __name__ == "__main__":
    print_table("TANHSHRINK_POLY", "c(z)", *fit())
