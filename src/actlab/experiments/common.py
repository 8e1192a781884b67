"""What every experiment shares: verdicts, seeds, statistics, the training loop with probes.

An experiment is a function ``run(config, rng) -> result``: ``config`` a frozen
dataclass (its fields are the setup), ``rng`` a ``numpy.random.Generator`` from
which the per-seed generators are drawn, and ``result`` a dataclass whose
``claims`` are ``Claim`` records — each with the notes' words, the setup, the
``measurement``, the ``rule`` (named thresholds, stated in words) and the
``verdict`` the rule gives on that measurement.

Seeds are paired: seed s gives every activation the same data split, the same
mini-batch order and, where the shapes agree, the same initial weights, so that
activations differ only in the activation.
"""

import math
import sys
import time
from dataclasses import asdict, dataclass, field, is_dataclass

import numpy as np

from .. import nn
from ..registry import get, names

SUPPORTED, NOT_SUPPORTED, MIXED = "supported", "not supported", "mixed"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, MIXED)

#: Initialisers by activation family: Glorot for the bounded, sigmoid-shaped family
#: (Glorot & Bengio 2010 derived it for tanh and softsign), LeCun normal for SELU
#: (Klambauer et al. 2017), He for the rectifiers and their smooth relatives (He et al. 2015).
FAMILY_INIT = {"sigmoidal": "xavier"}
NAME_INIT = {"selu": "lecun"}
DEFAULT_INIT = "he"

#: Digits has 64 features; hidden layers of this width make every hidden weight matrix 64 × 64.
DIGITS_FEATURES = 64


def matched_init(name):
    """The initialiser an activation is usually paired with (see FAMILY_INIT)."""
    if name in NAME_INIT:
        return NAME_INIT[name]
    try:
        family = get(name).family
    except ValueError:
        family = None
    return FAMILY_INIT.get(family, DEFAULT_INIT)


def available(wanted):
    """The names of ``wanted`` that the catalogue has, in the order given (others are skipped)."""
    have = set(names())
    return tuple(n for n in wanted if n in have or n in VARIANTS)


def elementwise_names():
    """Every elementwise entry of the catalogue, in catalogue order."""
    return tuple(n for n in names() if get(n).elementwise)


# ------------------------------------------------------------------ records
@dataclass
class Claim:
    """One claim of the notes and what the data said about it."""

    key: str
    claim: str  # the claim in English
    source: str  # the notes' own words
    setup: str  # what was run, in words
    measurement: dict  # the numbers the rule reads (mean ± std over seeds, per activation …)
    rule: str  # the decision rule in words, thresholds named and valued
    verdict: str  # one of VERDICTS
    finding: str = ""  # one sentence: what was seen
    caveat: str = ""  # what the experiment cannot settle
    figures: list = field(default_factory=list)  # file names, filled in when figures are written

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"Claim {self.key}: verdict must be one of {VERDICTS}, got {self.verdict!r}")


def combined_verdict(verdicts):
    """All supported → supported, all not supported → not supported, otherwise mixed."""
    verdicts = set(verdicts)
    return verdicts.pop() if len(verdicts) == 1 else MIXED


class ResultMixin:
    """``verdict``, ``rule`` and ``measurement`` of an experiment with several claims."""

    @property
    def verdict(self):
        return combined_verdict(c.verdict for c in self.claims)

    @property
    def rule(self):
        return " | ".join(f"{c.key}: {c.rule}" for c in self.claims)

    @property
    def measurement(self):
        return {c.key: c.measurement for c in self.claims}


def to_jsonable(value):
    """Dataclasses, NumPy values, tuples and non-finite floats as JSON-ready Python values."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
    return value


# ------------------------------------------------------------------ statistics
def mean_std(values):
    """{"mean", "std", "values"} over seeds (std with ddof=0; NaN values are kept and propagate)."""
    v = np.asarray(values, dtype=np.float64)
    return {"mean": float(np.mean(v)), "std": float(np.std(v)), "values": [float(x) for x in v]}


def log_mean_std(values):
    """Statistics of positive quantities that span decades (gradient ratios): the geometric mean,
    and the mean ± std of log10."""
    v = np.asarray(values, dtype=np.float64)
    logs = np.log10(np.maximum(v, np.finfo(np.float64).tiny))
    return {"geomean": float(10 ** logs.mean()), "log10_mean": float(logs.mean()), "log10_std": float(logs.std()),
            "values": [float(x) for x in v]}


def pm(stats, digits=3, scale=1.0, unit=""):
    """'mean ± std' text of a ``mean_std`` dict."""
    return f"{stats['mean'] * scale:.{digits}g} ± {stats['std'] * scale:.{digits}g}{unit}"


def seeds_from(rng, n):
    """``n`` integer seeds drawn from ``rng`` (recorded in the results, so every run can be repeated)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"experiments: rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if int(n) < 1:
        raise ValueError(f"experiments: need at least one seed, got {n}")
    return [int(s) for s in rng.integers(0, 2**63 - 1, size=int(n))]


