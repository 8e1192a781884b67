"""Claim 5: a Maxout unit fits any convex function, at k times (for k = 2, twice) the parameters.

One ``nn.Maxout(1, 1, pieces=k)`` unit, max_i (w_i x + b_i), is trained (full batch, Adam with cosine
decay, mean squared error) on noise-free targets over x ∈ [−π, π]: |x| and x² (``nn.load("abs")``,
``nn.load("square")``), a convex piecewise-linear function with three pieces, and sin x as a
non-convex control. Its pieces start as tangents of INIT_CURVATURE·x² at k evenly spaced points, so
that every piece wins somewhere (a random start leaves pieces that never win and never learn; the
number of such dead pieces after training is reported).

Parameters per unit are counted from the layers themselves: a Maxout unit with d inputs against a
Dense unit (followed by a ReLU) with d inputs.
"""

from dataclasses import dataclass, field

import numpy as np

from .. import nn
from .common import MIXED, NOT_SUPPORTED, SUPPORTED, Claim, Progress, ResultMixin, mean_std, seeds_from

#: The fit of a target is good when RMSE / std(target) on held-out points is below this.
FIT_TOL = 0.05
#: Curvature of the parabola whose tangents the pieces start as.
INIT_CURVATURE = 0.5
#: The convex piecewise-linear target: max over these (slope, intercept) lines.
PIECEWISE_LINES = ((-1.0, -1.0), (0.25, 0.0), (2.0, -2.0))
CONVEX_TARGETS = ("abs", "square", "piecewise")
CONTROL_TARGETS = ("sin",)
#: Input width of the units whose parameters are counted (digits' 64 features).
COUNT_INPUTS = 64


@dataclass(frozen=True)
class MaxoutConfig:
    targets: tuple = CONVEX_TARGETS + CONTROL_TARGETS
    pieces: tuple = (1, 2, 3, 4, 8)
    samples: int = 400
    steps: int = 600
    lr: float = 0.1
    seeds: int = 3


@dataclass
class MaxoutResult(ResultMixin):
    config: MaxoutConfig
    seeds: list
    errors: dict  # target -> {k: mean_std of relative RMSE}
    dead_pieces: dict  # target -> {k: mean_std}
    params: dict
    examples: dict = field(default_factory=dict)  # target -> {"x", "y", k: prediction} for figures (seed 0)
    claims: list = field(default_factory=list)


def target_data(name, samples, rng):
    """(x_train, y_train, x_test, y_test), noise-free, x ∈ [−π, π] in raw units."""
    if name == "piecewise":
        x = rng.uniform(*nn.data.REGRESSION_RANGE, size=(samples, 1))
        y = np.max([a * x + b for a, b in PIECEWISE_LINES], axis=0)
        cut = int(samples * (1 - nn.data.TEST_SIZE))
        return x[:cut], y[:cut], x[cut:], y[cut:]
    d = nn.load(name, rng=rng, n_samples=samples, noise=0.0)
    return d.x_train * d.std + d.mean, d.y_train, d.x_test * d.std + d.mean, d.y_test


def fit(x, y, pieces, steps, lr, rng):
    """A trained Maxout(1, 1, pieces) unit."""
    unit = nn.Maxout(1, 1, pieces, rng=rng)
    t = np.linspace(*nn.data.REGRESSION_RANGE, pieces) if pieces > 1 else np.zeros(1)
    unit.params["W"][0, :] = 2 * INIT_CURVATURE * t  # tangent of c·x² at t: 2ct·x − ct²
    unit.params["b"][:] = -INIT_CURVATURE * t * t
    trainer = nn.Trainer(unit, nn.MeanSquaredError(), nn.Adam(lr=lr), batch_size=len(x), blas_threads=1,
                         schedule=nn.CosineDecay(lr, steps))
    trainer.fit(x, y, epochs=steps, rng=rng)
    return unit, trainer


def parameter_counts(pieces, d=COUNT_INPUTS):
    """Parameters of one unit with d inputs: Maxout with ``pieces`` pieces, and Dense (+ ReLU)."""
    rng = np.random.default_rng(0)
    maxout = sum(p.size for p in nn.Maxout(d, 1, pieces, rng=rng).params.values())
    dense = sum(p.size for p in nn.Dense(d, 1, rng=rng).params.values())
    return {"pieces": pieces, "inputs": d, "maxout": int(maxout), "dense_relu": int(dense), "ratio": maxout / dense}


