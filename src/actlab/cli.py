"""The ``actlab`` command: list, show, plot, gallery — and claims, compare, report (the experiments).

Each subcommand is one function registered with ``@command``: its name, help,
arguments and whether it prints a table (then it gets ``--json``). A usage
error (unknown activation, bad parameter, bad option) prints one line to
stderr and exits with status 2.

    actlab list
    actlab show silu
    actlab plot relu leaky_relu:alpha=0.1 elu --range -4 4 -o relu_family.png
    actlab gallery -o figures/
"""

import argparse
import json
import math
import os
import sys
import time
from dataclasses import dataclass

from . import __version__
from ._table import latex_text, pairs, style, table
from .properties import TOLERANCE, analyse, curve, fmt_number, properties
from .registry import get, names
from .experiments import defaults as experiment_defaults

USAGE_ERROR = 2
MISSING_DEPENDENCY = 1
ORDER_NAMES = ("f", "f′", "f″")
TEXT_WIDTH = 100  # wrap long values in `show` at this many characters


class UsageError(Exception):
    """A mistake in the command line: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see {self.prog} --help)")


@dataclass
class Output:
    """Where a command writes, and whether it may use colour."""

    stdout: object
    color: bool

    def print(self, text=""):
        print(text, file=self.stdout)

    def json(self, obj):
        print(json.dumps(obj, indent=2, ensure_ascii=False), file=self.stdout)


_COMMANDS = {}


def arg(*flags, **kwargs):
    """An argument of a command, as ``add_argument`` takes it."""
    return flags, kwargs


def command(name, help, *arguments, prints_table=False):
    """Register ``func(args, out) -> exit status`` as the subcommand ``name``."""
    def register(func):
        _COMMANDS[name] = (func, help, arguments, prints_table)
        return func
    return register


# ------------------------------------------------------------- arguments
def _orders(text):
    try:
        orders = sorted({int(k) for k in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--order wants derivative orders like 0,1,2, got {text!r}") from None
    if not orders or orders[0] < 0 or orders[-1] > 2:
        raise argparse.ArgumentTypeError(f"--order takes orders among 0 (f), 1 (f′), 2 (f″), got {text!r}")
    return tuple(orders)


def _assignment(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--param wants NAME=VALUE, got {text!r}")
    return key.strip(), value.strip()


PARAM = arg("-p", "--param", action="append", type=_assignment, default=[], metavar="NAME=VALUE",
            help="set a parameter, e.g. --param alpha=0.2 (repeatable; applies to every activation that has it)")
JSON = arg("--json", action="store_true", help="print JSON instead of a table")
ORDER = arg("--order", type=_orders, default=(0, 1), metavar="0,1,2",
            help="which curves: 0 = f, 1 = f′, 2 = f″ (default 0,1)")
RANGE = arg("--range", type=float, nargs=2, default=(-6.0, 6.0), metavar=("LO", "HI"),
            help="x range (default -6 6)")


def _convert(entry, key, text):
    """The value of parameter ``key`` of ``entry`` from its command-line text."""
    spec = {p.name: p for p in entry.params}.get(key)
    if spec is None:
        known = ", ".join(p.name for p in entry.params) or "none"
        raise UsageError(f"{entry.name} has no parameter {key!r} (parameters: {known})")
    if spec.kind == "choice":
        return text
    try:
        value = int(text) if spec.kind == "int" else float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        kind = "an integer" if spec.kind == "int" else "a finite number"
        raise UsageError(f"parameter {key} of {entry.name} must be {kind}, got {text!r}")
    return value


def _entry(name):
    try:
        return get(name)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _curve(spec, shared=(), strict=True):
    """The Curve of 'NAME' or 'NAME:key=value,…' with the shared --param values that apply."""
    name, _, own = spec.partition(":")
    entry = _entry(name.strip())
    own_pairs = [_assignment(p) for p in own.split(",") if p.strip()] if own else []
    values = {k: _convert(entry, k, v) for k, v in shared if strict or k in {p.name for p in entry.params}}
    values.update({k: _convert(entry, k, v) for k, v in own_pairs})
    try:
        return curve(entry, **values)
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None


def _curves(specs, shared):
    """Curves of several specs; each --param must apply to at least one of them."""
    for key, _ in shared:
        if not any(key in {p.name for p in _entry(s.partition(":")[0].strip()).params} for s in specs):
            raise UsageError(f"no activation among {', '.join(specs)} has a parameter {key!r}")
    return [_curve(s, shared, strict=len(specs) == 1) for s in specs]


# ------------------------------------------------------------- descriptions
def _params_text(entry):
    if not entry.params:
        return "—"
    return ", ".join(f"{p.name} (required)" if p.required else f"{p.name}={p.default!r}".replace("'", "")
                     for p in entry.params)


def _limit_side(p, value):
    sides = [s for s, t in (("−∞", p.left), ("+∞", p.right)) if t.limit == value]
    return f"as x → {sides[0]}" if sides else "at infinity"


def _extremum_text(p, e, word):
    if e.attained:
        return f"{fmt_number(e.value)} {e.where()}"
    if abs(e.value) == float("inf"):
        return f"none: unbounded {'below' if word == 'minimum' else 'above'}"
    return f"none: {'infimum' if word == 'minimum' else 'supremum'} {fmt_number(e.value)} " \
           f"{_limit_side(p, e.value)}, not attained"


def _jump_text(j):
    return f"{ORDER_NAMES[j.order]} jumps {fmt_number(j.left)} → {fmt_number(j.right)} at x = {fmt_number(j.x)}"


def _max_grad_text(p):
    e = p.max_abs_grad
    if e.attained:
        return f"{fmt_number(e.value)} {e.where()}"
    limits = [s for s, t in (("−∞", p.left), ("+∞", p.right)) if abs(t.slope) == e.value]
    return f"{fmt_number(e.value)} as x → {limits[0] if limits else '±∞'} (not attained)"


def property_rows(p):
    """The property sheet as (label, text) pairs."""
    zero_mean = f"f(0) = {fmt_number(p.f0)}, E f(Z) = {fmt_number(p.mean_normal)} for Z ~ N(0, 1)"
    rows = [("section", f"{p.view} (f of the vector as a function of x)")] if p.view else []
    rows += [
        ("range", p.range_text()),
        ("bounded below", "yes" if p.bounded_below else "no"),
        ("bounded above", "yes" if p.bounded_above else "no"),
        ("monotonic", p.monotonic),
        ("zero-centred", f"{'yes' if p.zero_centred else 'no'} ({zero_mean})"),
        ("smoothness", p.smoothness_text() + (": " + "; ".join(map(_jump_text, p.jumps)) if p.jumps else "")),
        ("left (x → −∞)", p.left.describe()),
        ("right (x → +∞)", p.right.describe()),
        ("global minimum", _extremum_text(p, p.minimum, "minimum")),
        ("global maximum", _extremum_text(p, p.maximum, "maximum")),
        ("max |f′|", _max_grad_text(p)),
        ("f′ = 0", ", ".join(p.grad_vanishes()) or "nowhere"),
        ("cost", f"{p.cost:.1f}× one NumPy pass np.add(x, 1.0) per element (float64, this machine)"),
    ]
    return rows


# ------------------------------------------------------------- commands
@command("list", "the catalogue as a table", JSON, prints_table=True)
def list_(args, out):
    """actlab list: name, parameters, formula, range, smoothness, monotonicity of every entry."""
    rows, records = [], []
    for name in names():
        entry = get(name)
        p = analyse(curve(name), cost=False)
        mark = "†" if p.view else ""
        row = [name, _params_text(entry), latex_text(entry.formulas["f"]), p.range_text() + mark,
               p.smoothness_text() + mark, p.monotonic + mark]
        rows.append(row)
        records.append({"name": name, "family": entry.family, "params": _params_json(entry),
                        "formula": entry.formulas["f"], "formula_text": row[2], "range": p.range_text(),
                        "smoothness": p.smoothness, "monotonic": p.monotonic, "section": p.view})
    if args.json:
        out.json(records)
        return 0
    out.print(table(rows, ["name", "parameters", "f(x)", "range", "smooth", "monotonic"], out.color))
    out.print(style("† vector-valued: properties of the section NAME([x, 0])[0] (maxout: "
                    "[x, −0.5x]); see actlab show NAME. Required parameters take an example value.",
                    out.color, dim=True))
    return 0


def _params_json(entry):
    return [{"name": p.name, "default": None if p.required else p.default, "required": p.required,
             "kind": p.kind, "choices": list(p.choices), "doc": p.doc} for p in entry.params]


@command("show", "formulas, parameters, kink convention, references and the property sheet",
         arg("name", metavar="NAME", help="an activation (see actlab list)"), PARAM, JSON, prints_table=True)
def show(args, out):
    """actlab show NAME: everything known about one activation."""
    c = _curve(args.name, args.param)
    entry = c.entry
    p = properties(c)
    if args.json:
        out.json({"name": entry.name, "summary": entry.summary, "family": entry.family,
                  "elementwise": entry.elementwise, "formulas": dict(entry.formulas),
                  "formulas_text": {k: latex_text(v) for k, v in entry.formulas.items()},
                  "params": _params_json(entry), "values": p.to_dict()["params"], "kink": entry.kink,
                  "references": list(entry.references), "properties": p.to_dict()})
        return 0
    head = style(entry.name, out.color, bold=True, accent=True)
    out.print(f"{head} — {entry.summary}")
    out.print()
    labels = {"f": "f(x)", "grad": "f′(x)", "grad2": "f″(x)"}
    out.print(pairs(((labels[k], latex_text(v)) for k, v in entry.formulas.items()), out.color,
                    width=TEXT_WIDTH))
    out.print()
    params = [(p_.name, ("required" if p_.required else f"default {p_.default!r}") + f": {p_.doc}")
              for p_ in entry.params]
    out.print(style("Parameters", out.color, bold=True))
    out.print(pairs(params, out.color, width=TEXT_WIDTH) if params else "  none")
    if c.params:
        used = ", ".join(f"{k} = {v!r}" for k, v in c.params.items())
        out.print(f"  (values used below: {used})")
    out.print()
    refs = list(entry.references) or ["—"]
    out.print(pairs([("Kinks", entry.kink), ("References", refs[0])] + [("", r) for r in refs[1:]],
                    out.color, indent="", width=TEXT_WIDTH))
    out.print()
    out.print(style("Properties", out.color, bold=True) + " (computed from f, f′, f″)")
    out.print(pairs(property_rows(p), out.color, width=TEXT_WIDTH))
    out.print()
    out.print(style(_wrap("Tolerance: " + TOLERANCE), out.color, dim=True))
    return 0


def _wrap(text):
    import textwrap

    return "\n".join(textwrap.wrap(text, TEXT_WIDTH))


@command("plot", "a figure of f and f′ (and f″) of one or more activations",
         arg("names", nargs="+", metavar="NAME",
             help="activations to overlay; NAME:alpha=0.1,beta=2 sets parameters of one of them"),
         PARAM, ORDER, RANGE,
         arg("-o", "--output", metavar="FILE", help="output file, .png, .svg or .pdf (default NAME_….png)"))
def plot_(args, out):
    """actlab plot NAME …: write a textbook figure."""
    from . import plot

    _check_range(args.range)
    curves = _curves(args.names, args.param)
    path = args.output or "_".join(c.name for c in curves) + ".png"
    if not path.lower().endswith(tuple("." + f for f in plot.FORMATS)):
        raise UsageError(f"cannot tell the figure format of {path!r}; end it in "
                         f"{', '.join('.' + f for f in plot.FORMATS)}")
    try:
        fig = plot.figure(curves, orders=args.order, xrange=tuple(args.range))
        written = plot.save(fig, path)
    except ValueError as error:
        raise UsageError(str(error)) from None
    out.print(f"wrote {written}")
    return 0


def _check_range(bounds):
    lo, hi = bounds
    if not lo < hi:
        raise UsageError(f"--range wants LO < HI, got {fmt_number(lo)} {fmt_number(hi)}")


@command("gallery", "one figure per catalogue entry and a grid of all of them",
         arg("-o", "--output", metavar="DIR", default="gallery", help="output folder (default ./gallery)"),
         arg("--format", choices=("png", "svg", "pdf"), default="png", help="figure format (default png)"),
         ORDER, RANGE, JSON, prints_table=True)
def gallery(args, out):
    """actlab gallery -o DIR: every entry's figure, and gallery.FORMAT with all of them."""
    from . import plot

    _check_range(args.range)
    start = time.perf_counter()
    written = plot.gallery(args.output, orders=args.order, fmt=args.format, xrange=tuple(args.range))
    seconds = time.perf_counter() - start
    if args.json:
        out.json({"files": [str(w) for w in written], "seconds": seconds})
        return 0
    out.print(table([[w.name, f"{w.stat().st_size / 1024:.0f} KiB"] for w in written], ["file", "size"],
                    out.color))
    out.print(f"wrote {len(written)} figures to {args.output} in {seconds:.1f} s")
    return 0


