"""Fit the polynomial of the float32 GELU′ in ``src/actlab/_kernels_math.h`` (GELU_SLOPE_POLY).

For a >= 0 and t = K / (K + a) in (0, 1]:  Q(a) = Φ(−a) = e^{−a²/2} S(t),  S(t) = Q(a) e^{a²/2}
(Mills' ratio over √(2π)), a smooth function of t. gelu′(∓a) = Φ(∓a) ∓ a φ(a) is e^{−a²/2} D or
1 − e^{−a²/2} D with D = S(t) − a/√(2π), which vanishes at a0 (gelu′(−a0) = 0): D = (a0 − a) R(t),
where t D = t S(t) − K (1 − t)/√(2π) is as smooth as S and its zero at t0 = K/(K + a0) divides out,
R = t D / ((K + a0)(t − t0)). With a0 − a computed from a0 as a two-part constant, D has the relative
error of R even where gelu′ vanishes. R is fitted for the least relative error by least squares
at Chebyshev nodes of [t(A_MAX), 1], then written in powers of t for Horner's rule (polynomial_fit.py:
mpmath at 40 digits throughout, so the same doubles on every machine). A_MAX covers the float32 vjp:
gelu′(−21) · 2^128 is below 2^-150. (The float32 gelu itself takes Φ from a table:
normal_cdf_table.py; S(t) serves the float64 table of fit_normal_tail_float64.py.)
Run ``python tools/fit_normal_tail_float32.py`` to print a0 and the C table with its worst relative
error on a fine grid (the kernel's float32 results need about 2^-34).
"""

import functools
import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

K = 4.0
A_MAX = 21.0
SLOPE_DEGREE = 14  # R: 2^-41.7 (degree 13: 2^-39.9)
NODES = 400


def target(t):
    """S(t) = Φ(−a) e^{a²/2}."""
    a = mpmath.mpf(K) / mpmath.mpf(t) - K
    return mpmath.erfc(a / mpmath.sqrt(2)) / 2 * mpmath.exp(a * a / 2)


@functools.cache
def slope_zero():
    """a0 > 0 with gelu′(−a0) = Φ(−a0) − a0 φ(a0) = 0."""
    return mpmath.findroot(lambda a: mpmath.ncdf(-a) - a * mpmath.npdf(a), 0.75)


def slope_target(t):
    """R(t) = (S(t) − a/√(2π)) / (a0 − a); a = a0 (t = t0) is a removable zero, not on the grids."""
    a = mpmath.mpf(K) / mpmath.mpf(t) - K
    return (target(t) - a / mpmath.sqrt(2 * mpmath.pi)) / (slope_zero() - a)


def fit(target, degree):
    """The polynomial in powers of t fitted to target on [t(A_MAX), 1], and its worst relative error."""
    lo, hi = K / (K + A_MAX), 1.0
    powers = polynomial_fit.fit(target, lo, hi, degree, NODES)
    return powers, polynomial_fit.worst_relative_error(powers, target, lo, hi)


if __name__ == "__main__":
    zero = slope_zero()
    print(f"CONSTANT double GELU_SLOPE_ZERO_HI = {float(zero).hex()}, "
          f"GELU_SLOPE_ZERO_LO = {float(zero - mpmath.mpf(float(zero))).hex()};")
    polynomial_fit.print_table("GELU_SLOPE_POLY", "R(t)", *fit(slope_target, SLOPE_DEGREE))
