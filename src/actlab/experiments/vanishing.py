"""Claims 1 and 6: do gradients vanish through sigmoid and tanh (and softsign), and not through the
ReLU family, GELU and SiLU?

Setup: an MLP with ``depth`` hidden layers of ``width`` units on digits, each activation with the
initialiser it is usually paired with (``common.matched_init``), trained with SGD and momentum.
Measured: ‖∂L/∂W‖ of every hidden layer for the full-batch loss at initialisation and after each
epoch, and the ratio first/last hidden layer — how much of the gradient reaching the last hidden
layer is left by the time it reaches the first.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from .common import (MIXED, NOT_SUPPORTED, SUPPORTED, Claim, Progress, ResultMixin, TrainConfig, available,
                     load_data, log_mean_std, matched_init, mean_std, seeds_from, train)

#: The gradient vanishes through a network when the first hidden layer gets less than this
#: fraction of the gradient norm of the last hidden layer (a drop of an order of magnitude).
VANISHING_RATIO = 0.1
#: Softsign "eases vanishing better than tanh" when its first/last ratio is at least this many
#: times tanh's (geometric means over seeds); it is worse when at most the inverse.
BETTER_FACTOR = 1.25

SIGMOIDAL = ("sigmoid", "tanh", "softsign")
RECTIFIERS = ("relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "silu")


@dataclass(frozen=True)
class VanishingConfig:
    activations: tuple = SIGMOIDAL + RECTIFIERS
    dataset: str = "digits"
    depth: int = 10
    width: int = 64
    epochs: int = 3
    lr: float = 0.01
    optimizer: str = "sgd"
    batch_size: int = 64
    seeds: int = 3
    max_train: int | None = None  # None: the whole training split


@dataclass
class VanishingResult(ResultMixin):
    config: VanishingConfig
    seeds: list
    runs: dict  # activation -> [Run per seed]
    stats: dict  # activation -> {"init": log stats, "training": log stats, "accuracy": mean_std, ...}
    claims: list = field(default_factory=list)


def _training_ratio(run):
    """Geometric mean of the first/last ratio over the probes after epoch 1, 2, …"""
    ratios = [p.ratio() for p in run.probes[1:]]
    ratios = [r for r in ratios if r > 0 and math.isfinite(r)]
    return float(np.exp(np.mean(np.log(ratios)))) if ratios else math.nan


def measure(config, rng, progress=None):
    """Train every activation of ``config`` with each seed; per-layer gradient norms and ratios."""
    seeds = seeds_from(rng, config.seeds)
    names = available(config.activations)
    progress = progress or Progress(len(names) * len(seeds), "vanishing", enabled=False)
    cfg = TrainConfig(depth=config.depth, width=config.width, epochs=config.epochs, lr=config.lr,
                      optimizer=config.optimizer, batch_size=config.batch_size, probe_every=1)
    runs = {n: [] for n in names}
    for seed in seeds:
        data = load_data(config.dataset, seed, config.max_train)
        for name in names:
            runs[name].append(train(name, data, cfg, seed))
            progress.tick(f"gradients: {name}")
    stats = {}
    for name, rs in runs.items():
        stats[name] = {
            "init": log_mean_std([r.probes[0].ratio() for r in rs]),
            "training": log_mean_std([_training_ratio(r) for r in rs]),
            "accuracy": mean_std([r.final_accuracy for r in rs]),
            "layer_norms_init": np.exp(np.mean(np.log([r.probes[0].grad_norm for r in rs]), axis=0)).tolist(),
            "layer_norms_end": np.exp(np.mean(np.log([r.probes[-1].grad_norm for r in rs]), axis=0)).tolist(),
            "init_scheme": matched_init(name),
        }
    return VanishingResult(config, seeds, runs, stats)


def _vanishes(s):
    """(vanishes at init, vanishes during training) by VANISHING_RATIO on geometric means."""
    return s["init"]["geomean"] < VANISHING_RATIO, s["training"]["geomean"] < VANISHING_RATIO


def _ratio_text(name, s):
    return (f"{name}: first/last = {s['init']['geomean']:.2g} at init, {s['training']['geomean']:.2g} "
            f"in training (geometric means; log10 ± {max(s['init']['log10_std'], s['training']['log10_std']):.2f})")


RULE_VANISH = (f"the gradient vanishes when ‖∂L/∂W₁‖/‖∂L/∂W_last‖ < VANISHING_RATIO = {VANISHING_RATIO:g} "
               "(geometric mean over seeds). Supported if it does both at initialisation and during training, "
               "mixed if in one of the two, not supported if in neither.")
RULE_NO_VANISH = (f"supported if every activation named keeps the ratio ≥ VANISHING_RATIO = {VANISHING_RATIO:g} "
                  "both at initialisation and during training, not supported if none does, mixed otherwise.")


def _setup(config, names):
    inits = sorted({f"{matched_init(n)} for {n}" for n in names})
    return (f"MLP {config.depth} hidden layers × {config.width} units on {config.dataset}, "
            f"{config.optimizer.upper()} (momentum) lr {config.lr:g}, batch {config.batch_size}, {config.epochs} "
            f"epochs, {config.seeds} seeds; initialisers: {', '.join(inits)}. ‖∂L/∂W‖ per hidden layer for the "
            f"full training-set loss, at init and after every epoch.")


def _vanish_claim(key, name, source, result, expect_vanish=True):
    s = result.stats[name]
    at_init, during = _vanishes(s)
    hits = (at_init, during) if expect_vanish else (not at_init, not during)
    verdict = SUPPORTED if all(hits) else NOT_SUPPORTED if not any(hits) else MIXED
    return Claim(key=key, claim=f"{name}'s gradients vanish in a deep network", source=source,
                 setup=_setup(result.config, [name]),
                 measurement={name: {"ratio_init": s["init"], "ratio_training": s["training"],
                                     "accuracy": s["accuracy"]}},
                 rule=RULE_VANISH, verdict=verdict, finding=_ratio_text(name, s) + ".")


def judge(result):
    """The claims of experiment 1 from the measurements (no training)."""
    claims = []
    names = result.stats
    if "sigmoid" in names:
        claims.append(_vanish_claim("vanishing_sigmoid", "sigmoid",
                                    "Tanh: 它解决了 Sigmoid 函数不以 0 为中心输出问题，然而，梯度消失的问题…仍然存在 "
                                    "(so sigmoid has it)", result))
    if "tanh" in names:
        claim = _vanish_claim("vanishing_tanh", "tanh", "Tanh: 梯度消失的问题和幂运算的问题仍然存在", result)
        if claim.verdict != SUPPORTED:
            claim.caveat = ("tanh′ is small only where |x| is large (tanh′(2) = 0.07); the Glorot initialiser "
                            "keeps the pre-activations near 0, and a few epochs of training do not push them out. "
                            "Larger weights or a deeper network would saturate it.")
        claims.append(claim)
    healthy = [n for n in ("relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "silu") if n in names]
    if healthy:
        ok = {n: not any(_vanishes(names[n])) for n in healthy}
        verdict = SUPPORTED if all(ok.values()) else NOT_SUPPORTED if not any(ok.values()) else MIXED
        claims.append(Claim(
            key="vanishing_rectifiers",
            claim="the ReLU family, GELU and SiLU do not suffer vanishing gradients",
            source="ReLU: 当输入为正时，不存在梯度饱和问题; GELU: 能避免梯度消失问题; Swish: 有助于防止…梯度逐渐接近0",
            setup=_setup(result.config, healthy),
            measurement={n: {"ratio_init": names[n]["init"], "ratio_training": names[n]["training"],
                             "accuracy": names[n]["accuracy"]} for n in healthy},
            rule=RULE_NO_VANISH, verdict=verdict,
            finding="; ".join(f"{n} {names[n]['init']['geomean']:.2g} / {names[n]['training']['geomean']:.2g}"
                              for n in healthy) + " (first/last ratio at init / in training).",
        ))
    result.claims = claims
    return result


def run(config=VanishingConfig(), rng=None, progress=None):
    """Experiment 1: measure, then judge."""
    return judge(measure(config, rng, progress))


def crossover():
    """The x > 0 where softsign′(x) = tanh′(x) (below it tanh′ is the larger), from the registry."""
    from scipy.optimize import brentq

    from ..registry import get

    softsign, tanh = get("softsign"), get("tanh")
    return float(brentq(lambda x: float(softsign.grad(x) - tanh.grad(x)), 0.5, 8.0))


def softsign_claim(result):
    """Claim 6, from the runs of experiment 1: does softsign keep more gradient than tanh?"""
    stats = result.stats
    if "softsign" not in stats or "tanh" not in stats:
        return None
    factors = {}
    for when in ("init", "training"):
        factors[when] = stats["softsign"][when]["geomean"] / stats["tanh"][when]["geomean"]
    better = [f >= BETTER_FACTOR for f in factors.values()]
    verdict = SUPPORTED if all(better) else NOT_SUPPORTED if not any(better) else MIXED
    acc = {n: stats[n]["accuracy"] for n in ("softsign", "tanh")}
    return Claim(
        key="softsign_vs_tanh",
        claim="softsign eases vanishing gradients better than tanh",
        source="Softsign: 其更平坦的曲线与更慢的下降导数表明它可以更高效地学习，比 Tanh 函数更好的解决梯度消失的问题",
        setup=_setup(result.config, ["softsign", "tanh"]) + " (the runs of experiment 1)",
        measurement={"factor_init": factors["init"], "factor_training": factors["training"],
                     "softsign": {"ratio_init": stats["softsign"]["init"],
                                  "ratio_training": stats["softsign"]["training"], "accuracy": acc["softsign"]},
                     "tanh": {"ratio_init": stats["tanh"]["init"], "ratio_training": stats["tanh"]["training"],
                              "accuracy": acc["tanh"]}},
        rule=(f"factor = softsign's first/last ratio ÷ tanh's (geometric means over seeds), at init and in training. "
              f"Supported if both factors ≥ BETTER_FACTOR = {BETTER_FACTOR:g}, not supported if neither is, "
              f"mixed if one is."),
        verdict=verdict,
        finding=(f"softsign keeps {factors['init']:.2g}× tanh's ratio at init and {factors['training']:.2g}× in "
                 f"training; final accuracy softsign {acc['softsign']['mean']:.3f} ± {acc['softsign']['std']:.3f}, "
                 f"tanh {acc['tanh']['mean']:.3f} ± {acc['tanh']['std']:.3f}."),
        caveat=(f"softsign′ = 1/(1+|x|)² decays more slowly than tanh′ in the tails (claim 8), but it is smaller "
                f"than tanh′ for |x| < {crossover():.3f}, where a well-initialised network's pre-activations lie."),
    )
