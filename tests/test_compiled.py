"""The compiled path: same values as the NumPy path, threads, out=, and its constants."""

import importlib.util
import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import ml_dtypes
import mpmath
import numpy as np
import pytest

import actlab
from actlab import _compiled, _constants, _special
from actlab.reference import ulp_errors
from conftest import ELEMENTWISE, case_id, has_compiled_kernel

pytestmark = pytest.mark.skipif(not _compiled.available(), reason="compiled kernels not built")
AGREE_ULP = 8  # both paths are within 4 ulp of the truth …
AGREE_ABS = 8 * np.finfo(np.float64).eps  # … or within 4·eps near an interior zero of a derivative


def points(rng):
    return np.concatenate([rng.normal(size=3000) * 4, rng.uniform(-800, 800, 1000),
                           [0.0, -0.0, 5e-324, -1e-310, 1e300, -1e300, np.inf, -np.inf, np.nan]])


COMPILED = [case for case in ELEMENTWISE if has_compiled_kernel(*case)]


def spacing_error(a, b, dtype=np.float64):
    """|a − b| in units of ``dtype``'s spacing at b."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.spacing(np.abs(b).astype(dtype)).astype(np.float64)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, np.finfo(np.float64).smallest_subnormal)
    with np.errstate(invalid="ignore"):
        return np.where(same, 0.0, np.abs(a - b) / scale)


@pytest.mark.parametrize("case", COMPILED, ids=case_id)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, ml_dtypes.bfloat16])
def test_compiled_and_numpy_paths_agree(case, dtype, rng, monkeypatch):
    name, params = case
    entry = actlab.get(name)
    with np.errstate(over="ignore"):  # 1e300 becomes inf in float32
        x = points(rng).astype(dtype)
    g = rng.normal(size=x.shape).astype(dtype)
    calls = {"f": lambda: entry(x, **params), "grad": lambda: entry.grad(x, **params),
             "grad2": lambda: entry.grad2(x, **params), "vjp": lambda: entry.vjp(x, g, **params),
             "value_and_grad": lambda: np.stack(entry.value_and_grad(x, **params))}
    for what, call in calls.items():
        fast = call()
        monkeypatch.setenv(_compiled.ENGINE_VARIABLE, "numpy")
        pure = call()
        monkeypatch.delenv(_compiled.ENGINE_VARIABLE)
        assert fast.dtype == pure.dtype == dtype
        bound = AGREE_ULP if dtype == np.float64 else 1
        if params.get("approximate") == "tanh":
            bound *= 16
        err = spacing_error(fast, pure, dtype)
        with np.errstate(invalid="ignore"):
            near_zero = np.abs(fast.astype(np.float64) - pure.astype(np.float64)) <= AGREE_ABS
        err = np.where(near_zero, 0.0, err)
        assert err.max() <= bound, f"{name} {what}: {err.max()} ulp apart at x = {x.ravel()[np.argmax(err)]}"


@pytest.mark.parametrize("name", ["sigmoid", "gelu", "softplus"])
def test_threads_give_identical_results_and_out_is_filled(name, rng):
    entry = actlab.get(name)
    x = rng.normal(size=(300, 301)).astype(np.float32) * 5
    one = entry(x, threads=1)
    for threads in (2, 3):
        np.testing.assert_array_equal(entry(x, threads=threads), one)
    out = np.empty_like(x)
    assert entry(x, out=out) is out
    np.testing.assert_array_equal(out, one)
    strided = np.empty((300, 602), np.float32)[:, ::2]
    entry(x, out=strided)
    np.testing.assert_array_equal(strided, one)
    f, g = np.empty_like(x), np.empty_like(x)
    entry.value_and_grad(x, out=(f, g))
    np.testing.assert_array_equal(f, one)
    np.testing.assert_array_equal(g, entry.grad(x))
    with pytest.raises(ValueError, match="out must have shape"):
        entry(x, out=np.empty((2, 2), np.float32))
    with pytest.raises(ValueError, match="out must have shape .* and dtype float32"):
        entry(x, out=np.empty(x.shape, np.float64))
    with pytest.raises(ValueError, match="threads must be a positive integer"):
        entry(x, threads=0)


@pytest.mark.parametrize("case", COMPILED, ids=case_id)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_value_and_grad_written_over_its_input(case, dtype, rng):
    """(f, f′) with out=(x, g) or out=(f, x): the same values as into fresh arrays (float32 gelu's f′ read
    its f where f was written over x)."""
    name, params = case
    entry = actlab.get(name)
    x = (rng.normal(size=3000) * 4).astype(dtype)
    value, slope = entry.value_and_grad(x, **params)
    for which in (0, 1):
        inout, other = x.copy(), np.empty_like(x)
        entry.value_and_grad(inout, out=(inout, other) if which == 0 else (other, inout), **params)
        np.testing.assert_array_equal(inout, value if which == 0 else slope)
        np.testing.assert_array_equal(other, slope if which == 0 else value)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, ml_dtypes.bfloat16])
def test_swish_at_beta_one_is_silu_to_the_bit(dtype, rng):
    """swish at β = 1 takes silu's kernel (silu's float32 f is the faster table form), other β its own;
    f, f′, f″ and the vjp are silu's bits (for float16 and bfloat16 on every bit pattern)."""
    swish_at = {beta: _compiled.plan(actlab.swish, actlab.swish._resolve({"beta": beta}), np.dtype(dtype))
                for beta in (1.0, 1.5)}
    assert swish_at[1.0][0] == _compiled.plan(actlab.silu, {}, np.dtype(dtype))[0] != swish_at[1.5][0]
    if np.dtype(dtype).itemsize == 2:
        x = np.arange(2**16, dtype=np.uint16).view(dtype)
    else:
        x = np.concatenate([rng.normal(size=100_000) * 8, [0.0, -0.0, np.inf, -np.inf, np.nan]]).astype(dtype)
    bits = f"u{np.dtype(dtype).itemsize}"
    for method in ("__call__", "grad", "grad2"):
        got, want = getattr(actlab.swish, method)(x, beta=1.0), getattr(actlab.silu, method)(x)
        np.testing.assert_array_equal(got.view(bits), want.view(bits))
    np.testing.assert_array_equal(actlab.swish.vjp(x, x, beta=1.0).view(bits), actlab.silu.vjp(x, x).view(bits))


