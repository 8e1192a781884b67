"""Properties of an activation, computed from its own f, f′ and f″.

Nothing here is typed by hand: the range, monotonicity, smoothness class,
saturation, extrema, zeros of f′ and the mean output for standard normal input
are found by evaluating the registry's kernels on a grid, at ±∞, and refining
with root finders. ``TOLERANCE`` states how.

>>> import actlab.properties as ap
>>> p = ap.properties("silu")
>>> round(p.minimum.at, 6), round(p.minimum.value, 6)
(-1.278465, -0.278465)

Vector-valued entries are analysed along a one-dimensional section
(``curve``): the first output of ``entry(x·u)`` for a fixed direction u.
"""

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from .registry import Activation, get

# ---------------------------------------------------------------- tolerances
GRID_HALF_WIDTH = 32.0  # the grid covers [−32, 32] …
GRID_STEP = 2.0**-6  # … with step 1/64
VALUE_RTOL = 1e-9  # two values are equal within VALUE_RTOL·max(1, |value|)
SCAN_RTOL = 1e-3  # grid changes above SCAN_RTOL × the curve's scale are kink candidates
JUMP_STEP = 2.0**-30  # a jump at c is measured between c − h and c + h …
JUMP_STEP_COARSE = 2.0**-20  # … and must not shrink from this wider h
JUMP_ATOL = 1e-6  # smallest jump reported (relative to max(1, |values|))
JUMP_PERSISTENCE = 0.5  # a jump keeps at least this fraction from the coarse to the fine h
BISECTION_STEPS = 64  # interval halvings that locate a jump or an edge
SNAP_DECIMALS = 12  # located points are rounded to this many decimals
ROOT_XTOL = 1e-14  # brentq's absolute tolerance on roots of f′ and f″
MAX_CANDIDATES = 32  # kink candidates examined per derivative order
TAIL_PROBE = 1024.0  # the approach to a limit is measured at |x| = 1024 and 2048
RATE_DECIMALS = 2  # the power of a polynomial approach is shown to 2 decimals
POLYNOMIAL_MAX_POWER = 8.0  # decay faster than |x|^−8 between the probes reads "exponentially"
HERMITE_NODES = 96  # Gauss–Hermite nodes for E f(Z), Z ~ N(0, 1), when f is smooth
LEGENDRE_NODES = 64  # Gauss–Legendre nodes per smooth piece otherwise
NORMAL_CUTOFF = 12.0  # the pieces cover [−12, 12]; the normal mass beyond is below 1e-32
FD_STEP = np.finfo(np.float64).eps ** (1 / 3)  # central differences for f″ of sections …
FD_DECIMALS = 8  # … whose roots are good to about this many decimals
COST_ELEMENTS = 2**16  # float64 elements timed for the relative cost …
COST_REPEATS = 7  # … best of this many runs
COST_INPUT_HALF_WIDTH = 8.0  # timed inputs spread over [−8, 8]

#: Values given to required parameters when none is passed (PyTorch's PReLU init; two pieces).
EXAMPLE_REAL = 0.25
EXAMPLE_INT = 2
#: Section of an entry with a ``pieces`` parameter: pieces through 0 with slopes from 1 to this.
PIECES_LAST_SLOPE = -0.5


def _sci(v):
    """1e-09 → '1e-9'."""
    mantissa, exponent = f"{v:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


TOLERANCE = (
    f"Computed from actlab's own f, f′, f″ on a grid over [−{GRID_HALF_WIDTH:g}, {GRID_HALF_WIDTH:g}] "
    f"(step 1/{1 / GRID_STEP:g}) and at x = ±∞. Values are equal within {_sci(VALUE_RTOL)} (relative, "
    f"≥ {_sci(VALUE_RTOL)} absolute). A jump of f, f′ or f″ at c is a change above {_sci(JUMP_ATOL)} "
    f"between c ± 2^{math.log2(JUMP_STEP):g} that does not shrink from c ± 2^{math.log2(JUMP_STEP_COARSE):g}; "
    f"candidates are 0 and the grid intervals whose change stands out by {SCAN_RTOL:g} of the curve's "
    f"scale. C^∞ means no jump of f, f′ or f″ was found (higher derivatives are not examined). Minima, "
    f"maxima and zeros of f′ are refined by brentq to {_sci(ROOT_XTOL)}. E f(Z) by {HERMITE_NODES}-node "
    f"Gauss–Hermite quadrature, or {LEGENDRE_NODES}-node Gauss–Legendre per smooth piece of "
    f"[−{NORMAL_CUTOFF:g}, {NORMAL_CUTOFF:g}] when f has jumps. Features narrower than the step or "
    f"outside the grid may be missed."
)


