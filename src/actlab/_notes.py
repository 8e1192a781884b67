"""The study notes' NumPy code, verbatim: the baseline that actlab's accuracy and speed are
measured against (``actlab bench``, benchmarks/accuracy.py). Not for use: it overflows, returns
NaN and loses the tails (see the README's accuracy table)."""

import numpy as np
from scipy.special import erf

sigmoid = lambda x: 1 / (np.exp(-x) + 1)  # noqa: E731
sigmoid_d = lambda x: sigmoid(x) * (1 - sigmoid(x))  # noqa: E731
scaled_sigmoid = lambda x: 4 / (np.exp(-x) + 1) - 2  # noqa: E731
scaled_sigmoid_d = lambda x: 4 * sigmoid(x) * (1 - sigmoid(x))  # noqa: E731
tanh = lambda x: 2 * np.exp(2 * x) / (np.exp(2 * x) + 1) - 1  # noqa: E731
tanh_d = lambda x: 1 - tanh(x) ** 2  # noqa: E731
relu = lambda x: np.maximum(0, x)  # noqa: E731
relu_d = lambda x: np.heaviside(x, 0)  # noqa: E731
leaky_relu = lambda x: np.maximum(0.01 * x, x)  # noqa: E731
leaky_relu_d = lambda x: np.where(x < 0, 0.01, 1)  # noqa: E731
elu = lambda x: np.where(x < 0, np.exp(x) - 1, x)  # noqa: E731
elu_d = lambda x: np.where(x < 0, np.exp(x), 1)  # noqa: E731
softplus = lambda x: np.log(1 + np.exp(x))  # noqa: E731
softplus_d = sigmoid
softsign = lambda x: x / (1 + np.fabs(x))  # noqa: E731
softsign_d = lambda x: 1 / (1 + np.fabs(x)) ** 2  # noqa: E731
silu = lambda x: x * sigmoid(x)  # noqa: E731
silu_d = lambda x: sigmoid(x) + x * sigmoid(x) - x * sigmoid(x) ** 2  # noqa: E731
gelu = lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2)))  # noqa: E731
gelu_d = lambda x: 0.5 * (1 + erf(x / np.sqrt(2))) + x / np.sqrt(2 * np.pi) * np.exp(-x ** 2 / 2)  # noqa: E731

#: entry name → (f, f′) of the notes, for the entries the notes implement
FUNCTIONS = {name: (globals()[name], globals()[name + "_d"])
             for name in ("sigmoid", "scaled_sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus",
                          "softsign", "silu", "gelu")}