def test_thread_count_comes_from_the_environment(monkeypatch):
    from actlab import _evaluate
    monkeypatch.setenv(_evaluate.THREADS_VARIABLE, "3")
    assert _evaluate.default_threads() == 3
    monkeypatch.setenv(_evaluate.THREADS_VARIABLE, "zero")
    with pytest.raises(ValueError, match="ACTLAB_NUM_THREADS"):
        actlab.relu(np.ones(3))


def test_compiled_calls_take_one_thread_below_parallel_from(monkeypatch):
    """The default team of a compiled call: $ACTLAB_NUM_THREADS where set (checked, at any size), else
    one thread below PARALLEL_FROM elements and the usable cores from there on."""
    from actlab import _evaluate
    monkeypatch.delenv(_evaluate.THREADS_VARIABLE, raising=False)
    small, large = _compiled.PARALLEL_FROM - 1, _compiled.PARALLEL_FROM
    assert _compiled.default_threads(small) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert _compiled.default_threads(large) == cores
    monkeypatch.setenv(_evaluate.THREADS_VARIABLE, "3")
    assert _compiled.default_threads(small) == _compiled.default_threads(large) == 3
    monkeypatch.setenv(_evaluate.THREADS_VARIABLE, "0")
    with pytest.raises(ValueError, match="ACTLAB_NUM_THREADS"):
        actlab.softmax(np.ones((2, 3)))


def test_the_compiled_constants_are_the_package_constants():
    from actlab import _kernels
    for name, value in _kernels.constants().items():
        module = _constants if hasattr(_constants, name) else _special
        if hasattr(module, name):
            assert value == getattr(module, name), name
    assert _kernels.constants()["LOG_MAX"] == np.log(np.finfo(np.float64).max)
    assert _kernels.constants()["LOG_TINY"] == -np.log(np.finfo(np.float64).tiny)


ROOT = Path(__file__).resolve().parents[1]
HEADER = ROOT / "src" / "actlab" / "_kernels_math.h"


def fitting_tool(name):
    """tools/NAME.py, a script that fits one of the header's polynomials, as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_the_float64_normal_tail_table_is_its_fit():
    """The header's table of S (float64 GELU) is what its fitting tool computes, within 2^-55.5."""
    tool = fitting_tool("fit_normal_tail_float64")
    rows, worst = tool.table()
    header = HEADER.read_text()
    body = header[header.index(f"NORMAL_TAIL_TABLE[{tool.PIECES}][{tool.DEGREE + 2}] = {{"):]
    stored = [[float.fromhex(c) for c in row.split(", ")] for row in re.findall(r"\{(0x[^{}]*)\}", body[:body.index("};")])]
    assert stored == rows
    assert worst < 2.0**-55.5


def test_the_normal_cdf_table_is_its_tools():
    """GELU's table of Φ(−r) and φ(r) is what tools/normal_cdf_table.py writes from mpmath, the header's
    P_j and Q_j are the tool's exact coefficients rounded, and what they leave out is below 2^-57 of
    Φ(−a) (float64, a <= 12), 2^-40 (float32's shorter polynomials, a <= 15) and 2^-59 of φ(a)."""
    tool = fitting_tool("normal_cdf_table")
    assert (HEADER.parent / "_kernels_normal_cdf.h").read_text() == tool.header()
    for j, degree in enumerate(tool.FLOAT64_DEGREES):
        assert header_table(f"NORMAL_CDF_P{j}") == [float(tool.coefficient(j, k)) for k in range(degree + 1)]
    for j, degree in enumerate(tool.DENSITY_DEGREES):  # Q0 without its constant 1 (E − 1 over u)
        assert header_table(f"NORMAL_DENSITY_Q{j}") == [float(tool.density_coefficient(j, k))
                                                       for k in range(1 if j == 0 else 0, degree + 1)]
    assert all(d32 <= d64 for d32, d64 in zip(tool.FLOAT32_DEGREES, tool.FLOAT64_DEGREES))
    assert header_constant_define("NORMAL_CDF_STEP") == tool.STEP
    assert header_constant_define("NORMAL_CDF_MAX") == tool.FLOAT64_MAX
    assert header_constant_define("NORMAL_CDF_END") == tool.A_MAX
    cdf64, cdf32, density = tool.truncations()
    assert cdf64 < 2.0**-57 and cdf32 < 2.0**-40 and density < 2.0**-59


