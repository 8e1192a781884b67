"""Sigmoid-shaped activations: sigmoid, scaled sigmoid, tanh, softsign.

σ′ is computed as e^{−|x|}/(1 + e^{−|x|})², never as σ(1 − σ) (0 for x > 37),
and σ″ as −tanh(x/2)·σ′ (1 − 2σ cancels near 0). Tanh's derivatives are the
sigmoid's at 2x: tanh′(x) = 4σ′(2x).
"""

import numpy as np

from .._math import Logistic, Z_SATURATED, two_sum
from ..registry import Activation, register


def _sigmoid(x):
    lg = Logistic.of(x)
    return lg.unscale(lg.s, where=x < 0)


def _sigmoid_grad(x):
    lg = Logistic.of(x)
    return lg.unscale(lg.d)


def _sigmoid_grad2(x):
    lg = Logistic.of(x)
    return lg.unscale(-lg.th * lg.d)


sigmoid = register(Activation(
    name="sigmoid",
    summary="The logistic sigmoid σ(x) = 1/(1 + e^{−x}), range (0, 1).",
    f=_sigmoid, grad_kernel=_sigmoid_grad, grad2_kernel=_sigmoid_grad2,
    formulas={
        "f": r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        "grad": r"\sigma(x)\,\sigma(-x) = \frac{e^{-|x|}}{(1 + e^{-|x|})^2}",
        "grad2": r"-\tanh(x/2)\,\sigma'(x)",
    },
    family="sigmoidal",
    references=("Rumelhart, Hinton & Williams (1986), Learning representations by back-propagating errors.",),
    example=">>> actlab.sigmoid([-700.0, 0.0, 40.0])\narray([9.85967654e-305, 5.00000000e-001, 1.00000000e+000])",
    names_in={"torch": "torch.sigmoid", "jax": "jax.nn.sigmoid", "keras": "keras.activations.sigmoid"},
))


def _scaled_sigmoid(x):
    return 2.0 * np.tanh(0.5 * x)


def _scaled_sigmoid_grad(x):
    return 4.0 * _sigmoid_grad(x)


def _scaled_sigmoid_grad2(x):
    return 4.0 * _sigmoid_grad2(x)


scaled_sigmoid = register(Activation(
    name="scaled_sigmoid",
    summary="The sigmoid stretched to (−2, 2): 4σ(x) − 2 = 2·tanh(x/2), from the study notes.",
    f=_scaled_sigmoid, grad_kernel=_scaled_sigmoid_grad, grad2_kernel=_scaled_sigmoid_grad2,
    formulas={
        "f": r"4\sigma(x) - 2 = 2\tanh(x/2)",
        "grad": r"4\,\sigma(x)\,\sigma(-x)",
        "grad2": r"-4\tanh(x/2)\,\sigma(x)\,\sigma(-x)",
    },
    family="sigmoidal",
    example=">>> actlab.scaled_sigmoid([-1.0, 0.0, 1.0])\narray([-0.92423431,  0.        ,  0.92423431])",
))


def _tanh_logistic(x):
    return Logistic.of(2.0 * np.clip(x, -Z_SATURATED, Z_SATURATED))


def _tanh_grad(x):
    lg = _tanh_logistic(x)
    return lg.unscale(4.0 * lg.d)


def _tanh_grad2(x):
    lg = _tanh_logistic(x)
    return lg.unscale(-8.0 * lg.th * lg.d)


tanh = register(Activation(
    name="tanh",
    summary="The hyperbolic tangent, range (−1, 1), zero-centred: tanh(x) = 2σ(2x) − 1.",
    f=np.tanh, grad_kernel=_tanh_grad, grad2_kernel=_tanh_grad2,
    formulas={
        "f": r"\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        "grad": r"1 - \tanh^2 x = \frac{4e^{-2|x|}}{(1 + e^{-2|x|})^2}",
        "grad2": r"-2\tanh x\,(1 - \tanh^2 x)",
    },
    family="sigmoidal",
    references=("LeCun, Bottou, Orr & Müller (1998), Efficient BackProp.",),
    example=">>> actlab.tanh.grad([0.0, 20.0, 354.0])\narray([1.0000000e+000, 1.6993417e-017, 1.3230212e-307])",
    names_in={"torch": "torch.tanh", "jax": "jax.nn.tanh", "keras": "keras.activations.tanh"},
))


_SOFTSIGN_ONE = 2.0**60  # beyond, |x|/(1 + |x|) rounds to 1
_F64_MAX = float(np.finfo(np.float64).max)


def _softsign_parts(x, cap=_F64_MAX):
    """a = min(|x|, cap), 1 + a as an exact pair (q, q_lo), and r = 1/(1 + a) from it."""
    a = np.minimum(np.abs(x), cap)
    q, q_lo = two_sum(1.0, a)
    r = 1.0 / q
    return a, q, q_lo, r - r * (q_lo * r)


def _softsign(x):
    a, q, q_lo, _ = _softsign_parts(x, cap=_SOFTSIGN_ONE)
    y = a / q
    return np.copysign(y - y * (q_lo / q), x)


def _softsign_grad(x):
    *_, r = _softsign_parts(x)
    return r * r


def _softsign_grad2(x):
    *_, r = _softsign_parts(x)
    return np.where(x > 0, -2.0, 2.0) * (r * r * r)


softsign = register(Activation(
    name="softsign",
    summary="x/(1 + |x|): tanh-like, range (−1, 1), with polynomial (not exponential) saturation.",
    f=_softsign, grad_kernel=_softsign_grad, grad2_kernel=_softsign_grad2,
    formulas={
        "f": r"\frac{x}{1 + |x|}",
        "grad": r"\frac{1}{(1 + |x|)^2}",
        "grad2": r"\frac{-2\,\mathrm{sign}(x)}{(1 + |x|)^3}",
    },
    family="sigmoidal",
    kink="C¹ at 0: f″ jumps from 2 to −2; f″(0) = 2, the left limit.",
    references=("Bergstra, Desjardins, Lamblin & Bengio (2009), Quadratic polynomials learn better image features.",),
    example=">>> actlab.softsign([-1.0, 0.0, 3.0, float('inf')])\narray([-0.5 ,  0.  ,  0.75,  1.  ])",
    names_in={"torch": "torch.nn.functional.softsign", "jax": "jax.nn.soft_sign",
              "keras": "keras.activations.softsign"},
))