def measure(config, rng, progress=None):
    seeds = seeds_from(rng, config.seeds)
    progress = progress or Progress(len(config.targets) * len(seeds), "maxout", enabled=False)
    errors, dead, examples = {}, {}, {}
    for name in config.targets:
        per_k, dead_k = {k: [] for k in config.pieces}, {k: [] for k in config.pieces}
        for i, seed in enumerate(seeds):
            x, y, xt, yt = target_data(name, config.samples, np.random.default_rng([seed, 0]))
            if i == 0:
                grid = np.linspace(*nn.data.REGRESSION_RANGE, 201)[:, None]
                examples[name] = {"x": grid.ravel().tolist()}
            for k in config.pieces:
                unit, trainer = fit(x, y, k, config.steps, config.lr, np.random.default_rng([seed, 1, k]))
                per_k[k].append(float(np.sqrt(np.mean((trainer.predict(xt) - yt) ** 2)) / np.std(yt)))
                z = x @ unit.params["W"] + unit.params["b"]
                dead_k[k].append(k - len(np.unique(np.argmax(z, axis=1))))
                if i == 0:
                    examples[name][k] = trainer.predict(grid).ravel().tolist()
            progress.tick(f"maxout: {name}")
        errors[name] = {k: mean_std(v) for k, v in per_k.items()}
        dead[name] = {k: mean_std(v) for k, v in dead_k.items()}
    params = {k: parameter_counts(k) for k in sorted(set(config.pieces) | {2})}
    return MaxoutResult(config, seeds, errors, dead, params, examples)


def judge(result):
    c = result.config
    kmax = max(c.pieces)
    claims = []
    convex = [t for t in c.targets if t in CONVEX_TARGETS]
    if convex:
        fits = {t: result.errors[t][kmax]["mean"] < FIT_TOL and
                result.errors[t][kmax]["mean"] <= result.errors[t][min(c.pieces)]["mean"] for t in convex}
        verdict = SUPPORTED if all(fits.values()) else NOT_SUPPORTED if not any(fits.values()) else MIXED
        controls = [t for t in c.targets if t in CONTROL_TARGETS]
        finding = "; ".join(f"{t}: " + ", ".join(f"k={k} {result.errors[t][k]['mean']:.3g}" for k in c.pieces)
                            for t in c.targets) + " (RMSE / std of the target, held-out points)."
        claims.append(Claim(
            key="maxout_convex", claim="a Maxout unit can fit any convex function",
            source="Maxout: 拟合能力非常强，可以拟合任意的凸函数",
            setup=(f"one Maxout(1 → 1, k pieces) unit, k ∈ {{{', '.join(map(str, c.pieces))}}}, trained on "
                   f"{c.samples} noise-free points of each target on [−π, π] (80% train, 20% held out): "
                   f"{', '.join(convex)} (convex){', and ' + ', '.join(controls) + ' (not convex, a control)' if controls else ''}; "
                   f"full-batch Adam lr {c.lr:g} with cosine decay, {c.steps} steps, {c.seeds} seeds; pieces start "
                   f"as tangents of {INIT_CURVATURE:g}x²."),
            measurement={"relative_rmse": result.errors, "dead_pieces": result.dead_pieces},
            rule=(f"relative RMSE = RMSE / std(target) on held-out points. A convex target is fitted when its error "
                  f"at the largest k is < FIT_TOL = {FIT_TOL:g} and not above its error at the smallest k. "
                  f"Supported if every convex target is fitted, not supported if none is, mixed otherwise."),
            verdict=verdict, finding=finding,
            caveat=("A maxout unit is a convex piecewise-linear function, so a smooth convex target needs many "
                    "pieces (x²'s error falls roughly like 1/k²) and a non-convex one (sin) cannot be fitted by one "
                    "unit at any k. Pieces that never win get no gradient: dead pieces exist even if dead units "
                    "do not."),
        ))
    two = result.params[2]
    claims.append(Claim(
        key="maxout_params", claim="a Maxout unit (k = 2) has twice the parameters of a ReLU unit",
        source="Maxout: 每个神经元中有两组(w,b)参数，那么参数量就增加了一倍",
        setup=f"parameters counted on nn.Maxout(d, 1, pieces=k) and nn.Dense(d, 1) layers with d = {COUNT_INPUTS}.",
        measurement={"counts": result.params},
        rule="supported if the count ratio Maxout / (Dense + ReLU) is exactly 2 for k = 2, not supported otherwise.",
        verdict=SUPPORTED if two["ratio"] == 2 else NOT_SUPPORTED,
        finding=(f"k = 2: {two['maxout']} against {two['dense_relu']} parameters per unit; in general k(d + 1) "
                 f"against d + 1: " + ", ".join(f"k={k} ×{p['ratio']:g}" for k, p in result.params.items()) + "."),
    ))
    result.claims = claims
    return result


def run(config=MaxoutConfig(), rng=None, progress=None):
    return judge(measure(config, rng, progress))

