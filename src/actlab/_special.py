"""Primitives and constants for the wider catalogue (SELU, CELU, squareplus, bent identity …).

Like ``_math``, everything works on float64 arrays and raises no floating-point
warning for any input, ±inf and NaN included.

* ``times_constant``: x·c for a constant c known as a double-double (SELU's λ, λα).
* ``quotient``: x/a as a double-double, so that e^{x/a} keeps its precision (CELU).
* ``sqrt_sum_squares``: √(x² + b) as a double-double for any x and b > 0, never
  overflowing (squareplus, bent identity: their f″ is a cube of it).
* ``expm1_minus_z_exp``: e^z − 1 − z·e^z without the cancellation near 0 (∂celu/∂α).
"""

from fractions import Fraction

import numpy as np

from ._math import two_prod, two_sum

_TWO_PROD_SAFE = 2.0**990  # two_prod splits its factors: below this they do not overflow


def _split(q: Fraction) -> tuple[float, float]:
    """The double-double (hi, lo) nearest the exact value q."""
    hi = float(q)
    return hi, float(q - Fraction(hi))


# ----------------------------------------------------------------------- SELU
#: SELU's α and λ (scale), the fixed point of the mean and variance map of Klambauer,
#: Unterthiner, Mayr & Hochreiter (2017), "Self-normalizing neural networks", eq. (14):
#:   α = −√(2/π) / (erfc(1/√2)·e^{1/2} − 1),
#:   λ = (1 − erfc(1/√2)·√e)·√(2π)·(2 erfc(√2)·e² + π erfc(1/√2)²·e − 2(2 + π) erfc(1/√2)·√e + π + 2)^{−1/2}.
#: The 32-digit decimals are those published with the paper (its reference code) and used by
#: PyTorch (torch/nn/modules/activation.py, SELU), TensorFlow and JAX; tests/test_catalogue.py
#: checks them against the closed forms with mpmath.
SELU_ALPHA_EXACT = Fraction("1.6732632423543772848170429916717")
SELU_SCALE_EXACT = Fraction("1.0507009873554804934193349852946")
SELU_ALPHA = float(SELU_ALPHA_EXACT)
SELU_SCALE = float(SELU_SCALE_EXACT)
#: λ and λα as double-doubles (f = λx for x > 0 and λα(e^x − 1) for x ≤ 0).
SELU_SCALE_HI, SELU_SCALE_LO = _split(SELU_SCALE_EXACT)
SELU_SCALE_ALPHA_HI, SELU_SCALE_ALPHA_LO = _split(SELU_SCALE_EXACT * SELU_ALPHA_EXACT)


def times_constant(x, hi, lo):
    """x·(hi + lo) rounded once (about 0.5 ulp; x·hi alone can be 1 ulp off). Overflow gives ±inf."""
    x = np.asarray(x, dtype=np.float64)
    big = ~(np.abs(x) <= _TWO_PROD_SAFE)  # also ±inf and NaN
    xs = np.where(big, 0.0, x)
    p, e = two_prod(xs, hi)
    with np.errstate(over="ignore", invalid="ignore"):  # λ·x beyond the double range is ±inf, by design
        return np.where(big, x * hi, p + (e + xs * lo))


def quotient(x, a):
    """x/a as (q, q_lo) with q + q_lo = x/a to about eps² relative; a > 0 finite, |x/a| ≤ 2^990.

    The remainder x − q·a is exact (Dekker's product, then Sterbenz's lemma).
    """
    q = x / a
    if np.ndim(a) == 0 and a > _TWO_PROD_SAFE:  # splitting a would overflow: no correction
        return q, np.zeros_like(q)
    p, e = two_prod(q, a)
    return q, ((x - p) - e) / a


# ------------------------------------------------------------ √(x² + b)
def sqrt_sum_squares(x, b):
    """(r, r_lo) with r + r_lo = √(x² + b) to about eps² relative, for any x and b > 0.

    r is hypot(x, √b) (no overflow, no underflow); the correction comes from the
    residual x² + b − r², computed exactly in a scaled copy (by a power of two, so
    that nothing overflows): r_lo = (x² + b − r²)/(2r). ±inf gives (inf, 0), NaN (nan, 0).
    """
    x = np.asarray(x, dtype=np.float64)
    r = np.hypot(x, np.sqrt(b))
    ok = np.isfinite(r)
    _, k = np.frexp(np.where(ok, r, 1.0))
    xs = np.ldexp(np.where(ok, x, 0.0), -k)  # |xs| < 1
    bs = np.ldexp(np.broadcast_to(b, r.shape).astype(np.float64), -2 * k)  # may underflow where negligible
    rs = np.ldexp(np.where(ok, r, 0.5), -k)  # in [1/2, 1)
    s1, s1_lo = two_prod(xs, xs)
    s2, s2_lo = two_prod(rs, rs)
    t, t_lo = two_sum(s1, bs)
    residual = (t - s2) + ((t_lo + s1_lo) - s2_lo)  # t − s2 is exact: t and s2 are a few ulp apart
    r_lo = np.ldexp(residual / (2.0 * rs), k)
    return r, np.where(ok, r_lo, 0.0)


# ---------------------------------------------------- e^z − 1 − z·e^z
_SERIES_UP_TO = 2.0  # the series below for s = −z ∈ [0, 2]; the direct form (cancellation < 2×) beyond
_SERIES_TERMS = 26  # 1/(n + 2)! for n < 26: the next term, 2^26/28!, is below 1e-21


def _inverse_factorials(first, n):
    coefficients, factorial = [], 1
    for k in range(1, first):
        factorial *= k
    for k in range(first, first + n):
        factorial *= k
        coefficients.append(1.0 / factorial)
    return tuple(coefficients)


_G_COEFFICIENTS = _inverse_factorials(2, _SERIES_TERMS)  # 1/2!, 1/3!, …


def expm1_minus_z_exp(z):
    """g(z) = e^z − 1 − z·e^z for z ≤ 0 (z = −inf gives −1), to about 2 ulp.

    With s = −z, −g = 1 − (1 + s)e^{−s} is the regularized incomplete gamma function
    P(2, s) = e^{−s}·s²·Σ_n s^n/(n + 2)!, a series of positive terms: no cancellation
    near 0, where e^z − 1 and z·e^z agree to many digits. It is used for s ≤ 2, the
    direct form beyond.
    """
    z = np.asarray(z, dtype=np.float64)
    near = z >= -_SERIES_UP_TO
    s = np.where(near, -z, 0.0)
    total = np.full_like(s, _G_COEFFICIENTS[-1])
    for c in reversed(_G_COEFFICIENTS[:-1]):
        total = total * s + c
    series = -(np.exp(-s) * (s * s)) * total
    zf = np.maximum(np.where(near, -2.0 * _SERIES_UP_TO, z), -1e4)  # e^{−10⁴} = 0: the limit −1
    direct = np.expm1(zf) - zf * np.exp(zf)
    return np.where(near, series, np.where(np.isnan(z), np.nan, direct))