def header_constant_define(name):
    """The value of the header's #define NAME."""
    return header_value(re.search(rf"^#define {name} (\S+)", HEADER.read_text(), re.M).group(1))


def test_float64_gelu_near_forms(rng):
    """The float64 GELU's table forms (|x| <= 12) against mpmath: f within 1 ulp (measured 0.81), f′
    within 2 ulp (measured 1.65) where |d| is largest (midway between the grid's points), at the ends,
    and up to 0.05 from the zero of f′; within 10^-3 of it, f′ within 2^-60 absolute (measured
    2^-61.8; the tail form was off by 2^-54 there)."""
    grid = np.arange(-12 * 128, 12 * 128 + 1) / 128
    x = np.concatenate([rng.uniform(-12, 12, 3000), rng.uniform(-1, 1, 500), grid[::7],
                        (grid[:-1] + 1 / 256)[::5], np.nextafter(grid[::11], np.inf), [12.0, -12.0]])
    with mpmath.workdps(40):
        zero = float(mpmath.findroot(lambda a: mpmath.ncdf(-a) - a * mpmath.npdf(a), 0.75))
        ulp = ulp_errors(actlab.gelu(x), [mpmath.mpf(v) * mpmath.ncdf(v) for v in x])
        assert ulp.max() <= 1.0, f"f: {ulp.max()} ulp at x = {x[np.argmax(ulp)]}"
        x = x[np.abs(x + zero) > 0.05]
        ulp = ulp_errors(actlab.gelu.grad(x), [mpmath.ncdf(v) + v * mpmath.npdf(v) for v in x])
        assert ulp.max() <= 2.0, f"f′: {ulp.max()} ulp at x = {x[np.argmax(ulp)]}"
        x = -zero + rng.uniform(-1e-3, 1e-3, 1000)
        error = [abs(g - (mpmath.ncdf(v) + v * mpmath.npdf(v))) for g, v in zip(actlab.gelu.grad(x), x)]
        assert max(error) <= 2.0**-60, f"f′ near its zero: {float(max(error))}"


def test_float64_gelu_far_elements_among_near_ones(rng):
    """Tiles whose elements are beyond the table (|x| > 12, ±inf, NaN) among near ones, in place
    (out=x): each element is what it is alone, for f, f′, the vjp and (f, f′)."""
    x = rng.normal(size=5000) * 3
    x[rng.integers(0, x.size, 300)] = rng.choice([12.0, -12.000000000000002, 13.0, -20.0, -38.0, np.inf,
                                                  -np.inf, np.nan, 1e300], 300)
    g = rng.normal(size=x.size)
    alone = np.array([actlab.gelu(np.array([v]))[0] for v in x])
    slope = np.array([actlab.gelu.grad(np.array([v]))[0] for v in x])
    inplace = x.copy()
    assert actlab.gelu(inplace, out=inplace) is inplace
    np.testing.assert_array_equal(inplace, alone)
    np.testing.assert_array_equal(actlab.gelu(x, threads=2), alone)
    inplace = x.copy()
    np.testing.assert_array_equal(actlab.gelu.grad(inplace, out=inplace), slope)
    inplace = g.copy()
    np.testing.assert_array_equal(actlab.gelu.vjp(x, inplace, out=inplace), g * slope)
    for pair in actlab.gelu.value_and_grad(x), actlab.gelu.value_and_grad(x.copy(), out=(np.empty_like(x), x.copy())):
        np.testing.assert_array_equal(pair[0], alone)
        np.testing.assert_array_equal(pair[1], slope)


def header_value(text):
    """A C literal of the header: hexadecimal or decimal, or a quotient of two decimals."""
    numerator, _, denominator = text.strip().partition("/")
    if denominator:
        return float(numerator) / float(denominator)
    return float.fromhex(numerator) if "x" in numerator else float(numerator)


def header_table(name):
    """The values of the header's array NAME."""
    header = HEADER.read_text()
    body = header[header.index(f"double {name}["):]
    return [header_value(c) for c in re.split(r",\s*", body[body.index("{") + 1:body.index("}")].strip())]


def header_constant(name):
    """The value of the header's scalar constant NAME."""
    return header_value(re.search(rf"\b{name} = ([^,;]+)[,;]", HEADER.read_text()).group(1))


def test_the_float32_exponential_is_its_fit():
    """exp_lite's polynomial P (e^r = 1 + r P(r)) is what its fitting tool computes, within 2^-43, and
    exp_taylor_lite's is the Taylor polynomial of (e^r − 1)/r: coefficients 1/(j + 1)!."""
    powers, worst = fitting_tool("fit_exp_float32").fit()
    assert header_table("EXP_LITE_POLY") == [float(c) for c in powers]
    assert worst < 2.0**-43
    assert header_table("EXP_TAYLOR_POLY") == [1.0 / math.factorial(j + 1) for j in range(10)]


