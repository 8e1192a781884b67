"""Losses: ``loss(output, target)`` → (L, ∂L/∂output), L a Python float.

Each also has ``accuracy(output, target)``: the fraction classified right, or
None where that means nothing (regression).
"""

import numpy as np

from ..registry import get

_log_softmax = get("log_softmax")


class SoftmaxCrossEntropy:
    """Mean cross-entropy of integer labels y under softmax(z), fused through log_softmax.

    L = −(1/N) Σ_n log_softmax(z_n)[y_n];  ∂L/∂z = log_softmax.vjp(z, −onehot(y)/N) = (softmax(z) − onehot(y))/N.

    Shapes: logits (N, C), labels (N,) integers in [0, C).
    """

    def _check(self, logits, labels):
        logits, labels = np.asarray(logits), np.asarray(labels)
        if logits.ndim != 2 or labels.shape != logits.shape[:1]:
            raise ValueError(f"{self!r}: logits of shape {logits.shape} and labels of shape {labels.shape}; "
                             "expected (N, C) and (N,)")
        if labels.dtype.kind not in "iu":
            raise TypeError(f"{self!r}: labels must be integers (class indices), got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= logits.shape[1]):
            raise ValueError(f"{self!r}: labels must lie in [0, {logits.shape[1]}), "
                             f"got values in [{labels.min()}, {labels.max()}]")
        return logits, labels

    def __call__(self, logits, labels):
        logits, labels = self._check(logits, labels)
        n = len(labels)
        rows = np.arange(n)
        loss = -float(np.sum(_log_softmax(logits)[rows, labels], dtype=np.float64)) / n
        g = np.zeros_like(logits)
        g[rows, labels] = -1.0 / n
        return loss, _log_softmax.vjp(logits, g)

    def accuracy(self, logits, labels):
        logits, labels = self._check(logits, labels)
        return float(np.mean(np.argmax(logits, axis=1) == labels))

    def __repr__(self):
        return "SoftmaxCrossEntropy()"


class MeanSquaredError:
    """L = (1/(N·D)) Σ (ŷ − y)² over all N·D entries;  ∂L/∂ŷ = 2(ŷ − y)/(N·D).

    Shapes: predictions and targets alike, e.g. (N, D).
    """

    def _check(self, pred, target):
        pred, target = np.asarray(pred), np.asarray(target)
        if pred.shape != target.shape:
            raise ValueError(f"{self!r}: predictions of shape {pred.shape} and targets of shape "
                             f"{target.shape}; expected equal shapes")
        return pred, target

    def __call__(self, pred, target):
        pred, target = self._check(pred, target)
        residual = pred - target.astype(pred.dtype, copy=False)
        loss = float(np.mean(np.square(residual, dtype=np.float64)))
        return loss, residual * np.asarray(2.0 / residual.size, pred.dtype)

    def accuracy(self, pred, target):
        self._check(pred, target)
        return None

    def __repr__(self):
        return "MeanSquaredError()"
