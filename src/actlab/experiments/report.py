"""``actlab report``: one self-contained HTML page about the whole catalogue.

Sections: the catalogue table; every activation's figure, formulas and property sheet; the accuracy
check against high-precision references (``actlab.reference``, needs SymPy and mpmath); a short
benchmark (``actlab.bench``); the study notes' claims with their verdicts (``actlab claims``). Figures
are PNG embedded as base64 data URIs, so the page is one file that opens offline.

A section whose optional piece is missing (no matplotlib, no ``actlab.reference``, no SymPy/mpmath,
no ``actlab.bench``) says so instead of failing.
"""

import base64
import datetime
import html
import io
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from .._table import latex_text
from ..properties import TOLERANCE, analyse, curve, fmt_number
from ..registry import get, names

#: Figure resolution in the page.
FIGURE_DPI = 80
#: Accuracy check: points per sign (x and −x are both checked, and 0).
ACCURACY_POINTS = (1e-300, 1e-8, 1e-3, 0.1, 0.5, 1.0, 1.5, 3.0, 8.0, 20.0, 50.0, 300.0, 700.0)
#: Budgets the accuracy check compares with (the README's: float64 4 ulp; float32 1 ulp).
ULP_BUDGET = {"float64": 4.0, "float32": 1.0}
#: Derivative orders checked in float64 (f, f′, f″) and in float32 (f).
ACCURACY_WHATS = {"float64": ("f", "grad", "grad2"), "float32": ("f",)}
#: Short benchmark: elements, dtype and repeats passed to actlab.bench.run.
BENCH_N = 10**6
BENCH_DTYPE = "float32"
BENCH_REPEAT = 3

#: The measurement JSON shown under a claim is cut to this many characters.
MEASUREMENT_CHARS = 20000

VERDICT_CLASS = {"supported": "yes", "not supported": "no", "mixed": "mixed"}


@dataclass
class Section:
    id: str
    title: str
    body: str
    seconds: float = 0.0


@dataclass
class Page:
    sections: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def _e(text):
    return html.escape(str(text), quote=True)


def png_data_uri(fig, dpi=FIGURE_DPI):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def file_data_uri(path):
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _table(headers, rows, cls=""):
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _missing(what, why):
    return f'<p class="missing">{_e(what)} is not in this report: {_e(why)}</p>'


# ------------------------------------------------------------------ catalogue
def _params_text(entry):
    if not entry.params:
        return "—"
    return ", ".join(f"{p.name} (required)" if p.required else f"{p.name}={_value_text(p.default)}"
                     for p in entry.params)


def _value_text(v):
    return fmt_number(v) if isinstance(v, float) else str(v)


def catalogue_section(sheets):
    rows = []
    for name in names():
        entry, p = get(name), sheets[name]
        rows.append([f'<a href="#act-{_e(name)}"><code>{_e(name)}</code></a>', _e(entry.family),
                     _e(_params_text(entry)), f'<span class="formula">{_e(latex_text(entry.formulas["f"]))}</span>',
                     f'<span class="nowrap">{_e(p.range_text())}</span>', _e(p.smoothness_text()), _e(p.monotonic),
                     "yes" if p.zero_centred else "no"])
    note = ("<p class=\"note\">Vector-valued entries (softmax, maxout, the GLU family …) are described along a "
            "one-dimensional section, named on their card. Range, smoothness and monotonicity are computed from "
            "the registry's own f, f′, f″ (see the tolerance at the end of the page).</p>")
    return _table(["name", "family", "parameters", "f(x)", "range", "smooth", "monotonic", "zero-centred"],
                  rows, "catalogue") + note


