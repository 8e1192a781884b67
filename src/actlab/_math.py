"""Stable numerical primitives shared by the catalogue.

Everything here works on float64 arrays and raises no floating-point warning
for any input, ±inf and NaN included. Three ideas recur:

* **Double-double arguments.** A product such as β·x or x/√2 is carried as
  ``hi + lo`` (``two_prod``), because rounding it first costs up to |z|/2 ulp
  in e^z. Functions of the argument are then corrected to first order,
  g(hi + lo) ≈ g(hi) + lo·g′(hi).
* **Rescaled exponentials.** Where e^{−|z|} is subnormal but a result such as
  x·e^{−|z|} is not, the exponential is carried multiplied by 2^SCALE_BITS and
  the result is scaled back once at the end (``Logistic.unscale``).
* **Limits of products.** x·σ(x) at x = −∞ is 0, not NaN (``mul_limit``).
"""

from dataclasses import dataclass

import numpy as np

from ._constants import LOG_TINY

#: Dekker's splitter 2^27 + 1: splits a double into two 26-bit halves.
_SPLITTER = float(2**27 + 1)
#: Rescaling exponent for exponentials that would be subnormal.
SCALE_BITS = 128
#: |z| beyond which σ(z), σ′(z) … are saturated in double precision (e^{−4096} = 0).
Z_SATURATED = float(2**12)
_Z_SATURATED_EXPONENT = 14  # |mantissa·2^k| >= 2^12 once k >= 14 (mantissas >= 1/4)
_F64_MAX = float(np.finfo(np.float64).max)


def _split(a):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a, b):
    """(p, e) with p = fl(a·b) and p + e = a·b exactly (Dekker); |a|, |b| < 2^996."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


def two_sum(a, b):
    """(s, e) with s = fl(a + b) and s + e = a + b exactly (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def scaled_product(beta, x):
    """β·x as a double-double (hi, lo), saturated at ±Z_SATURATED, for any finite or infinite x.

    The mantissas are multiplied exactly and the exponents added, so neither
    huge nor tiny factors overflow; |β·x| ≥ 2^12 is returned as ±2^12, where
    every logistic quantity has reached its limit.
    """
    x = np.clip(x, -_F64_MAX, _F64_MAX)
    if np.ndim(beta) == 0 and beta == 1.0:
        return np.clip(x, -Z_SATURATED, Z_SATURATED), 0.0
    mx, ex = np.frexp(x)
    mb, eb = np.frexp(beta)
    p, e = two_prod(mx, mb)
    k = ex + eb
    saturated = k >= _Z_SATURATED_EXPONENT
    k = np.minimum(k, _Z_SATURATED_EXPONENT)
    hi = np.where(saturated, np.copysign(Z_SATURATED, p), np.ldexp(p, k))
    lo = np.where(saturated, 0.0, np.ldexp(e, k))
    return hi, lo


def mul_limit(a, b):
    """a·b, except that ±inf·0 gives 0: the limit where b decays exponentially."""
    zero_times_inf = (b == 0) & np.isinf(a)
    with np.errstate(invalid="ignore"):
        return np.where(zero_times_inf, 0.0, a * b)


def where_positive(x, positive, otherwise):
    """``positive`` where x > 0, ``otherwise`` where x ≤ 0, NaN where x is NaN.

    This is the kink convention of the catalogue: at 0 the left piece applies.
    """
    return np.where(x > 0, positive, np.where(np.isnan(x), np.nan, otherwise))


class ScaledExp:
    """e^y for y ≤ 0, rescaled by 2^SCALE_BITS where e^y would be subnormal (or below ``below``).

    ``plain`` is e^y; ``value`` is e^y too, except on ``rescaled`` where it is e^y·2^SCALE_BITS
    (computed as e^{y/2}·(e^{y/2}·2^SCALE_BITS), both factors normal). A
    result proportional to ``value`` is brought back by ``unscale``.
    """

    def __init__(self, y, below=-LOG_TINY):
        self.plain = np.exp(y)
        self.value = self.plain
        self.rescaled = y < below
        if np.any(self.rescaled):
            half = np.exp(np.where(self.rescaled, 0.5 * y, 0.0))
            self.value = np.where(self.rescaled, half * np.ldexp(half, SCALE_BITS), self.value)

    def unscale(self, r, where=True):
        """r·2^−SCALE_BITS on the rescaled entries (restricted to ``where``)."""
        mask = self.rescaled & where
        if not np.any(mask):
            return r
        return np.where(mask, np.ldexp(r, -SCALE_BITS), r)


@dataclass
class Logistic:
    """The logistic quantities of z = hi + lo, each to a few ulp over the whole range.

    Fields (t = e^{−|z|}):
      ``s`` = σ(z), ``sn`` = σ(−z), ``d`` = σ′(z) = σ(z)σ(−z), ``th`` = tanh(z/2),
      ``small`` = σ(−|z|) = t/(1 + t), ``t`` = e^{−|z|}.
    The terms that decay like t are rescaled where t is subnormal (see
    ``ScaledExp``): ``t`` and ``small`` everywhere, ``s`` on z < 0, ``sn`` on
    z > 0, ``d`` everywhere. A result proportional to them is brought back by
    ``unscale``. ``t`` and ``small`` ignore the low part of the argument.
    """

    s: np.ndarray
    sn: np.ndarray
    d: np.ndarray
    th: np.ndarray
    small: np.ndarray
    t: np.ndarray
    _exp: ScaledExp

    @classmethod
    def of(cls, hi, lo=0.0):
        hi = np.clip(hi, -Z_SATURATED, Z_SATURATED)
        exp = ScaledExp(-np.abs(hi))
        t, plain = exp.value, exp.plain
        corrected = np.ndim(lo) > 0 or lo != 0.0
        if corrected:  # e^{−|hi + lo|} ≈ e^{−|hi|}·(1 − sign(hi)·lo)
            c = np.sign(hi) * lo
            t, plain = t - t * c, plain - plain * c
        one_plus_t = 1.0 + plain  # = 1 wherever t is rescaled
        big = 1.0 / one_plus_t  # σ(|z|)
        small = t / one_plus_t  # σ(−|z|), rescaled
        s = np.where(hi >= 0, big, small)
        sn = np.where(hi >= 0, small, big)
        d = small - small * small  # σ′ = σ(−|z|)(1 − σ(−|z|)): no second division by 1 + t
        th = np.tanh(0.5 * hi)
        if corrected:  # tanh(z/2)′ = 2σ′(z)
            th = th + 2.0 * lo * d
        return cls(s, sn, d, th, small, t, exp)

    def unscale(self, r, where=True):
        return self._exp.unscale(r, where)
