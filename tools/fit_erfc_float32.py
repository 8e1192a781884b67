"""Fit the polynomial of the float32 normal cdf in ``src/actlab/_kernels.c`` (ERFC_T_POLY).

For u >= 0 and t = K / (K + u) in (0, 1]:  erfc(u) = t · exp(−u² + P(t)),  P(t) = log(erfc(u) e^{u²} / t),
a smooth function of t. P is fitted by least squares at Chebyshev nodes of [t(U_MAX), 1] (mpmath
references at 30 digits), then written in powers of t for Horner's rule. U_MAX covers the float32
gelu: x ≥ −16, u = −x/√2 ≤ 11.32. Run ``python tools/fit_erfc_float32.py`` to print the C table and
the worst absolute error of P on a fine grid (the kernel's float32 results need about 2^-30).
"""

import mpmath
import numpy as np
from numpy.polynomial import chebyshev, polynomial

K = 3.0
U_MAX = 11.4
DEGREE = 16
NODES = 300
mpmath.mp.dps = 30


def target(t):
    u = mpmath.mpf(K) / t - K
    return float(mpmath.log(mpmath.erfc(u) * mpmath.exp(u * u) / t))


def fit():
    lo, hi = K / (K + U_MAX), 1.0
    nodes = lo + (np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) + 1) / 2 * (hi - lo)
    cheb = chebyshev.chebfit(2 * (nodes - lo) / (hi - lo) - 1, [target(t) for t in nodes], DEGREE)
    scale, shift = 2 / (hi - lo), -2 * lo / (hi - lo) - 1  # s = scale·t + shift
    powers = np.zeros(1)
    for j, c in enumerate(chebyshev.cheb2poly(cheb)):
        powers = polynomial.polyadd(powers, c * polynomial.polypow([shift, scale], j))
    grid = np.linspace(lo, hi, 4001)
    worst = max(abs(polynomial.polyval(t, powers) - target(t)) for t in grid)
    return powers, worst


if __name__ == "__main__":
    coefficients, worst = fit()
    print(f"/* P(t) = sum c_j t^j, j = 0..{DEGREE}: worst |error| {worst:.2e} (2^{np.log2(worst):.1f}) */")
    print("static const double ERFC_T_POLY[] = {" + ", ".join(float(c).hex() for c in coefficients) + "};")
