"""Vector-valued activations along an axis: softmax, log_softmax, maxout.

Their derivatives are given as products with a vector (``vjp``, ``jvp``) and
as the full Jacobian (the axis moved last: shape (..., out, in)).
"""

import numpy as np

from .._math import two_sum
from ..registry import Param, VectorActivation, positive_int, register

_NEGLIGIBLE_SHIFT = 2.0**11  # e^{−2048} = 0: entries further below the maximum contribute nothing
_AXIS = Param("axis", -1, "the axis along which the function acts", kind="int")


def _shifted(x, axis):
    """x − max(x) along the axis as an exact pair (hi, lo), with the limits of ±inf entries.

    A row holding +inf becomes 0 at its +inf entries and −inf elsewhere (all
    the mass on the infinite entries); a row of only −inf is NaN (no limit);
    a NaN anywhere in the row makes the row NaN.
    """
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    finite = np.isfinite(m)
    m0 = np.where(finite, m, 0.0)
    near = finite & (x >= m0 - _NEGLIGIBLE_SHIFT)  # the entries whose exponential is not 0
    hi, lo = two_sum(np.where(near, x, m0), -m0)
    hi = np.where(near, hi, np.where(x == m, 0.0, -np.inf))
    hi = np.where((m == -np.inf) | np.isnan(m), np.nan, hi)
    return hi, np.where(near, lo, 0.0)


def _exp_shifted(x, axis):
    """(x − max x, e^{x − max x}, the count of maxima, the sum of the other exponentials): the
    total is count + rest, and log(total) = log1p(count − 1 + rest) keeps a rest below eps."""
    hi, lo = _shifted(x, axis)
    e = np.exp(hi)
    e = e + e * lo
    maxima = np.sum(hi == 0, axis=axis, keepdims=True)
    rest = np.sum(np.where(hi < 0, e, 0.0), axis=axis, keepdims=True)
    return hi + lo, e, maxima, rest


def _softmax(x, axis=-1):
    _, e, maxima, rest = _exp_shifted(x, axis)
    return e / (maxima + rest)


def _log_softmax(x, axis=-1):
    shifted, _, maxima, rest = _exp_shifted(x, axis)
    with np.errstate(invalid="ignore"):  # a NaN row: maxima − 1 = −1, rest NaN
        return shifted - np.log1p((maxima - 1.0) + rest)


def _softmax_vjp(x, g, axis=-1):
    y = _softmax(x, axis)
    return y * (g - np.sum(g * y, axis=axis, keepdims=True))


def _softmax_jacobian(x, axis=-1):
    y = np.moveaxis(_softmax(x, axis), axis, -1)
    return np.eye(y.shape[-1]) * y[..., None] - y[..., :, None] * y[..., None, :]


softmax = register(VectorActivation(
    name="softmax",
    summary="Softmax e^{x_i}/Σ_j e^{x_j} along an axis: a probability vector (shift-invariant).",
    f=_softmax, vjp_kernel=_softmax_vjp, jvp_kernel=_softmax_vjp, jacobian_kernel=_softmax_jacobian,
    params=(_AXIS,),
    formulas={
        "f": r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
        "grad": r"\frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)",
    },
    family="vector",
    kink="none: smooth; computed as e^{x − max x} so it never overflows; a row of only −inf gives NaN.",
    references=("Bridle (1990), Probabilistic interpretation of feedforward classification network outputs.",),
    example=">>> actlab.softmax([1.0, 2.0, 3.0])\narray([0.09003057, 0.24472847, 0.66524096])",
    names_in={"torch": "torch.nn.functional.softmax", "jax": "jax.nn.softmax", "keras": "keras.activations.softmax"},
))


def _log_softmax_vjp(x, g, axis=-1):
    return g - _softmax(x, axis) * np.sum(g, axis=axis, keepdims=True)


def _log_softmax_jvp(x, v, axis=-1):
    return v - np.sum(_softmax(x, axis) * v, axis=axis, keepdims=True)


def _log_softmax_jacobian(x, axis=-1):
    y = np.moveaxis(_softmax(x, axis), axis, -1)
    return np.eye(y.shape[-1]) - y[..., None, :]