# ------------------------------------------------------------------- section
@dataclass(frozen=True)
class Curve:
    """A real function of one real variable taken from a catalogue entry.

    For an elementwise entry it is the entry itself, with ``params``; for a
    vector-valued one, the first output of ``entry(x·u)`` (``view`` says which
    u). ``f``, ``grad`` and ``grad2`` map float64 arrays to float64 arrays;
    ``grad2_exact`` is False where f″ is a central difference of f′.
    """

    entry: Activation
    params: dict
    label: str
    view: str | None
    f: Callable
    grad: Callable
    grad2: Callable
    grad2_exact: bool = True

    @property
    def name(self):
        return self.entry.name


def _example(p):
    example = p.example
    if example is not None:
        return example
    if p.kind == "choice":
        return p.choices[0]
    return EXAMPLE_INT if p.kind == "int" else EXAMPLE_REAL


def _number_text(v):
    return f"{v:g}" if isinstance(v, (float, np.floating)) else str(v)


def curve(name, **params):
    """The ``Curve`` of the entry ``name`` (or an ``Activation``) with ``params``.

    Required parameters that are not given take ``EXAMPLE_REAL`` or
    ``EXAMPLE_INT``. Raises ValueError for an unknown name, TypeError or
    ValueError for a bad parameter (as the entry does).
    """
    entry = name if isinstance(name, Activation) else get(name)
    given = {**entry.bound, **params}
    for p in entry.params:
        if p.name not in given and p.required:
            given[p.name] = _example(p)
    shown = {k: v for k, v in given.items() if not (k == "axis" and not entry.elementwise)}
    label = entry.name + (f"({', '.join(f'{k}={_number_text(v)}' for k, v in shown.items())})" if shown else "")
    if entry.elementwise:
        entry(0.0, **given)  # validates the parameters now
        return Curve(entry, shown, label, None,
                     f=lambda x: entry(x, **given), grad=lambda x: entry.grad(x, **given),
                     grad2=lambda x: entry.grad2(x, **given))
    return _section(entry, given, shown, label)


def _direction(entry, given):
    section = getattr(entry, "section", None)
    if section is not None:
        return np.asarray(section.direction, dtype=np.float64)
    pieces = given.get("pieces")
    if pieces is not None:
        return np.linspace(1.0, PIECES_LAST_SLOPE, pieces) if pieces > 1 else np.ones(1)
    return np.array([1.0, 0.0])


def _component_text(s):
    return "x" if s == 1 else "0" if s == 0 else "−x" if s == -1 else f"{fmt_number(s)}x"


def _section(entry, given, shown, label):
    u = _direction(entry, given)

    section = getattr(entry, "section", None)
    output = section.output if section is not None else 0

    def lift(x):
        if section is not None:
            return section(x)
        x = np.asarray(x, dtype=np.float64)[..., None]
        with np.errstate(invalid="ignore"):  # ±∞·0 is 0 in the zero components
            return np.where(u != 0, x * u, 0.0)

    def f(x):
        return entry(lift(x), **given)[..., output]

    def grad(x):
        z = lift(x)
        return entry.jvp(z, np.broadcast_to(u, z.shape), **given)[..., output]

    def grad2(x):
        """f″ by differences of f′ that never straddle 0, where a section's kinks lie: central
        away from 0, one-sided (three points, second order) within two steps of it."""
        x = np.asarray(x, dtype=np.float64)
        step = FD_STEP * np.maximum(1.0, np.abs(x))
        central = (grad(x + step) - grad(x - step)) / (2.0 * step)
        side = np.where(x < 0, -step, step)
        one_sided = (4.0 * grad(x + side) - grad(x + 2.0 * side) - 3.0 * grad(x)) / (2.0 * side)
        return np.where((np.abs(x) < 2.0 * step) & (x != 0), one_sided, central)

    f(np.zeros(1))  # validates the parameters now
    view = section.text if section is not None else f"{entry.name}([{', '.join(_component_text(s) for s in u)}])[0]"
    settings = ", ".join(f"{k}={_number_text(v)}" for k, v in shown.items())
    return Curve(entry, shown, f"{view} with {settings}" if settings else view,
                 view, f=f, grad=grad, grad2=grad2, grad2_exact=False)


