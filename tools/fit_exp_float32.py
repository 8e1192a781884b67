"""Fit the polynomial of the float32 exponential in ``src/actlab/_kernels_math.h`` (EXP_LITE_POLY).

After the reduction e^y = 2^k e^r with r = y − k ln 2 in [−ln 2/2, ln 2/2] (a little wider: k comes
from a rounded product), e^r = 1 + r P(r) with P(r) = (e^r − 1)/r, entire. P = 1 + r Q(r) (its
constant term exact, so that e^r − 1 = r for tiny r) is fitted for the least relative error by least
squares at Chebyshev nodes, then written in powers of r for Horner's rule (polynomial_fit.py: mpmath
at 40 digits throughout, so the same doubles on every machine). The relative error of P is that of
e^r − 1 (expm1 for k = 0) and bounds that of e^r.

The float32 glu takes e^{-b} from a table of 2^{j/16} (exp_neg_sixteenths): r = -b - m ln2/16 in
[-ln 2/32, ln 2/32], where P of degree 4 gives 2^-41.1, and e^r = 1 + r P(r) a relative error |r| times
that (2^-46.6). Its table holds Q(rn) = P(-rn) in powers of rn = -r (the signs of the odd coefficients
flipped), and each 2^{j/16} rounded once with j 2^48 taken from its bits (the kernel adds m 2^48).

Run ``python tools/fit_exp_float32.py`` to print the C tables and the worst relative errors of P on a
fine grid (the float32 kernels need about 2^-34).
"""

import struct
import sys
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polynomial_fit  # noqa: E402

DEGREE = 8
NODES = 200
HALF_WIDTH = float(mpmath.log(2)) / 2 * (1 + 2.0**-20)
SIXTEENTHS = 16  # the table form's 2^{j/16}
SIXTEENTHS_DEGREE = 4
SIXTEENTHS_HALF_WIDTH = float(mpmath.log(2)) / (2 * SIXTEENTHS) * (1 + 2.0**-20)


def target(r):
    r = mpmath.mpf(r)
    return mpmath.expm1(r) / r if r else mpmath.mpf(1)


def fit():
    lo, hi = -HALF_WIDTH, HALF_WIDTH
    powers = polynomial_fit.fit(target, lo, hi, DEGREE, NODES, exact_one=True)
    return powers, polynomial_fit.worst_relative_error(powers, target, lo, hi)


def fit_sixteenths():
    """Q(rn) = P(-rn), P of the table form, in powers of rn (P's coefficient j times (-1)^j), and P's worst
    relative error."""
    lo, hi = -SIXTEENTHS_HALF_WIDTH, SIXTEENTHS_HALF_WIDTH
    powers = polynomial_fit.fit(target, lo, hi, SIXTEENTHS_DEGREE, NODES, exact_one=True)
    return [c if j % 2 == 0 else -c for j, c in enumerate(powers)], polynomial_fit.worst_relative_error(powers, target, lo, hi)


def sixteenths_table():
    """2^{j/16} rounded once to a double, j = 0..15, each with j 2^48 taken from its bits."""
    exact = [float(mpmath.power(2, mpmath.mpf(j) / SIXTEENTHS)) for j in range(SIXTEENTHS)]
    bits = [struct.unpack("<Q", struct.pack("<d", v))[0] - (j << 48) for j, v in enumerate(exact)]
    return [struct.unpack("<d", struct.pack("<Q", b))[0] for b in bits]


if __name__ == "__main__":
    polynomial_fit.print_table("EXP_LITE_POLY", "P(r)", *fit())
    polynomial_fit.print_table("EXP_SIXTEENTHS_POLY", "Q(rn)", *fit_sixteenths())  # Q(rn) = P(-rn)
    print(f"CONSTANT double EXP2_SIXTEENTHS[{SIXTEENTHS}] = {{" + ", ".join(v.hex() for v in sixteenths_table()) + "};")