def activation_cards(sheets, figures):
    from ..cli import property_rows

    cards = []
    for name in names():
        entry, p = get(name), sheets[name]
        formulas = "".join(f"<tr><th>{label}</th><td class=\"formula\">{_e(latex_text(entry.formulas[k]))}</td></tr>"
                           for k, label in (("f", "f(x)"), ("grad", "f′(x)"), ("grad2", "f″(x)"))
                           if k in entry.formulas)
        sheet = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in property_rows(p)
                        if k != "section")
        figure = (f'<img src="{figures[name]}" alt="{_e(name)}: f and f′" loading="lazy">' if name in figures
                  else '<p class="missing">no figure (matplotlib is not installed)</p>')
        view = f'<p class="note">Section: <code>{_e(p.view)}</code></p>' if p.view else ""
        refs = "".join(f"<li>{_e(r)}</li>" for r in entry.references)
        cards.append(
            f'<article class="card" id="act-{_e(name)}"><h3><code>{_e(name)}</code> <small>{_e(entry.family)}</small>'
            f'</h3><p>{_e(entry.summary)}</p>{figure}{view}<table class="kv">{formulas}</table>'
            f'<details><summary>property sheet</summary><table class="kv">{sheet}</table>'
            f'<p class="note">Kinks: {_e(entry.kink)}</p>'
            + (f'<p class="note">References:</p><ul class="refs">{refs}</ul>' if refs else "")
            + "</details></article>")
    return '<div class="cards">' + "".join(cards) + "</div>"


# ------------------------------------------------------------------ accuracy
def _reference_params(entry):
    from ..properties import EXAMPLE_INT, EXAMPLE_REAL

    params = {}
    for p in entry.params:
        if p.name == "axis":
            continue
        if p.required:
            params[p.name] = p.example if p.example is not None else (EXAMPLE_INT if p.kind == "int" else EXAMPLE_REAL)
        else:
            params[p.name] = p.default
    return params


def accuracy_rows(reference_module=None, entries=None):
    """[{name, params, float64: {what: max ulp}, float32: {...}, points, status}] against the references.

    ``reference_module`` has ``reference(name, params, what, xs)`` and ``ulp_errors(got, ref, dtype)``
    (default: ``actlab.reference``). Entries the references do not know are listed with status
    "no reference".
    """
    ref = reference_module
    if ref is None:
        from .. import reference as ref  # noqa: F811  (optional: the lead's module)
    xs = np.array(sorted({s * v for v in ACCURACY_POINTS for s in (-1.0, 1.0)} | {0.0}))
    rows = []
    for name in entries or names():
        entry = get(name)
        if not entry.elementwise:
            continue
        params = _reference_params(entry)
        call = {k: v for k, v in params.items()}
        row = {"name": name, "params": params, "points": int(xs.size), "float64": {}, "float32": {}}
        try:
            for dtype, whats in ACCURACY_WHATS.items():
                x = xs.astype(dtype)
                x64 = x.astype(np.float64)
                for what in whats:
                    fn = entry if what == "f" else getattr(entry, what)
                    with np.errstate(all="ignore"):
                        got = np.asarray(fn(x, **call), dtype=np.float64)
                    reference = ref.reference(name, params, what, x64)
                    errors = ref.ulp_errors(got, reference, dtype=np.dtype(dtype))
                    worst = int(np.argmax(errors))
                    row[dtype][what] = {"max_ulp": float(errors[worst]), "at": float(x64[worst])}
        except KeyError:
            row["status"] = "no reference"
            rows.append(row)
            continue
        ok = all(v["max_ulp"] <= ULP_BUDGET[d] for d in ACCURACY_WHATS for v in row[d].values())
        row["status"] = "within budget" if ok else "over budget"
        rows.append(row)
    return rows