# ----------------------------------------------------------------- results
@dataclass(frozen=True)
class Jump:
    """A jump of the derivative of ``order`` (0: f itself) at ``x``: ``left`` → ``right``; ``value`` at x."""

    x: float
    order: int
    left: float
    right: float
    value: float


@dataclass(frozen=True)
class Extremum:
    """The infimum or supremum ``value`` of a function over ℝ.

    ``attained``: reached at a point ``at`` or on an interval ``on`` = (a, b)
    with ``closed`` = (a included, b included); otherwise it is a limit at ±∞
    (``value`` ±inf when unbounded).
    """

    value: float
    attained: bool
    at: float | None = None
    on: tuple | None = None
    closed: tuple = (True, True)

    def where(self):
        """'at x = …', 'on x ≤ …' or 'as x → ±∞' (text)."""
        if self.at is not None:
            return f"at x = {_fmt(self.at)}"
        if self.on is not None:
            return f"on {region_text(self.on, self.closed)}"
        return "not attained"


@dataclass(frozen=True)
class Tail:
    """The behaviour of f as x → ``side``·∞: limits of f and f′ and what kind of tail it is.

    ``kind``: "dead" (f′ = 0 exactly from ``dead_from`` on), "saturating"
    (f′ → 0, f → a finite limit, at ``rate``), "linear" (f′ → a nonzero
    slope), "sublinear" (f′ → 0, f unbounded), "superlinear" (|f′| → ∞).
    """

    side: int
    limit: float
    slope: float
    kind: str
    rate: str | None = None
    dead_from: float | None = None
    dead_closed: bool = True

    def describe(self):
        if self.kind == "dead":
            return f"dead: f′ = 0 and f = {_fmt(self.limit)} for {region_text(*self._dead_interval())}"
        if self.kind == "saturating":
            return f"saturates to {_fmt(self.limit)} {self.rate}; f′ → 0"
        if self.kind == "linear":
            return f"linear: f′ → {_fmt(self.slope)}"
        if self.kind == "sublinear":
            return f"unbounded, sublinear: f → {_fmt(self.limit)}, f′ → 0"
        return f"superlinear: f′ → {_fmt(self.slope)}"

    def _dead_interval(self):
        if self.side < 0:
            return (-math.inf, self.dead_from), (False, self.dead_closed)
        return (self.dead_from, math.inf), (self.dead_closed, False)


@dataclass(frozen=True)
class Properties:
    """The property sheet of one activation (see ``properties``).

    ``params``: the parameter values analysed; ``view``: the section of a
    vector entry (None if elementwise); ``f0`` = f(0); ``mean_normal`` =
    E f(Z), Z ~ N(0, 1); ``zero_centred``: both are 0 within VALUE_RTOL;
    ``minimum``, ``maximum``, ``max_abs_grad``: ``Extremum`` of f, f and |f′|;
    ``monotonic``: "increasing", "non-decreasing", "decreasing",
    "non-increasing" or "no"; ``smoothness``: "Cinf", "C1", "C0" or
    "discontinuous", from ``jumps``; ``left``, ``right``: ``Tail``;
    ``grad_zeros``: isolated zeros of f′; ``dead``: intervals where f′ = 0
    exactly, as ((a, b), (a included, b included)); ``cost``: time per
    element relative to one NumPy ufunc pass (NaN if not measured).
    """

    name: str
    params: dict
    view: str | None
    f0: float
    mean_normal: float
    zero_centred: bool
    minimum: Extremum
    maximum: Extremum
    monotonic: str
    smoothness: str
    jumps: tuple
    left: Tail
    right: Tail
    max_abs_grad: Extremum
    grad_zeros: tuple
    dead: tuple
    cost: float
    tolerance: str = field(default=TOLERANCE, repr=False)

    @property
    def range(self):
        """(inf f, sup f)."""
        return self.minimum.value, self.maximum.value

    @property
    def bounded_below(self):
        return math.isfinite(self.minimum.value)

    @property
    def bounded_above(self):
        return math.isfinite(self.maximum.value)

    @property
    def is_monotonic(self):
        return self.monotonic != "no"

    def range_text(self):
        """The range in interval notation, e.g. '(0, 1)' or '[−0.278465, ∞)'."""
        lo, hi = self.minimum, self.maximum
        return interval_text((lo.value, hi.value), (lo.attained, hi.attained))

    def smoothness_text(self):
        return SMOOTHNESS_TEXT[self.smoothness]

    def grad_vanishes(self):
        """Where f′ = 0, as a list of phrases."""
        places = [f"on {region_text(bounds, closed)}" for bounds, closed in self.dead]
        places += [f"at x = {_fmt(z)}" for z in self.grad_zeros]
        places += [f"as x → {'−' if t.side < 0 else '+'}∞" for t in (self.left, self.right)
                   if t.kind in ("saturating", "sublinear")]
        return places

    def to_dict(self):
        """A JSON-ready dict: ±inf and NaN become the strings "inf", "-inf", "nan"."""
        d = asdict(self)
        d.update(range=self.range_text(), bounded_below=self.bounded_below, bounded_above=self.bounded_above,
                 smoothness_text=self.smoothness_text(), grad_vanishes=self.grad_vanishes())
        d["left"]["describe"] = self.left.describe()
        d["right"]["describe"] = self.right.describe()
        return _jsonable(d)


