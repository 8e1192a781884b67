"""More rectifiers: selu, celu (α), rrelu (lower, upper).

Kinks at 0 take the left piece, as for elu (selu′(0) = λα, celu′(0) = 1,
rrelu′(0) = (lower + upper)/2); f″(0) is the left piece's too (selu″(0) = λα,
celu″(0) = 1/α) — PyTorch's double backward gives 0 there for the whole ELU
family, its first derivative the left value.

* selu multiplies by λ and λα carried as double-doubles (``_special``).
* celu's e^{x/α} uses x/α in two parts: rounding it would cost |x/α|/2 ulp.
* rrelu's registry entry is the deterministic (evaluation) form, slope (lower + upper)/2;
  ``rrelu.training(x, rng)`` draws a slope per element as PyTorch does in training.
"""

from dataclasses import dataclass

import numpy as np

from .._array import as_float64, cast_result
from .._math import mul_limit, where_positive
from .._special import (
    SELU_ALPHA,
    SELU_SCALE,
    SELU_SCALE_ALPHA_HI,
    SELU_SCALE_ALPHA_LO,
    SELU_SCALE_HI,
    SELU_SCALE_LO,
    expm1_minus_z_exp,
    quotient,
    times_constant,
)
from ..registry import Activation, Param, positive, register
from ._pieces import CheckedActivation

_TORCH_AT_ZERO = "PyTorch agrees on f′(0); its double backward gives f″(0) = 0 for the whole ELU family"

# ----------------------------------------------------------------------- selu


def _selu(x):
    return where_positive(x, times_constant(x, SELU_SCALE_HI, SELU_SCALE_LO),
                          times_constant(np.expm1(np.minimum(x, 0.0)), SELU_SCALE_ALPHA_HI, SELU_SCALE_ALPHA_LO))


def _selu_grad(x):
    return where_positive(x, SELU_SCALE, times_constant(np.exp(np.minimum(x, 0.0)), SELU_SCALE_ALPHA_HI,
                                                        SELU_SCALE_ALPHA_LO))


def _selu_grad2(x):
    return where_positive(x, 0.0, times_constant(np.exp(np.minimum(x, 0.0)), SELU_SCALE_ALPHA_HI,
                                                 SELU_SCALE_ALPHA_LO))


selu = register(Activation(
    name="selu",
    summary=f"Scaled ELU λ·elu(x, α) with the self-normalizing constants α ≈ {SELU_ALPHA:.6f}, "
            f"λ ≈ {SELU_SCALE:.6f} (actlab._special.SELU_ALPHA, SELU_SCALE).",
    f=_selu, grad_kernel=_selu_grad, grad2_kernel=_selu_grad2,
    formulas={
        "f": r"\lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
        "grad": r"\lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        "grad2": r"\lambda \begin{cases} 0 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
    },
    family="rectifier",
    kink=(f"C⁰ at 0 (f′ jumps from λα ≈ {SELU_SCALE * SELU_ALPHA:.4f} to λ ≈ {SELU_SCALE:.4f}); at 0 the left "
          f"piece applies, as for elu: f′(0) = f″(0) = λα. {_TORCH_AT_ZERO}."),
    references=("Klambauer, Unterthiner, Mayr & Hochreiter (2017), Self-normalizing neural networks "
                "(α and λ: eq. 14).",),
    example=">>> actlab.selu([-1.0, 0.0, 1.0])\narray([-1.11133074,  0.        ,  1.05070099])",
    names_in={"torch": "torch.nn.functional.selu", "jax": "jax.nn.selu", "keras": "keras.activations.selu"},
))

# ----------------------------------------------------------------------- celu
# x ≤ 0: f = α·expm1(z), z = x/α;  f′ = e^z;  f″ = e^z/α;  ∂f/∂α = e^z − 1 − z·e^z
_CELU_Z_MIN = -1e3  # e^{−1000} = 0: below, every quantity is at its limit


def _celu_z(x, alpha):
    """z = x/α for x ≤ 0 as (hi, lo), clipped at −1000 (where lo is 0)."""
    xn = np.minimum(x, 0.0)
    with np.errstate(over="ignore"):  # x/α beyond the double range: clipped anyway
        z = np.maximum(xn / alpha, _CELU_Z_MIN)
    inside = z > _CELU_Z_MIN  # there |x| < 1000α: the remainder of x/α is exact and in range
    hi, lo = quotient(np.where(inside, xn, 0.0), alpha)
    return np.where(inside, hi, z), np.where(inside, lo, 0.0)


def _celu(x, alpha=1.0):
    z, lo = _celu_z(x, alpha)
    return where_positive(x, x, alpha * (np.expm1(z) + lo * np.exp(z)))


def _celu_grad(x, alpha=1.0):
    z, lo = _celu_z(x, alpha)
    e = np.exp(z)
    return where_positive(x, 1.0, e + e * lo)


def _celu_grad2(x, alpha=1.0):
    z, lo = _celu_z(x, alpha)
    e = np.exp(z)
    return where_positive(x, 0.0, (e + e * lo) / alpha)


def _celu_param_grads(x, alpha):
    z, lo = _celu_z(x, alpha)
    # g(z) = e^z − 1 − z e^z, g′(z) = −z e^z: first-order correction for the low part of z
    return {"alpha": where_positive(x, 0.0, expm1_minus_z_exp(z) - lo * (z * np.exp(z)))}


