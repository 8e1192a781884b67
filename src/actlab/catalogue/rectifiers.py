"""Rectifiers: relu, leaky_relu, prelu, elu.

Kinks follow PyTorch: at x = 0 the left piece applies (relu′(0) = 0,
leaky_relu′(0) = prelu′(0) = α, elu″(0) = α); ``where_positive`` holds that
one predicate for f, f′, f″ and the parameter gradients alike.
"""

import numpy as np

from .._math import mul_limit, where_positive
from ..registry import Activation, Param, register

_LEFT_AT_ZERO = "at 0 the left derivative is used, as in PyTorch"


def _relu(x):
    return where_positive(x, x, 0.0)


def _relu_grad(x):
    return where_positive(x, 1.0, 0.0)


def _zero(x, **params):
    return where_positive(x, 0.0, 0.0)


relu = register(Activation(
    name="relu",
    summary="The rectified linear unit max(x, 0).",
    f=_relu, grad_kernel=_relu_grad, grad2_kernel=_zero,
    formulas={"f": r"\max(x, 0)", "grad": r"[x > 0]", "grad2": "0"},
    family="rectifier",
    kink=f"C⁰ at 0: relu′(0) = 0 ({_LEFT_AT_ZERO}).",
    references=("Nair & Hinton (2010), Rectified linear units improve restricted Boltzmann machines.",),
    example=">>> actlab.relu.grad([-1.0, 0.0, 2.0])\narray([0., 0., 1.])",
    names_in={"torch": "torch.nn.functional.relu", "jax": "jax.nn.relu", "keras": "keras.activations.relu",
              "note": "Keras's relu also takes negative_slope, max_value and threshold"},
))


def _leaky(x, alpha):
    return where_positive(x, x, mul_limit(x, alpha))


def _leaky_grad(x, alpha):
    return where_positive(x, 1.0, alpha)


def _leaky_param_grads(x, alpha):
    return {"alpha": where_positive(x, 0.0, x)}


_LEAKY_FORMULAS = {
    "f": r"\begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
    "grad": r"\begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
    "grad2": "0",
}

leaky_relu = register(Activation(
    name="leaky_relu",
    summary="ReLU with a small fixed slope α for x ≤ 0 (PyTorch's default α = 0.01; Keras 0.2).",
    f=_leaky, grad_kernel=_leaky_grad, grad2_kernel=_zero, param_grads_kernel=_leaky_param_grads,
    params=(Param("alpha", 0.01, "slope for x ≤ 0"),),
    formulas=_LEAKY_FORMULAS,
    family="rectifier",
    kink=f"C⁰ at 0: leaky_relu′(0) = α ({_LEFT_AT_ZERO}).",
    references=("Maas, Hannun & Ng (2013), Rectifier nonlinearities improve neural network acoustic models.",),
    example=">>> actlab.leaky_relu([-2.0, 3.0], alpha=0.1)\narray([-0.2,  3. ])",
    names_in={"torch": "torch.nn.functional.leaky_relu", "jax": "jax.nn.leaky_relu",
              "keras": "keras.activations.leaky_relu",
              "note": "the slope is negative_slope there; default 0.01 (PyTorch, JAX), 0.2 (Keras), 0.3 (numpy-ml)"},
))

prelu = register(Activation(
    name="prelu",
    summary="Parametric ReLU: leaky ReLU whose slope α is learned (a scalar, or one per channel).",
    f=_leaky, grad_kernel=_leaky_grad, grad2_kernel=_zero, param_grads_kernel=_leaky_param_grads,
    params=(Param("alpha", doc="slope for x ≤ 0: a scalar or an array that broadcasts against x "
                  "(e.g. shape (C,) for one per channel of (N, C) inputs)", array=True, example=0.25),),
    formulas=_LEAKY_FORMULAS,
    family="rectifier",
    kink=f"C⁰ at 0: prelu′(0) = α ({_LEFT_AT_ZERO}).",
    references=("He, Zhang, Ren & Sun (2015), Delving deep into rectifiers.",),
    example=(">>> actlab.prelu([[-1.0, -1.0], [2.0, 2.0]], alpha=[0.25, 0.5])\n"
             "array([[-0.25, -0.5 ],\n       [ 2.  ,  2.  ]])"),
    names_in={"torch": "torch.nn.functional.prelu", "note": "Keras: the layer keras.layers.PReLU"},
))


def _elu(x, alpha):
    return where_positive(x, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_grad(x, alpha):
    return where_positive(x, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def _elu_grad2(x, alpha):
    return where_positive(x, 0.0, alpha * np.exp(np.minimum(x, 0.0)))


def _elu_param_grads(x, alpha):
    return {"alpha": where_positive(x, 0.0, np.expm1(np.minimum(x, 0.0)))}


elu = register(Activation(
    name="elu",
    summary="Exponential linear unit: x for x > 0, α(e^x − 1) otherwise; saturates to −α.",
    f=_elu, grad_kernel=_elu_grad, grad2_kernel=_elu_grad2, param_grads_kernel=_elu_param_grads,
    params=(Param("alpha", 1.0, "value approached as x → −∞ is −α"),),
    formulas={
        "f": r"\begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
        "grad": r"\begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        "grad2": r"\begin{cases} 0 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
    },
    family="rectifier",
    kink=f"C¹ at 0 only for α = 1 (C⁰ otherwise); f′(0) = α and f″(0) = α ({_LEFT_AT_ZERO}).",
    references=("Clevert, Unterthiner & Hochreiter (2016), Fast and accurate deep network learning by ELUs.",),
    example=">>> actlab.elu([-1.0, 0.0, 2.0], alpha=0.5)\narray([-0.31606028,  0.        ,  2.        ])",
    names_in={"torch": "torch.nn.functional.elu", "jax": "jax.nn.elu", "keras": "keras.activations.elu"},
))