SMOOTHNESS_TEXT = {"discontinuous": "discontinuous", "C0": "C⁰", "C1": "C¹", "Cinf": "C^∞"}
_SMOOTHNESS_BY_ORDER = ("discontinuous", "C0", "C1")


def _jsonable(v):
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (np.ndarray,)):
        return _jsonable(v.tolist())
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
    return v


def fmt_number(v, digits=6):
    """A number for reading: ``digits`` significant digits, −0 as 0, ∞ as ∞, a true minus sign."""
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v + 0.0:.{digits}g}".replace("-", "−")


_fmt = fmt_number


def interval_text(bounds, closed):
    """Interval notation: '(0, 1)', '[−0.278465, ∞)'."""
    a, b = bounds
    left = "[" if closed[0] and math.isfinite(a) else "("
    right = "]" if closed[1] and math.isfinite(b) else ")"
    return f"{left}{_fmt(a)}, {_fmt(b)}{right}"


def region_text(bounds, closed):
    """A set of x in words: 'x ≤ 0', 'x > 0', '−1 ≤ x ≤ 1', 'all x'."""
    a, b = bounds
    lower = f"{_fmt(a)} {'≤' if closed[0] else '<'} "
    upper = f" {'≤' if closed[1] else '<'} {_fmt(b)}"
    if math.isinf(a) and math.isinf(b):
        return "all x"
    if math.isinf(a):
        return "x" + upper
    if math.isinf(b):
        return f"x {'≥' if closed[0] else '>'} {_fmt(a)}"
    return lower + "x" + upper


# ---------------------------------------------------------------- analysis
def _grid():
    n = int(round(2 * GRID_HALF_WIDTH / GRID_STEP)) + 1
    return np.linspace(-GRID_HALF_WIDTH, GRID_HALF_WIDTH, n)


def _tol(v):
    return VALUE_RTOL * max(1.0, abs(float(v))) if math.isfinite(v) else 0.0


def _scalar(func, x):
    return float(np.asarray(func(np.array([x], dtype=np.float64)))[0])


def _bisect_jumps(g, a, b):
    """Locate a jump of g inside each [a_i, b_i] by halving towards the larger change."""
    ga, gb = g(a), g(b)
    for _ in range(BISECTION_STEPS):
        m = 0.5 * (a + b)
        gm = g(m)
        left = np.abs(gm - ga) <= np.abs(gm - gb)  # the jump lies in [m, b]
        a, ga = np.where(left, m, a), np.where(left, gm, ga)
        b, gb = np.where(left, b, m), np.where(left, gb, gm)
    return np.round(0.5 * (a + b), SNAP_DECIMALS) + 0.0


def _candidates(x, g):
    """Grid intervals where g changes much more than its neighbours: (a, b) arrays."""
    with np.errstate(invalid="ignore", over="ignore"):
        d = np.diff(g)
        resid = np.abs(d[1:-1] - 0.5 * (d[:-2] + d[2:]))
        scale = max(1.0, float(np.nanmax(np.abs(g[np.isfinite(g)]), initial=0.0)))
    resid = np.where(np.isfinite(resid), resid, 0.0)
    peak = (resid > SCAN_RTOL * scale)
    peak[1:] &= resid[1:] >= resid[:-1]
    peak[:-1] &= resid[:-1] > resid[1:]
    idx = np.flatnonzero(peak)
    idx = idx[np.argsort(resid[idx])[::-1][:MAX_CANDIDATES]] + 1  # interval [x_i, x_{i+1}]
    return x[idx], x[idx + 1]


