"""Write the table of the float64 GELU near zero, ``src/actlab/_kernels_normal_cdf.h`` (NORMAL_CDF_TABLE).

For |x| <= A_MAX the kernels take Φ(−a), a = |x|, from the nearest point r = i/STEP of a grid and
d = a − r (|d| <= 1/(2 STEP)), by Taylor's theorem with the integral of the density:

    Φ(−a) = Φ(−r) − φ(r) d J,   J = (1/d) ∫_0^d e^{−r t − t²/2} dt = Σ_j d^{2j} P_j(u),  u = r d,
    P_j(u) = Σ_k c_jk u^k,   c_jk = (−1/2)^j (−1)^k / (j! k! (2j + k + 1))

(expand e^{−t²/2} in powers of t² and e^{−r t} in powers of r t, and integrate term by term). The
series alternate and shrink fast (|u| <= A_MAX/(2 STEP) = 3/64, d² <= 2^-16), so DEGREES of P_0,
P_1, P_2 leave out less than 2^-57 of Φ(−a) (``truncation()``, measured at the grid's end, where
|u| is largest); d^6 P_3 is below 2^-60 of it. Row i holds Φ(−r) as a pair hi + lo (to about
2^-106), φ(r) rounded, and a 0 that makes a row 32 bytes: one 256-bit load reads it.

Run ``python tools/normal_cdf_table.py > src/actlab/_kernels_normal_cdf.h`` to write the table;
``python tools/normal_cdf_table.py --check`` prints the truncation bound instead.
"""

import math
import sys
from fractions import Fraction

import mpmath

STEP = 128
A_MAX = 12
ROWS = A_MAX * STEP + 1
DEGREES = (7, 5, 2)


def coefficient(j, k):
    """c_jk of P_j, exactly."""
    return Fraction((-1) ** (j + k), 2**j * math.factorial(j) * math.factorial(k) * (2 * j + k + 1))


def exact(fraction):
    return mpmath.mpf(fraction.numerator) / fraction.denominator


def row(i):
    """Φ(−r) as hi, lo and φ(r), r = i/STEP, at 50 digits."""
    with mpmath.workdps(50):
        r = mpmath.mpf(i) / STEP
        cdf = mpmath.ncdf(-r)
        hi = float(cdf)
        return hi, float(cdf - hi), float(mpmath.npdf(r))


def truncation():
    """The largest relative error of Φ(−a) that the truncated P_j leave (exact arithmetic otherwise),
    at both ends of the last pieces of the grid."""
    worst = 0
    with mpmath.workdps(50):
        for i in (ROWS - 2, ROWS - 1):
            r = mpmath.mpf(i) / STEP
            for d in (mpmath.mpf(-1) / (2 * STEP), mpmath.mpf(1) / (2 * STEP)):
                u = r * d
                J = sum(d ** (2 * j) * sum(exact(coefficient(j, k)) * u**k for k in range(degree + 1))
                        for j, degree in enumerate(DEGREES))
                value = mpmath.ncdf(-(r + d))
                worst = max(worst, abs((mpmath.ncdf(-r) - mpmath.npdf(r) * d * J) / value - 1))
    return float(worst)


def header():
    lines = [f"/* Written by tools/normal_cdf_table.py: row i holds Phi(-r) (hi, lo), phi(r) and 0, r = i/{STEP} */",
             f"CONSTANT double NORMAL_CDF_TABLE[{ROWS}][4] = {{"]
    lines += ["    {%s, %s, %s, 0.0}," % tuple(v.hex() for v in row(i)) for i in range(ROWS)]
    lines[-1] = lines[-1].rstrip(",") + "};"
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        bound = truncation()
        print(f"truncation: {bound:.3g} (2^{math.log2(bound):.1f})")
    else:
        sys.stdout.write(header())
