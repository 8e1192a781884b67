"""Claim 3: ReLU units die; Leaky ReLU, PReLU and ELU do not.

A unit is dead when it passes no gradient on any training example: |f′(z)| ≤ DEAD_GRAD for every
example (for ReLU: it outputs 0 on every training example). Measured over the whole training set at
initialisation and after every epoch, at a normal and at a large learning rate (Adam), optionally with
every hidden bias shifted. Also measured: the fraction of units whose pre-activation is ≤ 0 on every
example — the units that would be dead were they ReLUs — which the leaky variants can leave again.
"""

from dataclasses import dataclass, field

import numpy as np

from .common import (DEAD_GRAD, MIXED, NOT_SUPPORTED, SUPPORTED, Claim, Progress, ResultMixin, TrainConfig,
                     available, load_data, mean_std, seeds_from, train)

#: ReLU units "die" when at least this fraction of the hidden units is dead after training.
DEAD_THRESHOLD = 0.05

ALTERNATIVES = ("leaky_relu", "prelu", "elu")


@dataclass(frozen=True)
class DeadUnitsConfig:
    activations: tuple = ("relu",) + ALTERNATIVES
    dataset: str = "digits"
    depth: int = 4
    width: int = 64
    epochs: int = 6
    lrs: tuple = (1e-3, 3e-2)  # normal, large (Adam)
    bias_shift: float = 0.0
    batch_size: int = 64
    seeds: int = 3
    max_train: int | None = None  # None: the whole training split


@dataclass
class DeadUnitsResult(ResultMixin):
    config: DeadUnitsConfig
    seeds: list
    runs: dict  # (activation, lr) -> [Run]
    stats: dict  # "activation@lr" -> {...}
    claims: list = field(default_factory=list)


def key(name, lr):
    return f"{name}@lr={lr:g}"


def measure(config, rng, progress=None):
    seeds = seeds_from(rng, config.seeds)
    names = available(config.activations)
    progress = progress or Progress(len(names) * len(seeds) * len(config.lrs), "dead", enabled=False)
    runs = {}
    for seed in seeds:
        data = load_data(config.dataset, seed, config.max_train)
        for lr in config.lrs:
            cfg = TrainConfig(depth=config.depth, width=config.width, epochs=config.epochs, lr=lr, optimizer="adam",
                              batch_size=config.batch_size, bias_shift=config.bias_shift, probe_every=1)
            for name in names:
                runs.setdefault(key(name, lr), []).append(train(name, data, cfg, seed, learned_params=("alpha",)))
                progress.tick(f"dead units: {name} lr {lr:g}")
    stats = {}
    for k, rs in runs.items():
        dead = np.array([[np.mean(p.dead) for p in r.probes] for r in rs])  # seeds × probes
        negative = np.array([[np.mean(p.negative) for p in r.probes] for r in rs])
        stats[k] = {
            "dead_end": mean_std(dead[:, -1]),
            "dead_max": mean_std(dead.max(axis=1)),
            "negative_end": mean_std(negative[:, -1]),
            "negative_max": mean_std(negative.max(axis=1)),
            "dead_curve": dead.mean(axis=0).tolist(),
            "negative_curve": negative.mean(axis=0).tolist(),
            "epochs": rs[0].probe_epochs,
            "accuracy": mean_std([r.final_accuracy for r in rs]),
            "diverged": sum(bool(r.diverged) for r in rs),
        }
    return DeadUnitsResult(config, seeds, runs, stats)


def _setup(c):
    shift = f", every hidden bias shifted by {c.bias_shift:g}" if c.bias_shift else ""
    return (f"MLP {c.depth} hidden layers × {c.width} on {c.dataset} (He init{shift}), Adam at lr "
            f"{' and '.join(f'{lr:g}' for lr in c.lrs)}, batch {c.batch_size}, {c.epochs} epochs, {c.seeds} seeds. "
            f"A unit is dead when |f′(z)| ≤ {DEAD_GRAD:g} on every training example (ReLU: output 0 on all of "
            f"them), measured on the whole training set after every epoch; PReLU's α is learned per unit.")


def judge(result):
    c, stats = result.config, result.stats
    claims = []
    relu = [key("relu", lr) for lr in c.lrs if key("relu", lr) in stats]
    if relu:
        worst = max(relu, key=lambda k: stats[k]["dead_end"]["mean"])
        values = stats[worst]["dead_end"]["values"]
        mean = stats[worst]["dead_end"]["mean"]
        verdict = SUPPORTED if mean >= DEAD_THRESHOLD else MIXED if max(values) >= DEAD_THRESHOLD else NOT_SUPPORTED
        claims.append(Claim(
            key="dead_relu", claim="ReLU units die (output 0 on every input, so they never learn again)",
            source="ReLU: Dead ReLU 问题。当输入为负时，ReLU 完全失效 … 梯度将完全为零",
            setup=_setup(c),
            measurement={k: {"dead_end": stats[k]["dead_end"], "dead_max": stats[k]["dead_max"],
                             "accuracy": stats[k]["accuracy"]} for k in relu},
            rule=(f"dead fraction of the hidden units after training, at the setting where it is largest (mean "
                  f"over seeds). Supported if ≥ DEAD_THRESHOLD = {DEAD_THRESHOLD:g}; mixed if only some seeds reach "
                  f"it; not supported if none does."),
            verdict=verdict,
            finding="; ".join(f"{k}: {stats[k]['dead_end']['mean']:.1%} ± {stats[k]['dead_end']['std']:.1%} dead"
                              for k in relu) + ".",
        ))
    others = [n for n in ALTERNATIVES if any(key(n, lr) in stats for lr in c.lrs)]
    if others:
        keys = [key(n, lr) for n in others for lr in c.lrs if key(n, lr) in stats]
        alive = {k: stats[k]["dead_end"]["mean"] < DEAD_THRESHOLD for k in keys}
        verdict = SUPPORTED if all(alive.values()) else NOT_SUPPORTED if not any(alive.values()) else MIXED
        claims.append(Claim(
            key="dead_alternatives", claim="Leaky ReLU, PReLU and ELU units do not die",
            source="PReLU: 在负值域，PReLU 的斜率较小，这也可以避免 Dead ReLU 问题; ELU: 没有 Dead ReLU 问题",
            setup=_setup(c) + " The same runs as ReLU's.",
            measurement={k: {"dead_end": stats[k]["dead_end"], "negative_end": stats[k]["negative_end"],
                             "negative_max": stats[k]["negative_max"], "accuracy": stats[k]["accuracy"]}
                         for k in keys},
            rule=(f"dead fraction after training (mean over seeds) below DEAD_THRESHOLD = {DEAD_THRESHOLD:g} at every "
                  f"learning rate: supported if so for every activation named, not supported if for none, mixed "
                  f"otherwise. The fraction of units negative on every example (dead, were they ReLUs) is shown "
                  f"beside it."),
            verdict=verdict,
            finding="; ".join(f"{k}: {stats[k]['dead_end']['mean']:.1%} dead, {stats[k]['negative_end']['mean']:.1%} "
                              f"negative everywhere" for k in keys) + ".",
            caveat=("Leaky ReLU's f′ is α > 0 everywhere, so by this definition it cannot die; the question is "
                    "whether its units stuck on the negative side (the second number) still learn. PReLU can learn "
                    "α ≈ 0 and then behaves as a ReLU."),
        ))
    result.claims = claims
    return result


def run(config=DeadUnitsConfig(), rng=None, progress=None):
    return judge(measure(config, rng, progress))