def _find_jumps(c, x, values):
    """Jumps of f, f′, f″ (orders 0, 1, 2): candidates from the grid and 0, confirmed at c ± h."""
    funcs = (c.f, c.grad, c.grad2)
    points = {0.0}
    for g, gx in zip(funcs, values):
        a, b = _candidates(x, gx)
        if a.size:
            points.update(_bisect_jumps(g, a, b).tolist())
    pts = np.array(sorted(points))
    jumps = []
    with np.errstate(invalid="ignore", over="ignore"):
        for order, g in enumerate(funcs):
            left, right = g(pts - JUMP_STEP), g(pts + JUMP_STEP)
            wide = np.abs(g(pts + JUMP_STEP_COARSE) - g(pts - JUMP_STEP_COARSE))
            at = g(pts)
            size = np.abs(right - left)
            scale = np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
            found = (size > JUMP_ATOL * scale) & (size >= JUMP_PERSISTENCE * wide) & np.isfinite(size)
            jumps += [Jump(float(p), order, float(lv), float(rv), float(v))
                      for p, lv, rv, v in zip(pts[found], left[found], right[found], at[found])]
    return tuple(sorted(jumps, key=lambda j: (j.x, j.order)))


def _runs(mask):
    """(start, stop) index pairs of the runs of True in mask (stop inclusive)."""
    m = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return list(zip(edges[::2], edges[1::2] - 1))


def _edge(pred, inside, outside):
    """The boundary between a point where pred holds and one where it does not (last inside point)."""
    for _ in range(BISECTION_STEPS):
        m = 0.5 * (inside + outside)
        if m in (inside, outside):
            break
        if pred(m):
            inside = m
        else:
            outside = m
    return round(inside, SNAP_DECIMALS) + 0.0


def _run_interval(x, start, stop, pred, limit_ok):
    """The interval covered by a run of grid points where pred holds, edges refined; (bounds, closed)."""
    n = len(x)
    if start == 0 and limit_ok[0]:
        a, a_closed = -math.inf, False
    else:
        a = float(x[start]) if start == 0 else _edge(pred, float(x[start]), float(x[start - 1]))
        a_closed = pred(a)
    if stop == n - 1 and limit_ok[1]:
        b, b_closed = math.inf, False
    else:
        b = float(x[stop]) if stop == n - 1 else _edge(pred, float(x[stop]), float(x[stop + 1]))
        b_closed = pred(b)
    return (a, b), (bool(a_closed), bool(b_closed))


def _snap_to_jump(t, jumps):
    """The jump location within 2h of t, else t."""
    for j in jumps:
        if abs(j.x - t) <= 2 * JUMP_STEP:
            return j.x
    return t


def _genuine(bounds, jumps):
    """True if each finite end of an interval where f′ or f is flat lies at a jump.

    A flat stretch that ends where nothing jumps is an underflow to 0 (e.g.
    σ′(100x) for x < −7.45), not a dead or constant region.
    """
    return all(math.isinf(e) or any(abs(j.x - e) <= 2 * JUMP_STEP for j in jumps) for e in bounds)


def _minimum(func, deriv, x, gx, dgx, limits, jumps, decimals=None):
    """The infimum of func over ℝ from its grid values gx, its derivative dgx and its limits at ±∞."""
    from scipy.optimize import brentq, minimize_scalar

    n = len(x)
    i = int(np.nanargmin(gx))
    best = float(gx[i])
    tol = _tol(best)
    lo_limit = min(limits)
    if lo_limit < best - tol:
        return Extremum(lo_limit, False)
    near = gx <= best + tol
    start, stop = next((s, e) for s, e in _runs(near) if s <= i <= e)
    touches = start == 0 or stop == n - 1
    plateau = stop - start >= 2 and bool(np.all(dgx[start + 1:stop] == 0))
    if touches and not plateau:
        return Extremum(limits[0] if start == 0 else limits[1], False)
    if plateau:
        exact = bool(np.all(gx[start:stop + 1] == best))

        def pred(t):
            v = _scalar(func, t)
            return v == best if exact else abs(v - best) <= tol
        limit_ok = (abs(limits[0] - best) <= tol and _scalar(deriv, -math.inf) == 0,
                    abs(limits[1] - best) <= tol and _scalar(deriv, math.inf) == 0)
        on, closed = _run_interval(x, start, stop, pred, limit_ok)
        if _genuine(on, jumps):
            return Extremum(best, True, on=on, closed=closed)
        if touches:
            return Extremum(limits[0] if start == 0 else limits[1], False)
    a, b = float(x[max(start - 1, 0)]), float(x[min(stop + 1, n - 1)])
    da, db = _scalar(deriv, a), _scalar(deriv, b)
    if da < 0 < db:
        t = brentq(lambda s: _scalar(deriv, s), a, b, xtol=ROOT_XTOL)
    else:
        t = minimize_scalar(lambda s: _scalar(func, s), bounds=(a, b), method="bounded",
                            options={"xatol": ROOT_XTOL}).x
    t = _snap(_snap_to_jump(float(t), jumps), decimals)
    return Extremum(min(_scalar(func, t), best), True, at=t)


