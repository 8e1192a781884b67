"""f, f′, f″ and ∂f/∂θ against mpmath/SymPy references over the whole float64 range."""

import mpmath
import numpy as np
import pytest

import actlab
from conftest import ELEMENTWISE, case_id, skip_unless_engine_applies, with_defaults
from actlab.reference import interior_zeros, reference, ulp_errors

F64 = np.finfo(np.float64)
ULP_BOUND = 4.0
ULP_BOUND_GELU_TANH = 64.0
ABS_NEAR_ZERO = 4 * F64.eps  # accepted absolute error near an interior zero of a derivative
NEAR_ZERO_WINDOW = 1.0  # in units of the function's own argument (βx for swish)

#: Interior zeros of derivatives (at β = 1), located by findroot on the reference from these guesses.
ZERO_GUESSES = {
    ("silu", "grad"): [-1.28], ("silu", "grad2"): [-2.4, 2.4],
    ("swish", "grad"): [-1.28], ("swish", "grad2"): [-2.4, 2.4],
    ("gelu", "grad"): [-0.75], ("gelu", "grad2"): [-1.41, 1.41],
    ("mish", "grad"): [-1.19], ("mish", "grad2"): [-2.26, 1.49],
}

#: ±37.6: gelu's Φ(x) is subnormal there and x Φ(x) is not (an unscaled kernel lost 8 ulp)
TAIL_POINTS = [2.0**-1074, 1e-310, F64.tiny, 1e-300, 1e-20, 1e-8, 0.5, 20.0, 30.0, 36.0, 37.5, 37.6, 37.8, 38.2,
               38.6, 40.0, 50.0, 100.0, 354.0, 354.3, 700.0, 708.0, 708.5, 709.0, 710.0, 715.0,
               720.0, 740.0, 745.0, 750.0, 800.0, 1e4, 1e10, 1e100, 1e300]


def sample_points(rng, name):
    pts = [np.linspace(-10, 10, 41), rng.uniform(-50, 50, 60), rng.uniform(-800, 800, 20),
           np.array(TAIL_POINTS), -np.array(TAIL_POINTS)]
    x = np.unique(np.concatenate(pts))
    if name == "gelu":  # mpmath's erfc overflows beyond; the kernel clips at 48 anyway
        x = x[np.abs(x) <= 1e40]
    return x


def derivatives(name, params):
    whats = ["f", "grad", "grad2"]
    entry = actlab.get(name)
    return whats + [f"d/{p.name}" for p in entry.params if p.kind == "real"]


def evaluate(name, params, what, x):
    entry = actlab.get(name)
    if what == "f":
        return entry(x, **params)
    if what in ("grad", "grad2"):
        return getattr(entry, what)(x, **params)
    return entry.param_grads(x, **params)[what[2:]]


def tolerance_failures(name, params, what, x, got, ref):
    bound = ULP_BOUND_GELU_TANH if params.get("approximate") == "tanh" else ULP_BOUND
    err = ulp_errors(got, ref)
    ok = err <= bound
    subnormal = np.array([abs(r) < F64.tiny for r in ref])
    # a subnormal result may lose relative precision: accept an error below the smallest normal x eps
    absolute = np.array([float(abs(mpmath.mpf(float(g)) - r)) for g, r in zip(got, ref)])
    ok |= subnormal & (absolute <= F64.tiny * F64.eps * 2**10)
    scale = abs(params.get("beta", 1.0)) if name == "swish" else 1.0
    guesses = [g / params.get("beta", 1.0) if name == "swish" else g for g in ZERO_GUESSES.get((name, what), [])]
    for z in interior_zeros(name, params, what, guesses):
        near = np.abs(x - z) * scale < NEAR_ZERO_WINDOW
        ok |= near & (absolute <= ABS_NEAR_ZERO)
    return [(float(xi), float(gi), float(ri), float(ei)) for xi, gi, ri, ei, o in zip(x, got, ref, err, ok) if not o]


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_float64_against_mpmath(case, rng, engine):
    name, params = case
    skip_unless_engine_applies(engine, name, params)
    params = with_defaults(name, params)
    x = sample_points(rng, name)
    report = {}
    for what in derivatives(name, params):
        got = np.asarray(evaluate(name, params, what, x), dtype=np.float64)
        ref = reference(name, params, what, x)
        bad = tolerance_failures(name, params, what, x, got, ref)
        if bad:
            report[what] = bad[:5]
    assert not report, f"{name}{params}: (x, got, reference, ulp) beyond tolerance: {report}"


@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_narrow_dtypes_within_one_ulp(case, dtype, rng, engine):
    skip_unless_engine_applies(engine, *case)
    if dtype == "bfloat16":
        ml_dtypes = pytest.importorskip("ml_dtypes")
        dt = np.dtype(ml_dtypes.bfloat16)
    else:
        dt = np.dtype(dtype)
    name, params = case
    params = with_defaults(name, params)
    x = sample_points(rng, name)
    with np.errstate(over="ignore"):
        x = np.unique(x.astype(dt).astype(np.float64))  # the points the narrow type can hold
    x = x[np.isfinite(x)]
    bound = ULP_BOUND_GELU_TANH if params.get("approximate") == "tanh" else 1.0
    for what in derivatives(name, params):
        got = evaluate(name, params, what, x.astype(dt))
        assert got.dtype == dt
        ref = reference(name, params, what, x)
        err = ulp_errors(got, ref, dtype=dt)
        bad = [(float(a), float(b), float(r), float(e)) for a, b, r, e in zip(x, got.astype(np.float64), ref, err)
               if not e <= bound]
        assert not bad, f"{name}{params} {what} in {dtype}: (x, got, ref, ulp): {bad[:5]}"
