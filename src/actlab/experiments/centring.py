"""Claim 2: zero-centred outputs and the speed of learning; ELU's (and SELU's) mean activation.

The notes say sigmoid's output, not centred at 0, makes weight updates less efficient, and that tanh
fixes this. Sigmoid against tanh confounds centring with slope (tanh′(0) = 1, σ′(0) = 1/4), so two
controlled pairs are trained besides: σ(x) − ½ (zero-centred, σ's derivative exactly) against σ, and
tanh(x) + 1 (centred at 1, tanh's derivative exactly) against tanh. Each pair differs only in the
mean of the activation's output.

Measured: test accuracy several times per epoch (epochs to ``target`` accuracy, fractional), the mean
activation of every hidden layer over the training set at initialisation and after each epoch.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from .common import (MIXED, NOT_SUPPORTED, SUPPORTED, Claim, Progress, ResultMixin, TrainConfig, available,
                     VARIANTS, load_data, matched_init, mean_std, seeds_from, train)

#: A centred activation "learns faster" when its uncentred twin needs at least this many times
#: as many epochs to reach the target accuracy (means over seeds).
SPEEDUP = 1.25
#: An activation is zero-centred in a network when the mean of its outputs, averaged over the
#: hidden layers, is within this of 0 …
CENTRED_MEAN = 0.1
#: … and "pushes the mean towards zero" when that |mean| is at most this fraction of ReLU's.
MEAN_SHRINK = 0.75

#: (uncentred, centred) pairs with the same derivative.
PAIRS = (("sigmoid", "sigmoid-0.5"), ("tanh+1", "tanh"))
MEAN_NAMES = ("relu", "leaky_relu", "elu", "selu")


@dataclass(frozen=True)
class CentringConfig:
    activations: tuple = ("sigmoid", "sigmoid-0.5", "tanh", "tanh+1") + MEAN_NAMES
    dataset: str = "digits"
    depth: int = 2
    width: int = 64
    epochs: int = 10
    lr: float = 0.05
    optimizer: str = "sgd"
    batch_size: int = 64
    target: float = 0.9
    evals_per_epoch: int = 4
    seeds: int = 3
    max_train: int | None = None  # None: the whole training split


@dataclass
class CentringResult(ResultMixin):
    config: CentringConfig
    seeds: list
    runs: dict
    stats: dict  # name -> {"epochs": mean_std (censored), "reached": k of n, "mean_init", "mean_end", "accuracy"}
    claims: list = field(default_factory=list)


def _censored(run, target, budget):
    """Epochs to target; a run that never reaches it counts as the whole budget (a lower bound)."""
    e = run.epochs_to(target)
    return budget if math.isinf(e) else e


def _layer_mean(probe):
    """|mean activation| averaged over the hidden layers."""
    return float(np.mean(np.abs(probe.mean)))


def measure(config, rng, progress=None):
    seeds = seeds_from(rng, config.seeds)
    names = available(config.activations)
    progress = progress or Progress(len(names) * len(seeds), "centring", enabled=False)
    cfg = TrainConfig(depth=config.depth, width=config.width, epochs=config.epochs, lr=config.lr,
                      optimizer=config.optimizer, batch_size=config.batch_size, probe_every=1,
                      evals_per_epoch=config.evals_per_epoch)
    runs = {n: [] for n in names}
    for seed in seeds:
        data = load_data(config.dataset, seed, config.max_train)
        for name in names:
            runs[name].append(train(name, data, cfg, seed))
            progress.tick(f"centring: {name}")
    stats = {}
    for name, rs in runs.items():
        stats[name] = {
            "epochs": mean_std([_censored(r, config.target, config.epochs) for r in rs]),
            "reached": sum(math.isfinite(r.epochs_to(config.target)) for r in rs),
            "mean_init": mean_std([_layer_mean(r.probes[0]) for r in rs]),
            "mean_end": mean_std([_layer_mean(r.probes[-1]) for r in rs]),
            "signed_mean_by_layer": np.mean([r.probes[-1].mean for r in rs], axis=0).tolist(),
            "accuracy": mean_std([r.final_accuracy for r in rs]),
            "init_scheme": matched_init(VARIANTS.get(name, (name,))[0]),
        }
    return CentringResult(config, seeds, runs, stats)


def _setup(c):
    return (f"MLP {c.depth} hidden layers × {c.width} on {c.dataset}, {c.optimizer.upper()} (momentum) lr {c.lr:g}, "
            f"batch {c.batch_size}, {c.epochs} epochs, {c.seeds} seeds, test accuracy {c.evals_per_epoch}× per "
            f"epoch; target accuracy {c.target:g}; Glorot init for the sigmoid-shaped, He for the rectifiers.")


def _epochs_text(s, budget):
    e = s["epochs"]
    reached = "" if s["reached"] == len(e["values"]) else f", {s['reached']}/{len(e['values'])} reached it"
    return f"{e['mean']:.2f} ± {e['std']:.2f} epochs{reached}"


def _normal_mean(name):
    """E f(Z), Z ~ N(0, 1), from the property sheet."""
    from ..properties import analyse, curve

    return analyse(curve(name), cost=False).mean_normal


def judge(result):
    c, stats = result.config, result.stats
    claims = []
    pairs = [(u, z) for u, z in PAIRS if u in stats and z in stats]
    if pairs:
        speedups = {f"{z} vs {u}": stats[u]["epochs"]["mean"] / stats[z]["epochs"]["mean"] for u, z in pairs}
        faster = [s >= SPEEDUP for s in speedups.values()]
        verdict = SUPPORTED if all(faster) else NOT_SUPPORTED if not any(faster) else MIXED
        measurement = {"speedup": speedups,
                       "epochs_to_target": {n: stats[n]["epochs"] for n in stats if n in
                                            ("sigmoid", "sigmoid-0.5", "tanh", "tanh+1")},
                       "mean_activation_end": {n: stats[n]["mean_end"] for n in stats}}
        finding = "; ".join(f"{n}: {_epochs_text(stats[n], c.epochs)}"
                            for n in ("sigmoid", "sigmoid-0.5", "tanh+1", "tanh") if n in stats)
        if "sigmoid" in stats and "tanh" in stats:
            plain = stats["sigmoid"]["epochs"]["mean"] / stats["tanh"]["epochs"]["mean"]
            measurement["speedup"]["tanh vs sigmoid (uncontrolled)"] = plain
            finding += f". tanh reaches the target {plain:.2g}× sooner than sigmoid, but the controlled pairs "
            finding += "give " + ", ".join(f"{k} {v:.2g}×" for k, v in speedups.items()) + "."
        claims.append(Claim(
            key="centring_speed", claim="a non-zero-centred output (sigmoid's) slows learning",
            source="Sigmoid: 函数输出不是以0为中心的，这会降低权重更新的效率",
            setup=_setup(c) + " Pairs with the same derivative: σ vs σ − ½, tanh + 1 vs tanh.",
            measurement=measurement,
            rule=(f"speedup = epochs to target of the uncentred twin ÷ the centred one's (means over seeds; a run "
                  f"that never reaches the target counts as the whole budget). Centring speeds learning in a pair "
                  f"when speedup ≥ SPEEDUP = {SPEEDUP:g}. Supported if it does in every pair, not supported if in "
                  f"none, mixed otherwise. Sigmoid vs tanh is shown but not used: it changes the slope too."),
            verdict=verdict, finding=finding,
            caveat="With SGD and momentum; adaptive optimizers (Adam) and batch normalisation blunt the effect.",
        ))
    if "tanh" in stats and "sigmoid" in stats:
        t, s = stats["tanh"]["mean_end"]["mean"], stats["sigmoid"]["mean_end"]["mean"]
        ok = [t <= CENTRED_MEAN, s > CENTRED_MEAN]
        claims.append(Claim(
            key="centring_tanh", claim="tanh's outputs are zero-centred, sigmoid's are not",
            source="Tanh: 它解决了 Sigmoid 函数不以 0 为中心输出问题",
            setup=_setup(c), measurement={n: {"abs_mean_init": stats[n]["mean_init"],
                                              "abs_mean_end": stats[n]["mean_end"]} for n in ("tanh", "sigmoid")},
            rule=(f"|mean activation| averaged over the hidden layers after training; zero-centred when "
                  f"≤ CENTRED_MEAN = {CENTRED_MEAN:g}. Supported if tanh's is and sigmoid's is not, not supported "
                  f"if neither holds, mixed otherwise."),
            verdict=SUPPORTED if all(ok) else NOT_SUPPORTED if not any(ok) else MIXED,
            finding=f"|mean| after training: tanh {t:.3f}, sigmoid {s:.3f}.",
        ))
    shrinkers = [n for n in ("elu", "selu") if n in stats]
    if "relu" in stats and shrinkers:
        relu = stats["relu"]
        closer = {n: all(stats[n][k]["mean"] <= MEAN_SHRINK * relu[k]["mean"] for k in ("mean_init", "mean_end"))
                  for n in shrinkers}
        centred = {n: stats[n]["mean_end"]["mean"] <= CENTRED_MEAN for n in shrinkers}
        verdict = SUPPORTED if all(closer.values()) and all(centred.values()) else \
            NOT_SUPPORTED if not any(closer.values()) else MIXED
        names = ["relu", "leaky_relu"] + shrinkers
        claims.append(Claim(
            key="centring_elu", claim=f"{' and '.join(n.upper() for n in shrinkers)} push the mean activation "
                                      "towards zero: close to 0, unlike ReLU's",
            source="ELU: 输出的平均值接近 0，以 0 为中心 … 使均值向零加速学习",
            setup=_setup(c) + " The same runs.",
            measurement={n: {"abs_mean_init": stats[n]["mean_init"], "abs_mean_end": stats[n]["mean_end"],
                             "epochs_to_target": stats[n]["epochs"]} for n in names if n in stats},
            rule=(f"|mean activation| averaged over the hidden layers, at init and after training (means over "
                  f"seeds). Closer to zero than ReLU when ≤ MEAN_SHRINK = {MEAN_SHRINK:g} × ReLU's at both times; "
                  f"near zero (the notes: 接近 0) when ≤ CENTRED_MEAN = {CENTRED_MEAN:g} after training. Supported if "
                  f"both hold for every activation named, not supported if none is even closer than ReLU, mixed "
                  f"otherwise."),
            verdict=verdict,
            finding="; ".join(f"{n} {stats[n]['mean_init']['mean']:.3f} → {stats[n]['mean_end']['mean']:.3f}"
                              for n in names if n in stats) + " (|mean| at init → after training).",
            caveat=(f"Closer to zero than ReLU's, not at zero: ELU's mean output for N(0, 1) input is "
                    f"{_normal_mean('elu'):.3g} and ReLU's {_normal_mean('relu'):.3g} (property sheet, E f(Z))."
                    if "elu" in shrinkers else ""),
        ))
    result.claims = claims
    return result


def run(config=CentringConfig(), rng=None, progress=None):
    return judge(measure(config, rng, progress))
