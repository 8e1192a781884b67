"""What later experiments measure inside a network: dead units, gradient norms,
activation statistics — and ``Recorder``, a trainer hook that logs all three.
"""

import numpy as np


def dead_fraction(activations, atol=0.0):
    """Fraction of units (columns of an (N, units) array) that are dead on the
    batch: |a| ≤ atol for every one of the N samples (a dead ReLU outputs 0
    and passes no gradient)."""
    a = np.asarray(activations)
    a = a.reshape(-1, a.shape[-1])
    return float(np.mean(np.all(np.abs(a) <= atol, axis=0)))


def activation_stats(activations):
    """(mean, standard deviation) over all entries, as Python floats (computed in float64)."""
    a = np.asarray(activations, dtype=np.float64)
    return float(a.mean()), float(a.std())


def layer_label(index, layer):
    """A short name for ``model[index]``, e.g. "1:relu" or "0:Dense"."""
    return f"{index}:{getattr(layer, 'name', None) or type(layer).__name__}"


def grad_norms(model):
    """{label: ‖∂L/∂θ‖₂ over all parameters θ of the layer} for each layer with parameters."""
    return {
        layer_label(i, layer): float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in layer.grads.values())))
        for i, layer in enumerate(model)
        if layer.grads
    }


class Recorder:
    """A trainer hook: every ``every`` steps it appends to ``records`` a dict

    {"epoch", "step", "loss", "dead": {label: fraction}, "mean": {label: …},
    "std": {label: …}, "grad_norm": {label: …}}

    with the statistics of each activation layer's output and the gradient
    norm of each layer with parameters.
    """

    def __init__(self, every=1, atol=0.0):
        self.every, self.atol = int(every), float(atol)
        self.records = []
        self._calls = 0

    def __call__(self, info):
        self._calls += 1
        if (self._calls - 1) % self.every:
            return
        record = {"epoch": info.epoch, "step": info.step, "loss": info.loss,
                  "dead": {}, "mean": {}, "std": {}, "grad_norm": grad_norms(info.model)}
        for i, (layer, out) in enumerate(zip(info.model, info.outputs)):
            if layer.is_activation:
                label = layer_label(i, layer)
                record["dead"][label] = dead_fraction(out, self.atol)
                record["mean"][label], record["std"][label] = activation_stats(out)
        self.records.append(record)

    def series(self, key, label):
        """The values of ``key`` ("dead", "mean", "std", "grad_norm" or "loss") for one layer, as an array."""
        if key == "loss":
            return np.array([r["loss"] for r in self.records])
        return np.array([r[key][label] for r in self.records])
