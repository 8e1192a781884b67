"""More smooth activations: mish, log_sigmoid, squareplus (b), bent_identity, identity, exponential.

* mish = x·tanh(softplus x). With u = e^x, tanh(softplus x) = u(u + 2)/(u(u + 2) + 2):
  for x ≤ 0 every quantity is written in u (the factor u rescaled where it is
  subnormal), for x > 0 in v = e^{−x}, where tanh(softplus x) = 1 − 2v²/(1 + 2v + 2v²)
  (and f″'s factor v² = e^{−2x} is rescaled where subnormal, 354 < x < 372).
* log_sigmoid = −softplus(−x), through the logistic quantities of x.
* squareplus and bent_identity need r = √(x² + b) as a double-double (their f″ has r³);
  the cancelling forms x + r (x < 0) and r − 1 (x near 0) are rewritten as b/(r − x)
  and x²/(r + 1).
"""

import numpy as np

from .._math import Logistic, ScaledExp
from .._special import sqrt_sum_squares
from ..registry import Activation, Param, positive, register
from ._pieces import piecewise

# ----------------------------------------------------------------------- mish
# x ≤ 0, u = e^x (polynomials expanded and normalised to 1 + t, t small where u is):
#   f = x·u·(1 − u(u + 1)/(2 + 2u + u²))
#   f′ = u·[(1 + x) + u(3/2 + x) + u² + u³/4]/(1 + t₂),  1 + t₂ = (2 + 2u + u²)²/4
#   f″ = u·[(2 + x) + u(4 + x) + u²(3 − 3x/2) + u³(1 − x)]/(1 + t₃),  1 + t₃ = (2 + 2u + u²)³/8
# x > 0, v = e^{−x}, q = 1 + 2v + 2v² (= (2 + 2u + u²)/u²):
#   f = x − x·2v²/q
#   f′ = 1 + 2v²·[(2x − 1) + v(2x − 2) − 2v²]/q²
#   f″ = 4v²·[(2 − 2x) + v(6 − 3x) + v²(8 + 2x) + v³(4 + 2x)]/q³
# The factor u (x ≤ 0) and v² (f″, x > 0) are rescaled where subnormal (ScaledExp); y/(1 + t)
# is y − y·t/(1 + t) for small t (one rounding of y, not three).
_MISH_CLIP = 1e4  # beyond |x| = 10⁴, e^{−|x|}·2^128 = 0: every quantity is at its limit
_SMALL_T = 0.5  # below, y/(1 + t) is computed as y − y·t/(1 + t)


def _horner(w, coefficients):
    """c0 + w(c1 + w(c2 + …)), the coefficients lowest degree first (arrays or numbers)."""
    total = coefficients[-1]
    for c in reversed(coefficients[:-1]):
        total = c + w * total
    return total


def _over_one_plus(y, t):
    """y/(1 + t) for t ≥ 0, rounded about once where t is small."""
    return np.where(t < _SMALL_T, y - y * (t / (1.0 + t)), y / (1.0 + t))


def _mish_parts(x):
    """(x clipped, e^{−|x|} as a ScaledExp, its plain value w, x ≤ 0)."""
    xc = np.clip(x, -_MISH_CLIP, _MISH_CLIP)
    e = ScaledExp(-np.abs(xc))
    return xc, e, e.plain, x <= 0


def _select(x, neg, left, right):
    return np.where(neg, left, np.where(np.isnan(x), np.nan, right))


def _mish(x):
    xc, e, w, neg = _mish_parts(x)
    u = w
    y = xc * e.value
    left = e.unscale(y - y * (u * (u + 1.0) / (2.0 + u * (2.0 + u))), where=neg)
    v = w
    right = x - xc * (2.0 * v * v / (1.0 + 2.0 * v * (1.0 + v)))  # x = +inf: inf − 0
    return _select(x, neg, left, right)


def _mish_grad(x):
    xc, e, w, neg = _mish_parts(x)
    u = w
    bracket = _horner(u, ((1.0 + xc), (1.5 + xc), 1.0, 0.25))
    t2 = u * _horner(u, (2.0, 2.0, 1.0, 0.25))
    left = e.unscale(_over_one_plus(e.value * bracket, t2), where=neg)
    v = w
    bracket = _horner(v, ((2.0 * xc - 1.0), (2.0 * xc - 2.0), -2.0))
    q2 = 1.0 + v * _horner(v, (4.0, 8.0, 8.0, 4.0))
    right = 1.0 + 2.0 * v * v * bracket / q2
    return _select(x, neg, left, right)