# ------------------------------------------------------------- experiments
def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"wants a positive integer, got {text!r}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"wants a positive number, got {text!r}")
    return value


def _accuracy(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"wants an accuracy in (0, 1], got {text!r}")
    return value


def _name_list(text):
    items = tuple(t.strip() for t in text.split(",") if t.strip())
    if not items:
        raise argparse.ArgumentTypeError(f"wants comma-separated activation names, got {text!r}")
    return items


SEED = arg("--seed", type=int, default=experiment_defaults.DEFAULT_SEED,
           help=f"the seed every experiment's generator is spawned from (default {experiment_defaults.DEFAULT_SEED})")


def _claims_progress(config):
    from .experiments.claims import total_units
    from .experiments.common import Progress

    return Progress(total_units(config), "claims")


@command("claims", "measure the study notes' claims: one seeded experiment each; Markdown, figures, JSON",
         arg("--quick", action="store_true", help="small networks and budgets (seconds instead of minutes)"),
         arg("-o", "--output", metavar="DIR", default=experiment_defaults.CLAIMS_DIR,
             help=f"output folder (default ./{experiment_defaults.CLAIMS_DIR})"),
         SEED, JSON, prints_table=True)
def claims(args, out):
    """actlab claims: run the experiments, judge each claim by its stated rule, write DIR/claims.md
    (with DIR/figures/*.png) and DIR/claims.json, and print the verdicts."""
    from .experiments import claims as experiments

    config = experiments.quick_config(args.seed) if args.quick else experiments.ClaimsConfig(seed=args.seed)
    start = time.perf_counter()
    progress = _claims_progress(config)
    report = experiments.run_claims(config, progress=progress)
    progress.close()
    try:
        written = experiments.write(report, args.output)
    except ModuleNotFoundError as missing:
        if missing.name != "matplotlib":
            raise
        written = experiments.write(report, args.output, figures=False)
        print("actlab: note: no figures (matplotlib is not installed)", file=sys.stderr)
    if args.json:
        out.json({"output": str(args.output), "seconds": report.total_seconds,
                  "files": [str(p) for p in written],
                  "claims": [{"number": n, "key": c.key, "claim": c.claim, "verdict": c.verdict}
                             for n, _, c in report.claims]})
        return 0
    out.print(table([[str(n), c.claim, c.verdict] for n, _, c in report.claims], ["#", "claim", "verdict"],
                    out.color))
    out.print(f"wrote {written[1]}, {written[0].name} and {len(written) - 2} figures in "
              f"{time.perf_counter() - start:.0f} s")
    return 0