def accuracy_section(reference_module=None, entries=None):
    try:
        rows = accuracy_rows(reference_module, entries)
    except ImportError as error:
        return _missing("The accuracy check", f"{error} (it needs actlab.reference, SymPy and mpmath: "
                                              f"pip install \"actlab[test]\")"), None
    def cell(row, dtype, what):
        v = row[dtype].get(what)
        if v is None:
            return "—"
        bad = v["max_ulp"] > ULP_BUDGET[dtype]
        text = f"{v['max_ulp']:.2f}" if math.isfinite(v["max_ulp"]) else "∞"
        where = f" <small>(x = {_e(fmt_number(v['at'], 4))})</small>" if v["max_ulp"] > 0.5 else ""
        return f'<span class="{"bad" if bad else "ok"}">{text}</span>{where}'

    body = []
    for r in rows:
        params = ", ".join(f"{k}={_value_text(v)}" for k, v in r["params"].items()) or "—"
        body.append([f"<code>{_e(r['name'])}</code>", _e(params), cell(r, "float64", "f"), cell(r, "float64", "grad"),
                     cell(r, "float64", "grad2"), cell(r, "float32", "f"), _e(r["status"])])
    n_ok = sum(r["status"] == "within budget" for r in rows)
    intro = (f"<p>Worst error in ulp over {rows[0]['points'] if rows else 0} points (0 and ±{{{', '.join(f'{v:g}' for v in ACCURACY_POINTS)}}}) "
             f"against SymPy/mpmath references evaluated until they settle. Budget: {ULP_BUDGET['float64']:g} ulp in "
             f"float64, {ULP_BUDGET['float32']:g} ulp in float32. <strong>{n_ok} of {len(rows)}</strong> entries "
             f"within budget. The test suite checks about 250 points per entry and more parameter sets.</p>")
    return intro + _table(["entry", "parameters", "f (f64)", "f′ (f64)", "f″ (f64)", "f (f32)", "status"], body,
                          "accuracy"), rows


# ------------------------------------------------------------------ benchmark
#: Benchmark columns shown when the rows have them: (key, header, kind).
BENCH_COLUMNS = (("name", "entry", "name"), ("actlab_ms", "actlab ms", "ms"),
                 ("allocating_ratio", "× np.copy", "ratio"), ("out_ms", "out= ms", "ms"),
                 ("limit_ms", "copy ms (limit)", "ms"), ("ratio", "× limit", "ratio"),
                 ("backward_ratio", "vjp × limit", "ratio"), ("notes_ms", "notes' NumPy ms", "ms"),
                 ("torch_ms", "PyTorch ms", "ms"))


def _bench_dict(row):
    if isinstance(row, dict):
        return row
    if hasattr(row, "to_dict"):
        return row.to_dict()
    return {key: getattr(row, key, None) for key, _, _ in BENCH_COLUMNS}


def bench_section(bench_module=None):
    try:
        bench = bench_module
        if bench is None:
            from .. import bench
        rows = [_bench_dict(r) for r in bench.run(n=BENCH_N, dtype=BENCH_DTYPE, repeat=BENCH_REPEAT)]
    except ImportError as error:
        return _missing("The benchmark", f"{error} (actlab.bench is not available in this version)"), None
    columns = [c for c in BENCH_COLUMNS if any(r.get(c[0]) is not None for r in rows)]

    def cell(r, key, kind):
        v = r.get(key)
        if kind == "name":
            return f"<code>{_e(v)}</code>"
        if not isinstance(v, (int, float)) or not math.isfinite(v):
            return "—"
        return _e(f"{v:.2f}×" if kind == "ratio" else _ms(v))

    body = [[cell(r, key, kind) for key, _, kind in columns] for r in rows]
    describe = getattr(bench, "kernels_description", None)
    ran = f" actlab ran {_e(describe())}." if describe else ""
    intro = (f"<p>Time of f on {BENCH_N:.0e} {BENCH_DTYPE} elements (median of {BENCH_REPEAT}) against the memory "
             f"limit, a copy of the same array, measured in the same run (<code>actlab.bench.run</code>; vector "
             f"entries run on a matrix of their own size). Times vary with the load on the machine: compare the "
             f"ratios.{ran}</p>").replace("1e+06", "10⁶")
    return intro + _table([h for _, h, _ in columns], body, "bench"), rows


