"""Smooth rectifiers: swish (β), silu, gelu (exact and tanh form), softplus (β).

Each is written through the logistic or normal quantities of one argument
carried in two parts (β·x, x/√2, the tanh form's cubic), corrected to first
order, so that the tails keep their precision (see ``_math``).
"""

import numpy as np

from .._constants import (
    GELU_SCALED_BELOW,
    GELU_TANH_CUBIC_HI,
    GELU_TANH_CUBIC_LO,
    GELU_TANH_SCALE_HI,
    GELU_TANH_SCALE_LO,
    INV_SQRT2_HI,
    INV_SQRT2_LO,
    INV_SQRT_2PI,
    TWO_OVER_SQRT_PI,
)
from .._erf import ERFCX_FROM, erfc_near, erfcx_far
from .._math import Logistic, ScaledExp, mul_limit, scaled_product, two_prod, two_sum
from ..registry import Activation, Param, positive, register

# ---------------------------------------------------------------- swish / silu
# f = x·σ(z), z = βx;  f′ = σ(z)(1 + z·σ(−z));  f″ = β·σ′(z)(2 − z·tanh(z/2));  ∂f/∂β = x²σ′(z)


def _swish_logistic(x, beta):
    z, z_lo = scaled_product(beta, x)
    return z, Logistic.of(z, z_lo)


def _swish(x, beta=1.0):
    z, lg = _swish_logistic(x, beta)
    return lg.unscale(mul_limit(x, lg.s), where=z < 0)


def _plus_product(c, a, b):
    """c + a·b with the product unrounded (its zero is the derivative's interior zero)."""
    p, p_lo = two_prod(a, b)
    return (c + p) + p_lo


def _swish_grad(x, beta=1.0):
    z, lg = _swish_logistic(x, beta)
    return lg.unscale(lg.s * _plus_product(1.0, z, lg.sn), where=z < 0)


def _swish_grad2(x, beta=1.0):
    z, lg = _swish_logistic(x, beta)
    return lg.unscale(beta * lg.d * _plus_product(2.0, -z, lg.th))


def _swish_param_grads(x, beta):
    _, lg = _swish_logistic(x, beta)
    with np.errstate(over="ignore"):  # x²σ′ beyond the double range is +inf, by design
        return {"beta": lg.unscale(mul_limit(x, mul_limit(x, lg.d)))}


swish = register(Activation(
    name="swish",
    summary="Swish x·σ(βx) with β fixed or learned; β = 1 is SiLU, β → ∞ tends to ReLU.",
    f=_swish, grad_kernel=_swish_grad, grad2_kernel=_swish_grad2, param_grads_kernel=_swish_param_grads,
    params=(Param("beta", 1.0, "slope of the gate σ(βx): a scalar or an array that broadcasts against x",
                  array=True),),
    formulas={
        "f": r"x\,\sigma(\beta x)",
        "grad": r"\sigma(\beta x)\,\bigl(1 + \beta x\,\sigma(-\beta x)\bigr)",
        "grad2": r"\beta\,\sigma'(\beta x)\,\bigl(2 - \beta x \tanh(\beta x / 2)\bigr)",
    },
    family="smooth",
    references=("Ramachandran, Zoph & Le (2017), Searching for activation functions.",),
    example=">>> actlab.swish([-1.0, 0.0, 1.0], beta=2.0)\narray([-0.11920292,  0.        ,  0.88079708])",
    names_in={"jax": "jax.nn.swish", "keras": "keras.activations.swish",
              "note": "JAX's and Keras's swish have no β: they are silu, this entry at its default β = 1"},
))

silu = register(Activation(
    name="silu",
    summary="Sigmoid linear unit x·σ(x) (swish with β = 1); minimum −0.2785 at x ≈ −1.2785.",
    f=_swish, grad_kernel=_swish_grad, grad2_kernel=_swish_grad2,
    formulas={
        "f": r"x\,\sigma(x)",
        "grad": r"\sigma(x)\,\bigl(1 + x\,\sigma(-x)\bigr)",
        "grad2": r"\sigma'(x)\,\bigl(2 - x \tanh(x/2)\bigr)",
    },
    family="smooth",
    references=("Elfwing, Uchibe & Doya (2018), Sigmoid-weighted linear units.",
                "Hendrycks & Gimpel (2016), Gaussian error linear units."),
    example=">>> actlab.silu([-710.0, -1.0, 2.0])\narray([-3.17816322e-306, -2.68941421e-001,  1.76159416e+000])",
    names_in={"torch": "torch.nn.functional.silu", "jax": "jax.nn.silu", "keras": "keras.activations.silu"},
))

