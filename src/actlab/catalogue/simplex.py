"""Vector-valued maps onto the probability simplex: softmin, sparsemax.

* softmin(x) = softmax(−x); its Jacobian is −J_softmax(−x) (symmetric, so vjp and jvp agree).
* sparsemax(x) is the Euclidean projection of x onto the simplex, max(x − τ, 0) with τ
  chosen so that the result sums to 1 (Martins & Astudillo 2016, Algorithm 1: sort,
  cumulative sums, support size k). With s the support indicator, the Jacobian is
  diag(s) − s sᵀ/k (symmetric): vjp(g) = s ⊙ (g − Σ_S g/k).

sparsemax is shift-invariant and only entries within 1 of the maximum can be in the
support, so it works on max(x − max x, −2) (exact where it matters, never
overflowing). Limits as for softmax: a row holding +inf puts equal mass on its +inf
entries, a row of only −inf, or holding a NaN, is NaN.
"""

import numpy as np

from .. import _compiled, _evaluate
from ..registry import Param, Section, VectorActivation, get, register

_AXIS = Param("axis", -1, "the axis along which the function acts", kind="int")

# ----------------------------------------------------------------- softmin
_softmax = get("softmax")


# through the softmax entry itself (float64 in, float64 out), so that softmin(x) is softmax(−x) to the
# last bit whichever kernel (NumPy or compiled) serves softmax


def _softmin(x, axis=-1):
    return _softmax(-x, axis=axis)


def _softmin_vjp(x, g, axis=-1):
    return -_softmax.vjp(-x, g, axis=axis)


def _softmin_jacobian(x, axis=-1):
    return -_softmax.jacobian(-x, axis=axis)


softmin = register(VectorActivation(
    name="softmin",
    summary="Softmin e^{−x_i}/Σ_j e^{−x_j} = softmax(−x): a probability vector favouring the smallest entries.",
    f=_softmin, vjp_kernel=_softmin_vjp, jvp_kernel=_softmin_vjp, jacobian_kernel=_softmin_jacobian,
    params=(_AXIS,),
    formulas={
        "f": r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
        "grad": r"\frac{\partial y_i}{\partial x_j} = -y_i(\delta_{ij} - y_j)",
    },
    family="vector",
    kink="none: smooth; computed as softmax(−x), so it never overflows; a row of only +inf gives NaN.",
    references=("PyTorch, torch.nn.Softmin.",),
    example=">>> actlab.softmin([1.0, 2.0, 3.0])\narray([0.66524096, 0.24472847, 0.09003057])",
    names_in={"torch": "torch.nn.functional.softmin", "note": "JAX, Keras: softmax(−x)"},
    section=Section(direction=(1.0, 0.0), text="softmin([x, 0])[0]"),
))

# ---------------------------------------------------------------- sparsemax
_BELOW_MAX = 2.0  # entries more than 1 below the maximum are never in the support; clip at 2


def _projection(z):
    """sparsemax of z along its last axis: compiled (the same steps on the candidates only) or NumPy."""
    p = _compiled.sparsemax_rows(z, _evaluate.default_threads())
    return _sparsemax_numpy(z) if p is None else p


def _sparsemax_parts(x, axis):
    """(p, support) with the axis moved last."""
    p = _projection(np.moveaxis(x, axis, -1))
    support = np.where(np.isnan(p), np.nan, (p > 0).astype(np.float64))
    return p, support


def _sparsemax_numpy(z):
    m = np.max(z, axis=-1, keepdims=True, initial=-np.inf)
    finite = np.isfinite(m)
    m0 = np.where(finite, m, 0.0)
    w = np.full(z.shape, -_BELOW_MAX)
    np.subtract(z, m0, out=w, where=z >= m0 - _BELOW_MAX)  # exact near the maximum, never overflowing
    w = np.where(finite, w, 0.0)  # rows with ±inf or NaN: set from the limits below
    zs = -np.sort(-w, axis=-1)  # decreasing
    cumulative = np.cumsum(zs, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    size = np.sum(1.0 + k * zs > cumulative, axis=-1, keepdims=True)  # the support is a prefix
    size = np.maximum(size, 1)  # NaN rows (masked below)
    tau = (np.take_along_axis(cumulative, size - 1, axis=-1) - 1.0) / size
    p = np.maximum(w - tau, 0.0)
    # limits: +inf entries share the mass; rows of only −inf, or with NaN, are NaN
    on_inf = z == np.inf
    n_inf = np.sum(on_inf, axis=-1, keepdims=True)
    p = np.where(m == np.inf, on_inf / np.maximum(n_inf, 1), p)
    return np.where((m == -np.inf) | np.isnan(m), np.nan, p)


def _sparsemax(x, axis=-1):
    return np.moveaxis(_projection(np.moveaxis(x, axis, -1)), -1, axis)


def _sparsemax_vjp(x, g, axis=-1):
    _, s = _sparsemax_parts(x, axis)
    gl = np.moveaxis(g, axis, -1)
    with np.errstate(invalid="ignore"):  # an infinite g: 0·inf and inf − inf are NaN, as in the compiled rows
        mean = np.sum(s * gl, axis=-1, keepdims=True) / np.sum(s, axis=-1, keepdims=True)
        return np.moveaxis(s * (gl - mean), -1, axis)


def _sparsemax_jacobian(x, axis=-1):
    _, s = _sparsemax_parts(x, axis)
    k = np.sum(s, axis=-1, keepdims=True)[..., None]
    return np.eye(s.shape[-1]) * s[..., None] - s[..., :, None] * s[..., None, :] / k


sparsemax = register(VectorActivation(
    name="sparsemax",
    summary="Sparsemax: the Euclidean projection of x onto the probability simplex — like softmax, "
            "but with exact zeros.",
    f=_sparsemax, vjp_kernel=_sparsemax_vjp, jvp_kernel=_sparsemax_vjp, jacobian_kernel=_sparsemax_jacobian,
    params=(_AXIS,),
    formulas={
        "f": r"\max(x_i - \tau, 0),\ \sum_i \max(x_i - \tau, 0) = 1",
        "grad": r"\frac{\partial y_i}{\partial x_j} = s_i\Bigl(\delta_{ij} - \frac{s_j}{|S|}\Bigr),\ "
                r"s_i = [y_i > 0]",
    },
    family="vector",
    kink=("C⁰ where an entry enters or leaves the support (y_i = 0 at x_i = τ); there the entry counts as "
          "outside (s_i = [y_i > 0]), the derivative from the side where it is 0. sparsemax([x, 0])[0] = "
          "sparse_sigmoid(x)."),
    references=("Martins & Astudillo (2016), From softmax to sparsemax: a sparse model of attention and "
                "multi-label classification.",),
    example=">>> actlab.sparsemax([0.5, 1.0, 3.0, 2.8])\narray([0. , 0. , 0.6, 0.4])",
    names_in={"keras": "keras.activations.sparsemax"},
    section=Section(direction=(1.0, 0.0), text="sparsemax([x, 0])[0]"),
))
