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
from fit_normal_tail_float32 import in_powers  # noqa: E402

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
    coefficients = [mpmath.mpf(float(c)) for c in powers[::-1]]
    worst = max(abs(mpmath.polyval(coefficients, mpmath.mpf(t)) / target(t) - 1) for t in np.linspace(0, 1, 4001))
    return powers, float(worst)


if __name__ == "__main__":
    coefficients, worst = fit()
    print(f"/* P(t) = sum c_j t^j, j = 0..{DEGREE}: worst relative error {worst:.2e} (2^{np.log2(worst):.1f}) */")
    print("CONSTANT double LOG1P_POLY[] = {" + ", ".join(float(c).hex() for c in coefficients) + "};")