# ----------------------------------------------------------------------- gelu
# exact: f = xΦ(x);  f′ = Φ(x) + xφ(x);  f″ = φ(x)(2 − x²);  Φ(x) = erfc(u)/2, u = −x/√2.
# φ's factor e^{−x²/2} is computed from x² in two parts, never from the rounded u.
_GELU_CLIP = 48.0  # beyond, e^{−x²/2}·2^128 = 0: every quantity is at its limit
# tanh form: f = x·σ(w), w = c·x(1 + k·x²), c = 2√(2/π), k = 0.044715;
# f′ = σ(w) + x·w′·σ′(w);  f″ = σ′(w)(2w′ + x·w″ − x·w′²·tanh(w/2))
_GELU_TANH_CLIP = 64.0  # beyond, |w| > 2^12: σ(w) is saturated


def _gelu_exact_parts(x):
    xc = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    square, square_lo = two_prod(xc, xc)
    gauss = ScaledExp(-0.5 * square, below=GELU_SCALED_BELOW)  # e^{−x²/2}, rescaled where Φ could be subnormal
    e = gauss.value * (1.0 - 0.5 * square_lo)
    u, u_lo = two_prod(xc, INV_SQRT2_HI)
    u, u_lo = -u, -(u_lo + xc * INV_SQRT2_LO)
    cdf = np.empty_like(u)
    near = np.abs(u) < ERFCX_FROM
    cdf[near] = 0.5 * (erfc_near(u[near]) - u_lo[near] * TWO_OVER_SQRT_PI * e[near])
    far = ~near
    tail = 0.5 * erfcx_far(np.abs(u[far])) * e[far]  # Φ(x) for x < 0, 1 − Φ(x) for x > 0
    cdf[far] = np.where(u[far] > 0, tail, 1.0 - tail)
    return xc, square, square_lo, gauss, e * INV_SQRT_2PI, cdf


def _gelu_tanh_parts(x):
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    sq, sq_lo = two_prod(xc, xc)
    a, a_lo = two_prod(GELU_TANH_CUBIC_HI, sq)
    a_lo = a_lo + (GELU_TANH_CUBIC_HI * sq_lo + GELU_TANH_CUBIC_LO * sq)
    b, b_lo = two_sum(1.0, a)
    m, m_lo = two_prod(xc, b)
    m_lo = m_lo + xc * (b_lo + a_lo)
    w, w_lo = two_prod(GELU_TANH_SCALE_HI, m)
    w_lo = w_lo + (GELU_TANH_SCALE_HI * m_lo + GELU_TANH_SCALE_LO * m)
    dw = GELU_TANH_SCALE_HI * (1.0 + 3.0 * GELU_TANH_CUBIC_HI * sq)
    d2w = 6.0 * GELU_TANH_SCALE_HI * GELU_TANH_CUBIC_HI * xc
    return xc, w, dw, d2w, Logistic.of(w, w_lo)


def _gelu(x, approximate="none"):
    if approximate == "tanh":
        _, w, _, _, lg = _gelu_tanh_parts(x)
        return lg.unscale(mul_limit(x, lg.s), where=w < 0)
    _, _, _, gauss, _, cdf = _gelu_exact_parts(x)
    return gauss.unscale(mul_limit(x, cdf), where=x < 0)


def _gelu_grad(x, approximate="none"):
    if approximate == "tanh":
        xc, w, dw, _, lg = _gelu_tanh_parts(x)
        return lg.unscale(lg.s + xc * dw * lg.d, where=w < 0)
    xc, _, _, gauss, pdf, cdf = _gelu_exact_parts(x)
    return gauss.unscale(cdf + xc * pdf, where=x < 0)


def _gelu_grad2(x, approximate="none"):
    if approximate == "tanh":
        xc, _, dw, d2w, lg = _gelu_tanh_parts(x)
        return lg.unscale(lg.d * (2.0 * dw + xc * d2w - xc * dw * dw * lg.th))
    _, square, square_lo, gauss, pdf, _ = _gelu_exact_parts(x)
    return gauss.unscale(pdf * ((2.0 - square) - square_lo))


