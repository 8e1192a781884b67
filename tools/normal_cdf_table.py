"""Write the table of GELU near zero, ``src/actlab/_kernels_normal_cdf.h`` (NORMAL_CDF_TABLE).

The kernels take Φ(−a), a = |x|, from the nearest point r = i/STEP of a grid and d = a − r
(|d| <= 1/(2 STEP)), by Taylor's theorem with the integral of the density:

    Φ(−a) = Φ(−r) − φ(r) d J,   J = (1/d) ∫_0^d e^{−r t − t²/2} dt = Σ_j d^{2j} P_j(u),  u = r d,
    P_j(u) = Σ_k c_jk u^k,   c_jk = (−1/2)^j (−1)^k / (j! k! (2j + k + 1))

(expand e^{−t²/2} in powers of t² and e^{−r t} in powers of r t, and integrate term by term). The
series alternate and shrink fast (|u| <= a/(2 STEP), d² <= 2^-16): ``truncation()`` measures, at
the end of a range, where |u| is largest, what the polynomials of given degrees leave out:
- float64, a <= FLOAT64_MAX, P_0, P_1, P_2 to FLOAT64_DEGREES and Φ(−r) as a pair: below 2^-57;
- float32, a <= A_MAX, P_0, P_1 to FLOAT32_DEGREES and Φ(−r) rounded to a double: below 2^-40.
A_MAX is the table's end: beyond 14.5, x Φ(x) rounds to −0 in float32. Row i holds Φ(−r) as a pair
hi + lo (to about 2^-106), φ(r) rounded, and a 0 that makes a row 32 bytes: one 256-bit load reads it.

Run ``python tools/normal_cdf_table.py > src/actlab/_kernels_normal_cdf.h`` to write the table;
``python tools/normal_cdf_table.py --check`` prints the truncation bounds instead.
"""

import math
import sys
from fractions import Fraction

import mpmath

STEP = 128
A_MAX = 15
ROWS = A_MAX * STEP + 1
FLOAT64_MAX = 12
FLOAT64_DEGREES = (7, 5, 2)
FLOAT32_DEGREES = (5, 3)


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


def truncation(degrees, a_max, pair):
    """The largest relative error of Φ(−a) that P_j to ``degrees`` leave (exact arithmetic otherwise,
    Φ(−r) exact if ``pair``, else rounded to a double), at both ends of the last pieces before a_max."""
    worst = 0
    with mpmath.workdps(50):
        for i in (a_max * STEP - 1, a_max * STEP):
            r = mpmath.mpf(i) / STEP
            cdf = mpmath.ncdf(-r) if pair else mpmath.mpf(float(mpmath.ncdf(-r)))
            for d in (mpmath.mpf(-1) / (2 * STEP), mpmath.mpf(1) / (2 * STEP)):
                u = r * d
                J = sum(d ** (2 * j) * sum(exact(coefficient(j, k)) * u**k for k in range(degree + 1))
                        for j, degree in enumerate(degrees))
                value = mpmath.ncdf(-(r + d))
                worst = max(worst, abs((cdf - mpmath.npdf(r) * d * J) / value - 1))
    return float(worst)


def truncations():
    """What the float64 and the float32 forms leave out (see above)."""
    return truncation(FLOAT64_DEGREES, FLOAT64_MAX, True), truncation(FLOAT32_DEGREES, A_MAX, False)


def header():
    lines = [f"/* Written by tools/normal_cdf_table.py: row i holds Phi(-r) (hi, lo), phi(r) and 0, r = i/{STEP} */",
             f"CONSTANT double NORMAL_CDF_TABLE[{ROWS}][4] = {{"]
    lines += ["    {%s, %s, %s, 0.0}," % tuple(v.hex() for v in row(i)) for i in range(ROWS)]
    lines[-1] = lines[-1].rstrip(",") + "};"
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        for what, bound in zip(("float64", "float32"), truncations()):
            print(f"{what} truncation: {bound:.3g} (2^{math.log2(bound):.1f})")
    else:
        sys.stdout.write(header())
