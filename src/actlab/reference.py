"""High-precision references, independent of the code under test (tests, ``actlab report``).

Needs SymPy and mpmath (``pip install "actlab[report]"``); nothing else in actlab imports it.

Each elementwise entry is written once as a SymPy expression of x (and of its
parameters); f′, f″ and ∂f/∂θ come from SymPy's differentiation, and every
value is evaluated by mpmath with the working precision doubled until two
successive results agree (so cancellations such as 1 − tanh²x at x = 300 are
resolved). A piecewise entry gives its left piece (used for x ≤ 0, the
kink convention) and its right piece (x > 0) — or, with kinks elsewhere, a
``Pieces``: its pieces in order and its kinks (b, side), at x = b the piece on
``side`` applying (the entry's own convention, e.g. PyTorch's relu6′(6) = 0).
"""

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

X = sp.Symbol("x", real=True)
_START_DPS, _MAX_DPS = 30, 8000
_AGREE = mpmath.mpf(10) ** -25
_NEGLIGIBLE = mpmath.mpf(10) ** -400  # far below the smallest subnormal double


def exact(value):
    """A double as an exact SymPy rational (the function's parameter is that double)."""
    return sp.Rational(*float(value).as_integer_ratio())


def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


@dataclass(frozen=True)
class Pieces:
    """A piecewise definition: ``exprs[i]`` between the kinks ``kinks[i - 1]`` and ``kinks[i]``.

    ``kinks`` are (b, side) in increasing order; at x = b the piece on ``side``
    ("left" or "right") applies, for f and every derivative.
    """

    exprs: tuple
    kinks: tuple

    def index(self, x):
        return sum(1 for b, side in self.kinks if x > b or (x == b and side == "right"))


#: SELU's constants as published (Klambauer et al. 2017; PyTorch's decimals), exact rationals.
SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")
SELU_SCALE = sp.Rational("1.0507009873554804934193349852946")


def _new_definitions(name, params, p):
    """Definitions of the entries added with the cross-library catalogue (see ``definitions``)."""
    zero = sp.Integer(0) * X
    if name == "selu":
        return SELU_SCALE * SELU_ALPHA * (sp.exp(X) - 1), SELU_SCALE * X
    if name == "celu":
        return p["alpha"] * (sp.exp(X / p["alpha"]) - 1), X
    if name == "rrelu":
        return (p["lower"] + p["upper"]) / 2 * X, X
    if name == "relu6":
        return Pieces((zero, X, zero + 6), ((0.0, "left"), (6.0, "right")))
    if name == "hard_tanh":
        m, big = params["min_val"], params["max_val"]
        return Pieces((zero + p["min_val"], X, zero + p["max_val"]), ((m, "left"), (big, "right")))
    if name == "hard_sigmoid":
        return Pieces((zero, X / 6 + sp.Rational(1, 2), zero + 1), ((-3.0, "left"), (3.0, "right")))
    if name == "hard_swish":
        return Pieces((zero, X * (X + 3) / 6, X), ((-3.0, "left"), (3.0, "right")))
    if name == "sparse_sigmoid":
        return Pieces((zero, (X + 1) / 2, zero + 1), ((-1.0, "left"), (1.0, "right")))
    if name == "sparse_plus":
        return Pieces((zero, (X + 1) ** 2 / 4, X), ((-1.0, "left"), (1.0, "right")))
    if name == "threshold":
        return Pieces((zero + p["value"], X), ((params["threshold"], "left"),))
    if name == "softshrink":
        lam = params["lambd"]
        return Pieces((X + p["lambd"], zero, X - p["lambd"]), ((-lam, "right"), (lam, "left")))
    if name == "hardshrink":
        lam = params["lambd"]
        return Pieces((X, zero, X), ((-lam, "right"), (lam, "left")))
    if name == "tanhshrink":
        return X - sp.tanh(X)
    if name == "mish":
        return X * sp.tanh(sp.log(1 + sp.exp(X)))
    if name == "log_sigmoid":
        return -sp.log(1 + sp.exp(-X))
    if name == "squareplus":
        return (X + sp.sqrt(X**2 + p["b"])) / 2
    if name == "bent_identity":
        return X + (sp.sqrt(X**2 + 1) - 1) / 2
    if name == "identity":
        return X
    if name == "exponential":
        return sp.exp(X)
    raise KeyError(name)


