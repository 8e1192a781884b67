"""Piecewise-polynomial activations: relu6, hard_tanh, hard_sigmoid, hard_swish, sparse_sigmoid,
sparse_plus, threshold.

Each lists its kinks once (``_pieces``), and f, f′, f″ and ∂f/∂θ pick their piece with
the same predicate. At a kink away from 0 the piece that PyTorch's autograd uses
applies — for these entries always the outer (flat or linear) piece: relu6′(6) = 0,
hard_tanh′(±1) = 0, hard_sigmoid′(±3) = 0, hard_swish′(−3) = 0 and hard_swish′(3) = 1,
f″ = 0 there (tests/test_torch.py checks each against torch). JAX's sparse_plus and
sparse_sigmoid (not in PyTorch) follow the same rule, as JAX's own where-based
definition of sparse_plus does.
"""

import numpy as np

from ..registry import Activation, Param, register
from ._pieces import LEFT, RIGHT, CheckedActivation, kink_text, piecewise

_FLAT_AT_KINKS = "the outer (flat or linear) piece applies at each kink, as in PyTorch's autograd"


def _zero(x, **params):
    return piecewise(x, (), [0.0])


# ---------------------------------------------------------------------- relu6
_RELU6 = ((0.0, LEFT), (6.0, RIGHT))


def _relu6(x):
    return piecewise(x, _RELU6, [0.0, x, 6.0])


def _relu6_grad(x):
    return piecewise(x, _RELU6, [0.0, 1.0, 0.0])


relu6 = register(Activation(
    name="relu6",
    summary="ReLU capped at 6, min(max(x, 0), 6) (MobileNet): hard_tanh with min_val = 0, max_val = 6.",
    f=_relu6, grad_kernel=_relu6_grad, grad2_kernel=_zero,
    formulas={
        "f": r"\min(\max(x, 0), 6)",
        "grad": r"[0 < x < 6]",
        "grad2": "0",
    },
    family="piecewise-linear",
    kink=f"C⁰ at 0 and 6; {kink_text(_RELU6)}: relu6′(0) = relu6′(6) = 0 ({_FLAT_AT_KINKS}).",
    references=("Krizhevsky (2010), Convolutional deep belief networks on CIFAR-10.",
                "Howard et al. (2017), MobileNets: efficient convolutional neural networks for mobile vision "
                "applications."),
    example=">>> actlab.relu6([-1.0, 3.0, 8.0])\narray([0., 3., 6.])",
    names_in={"torch": "torch.nn.functional.relu6", "jax": "jax.nn.relu6", "keras": "keras.activations.relu6"},
))


# ------------------------------------------------------------------ hard_tanh
def _hard_tanh_kinks(min_val, max_val):
    return ((min_val, LEFT), (max_val, RIGHT))


def _hard_tanh(x, min_val=-1.0, max_val=1.0):
    return piecewise(x, _hard_tanh_kinks(min_val, max_val), [min_val, x, max_val])


def _hard_tanh_grad(x, min_val=-1.0, max_val=1.0):
    return piecewise(x, _hard_tanh_kinks(min_val, max_val), [0.0, 1.0, 0.0])


def _hard_tanh_param_grads(x, min_val, max_val):
    kinks = _hard_tanh_kinks(min_val, max_val)
    return {"min_val": piecewise(x, kinks, [1.0, 0.0, 0.0]), "max_val": piecewise(x, kinks, [0.0, 0.0, 1.0])}


def _ordered(min_val, max_val):
    return None if min_val < max_val else f"min_val must be < max_val, got min_val={min_val!r}, max_val={max_val!r}"


hard_tanh = register(CheckedActivation(
    name="hard_tanh",
    summary="Hard tanh: x clipped to [min_val, max_val] (default [−1, 1]), a piecewise-linear tanh.",
    f=_hard_tanh, grad_kernel=_hard_tanh_grad, grad2_kernel=_zero, param_grads_kernel=_hard_tanh_param_grads,
    params=(Param("min_val", -1.0, "the lower saturation value"),
            Param("max_val", 1.0, "the upper saturation value (> min_val)")),
    check_params=_ordered,
    formulas={
        "f": r"\begin{cases} m & x \le m \\ x & m < x < M \\ M & x \ge M \end{cases}",
        "grad": r"[m < x < M]",
        "grad2": "0",
    },
    family="piecewise-linear",
    kink=(f"C⁰ at x = min_val (m) and x = max_val (M); at x = m the left piece applies, at x = M the right "
          f"one: f′(m) = f′(M) = 0 ({_FLAT_AT_KINKS}; JAX's hard_tanh takes the middle piece, f′(±1) = 1). "
          "∂f/∂m = [x ≤ m], ∂f/∂M = [x ≥ M]."),
    references=("Collobert (2004), Large scale machine learning (PhD thesis, Université Paris VI).",),
    example=">>> actlab.hard_tanh([-3.0, 0.5, 3.0], min_val=-2.0, max_val=2.0)\narray([-2. ,  0.5,  2. ])",
    names_in={"torch": "torch.nn.functional.hardtanh", "jax": "jax.nn.hard_tanh",
              "keras": "keras.activations.hard_tanh",
              "note": "JAX and Keras: fixed [−1, 1]"},
))