def _snap(t, decimals):
    """t rounded to ``decimals`` places (None: unchanged, but below 10^−SNAP_DECIMALS it is 0); −0 becomes 0."""
    if decimals is None:
        return (0.0 if abs(t) < 0.5 * 10.0**-SNAP_DECIMALS else t) + 0.0
    return round(t, decimals) + 0.0


def _negate(e):
    return Extremum(-e.value, e.attained, e.at, e.on, e.closed)


def _tail(c, side, dead):
    xinf = side * math.inf
    limit, slope = _scalar(c.f, xinf), _scalar(c.grad, xinf)
    outer = [(iv, closed) for iv, closed in dead if (iv[0] if side < 0 else iv[1]) == xinf]
    if outer:
        (a, b), (a_closed, b_closed) = outer[0]
        return Tail(side, limit, slope, "dead", dead_from=b if side < 0 else a,
                    dead_closed=b_closed if side < 0 else a_closed)
    if abs(slope) <= VALUE_RTOL:
        if not math.isfinite(limit):
            return Tail(side, limit, 0.0, "sublinear")
        near, far = (abs(_scalar(c.f, side * p) - limit) for p in (TAIL_PROBE, 2 * TAIL_PROBE))
        power = math.log2(near / far) if near > 0 and far > 0 else math.inf
        if power > POLYNOMIAL_MAX_POWER:
            rate = "exponentially"
        elif power > 0:
            rate = "like |x|^−" + f"{power:.{RATE_DECIMALS}f}".rstrip("0").rstrip(".")
        else:
            rate = f"only beyond |x| = {2 * TAIL_PROBE:g}"
        return Tail(side, limit, 0.0, "saturating", rate=rate)
    if math.isfinite(slope):
        return Tail(side, limit, slope, "linear")
    return Tail(side, limit, slope, "superlinear")


def _grad_zeros(c, x, dx, jumps):
    """Isolated zeros of f′ (roots of f′ found from sign changes on the grid, and exact grid zeros)."""
    from scipy.optimize import brentq

    zeros = []
    s = np.sign(dx)
    for start, stop in _runs(s == 0):
        if start == stop and 0 < start < len(x) - 1:
            zeros.append(float(x[start]))
    change = np.flatnonzero(s[:-1] * s[1:] < 0)
    for i in change:
        t = brentq(lambda v: _scalar(c.grad, v), float(x[i]), float(x[i + 1]), xtol=ROOT_XTOL)
        t = _snap_to_jump(float(t), jumps)
        if abs(_scalar(c.grad, t)) <= VALUE_RTOL:  # not a jump of f′ across 0
            zeros.append(round(t, SNAP_DECIMALS) + 0.0)
    return tuple(sorted(zeros))


def _mean_normal(c, jumps):
    """E f(Z) for Z ~ N(0, 1)."""
    cuts = sorted({j.x for j in jumps if abs(j.x) < NORMAL_CUTOFF})
    if not jumps:
        t, w = np.polynomial.hermite.hermgauss(HERMITE_NODES)
        return float(np.sum(w * c.f(math.sqrt(2.0) * t)) / math.sqrt(math.pi))
    t, w = np.polynomial.legendre.leggauss(LEGENDRE_NODES)
    edges = [-NORMAL_CUTOFF, *cuts, NORMAL_CUTOFF]
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        xs = 0.5 * (b - a) * t + 0.5 * (a + b)
        density = np.exp(-0.5 * xs * xs) / math.sqrt(2.0 * math.pi)
        total += 0.5 * (b - a) * float(np.sum(w * density * c.f(xs)))
    return total