def _trainable(name):
    """UsageError unless ``name`` can be the hidden activation of an MLP."""
    import numpy as np

    from .experiments.common import VARIANTS, build_mlp

    if name not in VARIANTS:
        _entry(name)
    try:
        model = build_mlp([4, 4, 3], name, np.random.default_rng(0))
        model.forward(np.zeros((2, 4)), train=False)
    except (TypeError, ValueError) as error:
        raise UsageError(f"cannot train {name} as the activation of an MLP: {error}") from None


@command("compare", "train the same network with each activation; a table of accuracy, speed, dead units, gradients",
         arg("--activations", type=_name_list, metavar="NAMES",
             default=experiment_defaults.COMPARE_ACTIVATIONS,
             help=f"comma-separated names, or 'all' for every elementwise entry (default "
                  f"{','.join(experiment_defaults.COMPARE_ACTIVATIONS)})"),
         arg("--dataset", default=experiment_defaults.COMPARE_DATASET,
             help=f"a classification set of actlab.nn.load (default {experiment_defaults.COMPARE_DATASET})"),
         arg("--depth", type=_positive_int, default=experiment_defaults.COMPARE_DEPTH,
             help=f"hidden layers (default {experiment_defaults.COMPARE_DEPTH})"),
         arg("--width", type=_positive_int, default=experiment_defaults.COMPARE_WIDTH,
             help=f"units per hidden layer (default {experiment_defaults.COMPARE_WIDTH})"),
         arg("--epochs", type=_positive_int, default=experiment_defaults.COMPARE_EPOCHS,
             help=f"default {experiment_defaults.COMPARE_EPOCHS}"),
         arg("--seeds", type=_positive_int, default=experiment_defaults.COMPARE_SEEDS,
             help=f"runs per activation, paired across activations (default {experiment_defaults.COMPARE_SEEDS})"),
         arg("--lr", type=_positive_float, default=experiment_defaults.COMPARE_LR,
             help=f"learning rate (default {experiment_defaults.COMPARE_LR:g})"),
         arg("--optimizer", choices=("adam", "sgd"), default=experiment_defaults.COMPARE_OPTIMIZER,
             help=f"adam, or sgd with momentum 0.9 (default {experiment_defaults.COMPARE_OPTIMIZER})"),
         arg("--batch-size", type=_positive_int, default=experiment_defaults.COMPARE_BATCH,
             help=f"default {experiment_defaults.COMPARE_BATCH}"),
         arg("--target", type=_accuracy, default=experiment_defaults.COMPARE_TARGET,
             help=f"test accuracy whose first epoch is reported (default {experiment_defaults.COMPARE_TARGET:g})"),
         SEED,
         arg("-o", "--output", metavar="DIR", help="also write loss curves and per-layer gradient-norm figures here"),
         JSON, prints_table=True)
