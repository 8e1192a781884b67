"""Weight initialisers, chosen by name.

Each takes ``(shape, rng)`` for a weight matrix of shape (fan_in, fan_out)
and returns float64 draws from the ``numpy.random.Generator`` passed in:

* ``he`` (Kaiming): N(0, 2/fan_in) — keeps the variance through ReLU layers.
* ``xavier`` / ``glorot``: U(−a, a), a = √(6/(fan_in + fan_out)) — variance
  2/(fan_in + fan_out), the mean of the forward and backward conditions.
* ``lecun``: N(0, 1/fan_in) — for SELU-like and tanh networks.
* ``normal``: N(0, NORMAL_STD²), independent of the shape.
* ``orthogonal``: a uniformly random matrix with orthonormal columns (or
  rows, whichever are fewer), from the QR factorisation of a Gaussian one.
"""

import numpy as np

#: Standard deviation of the shape-independent ``normal`` initialiser.
NORMAL_STD = 0.01
#: He et al.'s gain for ReLU: Var(w) = HE_GAIN / fan_in.
HE_GAIN = 2.0
#: Glorot & Bengio: U(−a, a) with a² = GLOROT_UNIFORM_SCALE / (fan_in + fan_out) has variance 2/(fan_in + fan_out).
GLOROT_UNIFORM_SCALE = 6.0


def he(shape, rng):
    return rng.standard_normal(shape) * np.sqrt(HE_GAIN / shape[0])


def xavier(shape, rng):
    limit = np.sqrt(GLOROT_UNIFORM_SCALE / (shape[0] + shape[1]))
    return rng.uniform(-limit, limit, shape)


def lecun(shape, rng):
    return rng.standard_normal(shape) * np.sqrt(1.0 / shape[0])


def normal(shape, rng):
    return rng.standard_normal(shape) * NORMAL_STD


def orthogonal(shape, rng):
    rows, cols = shape
    a = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)  # sign fix: makes Q Haar-distributed (Mezzadri 2007)
    return q if rows >= cols else q.T


INITIALIZERS = {
    "he": he,
    "xavier": xavier,
    "glorot": xavier,
    "lecun": lecun,
    "normal": normal,
    "orthogonal": orthogonal,
}


def initializer(name):
    """The initialiser called ``name``; ValueError listing the valid names otherwise."""
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initialiser {name!r}; valid: {', '.join(INITIALIZERS)}")
    return INITIALIZERS[name]


def init_weights(name, shape, rng, dtype=np.float64):
    """A (fan_in, fan_out) weight matrix drawn by the initialiser ``name`` with ``rng``, in ``dtype``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"init_weights: rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return np.ascontiguousarray(initializer(name)(tuple(shape), rng), dtype=dtype)
