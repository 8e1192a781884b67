"""Write the table of GELU near zero, ``src/actlab/_kernels_normal_cdf.h`` (NORMAL_CDF_TABLE).

The kernels take Φ(−a), a = |x|, from the nearest point r = i/STEP of a grid and d = a − r
(|d| <= 1/(2 STEP)), by Taylor's theorem with the integral of the density:

    Φ(−a) = Φ(−r) − φ(r) d J,   J = (1/d) ∫_0^d e^{−r t − t²/2} dt = Σ_j d^{2j} P_j(u),  u = r d,
    P_j(u) = Σ_k c_jk u^k,   c_jk = (−1/2)^j (−1)^k / (j! k! (2j + k + 1))

(expand e^{−t²/2} in powers of t² and e^{−r t} in powers of r t, and integrate term by term); and
φ(a) = φ(r) E, E = e^{−u − d²/2} = Σ_j d^{2j} Q_j(u), Q_j(u) = Σ_k (−1/2)^j (−1)^k u^k / (j! k!), for
GELU′ = Φ + x φ. The series alternate and shrink fast (|u| <= a/(2 STEP), d² <= 2^-16):
``truncations()`` measures, on the last pieces of a range, where |u| is largest, what the polynomials
of given degrees leave out:
- float64 Φ, a <= FLOAT64_MAX, P_0, P_1, P_2 to FLOAT64_DEGREES and Φ(−r) as a pair: below 2^-57;
- float32 Φ, a <= A_MAX, P_0, P_1 to FLOAT32_DEGREES and Φ(−r) rounded to a double: below 2^-40;
- float64 φ, a <= FLOAT64_MAX, Q_0 .. Q_3 to DENSITY_DEGREES: below 2^-59.
A_MAX is the table's end: beyond 14.5, x Φ(x) rounds to −0 in float32. Row i holds Φ(−r) and φ(r),
each as a pair hi + lo (to about 2^-106): 32 bytes, which one 256-bit load reads.

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
DENSITY_DEGREES = (8, 6, 4, 0)


def density_coefficient(j, k):
    """The coefficient of u^k d^{2j} in e^{−u − d²/2} (φ(a)/φ(r), u = r d), exactly."""
    return Fraction((-1) ** (j + k), 2**j * math.factorial(j) * math.factorial(k))


def coefficient(j, k):
    """c_jk of P_j, exactly: the density's coefficient of t^{2j+k}, integrated over [0, d] and divided by d."""
    return density_coefficient(j, k) / (2 * j + k + 1)


def exact(fraction):
    return mpmath.mpf(fraction.numerator) / fraction.denominator


def pair(value):
    hi = float(value)
    return hi, float(value - hi)


def row(i):
    """Φ(−r) and φ(r), r = i/STEP, each as a pair hi, lo, at 50 digits."""
    with mpmath.workdps(50):
        r = mpmath.mpf(i) / STEP
        return pair(mpmath.ncdf(-r)) + pair(mpmath.npdf(r))


def offsets(points=17):
    """d from −1/(2 STEP) to 1/(2 STEP)."""
    return [mpmath.mpf(k - points // 2) / (points - 1) / STEP for k in range(points)]


def series(coefficients, degrees, r, d):
    """Σ_j d^{2j} Σ_k coefficients(j, k) (r d)^k to ``degrees``, exactly (J with ``coefficient``, E with
    ``density_coefficient``)."""
    u = r * d
    return sum(d ** (2 * j) * sum(exact(coefficients(j, k)) * u**k for k in range(degree + 1))
               for j, degree in enumerate(degrees))


def truncation(degrees, a_max, as_pair):
    """The largest relative error of Φ(−a) that P_j to ``degrees`` leave (exact arithmetic otherwise,
    Φ(−r) exact if ``as_pair``, else rounded to a double), on the last pieces before a_max."""
    worst = 0
    with mpmath.workdps(50):
        for i in (a_max * STEP - 1, a_max * STEP):
            r = mpmath.mpf(i) / STEP
            cdf = mpmath.ncdf(-r) if as_pair else mpmath.mpf(float(mpmath.ncdf(-r)))
            for d in offsets():
                J = series(coefficient, degrees, r, d)
                worst = max(worst, abs((cdf - mpmath.npdf(r) * d * J) / mpmath.ncdf(-(r + d)) - 1))
    return float(worst)


def density_truncation():
    """The largest relative error of φ(a) = φ(r) E that Q_j to DENSITY_DEGREES leave, a <= FLOAT64_MAX."""
    worst = 0
    with mpmath.workdps(50):
        r = mpmath.mpf(FLOAT64_MAX)
        for d in offsets():
            E = series(density_coefficient, DENSITY_DEGREES, r, d)
            worst = max(worst, abs(E / mpmath.exp(-r * d - d * d / 2) - 1))
    return float(worst)


def truncations():
    """What the float64 and the float32 forms of Φ(−a), and the float64 φ(a), leave out (see above)."""
    return (truncation(FLOAT64_DEGREES, FLOAT64_MAX, True), truncation(FLOAT32_DEGREES, A_MAX, False),
            density_truncation())


def header():
    lines = [f"/* Written by tools/normal_cdf_table.py: row i holds Phi(-r) and phi(r), each as hi, lo, r = i/{STEP} */",
             f"CONSTANT double NORMAL_CDF_TABLE[{ROWS}][4] = {{"]
    lines += ["    {%s, %s, %s, %s}," % tuple(v.hex() for v in row(i)) for i in range(ROWS)]
    lines[-1] = lines[-1].rstrip(",") + "};"
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        for what, bound in zip(("float64 Φ", "float32 Φ", "float64 φ"), truncations()):
            print(f"{what} truncation: {bound:.3g} (2^{math.log2(bound):.1f})")
    else:
        sys.stdout.write(header())
