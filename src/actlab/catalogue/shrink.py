"""Shrinkage functions: softshrink (λ), hardshrink (λ), tanhshrink.

soft- and hardshrink set [−λ, λ] to 0; at x = ±λ the middle piece applies (f′ = 0
there), as in PyTorch's autograd. tanhshrink x − tanh x cancels near 0 (it is
x³/3 + …): there it is written (x cosh x − sinh x)/cosh x with the numerator's
series Σ 2n·x^{2n+1}/(2n + 1)!, whose terms all have one sign.
"""

import numpy as np

from .._math import Logistic, Z_SATURATED
from ..registry import Activation, Param, register
from ._pieces import LEFT, RIGHT, piecewise


def _non_negative(value):
    return None if value >= 0 else "must be >= 0"


def _middle_kinks(lambd):
    """±λ with the middle piece at both (PyTorch: |x| ≤ λ gives 0)."""
    return ((-lambd, RIGHT), (lambd, LEFT))


def _zero(x, **params):
    return piecewise(x, (), [0.0])


# ----------------------------------------------------------------- softshrink
def _softshrink(x, lambd=0.5):
    return piecewise(x, _middle_kinks(lambd), [x + lambd, 0.0, x - lambd])


def _shrink_grad(x, lambd=0.5):
    return piecewise(x, _middle_kinks(lambd), [1.0, 0.0, 1.0])


def _softshrink_param_grads(x, lambd):
    return {"lambd": piecewise(x, _middle_kinks(lambd), [1.0, 0.0, -1.0])}


_LAMBD_DOC = "half-width λ ≥ 0 of the interval [−λ, λ] set to 0 (PyTorch's name lambd; Keras: threshold)"

softshrink = register(Activation(
    name="softshrink",
    summary="Soft shrinkage (soft thresholding): x moved towards 0 by λ, and 0 on [−λ, λ].",
    f=_softshrink, grad_kernel=_shrink_grad, grad2_kernel=_zero, param_grads_kernel=_softshrink_param_grads,
    params=(Param("lambd", 0.5, _LAMBD_DOC, check=_non_negative),),
    formulas={
        "f": r"\begin{cases} x + \lambda & x < -\lambda \\ 0 & |x| \le \lambda \\ x - \lambda & x > \lambda "
             r"\end{cases}",
        "grad": r"[\,|x| > \lambda\,]",
        "grad2": "0",
    },
    family="shrinkage",
    kink=("C⁰ at ±λ; the middle piece applies at both: f′(±λ) = 0, as in PyTorch's autograd (so for λ = 0, "
          "f = x but f′(0) = 0). ∂f/∂λ = −sign(x)·[|x| > λ]."),
    references=("Donoho (1995), De-noising by soft-thresholding.",),
    example=">>> actlab.softshrink([-2.0, 0.3, 1.5], lambd=0.5)\narray([-1.5,  0. ,  1. ])",
    names_in={"torch": "torch.nn.functional.softshrink", "keras": "keras.activations.soft_shrink"},
))


# ----------------------------------------------------------------- hardshrink
def _hardshrink(x, lambd=0.5):
    return piecewise(x, _middle_kinks(lambd), [x, 0.0, x])


def _hardshrink_param_grads(x, lambd):
    return {"lambd": _zero(x)}


hardshrink = register(Activation(
    name="hardshrink",
    summary="Hard shrinkage (hard thresholding): x where |x| > λ, 0 on [−λ, λ].",
    f=_hardshrink, grad_kernel=_shrink_grad, grad2_kernel=_zero, param_grads_kernel=_hardshrink_param_grads,
    params=(Param("lambd", 0.5, _LAMBD_DOC, check=_non_negative),),
    formulas={
        "f": r"x\,[\,|x| > \lambda\,]",
        "grad": r"[\,|x| > \lambda\,]",
        "grad2": "0",
    },
    family="shrinkage",
    kink=("Discontinuous at ±λ (for λ > 0); the middle piece applies at both: f(±λ) = 0 and f′(±λ) = 0, as in "
          "PyTorch. ∂f/∂λ = 0 (the jumps' deltas are left out)."),
    references=("Donoho & Johnstone (1994), Ideal spatial adaptation by wavelet shrinkage.",),
    example=">>> actlab.hardshrink([-2.0, 0.5, 0.7], lambd=0.5)\narray([-2. ,  0. ,  0.7])",
    names_in={"torch": "torch.nn.functional.hardshrink", "keras": "keras.activations.hard_shrink"},
))


# ----------------------------------------------------------------- tanhshrink
_SERIES_BELOW = 2.0  # |x| < 2: the series; beyond, x − tanh x cancels by less than a factor 2
_SERIES_TERMS = 15  # 2n/(2n + 1)! for n = 1 … 15: the next term is below 1e-21 of the first at |x| = 2


def _tanhshrink_coefficients():
    coefficients, factorial = [], 6  # (2n + 1)! for n = 1
    for n in range(1, _SERIES_TERMS + 1):
        coefficients.append(2 * n / factorial)
        factorial *= (2 * n + 2) * (2 * n + 3)
    return tuple(coefficients)


_TANHSHRINK_COEFFICIENTS = _tanhshrink_coefficients()


def _tanhshrink(x):
    near = np.abs(x) < _SERIES_BELOW
    xn = np.where(near, x, 0.0)
    y = xn * xn
    total = np.full_like(y, _TANHSHRINK_COEFFICIENTS[-1])
    for c in reversed(_TANHSHRINK_COEFFICIENTS[:-1]):
        total = total * y + c
    series = (xn * y) * total / np.cosh(xn)
    return np.where(near, series, x - np.tanh(x))


def _tanh_of_half(x):
    """Logistic quantities of z = 2x: th = tanh(x), d = σ′(2x) = tanh′(x)/4 (rescaled)."""
    return Logistic.of(2.0 * np.clip(x, -Z_SATURATED, Z_SATURATED))


def _tanhshrink_grad(x):
    t = np.tanh(x)
    return t * t


def _tanhshrink_grad2(x):
    lg = _tanh_of_half(x)
    return lg.unscale(8.0 * lg.th * lg.d)


tanhshrink = register(Activation(
    name="tanhshrink",
    summary="x − tanh x: zero-centred, flat (cubic) near 0 and linear far out.",
    f=_tanhshrink, grad_kernel=_tanhshrink_grad, grad2_kernel=_tanhshrink_grad2,
    formulas={
        "f": r"x - \tanh x",
        "grad": r"\tanh^2 x",
        "grad2": r"2\tanh x\,(1 - \tanh^2 x)",
    },
    family="shrinkage",
    references=("PyTorch, torch.nn.Tanhshrink.",),
    example=">>> actlab.tanhshrink([-3.0, 1e-3, 3.0])\narray([-2.00494525e+00,  3.33333200e-10,  2.00494525e+00])",
    names_in={"torch": "torch.nn.functional.tanhshrink", "keras": "keras.activations.tanh_shrink"},
))