def relative_cost(c):
    """Time per element of f relative to one NumPy ufunc pass (np.add(x, 1.0)), float64."""
    x = np.linspace(-COST_INPUT_HALF_WIDTH, COST_INPUT_HALF_WIDTH, COST_ELEMENTS)
    if c.entry.elementwise:
        run = c.f
    else:
        run = c.f  # the section evaluates the entry on a (N, k) array: time per input element
        x = x[: COST_ELEMENTS // len(_direction(c.entry, c.params))]

    def best(func):
        times = []
        for _ in range(COST_REPEATS):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        return min(times)

    reference = best(lambda: np.add(x, 1.0))
    return best(lambda: run(x)) / reference


def _monotonic(grid_signs, limit_signs, strict):
    """From the signs of f′ on the grid and at ±∞; ``strict`` when f′ vanishes on no interval."""
    signs = np.concatenate((grid_signs, limit_signs))
    if np.all(signs >= 0):
        return "increasing" if strict else "non-decreasing"
    if np.all(signs <= 0):
        return "decreasing" if strict else "non-increasing"
    return "no"


def properties(name, **params):
    """The property sheet of activation ``name`` with ``params``: a ``Properties``.

    Everything is computed from the entry's f, f′ and f″ (see ``TOLERANCE``).
    Vector entries are analysed along the section described by ``view``.

    >>> properties("sigmoid").range_text()
    '(0, 1)'
    """
    return analyse(name if isinstance(name, Curve) and not params else curve(name, **params))


def analyse(c, cost=True):
    """The ``Properties`` of a ``Curve``; ``cost=False`` skips the timing (``cost`` is then NaN)."""
    x = _grid()
    with np.errstate(all="ignore"):
        fx, dx, ddx = c.f(x), c.grad(x), c.grad2(x)
    jumps = _find_jumps(c, x, (fx, dx, ddx))
    decimals = None if c.grad2_exact else FD_DECIMALS
    if not c.grad2_exact:  # a central difference of f′ across a jump of f′ is no jump of f″
        kinks = [j.x for j in jumps if j.order < 2]
        jumps = tuple(j for j in jumps
                      if j.order < 2 or all(abs(j.x - k) > 2 * FD_STEP * max(1.0, abs(k)) for k in kinks))
    f_limits = (_scalar(c.f, -math.inf), _scalar(c.f, math.inf))
    g_limits = (_scalar(c.grad, -math.inf), _scalar(c.grad, math.inf))

    dead = []
    for start, stop in _runs(dx == 0):
        if stop > start:
            region = _run_interval(x, start, stop, lambda t: _scalar(c.grad, t) == 0,
                                   (g_limits[0] == 0, g_limits[1] == 0))
            if _genuine(region[0], jumps):
                dead.append(region)
    dead = tuple(dead)

    minimum = _minimum(c.f, c.grad, x, fx, dx, f_limits, jumps)
    maximum = _negate(_minimum(lambda t: -c.f(t), lambda t: -c.grad(t), x, -fx, -dx,
                               tuple(-v for v in f_limits), jumps))
    with np.errstate(invalid="ignore"):
        max_grad = _negate(_minimum(lambda t: -np.abs(c.grad(t)), lambda t: -np.sign(c.grad(t)) * c.grad2(t),
                                    x, -np.abs(dx), -np.sign(dx) * ddx, tuple(-abs(v) for v in g_limits),
                                    jumps, decimals))

    monotonic = _monotonic(np.sign(dx), np.sign(g_limits), strict=not dead)

    orders = [j.order for j in jumps]
    smoothness = _SMOOTHNESS_BY_ORDER[min(orders)] if orders else "Cinf"
    f0 = _scalar(c.f, 0.0)
    mean = _mean_normal(c, jumps)
    return Properties(
        name=c.name, params=dict(c.params), view=c.view, f0=f0, mean_normal=mean,
        zero_centred=abs(f0) <= VALUE_RTOL and abs(mean) <= VALUE_RTOL,
        minimum=minimum, maximum=maximum, monotonic=monotonic, smoothness=smoothness, jumps=jumps,
        left=_tail(c, -1, dead), right=_tail(c, 1, dead), max_abs_grad=max_grad,
        grad_zeros=_grad_zeros(c, x, dx, jumps), dead=dead, cost=relative_cost(c) if cost else math.nan,
    )