def _mish_grad2(x):
    xc, e, w, neg = _mish_parts(x)
    u = w
    bracket = _horner(u, ((2.0 + xc), (4.0 + xc), (3.0 - 1.5 * xc), (1.0 - xc)))
    t3 = u * _horner(u, (3.0, 4.5, 4.0, 2.25, 0.75, 0.125))
    left = e.unscale(_over_one_plus(e.value * bracket, t3), where=neg)
    v = w
    v2 = ScaledExp(-2.0 * np.maximum(xc, 0.0))  # e^{−2x}, rescaled where subnormal
    bracket = _horner(v, ((2.0 - 2.0 * xc), (6.0 - 3.0 * xc), (8.0 + 2.0 * xc), (4.0 + 2.0 * xc)))
    t3 = v * _horner(v, (6.0, 18.0, 32.0, 36.0, 24.0, 8.0))
    right = v2.unscale(_over_one_plus(4.0 * v2.value * bracket, t3), where=~neg)
    return _select(x, neg, left, right)


mish = register(Activation(
    name="mish",
    summary="Mish x·tanh(softplus x): smooth, non-monotonic; minimum −0.30884 at x ≈ −1.19240.",
    f=_mish, grad_kernel=_mish_grad, grad2_kernel=_mish_grad2,
    formulas={
        "f": r"x \tanh\bigl(\ln(1 + e^{x})\bigr)",
        "grad": r"\tanh(s) + x\,\sigma(x)\,\mathrm{sech}^2(s),\ s = \ln(1 + e^{x})",
        "grad2": r"\sigma(x)\,\mathrm{sech}^2(s)\,\bigl(2 + x\,(\sigma(-x) - 2\sigma(x) \tanh s)\bigr)",
    },
    family="smooth",
    references=("Misra (2019), Mish: a self regularized non-monotonic activation function.",),
    example=">>> actlab.mish([-700.0, -1.0, 1.0])\narray([-6.90177358e-302, -3.03401461e-001,  8.65098388e-001])",
    names_in={"torch": "torch.nn.functional.mish", "jax": "jax.nn.mish", "keras": "keras.activations.mish"},
))

# ---------------------------------------------------------------- log_sigmoid
# f = −softplus(−x) = min(x, 0) − log1p(e^{−|x|});  f′ = σ(−x);  f″ = −σ′(x)


def _log_sigmoid(x):
    lg = Logistic.of(x)
    return lg.unscale(np.minimum(x, 0.0) - np.log1p(lg.t), where=x > 0)


def _log_sigmoid_grad(x):
    lg = Logistic.of(x)
    return lg.unscale(lg.sn, where=x > 0)


def _log_sigmoid_grad2(x):
    lg = Logistic.of(x)
    return lg.unscale(-lg.d)


log_sigmoid = register(Activation(
    name="log_sigmoid",
    summary="log σ(x) = −softplus(−x): the log-likelihood of the positive class, never log(0).",
    f=_log_sigmoid, grad_kernel=_log_sigmoid_grad, grad2_kernel=_log_sigmoid_grad2,
    formulas={
        "f": r"\log \sigma(x) = -\ln\bigl(1 + e^{-x}\bigr)",
        "grad": r"\sigma(-x)",
        "grad2": r"-\sigma(x)\,\sigma(-x)",
    },
    family="sigmoidal",
    references=("PyTorch, torch.nn.LogSigmoid.",),
    example=">>> actlab.log_sigmoid([-800.0, 0.0, 710.0])\narray([-8.00000000e+002, -6.93147181e-001, -4.47628623e-309])",
    names_in={"torch": "torch.nn.functional.logsigmoid", "jax": "jax.nn.log_sigmoid",
              "keras": "keras.activations.log_sigmoid"},
))

# ----------------------------------------------------------------- squareplus
# r = √(x² + b):  f = (x + r)/2 = (b/2)/(r − x) for x ≤ 0;  f′ = (1 + x/r)/2 = f/r;  f″ = b/(2r³);
# ∂f/∂b = 1/(4r)


def _squareplus(x, b=4.0):
    r, r_lo = sqrt_sum_squares(x, b)
    a = np.abs(x)
    left = (0.25 * b) / ((0.5 * r + 0.5 * a) + 0.5 * r_lo)
    right = (0.5 * np.maximum(x, 0.0) + 0.5 * r) + 0.5 * r_lo
    return np.where(x > 0, right, np.where(np.isnan(x), np.nan, left))


def _squareplus_grad(x, b=4.0):
    r, r_lo = sqrt_sum_squares(x, b)
    with np.errstate(invalid="ignore"):  # inf/inf where x = ±inf: replaced by the limits
        g = _squareplus(x, b) / r * (1.0 - r_lo / r)
    return np.where(np.isinf(x), np.where(x > 0, 1.0, 0.0), g)


def _squareplus_grad2(x, b=4.0):
    r, r_lo = sqrt_sum_squares(x, b)
    return ((0.5 * b / r) / r) / r * (1.0 - 3.0 * r_lo / r)


def _squareplus_param_grads(x, b):
    r, r_lo = sqrt_sum_squares(x, b)
    return {"b": 0.25 / r * (1.0 - r_lo / r)}


