"""``actlab claims``: run one small, seeded experiment per claim of the study notes and write the report
(claims.md with figures/*.png, and claims.json).

Experiments, numbered as in the issue:

1. vanishing gradients (``vanishing``)          5. Maxout fits convex functions (``maxout``)
2. zero-centred outputs and speed (``centring``) 6. softsign against tanh (from 1)
3. dead ReLU units (``dead_units``)              7. accuracy on digits, whole catalogue (``compare``)
4. learnable α and β (from 7, ``learnable``)     8. shape claims, from the property sheet (``shape``)

Each experiment gets its own Generator spawned from the one seed, so its numbers do not depend on
which other experiments ran.
"""

import json
import math
import platform
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from .. import __version__
from . import centring, compare, dead_units, learnable, maxout, shape, vanishing
from .centring import CentringConfig
from .compare import CompareConfig
from .dead_units import DeadUnitsConfig
from .maxout import MaxoutConfig
from .shape import ShapeConfig
from .vanishing import VanishingConfig
from .common import VERDICTS, NoProgress, available, elementwise_names, to_jsonable

from .defaults import DEFAULT_SEED
#: Training examples of digits used by the quick run (of 1437).
QUICK_TRAIN = 480


@dataclass(frozen=True)
class ClaimsConfig:
    seed: int = DEFAULT_SEED
    quick: bool = False
    vanishing: VanishingConfig = VanishingConfig()
    centring: CentringConfig = CentringConfig()
    dead_units: DeadUnitsConfig = DeadUnitsConfig()
    compare: CompareConfig = CompareConfig()
    maxout: MaxoutConfig = MaxoutConfig()
    shape: ShapeConfig = ShapeConfig()


def quick_config(seed=DEFAULT_SEED):
    """Smaller networks and budgets, three seeds still: the same claims in well under 30 s (for tests).
    Verdicts may differ from the default run's where an effect needs more training to show."""
    return ClaimsConfig(
        seed=seed, quick=True,
        vanishing=VanishingConfig(activations=("sigmoid", "tanh", "softsign", "relu", "elu"), depth=8, width=32,
                                  epochs=1, max_train=QUICK_TRAIN),
        centring=CentringConfig(activations=("sigmoid", "sigmoid-0.5", "tanh", "tanh+1", "relu", "elu"), width=32,
                                epochs=3, max_train=QUICK_TRAIN),
        dead_units=DeadUnitsConfig(depth=3, width=32, epochs=2, max_train=QUICK_TRAIN),
        compare=CompareConfig(activations=("tanh", "relu", "prelu", "elu", "swish", "gelu"), width=32, epochs=2,
                              max_train=QUICK_TRAIN),
        maxout=MaxoutConfig(pieces=(1, 2, 4), steps=150, samples=200),
    )


@dataclass
class ClaimsReport:
    config: ClaimsConfig
    results: dict  # experiment name -> result
    claims: list  # (number, experiment, Claim)
    seconds: dict  # experiment name -> seconds
    figures: dict = field(default_factory=dict)  # stem -> file name (relative to the report's folder)

    @property
    def total_seconds(self):
        return sum(self.seconds.values())

    def verdicts(self):
        return {c.key: c.verdict for _, _, c in self.claims}

    def to_dict(self):
        return to_jsonable({
            "actlab_version": __version__, "python": platform.python_version(), "numpy": np.__version__,
            "command": "actlab claims" + (" --quick" if self.config.quick else "") + f" --seed {self.config.seed}",
            "seed": self.config.seed, "quick": self.config.quick,
            "seconds": self.seconds, "total_seconds": self.total_seconds,
            "config": asdict(self.config),
            "seeds": {name: getattr(r, "seeds", None) for name, r in self.results.items()},
            "verdicts": self.verdicts(),
            "claims": [{"number": n, "experiment": e, **asdict(c)} for n, e, c in self.claims],
            "tables": {"compare": [{k: v for k, v in r.items() if not k.endswith(("_curve", "norms_init", "norms_end"))}
                                   for r in self.results["compare"].rows] if "compare" in self.results else []},
        })


STEPS = ("vanishing", "centring", "dead_units", "maxout", "compare", "shape")


def _units(config):
    """Training runs (and fits) each experiment makes: the progress bar's total."""
    v, c, d, m, k = config.vanishing, config.centring, config.dead_units, config.maxout, config.compare
    compare_names = available(k.activations) if k.activations is not None else elementwise_names()
    return {"vanishing": len(available(v.activations)) * v.seeds,
            "centring": len(available(c.activations)) * c.seeds,
            "dead_units": len(available(d.activations)) * len(d.lrs) * d.seeds,
            "maxout": len(m.targets) * m.seeds,
            "compare": len(compare_names) * k.seeds,
            "shape": 1}


