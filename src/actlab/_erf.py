"""A vectorised erfc, after fdlibm's s_erf.c (Sun Microsystems, 1993; < 1 ulp).

scipy.special.erfc is a scalar loop (about 15 ns an element); this evaluates
the same rational approximations with whole-array NumPy operations. It is split
in two pieces so that GELU can avoid the rounding of its argument x/√2:

* ``erfc_near(v)``: erfc(v) for |v| < 1.25 (fdlibm's first two intervals);
* ``erfcx_far(v)``: the scaled function e^{v²}·erfc(v) for v ≥ 1.25. fdlibm
  writes erfc(v) = exp(−v² − 0.5625 + R(1/v²)/S(1/v²))/v there, so the
  scaled function is exp(R/S − 0.5625)/v: smooth, well conditioned, and the
  sensitive factor e^{−v²} is left to the caller, who can compute it from an
  exact argument. The rational fit of the last interval extends to v → ∞,
  where it tends to the asymptote 1/(v√π) (checked against mpmath in the tests).

The coefficients are fdlibm's, as published.
"""

import numpy as np

_NEAR_ZERO = 0.84375  # fdlibm: erf(x) ≈ x + x·P/Q below, expansion at 1 above
_QUARTER = 0.25  # below, erfc = 1 − (v + v·P/Q); above, 0.5 − ((v − 0.5) + v·P/Q)
ERFCX_FROM = 1.25  # start of the asymptotic form
_FAR = 1 / 0.35  # switch between fdlibm's two asymptotic fits
_ERX = 8.45062911510467529297e-01  # erf(1) rounded to single precision
_EXP_SHIFT = 0.5625  # fdlibm's constant in exp(−v² − 0.5625 + R/S)

# erf on [0, 0.84375]: P(v²)/Q(v²)
_PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
       -5.77027029648944159157e-03, -2.37630166566501626084e-05)
_QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
       1.32494738004321644526e-04, -3.96022827877536812320e-06)
# erf on [0.84375, 1.25]: erf(1 + s) − erx = P(s)/Q(s)
_PA = (-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
       3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
       -2.16637559486879084300e-03)
_QA = (1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
       1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02)
# erfc on [1.25, 1/0.35]: R(1/v²)/S(1/v²)
_RA = (-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
       -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
       -8.12874355063065934246e+01, -9.81432934416914548592e+00)
_SA = (1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
       6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
       6.57024977031928170135e+00, -6.04244152148580987438e-02)
# erfc on [1/0.35, ∞)
_RB = (-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
       -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
       -4.83519191608651397019e+02)
_SB = (1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
       3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
       -2.24409524465858183362e+01)


def _poly(coefficients, z):
    """Horner's rule, lowest degree first."""
    result = np.full_like(z, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        result *= z
        result += c
    return result


def _piecewise(v, pieces):
    """Evaluate each (mask, function) of ``pieces`` on its own entries only."""
    out = np.zeros_like(v)
    for mask, fn in pieces:
        if np.any(mask):
            out[mask] = fn(v[mask])
    return out


def _erfc_small(v):  # |v| < 0.84375: erf(v) = v + v·P(v²)/Q(v²)
    z = v * v
    y = _poly(_PP, z) / _poly(_QQ, z)
    return np.where(v < _QUARTER, 1.0 - (v + v * y), 0.5 - ((v - 0.5) + v * y))


def _erfc_medium(v):  # 0.84375 <= |v| < 1.25: erf(1 + s) = erx + P(s)/Q(s)
    s = np.abs(v) - 1.0
    ratio = _poly(_PA, s) / _poly(_QA, s)
    return np.where(v >= 0, (1.0 - _ERX) - ratio, 1.0 + (_ERX + ratio))


def erfc_near(v):
    """erfc(v) for |v| < 1.25, to about 1 ulp; other entries are unspecified (finite)."""
    a = np.abs(v)
    return _piecewise(v, [(a < _NEAR_ZERO, _erfc_small), ((a >= _NEAR_ZERO) & (a < ERFCX_FROM), _erfc_medium)])


def _scaled_tail(numerator, denominator):
    def evaluate(v):
        r = 1.0 / v
        s = r * r
        return np.exp(_poly(numerator, s) / _poly(denominator, s) - _EXP_SHIFT) * r
    return evaluate


def erfcx_far(v):
    """e^{v²}·erfc(v) for v ≥ 1.25 (v = +inf gives 0); other entries are unspecified (finite)."""
    v = np.maximum(v, ERFCX_FROM)
    return _piecewise(v, [(v < _FAR, _scaled_tail(_RA, _SA)), (v >= _FAR, _scaled_tail(_RB, _SB))])
