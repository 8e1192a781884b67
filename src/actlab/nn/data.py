"""Small datasets that need no download: scikit-learn's bundled tables and synthetic ones.

``load(name, rng=..., test_size=...)`` returns a ``Dataset``: a stratified
(classification) or plain (regression) split drawn with the Generator given,
features standardised with the mean and standard deviation of the training
part only, in the dtype asked for.

* Classification (labels 0 … C−1): ``digits``, ``iris``, ``wine``,
  ``breast_cancer`` (scikit-learn's ``load_*``, shipped inside the package)
  and synthetic ``moons``, ``circles``, ``spirals``.
* Regression (x in [−π, π], targets of shape (N, 1)): ``sin``, ``abs``, ``square``.
"""

from dataclasses import dataclass

import numpy as np

#: Default fraction of the samples held out for testing.
TEST_SIZE = 0.2
#: Default sizes and noise levels of the synthetic sets.
SYNTHETIC_SAMPLES = 500
MOONS_NOISE = 0.1
CIRCLES_NOISE = 0.05
#: Radius of the inner circle relative to the outer one (scikit-learn's default factor).
CIRCLES_FACTOR = 0.5
SPIRALS_NOISE = 0.2
#: Each spiral winds this many times around the origin.
SPIRALS_TURNS = 1.5
REGRESSION_SAMPLES = 400
REGRESSION_NOISE = 0.05
REGRESSION_RANGE = (-np.pi, np.pi)


@dataclass(frozen=True)
class Dataset:
    """A train/test split. ``x_*`` are standardised with ``mean`` and ``std``
    (fitted on the training part): raw features = x·std + mean. ``y_*`` are
    int64 labels (classification) or arrays of shape (N, 1) (regression)."""

    name: str
    task: str  # "classification" or "regression"
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    n_classes: int | None

    @property
    def n_features(self):
        return self.x_train.shape[1]

    def __repr__(self):
        classes = f", {self.n_classes} classes" if self.n_classes else ""
        return (f"Dataset({self.name!r}, {self.task}, train {self.x_train.shape}, "
                f"test {self.x_test.shape}{classes}, dtype={self.x_train.dtype})")


# -- raw data: (x, y) ---------------------------------------------------------
def _sklearn(loader_name):
    def load_raw(rng, n_samples, noise):
        try:
            from sklearn import datasets
        except ImportError:  # pragma: no cover - scikit-learn is installed where the tests run
            raise ImportError(f"dataset {loader_name[5:]!r} needs scikit-learn (pip install scikit-learn)") from None
        bunch = getattr(datasets, loader_name)()
        return bunch.data.astype(np.float64), bunch.target.astype(np.int64)
    return load_raw


def _noise(given, default):
    return default if given is None else float(given)


def _moons(rng, n_samples, noise):
    """Two interleaving half circles (as scikit-learn's make_moons)."""
    n_outer = n_samples // 2
    t = np.pi * rng.random(n_samples)
    upper = np.arange(n_samples) < n_outer
    x = np.where(upper[:, None],
                 np.stack([np.cos(t), np.sin(t)], axis=1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1))
    return x + _noise(noise, MOONS_NOISE) * rng.standard_normal(x.shape), (~upper).astype(np.int64)


def _circles(rng, n_samples, noise):
    """A circle of radius 1 (label 0) around one of radius CIRCLES_FACTOR (label 1)."""
    t = 2.0 * np.pi * rng.random(n_samples)
    inner = np.arange(n_samples) >= n_samples // 2
    radius = np.where(inner, CIRCLES_FACTOR, 1.0)[:, None]
    x = radius * np.stack([np.cos(t), np.sin(t)], axis=1)
    return x + _noise(noise, CIRCLES_NOISE) * rng.standard_normal(x.shape), inner.astype(np.int64)


def _spirals(rng, n_samples, noise):
    """Two interleaved spirals r = θ, the second rotated by π."""
    second = np.arange(n_samples) >= n_samples // 2
    theta = 2.0 * np.pi * SPIRALS_TURNS * np.sqrt(rng.random(n_samples))
    angle = theta + np.pi * second
    x = theta[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return x + _noise(noise, SPIRALS_NOISE) * rng.standard_normal(x.shape), second.astype(np.int64)


def _regression(target):
    def load_raw(rng, n_samples, noise):
        x = rng.uniform(*REGRESSION_RANGE, size=(n_samples, 1))
        return x, target(x) + _noise(noise, REGRESSION_NOISE) * rng.standard_normal(x.shape)
    return load_raw


_CLASSIFICATION = {
    "digits": _sklearn("load_digits"),
    "iris": _sklearn("load_iris"),
    "wine": _sklearn("load_wine"),
    "breast_cancer": _sklearn("load_breast_cancer"),
    "moons": _moons,
    "circles": _circles,
    "spirals": _spirals,
}
_REGRESSION = {"sin": _regression(np.sin), "abs": _regression(np.abs), "square": _regression(np.square)}
_SYNTHETIC = {"moons", "circles", "spirals"} | set(_REGRESSION)


def dataset_names():
    """The datasets ``load`` knows."""
    return tuple(_CLASSIFICATION) + tuple(_REGRESSION)


# -- splitting and standardising ------------------------------------------------
def split_indices(n, test_size, rng, labels=None):
    """(train, test) index arrays; with ``labels``, stratified: each class
    contributes round(test_size·count) test samples. Both sorted."""
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"split_indices: test_size must be in (0, 1), got {test_size!r}")
    groups = [np.arange(n)] if labels is None else [np.flatnonzero(labels == c) for c in np.unique(labels)]
    test = []
    for group in groups:
        shuffled = rng.permutation(group)
        test.append(shuffled[:int(round(test_size * len(group)))])
    test = np.sort(np.concatenate(test))
    train = np.setdiff1d(np.arange(n), test)
    if not len(train) or not len(test):
        raise ValueError(f"split_indices: test_size={test_size} leaves an empty part of {n} samples")
    return train, test


def standardize(train, *others):
    """(mean, std, train and others standardised with the train part's statistics);
    a constant feature (std 0) keeps std 1, so it becomes 0 rather than NaN."""
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return mean, std, *((a - mean) / std for a in (train, *others))


def load(name, *, rng, test_size=TEST_SIZE, dtype=np.float64, n_samples=None, noise=None):
    """The dataset ``name`` split with ``rng``; ``n_samples`` and ``noise`` tune the synthetic ones."""
    if name not in dataset_names():
        raise ValueError(f"load: unknown dataset {name!r}; valid: {', '.join(dataset_names())}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"load: rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if name not in _SYNTHETIC and (n_samples is not None or noise is not None):
        raise ValueError(f"load: n_samples and noise apply to synthetic datasets, not {name!r}")
    classification = name in _CLASSIFICATION
    default_samples = SYNTHETIC_SAMPLES if classification else REGRESSION_SAMPLES
    x, y = (_CLASSIFICATION | _REGRESSION)[name](rng, n_samples or default_samples, noise)
    train, test = split_indices(len(x), test_size, rng, labels=y if classification else None)
    mean, std, x_train, x_test = standardize(x[train], x[test])
    dtype = np.dtype(dtype)
    y = y if classification else y.astype(dtype)
    return Dataset(
        name=name, task="classification" if classification else "regression",
        x_train=np.ascontiguousarray(x_train, dtype), y_train=y[train],
        x_test=np.ascontiguousarray(x_test, dtype), y_test=y[test],
        mean=mean, std=std, n_classes=int(y.max()) + 1 if classification else None,
    )
