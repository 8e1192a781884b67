"""``mlp``: the fully connected network that the benchmarks and experiments compare activations in."""

import numpy as np

from .activations import LEARNED, MAXOUT_PIECES, Activation, Maxout, registry_entry
from .layers import Dense, Dropout, Sequential


def mlp(sizes, activation="relu", *, rng, init="he", dtype=np.float64, learn=True, dropout=0.0, **params):
    """Sequential(Dense, activation, [Dropout], …, Dense) for layer widths ``sizes``.

    ``sizes`` = (d_in, h_1, …, h_m, d_out): m hidden layers with the registry
    activation ``activation`` (any of ``actlab.names()``) and a final Dense
    giving logits or regression outputs. With ``learn=True``, prelu and swish
    become ``PReLU``/``Swish`` layers that learn α/β per unit (``params`` give
    the initial value), and maxout becomes a ``Maxout`` layer with its own
    affine map (``pieces``, default 2); otherwise ``params`` are fixed. Entries
    that reduce their axis (maxout without ``learn``, the GLU family) get a Dense
    that many times wider, so each hidden layer still has ``h_i`` units.
    One ``rng`` draws every weight (and the dropout masks), in order.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"mlp: sizes needs at least an input and an output width, got {sizes}")
    registry_entry(activation, "mlp", **params)  # validates the name and the parameters
    layers = []
    for d_in, d_out in zip(sizes[:-2], sizes[1:-1]):
        layers += _hidden(d_in, d_out, activation, rng, init, dtype, learn, params)
        if dropout:
            layers.append(Dropout(dropout, rng=rng))
    layers.append(Dense(sizes[-2], sizes[-1], rng=rng, init=init, dtype=dtype))
    return Sequential(*layers)


_WIDTH_PROBE = 2 * 3 * 4 * 5 * 7  # a width every usual group size (pieces, halves) divides


def _width_factor(name, params):
    """How many inputs a vector entry consumes per output (maxout: pieces; the GLU family: 2; else 1)."""
    entry = registry_entry(name, "mlp", **params)
    if entry.elementwise or entry.output_shape is None:
        return 1
    resolved = {**{p.name: p.default for p in entry.params if not p.required}, **entry.bound}
    return _WIDTH_PROBE // entry.output_shape((1, _WIDTH_PROBE), **{**resolved, "axis": 1})[1]


def _hidden(d_in, d_out, name, rng, init, dtype, learn, params):
    if name == "maxout":
        params = {"pieces": MAXOUT_PIECES, **params}
        if learn:
            return [Maxout(d_in, d_out, params["pieces"], rng=rng, init=init, dtype=dtype)]
    if learn and name in LEARNED:
        layer = LEARNED[name]
        return [Dense(d_in, d_out, rng=rng, init=init, dtype=dtype),
                layer(d_out, init=params.get(layer.param), dtype=dtype)]
    width = _width_factor(name, params) * d_out  # gated and grouped entries need the wider affine map
    return [Dense(d_in, width, rng=rng, init=init, dtype=dtype), Activation(name, **params)]