squareplus = register(Activation(
    name="squareplus",
    summary="Squareplus (x + √(x² + b))/2: a softplus-like curve from a square root (no exponential).",
    f=_squareplus, grad_kernel=_squareplus_grad, grad2_kernel=_squareplus_grad2,
    param_grads_kernel=_squareplus_param_grads,
    params=(Param("b", 4.0, "curvature (> 0) at the kink of the ReLU it smooths; f(0) = √b/2", check=positive),),
    formulas={
        "f": r"\frac{x + \sqrt{x^2 + b}}{2}",
        "grad": r"\frac{1}{2}\Bigl(1 + \frac{x}{\sqrt{x^2 + b}}\Bigr)",
        "grad2": r"\frac{b}{2\,(x^2 + b)^{3/2}}",
    },
    family="smooth",
    references=("Barron (2021), Squareplus: a softplus-like algebraic rectifier.",),
    example=">>> actlab.squareplus([-1e6, 0.0, 1.0])\narray([1.00000000e-06, 1.00000000e+00, 1.61803399e+00])",
    names_in={"jax": "jax.nn.squareplus", "keras": "keras.activations.squareplus"},
))

# -------------------------------------------------------------- bent_identity
# r = √(x² + 1):  f = x + (r − 1)/2 = x + x²/(2(r + 1));  f′ = 1 + x/(2r);  f″ = 1/(2r³)


def _bent_identity(x):
    r, r_lo = sqrt_sum_squares(x, 1.0)
    a = np.abs(x)
    with np.errstate(invalid="ignore"):  # inf/inf where x = ±inf: replaced below
        half = a / ((r + 1.0) + r_lo) * 0.5  # |x|/(2(r + 1)) ≤ 1/2
    with np.errstate(over="ignore"):  # f(x) beyond the double range (x > 1.2e308) is +inf, by design
        return np.where(np.isinf(x), x, x + np.where(np.isinf(x), 0.0, a) * half)


def _bent_identity_grad(x):
    r, r_lo = sqrt_sum_squares(x, 1.0)
    with np.errstate(invalid="ignore"):
        ratio = x / r * (1.0 - r_lo / r)
    ratio = np.where(np.isinf(x), np.sign(x), ratio)
    return 1.0 + 0.5 * ratio


def _bent_identity_grad2(x):
    r, r_lo = sqrt_sum_squares(x, 1.0)
    return ((0.5 / r) / r) / r * (1.0 - 3.0 * r_lo / r)


bent_identity = register(Activation(
    name="bent_identity",
    summary="Bent identity x + (√(x² + 1) − 1)/2: slope 1/2 far left, 3/2 far right, smooth and monotonic.",
    f=_bent_identity, grad_kernel=_bent_identity_grad, grad2_kernel=_bent_identity_grad2,
    formulas={
        "f": r"x + \frac{\sqrt{x^2 + 1} - 1}{2}",
        "grad": r"1 + \frac{x}{2\sqrt{x^2 + 1}}",
        "grad2": r"\frac{1}{2\,(x^2 + 1)^{3/2}}",
    },
    family="smooth",
    references=("Wikipedia, Activation function (table of activation functions): bent identity.",),
    example=">>> actlab.bent_identity([-1.0, 0.0, 1.0])\narray([-0.79289322,  0.        ,  1.20710678])",
))

# ------------------------------------------------------- identity, exponential


def _identity(x):
    return np.array(x, dtype=np.float64, copy=True)


def _one(x):
    return piecewise(x, (), [1.0])


def _zero(x):
    return piecewise(x, (), [0.0])


identity = register(Activation(
    name="identity",
    summary="The identity f(x) = x (a linear output layer; Keras calls it linear).",
    f=_identity, grad_kernel=_one, grad2_kernel=_zero,
    formulas={"f": "x", "grad": "1", "grad2": "0"},
    family="basic",
    references=("Keras, keras.activations.linear; JAX, jax.nn.identity.",),
    example=">>> actlab.identity([-1.0, 2.0])\narray([-1.,  2.])",
    names_in={"torch": "torch.nn.Identity", "jax": "jax.nn.identity", "keras": "keras.activations.linear",
              "note": "PyTorch: a module only"},
))


def _exponential(x):
    with np.errstate(over="ignore"):  # e^x beyond the double range is +inf, by design
        return np.exp(x)


exponential = register(Activation(
    name="exponential",
    summary="The exponential e^x (Keras's exponential activation; e.g. for positive rates).",
    f=_exponential, grad_kernel=_exponential, grad2_kernel=_exponential,
    formulas={"f": "e^{x}", "grad": "e^{x}", "grad2": "e^{x}"},
    family="basic",
    references=("Keras, keras.activations.exponential.",),
    example=">>> actlab.exponential([-1.0, 0.0, 1.0])\narray([0.36787944, 1.        , 2.71828183])",
    names_in={"keras": "keras.activations.exponential", "note": "PyTorch, JAX: torch.exp, jax.numpy.exp"},
))