def _ms(v):
    return f"{v:.2f}" if isinstance(v, (int, float)) and math.isfinite(v) else "—"


# ------------------------------------------------------------------ claims
def claims_section(data, figure_uris):
    """HTML of the claims from a claims.json dict; ``figure_uris``: {figure path in the JSON: data URI}."""
    counts = {}
    for c in data["claims"]:
        counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
    summary = ", ".join(f"{counts.get(v, 0)} {v}" for v in ("supported", "not supported", "mixed"))
    rows = [[str(c["number"]), f'<a href="#claim-{_e(c["key"])}">{_e(c["claim"])}</a>', _badge(c["verdict"]),
             _e(c["finding"])] for c in data["claims"]]
    head = (f"<p>Each claim of the study notes measured by a small seeded experiment (<code>{_e(data['command'])}</code>, "
            f"{data['total_seconds']:.0f} s{', quick settings' if data.get('quick') else ''}). Numbers are means ± "
            f"standard deviations over seeds; each verdict is the rule under it applied to these numbers. "
            f"<strong>{_e(summary)}.</strong></p>")
    table = _table(["#", "claim", "verdict", "what was measured"], rows, "claims")
    compare_table = _compare_table(data)
    details, shown = [], {}
    for c in data["claims"]:
        figs, seen = [], []
        for f in c.get("figures", []):
            if f not in figure_uris:
                continue
            if f in shown:  # each figure once: later claims point to it
                key, number = shown[f]
                seen.append(f'<a href="#claim-{_e(key)}">claim {number} above</a>')
            else:
                shown[f] = (c["key"], c["number"])
                figs.append(f'<img src="{figure_uris[f]}" alt="{_e(c["key"])}: {_e(f)}" loading="lazy">')
        also = f'<p class="note">Figure{"s" if len(seen) > 1 else ""}: under {", ".join(dict.fromkeys(seen))}.</p>' \
            if seen else ""
        caveat = f"<dt>Caveat</dt><dd>{_e(c['caveat'])}</dd>" if c.get("caveat") else ""
        extra = compare_table if c["key"] == "gelu_best" else ""
        measurement = json.dumps(c["measurement"], indent=1, ensure_ascii=False)[:MEASUREMENT_CHARS]
        details.append(
            f'<article class="claim" id="claim-{_e(c["key"])}"><h3>{c["number"]}. {_e(c["claim"])} '
            f'{_badge(c["verdict"])}</h3><blockquote lang="zh">{_e(c["source"])}</blockquote><dl>'
            f"<dt>Setup</dt><dd>{_e(c['setup'])}</dd><dt>Measured</dt><dd>{_e(c['finding'])}</dd>"
            f"<dt>Rule</dt><dd>{_e(c['rule'])}</dd>{caveat}</dl>"
            f'<div class="figs">{"".join(figs)}</div>{also}{extra}'
            f"<details><summary>measurement (JSON)</summary><pre>{_e(measurement)}</pre></details></article>")
    return head + table + "".join(details)


def _compare_table(data):
    """The accuracy table of claim 7 (every elementwise entry on digits), or ''."""
    compare = data.get("tables", {}).get("compare")
    if not compare:
        return ""
    from .claims import table_cells
    from .compare import ranking

    seeds = len(compare[0]["accuracy"]["values"])
    cells = [[_e(x) for x in table_cells(r, seeds)] for r in ranking(compare)]
    target = data["config"]["compare"]["target"]
    return ("<h4>Every elementwise entry on digits</h4>" +
            _table(["activation", "init", "accuracy", f"epochs to {target:g}", "dead", "grad ratio first/last",
                    "s/epoch"], cells, "compare"))


def glance(data):
    """One line for the page header: the claims' verdicts, counted, with badges."""
    counts = {v: sum(c["verdict"] == v for c in data["claims"]) for v in VERDICT_CLASS}
    badges = " ".join(f"{_badge(v)} × {n}" for v, n in counts.items())
    return f'<a href="#claims">The study notes\' {len(data["claims"])} claims</a>, measured: {badges}'