def total_units(config, only=None):
    """The number of progress ticks ``run_claims`` makes."""
    units = _units(config)
    return sum(units[s] for s in STEPS if only is None or s in only)


def run_claims(config=ClaimsConfig(), progress=None, only=None):
    """Run the experiments (``only``: a subset of STEPS) and judge every claim; a ``ClaimsReport``.
    ``progress``: a ``common.Progress`` (None: silent)."""
    steps = [s for s in STEPS if only is None or s in only]
    progress = progress if progress is not None else NoProgress()
    children = dict(zip(STEPS, np.random.default_rng(config.seed).spawn(len(STEPS))))
    modules = {"vanishing": vanishing, "centring": centring, "dead_units": dead_units, "maxout": maxout,
               "compare": compare, "shape": shape}
    results, seconds = {}, {}
    for step in steps:
        start = time.perf_counter()
        results[step] = modules[step].run(getattr(config, step), children[step], progress)
        seconds[step] = time.perf_counter() - start
    numbered = []
    if "vanishing" in results:
        numbered += [(1, "vanishing", c) for c in results["vanishing"].claims]
    if "centring" in results:
        numbered += [(2, "centring", c) for c in results["centring"].claims]
    if "dead_units" in results:
        numbered += [(3, "dead_units", c) for c in results["dead_units"].claims]
    if "compare" in results:
        results["learnable"] = learnable.from_compare(results["compare"])
        numbered += [(4, "learnable", c) for c in results["learnable"].claims]
    if "maxout" in results:
        numbered += [(5, "maxout", c) for c in results["maxout"].claims]
    if "vanishing" in results:
        claim = vanishing.softsign_claim(results["vanishing"])
        if claim is not None:
            numbered.append((6, "vanishing", claim))
    if "compare" in results:
        numbered += [(7, "compare", c) for c in results["compare"].claims]
    if "shape" in results:
        numbered += [(8, "shape", c) for c in results["shape"].claims]
    return ClaimsReport(config, results, numbered, seconds)


def make_figures(report):
    """{stem: Figure} for every experiment in the report (needs matplotlib)."""
    from . import figures as F

    r = report.results
    figs = {}
    makers = (("vanishing", F.vanishing_figures), ("centring", F.centring_figures), ("dead_units", F.dead_figures),
              ("learnable", F.learnable_figures), ("maxout", F.maxout_figures),
              ("compare", lambda res: F.compare_figures(res, "digits", layers=False)))
    owners = {}
    for name, maker in makers:
        if name in r:
            made = maker(r[name])
            figs.update(made)
            owners.update({stem: name for stem in made})
    if "vanishing" in r and any(c.key == "softsign_vs_tanh" for _, _, c in report.claims):
        made = F.softsign_figures()
        figs.update(made)
        owners.update({stem: "softsign" for stem in made})
    return figs, owners


#: Which figures belong to which claims.
FIGURES_OF = {
    "vanishing_layers": ("vanishing_sigmoid", "vanishing_tanh", "vanishing_rectifiers", "softsign_vs_tanh"),
    "softsign_tanh_grad": ("softsign_vs_tanh", "shape_softsign_tail"),
    "centring": ("centring_speed", "centring_tanh", "centring_elu"),
    "dead_units": ("dead_relu", "dead_alternatives"),
    "learned_params": ("learnable_params", "prelu_alpha_range"),
    "maxout": ("maxout_convex",),
    "digits_accuracy": ("gelu_best",),
    "digits_curves": ("gelu_best",),
}