gelu = register(Activation(
    name="gelu",
    summary="Gaussian error linear unit xΦ(x) (Φ the standard normal CDF), or its tanh approximation.",
    f=_gelu, grad_kernel=_gelu_grad, grad2_kernel=_gelu_grad2,
    params=(Param("approximate", "none", "'none' for xΦ(x), 'tanh' for "
                  "x·(1 + tanh(√(2/π)(x + 0.044715x³)))/2", kind="choice", choices=("none", "tanh")),),
    formulas={
        "f": r"x\,\Phi(x) = \frac{x}{2}\operatorname{erfc}\!\left(-\frac{x}{\sqrt 2}\right)",
        "grad": r"\Phi(x) + x\,\varphi(x)",
        "grad2": r"\varphi(x)\,(2 - x^2)",
    },
    variants={("approximate", "tanh"): {
        "f": r"x\,\sigma(w),\ w = 2\sqrt{2/\pi}\,(x + 0.044715\,x^3)",
        "grad": r"\sigma(w) + x\,w'\,\sigma'(w)",
        "grad2": r"\sigma'(w)\,\bigl(2w' + x\,w'' - x\,w'^2 \tanh(w/2)\bigr)",
    }},
    family="smooth",
    references=("Hendrycks & Gimpel (2016), Gaussian error linear units (GELUs).",),
    example=">>> actlab.gelu([-37.0, -1.0, 1.0])\narray([-2.11846135e-298, -1.58655254e-001,  8.41344746e-001])",
    names_in={"torch": "torch.nn.functional.gelu", "jax": "jax.nn.gelu", "keras": "keras.activations.gelu",
              "note": "JAX's default is approximate=True (the tanh form); PyTorch and Keras default to the exact form"},
))

# ------------------------------------------------------------------- softplus
# f = max(x, 0) + log1p(e^{−|z|})/β, z = βx;  f′ = σ(z);  f″ = βσ′(z);
# ∂f/∂β = (zσ(z) − softplus(z))/β² = −(|z|σ(−|z|) + log1p(e^{−|z|}))/β²
# (e^{−|z|} carries the low part of z; the factor |z| does not need it)


def _softplus_parts(x, beta):
    z, z_lo = scaled_product(beta, x)
    return z, Logistic.of(z, z_lo)


def _softplus(x, beta=1.0):
    z, lg = _softplus_parts(x, beta)
    return lg.unscale(np.maximum(x, 0.0) + np.log1p(lg.t) / beta, where=z < 0)


def _softplus_grad(x, beta=1.0):
    z, lg = _softplus_parts(x, beta)
    return lg.unscale(lg.s, where=z < 0)


def _softplus_grad2(x, beta=1.0):
    _, lg = _softplus_parts(x, beta)
    return lg.unscale(beta * lg.d)


def _softplus_param_grads(x, beta):
    z, lg = _softplus_parts(x, beta)
    g = -(np.abs(z) * lg.small + np.log1p(lg.t))
    return {"beta": lg.unscale(g / beta / beta)}


softplus = register(Activation(
    name="softplus",
    summary="A smooth ReLU, (1/β)·ln(1 + e^{βx}); its derivative is σ(βx).",
    f=_softplus, grad_kernel=_softplus_grad, grad2_kernel=_softplus_grad2,
    param_grads_kernel=_softplus_param_grads,
    params=(Param("beta", 1.0, "sharpness (> 0); β → ∞ tends to ReLU", check=positive),),
    formulas={
        "f": r"\frac{1}{\beta}\ln\bigl(1 + e^{\beta x}\bigr)",
        "grad": r"\sigma(\beta x)",
        "grad2": r"\beta\,\sigma(\beta x)\,\sigma(-\beta x)",
    },
    family="smooth",
    references=("Dugas, Bengio, Bélisle, Nadeau & Garcia (2001), Incorporating second-order functional "
                "knowledge for better option pricing.",),
    example=">>> actlab.softplus([-700.0, 0.0, 800.0])\narray([9.85967654e-305, 6.93147181e-001, 8.00000000e+002])",
    names_in={"torch": "torch.nn.functional.softplus", "jax": "jax.nn.softplus", "keras": "keras.activations.softplus",
              "note": "PyTorch returns x where βx > threshold (default 20)"},
))
