"""Figures of the catalogue: f, f′ (and f″) on one set of axes, overlays, a gallery.

matplotlib is imported only when a figure is made, and figures are built with
``matplotlib.figure.Figure`` directly (no pyplot, no backend switch), so they
work headless and leave an interactive session's settings alone.

>>> from actlab import plot
>>> fig = plot.figure(["silu", "gelu"], orders=(0, 1))
>>> plot.save(fig, "silu_gelu.png")  # doctest: +SKIP
"""

import math
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from .properties import FD_STEP, Curve, analyse, curve, fmt_number

DEFAULT_RANGE = (-6.0, 6.0)
DEFAULT_ORDERS = (0, 1)
SAMPLES = 1201  # points across the x range (step 0.01 on [−6, 6])
FIGSIZE = (6.4, 4.4)  # inches
OVERLAY_FIGSIZE = (7.8, 4.4)  # wider: the legend sits to the right of the axes
DPI = 150  # PNG resolution of a single figure
GALLERY_COLUMNS = 4
GALLERY_PANEL = (3.3, 2.6)  # inches per panel
GALLERY_DPI = 100
FORMATS = ("png", "svg", "pdf")
LINESTYLES = ("-", (0, (5, 2.5)), (0, (1, 1.6)))  # f, f′, f″
LINEWIDTHS = (2.0, 1.7, 1.5)
ORDER_TEXT = ("f", "f′", "f″")
ORDER_TEX = ("", "'", "''")
ZERO_LINE = {"color": "0.25", "linewidth": 0.8, "zorder": 1}
GRID_ALPHA = 0.35
MARKER_SIZE = 5.5
ANNOTATION_OFFSET = (-10, 30)  # points, from the marked minimum (text up and to the left)
ANNOTATION_DIGITS = 4
TITLE_SIZE = 12
LEGEND_SIZE = 9
ANNOTATION_SIZE = 9
TICK_SIZE = 8
PANEL_TITLE_SIZE = 10
#: Parameter names that are Greek letters are typeset as such in titles.
GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "lambda", "mu", "sigma", "tau", "theta")

# LaTeX that mathtext lacks, and what to write instead.
_MATHTEXT_FIXES = (
    (re.compile(r"\\[bB]ig+[lr]?(?![a-zA-Z])"), ""),
    (re.compile(r"\\le(?![a-zA-Z])"), r"\\leq"),
    (re.compile(r"\\ge(?![a-zA-Z])"), r"\\geq"),
    (re.compile(r"\\[td]frac(?![a-zA-Z])"), r"\\frac"),
    (re.compile(r"\\sqrt\s+([0-9A-Za-z])"), r"\\sqrt{\1}"),
)
_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)


def _cases_inline(match):
    rows = [r.split("&") for r in match.group(1).split(r"\\")]
    return r",\quad ".join(rf"{value.strip()}\ \ ({cond.strip()})" for value, cond in rows)


def mathtext(tex):
    """The LaTeX of a formula adapted to matplotlib's mathtext, or None if it still fails to parse.

    ``\\begin{cases}`` becomes one line, "a (x > 0), b (x ≤ 0)"; ``\\bigl``, ``\\le``,
    ``\\tfrac`` and ``\\sqrt 2`` become what mathtext knows.
    """
    from matplotlib.mathtext import MathTextParser

    text = _CASES.sub(_cases_inline, tex)
    for pattern, repl in _MATHTEXT_FIXES:
        text = pattern.sub(repl, text)
    try:
        MathTextParser("path").parse(f"${text}$")
    except ValueError:
        return None
    return text


def _tex_name(name):
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def _tex_param(key, value):
    symbol = "\\" + key if key in GREEK else _tex_name(key)
    shown = f"{value:g}" if isinstance(value, (float, np.floating)) else str(value)
    return rf"{symbol} = \mathrm{{{shown}}}" if isinstance(value, str) else rf"{symbol} = {shown}"


def title(c):
    """The figure title of a curve: 'name(x) = formula' in mathtext, with its parameters."""
    values = {p.name: c.params.get(p.name, p.default) for p in c.entry.params
              if p.name in c.params or not (p.required or p.kind == "choice" or (c.view and p.name == "axis"))}
    params = r",\ ".join(_tex_param(k, v) for k, v in values.items())
    formula = mathtext(c.entry.formulas.get("f", ""))
    if c.view is None:
        head = rf"{_tex_name(c.name)}(x)" + (f" = {formula}" if formula else "")
        return f"${head}" + (rf"\quad ({params})$" if params else "$")
    line = f"{c.name}: ${formula}$" if formula else c.name
    return f"{line}\nplotted: {c.view}" + (f" with ${params}$" if params else "")


def _as_curve(spec):
    if isinstance(spec, Curve):
        return spec
    if isinstance(spec, str):
        return curve(spec)
    name, params = spec
    return curve(name, **params)


