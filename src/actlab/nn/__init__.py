"""actlab.nn — small NumPy networks built on the catalogue.

Layers follow one protocol (``forward(x, train)``, ``backward(dy)``, ``params``,
``grads``); every activation derivative comes from the registry.

>>> import numpy as np
>>> from actlab import nn
>>> rng = np.random.default_rng(0)
>>> data = nn.load("iris", rng=rng)
>>> model = nn.mlp([4, 16, 3], "gelu", rng=rng)
>>> trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), nn.Adam(lr=0.01), batch_size=16)
>>> history = trainer.fit(data.x_train, data.y_train, epochs=30, rng=rng)
>>> trainer.evaluate(data.x_test, data.y_test)[1] > 0.8  # (loss, accuracy) on 30 held-out flowers
True
"""

from .activations import LEARNED, Activation, Maxout, PReLU, Swish
from .data import Dataset, dataset_names, load, split_indices, standardize
from .init import INITIALIZERS, init_weights, initializer
from .layers import Dense, Dropout, Layer, Sequential, Trace
from .losses import MeanSquaredError, SoftmaxCrossEntropy
from .models import mlp
from .optim import SGD, Adam, AdamW, CosineDecay, Optimizer, StepDecay
from .probes import Recorder, activation_stats, dead_fraction, grad_norms, layer_label
from .train import History, StepInfo, Trainer, TrainingDiverged

__all__ = [
    "Layer", "Dense", "Activation", "PReLU", "Swish", "Maxout", "Dropout", "Sequential", "Trace", "LEARNED",
    "mlp",
    "SoftmaxCrossEntropy", "MeanSquaredError",
    "Optimizer", "SGD", "Adam", "AdamW", "StepDecay", "CosineDecay",
    "Trainer", "History", "StepInfo", "TrainingDiverged",
    "Recorder", "dead_fraction", "activation_stats", "grad_norms", "layer_label",
    "Dataset", "load", "dataset_names", "split_indices", "standardize",
    "INITIALIZERS", "initializer", "init_weights",
]