def write(report, outdir, figures=True):
    """Write outdir/claims.json, outdir/claims.md and outdir/figures/*.png; returns the paths written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    if figures:
        from .figures import DPI, QUICK_DPI, save_all

        figs, _ = make_figures(report)
        names = save_all(figs, outdir / "figures", dpi=QUICK_DPI if report.config.quick else DPI)
        report.figures = {stem: f"figures/{name}" for stem, name in names.items()}
        written += [outdir / f for f in report.figures.values()]
        for _, _, claim in report.claims:
            claim.figures = [report.figures[s] for s, keys in FIGURES_OF.items()
                             if claim.key in keys and s in report.figures]
    json_path = outdir / "claims.json"
    json_path.write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path = outdir / "claims.md"
    md_path.write_text(markdown(report), encoding="utf-8")
    return [json_path, md_path] + written


# ------------------------------------------------------------------ Markdown
def _esc(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_rows(report):
    """(number, claim, verdict, finding) for each claim, in order."""
    return [(n, c.claim, c.verdict, c.finding) for n, _, c in report.claims]


def verdict_counts(report):
    counts = {v: 0 for v in VERDICTS}
    for _, _, c in report.claims:
        counts[c.verdict] += 1
    return counts


def compare_table_md(rows, target):
    lines = [f"| activation | init | accuracy | epochs to {target:g} | dead | grad ratio first/last | s/epoch |",
             "|---|---|---|---|---|---|---|"]
    for r in compare.ranking(rows):
        lines.append("| " + " | ".join(_esc(x) for x in table_cells(r, len(r["accuracy"]["values"]))) + " |")
    return "\n".join(lines)


def table_cells(r, seeds):
    """The text cells of a compare row: activation, init, accuracy, epochs to target, dead, ratio, s/epoch."""
    acc = r["accuracy"]
    e = r["epochs_to_target"]
    epochs = "never" if e is None else f"{e['mean']:.1f} ± {e['std']:.1f}" + \
        (f" ({r['reached']}/{seeds})" if r["reached"] < seeds else "")
    ratio = r["grad_ratio"]
    sec, dead = r["seconds_per_epoch"]["mean"], r["dead"]["mean"]
    accuracy = f"{acc['mean']:.3f} ± {acc['std']:.3f}" if isinstance(acc["mean"], float) and \
        math.isfinite(acc["mean"]) else f"diverged ({r['diverged']}/{seeds})"
    if ratio is not None and not (isinstance(ratio["geomean"], float) and math.isfinite(ratio["geomean"])):
        ratio = None
    return [r["activation"], r["init"], accuracy, epochs,
            f"{dead:.1%}" if isinstance(dead, float) and math.isfinite(dead) else "—", "—" if ratio is None else f"{ratio['geomean']:.3g}",
            (f"{sec:.3f}" if isinstance(sec, float) and math.isfinite(sec) else "—")]


def markdown(report):
    """The claims report as Markdown (figures linked relative to its folder)."""
    cfg = report.config
    counts = verdict_counts(report)
    out = [
        "# The study notes' claims, measured",
        "",
        f"Written by `actlab claims{' --quick' if cfg.quick else ''} --seed {cfg.seed}` (actlab {__version__}) in "
        f"{report.total_seconds:.0f} s. Every number is a mean ± standard deviation over seeds unless it says "
        f"otherwise; every verdict comes from the rule printed under it, applied to these numbers.",
        "",
        f"**{counts['supported']} supported, {counts['not supported']} not supported, {counts['mixed']} mixed.**",
        "",
        "| # | claim | verdict | what was measured |",
        "|---|---|---|---|",
    ]
    out += [f"| {n} | {_esc(claim)} | **{v}** | {_esc(finding)} |" for n, claim, v, finding in summary_rows(report)]
    out.append("")
    for n, _, c in report.claims:
        out += [f"## {n}. {c.claim}", "", f"> {c.source}", "",
                f"- **Setup**: {c.setup}", f"- **Measured**: {c.finding}", f"- **Rule**: {c.rule}",
                f"- **Verdict**: **{c.verdict}**"]
        if c.caveat:
            out.append(f"- **Caveat**: {c.caveat}")
        out.append("")
        for fig in c.figures:
            out += [f"![{c.key}]({fig})", ""]
        if c.key == "gelu_best" and "compare" in report.results:
            res = report.results["compare"]
            out += [compare_table_md(res.rows, res.config.target), ""]
        if c.key == "vanishing_rectifiers" and "vanishing" in report.results:
            out += [vanishing_table_md(report.results["vanishing"]), ""]
    out += ["## Seeds and times", "",
            "| experiment | seconds | seeds |", "|---|---|---|"]
    for name, s in report.seconds.items():
        seeds = getattr(report.results[name], "seeds", None)
        out.append(f"| {name} | {s:.1f} | {', '.join(map(str, seeds)) if seeds else '—'} |")
    out.append("")
    return "\n".join(out)


def vanishing_table_md(result):
    lines = ["| activation | init | first/last at init | first/last in training | final accuracy |",
             "|---|---|---|---|---|"]
    for name, s in result.stats.items():
        lines.append(f"| {name} | {s['init_scheme']} | {s['init']['geomean']:.3g} | {s['training']['geomean']:.3g} | "
                     f"{s['accuracy']['mean']:.3f} ± {s['accuracy']['std']:.3f} |")
    return "\n".join(lines)


def with_seed(config, seed):
    return replace(config, seed=int(seed))