# ------------------------------------------------------------------ progress
class Progress:
    """A one-line progress report on stderr: '[claims] 12/40 vanishing: gelu, seed 2 · 8.1 s'.

    On a terminal the line is rewritten in place; otherwise nothing is written
    (``enabled`` forces it either way). ``tick(text)`` counts one step done.
    """

    def __init__(self, total, label="actlab", enabled=None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = (hasattr(self.stream, "isatty") and self.stream.isatty()) if enabled is None else enabled
        self.total, self.label, self.done = max(int(total), 1), label, 0
        self.start = time.perf_counter()

    def tick(self, text=""):
        self.done += 1
        self.show(text)

    def show(self, text=""):
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        width = 20
        filled = int(width * min(self.done, self.total) / self.total)
        bar = "█" * filled + "·" * (width - filled)
        line = f"[{self.label}] {bar} {self.done}/{self.total} {text} · {elapsed:.0f} s"
        self.stream.write("\r" + line[:110].ljust(110))
        self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class NoProgress(Progress):
    def __init__(self):
        super().__init__(1, enabled=False)


# ------------------------------------------------------------------ networks
class ShiftedActivation(nn.Activation):
    """f(x) − shift for a registry entry: the same derivative, the mean moved.

    ``ShiftedActivation("sigmoid", 0.5)`` is σ(x) − ½ = tanh(x/2)/2: zero-centred,
    with exactly σ's gradient. It isolates the notes' claim that a non-zero-centred
    output slows learning from the fact that tanh′(0) = 4σ′(0).
    """

    def __init__(self, name, shift):
        super().__init__(name)
        self.shift = float(shift)
        self.name = f"{name}{-self.shift:+g}"

    def forward(self, x, train=True):
        return super().forward(x, train) - self.shift

    def extra_repr(self):
        return f"{super().extra_repr()}, shift={self.shift}"


#: Networks that are a registry activation with a change, by the name experiments use for them.
VARIANTS = {"sigmoid-0.5": ("sigmoid", 0.5), "tanh+1": ("tanh", -1.0)}


def example_params(name):
    """Values for the required parameters of an entry that ``nn.mlp`` does not learn (the entry's
    own example values, as its property sheet uses), e.g. threshold's threshold and value."""
    from ..properties import EXAMPLE_INT, EXAMPLE_REAL

    if name in nn.LEARNED or name not in names():
        return {}
    return {p.name: p.example if p.example is not None else (EXAMPLE_INT if p.kind == "int" else EXAMPLE_REAL)
            for p in get(name).params if p.required}


def build_mlp(sizes, activation, rng, init=None, dtype=np.float64, bias_shift=0.0, **params):
    """``nn.mlp`` with ``activation`` (a registry name or one of VARIANTS) and its matched
    initialiser unless ``init`` is given; ``bias_shift`` is added to every hidden bias."""
    base = VARIANTS.get(activation, (activation, None))[0]
    params = {**example_params(base), **params}
    model = nn.mlp(sizes, base, rng=rng, init=init or matched_init(base), dtype=dtype, **params)
    if activation in VARIANTS:
        name, shift = VARIANTS[activation]
        layers = [ShiftedActivation(name, shift) if getattr(layer, "name", None) == name else layer
                  for layer in model]
        model = nn.Sequential(*layers)
    if bias_shift:
        for layer in hidden_dense(model):
            layer.params["b"] += bias_shift
    return model


def hidden_dense(model):
    """The Dense layers of ``model`` that feed an activation (all but the output layer)."""
    dense = [layer for layer in model if isinstance(layer, nn.Dense)]
    return dense[:-1]


def activation_layers(model):
    return [layer for layer in model if layer.is_activation]


# ------------------------------------------------------------------ probes
@dataclass
class Probe:
    """Per-hidden-layer statistics of a model on a fixed set of examples.

    ``grad_norm[l]``: ‖∂L/∂W_l‖₂ (Frobenius, weights and bias) of hidden layer l
    for the full-batch loss; ``delta_norm[l]``: RMS over examples of ‖∂L/∂z_l‖
    (z_l the pre-activation) scaled by N, i.e. the per-example backpropagated
    signal; ``mean``/``abs_mean``/``std``: of the activation's outputs;
    ``dead[l]``: fraction of units whose activation passes no gradient
    (|f′(z)| ≤ DEAD_GRAD) on every example; ``negative[l]``: fraction of units
    whose pre-activation is ≤ 0 on every example (dead, were it a ReLU).
    """

    grad_norm: list
    delta_norm: list
    mean: list
    abs_mean: list
    std: list
    dead: list
    negative: list
    loss: float

    def ratio(self):
        """‖∂L/∂W‖ of the first hidden layer over that of the last."""
        return self.grad_norm[0] / self.grad_norm[-1] if self.grad_norm[-1] > 0 else math.nan


#: A unit passes "no gradient" where |f′(z)| ≤ DEAD_GRAD (exactly 0 for ReLU; ELU's αeᶻ falls
#: below it for z < −23).
DEAD_GRAD = 1e-10


def probe(model, x, y, loss=None):
    """A ``Probe`` of ``model`` on (x, y): one forward and backward pass, no parameter update
    (the layers' ``grads`` are overwritten; the optimizer never sees them)."""
    loss = loss or nn.SoftmaxCrossEntropy()
    outputs = []
    h = x
    for layer in model:
        h = layer.forward(h, train=True)
        outputs.append(h)
    value, dy = loss(h, y)
    output_grads = [None] * len(model.layers)
    for i in range(len(model.layers) - 1, -1, -1):
        output_grads[i] = dy
        dy = model.layers[i].backward(dy)
    n = len(x)
    stats = {k: [] for k in ("grad_norm", "delta_norm", "mean", "abs_mean", "std", "dead", "negative")}
    layers = list(model)
    for i, layer in enumerate(layers):
        if not isinstance(layer, nn.Dense) or i + 1 >= len(layers) or not layers[i + 1].is_activation:
            continue
        act, z, a = layers[i + 1], outputs[i], outputs[i + 1]
        stats["grad_norm"].append(float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64))
                                                    for g in layer.grads.values()))))
        stats["delta_norm"].append(float(np.sqrt(np.mean(np.sum(np.square(output_grads[i] * n), axis=1)))))
        mean, std = nn.activation_stats(a)
        stats["mean"].append(mean)
        stats["std"].append(std)
        stats["abs_mean"].append(float(np.mean(np.abs(np.mean(a, axis=0)))))
        if isinstance(act, nn.Maxout):
            stats["dead"].append(0.0)
            stats["negative"].append(0.0)
            continue
        slope = act.backward(np.ones_like(a)) if a.shape == z.shape else None
        stats["dead"].append(nn.dead_fraction(slope, atol=DEAD_GRAD) if slope is not None else math.nan)
        stats["negative"].append(float(np.mean(np.all(z <= 0, axis=0))))
    return Probe(loss=float(value), **stats)