def _function(c, order):
    return (c.f, c.grad, c.grad2)[order]


def curve_data(c, order, xrange=DEFAULT_RANGE, samples=SAMPLES, jumps=()):
    """(x, y) of the order-th derivative of a curve, broken by a NaN at each of its jumps.

    At a jump at t the data run …, t, t (y NaN), t⁺, … when the entry takes the
    left limit at t (its kink convention), or …, t⁻, t⁻ (NaN), t, … when it
    takes the right one (t± the neighbouring doubles): every finite point is
    exactly (x, g(x)).
    """
    lo, hi = xrange
    g = _function(c, order)
    pairs = []  # (last x left of the break, first x right of it)
    for j in jumps:
        if j.order == order and lo < j.x < hi:
            left_side = abs(j.value - j.left) <= abs(j.value - j.right)
            if left_side:
                pairs.append((j.x, float(np.nextafter(j.x, math.inf))))
            else:
                pairs.append((float(np.nextafter(j.x, -math.inf)), j.x))
    ends = np.array(pairs, dtype=np.float64).reshape(-1, 2)
    x = np.unique(np.concatenate((np.linspace(lo, hi, samples), ends.ravel())))
    with np.errstate(all="ignore"):
        y = np.asarray(g(x), dtype=np.float64)
    if order == 2 and not c.grad2_exact:  # a central difference across a jump of f′ is not f″
        for k in (j.x for j in jumps if j.order == 1):
            y[np.abs(x - k) <= 2 * FD_STEP * max(1.0, abs(k))] = np.nan
    positions = np.searchsorted(x, ends[:, 1])
    return np.insert(x, positions, ends[:, 0]), np.insert(y, positions, np.nan)


def _jump_markers(ax, order, jumps, xrange, color, gid):
    for j in jumps:
        if j.order != order or not xrange[0] < j.x < xrange[1]:
            continue
        other = j.right if abs(j.value - j.left) <= abs(j.value - j.right) else j.left
        ax.plot([j.x], [other], "o", ms=MARKER_SIZE, mfc="white", mec=color, mew=1.4, zorder=4,
                gid=f"{gid}|open")
        ax.plot([j.x], [j.value], "o", ms=MARKER_SIZE, color=color, zorder=5, gid=f"{gid}|closed")


def _style_axes(ax):
    ax.axhline(0.0, **ZERO_LINE)
    ax.axvline(0.0, **ZERO_LINE)
    ax.grid(True, alpha=GRID_ALPHA)
    ax.set_axisbelow(True)


def _draw(ax, c, orders, xrange, samples, colors, sheet, labels):
    """Draw the curve's orders on ax; colors[k] per order; returns nothing."""
    for order in orders:
        x, y = curve_data(c, order, xrange, samples, sheet.jumps)
        gid = f"{c.label}|{order}"
        ax.plot(x, y, linestyle=LINESTYLES[order], linewidth=LINEWIDTHS[order], color=colors[order],
                label=labels[order], gid=gid, zorder=3)
        _jump_markers(ax, order, sheet.jumps, xrange, colors[order], gid)


def _annotate_minimum(ax, c, sheet, xrange):
    m = sheet.minimum
    if not (m.attained and m.at is not None and xrange[0] < m.at < xrange[1]):
        return
    ax.plot([m.at], [m.value], "D", ms=MARKER_SIZE - 1, color="0.15", zorder=6, gid=f"{c.label}|minimum")
    text = f"minimum {fmt_number(m.value, ANNOTATION_DIGITS)} at x = {fmt_number(m.at, ANNOTATION_DIGITS)}"
    ax.annotate(text, (m.at, m.value), xytext=ANNOTATION_OFFSET, textcoords="offset points",
                fontsize=ANNOTATION_SIZE, ha="right", va="bottom",
                arrowprops={"arrowstyle": "-", "color": "0.4", "linewidth": 0.8})


