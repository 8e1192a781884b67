"""Fit the polynomial of the float32 exponential in ``src/actlab/_kernels_math.h`` (EXP_LITE_POLY).

After the reduction e^y = 2^k e^r with r = y − k ln 2 in [−ln 2/2, ln 2/2] (a little wider: k comes
from a rounded product), e^r = 1 + r P(r) with P(r) = (e^r − 1)/r, entire. P = 1 + r Q(r) (its
constant term exact, so that e^r − 1 = r for tiny r) is fitted for the least relative error by least
squares at Chebyshev nodes, then written in powers of r for Horner's rule (polynomial_fit.py: mpmath
at 40 digits throughout, so the same doubles on every machine). The relative error of P is that of
e^r − 1 (expm1 for k = 0) and bounds that of e^r.
Run ``python tools/fit_exp_float32.py`` to print the C table and the worst relative error of P on a
fine grid (the float32 kernels need about 2^-34).
"""

import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

DEGREE = 8
NODES = 200
HALF_WIDTH = float(mpmath.log(2)) / 2 * (1 + 2.0**-20)


def target(r):
    r = mpmath.mpf(r)
    return mpmath.expm1(r) / r if r else mpmath.mpf(1)


def fit():
    lo, hi = -HALF_WIDTH, HALF_WIDTH
    powers = polynomial_fit.fit(target, lo, hi, DEGREE, NODES, exact_one=True)
    return powers, polynomial_fit.worst_relative_error(powers, target, lo, hi)


if __name__ == "__main__":
    polynomial_fit.print_table("EXP_LITE_POLY", "P(r)", *fit())