def test_the_float32_glu_exponential_is_its_fit():
    """exp_neg_sixteenths's Q(rn) = P(−rn) (e^r = 1 + r P(r) for |r| ≤ ln2/32) is what its fitting tool
    computes, P within 2^-41, and its table holds 2^{j/16} rounded once (mpmath), each with j·2^48 taken
    from its bits."""
    powers, worst = fitting_tool("fit_exp_float32").fit_sixteenths()
    assert header_table("EXP_SIXTEENTHS_POLY") == powers
    assert worst < 2.0**-41
    held = np.array(header_table("EXP2_SIXTEENTHS")).view(np.uint64) + (np.arange(16, dtype=np.uint64) << np.uint64(48))
    assert held.view(np.float64).tolist() == [float(mpmath.power(2, mpmath.mpf(j) / 16)) for j in range(16)]


def test_float32_glu_is_rounded_once():
    """glu's float32 rows (a/(1 + e^{-b}), e^{-b} from the table of 2^{j/16}) against mpmath: within
    ROUNDED_ONCE of a·σ(b) across the reduction's range, at and beyond the cut of 210 and near float32's
    largest b, in rows of 13 (the vector loop and its remainder)."""
    rng = np.random.default_rng(7)
    b = np.concatenate([np.linspace(-215, 215, 1999), [-210.0, 210.0, -209.99, 209.99, -210.01, 210.01, -1e3, 1e3,
                                                       -3e38, 3e38, 1e-30, -1e-30, 0.0]])
    b = np.concatenate([b, rng.normal(size=13 * 155 - b.size) * 8]).astype(np.float32)
    a = (rng.normal(size=b.size) * 10.0 ** rng.integers(-30, 30, b.size)).astype(np.float32)
    a[::3] = 1.0
    got = actlab.glu(np.concatenate([a.reshape(-1, 13), b.reshape(-1, 13)], axis=1)).ravel()
    assert got.dtype == np.float32
    with mpmath.workdps(40):
        ref = np.array([float(mpmath.mpf(float(u)) / (1 + mpmath.exp(-mpmath.mpf(float(v))))) for u, v in zip(a, b)])
    err = np.abs(got - ref) / np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
    assert err.max() <= ROUNDED_ONCE, f"{err.max()} ulp at a = {a[np.argmax(err)]}, b = {b[np.argmax(err)]}"


@pytest.mark.parametrize("name, s", [("scaled_sigmoid", 0.5), ("tanh", 1.0)])
def test_float32_logistic_odd_forms_are_rounded_once(name, s):
    """float32 scaled_sigmoid and tanh, f = tanh(s x)/s = 2c/(2 - c)/(2s) with c = 1 - e^{-2 s x} from the
    table's reduction, against mpmath (f' = sech(s x)^2): f and f' within ROUNDED_ONCE about the
    reduction's steps ((j + 1/2) ln 2/16 in 2 s x, where t = 2^{-j/16} and 1 - t, t rn Q(rn) meet), near
    0 (with -0's sign), out to saturation and beyond the exponential's clip, in an array of 923 (the
    vector loop and a scalar remainder); value_and_grad and the vjp give the same bits as f and f';
    NaN comes out NaN."""
    steps = (np.arange(-4, 4) + 0.5) * math.log(2) / 16 / (2 * s)
    near = (steps[:, None] * (1 + np.linspace(-1e-4, 1e-4, 11))).ravel()
    x = np.concatenate([near, np.geomspace(1e-30, 1, 200), -np.geomspace(1e-30, 1, 200), np.linspace(-120, 120, 401),
                        [0.0, -0.0, 105.0, -105.0, 210.0, -210.0, 3e38, -3e38, np.inf, -np.inf]])
    x = np.concatenate([x, np.random.default_rng(3).normal(size=923 - x.size) * 4]).astype(np.float32)
    entry = actlab.get(name)
    f, g = entry(x), entry.grad(x)
    value, slope = entry.value_and_grad(x)
    assert f.dtype == g.dtype == np.float32
    assert f.tobytes() == value.tobytes() and g.tobytes() == slope.tobytes()
    assert entry.vjp(x, np.ones_like(x)).tobytes() == g.tobytes()
    assert np.signbit(f[x == 0]).tolist() == np.signbit(x[x == 0]).tolist()
    with mpmath.workdps(40):
        f_ref = np.array([float(mpmath.tanh(mpmath.mpf(float(v)) * s) / s) for v in x])
        g_ref = np.array([float(mpmath.sech(mpmath.mpf(float(v)) * s) ** 2) for v in x])
    for got, ref in ((f, f_ref), (g, g_ref)):
        err = np.abs(got - ref) / np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
        assert err.max() <= ROUNDED_ONCE, f"{err.max()} ulp at x = {x[np.argmax(err)]}"
    assert np.isnan(entry(np.full(13, np.nan, np.float32))).all()


def test_the_float32_log1p_is_its_fit():
    """log1p_lite's polynomial P (log(1 + t) = t P(t) on [0, 1]) is what its fitting tool computes, within
    2^-38 (with the exponential's and the quotient's errors, below the float32 contract's 2^-37)."""
    powers, worst = fitting_tool("fit_log1p_float32").fit()
    assert header_table("LOG1P_POLY") == [float(c) for c in powers]
    assert worst < 2.0**-38


