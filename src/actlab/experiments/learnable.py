"""Claim 4: PReLU's α and Swish's β can be learned — and what they become.

Read off the comparison runs (claim 7), where ``prelu`` and ``swish`` are ``nn.PReLU``/``nn.Swish``
layers that learn one α or β per unit, starting from PReLU_INIT = 0.25 and SWISH_INIT = 1.0.
Or run on its own with ``run``.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..nn.activations import PRELU_INIT, SWISH_INIT
from .common import MIXED, NOT_SUPPORTED, SUPPORTED, Claim, ResultMixin, mean_std
from .compare import CompareConfig, run_compare

#: A parameter "is learned" when its units move on average farther from the init than this many
#: times lr·√steps: the distance a random walk of full-size Adam steps would cover. Further than
#: that, the gradient pushed it consistently one way.
DRIFT_FACTOR = 1.0
#: PReLU's α is "between 0 and 1" when at least this fraction of the units' α lie in [0, 1] …
IN_RANGE_FRACTION = 0.9
#: … and the claim fails when fewer than this fraction do.
OUT_OF_RANGE_FRACTION = 0.5

LEARNED = {"prelu": ("alpha", PRELU_INIT), "swish": ("beta", SWISH_INIT)}


@dataclass(frozen=True)
class LearnableConfig:
    compare: CompareConfig = CompareConfig(activations=("prelu", "swish"))


@dataclass
class LearnableResult(ResultMixin):
    config: LearnableConfig
    values: dict  # "prelu" -> [[α per unit] per seed]
    stats: dict
    claims: list = field(default_factory=list)


def from_compare(compare_result):
    """The learned parameters of the prelu and swish runs of a ``CompareResult``."""
    values = {}
    for name, (param, _) in LEARNED.items():
        runs = compare_result.runs.get(name)
        if runs:
            values[name] = [r.learned.get(param, []) for r in runs]
    stats = {}
    for name, per_seed in values.items():
        param, init = LEARNED[name]
        run = compare_result.runs[name][0]
        walk = compare_result.config.lr * math.sqrt(run.steps)
        stats[name] = {
            "random_walk": walk, "steps": run.steps,
            "drift": mean_std([np.mean(np.abs(np.asarray(v) - init)) / walk for v in per_seed]),
            "param": param, "init": init, "units": len(per_seed[0]),
            "mean": mean_std([np.mean(v) for v in per_seed]),
            "spread": mean_std([np.std(v) for v in per_seed]),
            "change": mean_std([np.mean(np.abs(np.asarray(v) - init)) for v in per_seed]),
            "percentiles": {q: float(np.percentile(np.concatenate(per_seed), q)) for q in (5, 25, 50, 75, 95)},
            "in_unit_interval": mean_std([np.mean((np.asarray(v) >= 0) & (np.asarray(v) <= 1)) for v in per_seed]),
        }
    return judge(LearnableResult(LearnableConfig(compare_result.config), values, stats))


def judge(result):
    stats = result.stats
    c = result.config.compare
    setup = (f"PReLU and Swish layers learning one α / β per hidden unit, in the comparison runs: MLP {c.depth} × "
             f"{c.width} on {c.dataset}, {c.optimizer.capitalize()} lr {c.lr:g}, {c.epochs} epochs, {c.seeds} seeds; "
             f"α starts at {PRELU_INIT:g}, β at {SWISH_INIT:g}.")
    claims = []
    if stats:
        moved = {n: s["drift"]["mean"] >= DRIFT_FACTOR for n, s in stats.items()}
        verdict = SUPPORTED if all(moved.values()) else NOT_SUPPORTED if not any(moved.values()) else MIXED
        claims.append(Claim(
            key="learnable_params", claim="Swish's β and PReLU's α can be learned",
            source="Swish: 参数 β 是一个可学习参数或固定常数; PReLU: 如果 α_i 是可学习的参数，则 PReLU(x) 变为 PReLU 函数",
            setup=setup,
            measurement={n: {k: s[k] for k in ("param", "init", "units", "mean", "spread", "change", "drift",
                                               "random_walk", "steps", "percentiles")}
                         for n, s in stats.items()},
            rule=(f"drift = mean |θ − θ₀| over the units after training ÷ lr·√steps, the distance a random walk of "
                  f"full-size Adam steps would cover (mean over seeds). Learned when drift ≥ DRIFT_FACTOR = "
                  f"{DRIFT_FACTOR:g}: supported if for both, not supported if for neither, mixed otherwise."),
            verdict=verdict,
            finding="; ".join(f"{n}: {s['param']} {s['init']:g} → {s['mean']['mean']:.3g} ± {s['spread']['mean']:.2g} "
                              f"across units (5–95%: {s['percentiles'][5]:.2g} … {s['percentiles'][95]:.2g}), "
                              f"drift {s['drift']['mean']:.2g}" for n, s in stats.items()) + ".",
            caveat="That they can be learned does not mean learning them helps: compare their accuracy in claim 7.",
        ))
    if "prelu" in stats:
        frac = stats["prelu"]["in_unit_interval"]["mean"]
        verdict = SUPPORTED if frac >= IN_RANGE_FRACTION else NOT_SUPPORTED if frac < OUT_OF_RANGE_FRACTION else MIXED
        claims.append(Claim(
            key="prelu_alpha_range", claim="PReLU's learned α is usually between 0 and 1",
            source="PReLU: α 通常为 0 到 1 之间的数字，并且通常相对较小",
            setup=setup, measurement={"fraction_in_0_1": stats["prelu"]["in_unit_interval"],
                                      "percentiles": stats["prelu"]["percentiles"]},
            rule=(f"fraction of units with 0 ≤ α ≤ 1 after training (mean over seeds): supported if ≥ "
                  f"IN_RANGE_FRACTION = {IN_RANGE_FRACTION:g}, not supported if < OUT_OF_RANGE_FRACTION = "
                  f"{OUT_OF_RANGE_FRACTION:g}, mixed between."),
            verdict=verdict,
            finding=f"{frac:.1%} of the learned α lie in [0, 1]; median {stats['prelu']['percentiles'][50]:.3g}.",
        ))
    result.claims = claims
    return result


def run(config=LearnableConfig(), rng=None, progress=None):
    return from_compare(run_compare(config.compare, rng, progress))