# ------------------------------------------------------------- hard_sigmoid
_HARD_SIGMOID = ((-3.0, LEFT), (3.0, RIGHT))


def _middle(x, kinks):
    """x clipped to the middle piece (so that its polynomial never overflows elsewhere)."""
    return np.clip(x, kinks[0][0], kinks[-1][0])


def _hard_sigmoid(x):
    return piecewise(x, _HARD_SIGMOID, [0.0, (_middle(x, _HARD_SIGMOID) + 3.0) / 6.0, 1.0])


def _hard_sigmoid_grad(x):
    return piecewise(x, _HARD_SIGMOID, [0.0, 1.0 / 6.0, 0.0])


hard_sigmoid = register(Activation(
    name="hard_sigmoid",
    summary="Hard sigmoid relu6(x + 3)/6 (PyTorch, JAX, Keras 3): 0 below −3, 1 above 3, x/6 + 1/2 between.",
    f=_hard_sigmoid, grad_kernel=_hard_sigmoid_grad, grad2_kernel=_zero,
    formulas={
        "f": r"\frac{\min(\max(x + 3, 0), 6)}{6}",
        "grad": r"\frac{1}{6}\,[-3 < x < 3]",
        "grad2": "0",
    },
    family="piecewise-linear",
    kink=f"C⁰ at ±3; {kink_text(_HARD_SIGMOID)}: f′(±3) = 0 ({_FLAT_AT_KINKS}).",
    references=("Howard et al. (2019), Searching for MobileNetV3.",
                "Courbariaux, Bengio & David (2015), BinaryConnect (the 0.2x + 0.5 form)."),
    example=">>> actlab.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])\narray([0.  , 0.5 , 0.75, 1.  ])",
    names_in={"torch": "torch.nn.functional.hardsigmoid", "jax": "jax.nn.hard_sigmoid",
              "keras": "keras.activations.hard_sigmoid",
              "note": "Keras 2, TensorFlow and numpy-ml: clip(0.2x + 0.5, 0, 1) = sparse_sigmoid(0.4x)"},
))


# --------------------------------------------------------------- hard_swish
def _hard_swish(x):
    xm = _middle(x, _HARD_SIGMOID)
    return piecewise(x, _HARD_SIGMOID, [0.0, xm * (xm + 3.0) / 6.0, x])


def _hard_swish_grad(x):
    return piecewise(x, _HARD_SIGMOID, [0.0, (2.0 * _middle(x, _HARD_SIGMOID) + 3.0) / 6.0, 1.0])


def _hard_swish_grad2(x):
    return piecewise(x, _HARD_SIGMOID, [0.0, 1.0 / 3.0, 0.0])


hard_swish = register(Activation(
    name="hard_swish",
    summary="Hard swish x·relu6(x + 3)/6 (MobileNetV3), also called hard SiLU; minimum −3/8 at x = −3/2.",
    f=_hard_swish, grad_kernel=_hard_swish_grad, grad2_kernel=_hard_swish_grad2,
    formulas={
        "f": r"x\,\frac{\min(\max(x + 3, 0), 6)}{6}",
        "grad": r"\begin{cases} 0 & x \le -3 \\ (2x + 3)/6 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        "grad2": r"\frac{1}{3}\,[-3 < x < 3]",
    },
    family="piecewise-polynomial",
    kink=(f"C⁰ at ±3 (f′ jumps 0 → −1/2 at −3 and 3/2 → 1 at 3); {kink_text(_HARD_SIGMOID)}: "
          f"f′(−3) = 0, f′(3) = 1, f″(±3) = 0 ({_FLAT_AT_KINKS})."),
    references=("Howard et al. (2019), Searching for MobileNetV3.",),
    example=">>> actlab.hard_swish([-4.0, -1.5, 1.5, 4.0])\narray([ 0.   , -0.375,  1.125,  4.   ])",
    names_in={"torch": "torch.nn.functional.hardswish", "jax": ("jax.nn.hard_swish", "jax.nn.hard_silu"),
              "keras": ("keras.activations.hard_silu", "keras.activations.hard_swish")},
))


# ------------------------------------------------------ sparse_sigmoid / plus
_SPARSE = ((-1.0, LEFT), (1.0, RIGHT))


def _sparse_sigmoid(x):
    return piecewise(x, _SPARSE, [0.0, 0.5 * (_middle(x, _SPARSE) + 1.0), 1.0])


def _sparse_sigmoid_grad(x):
    return piecewise(x, _SPARSE, [0.0, 0.5, 0.0])