def test_the_float32_tanhshrink_near_zero_is_its_fit():
    """tanhshrink's c (x − tanh x = x³ c(x²) below 1/2) is what its fitting tool computes, within 2^-41."""
    powers, worst = fitting_tool("fit_tanhshrink_float32").fit()
    assert header_table("TANHSHRINK_POLY") == [float(c) for c in powers]
    assert worst < 2.0**-41


def test_the_float32_gelu_slope_polynomial_is_its_fit():
    """R (gelu′(−a) = e^{−a²/2} (a0 − a) R(t)) is what its tool fits, within 2^-41, and a0
    (gelu′(−a0) = 0, checked here by mpmath) is its two-part constant."""
    tool = fitting_tool("fit_normal_tail_float32")
    powers, worst = tool.fit(tool.slope_target, tool.SLOPE_DEGREE)
    assert header_table("GELU_SLOPE_POLY") == [float(c) for c in powers]
    assert worst < 2.0**-41
    zero = mpmath.mpf(header_constant("GELU_SLOPE_ZERO_HI")) + mpmath.mpf(header_constant("GELU_SLOPE_ZERO_LO"))
    assert abs(zero - tool.slope_zero()) < 2.0**-100
    assert abs(mpmath.ncdf(-zero) - zero * mpmath.npdf(zero)) < 2.0**-100


def test_the_zero_of_silu_slope_is_its_tools():
    """z0 (1 + z0 + e^{z0} = 0, where silu′ vanishes) as a two-part constant, and e^{z0} rounded once."""
    zero = fitting_tool("silu_slope_zero").zero()
    hi, lo = header_constant("SILU_SLOPE_ZERO_HI"), header_constant("SILU_SLOPE_ZERO_LO")
    assert hi == float(zero) and lo == float(zero - mpmath.mpf(hi))
    assert header_constant("SILU_SLOPE_ZERO_EXP") == float(mpmath.exp(zero))
    assert abs(1 + zero + mpmath.exp(zero)) < 2.0**-120


def test_engine_variable_is_checked(monkeypatch):
    monkeypatch.setenv(_compiled.ENGINE_VARIABLE, "fast")
    with pytest.raises(ValueError, match="ACTLAB_ENGINE must be one of auto, numpy"):
        actlab.sigmoid(np.ones(3))