def figure(curves, orders=DEFAULT_ORDERS, xrange=DEFAULT_RANGE, samples=SAMPLES):
    """A matplotlib Figure of f (solid), f′ (dashed) and f″ (dotted) for one or more activations.

    ``curves``: names, ``(name, params)`` pairs or ``Curve`` objects; several
    overlay, one colour each. ``orders`` picks among 0 (f), 1 (f′), 2 (f″).
    Each line's ``gid`` is "label|order"; jumps are drawn as a break with a
    filled dot at the value the entry takes there (its kink convention) and
    an open dot at the other side's limit.
    """
    from matplotlib.figure import Figure

    curves = [_as_curve(s) for s in curves]
    orders = tuple(orders)
    fig = Figure(figsize=FIGSIZE if len(curves) == 1 else OVERLAY_FIGSIZE, layout="constrained")
    ax = fig.add_subplot()
    _style_axes(ax)
    single = len(curves) == 1
    cycle = [p["color"] for p in _color_cycle()]
    for i, c in enumerate(curves):
        sheet = analyse(c, cost=False)
        if single:
            colors = cycle[:3]
            labels = [f"${'f' + ORDER_TEX[k]}(x)$" for k in range(3)]
        else:  # one legend entry per activation, on its first curve; the title explains the styles
            colors = [cycle[i % len(cycle)]] * 3
            labels = ["_nolegend_"] * 3
            labels[orders[0]] = c.label
        _draw(ax, c, orders, xrange, samples, colors, sheet, labels)
        if single and 0 in orders:
            _annotate_minimum(ax, c, sheet, xrange)
    ax.set_xlim(*xrange)
    ax.set_xlabel("$x$")
    if single:
        ax.set_title(title(curves[0]), fontsize=TITLE_SIZE)
    else:
        shown = ", ".join(f"{ORDER_TEXT[k]} {_style_name(k)}" for k in orders)
        ax.set_title(f"{', '.join(c.name for c in curves)}\n{shown}", fontsize=TITLE_SIZE)
    if single:
        ax.legend(loc="best", framealpha=0.92, fontsize=LEGEND_SIZE)
    else:
        from matplotlib.lines import Line2D

        handles, labels = ax.get_legend_handles_labels()
        for k in orders:
            handles.append(Line2D([], [], color="0.2", linestyle=LINESTYLES[k], linewidth=LINEWIDTHS[k]))
            labels.append(ORDER_TEXT[k])
        fig.legend(handles, labels, loc="outside right upper", fontsize=LEGEND_SIZE, frameon=False)
    return fig


def _style_name(order):
    return ("solid", "dashed", "dotted")[order]


def _color_cycle():
    import matplotlib as mpl

    return list(mpl.rcParams["axes.prop_cycle"])


def grid_figure(specs=None, orders=DEFAULT_ORDERS, xrange=DEFAULT_RANGE, samples=SAMPLES // 2):
    """One figure with a panel per activation (default: the whole catalogue, in order)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from .registry import names

    curves = [_as_curve(s) for s in (names() if specs is None else specs)]
    rows = math.ceil(len(curves) / GALLERY_COLUMNS)
    fig = Figure(figsize=(GALLERY_PANEL[0] * GALLERY_COLUMNS, GALLERY_PANEL[1] * rows + 0.5),
                 layout="constrained")
    axes = fig.subplots(rows, GALLERY_COLUMNS, squeeze=False).ravel()
    colors = [p["color"] for p in _color_cycle()][:3]
    for ax, c in zip(axes, curves):
        _style_axes(ax)
        _draw(ax, c, orders, xrange, samples, colors, analyse(c, cost=False), [None] * 3)
        ax.set_xlim(*xrange)
        ax.set_title(c.view or c.label, fontsize=PANEL_TITLE_SIZE, family="monospace")
        ax.tick_params(labelsize=TICK_SIZE)
    for ax in axes[len(curves):]:
        ax.set_axis_off()
    handles = [Line2D([], [], color=colors[k], linestyle=LINESTYLES[k], linewidth=LINEWIDTHS[k],
                      label=f"{ORDER_TEXT[k]} ({_style_name(k)})") for k in orders]
    fig.legend(handles=handles, loc="outside upper center", ncols=len(orders), frameon=False)
    return fig


def save(fig, path):
    """Write fig to path; the format follows the suffix (.png, .svg or .pdf). Returns the Path."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"actlab.plot.save: unknown figure format {path.suffix!r}; use one of "
                         f"{', '.join('.' + f for f in FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=fmt, dpi=DPI if fmt == "png" else None)
    return path


def _draw_one(job):
    name, orders, xrange, path = job
    if name is None:  # the grid of every entry
        grid = grid_figure(None, orders, xrange)
        grid.savefig(path, format=path.suffix[1:], dpi=GALLERY_DPI if path.suffix == ".png" else None)
        return path
    return save(figure([name], orders, xrange), path)


def gallery(outdir, orders=DEFAULT_ORDERS, fmt="png", xrange=DEFAULT_RANGE):
    """One figure per catalogue entry, NAME.fmt, and the grid of all, gallery.fmt, in outdir.

    Returns the list of Paths written. The figures are drawn in one process per usable core.
    """
    from .registry import names

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    grid_job = (None, orders, xrange, outdir / f"gallery.{fmt}")  # the longest job goes first
    jobs = [grid_job] + [(name, orders, xrange, outdir / f"{name}.{fmt}") for name in names()]
    workers = min(len(jobs), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    if workers > 1:  # matplotlib draws on one core: one process per core
        # forked from a fork server that has imported actlab.plot: a plain fork of this process could
        # deadlock on a lock some thread holds (JAX, OpenMP, the caller's threads)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["actlab.plot"])
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            written = list(pool.map(_draw_one, jobs))
    else:
        written = [_draw_one(job) for job in jobs]
    return written[1:] + written[:1]