sparse_sigmoid = register(Activation(
    name="sparse_sigmoid",
    summary="Sparse sigmoid clip((x + 1)/2, 0, 1): the derivative of sparse_plus; sparsemax([x, 0])[0].",
    f=_sparse_sigmoid, grad_kernel=_sparse_sigmoid_grad, grad2_kernel=_zero,
    formulas={
        "f": r"\begin{cases} 0 & x \le -1 \\ (x + 1)/2 & -1 < x < 1 \\ 1 & x \ge 1 \end{cases}",
        "grad": r"\frac{1}{2}\,[-1 < x < 1]",
        "grad2": "0",
    },
    family="piecewise-linear",
    kink=f"C⁰ at ±1; {kink_text(_SPARSE)}: f′(±1) = 0 ({_FLAT_AT_KINKS}, as for hard_sigmoid).",
    references=("Martins & Astudillo (2016), From softmax to sparsemax.",
                "Blondel, Martins & Niculae (2020), Learning with Fenchel-Young losses."),
    example=">>> actlab.sparse_sigmoid([-2.0, 0.5, 2.0])\narray([0.  , 0.75, 1.  ])",
    names_in={"jax": "jax.nn.sparse_sigmoid", "keras": "keras.activations.sparse_sigmoid"},
))


def _sparse_plus(x):
    xm1 = _middle(x, _SPARSE) + 1.0
    return piecewise(x, _SPARSE, [0.0, 0.25 * (xm1 * xm1), x])


def _sparse_plus_grad2(x):
    return piecewise(x, _SPARSE, [0.0, 0.5, 0.0])


sparse_plus = register(Activation(
    name="sparse_plus",
    summary="Sparse plus: 0 below −1, (x + 1)²/4 on (−1, 1), x above 1 — a C¹ softplus with exact zeros.",
    f=_sparse_plus, grad_kernel=_sparse_sigmoid, grad2_kernel=_sparse_plus_grad2,
    formulas={
        "f": r"\begin{cases} 0 & x \le -1 \\ (x + 1)^2/4 & -1 < x < 1 \\ x & x \ge 1 \end{cases}",
        "grad": r"\begin{cases} 0 & x \le -1 \\ (x + 1)/2 & -1 < x < 1 \\ 1 & x \ge 1 \end{cases}",
        "grad2": r"\frac{1}{2}\,[-1 < x < 1]",
    },
    family="piecewise-polynomial",
    kink=f"C¹ at ±1 (f″ jumps 0 → 1/2 → 0); {kink_text(_SPARSE)}: f″(±1) = 0 (JAX's convention).",
    references=("Blondel, Martins & Niculae (2020), Learning with Fenchel-Young losses.",),
    example=">>> actlab.sparse_plus([-2.0, 0.0, 0.5, 2.0])\narray([0.    , 0.25  , 0.5625, 2.    ])",
    names_in={"jax": "jax.nn.sparse_plus", "keras": "keras.activations.sparse_plus",
              "note": "PyTorch: none; the kink convention is JAX's"},
))


# ------------------------------------------------------------------ threshold
def _threshold_kinks(threshold):
    return ((threshold, LEFT),)


def _threshold(x, threshold, value):
    return piecewise(x, _threshold_kinks(threshold), [value, x])


def _threshold_grad(x, threshold, value):
    return piecewise(x, _threshold_kinks(threshold), [0.0, 1.0])


def _threshold_grad2(x, threshold, value):
    return piecewise(x, (), [0.0])


def _threshold_param_grads(x, threshold, value):
    return {"threshold": piecewise(x, (), [0.0]), "value": piecewise(x, _threshold_kinks(threshold), [1.0, 0.0])}


threshold = register(Activation(
    name="threshold",
    summary="x above a threshold, a constant value otherwise (PyTorch's Threshold; value = 0 is the "
            "thresholded ReLU).",
    f=_threshold, grad_kernel=_threshold_grad, grad2_kernel=_threshold_grad2,
    param_grads_kernel=_threshold_param_grads,
    params=(Param("threshold", doc="the x above which f(x) = x (θ)", example=1.0),
            Param("value", doc="f(x) for x ≤ threshold (v)", example=0.0)),
    formulas={
        "f": r"\begin{cases} v & x \le \theta \\ x & x > \theta \end{cases}",
        "grad": r"[x > \theta]",
        "grad2": "0",
    },
    family="piecewise-linear",
    kink=("Discontinuous at x = threshold unless value = threshold; there the left piece applies: "
          "f(θ) = v, f′(θ) = 0, as in PyTorch. ∂f/∂v = [x ≤ θ]; ∂f/∂θ = 0 (the jump's delta is left out)."),
    references=("PyTorch, torch.nn.Threshold.",
                "Konda, Memisevic & Krueger (2015), Zero-bias autoencoders and the benefits of co-adapting "
                "features (thresholded ReLU)."),
    example=">>> actlab.threshold([0.5, 1.0, 2.0], threshold=1.0, value=-1.0)\narray([-1., -1.,  2.])",
    names_in={"torch": "torch.nn.functional.threshold", "keras": "keras.activations.threshold",
              "note": "Keras calls the value default_value"},
))
