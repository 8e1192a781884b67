"""The fair harness: the same network, data, seeds and budget for each activation (``actlab compare``),
and claim 7 — accuracy on digits for every elementwise entry of the catalogue.

Each row: final test accuracy (mean ± std over seeds), epochs to a target accuracy, the dead fraction
and the gradient ratio first/last hidden layer after training, seconds per epoch.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from . import defaults as D
from .common import (MIXED, NOT_SUPPORTED, SUPPORTED, Claim, Progress, ResultMixin, TrainConfig, available,
                     elementwise_names, load_data, log_mean_std, matched_init, mean_std, seeds_from, train)

#: Two activations tie when their mean accuracies differ by less than the larger of their standard
#: deviations over seeds, or by less than TIE_MARGIN.
TIE_MARGIN = 0.005


@dataclass(frozen=True)
class CompareConfig:
    activations: tuple | None = None  # None: every elementwise entry of the catalogue
    dataset: str = D.COMPARE_DATASET
    depth: int = D.COMPARE_DEPTH
    width: int = D.COMPARE_WIDTH
    epochs: int = D.COMPARE_EPOCHS
    lr: float = D.COMPARE_LR
    optimizer: str = D.COMPARE_OPTIMIZER
    batch_size: int = D.COMPARE_BATCH
    target: float = D.COMPARE_TARGET
    seeds: int = D.COMPARE_SEEDS
    init: str | None = None  # None: each activation's matched initialiser
    max_train: int | None = None  # None: the whole training split


@dataclass
class CompareResult(ResultMixin):
    config: CompareConfig
    seeds: list
    runs: dict
    rows: list  # one dict per activation (see ``row``)
    claims: list = field(default_factory=list)


def row(name, runs, target, init=None):
    """The table row of one activation from its runs."""
    epochs = [r.epochs_to(target) for r in runs]
    reached = [e for e in epochs if math.isfinite(e)]
    return {
        "activation": name,
        "init": init or matched_init(name),
        "accuracy": mean_std([r.final_accuracy for r in runs]),
        "epochs_to_target": mean_std(reached) if reached else None,
        "reached": len(reached),
        "dead": mean_std([float(np.mean(r.probes[-1].dead)) for r in runs]),
        "grad_ratio": log_mean_std([r.probes[-1].ratio() for r in runs]) if len(runs[0].probes[-1].grad_norm) > 1
        else None,
        "seconds_per_epoch": mean_std([float(np.mean(r.seconds)) if r.seconds else math.nan for r in runs]),
        "diverged": sum(bool(r.diverged) for r in runs),
        "loss_curve": np.mean([_padded(r.train_loss, len(r.test_accuracy) or 1) for r in runs], axis=0).tolist(),
        "accuracy_curve": np.mean([_padded(r.test_accuracy, max(len(x.test_accuracy) for x in runs))
                                   for r in runs], axis=0).tolist(),
        "layer_norms_init": np.exp(np.mean(np.log(np.maximum([r.probes[0].grad_norm for r in runs], 1e-300)),
                                           axis=0)).tolist(),
        "layer_norms_end": np.exp(np.mean(np.log(np.maximum([r.probes[-1].grad_norm for r in runs], 1e-300)),
                                          axis=0)).tolist(),
    }


def _padded(values, n):
    values = list(values) or [math.nan]
    return values + [values[-1]] * (n - len(values))


def run_compare(config=CompareConfig(), rng=None, progress=None):
    """Train every activation of ``config`` with each seed; returns a ``CompareResult`` (no claims)."""
    names = available(config.activations) if config.activations is not None else elementwise_names()
    seeds = seeds_from(rng, config.seeds)
    progress = progress or Progress(len(names) * len(seeds), "compare", enabled=False)
    cfg = TrainConfig(depth=config.depth, width=config.width, epochs=config.epochs, lr=config.lr,
                      optimizer=config.optimizer, batch_size=config.batch_size, init=config.init, probe_every=0)
    runs = {n: [] for n in names}
    for seed in seeds:
        data = load_data(config.dataset, seed, config.max_train)
        for name in names:
            runs[name].append(train(name, data, cfg, seed, learned_params=("alpha", "beta")))
            progress.tick(f"compare: {name}")
    rows = [row(n, rs, config.target, config.init) for n, rs in runs.items()]
    return CompareResult(config, seeds, runs, rows)


def _accuracy_key(r):
    mean = r["accuracy"]["mean"]
    return -mean if isinstance(mean, float) and math.isfinite(mean) else math.inf


def ranking(rows):
    """Rows sorted by mean accuracy, best first; runs that diverged (accuracy NaN) last."""
    return sorted(rows, key=_accuracy_key)


def ties(a, b):
    """True when two rows' accuracies are within the larger std, or within TIE_MARGIN."""
    gap = abs(a["accuracy"]["mean"] - b["accuracy"]["mean"])
    return gap < max(TIE_MARGIN, a["accuracy"]["std"], b["accuracy"]["std"])


def judge(result):
    """Claim 7 (GELU is the best activation), read off the table."""
    ranked = [r for r in ranking(result.rows) if math.isfinite(_accuracy_key(r))]
    by_name = {r["activation"]: r for r in ranked}
    claims = []
    if "gelu" in by_name and len(ranked) > 1:
        gelu, best = by_name["gelu"], ranked[0]
        runner_up = ranked[1] if best is gelu else best
        if best is gelu and not ties(gelu, runner_up):
            verdict = SUPPORTED
        elif ties(gelu, best) or best is gelu:
            verdict = MIXED
        else:
            verdict = NOT_SUPPORTED
        tied = [r["activation"] for r in ranked if ties(r, ranked[0])]
        c = result.config
        claims.append(Claim(
            key="gelu_best", claim="GELU is the best activation (the notes: in transformers)",
            source="GELU: 似乎是 NLP 领域的当前最佳；尤其在 Transformer 模型中表现最好",
            setup=(f"every elementwise entry of the catalogue in the same MLP, {c.depth} hidden layers × {c.width} on "
                   f"{c.dataset}, {c.optimizer.capitalize()} lr {c.lr:g}, batch {c.batch_size}, {c.epochs} epochs, "
                   f"{c.seeds} seeds (paired: same split, batches and, where shapes agree, weights)."),
            measurement={r["activation"]: {"accuracy": r["accuracy"], "rank": i + 1} for i, r in enumerate(ranked)},
            rule=(f"rank by mean test accuracy. Two activations tie when their means differ by less than the larger "
                  f"std over seeds or TIE_MARGIN = {TIE_MARGIN:g}. Supported if GELU ranks first and does not tie "
                  f"the second, mixed if it ties the best, not supported otherwise."),
            verdict=verdict,
            finding=(f"GELU ranks {ranked.index(gelu) + 1} of {len(ranked)} with {gelu['accuracy']['mean']:.3f} ± "
                     f"{gelu['accuracy']['std']:.3f}; best {best['activation']} {best['accuracy']['mean']:.3f}; tied "
                     f"with the best: {', '.join(tied)}."),
            caveat=("A small MLP on 8×8 digits, not a transformer: this tests whether GELU is best in general, "
                    "which the notes do not claim; their transformer claim is not tested here."),
        ))
    result.claims = claims
    return result


def run(config=CompareConfig(), rng=None, progress=None):
    """Claim 7: the comparison over the catalogue, judged."""
    return judge(run_compare(config, rng, progress))