def float32_points(rng, count=200_000):
    """float32 values over the whole range: log-uniform magnitudes, both signs, and every value near 0."""
    magnitudes = np.exp(rng.uniform(np.log(1e-45), np.log(3e38), count))
    dense = rng.uniform(-20, 20, count)
    # every float32 within 2^-8 of the zeros of silu′ (and swish′ at β = 1.7), gelu′ and mish′, and 2^-3 around
    zeros = [-1.2784645427610738, -1.2784645427610738 / 1.7, -0.7517915246935645, -1.1924312145154952]
    near = [z + np.arange(-2**16, 2**16) * np.spacing(np.float32(z)) for z in zeros]
    around = [z + rng.uniform(-0.2, 0.2, count // 10) for z in zeros]
    x = np.concatenate([magnitudes, -magnitudes, dense, *near, *around]).astype(np.float32)
    return x[np.isfinite(x)]


#: a float32 result is rounded once from a float64 value with relative error below 2^-40
ROUNDED_ONCE = 0.5 + 2.0**-10
# the float64 kernels' error near a zero of f′ (the accuracy tests allow 4 eps absolute there; it is
# below eps/4 in fact, and a float32 kernel 8 ulp off at mish′'s zero is 2.2 eps off) …
ORACLE_NEAR_ZERO = np.finfo(np.float64).eps / 4
ZEROS_WITHIN = 2.0  # … all of which (silu′, swish′, gelu′, mish′) lie in (−2, 2)


@pytest.mark.parametrize("case", COMPILED, ids=case_id)
def test_float32_kernels_round_the_float64_value_once(case, rng):
    """The float32 kernels (shorter polynomials, reciprocals without division) against the float64
    kernels, which the accuracy tests hold to 4 ulp: on 1,200,000 points and ±inf, every float32
    result is the float64 value rounded once; every fifth cotangent is ±(largest float32), so that
    a vjp g·f′ whose f′ is below float32's range (or only an approximation of its limit 0) shows."""
    name, params = case
    entry = actlab.get(name)
    largest = np.finfo(np.float32).max
    x = np.concatenate([float32_points(rng), [np.inf, -np.inf, largest, -largest]]).astype(np.float32)
    g = rng.normal(size=x.shape).astype(np.float32)
    g[::5] = np.copysign(largest, g[::5])
    g[-4:] = largest
    wide = x.astype(np.float64)
    calls = {"f": lambda v, w: entry(v, **params), "grad": lambda v, w: entry.grad(v, **params),
             "vjp": lambda v, w: entry.vjp(v, w, **params)}
    for what, call in calls.items():
        got = call(x, g).astype(np.float64)
        ref = call(wide, g.astype(np.float64))
        scale = np.abs(g.astype(np.float64)) if what == "vjp" else 1.0
        allowance = np.where(np.abs(wide) < ZEROS_WITHIN, ORACLE_NEAR_ZERO * scale, 0.0)
        with np.errstate(over="ignore"):
            rounded = np.abs(ref).astype(np.float32)
        # float32's spacing at the value (at the largest float32, np.spacing's next value is inf)
        spacing = np.spacing(np.minimum(rounded, np.nextafter(largest, np.float32(0)))).astype(np.float64)
        with np.errstate(invalid="ignore"):
            # the float64 kernels' own error near a zero of f′ is allowed on top
            err = np.where(got == ref, 0.0, np.maximum(np.abs(got - ref) - allowance, 0.0) / spacing)
        beyond = np.isinf(rounded)  # the float64 value rounds to ±inf in float32
        err = np.where(beyond, np.where(got == np.copysign(np.inf, ref), 0.0, np.inf), err)
        assert err.max() <= ROUNDED_ONCE, f"{name} {what}: {err.max()} ulp at x = {x[np.argmax(err)]}"


@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16])
@pytest.mark.parametrize("alpha", [1 / 3, 3.7, 1e-30])
def test_every_narrow_value_is_widened_exactly_and_rounded_once(dtype, alpha):
    """All 65,536 bit patterns (subnormals, ±inf, NaN) through the compiled kernels' narrow
    conversions: relu keeps x > 0 exactly; leaky_relu's x·α (a float64 product) must be
    rounded to nearest even, as NumPy (float16) and ml_dtypes (bfloat16) cast it."""
    x = np.arange(2**16, dtype=np.uint16).view(dtype)
    with np.errstate(invalid="ignore"):  # ml_dtypes flags its signalling NaNs
        wide = x.astype(np.float64)
    got = actlab.relu(x)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got.astype(np.float64), np.where(wide > 0, wide, np.where(np.isnan(wide), wide, 0.0)))
    with np.errstate(invalid="ignore", over="ignore"):
        expected = np.where(wide > 0, wide, wide * alpha).astype(dtype)
    got = actlab.leaky_relu(x, alpha=alpha)
    np.testing.assert_array_equal(got.view(np.uint16)[~np.isnan(wide)], expected.view(np.uint16)[~np.isnan(wide)])
    assert np.isnan(got.astype(np.float64)[np.isnan(wide)]).all()


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_float32_rows_round_the_float64_value_once(name, rng):
    """The float32 row kernel (shorter exponential, plain float64 sums) against the float64 one."""
    rows = np.concatenate([rng.normal(size=(200, 300)) * 4, rng.normal(size=(200, 300)) * 60,
                           rng.uniform(-3e4, 3e4, size=(50, 300))]).astype(np.float32)
    rows[0, :5] = [np.inf, 1.0, -np.inf, 0.0, 2.0]
    rows[1, :] = -np.inf
    rows[2, 7] = np.nan
    entry = actlab.get(name)
    got = entry(rows).astype(np.float64)
    ref = entry(rows.astype(np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        spacing = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
        err = np.where((got == ref) | (np.isnan(got) & np.isnan(ref)), 0.0, np.abs(got - ref) / spacing)
    assert err.max() <= ROUNDED_ONCE, f"{name}: {err.max()} ulp"


#: the float32 row vjps' sums are plain float64 sums, as the float64 rows' vjp sums are: where a
#: result cancels, the two differ by a few float64 ulps of the result's scale
VJP_SUM_ERROR = 2.0**-46


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_float32_row_vjps_round_the_float64_value_once(name, rng):
    """The float32 row vjp (e^{x − max} by the table, a plain sum) against the float64 rows': rounded
    once but for a cancelling sum (VJP_SUM_ERROR of the scale y (|g| + Σ|g| y), or |g| + y Σ|g| for
    log_softmax); rows that the float64 row serves (a NaN, an infinite maximum, an entry 707–746 below
    the maximum) its bits. Masks (−inf, float32's lowest) give e = 0 as it does."""
    x = np.concatenate([rng.normal(size=(300, 200)) * rng.choice([0.1, 1, 4, 60, 300], (300, 1)),
                        rng.uniform(-3e4, 3e4, size=(30, 200))]).astype(np.float32)
    x[:10, ::3] = -np.inf
    x[10:20, ::5] = np.finfo(np.float32).min
    x[20, 7], x[21, 3], x[22], x[23], x[23, 5] = np.nan, np.inf, -np.inf, 0.0, -720.0
    served = slice(20, 24)
    g = rng.normal(size=x.shape)
    g[30:60] = 1.0 + rng.normal(size=(30, 200)) * 1e-3  # <g, y> cancels g
    entry = actlab.get(name)
    got, wide = entry.vjp(x, g), x.astype(np.float64)
    ref = entry.vjp(wide, g)
    y, size = actlab.get("softmin" if name == "softmin" else "softmax")(wide), np.abs(g)
    if name == "log_softmax":
        scale = size + y * size.sum(axis=-1, keepdims=True)
    else:
        scale = y * (size + (size * y).sum(axis=-1, keepdims=True))
    with np.errstate(invalid="ignore"):  # the NaN rows
        allowed = ROUNDED_ONCE + VJP_SUM_ERROR * scale / np.spacing(np.abs(ref).astype(np.float32))
    err = spacing_error(got, ref, np.float32)
    assert np.all((err <= allowed) | np.isnan(ref)), f"{name}: {np.nanmax(err - allowed)} ulp beyond"
    np.testing.assert_array_equal(got[served].view(np.uint32), ref[served].astype(np.float32).view(np.uint32))


def mish_derivative(x):
    softplus = mpmath.log1p(mpmath.exp(x))
    return mpmath.tanh(softplus) + x * mpmath.sech(softplus) ** 2 / (1 + mpmath.exp(-x))


@pytest.mark.parametrize("name, zero, derivative", [
    ("silu", -1.2784645427610738, lambda x: (1 + x / (1 + mpmath.exp(x))) / (1 + mpmath.exp(-x))),
    ("gelu", -0.7517915246935645, lambda x: mpmath.ncdf(x) + x * mpmath.npdf(x)),
    ("mish", -1.1924312145154952, mish_derivative),
])
def test_float32_derivatives_near_their_zeros(name, zero, derivative, rng):
    """The 2,000 float32 values nearest the zero of f′ (where its float32 kernel's vanishing factor must
    keep its relative accuracy), and 2,000 within 1/2 of it, against mpmath: rounded once."""
    step = np.spacing(np.float32(zero))
    x = np.concatenate([zero + np.arange(-1000, 1000) * step, zero + rng.uniform(-0.5, 0.5, 2000)])
    x = np.unique(x.astype(np.float32))
    got = actlab.get(name).grad(x).astype(np.float64)
    with mpmath.workdps(40):
        ref = np.array([float(derivative(mpmath.mpf(float(v)))) for v in x])
    err = np.abs(got - ref) / np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
    assert err.max() <= ROUNDED_ONCE, f"{name}′: {err.max()} ulp at x = {x[np.argmax(err)]}"


GATED = [("glu", {}), ("swiglu", {}), ("geglu", {}), ("geglu", {"approximate": "tanh"}), ("reglu", {})]


@pytest.mark.parametrize("name, params", GATED, ids=[f"{n}-{p}" for n, p in GATED])
@pytest.mark.parametrize("axis", [-1, 0])
def test_gated_rows_equal_the_numpy_kernels(name, params, axis, rng):
    """The fused row kernel of a gated unit (f and vjp) against the entry's own NumPy kernels (whose
    gates are the compiled elementwise kernels): the same float64 bits, with ±inf, NaN and 0·inf in
    the halves (in a row of their own where only the gate is; in the first and in a later piece of a
    row, which the kernel takes 512 bytes at a time); float32 rounded once from the float64 value."""
    entry = actlab.get(name)
    x = rng.normal(size=(60, 300)) * 4
    x[0, :4], x[0, 150:154] = [np.inf, -np.inf, np.nan, 2.0], [-np.inf, -50.0, np.inf, np.nan]
    x[1, :3], x[1, 150:153] = [np.nan, np.inf, -np.inf], [np.inf, 0.0, -np.inf]
    x[3, 140:143], x[3, 290:293] = [np.inf, -np.inf, 3.0], [-np.inf, np.nan, np.inf]
    g = rng.normal(size=(60, 150))
    g[0, :3], g[1, :3], g[3, 140:143] = [0.0, np.inf, 1.0], [0.0, -np.inf, np.inf], [np.inf, 0.0, -np.inf]
    x[2, 150:152], g[2, :2] = [np.inf, -np.inf], 0.0  # only the gate infinite in its row: g·act(b) = 0
    if axis == 0:
        x, g = x.T, g.T  # strided: the halves are columns
    full = {"approximate": "none", **params} if name == "geglu" else params
    ref_f = entry.f(x, axis=axis, **full)
    ref_vjp = entry.vjp_kernel(x, g, axis=axis, **full)
    np.testing.assert_array_equal(entry(x, axis=axis, **params), ref_f)
    np.testing.assert_array_equal(entry.vjp(x, g, axis=axis, **params), ref_vjp)
    for got, ref in [(entry(x.astype(np.float32), axis=axis, **params), ref_f),
                     (entry.vjp(x.astype(np.float32), g.astype(np.float32), axis=axis, **params),
                      entry.vjp_kernel(x.astype(np.float32).astype(np.float64), g.astype(np.float32).astype(np.float64),
                                       axis=axis, **full))]:
        if ref is ref_f:
            ref = entry.f(x.astype(np.float32).astype(np.float64), axis=axis, **full)
        assert got.dtype == np.float32
        with np.errstate(over="ignore", invalid="ignore"):
            spacing = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
            err = np.where((got == ref) | (np.isnan(got) & np.isnan(ref)) | (got == ref.astype(np.float32)), 0.0,
                           np.abs(got - ref) / spacing)
        assert err.max() <= ROUNDED_ONCE, f"{name} float32: {err.max()} ulp"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("pieces", [1, 2, 3, 5])
@pytest.mark.parametrize("axis", [-1, 0])
def test_maxout_kernels_equal_numpy(dtype, pieces, axis, rng):
    """maxout's row kernels (f and vjp) against the entry's NumPy kernels (np.maximum over the pieces,
    np.argmax for the winner): the same bits, NaN, ties and signed zeros included, into out= as well."""
    if not _compiled.maxout_applies(actlab.maxout, np.dtype(dtype)):
        pytest.skip("the compiled kernels were not built")
    x = rng.normal(size=(9, 20 * pieces)).astype(dtype)
    x[0, :4], x[1, :4], x[2, :4] = [np.nan, 1.0, -np.inf, np.nan], [-0.0, 0.0, 0.0, -0.0], [2.0, 2.0, np.inf, np.nan]
    g = rng.normal(size=(9, 20)).astype(dtype)
    if axis == 0:
        x, g = x.T, g.T
    bits = np.dtype(f"u{np.dtype(dtype).itemsize}")
    got, out = actlab.maxout(x, pieces=pieces, axis=axis), np.empty(g.shape, dtype)
    ref = actlab.maxout.f(x, pieces=pieces, axis=axis)
    assert got.dtype == dtype and actlab.maxout(x, pieces=pieces, axis=axis, out=out) is out
    np.testing.assert_array_equal(got.view(bits), ref.view(bits))
    np.testing.assert_array_equal(out.view(bits), ref.view(bits))
    grad = actlab.maxout.vjp(x, g, pieces=pieces, axis=axis)
    np.testing.assert_array_equal(grad, actlab.maxout.vjp_kernel(x, g.astype(np.float64), pieces=pieces, axis=axis))


def test_row_kernels_short_of_memory_raise_memory_error():
    """A row kernel whose float64 row buffers cannot be allocated raises MemoryError (it used to skip
    the rows and leave them unwritten): float32 rows of 2^26, in a process whose address space is
    capped just above what it holds."""
    if not _compiled.available() or not Path("/proc/self/statm").exists():
        pytest.skip("needs the compiled kernels and Linux's /proc")
    script = textwrap.dedent("""
        import resource, numpy as np
        from actlab import _kernels
        m = 2**26  # the float64 buffers of a float32 row: 512 MiB each
        x = np.zeros((1, m), np.float32); out = np.zeros_like(x)
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + 256 * 2**20, resource.RLIM_INFINITY))
        calls = {"softmax": lambda: _kernels.softmax(x, 1, m, out, 0, 0, 1),
                 "softmax_vjp": lambda: _kernels.softmax_vjp(x, x, 1, m, out, 0, 0, 1),
                 "sparsemax": lambda: _kernels.sparsemax(x, 1, m, out, 1)}
        for name, call in calls.items():
            try:
                call()
                print(name, "returned")
            except MemoryError:
                print(name, "MemoryError")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["softmax", "MemoryError", "softmax_vjp", "MemoryError", "sparsemax", "MemoryError"]


@pytest.mark.parametrize("name", ["swiglu", "geglu"])
def test_gated_vjp_where_a_finite_product_overflows(name):
    """a·act′(b) beyond the double range for a finite a (act′(2) > 1) is inf, and g = 0 makes g·inf 0
    (the NumPy path's _weighted): the row kernel's plain products give NaN there and take the limits."""
    entry = actlab.get(name)
    x = np.array([[1.7e308, -1.7e308, 1.7e308, 3.0, 2.0, 2.0, 2.0, -1.0]])  # values a, then gates b
    g = np.array([[0.0, 0.0, 1.0, 0.0]])
    got = entry.vjp(x, g)  # [g·act(b), g·a·act′(b)]
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(got, entry.vjp_kernel(x, g, **({"approximate": "none"} if name == "geglu" else {})))
    assert got[0, 4] == got[0, 5] == 0.0 and got[0, 6] == np.inf


@pytest.mark.parametrize("case", COMPILED, ids=case_id)
def test_float32_vjp_with_huge_cotangents(case):
    """g·f′ in float32 where f′ is far below float32's range but g is near its top: the kernels may
    clip x only where g·f′ < 2^-150 for every float32 g."""
    name, params = case
    entry = actlab.get(name)
    x = np.array([-250, -195, -150, -130, -110, -60, -30, -25, -20, -17, 17, 20, 25, 30, 60, 110, 130, 150, 195, 250],
                 np.float32)
    for scale in (3e38, 1e30, 1e20):
        g = np.where(np.arange(x.size) % 2, scale, -scale).astype(np.float32)
        with np.errstate(over="ignore"):
            got = entry.vjp(x, g, **params).astype(np.float64)
            ref = entry.vjp(x.astype(np.float64), g.astype(np.float64), **params)
            spacing = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            err = np.where((got == ref) | (got == ref.astype(np.float32)), 0.0, np.abs(got - ref) / spacing)
        assert np.nan_to_num(err, nan=np.inf).max() <= 1, \
            f"{name}: {got[np.argmax(err)]} for {ref[np.argmax(err)]} at x = {x[np.argmax(err)]}, g = {g[np.argmax(err)]}"


def test_the_float32_reciprocals_follow_the_vector_unit():
    if not _compiled.available():
        pytest.skip("the compiled kernels were not built")
    # measured: AVX2 (Zen 3) and AVX-512 on Zen 4 divide in a pipeline beside the FMAs, the AVX-512 Intel
    # core did not; a square root and a division in turn lost to Newton's steps on both AVX-512 cores
    avx512 = _compiled.vector_unit()[0] == "AVX-512"
    try:
        with open("/proc/cpuinfo") as info:
            amd = "AuthenticAMD" in info.read()
    except OSError:
        pytest.skip("no /proc/cpuinfo to tell the processor's maker")
    recip = "newton" if avx512 and not amd else "division"
    rsqrt = "newton" if avx512 else "division"
    assert _compiled.reciprocals() == (recip, rsqrt)