def _badge(verdict):
    return f'<span class="badge {VERDICT_CLASS.get(verdict, "mixed")}">{_e(verdict)}</span>'


def claims_from_json(path):
    """(claims dict, {figure path: data URI}) from a claims.json written by ``actlab claims``."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    uris = {}
    for c in data["claims"]:
        for f in c.get("figures", []):
            file = path.parent / f
            if file.is_file():
                uris[f] = file_data_uri(file)
    return data, uris


def claims_in_process(config, progress=None):
    """Run the claims now; (claims dict, {figure path: data URI})."""
    from .claims import FIGURES_OF, make_figures, run_claims

    report = run_claims(config, progress=progress)
    uris = {}
    try:
        figs, _ = make_figures(report)
    except ModuleNotFoundError:
        figs = {}
    for stem, fig in figs.items():
        key = f"figures/{stem}.png"
        uris[key] = png_data_uri(fig)
        for _, _, claim in report.claims:
            if claim.key in FIGURES_OF.get(stem, ()):
                claim.figures.append(key)
    return report.to_dict(), uris


# ------------------------------------------------------------------ page
CSS = """
:root { --fg:#1d232b; --muted:#5b6673; --line:#dde3ea; --bg:#fff; --soft:#f5f7fa; --accent:#1f6feb;
        --yes:#1a7f37; --no:#cf222e; --mixed:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.55 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif;
       color:var(--fg); background:var(--bg); }
