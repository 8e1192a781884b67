"""The trainer: mini-batch training with a seeded Generator, validation, history and hooks.

One step: forward (train mode) → loss and ∂L/∂output → backward (fills every
layer's ``grads``) → hooks → ``optimizer.step(model.params, model.grads)``.
A loss that is NaN or ±inf stops training with ``TrainingDiverged``.
"""

import contextlib
import time
from dataclasses import dataclass, field

import numpy as np

from .data import split_indices
from .layers import Layer, Sequential, Trace

#: Default mini-batch size.
BATCH_SIZE = 32
#: Batch size for evaluation passes (no backward, so larger batches only save calls).
EVAL_BATCH_SIZE = 1024


def blas_threads(n):
    """A context limiting BLAS to ``n`` threads (threadpoolctl), or doing nothing for n = None.

    Small matrices gain nothing from a second BLAS thread, and a thread that
    waits for a busy core can make a matmul 20× slower.
    """
    if n is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        raise ImportError("blas_threads needs threadpoolctl (pip install threadpoolctl)") from None
    return threadpool_limits(int(n), user_api="blas")


class TrainingDiverged(ValueError):
    """The loss became NaN or infinite; ``epoch`` and ``step`` (both from 0) say where."""

    def __init__(self, loss, epoch, step):
        self.loss, self.epoch, self.step = loss, epoch, step
        super().__init__(f"training diverged: the loss is {loss} at epoch {epoch}, step {step} "
                         "(both counted from 0); try a smaller learning rate")


@dataclass
class History:
    """Per-epoch records. ``loss``/``accuracy`` are means over the epoch's training
    batches (in train mode); ``val_*`` come from an evaluation pass after the epoch.
    Accuracy lists stay empty for a loss without accuracy (regression)."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)


@dataclass(frozen=True)
class StepInfo:
    """What a hook sees after each backward, before the optimizer step.

    ``outputs[i]`` is the output of ``model[i]`` on this batch and
    ``output_grads[i]`` = ∂L/∂outputs[i]; the parameter gradients are in
    ``model[i].grads``. The arrays are the trainer's: copy what you keep.
    """

    epoch: int
    step: int
    loss: float
    model: Sequential
    inputs: np.ndarray
    outputs: tuple
    output_grads: tuple


class Trainer:
    """Trains ``model`` (a Sequential, or one Layer) on ``loss`` with ``optimizer``.

    ``schedule`` (epoch → lr, e.g. ``CosineDecay``) sets the learning rate at
    the start of each epoch. ``hooks`` are callables taking a ``StepInfo``.
    ``blas_threads`` limits BLAS's threads during ``fit``/``predict`` (None:
    leave them as they are; 1 is as fast for small networks and immune to
    busy cores).
    """

    def __init__(self, model, loss, optimizer, *, batch_size=BATCH_SIZE, schedule=None, hooks=(),
                 blas_threads=None):
        if not isinstance(model, Layer):
            raise TypeError(f"Trainer: model must be a Layer, got {type(model).__name__}")
        self.model = model if isinstance(model, Sequential) else Sequential(model)
        self.loss, self.optimizer, self.schedule = loss, optimizer, schedule
        if int(batch_size) < 1:
            raise ValueError(f"Trainer: batch_size must be >= 1, got {batch_size!r}")
        self.batch_size, self.hooks, self.blas_threads = int(batch_size), tuple(hooks), blas_threads

    def _inputs(self, x):
        dtype = self.model.dtype or np.float64
        return np.ascontiguousarray(x, dtype=dtype)

    def fit(self, x, y, *, epochs, rng, validation=None, validation_split=0.0):
        """Train for ``epochs`` passes over (x, y), shuffled by ``rng`` each epoch.

        Validation data: ``validation=(x_val, y_val)``, or ``validation_split``,
        a fraction of (x, y) held out with ``rng`` (stratified for integer labels).
        Returns the ``History``.
        """
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"Trainer.fit: rng must be a numpy.random.Generator, got {type(rng).__name__}")
        x, y = self._inputs(x), np.asarray(y)
        if len(x) != len(y):
            raise ValueError(f"Trainer.fit: x has shape {x.shape} and y {y.shape}: different numbers of samples")
        if validation_split:
            labels = y if y.dtype.kind in "iu" else None
            train, held = split_indices(len(x), validation_split, rng, labels=labels)
            validation, x, y = (x[held], y[held]), x[train], y[train]
        history = History()
        with blas_threads(self.blas_threads):
            for epoch in range(int(epochs)):
                self._fit_epoch(x, y, epoch, rng, validation, history)
        return history

    def _fit_epoch(self, x, y, epoch, rng, validation, history):
        """One epoch of training (lr from the schedule), then validation; appends to ``history``."""
        start = time.perf_counter()
        if self.schedule is not None:
            self.optimizer.lr = float(self.schedule(epoch))
        loss, accuracy = self._epoch(x, y, epoch, rng)
        history.loss.append(loss)
        if accuracy is not None:
            history.accuracy.append(accuracy)
        history.lr.append(self.optimizer.lr)
        if validation is not None:
            val_loss, val_accuracy = self.evaluate(*validation)
            history.val_loss.append(val_loss)
            if val_accuracy is not None:
                history.val_accuracy.append(val_accuracy)
        history.seconds.append(time.perf_counter() - start)

    def _epoch(self, x, y, epoch, rng):
        n = len(x)
        order = rng.permutation(n)
        total_loss, total_correct, has_accuracy = 0.0, 0.0, True
        for step, first in enumerate(range(0, n, self.batch_size)):
            batch = order[first:first + self.batch_size]
            loss, accuracy = self.train_step(x[batch], y[batch], epoch, step)
            total_loss += loss * len(batch)
            if accuracy is None:
                has_accuracy = False
            else:
                total_correct += accuracy * len(batch)
        return total_loss / n, (total_correct / n if has_accuracy else None)

    def train_step(self, xb, yb, epoch=0, step=0):
        """One optimizer step on a batch; returns (loss, accuracy or None)."""
        trace = Trace() if self.hooks else None
        out = self.model.forward(xb, train=True, trace=trace)
        loss, dout = self.loss(out, yb)
        if not np.isfinite(loss):
            raise TrainingDiverged(loss, epoch, step)
        self.model.backward(dout, trace=trace)
        if self.hooks:
            info = StepInfo(epoch, step, loss, self.model, xb, tuple(trace.outputs), tuple(trace.output_grads))
            for hook in self.hooks:
                hook(info)
        self.optimizer.step(self.model.params, self.model.grads)
        return loss, self.loss.accuracy(out, yb)

    def predict(self, x):
        """The model's outputs in evaluation mode (dropout off), in batches of EVAL_BATCH_SIZE."""
        x = self._inputs(x)
        with blas_threads(self.blas_threads):
            parts = [self.model.forward(x[i:i + EVAL_BATCH_SIZE], train=False)
                     for i in range(0, len(x), EVAL_BATCH_SIZE)]
        return np.concatenate(parts) if parts else self.model.forward(x, train=False)

    def evaluate(self, x, y):
        """(loss, accuracy or None) on (x, y) in evaluation mode."""
        out = self.predict(x)
        loss, _ = self.loss(out, y)
        return loss, self.loss.accuracy(out, y)

    def __repr__(self):
        return (f"Trainer(loss={self.loss!r}, optimizer={self.optimizer!r}, batch_size={self.batch_size}, "
                f"schedule={self.schedule!r}, hooks={len(self.hooks)})\n{self.model!r}")
