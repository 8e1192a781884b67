"""Mathematical constants, each derived once from its formula.

Constants that the accurate kernels need to more than double precision are
given in two parts, ``hi + lo``, where ``hi`` is the double nearest the true
value and ``lo`` the double nearest the remainder. They are computed here with
exact integer arithmetic (π by Machin's formula, square roots by ``isqrt``), so
no decimal is typed by hand.
"""

from fractions import Fraction
from math import isqrt

import numpy as np

_BITS = 256  # working precision of the exact computations, far beyond 2 x 53


def _arctan_inverse(n: int, bits: int) -> int:
    """arctan(1/n) · 2**bits, rounded down, from its Taylor series."""
    one = 1 << bits
    total, term, k, sign = 0, one // n, 1, 1
    while term:
        total += sign * (term // k)
        term //= n * n
        k += 2
        sign = -sign
    return total


def _pi() -> Fraction:
    """π from Machin's formula, π/4 = 4·arctan(1/5) − arctan(1/239)."""
    bits = _BITS + 16
    scaled = 4 * (4 * _arctan_inverse(5, bits) - _arctan_inverse(239, bits))
    return Fraction(scaled, 1 << bits)


def _sqrt(q: Fraction) -> Fraction:
    """√q to _BITS bits."""
    return Fraction(isqrt(int(q * (1 << (2 * _BITS)))), 1 << _BITS)


def _split(q: Fraction) -> tuple[float, float]:
    """The double-double (hi, lo) nearest the exact value q."""
    hi = float(q)
    return hi, float(q - Fraction(hi))


PI_EXACT = _pi()

#: 1/√2, the scale of GELU's argument: Φ(x) = erfc(−x/√2)/2.
INV_SQRT2_HI, INV_SQRT2_LO = _split(_sqrt(Fraction(1, 2)))
#: 1/√(2π), the height of the standard normal density at 0.
INV_SQRT_2PI = float(_sqrt(1 / (2 * PI_EXACT)))
#: 2/√π, the derivative of erfc at 0 (up to sign).
TWO_OVER_SQRT_PI = float(2 / _sqrt(PI_EXACT))
#: 2·√(2/π): GELU's tanh form is x·σ(2·√(2/π)·(x + 0.044715·x³)).
GELU_TANH_SCALE_HI, GELU_TANH_SCALE_LO = _split(_sqrt(8 / PI_EXACT))
#: The cubic coefficient of GELU's tanh form, exactly 0.044715 (Hendrycks & Gimpel).
GELU_TANH_CUBIC_HI, GELU_TANH_CUBIC_LO = _split(Fraction("0.044715"))

_F64 = np.finfo(np.float64)
#: Below −LOG_TINY, e^x is subnormal: the kernels rescale to keep full precision.
LOG_TINY = -float(np.log(_F64.tiny))
#: GELU rescales e^{−x²/2} below −700, where Φ(−|x|) = e^{−x²/2}·S with S > 1/128 (|x| ≤ 48) could be
#: subnormal (below −LOG_TINY + log 128 = −703.5) while x·Φ(x) is not.
GELU_SCALED_BELOW = -700.0