# ------------------------------------------------------------------ training
@dataclass
class TrainConfig:
    """One training run: the network, the optimizer and the budget."""

    depth: int = 2  # hidden layers
    width: int = 64
    epochs: int = 10
    lr: float = 2e-3
    optimizer: str = "adam"  # "adam" or "sgd" (momentum MOMENTUM)
    batch_size: int = 64
    init: str | None = None  # None: matched_init(activation)
    bias_shift: float = 0.0
    probe_every: int = 1  # epochs between probes (0: only at init and at the end)
    probe_samples: int | None = None  # examples probed (None: the whole training set)
    evals_per_epoch: int = 1  # test-set evaluations per epoch (for epochs to a target, in fractions)


#: Momentum of the "sgd" optimizer.
MOMENTUM = 0.9


@dataclass
class Run:
    """The record of one training run."""

    activation: str
    seed: int
    test_accuracy: list  # after each epoch
    train_loss: list  # mean over each epoch's batches
    seconds: list  # per epoch (training only, not probes)
    probes: list  # Probe at init (index 0) and after each probed epoch
    probe_epochs: list  # epochs after which each probe was taken (0 = at init)
    learned: dict = field(default_factory=dict)  # {"alpha": [...per unit, concatenated over layers]}
    diverged: str = ""
    curve: list = field(default_factory=list)  # (epochs done, test accuracy), evals_per_epoch per epoch
    steps: int = 0  # optimizer steps taken

    @property
    def final_accuracy(self):
        """Test accuracy after the last epoch; NaN if training diverged."""
        return self.test_accuracy[-1] if self.test_accuracy and not self.diverged else math.nan

    def epochs_to(self, target):
        """Epochs of training (fractional when evaluated within epochs) until the test accuracy
        first reaches ``target``; inf if it never does."""
        points = self.curve or [(i + 1, a) for i, a in enumerate(self.test_accuracy)]
        for epochs, acc in points:
            if acc >= target:
                return epochs
        return math.inf