def definitions(name, params):
    """(left piece, right piece, {param: symbol}) for entry ``name`` with ``params``."""
    symbols = {k: sp.Symbol(k, real=True) for k in params if not isinstance(params[k], str)}
    p = symbols
    if name == "sigmoid":
        e = _sigmoid(X)
    elif name == "scaled_sigmoid":
        e = 4 * _sigmoid(X) - 2
    elif name == "tanh":
        e = sp.tanh(X)
    elif name == "softsign":
        return X / (1 - X), X / (1 + X), symbols
    elif name == "relu":
        return sp.Integer(0) * X, X, symbols
    elif name in ("leaky_relu", "prelu"):
        return p["alpha"] * X, X, symbols
    elif name == "elu":
        return p["alpha"] * (sp.exp(X) - 1), X, symbols
    elif name == "swish":
        e = X * _sigmoid(p["beta"] * X)
    elif name == "silu":
        e = X * _sigmoid(X)
    elif name == "gelu" and params.get("approximate", "none") == "tanh":
        inner = sp.sqrt(2 / sp.pi) * (X + sp.Rational(44715, 10**6) * X**3)
        e = X / 2 * (1 + sp.tanh(inner))
    elif name == "gelu":
        e = X / 2 * sp.erfc(-X / sp.sqrt(2))
    elif name == "softplus":
        e = sp.log(1 + sp.exp(p["beta"] * X)) / p["beta"]
    else:
        e = _new_definitions(name, params, p)
        if isinstance(e, Pieces):
            return e, None, symbols
        if isinstance(e, tuple):
            return (*e, symbols)
    return e, e, symbols


def pieces(name, params):
    """(Pieces, {param: symbol}) for entry ``name``: a left/right pair is split at 0, left at 0."""
    first, second, symbols = definitions(name, params)
    if isinstance(first, Pieces):
        return first, symbols
    return Pieces((first, second), ((0.0, "left"),)), symbols


def _starting_dps(x):
    """Enough digits that terms like e^{−|x|} or e^{−x²/2} are not absorbed by 1 at the start."""
    a = min(abs(x), 1e4)
    exponent = max(a, a * a / 2 if a < 100 else 0.0)
    return _START_DPS + int(min(exponent, 4000) * 0.4343) + 1


def _evaluate(fn, x):
    """fn(x) to double precision, doubling the precision until two results agree."""
    dps, previous = _starting_dps(x), None
    while dps <= _MAX_DPS:
        with mpmath.workdps(dps):
            value = fn(mpmath.mpf(x))
        if previous is not None:
            if value == 0 and previous == 0 and dps >= 1000:
                return mpmath.mpf(0)
            if value != 0 and abs(value - previous) <= _AGREE * abs(value):
                return value
        previous, dps = value, dps * 2
    if max(abs(value), abs(previous)) < _NEGLIGIBLE:
        return mpmath.mpf(0)  # noise of a cancellation: the true value is below every double
    raise ArithmeticError(f"reference did not settle at x = {x!r}")


def _erfc(z):
    """mpmath's erfc, which raises OverflowError beyond about 1e154; there e^{−z²}/(z√π), whose
    relative error is below 1/(2z²) (the asymptotic series)."""
    if z > _ERFC_ASYMPTOTIC_FROM:
        return mpmath.exp(-z * z) / (z * mpmath.sqrt(mpmath.pi))
    return mpmath.erfc(z)


_ERFC_ASYMPTOTIC_FROM = 1e10  # 1/(2z²) = 5e-21: below every double's rounding


@lru_cache(maxsize=None)
def _functions(name, frozen_params, what):
    """mpmath callables, one per piece, for 'f', 'grad', 'grad2' or 'd/<param>'."""
    params = dict(frozen_params)
    split, symbols = pieces(name, params)
    values = {s: exact(params[k]) for k, s in symbols.items()}
    out = []
    for piece in split.exprs:
        if what == "f":
            e = piece
        elif what == "grad":
            e = sp.diff(piece, X)
        elif what == "grad2":
            e = sp.diff(piece, X, 2)
        else:
            e = sp.diff(piece, symbols[what[2:]])
        e = e.subs(values)
        out.append(sp.lambdify(X, e, modules=[{"erfc": _erfc}, "mpmath"]))
    return tuple(out)


def reference(name, params, what, xs):
    """Exact values (as mpmath numbers) of ``what`` at each double in ``xs``."""
    functions = _functions(name, tuple(sorted(params.items())), what)
    split, _ = pieces(name, params)
    return [_evaluate(functions[split.index(x)], float(x)) for x in np.asarray(xs, dtype=np.float64)]


def ulp_errors(got, ref, dtype=np.float64):
    """|got − ref| in units of the spacing of ``dtype`` at ref (subnormal spacing below tiny)."""
    errors = []
    for g, r in zip(np.asarray(got, dtype=np.float64), ref):
        with np.errstate(over="ignore"):  # a reference beyond the dtype's range rounds to ±inf
            rounded = np.asarray(float(r)).astype(dtype)
        if not np.isfinite(rounded):  # reference beyond the range: must be ±inf
            errors.append(0.0 if g == float(rounded) else np.inf)
            continue
        spacing = float(np.spacing(np.abs(rounded)))
        errors.append(float(abs(mpmath.mpf(float(g)) - r) / spacing) if np.isfinite(g) else np.inf)
    return np.array(errors)


def interior_zeros(name, params, what, guesses):
    """Zeros of ``what`` near each guess, by mpmath's findroot on the reference."""
    functions = _functions(name, tuple(sorted(params.items())), what)
    split, _ = pieces(name, params)
    zeros = []
    with mpmath.workdps(40):
        for g in guesses:
            fn = functions[split.index(g)]
            zeros.append(float(mpmath.findroot(fn, mpmath.mpf(g), tol=1e-30, verify=False)))
    return zeros
