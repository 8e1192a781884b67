"""softmax, log_softmax and maxout: values against mpmath, limits, ties, dtypes (the jacobian/vjp/jvp
agreement of every vector entry is in test_vector_catalogue.py)."""

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlab
from conftest import VECTOR_CASES

RAISE = dict(divide="raise", over="raise", invalid="raise")


def case_params(name):
    return {"pieces": 2} if name == "maxout" else {}


def test_softmax_against_mpmath(rng, engine):
    x = rng.normal(size=(20, 7)) * np.array([1, 10, 100, 1000, 1, 1, 1])
    x[0] = [185.5, 148.6, 125.4, 120.0, 0.0, -3.0, 185.5 - 2**-40]  # log_softmax ≈ −1e−12 and −e^−37 ≈ −1e−16
    y, logy = actlab.softmax(x), actlab.log_softmax(x)
    np.testing.assert_array_equal(actlab.softmax(x.T.copy(), axis=0), y.T)  # any axis, same values
    with mpmath.workdps(50):
        for row, out, logout in zip(x, y, logy):
            shifted = [mpmath.mpf(v) - mpmath.mpf(max(row)) for v in row]  # exact
            maxima = sum(s == 0 for s in shifted)
            rest = mpmath.fsum(mpmath.exp(s) for s in shifted if s < 0)  # 1 + rest would need 1000 digits
            ref = [mpmath.exp(s) / (maxima + rest) for s in shifted]
            np.testing.assert_allclose(out, [float(r) for r in ref], rtol=8e-16, atol=1e-300)
            log_ref = [s - mpmath.log1p((maxima - 1) + rest) for s in shifted]
            np.testing.assert_allclose(logout, [float(r) for r in log_ref], rtol=4e-16, atol=0)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                  elements=st.floats(-1e3, 1e3)), st.integers(-3, 2), st.floats(-1e3, 1e3))
