"""The layer protocol and the structural layers: Dense, Dropout, Sequential.

A layer has

* ``forward(x, train=True)`` → y. With ``train=True`` it keeps exactly what
  ``backward`` needs (and nothing when ``train=False``);
* ``backward(dy)`` → dx, where dy = ∂L/∂y; it also fills ``grads`` with ∂L/∂θ
  for each parameter θ of ``params``;
* ``params`` and ``grads``: dicts of arrays with the same keys and shapes. An
  optimizer updates ``params`` in place;
* a repr showing the hyperparameters (``extra_repr``, as in PyTorch).

Layers never write to the arrays passed to them.
"""

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .init import init_weights


class Layer:
    """Base class: no parameters, a repr from ``extra_repr`` and the checks shared by all layers."""

    params = MappingProxyType({})  # parameterless by default; layers with parameters set their own dicts
    grads = MappingProxyType({})
    #: True for layers whose output is an activation (the probes report on these).
    is_activation = False
    _saved = None
    _out_shape = None

    def forward(self, x, train=True):
        raise NotImplementedError

    def backward(self, dy):
        raise NotImplementedError

    @property
    def dtype(self):
        """The dtype of the parameters (None for a layer without any)."""
        return next((p.dtype for p in self.params.values()), None)

    def extra_repr(self):
        return ""

    def __repr__(self):
        return f"{type(self).__name__}({self.extra_repr()})"

    # -- helpers for subclasses ------------------------------------------------
    def _keep(self, train, saved, y):
        """Keep ``saved`` for backward (only in training) and return y."""
        self._saved = saved if train else None
        self._out_shape = y.shape if train else None
        return y

    def _restore(self, dy):
        """(what forward kept, dy as an array) after checking that dy has the output's shape."""
        if self._saved is None:
            raise RuntimeError(f"{self!r}: backward called without a forward(x, train=True) before it")
        dy = np.asarray(dy)
        if dy.shape != self._out_shape:
            raise ValueError(f"{self!r}: dy has shape {dy.shape}, expected the output's shape {self._out_shape}")
        return self._saved, dy


def check_features(layer, x, features):
    """ValueError naming ``layer`` and both shapes unless x is (N, features)."""
    if x.ndim != 2 or x.shape[1] != features:
        raise ValueError(f"{layer!r}: input has shape {x.shape}, expected (N, {features})")


class Dense(Layer):
    """Affine map y = x·W + b, W of shape (in_features, out_features).

    Backward: ∂L/∂W = xᵀ·dy, ∂L/∂b = Σ_n dy_n, dx = dy·Wᵀ.

    ``init`` names the initialiser of W (see ``actlab.nn.init``); b starts at 0.
    All parameters are in ``dtype``; inputs are cast to it.

    Shape: (N, in_features) → (N, out_features).
    """

    def __init__(self, in_features, out_features, *, rng, init="he", dtype=np.float64):
        self.in_features, self.out_features, self.init = int(in_features), int(out_features), init
        dtype = np.dtype(dtype)
        self.params = {
            "W": init_weights(init, (self.in_features, self.out_features), rng, dtype),
            "b": np.zeros(self.out_features, dtype),
        }
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=self.params["W"].dtype)
        check_features(self, x, self.in_features)
        y = x @ self.params["W"]
        y += self.params["b"]
        return self._keep(train, x, y)

    def backward(self, dy):
        x, dy = self._restore(dy)
        dy = np.asarray(dy, dtype=x.dtype)
        np.matmul(x.T, dy, out=self.grads["W"])
        np.sum(dy, axis=0, out=self.grads["b"])
        return dy @ self.params["W"].T

    def extra_repr(self):
        return f"{self.in_features}, {self.out_features}, init={self.init!r}, dtype={self.params['W'].dtype}"


class Dropout(Layer):
    """Inverted dropout with drop probability p.

    Training: y = x·m/(1 − p) with m ~ Bernoulli(1 − p) drawn per element from
    the Generator given; evaluation: y = x. Backward: dx = dy·m/(1 − p).
    """

    def __init__(self, p, *, rng):
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p must be in [0, 1), got {p!r}")
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"Dropout: rng must be a numpy.random.Generator, got {type(rng).__name__}")
        self.p, self.rng = float(p), rng

    def forward(self, x, train=True):
        x = np.asarray(x)
        if not train or self.p == 0.0:
            return self._keep(train, np.ones((), x.dtype), x)
        scale = np.asarray(1.0 / (1.0 - self.p), x.dtype)
        mask = (self.rng.random(x.shape) >= self.p) * scale
        return self._keep(train, mask, x * mask)

    def backward(self, dy):
        mask, dy = self._restore(dy)
        return dy * mask

    def extra_repr(self):
        return f"p={self.p}"


@dataclass
class Trace:
    """What ``Sequential`` records when given one: the output of each layer
    (forward order) and ∂L/∂(output) of each layer (filled by backward)."""

    outputs: list = field(default_factory=list)
    output_grads: list = field(default_factory=list)


class Sequential(Layer):
    """Layers applied in order; backward runs them in reverse.

    ``params``/``grads`` are flat views keyed "index.name" (e.g. "0.W"); the
    arrays are the layers' own, so updating them updates the layers. All
    parameters must share one dtype.
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential: item {i} is a {type(layer).__name__}, not a Layer")
        self.layers = tuple(layers)
        dtypes = {p.dtype for layer in self.layers for p in layer.params.values()}
        if len(dtypes) > 1:
            raise ValueError(f"Sequential: parameters in several dtypes {sorted(map(str, dtypes))}; choose one")

    @property
    def params(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    def forward(self, x, train=True, trace=None):
        """The output of the last layer; with a ``Trace``, each layer's output is appended to it."""
        for i, layer in enumerate(self.layers):
            try:
                x = layer.forward(x, train)
            except ValueError as error:
                raise ValueError(f"layer {i} of Sequential: {error}") from error
            if trace is not None:
                trace.outputs.append(x)
        return x

    def backward(self, dy, trace=None):
        """dx; with a ``Trace``, ∂L/∂(output of layer i) is stored at ``trace.output_grads[i]``."""
        grads = []
        for i in range(len(self.layers) - 1, -1, -1):
            grads.append(dy)
            try:
                dy = self.layers[i].backward(dy)
            except ValueError as error:
                raise ValueError(f"layer {i} of Sequential: {error}") from error
        if trace is not None:
            trace.output_grads[:] = grads[::-1]
        return dy

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        body = "".join(f"\n  ({i}): {'  '.join(repr(layer).splitlines(True))}" for i, layer in enumerate(self.layers))
        return f"Sequential({body}\n)"