def compare(args, out):
    """actlab compare: the same MLP, data, seeds and budget for each activation. Prints final test accuracy
    (mean ± std over seeds), epochs to the target accuracy, the fraction of dead units and the gradient
    ratio first/last hidden layer after training, and seconds per epoch."""
    import numpy as np

    from .experiments import compare as experiment
    from .experiments.common import Progress, elementwise_names
    from .nn import dataset_names
    from .nn.data import _CLASSIFICATION

    activations = elementwise_names() if args.activations == ("all",) else args.activations
    if args.dataset not in dataset_names() or args.dataset not in _CLASSIFICATION:
        classification = ", ".join(n for n in dataset_names() if n in _CLASSIFICATION)
        raise UsageError(f"--dataset must be a classification set ({classification}), got {args.dataset!r}")
    for name in activations:
        _trainable(name)
    config = experiment.CompareConfig(activations=tuple(activations), dataset=args.dataset, depth=args.depth,
                                      width=args.width, epochs=args.epochs, lr=args.lr, optimizer=args.optimizer,
                                      batch_size=args.batch_size, target=args.target, seeds=args.seeds)
    progress = Progress(len(activations) * args.seeds, "compare")
    result = experiment.run_compare(config, np.random.default_rng(args.seed), progress)
    progress.close()
    written = []
    if args.output:
        from .experiments.figures import compare_figures, save_all

        written = [os.path.join(args.output, f) for f in save_all(compare_figures(result), args.output).values()]
    if args.json:
        keep = ("activation", "init", "accuracy", "epochs_to_target", "reached", "dead", "grad_ratio",
                "seconds_per_epoch", "diverged", "loss_curve", "accuracy_curve", "layer_norms_init", "layer_norms_end")
        from .experiments.common import to_jsonable

        out.json(to_jsonable({"config": vars(args) | {"run": None, "activations": list(activations)},
                              "seeds": result.seeds, "rows": [{k: r[k] for k in keep} for r in result.rows],
                              "files": written}))
        return 0
    from .experiments.claims import table_cells
    from .experiments.compare import ranking

    rows = [table_cells(r, args.seeds) for r in ranking(result.rows)]
    out.print(table(rows, ["activation", "init", "accuracy", f"epochs to {args.target:g}", "dead",
                           "grad ratio first/last", "s/epoch"], out.color))
    out.print(style(f"{args.dataset}, MLP {args.depth} × {args.width}, {args.optimizer} lr {args.lr:g}, batch "
                    f"{args.batch_size}, {args.epochs} epochs, {args.seeds} seeds (seed {args.seed}); mean ± std over "
                    f"seeds; dead and grad ratio after training", out.color, dim=True))
    for path in written:
        out.print(f"wrote {path}")
    return 0


