"""Figures of the experiments (matplotlib, imported only here, ``Figure`` objects without pyplot).

Each ``*_figures(result)`` returns {file stem: Figure}; ``save_all`` writes them as PNG.
"""

import math
from pathlib import Path

import numpy as np

FIGSIZE = (6.4, 4.0)
WIDE = (10.0, 4.0)
DPI = 110
QUICK_DPI = 72
#: Errors below this (exact fits, up to rounding) are drawn at it on the log axis.
ERROR_FLOOR = 1e-6


def _figure(size=FIGSIZE, ncols=1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    for ax in axes:
        ax.grid(alpha=0.35)
    return fig, axes


def _colors(n):
    import matplotlib as mpl

    cycle = [p["color"] for p in mpl.rcParams["axes.prop_cycle"]]
    return [cycle[i % len(cycle)] for i in range(n)]


def _layer_axes(ax, norms, title):
    names = list(norms)
    for (name, values), color, style in zip(norms.items(), _colors(len(names)),
                                             ["-", "--", "-.", ":"] * len(names)):
        ax.plot(range(1, len(values) + 1), values, style, color=color, marker="o", markersize=3, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("hidden layer (1 = next to the input)")
    ax.set_ylabel("‖∂L/∂W‖ (geometric mean over seeds)")
    ax.set_title(title, fontsize=10)


def layer_norm_figure(norms_init, norms_end, suptitle):
    """Per-layer gradient norms at init and after training, one line per activation."""
    fig, (a, b) = _figure(WIDE, 2)
    _layer_axes(a, norms_init, "at initialisation")
    _layer_axes(b, norms_end, "after training")
    b.legend(fontsize=8, loc="best", ncols=2)
    fig.suptitle(suptitle, fontsize=11)
    return fig


def vanishing_figures(result):
    s = result.stats
    return {"vanishing_layers": layer_norm_figure(
        {n: v["layer_norms_init"] for n, v in s.items()}, {n: v["layer_norms_end"] for n, v in s.items()},
        f"Gradient norm per hidden layer, {result.config.depth} hidden layers on {result.config.dataset}")}


def softsign_figures(_claim=None):
    from .. import plot

    fig = plot.figure(["tanh", "softsign"], orders=(1,), xrange=(-6.0, 6.0))
    return {"softsign_tanh_grad": fig}


def centring_figures(result):
    fig, (a, b) = _figure(WIDE, 2)
    shown = [n for n in ("sigmoid", "sigmoid-0.5", "tanh+1", "tanh") if n in result.runs]
    styles = {"sigmoid": "-", "sigmoid-0.5": "--", "tanh+1": "-.", "tanh": "-"}
    for name, color in zip(shown, _colors(len(shown))):
        curves = [r.curve for r in result.runs[name]]
        n = min(len(c) for c in curves)
        x = [p[0] for p in curves[0][:n]]
        y = np.mean([[p[1] for p in c[:n]] for c in curves], axis=0)
        a.plot(x, y, styles[name], color=color, label=name)
    a.axhline(result.config.target, color="0.3", linewidth=0.8, linestyle=":")
    a.set_xlabel("epochs")
    a.set_ylabel("test accuracy (mean over seeds)")
    a.set_title("learning curves: pairs with the same derivative", fontsize=10)
    a.legend(fontsize=8)
    names = list(result.stats)
    x = np.arange(len(names))
    init = [result.stats[n]["mean_init"]["mean"] for n in names]
    end = [result.stats[n]["mean_end"]["mean"] for n in names]
    b.bar(x - 0.2, init, 0.4, label="at init")
    b.bar(x + 0.2, end, 0.4, label="after training",
          yerr=[result.stats[n]["mean_end"]["std"] for n in names], capsize=2)
    b.set_xticks(x, names, rotation=35, ha="right", fontsize=8)
    b.set_ylabel("|mean activation|, averaged over layers")
    b.set_title("how far from zero-centred", fontsize=10)
    b.legend(fontsize=8)
    return {"centring": fig}


def dead_figures(result):
    lrs = result.config.lrs
    fig, axes = _figure((5.0 * len(lrs), 4.0), len(lrs))
    names = sorted({k.split("@")[0] for k in result.stats}, key=list(result.config.activations).index)
    for ax, lr in zip(axes, lrs):
        for name, color in zip(names, _colors(len(names))):
            s = result.stats.get(f"{name}@lr={lr:g}")
            if s is None:
                continue
            ax.plot(s["epochs"], s["dead_curve"], "-o", color=color, markersize=3, label=f"{name}: dead")
            ax.plot(s["epochs"], s["negative_curve"], ":", color=color, label=f"{name}: negative everywhere")
        ax.set_xlabel("epoch (0 = init)")
        ax.set_ylabel("fraction of hidden units")
        ax.set_title(f"Adam lr {lr:g}", fontsize=10)
    axes[-1].legend(fontsize=7)
    fig.suptitle("Dead units: no gradient on any training example", fontsize=11)
    return {"dead_units": fig}


def learnable_figures(result):
    if not result.values:
        return {}
    fig, axes = _figure((5.0 * len(result.values), 3.8), len(result.values))
    for ax, (name, per_seed) in zip(axes, result.values.items()):
        s = result.stats[name]
        ax.hist(np.concatenate(per_seed), bins=40, color=_colors(1)[0], alpha=0.85)
        ax.axvline(s["init"], color="0.2", linestyle="--", linewidth=1, label=f"init {s['init']:g}")
        ax.set_xlabel(f"learned {s['param']} (one per unit, all seeds)")
        ax.set_ylabel("units")
        ax.set_title(name, fontsize=10)
        ax.legend(fontsize=8)
    return {"learned_params": fig}


def maxout_figures(result):
    fig, (a, b) = _figure(WIDE, 2)
    ks = list(result.config.pieces)
    for name, color in zip(result.errors, _colors(len(result.errors))):
        mean = [result.errors[name][k]["mean"] for k in ks]
        std = [result.errors[name][k]["std"] for k in ks]
        a.errorbar(ks, np.maximum(mean, ERROR_FLOOR), yerr=std, marker="o", markersize=3, capsize=2, color=color,
                   label=name)
    from .maxout import FIT_TOL

    a.axhline(FIT_TOL, color="0.3", linestyle=":", linewidth=0.8, label=f"FIT_TOL {FIT_TOL:g}")
    a.set_yscale("log")
    a.set_xlabel("pieces k")
    a.set_ylabel(f"RMSE / std(target), held out (exact fits drawn at {ERROR_FLOOR:g})")
    a.set_title("one Maxout unit against the number of pieces", fontsize=10)
    a.legend(fontsize=8)
    if "square" in result.examples:
        ex = result.examples["square"]
        x = np.array(ex["x"])
        b.plot(x, x * x, color="0.2", linewidth=2.2, label="x²")
        for k, color in zip([k for k in ks if k in ex], _colors(len(ks))):
            b.plot(x, ex[k], "--", color=color, linewidth=1.2, label=f"k = {k}")
        b.set_title("fits of x² (first seed)", fontsize=10)
        b.legend(fontsize=8)
        b.set_xlabel("x")
    return {"maxout": fig}


def compare_figures(result, prefix="compare", layers=True):
    """Loss and test-accuracy curves, the accuracy table as bars, and (``layers``) per-layer gradient norms."""
    rows = result.rows
    fig, (a, b) = _figure(WIDE, 2)
    for r, color in zip(rows, _colors(len(rows))):
        epochs = np.arange(1, len(r["loss_curve"]) + 1)
        a.plot(epochs, r["loss_curve"], color=color, label=r["activation"])
        b.plot(np.arange(1, len(r["accuracy_curve"]) + 1), r["accuracy_curve"], color=color, label=r["activation"])
    a.set_yscale("log")
    a.set_xlabel("epoch")
    a.set_ylabel("training loss (mean over seeds)")
    b.set_xlabel("epoch")
    b.set_ylabel("test accuracy (mean over seeds)")
    b.legend(fontsize=7, ncols=2)
    figs = {f"{prefix}_curves": fig}
    from .compare import ranking

    ranked = ranking(rows)
    fig2, (c,) = _figure((6.4, 0.8 + 0.32 * len(rows)))
    y = np.arange(len(ranked))[::-1]
    c.barh(y, [r["accuracy"]["mean"] for r in ranked], xerr=[r["accuracy"]["std"] for r in ranked], capsize=2,
           color=_colors(1)[0])
    c.set_yticks(y, [r["activation"] for r in ranked], fontsize=8)
    lo = min(r["accuracy"]["mean"] - r["accuracy"]["std"] for r in ranked)
    c.set_xlim(max(0.0, math.floor(lo * 50) / 50 - 0.02), 1.0)
    c.set_xlabel("final test accuracy (mean ± std over seeds)")
    figs[f"{prefix}_accuracy"] = fig2
    if layers and len(rows[0]["layer_norms_init"]) > 1:
        figs[f"{prefix}_layers"] = layer_norm_figure(
            {r["activation"]: r["layer_norms_init"] for r in rows}, {r["activation"]: r["layer_norms_end"] for r in rows},
            "Gradient norm per hidden layer")
    return figs


def save_all(figures, outdir, dpi=DPI):
    """Write {stem: Figure} as outdir/stem.png; returns {stem: file name}."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = {}
    for stem, fig in figures.items():
        path = outdir / f"{stem}.png"
        fig.savefig(path, format="png", dpi=dpi)
        written[stem] = path.name
    return written
