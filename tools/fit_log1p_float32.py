"""Fit the polynomial of the float32 log1p in ``src/actlab/_kernels_math.h`` (LOG1P_POLY).

For t in [0, 1]:  log(1 + t) = t P(t),  P(t) = log1p(t)/t, analytic on [0, 1] (its singularity is at
t = -1). P = 1 + t Q(t) (its constant term exact, so that log1p(t) = t for tiny t) is fitted for the
least relative error by least squares at Chebyshev nodes (mpmath references at 40 digits), then
written in powers of t for Horner's rule. Run
``python tools/fit_log1p_float32.py`` to print the C table and the worst relative error of P on a
fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath
import numpy as np
from numpy.polynomial import chebyshev

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_normal_tail_float32 import in_powers, print_table, worst_relative_error  # noqa: E402

DEGREE = 14
NODES = 400
mpmath.mp.dps = 40


def target(t):
    t = mpmath.mpf(t)
    return mpmath.log1p(t) / t if t else mpmath.mpf(1)


def fit():
    nodes = (np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) + 1) / 2
    values = np.array([float(target(t)) for t in nodes])
    vander = chebyshev.chebvander(2 * nodes - 1, DEGREE - 1) * (nodes / values)[:, None]
    cheb = np.linalg.lstsq(vander, 1 - 1 / values, rcond=None)[0]  # relative residuals of 1 + t Q
    powers = np.concatenate([[1.0], in_powers(cheb, 0.0, 1.0)])  # s = 2t − 1
    return powers, worst_relative_error(powers, target, 0.0, 1.0)


if __name__ == "__main__":
    print_table("LOG1P_POLY", "P(t)", *fit())
