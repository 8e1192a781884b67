"""Fit the polynomial of the float32 exponential in ``src/actlab/_kernels_math.h`` (EXP_LITE_POLY).

After the reduction e^y = 2^k e^r with r = y − k ln 2 in [−ln 2/2, ln 2/2] (a little wider: k comes
from a rounded product), e^r = 1 + r P(r) with P(r) = (e^r − 1)/r, entire. P = 1 + r Q(r) (its
constant term exact, so that e^r − 1 = r for tiny r) is fitted for the least relative error by least
squares at Chebyshev nodes (mpmath references at 40 digits), then written in powers of r for
Horner's rule. The relative error of P is that of e^r − 1 (expm1 for k = 0) and bounds that of e^r.
Run ``python tools/fit_exp_float32.py`` to print the C table and the worst relative error of P on a
fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath
import numpy as np
from numpy.polynomial import chebyshev

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_normal_tail_float32 import in_powers, print_table, worst_relative_error  # noqa: E402

DEGREE = 8
NODES = 200
HALF_WIDTH = float(mpmath.log(2)) / 2 * (1 + 2.0**-20)
mpmath.mp.dps = 40


def target(r):
    r = mpmath.mpf(r)
    return mpmath.expm1(r) / r if r else mpmath.mpf(1)


def fit():
    lo, hi = -HALF_WIDTH, HALF_WIDTH
    nodes = np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) * HALF_WIDTH
    values = np.array([float(target(r)) for r in nodes])
    vander = chebyshev.chebvander(nodes / HALF_WIDTH, DEGREE - 1) * (nodes / values)[:, None]
    cheb = np.linalg.lstsq(vander, 1 - 1 / values, rcond=None)[0]  # relative residuals of 1 + r Q
    powers = np.concatenate([[1.0], in_powers(cheb, lo, hi)])
    return powers, worst_relative_error(powers, target, lo, hi)


if __name__ == "__main__":
    print_table("EXP_LITE_POLY", "P(r)", *fit())