def test_softmax_is_a_shift_invariant_probability_vector(x, axis, shift):
    axis = axis % x.ndim
    y = actlab.softmax(x, axis=axis)
    assert np.all(y >= 0) and np.all(y <= 1)
    np.testing.assert_allclose(np.sum(y, axis=axis), 1.0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(actlab.softmax(x + shift, axis=axis), y, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(np.exp(actlab.log_softmax(x, axis=axis)), y, rtol=5e-13, atol=1e-300)


def test_infinities_and_nan_rows(engine):
    with np.errstate(**RAISE):
        y = actlab.softmax(np.array([[np.inf, 0.0, np.inf], [-np.inf, 1.0, 1.0], [-np.inf, -np.inf, -np.inf],
                                     [np.nan, 1.0, 2.0], [1e308, -1e308, 0.0]]))
        np.testing.assert_array_equal(y[0], [0.5, 0.0, 0.5])
        np.testing.assert_array_equal(y[1], [0.0, 0.5, 0.5])
        assert np.all(np.isnan(y[2])) and np.all(np.isnan(y[3]))
        np.testing.assert_array_equal(y[4], [1.0, 0.0, 0.0])
        log = actlab.log_softmax(np.array([np.inf, 0.0, np.inf]))
        np.testing.assert_array_equal(log, [-np.log(2), -np.inf, -np.log(2)])
    assert actlab.softmax(np.zeros((3, 0))).shape == (3, 0)


def test_maxout_groups_consecutive_entries_and_sends_gradient_to_the_first_winner():
    z = np.array([[1.0, 3.0, -2.0, -5.0, 4.0, 4.0]])
    np.testing.assert_array_equal(actlab.maxout(z, pieces=2), [[3.0, -2.0, 4.0]])
    np.testing.assert_array_equal(actlab.maxout(z, pieces=3), [[3.0, 4.0]])
    np.testing.assert_array_equal(actlab.maxout.vjp(z, np.array([[10.0, 20.0, 30.0]]), pieces=2),
                                  [[0.0, 10.0, 20.0, 0.0, 30.0, 0.0]])
    zt = z.T  # along axis 0
    np.testing.assert_array_equal(actlab.maxout(zt, pieces=2, axis=0), [[3.0], [-2.0], [4.0]])
    assert np.isnan(actlab.maxout(np.array([1.0, np.nan]), pieces=2)[0])
    with pytest.raises(ValueError, match=r"g has shape \(2,\), expected \(3,\)"):
        actlab.maxout.vjp(np.ones(6), np.ones(2), pieces=2)


def test_vector_entries_keep_dtypes_and_leave_input_alone(rng, engine):
    for name in ("softmax", "log_softmax", "maxout"):
        entry, params = actlab.get(name), case_params(name)
        for dtype in (np.float16, np.float32, np.float64):
            x = rng.normal(size=(3, 4)).astype(dtype)
            before = x.copy()
            assert entry(x, **params).dtype == dtype
            assert entry.vjp(x, np.ones(entry(x, **params).shape), **params).dtype == dtype
            np.testing.assert_array_equal(x, before)
        with pytest.raises(ValueError, match="at least one dimension"):
            entry(1.0, **params)


@pytest.mark.parametrize("name, params", VECTOR_CASES, ids=[f"{n}-{p}" for n, p in VECTOR_CASES])
def test_out_and_threads_give_the_allocating_result(name, params, engine, rng):
    """f(x, out=) and vjp(x, g, out=) write the allocating call's bits into out (any layout, also
    out = x) and return it; the thread count does not change a bit."""
    entry = actlab.get(name)
    for dtype in (np.float32, np.float64):
        x = rng.normal(size=(1200, 48)).astype(dtype) * 3  # 57,600 elements: both sides of PARALLEL_FROM
        x = np.concatenate([x, x, x])  # 172,800 elements
        for axis in (-1, 0):
            expected = entry(x, axis=axis, **params)
            for out in (np.empty_like(expected), np.empty(expected.shape[::-1], dtype).T):
                assert entry(x, axis=axis, out=out, threads=2, **params) is out
                np.testing.assert_array_equal(out, expected)
            np.testing.assert_array_equal(entry(x, axis=axis, threads=1, **params), expected)
            g = rng.normal(size=expected.shape)
            grad = entry.vjp(x, g, axis=axis, **params)
            out = np.empty_like(grad)
            assert entry.vjp(x, g, axis=axis, out=out, threads=1, **params) is out
            np.testing.assert_array_equal(out, grad)
        if expected.shape == x.shape:
            inplace = x.copy()
            entry(inplace, out=inplace, **params)
            np.testing.assert_array_equal(inplace, entry(x, **params))
        with pytest.raises(ValueError, match=rf"actlab.{name}: out must have shape"):
            entry(x, out=np.empty((3, 3), dtype), **params)
        with pytest.raises(ValueError, match=rf"actlab.{name}.vjp: out must have shape"):
            entry.vjp(x, np.ones(entry(x, **params).shape), out=np.empty(x.shape, np.float16), **params)
        with pytest.raises(ValueError, match="threads must be a positive integer"):
            entry(x, threads=0, **params)


def test_softmax_family_vjp_against_mpmath(rng, engine):
    """vjp of softmax y (g − ⟨g, y⟩), log_softmax g − y Σg and softmin −y (g − ⟨g, y⟩) (y of −x),
    against mpmath at 40 digits; float32 within an ulp of the float64 computation (rounded once from
    it but for a near tie or a sum that cancels: test_compiled.py has the bound)."""
    x = rng.normal(size=(8, 13)) * np.array([1, 10, 100] * 4 + [1])
    g = rng.normal(size=x.shape)
    with mpmath.workdps(40):
        def probabilities(row):
            e = [mpmath.exp(mpmath.mpf(v) - mpmath.mpf(max(row))) for v in row]
            return [v / mpmath.fsum(e) for v in e]
        refs = {"softmax": [], "log_softmax": [], "softmin": []}
        for row, grow in zip(x, g):
            for name, sign, y in (("softmax", 1, probabilities(row)), ("softmin", -1, probabilities(-row))):
                dot = mpmath.fsum(mpmath.mpf(a) * b for a, b in zip(grow, y))
                refs[name].append([float(sign * b * (mpmath.mpf(a) - dot)) for a, b in zip(grow, y)])
            y, total = probabilities(row), mpmath.fsum(mpmath.mpf(a) for a in grow)
            refs["log_softmax"].append([float(mpmath.mpf(a) - b * total) for a, b in zip(grow, y)])
    for name, ref in refs.items():
        entry = actlab.get(name)
        np.testing.assert_allclose(entry.vjp(x, g), ref, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(entry.vjp(x.T, g.T, axis=0), np.transpose(ref), rtol=1e-13, atol=1e-15)
        got32 = entry.vjp(x.astype(np.float32), g)
        assert got32.dtype == np.float32
        wide32 = entry.vjp(x.astype(np.float32).astype(np.float64), g)
        np.testing.assert_allclose(got32, wide32, rtol=np.finfo(np.float32).eps, atol=1e-15)
        if engine == "numpy":  # the NumPy path computes float32 in float64 and rounds once
            np.testing.assert_array_equal(got32, wide32.astype(np.float32))
        g32 = g.astype(np.float32)  # read as float64: the same as its exact widening; integers too
        np.testing.assert_array_equal(entry.vjp(x, g32), entry.vjp(x, g32.astype(np.float64)))
        np.testing.assert_array_equal(entry.vjp(x, np.ones(x.shape, int)), entry.vjp(x, np.ones(x.shape)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_maxout_vjp_compiled_is_the_numpy_paths_bits(dtype, rng, monkeypatch):
    """g at each group's first NaN, else first maximum (ties, ±0, ±inf), 0 elsewhere; g rounded to
    the dtype (beyond float32's range: ±inf, without a warning), on any axis."""
    x = (rng.normal(size=(40, 30)) * 2).astype(dtype)
    x[0, :6] = [np.nan, 1, np.nan, 2, 3, 3]
    x[1, :6] = [np.inf, np.inf, 0, np.nan, 5, np.inf]
    x[2, :6] = [0.0, -0.0, -0.0, 0.0, -np.inf, -np.inf]
    for pieces, axis in [(1, -1), (2, -1), (3, 1), (5, 0), (2, 0)]:
        y = actlab.maxout(x, pieces=pieces, axis=axis)
        g = rng.normal(size=y.shape) * (1e39 if dtype == np.float32 else 1.0)
        with np.errstate(**RAISE):
            got = actlab.maxout.vjp(x, g, pieces=pieces, axis=axis)
        monkeypatch.setenv("ACTLAB_ENGINE", "numpy")
        with np.errstate(over="ignore"):
            expected = actlab.maxout.vjp(x, g, pieces=pieces, axis=axis)
        monkeypatch.delenv("ACTLAB_ENGINE")
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.view(f"u{got.itemsize}"), expected.view(f"u{got.itemsize}"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparsemax_vjp_compiled_agrees_with_the_support_formula(dtype, rng):
    """g J = s (g − mean of g over the support S), s = [y > 0], straight from the definition on the
    forward's support; NaN rows NaN; float32 rounded once from the float64 computation."""
    x = (rng.normal(size=(50, 23)) * 2).astype(dtype)
    x[0, :3] = [np.inf, 1, np.inf]
    x[1, 2] = np.nan
    x[2, :] = 1.0  # every entry in the support
    g = rng.normal(size=x.shape)
    for axis in (-1, 0):
        got = actlab.sparsemax.vjp(x, g, axis=axis)
        y = np.moveaxis(actlab.sparsemax(x.astype(np.float64), axis=axis), axis, -1)
        gl = np.moveaxis(g, axis, -1)
        s = (y > 0).astype(float)
        with np.errstate(invalid="ignore"):  # the NaN row: no support
            expected = s * (gl - (s * gl).sum(-1, keepdims=True) / s.sum(-1, keepdims=True))
        expected[np.isnan(y).any(-1)] = np.nan
        expected = np.moveaxis(expected, -1, axis).astype(dtype)
        assert got.dtype == dtype
        np.testing.assert_allclose(got, expected, rtol=1e-12 if dtype == np.float64 else 1e-6, atol=1e-15)


def test_sparsemax_vjp_with_an_infinite_cotangent_is_nan_without_a_warning(engine):
    x = np.array([[1.0, 2.0, 0.5], [3.0, -1.0, 2.9]])
    g = np.array([[np.inf, 0.0, 1.0], [1.0, 2.0, 3.0]])
    with np.errstate(**RAISE):
        got = actlab.sparsemax.vjp(x, g)
    assert np.isnan(got[0]).all()  # inf − inf on the support, 0·inf off it
    assert np.isfinite(got[1]).all()