@command("report", "one self-contained HTML page: catalogue, figures, property sheets, accuracy, speed, claims",
         arg("-o", "--output", metavar="DIR", default=experiment_defaults.REPORT_DIR,
             help=f"output folder for report.html (default ./{experiment_defaults.REPORT_DIR})"),
         arg("--quick", action="store_true", help="run the claims with their quick settings"),
         arg("--claims", metavar="JSON", help="use an earlier `actlab claims` run (its claims.json) instead"),
         arg("--no-accuracy", action="store_true", help="skip the accuracy check (needs SymPy and mpmath)"),
         arg("--no-bench", action="store_true", help="skip the benchmark"),
         SEED)
def report(args, out):
    """actlab report: write DIR/report.html, figures embedded, that opens offline in any browser."""
    from .experiments import claims as experiments
    from .experiments import report as page

    if args.claims and not os.path.isfile(args.claims):
        raise UsageError(f"--claims: no such file {args.claims!r} (write one with: actlab claims -o DIR)")
    config = experiments.quick_config(args.seed) if args.quick else experiments.ClaimsConfig(seed=args.seed)
    progress = None if args.claims else _claims_progress(config)
    command_line = "actlab report" + (" --quick" if args.quick else "") + (f" --claims {args.claims}" if args.claims
                                                                          else "")
    path, seconds = page.build(args.output, claims_config=config, claims_json=args.claims,
                               accuracy=not args.no_accuracy, bench=not args.no_bench, progress=progress,
                               command=command_line)
    if progress is not None:
        progress.close()
    size = os.path.getsize(path) / 1024
    out.print(f"wrote {path} ({size:.0f} KiB) in {sum(seconds.values()):.0f} s: "
              + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    return 0


def _names_list(text):
    names_given = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names_given:
        raise argparse.ArgumentTypeError(f"--names wants NAME[,NAME…], got {text!r}")
    return names_given


@command("bench", "speed against the memory-bandwidth limit, beside the study notes' code and PyTorch",
         arg("--n", type=int, help="elements per array (default 10^7; 2^28 with --device cuda)"),
         arg("--dtype", choices=("float32", "float64", "float16", "bfloat16", "both"), default="both",
             help="data type (default both: float32 and float64)"),
         arg("--device", choices=("cpu", "cuda"), default="cpu",
             help="cuda: actlab's fused kernels against the GPU's copy rate (needs CuPy and a GPU)"),
         arg("--names", type=_names_list, metavar="NAME,…", help="entries to time (default: all)"),
         arg("--threads", type=int, help="threads for actlab and PyTorch (default: the usable cores)"),
         arg("--repeat", type=int, default=5, help="timed runs per measurement; the median is kept (default 5)"),
         arg("--json", metavar="FILE", help="also write the rows to FILE as JSON"))
def bench(args, out):
    """actlab bench: median times, the ratio to np.copyto (forward) and np.add (backward), GB/s."""
    from . import bench as speed

    n = args.n if args.n is not None else (2**28 if args.device == "cuda" else 10**7)
    if n < 1 or args.repeat < 1 or (args.threads is not None and args.threads < 1):
        raise UsageError("--n, --repeat and --threads must be positive")
    for name in args.names or ():
        _entry(name)
    dtypes = ("float32", "float64") if args.dtype == "both" else (args.dtype,)
    rows = []
    if args.device == "cuda":
        try:
            for dtype in dtypes:
                rows += speed.run_cuda(args.names, n=n, dtype=dtype, repeat=args.repeat)
        except RuntimeError as error:
            raise UsageError(str(error)) from None
        note = ("x limit: actlab's time (allocating its result, as users call it) over the device's copy (forward) "
                "or add (vjp) of the same data, timed with CUDA events; vs torch: PyTorch's time over actlab's.")
    else:
        for dtype in dtypes:
            rows += speed.run(args.names, n=n, dtype=dtype, repeat=args.repeat, threads=args.threads)
        note = (f"x limit: actlab's time over np.copy's (allocating), np.copyto's (out=) or np.add(a, b, "
                f"out=c)'s (vjp) on the same data, each pair timed in turn; vs torch: PyTorch's time over "
                f"actlab's (both allocating, timed in turn). Vector entries: rows of a {speed.SOFTMAX_SHAPE[0]:,} × "
                f"{speed.SOFTMAX_SHAPE[1]:,} array. actlab ran {speed.kernels_description()}.")
    out.print(speed.table(rows))
    out.print(style(note, out.color, dim=True))
    if args.json:
        with open(args.json, "w") as file:
            json.dump([r.to_dict() for r in rows], file, indent=2)
    return 0


# ------------------------------------------------------------- entry point
def build_parser():
    """The argparse parser with one subparser per registered command."""
    parser = _Parser(prog="actlab", description="Activation functions: look them up, plot them, compare them.")
    parser.add_argument("--version", action="version", version=f"actlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (func, help, arguments, _) in _COMMANDS.items():
        p = sub.add_parser(name, help=help, description=func.__doc__)
        for flags, kwargs in arguments:
            p.add_argument(*flags, **kwargs)
        p.set_defaults(run=func)
    return parser


def _use_color(stream):
    return hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ


def main(argv=None):
    """Run the command line; returns the exit status (0, or 2 for a usage error)."""
    try:
        args = build_parser().parse_args(argv)
        return args.run(args, Output(sys.stdout, _use_color(sys.stdout)))
    except UsageError as error:
        print(f"actlab: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except SystemExit as done:  # --help, --version
        return done.code
    except ModuleNotFoundError as missing:
        if missing.name != "matplotlib":
            raise
        print("actlab: error: figures need matplotlib (pip install matplotlib)", file=sys.stderr)
        return MISSING_DEPENDENCY
    except BrokenPipeError:  # e.g. actlab list | head
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
