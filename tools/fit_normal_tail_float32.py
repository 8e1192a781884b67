"""Fit the polynomial of the float32 normal cdf in ``src/actlab/_kernels_math.h`` (NORMAL_TAIL_POLY).

For a >= 0 and t = K / (K + a) in (0, 1]:  Q(a) = Φ(−a) = e^{−a²/2} S(t),  S(t) = Q(a) e^{a²/2}
(Mills' ratio over √(2π)), a smooth function of t. S is fitted for the least relative error by
least squares at Chebyshev nodes of [t(A_MAX), 1] (mpmath references at 40 digits), then written
in powers of t for Horner's rule. A_MAX covers the float32 gelu and its vjp: gelu′(−21) · 2^128 is
below 2^-150. Run ``python tools/fit_normal_tail_float32.py`` to print the C table and the worst
relative error of S on a fine grid (the kernel's float32 results need about 2^-34).
"""

import mpmath
import numpy as np
from numpy.polynomial import chebyshev, polynomial

K = 4.0
A_MAX = 21.0
DEGREE = 15
NODES = 400
mpmath.mp.dps = 40


def target(t):
    a = mpmath.mpf(K) / mpmath.mpf(t) - K
    return mpmath.erfc(a / mpmath.sqrt(2)) / 2 * mpmath.exp(a * a / 2)


def in_powers(cheb, lo, hi):
    """A Chebyshev series in s = 2(t − lo)/(hi − lo) − 1 written in powers of t."""
    scale, shift = 2 / (hi - lo), -2 * lo / (hi - lo) - 1  # s = scale·t + shift
    powers = np.zeros(1)
    for j, c in enumerate(chebyshev.cheb2poly(cheb)):
        powers = polynomial.polyadd(powers, c * polynomial.polypow([shift, scale], j))
    return powers


def worst_relative_error(powers, target, lo, hi):
    """The largest |p/target − 1| of the polynomial in powers on a fine grid of [lo, hi] (mpmath)."""
    coefficients = [mpmath.mpf(float(c)) for c in powers[::-1]]
    return float(max(abs(mpmath.polyval(coefficients, mpmath.mpf(v)) / target(v) - 1)
                     for v in np.linspace(lo, hi, 4001)))


def print_table(table, function, powers, worst):
    """The C table of a fitted polynomial (function: its name and variable, "S(t)") and its worst error."""
    variable = function[function.index("(") + 1:-1]
    print(f"/* {function} = sum c_j {variable}^j, j = 0..{len(powers) - 1}: worst relative error {worst:.2e} "
          f"(2^{np.log2(worst):.1f}) */")
    print(f"CONSTANT double {table}[] = {{" + ", ".join(float(c).hex() for c in powers) + "};")


def fit():
    lo, hi = K / (K + A_MAX), 1.0
    nodes = lo + (np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) + 1) / 2 * (hi - lo)
    values = np.array([float(target(t)) for t in nodes])
    vander = chebyshev.chebvander(2 * (nodes - lo) / (hi - lo) - 1, DEGREE) / values[:, None]
    cheb = np.linalg.lstsq(vander, np.ones_like(values), rcond=None)[0]  # relative residuals
    powers = in_powers(cheb, lo, hi)
    return powers, worst_relative_error(powers, target, lo, hi)


if __name__ == "__main__":
    print_table("NORMAL_TAIL_POLY", "S(t)", *fit())
