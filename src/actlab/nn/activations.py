"""Activation layers: one for every registry entry, and the learned ones.

* ``Activation(name, **params)`` wraps any entry of ``actlab.names()`` with
  its parameters fixed — elementwise or vector-valued (softmax, maxout …).
* ``PReLU`` and ``Swish`` learn the parameter of their entry (α, β), shared
  or one per channel (the last axis).
* ``Maxout`` learns its own affine map, d_in → k·d_out, followed by the
  entry ``maxout`` with k pieces.

Every derivative comes from the registry: dx from ``entry.vjp`` and the
parameter gradients from ``entry.param_grads``; no formula is repeated here.
"""

import numpy as np

from ..registry import get, names
from .layers import Dense, Layer, check_features

#: He et al. (2015) start PReLU's slopes at 0.25.
PRELU_INIT = 0.25
#: Swish with β = 1 starts as SiLU.
SWISH_INIT = 1.0
#: Goodfellow et al. (2013) mostly use 2 to 5 pieces; 2 is the cheapest.
MAXOUT_PIECES = 2


def registry_entry(name, where, **params):
    """The registry entry ``name`` with ``params`` bound (validated now);
    ValueError listing the valid names for an unknown one."""
    if not isinstance(name, str) or name not in names():
        raise ValueError(f"{where}: unknown activation {name!r}; valid: {', '.join(names())}")
    return get(name, **params)


class Activation(Layer):
    """y = f(x) for the registry entry ``name`` with ``params`` fixed.

    Backward: dx = entry.vjp(x, dy) — dy·f′(x) for an elementwise entry,
    Jᵀ·dy for a vector-valued one (along ``axis``, default the last).
    Keeps x. Shape: that of the entry (maxout divides the axis by ``pieces``).
    """

    is_activation = True

    def __init__(self, name, **params):
        where = f"Activation({name!r})"
        self.entry = registry_entry(name, where, **params)
        missing = [p.name for p in self.entry.params if p.required and p.name not in params]
        if missing:
            learned = LEARNED.get(name)
            hint = f" (or use {learned.__name__} to learn it)" if learned else ""
            raise TypeError(f"{where}: missing required parameter {', '.join(missing)}{hint}")
        self.name, self.hyper = name, dict(params)

    def forward(self, x, train=True):
        x = np.asarray(x)
        try:
            y = self.entry(x)
        except ValueError as error:
            raise ValueError(f"{self!r}: input of shape {x.shape}: {error}") from error
        return self._keep(train, x, y)

    def backward(self, dy):
        x, dy = self._restore(dy)
        return self.entry.vjp(x, dy)

    def extra_repr(self):
        return ", ".join([repr(self.name)] + [f"{k}={v!r}" for k, v in self.hyper.items()])


class _LearnedParameter(Layer):
    """An elementwise entry whose parameter θ is learned: one value shared by
    all units (``channels=None``) or one per channel of the last axis.

    Backward: dx = entry.vjp(x, dy) = dy·∂f/∂x and ∂L/∂θ = Σ dy·∂f/∂θ, summed
    over the axes along which θ is broadcast (∂f/∂θ from entry.param_grads).
    """

    is_activation = True
    entry_name = param = None
    default_init = None

    def __init__(self, channels=None, *, init=None, dtype=np.float64):
        self.entry = get(self.entry_name)
        self.channels = None if channels is None else int(channels)
        self.init = self.default_init if init is None else float(init)
        shape = (1,) if self.channels is None else (self.channels,)
        self.params = {self.param: np.full(shape, self.init, dtype=np.dtype(dtype))}
        self.grads = {self.param: np.zeros(shape, dtype=np.dtype(dtype))}

    def _theta(self):
        return {self.param: self.params[self.param]}

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=self.dtype)
        if self.channels is not None and (x.ndim < 1 or x.shape[-1] != self.channels):
            raise ValueError(f"{self!r}: input has shape {x.shape}, expected (..., {self.channels})")
        return self._keep(train, x, self.entry(x, **self._theta()))

    def backward(self, dy):
        x, dy = self._restore(dy)
        theta = self._theta()
        per_element = dy * self.entry.param_grads(x, **theta)[self.param]
        grad = self.grads[self.param]
        grad[...] = per_element.reshape(-1, grad.size).sum(axis=0) if self.channels else per_element.sum()
        return self.entry.vjp(x, dy, **theta)

    def extra_repr(self):
        shared = "shared" if self.channels is None else f"channels={self.channels}"
        return f"{shared}, init={self.init}, dtype={self.dtype}"


class PReLU(_LearnedParameter):
    """Parametric ReLU, f(x) = x for x > 0 and αx otherwise, with α learned
    (init 0.25). ∂f/∂α = x for x ≤ 0, else 0."""

    entry_name, param, default_init = "prelu", "alpha", PRELU_INIT


class Swish(_LearnedParameter):
    """Swish x·σ(βx) with β learned (init 1.0, i.e. SiLU). ∂f/∂β = x²σ′(βx)."""

    entry_name, param, default_init = "swish", "beta", SWISH_INIT


class Maxout(Layer):
    """Maxout unit: z = x·W + b with W of shape (in_features, pieces·out_features),
    then y_j = max_i z_{j·k + i} (the entry ``maxout``, k = pieces).

    Backward: dz = maxout.vjp(z, dy) (each dy_j goes to unit j's winning
    piece), then the affine map's: ∂L/∂W = xᵀ·dz, ∂L/∂b = Σ_n dz_n, dx = dz·Wᵀ.

    Shape: (N, in_features) → (N, out_features).
    """

    is_activation = True

    def __init__(self, in_features, out_features, pieces=MAXOUT_PIECES, *, rng, init="he", dtype=np.float64):
        self.entry = registry_entry("maxout", "Maxout", pieces=pieces)
        self.pieces = int(pieces)
        self.affine = Dense(in_features, self.pieces * int(out_features), rng=rng, init=init, dtype=dtype)
        self.in_features, self.out_features, self.init = int(in_features), int(out_features), init
        self.params, self.grads = self.affine.params, self.affine.grads

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=self.dtype)
        check_features(self, x, self.in_features)
        z = self.affine.forward(x, train)
        return self._keep(train, z, self.entry(z))

    def backward(self, dy):
        z, dy = self._restore(dy)
        return self.affine.backward(self.entry.vjp(z, dy))

    def extra_repr(self):
        return (f"{self.in_features}, {self.out_features}, pieces={self.pieces}, "
                f"init={self.init!r}, dtype={self.dtype}")


#: The layers that learn an entry's parameters, by entry name (from the classes themselves).
LEARNED = {cls.entry_name: cls for cls in (PReLU, Swish)} | {"maxout": Maxout}