celu = register(Activation(
    name="celu",
    summary="Continuously differentiable ELU: x for x > 0, α(e^{x/α} − 1) otherwise; f′(0) = 1 for every α.",
    f=_celu, grad_kernel=_celu_grad, grad2_kernel=_celu_grad2, param_grads_kernel=_celu_param_grads,
    params=(Param("alpha", 1.0, "scale (> 0): f → −α as x → −∞", check=positive),),
    formulas={
        "f": r"\begin{cases} x & x > 0 \\ \alpha (e^{x/\alpha} - 1) & x \le 0 \end{cases}",
        "grad": r"\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        "grad2": r"\begin{cases} 0 & x > 0 \\ e^{x/\alpha}/\alpha & x \le 0 \end{cases}",
    },
    family="rectifier",
    kink=(f"C¹ at 0 (f″ jumps from 1/α to 0); at 0 the left piece applies, as for elu: f′(0) = 1, "
          f"f″(0) = 1/α. {_TORCH_AT_ZERO}. ∂f/∂α = e^{{x/α}} − 1 − (x/α)e^{{x/α}} for x ≤ 0, 0 otherwise."),
    references=("Barron (2017), Continuously differentiable exponential linear units.",),
    example=">>> actlab.celu([-1.0, 0.0, 1.0], alpha=0.5)\narray([-0.43233236,  0.        ,  1.        ])",
    names_in={"torch": "torch.nn.functional.celu", "jax": "jax.nn.celu", "keras": "keras.activations.celu",
              "note": "they accept α < 0 (PyTorch refuses α = 0); here α > 0 as in the paper"},
))

# ---------------------------------------------------------------------- rrelu
RRELU_LOWER, RRELU_UPPER = 1.0 / 8.0, 1.0 / 3.0  # PyTorch's defaults (the paper's 1/8 and 1/3 bounds)


def _rrelu_slope(lower, upper):
    return 0.5 * lower + 0.5 * upper


def _rrelu(x, lower=RRELU_LOWER, upper=RRELU_UPPER):
    return where_positive(x, x, mul_limit(x, _rrelu_slope(lower, upper)))


def _rrelu_grad(x, lower=RRELU_LOWER, upper=RRELU_UPPER):
    return where_positive(x, 1.0, _rrelu_slope(lower, upper))


def _rrelu_grad2(x, lower=RRELU_LOWER, upper=RRELU_UPPER):
    return where_positive(x, 0.0, 0.0)


def _rrelu_param_grads(x, lower, upper):
    half = where_positive(x, 0.0, 0.5 * x)
    return {"lower": half, "upper": half}


def _rrelu_bounds(lower, upper):
    if not 0.0 <= lower <= upper:
        return f"needs 0 <= lower <= upper, got lower={lower!r}, upper={upper!r}"
    return None


@dataclass(frozen=True, repr=False, kw_only=True)
class RandomizedReLU(CheckedActivation):
    """rrelu: the registry entry is the evaluation form; ``sample_slopes`` and ``training``
    give the training form, with a slope drawn per element from a NumPy Generator."""

    def sample_slopes(self, shape, rng, **params):
        """Slopes a ~ U(lower, upper), one per element of ``shape``, drawn from ``rng`` (a
        ``numpy.random.Generator``; no global state is used)."""
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"{self._where('sample_slopes')}: rng must be a numpy.random.Generator, got "
                            f"{type(rng).__name__}")
        p = self._resolve(params, "sample_slopes")
        return rng.uniform(p["lower"], p["upper"], size=shape)

    def training(self, x, rng, **params):
        """(f(x), f′(x)) of the training form: x for x > 0, a·x for x ≤ 0 with a ~ U(lower, upper)
        drawn per element from ``rng``; f′ is 1 or a (the backward pass multiplies by it, as
        PyTorch's noise tensor). The dtype policy is the entry's.

        >>> y, slope = actlab.rrelu.training([-1.0, 2.0], np.random.default_rng(0))
        >>> y, slope
        (array([-0.25770035,  2.        ]), array([0.25770035, 1.        ]))
        """
        where = self._where("training")
        x64, dtype = as_float64(x, where)
        self._resolve(params, "training")  # checks the parameters before any draw
        slopes = self.sample_slopes(x64.shape, rng, **params)
        y = where_positive(x64, x64, mul_limit(x64, slopes))
        return cast_result(y, dtype), cast_result(where_positive(x64, 1.0, slopes), dtype)


rrelu = register(RandomizedReLU(
    name="rrelu",
    summary="Randomized leaky ReLU; this is its evaluation form, slope (lower + upper)/2 for x ≤ 0 "
            "(rrelu.training(x, rng) draws a slope per element, as in training).",
    f=_rrelu, grad_kernel=_rrelu_grad, grad2_kernel=_rrelu_grad2, param_grads_kernel=_rrelu_param_grads,
    params=(Param("lower", RRELU_LOWER, "lower bound of the random slope (>= 0)"),
            Param("upper", RRELU_UPPER, "upper bound of the random slope (>= lower)")),
    check_params=_rrelu_bounds,
    formulas={
        "f": r"\begin{cases} x & x > 0 \\ \tfrac{l + u}{2}\, x & x \le 0 \end{cases}",
        "grad": r"\begin{cases} 1 & x > 0 \\ (l + u)/2 & x \le 0 \end{cases}",
        "grad2": "0",
    },
    family="rectifier",
    kink=("C⁰ at 0: f′(0) = (l + u)/2 (at 0 the left derivative is used, as in PyTorch, which also draws "
          "a random slope for x = 0 in training). ∂f/∂l = ∂f/∂u = x/2 for x ≤ 0."),
    references=("Xu, Wang, Chen & Li (2015), Empirical evaluation of rectified activations in "
                "convolutional network.",),
    example=">>> actlab.rrelu([-2.0, 3.0], lower=0.1, upper=0.3)\narray([-0.4,  3. ])",
    names_in={"torch": "torch.nn.functional.rrelu",
              "note": "PyTorch: training=False gives this form, training=True the random one"},
))