log_softmax = register(VectorActivation(
    name="log_softmax",
    summary="log(softmax(x)) = x − max x − log Σ e^{x − max x}, without overflow or log(0).",
    f=_log_softmax, vjp_kernel=_log_softmax_vjp, jvp_kernel=_log_softmax_jvp,
    jacobian_kernel=_log_softmax_jacobian,
    params=(_AXIS,),
    formulas={
        "f": r"x_i - \log \sum_j e^{x_j}",
        "grad": r"\frac{\partial y_i}{\partial x_j} = \delta_{ij} - \mathrm{softmax}(x)_j",
    },
    family="vector",
    kink="none: smooth; a row of only −inf gives NaN.",
    example=">>> actlab.log_softmax([1.0, 2.0, 1000.0])\narray([-999., -998.,    0.])",
    names_in={"torch": "torch.nn.functional.log_softmax", "jax": "jax.nn.log_softmax",
              "keras": "keras.activations.log_softmax"},
))


def _groups(z, pieces, axis):
    """z with the axis moved last and split into (units, pieces)."""
    moved = np.moveaxis(z, axis, -1)
    return moved.reshape(moved.shape[:-1] + (moved.shape[-1] // pieces, pieces))


def _ungroup(zr, axis):
    return np.moveaxis(zr.reshape(zr.shape[:-2] + (-1,)), -1, axis)


def _winners(z, pieces, axis):
    """Index of the winning piece of each unit (the first on ties; a NaN wins)."""
    return np.argmax(_groups(z, pieces, axis), axis=-1)[..., None]


def _maxout(z, pieces, axis=-1):
    groups = _groups(z, pieces, axis)
    top = groups[..., 0]
    for j in range(1, pieces):  # elementwise maxima of strided views: a reduction over a short axis is slow
        top = np.maximum(top, groups[..., j])  # NaN propagates, as in max
    return np.moveaxis(top, -1, axis)


def _maxout_vjp(z, g, pieces, axis=-1):
    grad = np.zeros(_groups(z, pieces, axis).shape)
    np.put_along_axis(grad, _winners(z, pieces, axis), np.moveaxis(g, axis, -1)[..., None], axis=-1)
    return _ungroup(grad, axis)


def _maxout_jvp(z, v, pieces, axis=-1):
    picked = np.take_along_axis(_groups(v, pieces, axis), _winners(z, pieces, axis), axis=-1)
    return np.moveaxis(picked[..., 0], -1, axis)


def _maxout_jacobian(z, pieces, axis=-1):
    winners = _winners(z, pieces, axis)[..., 0]  # (..., units)
    units = winners.shape[-1]
    columns = np.arange(units) * pieces + winners
    return (np.arange(units * pieces) == columns[..., None]).astype(np.float64)


def _maxout_check(shape, pieces, axis):
    if shape[axis] % pieces:
        return f"pieces={pieces} does not divide the length {shape[axis]} of axis {axis}"
    return None


def _maxout_shape(shape, pieces, axis):
    return shape[:axis] + (shape[axis] // pieces,) + shape[axis + 1:]


maxout = register(VectorActivation(
    name="maxout",
    summary="Maxout: the max over consecutive groups of `pieces` entries along an axis "
            "(the activation part of a Maxout unit; the affine part is the layer's).",
    f=_maxout, vjp_kernel=_maxout_vjp, jvp_kernel=_maxout_jvp, jacobian_kernel=_maxout_jacobian,
    check_shape=_maxout_check, output_shape=_maxout_shape, selects=True,
    params=(Param("pieces", doc="entries per group (k); must divide the axis length", kind="int",
                  check=positive_int, example=2), _AXIS),
    formulas={
        "f": r"y_j = \max_{0 \le i < k} z_{jk + i}",
        "grad": r"\frac{\partial y_j}{\partial z_{jk+i}} = [i = \arg\max_{i'} z_{jk+i'}]",
    },
    family="vector",
    kink="C⁰ where two pieces tie: the gradient goes to the first of them.",
    references=("Goodfellow, Warde-Farley, Mirza, Courville & Bengio (2013), Maxout networks.",),
    example=">>> actlab.maxout([1.0, 3.0, -2.0, -5.0], pieces=2)\narray([ 3., -2.])",
))