class _Evaluate:
    """A trainer hook: test accuracy every ``every`` steps (before that step's update)."""

    def __init__(self, trainer, x, y, every, steps_per_epoch):
        self.trainer, self.x, self.y = trainer, x, y
        self.every, self.steps_per_epoch = max(int(every), 1), steps_per_epoch
        self.steps, self.points = 0, []

    def __call__(self, info):
        if self.steps and self.steps % self.every == 0:
            accuracy = self.trainer.evaluate(self.x, self.y)[1]
            self.points.append((self.steps / self.steps_per_epoch, float(accuracy)))
        self.steps += 1


def make_optimizer(cfg):
    if cfg.optimizer == "adam":
        return nn.Adam(lr=cfg.lr)
    if cfg.optimizer == "sgd":
        return nn.SGD(lr=cfg.lr, momentum=MOMENTUM)
    raise ValueError(f"experiments: optimizer must be 'adam' or 'sgd', got {cfg.optimizer!r}")


def load_data(name, seed, max_train=None, dtype=np.float64):
    """The dataset ``name`` split with seed ``seed`` (the same split for every activation); with
    ``max_train``, only the first that many training examples are kept (the split is random)."""
    import dataclasses

    data = nn.load(name, rng=np.random.default_rng([seed, 0]), dtype=dtype)
    if max_train is not None and max_train < len(data.x_train):
        data = dataclasses.replace(data, x_train=data.x_train[:max_train], y_train=data.y_train[:max_train])
    return data


def train(activation, data, cfg, seed, *, learned_params=(), **params):
    """Train an MLP with ``activation`` on ``data`` under ``cfg``; weights from seed ``seed``
    (stream 1), mini-batch order from stream 2. Probes at init and every ``probe_every`` epochs."""
    weights_rng = np.random.default_rng([seed, 1])
    order_rng = np.random.default_rng([seed, 2])
    sizes = [data.n_features] + [cfg.width] * cfg.depth + [data.n_classes]
    model = build_mlp(sizes, activation, weights_rng, init=cfg.init, bias_shift=cfg.bias_shift, **params)
    steps_per_epoch = math.ceil(len(data.x_train) / cfg.batch_size)
    hooks = []
    trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), make_optimizer(cfg), batch_size=cfg.batch_size,
                         blas_threads=1, hooks=hooks)
    if cfg.evals_per_epoch > 1:
        evaluate = _Evaluate(trainer, data.x_test, data.y_test, steps_per_epoch // cfg.evals_per_epoch,
                             steps_per_epoch)
        trainer.hooks = (evaluate,)
    xp, yp = data.x_train, data.y_train
    if cfg.probe_samples is not None and cfg.probe_samples < len(xp):
        xp, yp = xp[:cfg.probe_samples], yp[:cfg.probe_samples]
    run = Run(activation, seed, [], [], [], [], [])
    # a diverging activation (exponential, say) overflows before the trainer stops it: that is recorded
    with nn.train.blas_threads(1), np.errstate(over="ignore", invalid="ignore"):
        run.probes.append(probe(model, xp, yp))
        run.probe_epochs.append(0)
        for epoch in range(cfg.epochs):
            try:
                history = trainer.fit(data.x_train, data.y_train, epochs=1, rng=order_rng)
            except nn.TrainingDiverged as error:
                run.diverged = str(error)
                break
            run.train_loss.append(history.loss[-1])
            run.seconds.append(history.seconds[-1])
            run.test_accuracy.append(float(trainer.evaluate(data.x_test, data.y_test)[1]))
            if cfg.evals_per_epoch > 1:
                evaluate.points.append((epoch + 1.0, run.test_accuracy[-1]))
            last = epoch + 1 == cfg.epochs
            if last or (cfg.probe_every and (epoch + 1) % cfg.probe_every == 0):
                run.probes.append(probe(model, xp, yp))
                run.probe_epochs.append(epoch + 1)
    run.steps = steps_per_epoch * len(run.seconds)
    if cfg.evals_per_epoch > 1:
        run.curve = sorted(set(evaluate.points))
    for name in learned_params:
        values = [layer.params[name].ravel() for layer in model if name in layer.params]
        run.learned[name] = np.concatenate(values).tolist() if values else []
    return run