header { background:#0d1b2a; color:#fff; padding:28px 32px 20px; }
header h1 { margin:0 0 6px; font-size:28px; }
header p { margin:4px 0; color:#c9d4e0; }
header .glance a { color:#fff; }
header code { background:#1b2b3c; color:#e6edf3; padding:1px 6px; border-radius:4px; }
nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line); padding:8px 32px; }
nav a { margin-right:18px; color:var(--accent); text-decoration:none; font-weight:600; }
main { max-width:1180px; margin:0 auto; padding:12px 32px 60px; }
h2 { margin-top:42px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 small { color:var(--muted); font-weight:400; font-size:13px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size:0.92em; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; margin:10px 0 18px; width:100%; }
th, td { border-bottom:1px solid var(--line); padding:5px 9px; text-align:left; vertical-align:top; }
thead th { background:var(--soft); position:sticky; top:0; font-size:13px; }
tbody tr:nth-child(even) { background:#fafbfc; }
.formula { font-family: "STIX Two Math", "Cambria Math", Georgia, serif; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(340px, 1fr)); gap:18px; }
.card { border:1px solid var(--line); border-radius:10px; padding:12px 14px; background:#fff; }
.card h3 { margin:2px 0 4px; }
.card p { margin:4px 0 8px; color:var(--muted); font-size:14px; }
.card img, .claim img { width:100%; height:auto; border:1px solid var(--line); border-radius:6px; background:#fff; }
table.kv th { width:34%; background:none; font-weight:600; color:var(--muted); font-size:13px; position:static; }
table.kv td { font-size:13px; }
details summary { cursor:pointer; color:var(--accent); margin:6px 0; }
.note { color:var(--muted); font-size:13px; }
.missing { background:#fff8e1; border:1px solid #f0d48a; padding:8px 12px; border-radius:6px; }
.badge { display:inline-block; padding:1px 9px; border-radius:11px; font-size:12px; font-weight:700; color:#fff;
         vertical-align:middle; white-space:nowrap; }
.badge.yes { background:var(--yes); } .badge.no { background:var(--no); } .badge.mixed { background:var(--mixed); }
.claim { border:1px solid var(--line); border-radius:10px; padding:6px 18px 12px; margin:16px 0; }
.claim blockquote { margin:6px 0; padding:4px 12px; border-left:4px solid var(--line); color:var(--muted); }
.claim dl { display:grid; grid-template-columns:110px 1fr; gap:4px 12px; }
.claim dt { font-weight:700; color:var(--muted); }
.claim dd { margin:0; }
.figs { display:grid; grid-template-columns:repeat(auto-fit, minmax(420px, 1fr)); gap:12px; }
pre { background:var(--soft); padding:10px; border-radius:6px; overflow:auto; max-height:320px; font-size:12px; }
.nowrap { white-space:nowrap; }
.ok { color:var(--yes); font-weight:600; } .bad { color:var(--no); font-weight:700; }
ul.refs { margin:0; padding-left:18px; font-size:12px; color:var(--muted); }
footer { color:var(--muted); font-size:12px; max-width:1180px; margin:0 auto; padding:0 32px 40px; }
"""


def render(sections, meta):
    nav = "".join(f'<a href="#{s.id}">{_e(s.title)}</a>' for s in sections)
    summary_line = f'<p class="glance">{meta["glance"]}</p>' if meta.get("glance") else ""
    body = "".join(f'<section id="{s.id}"><h2>{_e(s.title)}</h2>{s.body}</section>' for s in sections)
    times = ", ".join(f"{s.title.lower()} {s.seconds:.1f} s" for s in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>actlab report — {len(names())} activation functions</title><style>{CSS}</style></head><body>"
        f"<header><h1>actlab — activation functions, measured</h1>"
        f"<p>{len(names())} activations: formulas, figures, property sheets, accuracy, speed, and the study notes' "
        f"claims tested by experiment.</p><p>actlab {__version__} · written {_e(meta['date'])} by "
        f"<code>{_e(meta['command'])}</code> in {meta['seconds']:.0f} s</p>{summary_line}</header>"
        f"<nav>{nav}</nav><main>{body}</main>"
        f"<footer><p>Property sheets: {_e(TOLERANCE)}</p><p>Sections: {_e(times)}.</p></footer></body></html>\n"
    )


def build(outdir, *, claims_config=None, claims_json=None, accuracy=True, bench=True, progress=None,
          reference_module=None, bench_module=None, accuracy_entries=None, command="actlab report"):
    """Write outdir/report.html; returns (path, {section id: seconds})."""
    start = time.perf_counter()
    sections = []

    t = time.perf_counter()
    sheets = {}
    for name in names():
        sheets[name] = analyse(curve(name), cost=True)
    sections.append(Section("catalogue", "Catalogue", catalogue_section(sheets), time.perf_counter() - t))

    t = time.perf_counter()
    figures = {}
    try:
        from .. import plot

        for name in names():
            figures[name] = png_data_uri(plot.figure([curve(name)]))
            if progress is not None:
                progress.show(f"figure {name}")
    except ModuleNotFoundError:
        figures = {}
    sections.append(Section("activations", "Activations", activation_cards(sheets, figures), time.perf_counter() - t))

    t = time.perf_counter()
    if accuracy:
        body, _ = accuracy_section(reference_module, accuracy_entries)
    else:
        body = _missing("The accuracy check", "skipped (--no-accuracy)")
    sections.append(Section("accuracy", "Accuracy", body, time.perf_counter() - t))

    t = time.perf_counter()
    body = bench_section(bench_module)[0] if bench else _missing("The benchmark", "skipped (--no-bench)")
    sections.append(Section("speed", "Speed", body, time.perf_counter() - t))

    t = time.perf_counter()
    if claims_json is not None:
        data, uris = claims_from_json(claims_json)
    else:
        data, uris = claims_in_process(claims_config, progress)
    sections.append(Section("claims", "Claims", claims_section(data, uris), time.perf_counter() - t))

    meta = {"date": datetime.date.today().isoformat(), "command": command, "seconds": time.perf_counter() - start,
            "glance": glance(data)}
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "report.html"
    path.write_text(render(sections, meta), encoding="utf-8")
    return path, {s.id: s.seconds for s in sections}
