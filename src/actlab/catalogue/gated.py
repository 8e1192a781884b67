"""Gated linear units: glu, swiglu, geglu (approximate), reglu.

The input is split along ``axis`` into two halves, as PyTorch's F.glu does: the first
half a is the value, the second half b the gate, and y = a ⊙ act(b) with act = σ
(glu), silu (swiglu), gelu (geglu) or relu (reglu). The gates are the catalogue's own
entries, called as such (accurate over the whole range; compiled where they are). Derivatives, with the axis
moved last and n the half length:

  ∂y_i/∂a_j = δ_ij act(b_i),   ∂y_i/∂b_j = δ_ij a_i act′(b_i)

so vjp(g) = [g ⊙ act(b), g ⊙ a ⊙ act′(b)], jvp(v) = v_a ⊙ act(b) + a ⊙ act′(b) ⊙ v_b and the
Jacobian, shape (..., n, 2n), is [diag(act(b)), diag(a ⊙ act′(b))]. a·act(b) with a = ±inf
and act(b) = 0 is 0 (the gate's limit wins, as silu(−inf) = 0), so glu([x, x]) = silu(x)
holds at ±inf too.
"""

import numpy as np

from .._math import mul_limit
from ..registry import Param, Section, VectorActivation, get, register

_AXIS = Param("axis", -1, "the axis that is split into the value half (first) and the gate half (second)",
              kind="int")


def _halves(x, axis):
    n = x.shape[axis] // 2
    a, b = np.split(np.moveaxis(x, axis, -1), [n], axis=-1)
    return a, b


def _check_even(shape, axis, **params):
    if shape[axis] % 2:
        return (f"the length {shape[axis]} of axis {axis} must be even (it is split into a value half and "
                f"a gate half)")
    return None


def _half_shape(shape, axis, **params):
    return shape[:axis] + (shape[axis] // 2,) + shape[axis + 1:]


def _weighted(w, d):
    """w·d with 0·±inf = 0 either way round: a zero tangent or cotangent component contributes nothing,
    and a gate derivative that vanishes wins over an infinite weight (as in ``mul_limit``)."""
    zero_times_inf = ((w == 0) & np.isinf(d)) | ((d == 0) & np.isinf(w))
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(zero_times_inf, 0.0, w * d)


def _gated(gate_name, **gate_params):
    """(f, vjp, jvp, jacobian) kernels of a ⊙ act(b) for the catalogue entry ``gate_name``."""
    gate = get(gate_name)

    def act(b, p):  # through the entry: its compiled kernel where it has one
        return gate(b, **{k: p[k] for k in gate_params})

    def act_grad(b, p):
        return gate.grad(b, **{k: p[k] for k in gate_params})

    def f(x, axis=-1, **p):
        a, b = _halves(x, axis)
        with np.errstate(over="ignore"):  # a product beyond the double range is ±inf, by design
            return np.moveaxis(mul_limit(a, act(b, p)), -1, axis)

    def vjp(x, g, axis=-1, **p):
        a, b = _halves(x, axis)
        gl = np.moveaxis(g, axis, -1)
        with np.errstate(over="ignore"):
            ga = _weighted(gl, act(b, p))
            gb = _weighted(gl, mul_limit(a, act_grad(b, p)))
        return np.moveaxis(np.concatenate([ga, gb], axis=-1), -1, axis)

    def jvp(x, v, axis=-1, **p):
        a, b = _halves(x, axis)
        va, vb = _halves(v, axis)
        with np.errstate(over="ignore", invalid="ignore"):  # inf − inf: NaN, there is no limit
            return np.moveaxis(_weighted(va, act(b, p)) + _weighted(vb, mul_limit(a, act_grad(b, p))), -1, axis)

    def jacobian(x, axis=-1, **p):
        a, b = _halves(x, axis)
        n = a.shape[-1]
        jac = np.zeros(a.shape + (2 * n,))
        i = np.arange(n)
        jac[..., i, i] = act(b, p)  # filled, not eye·d: an infinite d must not make 0·inf off the diagonal
        with np.errstate(over="ignore"):
            jac[..., i, n + i] = mul_limit(a, act_grad(b, p))
        return jac

    return {"f": f, "vjp_kernel": vjp, "jvp_kernel": jvp, "jacobian_kernel": jacobian}


def _entry(name, gate, gate_tex, summary, references, example, names_in=None, params=(), **gate_params):
    return register(VectorActivation(
        name=name, summary=summary, **_gated(gate, **gate_params),
        check_shape=_check_even, output_shape=_half_shape,
        params=(*params, _AXIS),
        formulas={
            "f": rf"a \odot {gate_tex}(b),\ [a, b] = x",
            "grad": rf"\frac{{\partial y_i}}{{\partial a_j}} = \delta_{{ij}}\,{gate_tex}(b_i),\ "
                    rf"\frac{{\partial y_i}}{{\partial b_j}} = \delta_{{ij}}\,a_i\,{gate_tex}'(b_i)",
        },
        family="gated",
        kink=(f"that of the gate {gate} in b — {get(gate).kink.rstrip('.')}; the value a enters linearly. "
              "An odd length of the axis is a ValueError."),
        references=references,
        example=example,
        names_in=names_in or {},
        section=Section(direction=(1.0, 1.0), text=f"{name}([x, x])[0]"),
        gate=(gate, tuple(gate_params)),
    ))


glu = _entry(
    "glu", "sigmoid", r"\sigma",
    "Gated linear unit a ⊙ σ(b), the input split into value a (first half) and gate b (second half).",
    ("Dauphin, Fan, Auli & Grangier (2017), Language modeling with gated convolutional networks.",),
    ">>> actlab.glu([1.0, 2.0, 0.0, 3.0])\narray([0.5       , 1.90514825])",
    names_in={"torch": "torch.nn.functional.glu", "jax": "jax.nn.glu", "keras": "keras.activations.glu"},
)

swiglu = _entry(
    "swiglu", "silu", r"\mathrm{silu}",
    "SwiGLU a ⊙ silu(b) (the Swish-gated GLU of PaLM and LLaMA feed-forward layers; Swish with β = 1).",
    ("Shazeer (2020), GLU variants improve Transformer.",),
    ">>> actlab.swiglu([1.0, 2.0, 0.0, 3.0])\narray([0.        , 5.71544476])",
)

geglu = _entry(
    "geglu", "gelu", r"\mathrm{gelu}",
    "GEGLU a ⊙ gelu(b), the GELU-gated GLU (exact gelu, or its tanh form with approximate='tanh').",
    ("Shazeer (2020), GLU variants improve Transformer.",),
    ">>> actlab.geglu([1.0, 2.0, 0.0, 3.0])\narray([0.        , 5.99190061])",
    params=(Param("approximate", "none", "the gate: 'none' for gelu's exact form, 'tanh' for its tanh form",
                  kind="choice", choices=("none", "tanh")),),
    approximate="none",
)

reglu = _entry(
    "reglu", "relu", r"\mathrm{relu}",
    "ReGLU a ⊙ relu(b), the ReLU-gated GLU.",
    ("Shazeer (2020), GLU variants improve Transformer.",),
    ">>> actlab.reglu([1.0, 2.0, -1.0, 3.0])\narray([0., 6.])",
)
