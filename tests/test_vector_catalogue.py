"""Every vector entry: jacobian against vjp/jvp and finite differences, limits, dtypes, shapes;
sparsemax against a direct reference, softmin and the GLU family against their definitions."""

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlab
from conftest import VECTOR_CASES, case_id

RAISE = dict(divide="raise", over="raise", invalid="raise")
FD_STEP = 1e-6
SHAPE = (6, 12, 6)  # every axis length is even (the GLU family) and divisible by maxout's pieces (2, 3)
EXTREME_ROWS = np.array([
    [1.0, 2.0, 0.0, 3.0, -1.0, 0.5],
    [np.inf, -np.inf, -np.inf, 1.0, 0.0, 2.0],
    [np.nan, 1.0, 2.0, 3.0, 4.0, 5.0],
    [-np.inf] * 6,
    [np.inf] * 6,
    [1e308, -1e308, 0.0, 5.0, -5.0, 1.7e308],
    [-1.7e308] * 6,
    [5e-324, -5e-324, 0.0, -0.0, 1e-300, -1e-300],
])


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("case", VECTOR_CASES, ids=case_id)
def test_jacobian_vjp_jvp_and_finite_differences_agree(case, axis, rng):
    name, params = case
    entry = actlab.get(name)
    x = rng.normal(size=SHAPE) * 2
    y = entry(x, axis=axis, **params)
    g, v = rng.normal(size=y.shape), rng.normal(size=x.shape)
    jac = entry.jacobian(x, axis=axis, **params)  # (..., out, in), the axis moved last
    x_last, v_last, g_last = (np.moveaxis(a, axis, -1) for a in (x, v, g))
    assert jac.shape == x_last.shape[:-1] + (g_last.shape[-1], x_last.shape[-1])
    jvp = np.moveaxis(np.einsum("...ij,...j->...i", jac, v_last), -1, axis)
    vjp = np.moveaxis(np.einsum("...ij,...i->...j", jac, g_last), -1, axis)
    np.testing.assert_allclose(entry.jvp(x, v, axis=axis, **params), jvp, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(entry.vjp(x, g, axis=axis, **params), vjp, rtol=1e-12, atol=1e-14)
    fd = (entry(x + FD_STEP * v, axis=axis, **params) - entry(x - FD_STEP * v, axis=axis, **params)) / (2 * FD_STEP)
    np.testing.assert_allclose(entry.jvp(x, v, axis=axis, **params), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", VECTOR_CASES, ids=case_id)
def test_extreme_rows_raise_no_floating_point_warning(case):
    name, params = case
    entry = actlab.get(name)
    with np.errstate(**RAISE):
        y = entry(EXTREME_ROWS, **params)
        entry.vjp(EXTREME_ROWS, np.ones(y.shape), **params)
        entry.jvp(EXTREME_ROWS, np.ones(EXTREME_ROWS.shape), **params)
        entry.jacobian(EXTREME_ROWS, **params)
    assert np.isnan(y[2]).any()  # a NaN input shows in its row's output
    finite_rows = np.isfinite(EXTREME_ROWS).all(axis=-1)
    assert not np.isnan(y[finite_rows]).any()


@pytest.mark.parametrize("case", VECTOR_CASES, ids=case_id)
def test_dtypes_kept_input_untouched_and_shapes_checked(case, rng):
    name, params = case
    entry = actlab.get(name)
    for dtype in (np.float16, np.float32, np.float64):
        x = rng.normal(size=(3, 6)).astype(dtype)
        before = x.copy()
        y = entry(x, **params)
        assert y.dtype == dtype
        assert entry.vjp(x, np.ones(y.shape), **params).dtype == dtype
        assert entry.jvp(x, np.ones(x.shape), **params).dtype == dtype
        np.testing.assert_array_equal(x, before)
    with pytest.raises(ValueError, match="at least one dimension"):
        entry(1.0, **params)
    with pytest.raises(ValueError, match="expected"):
        entry.vjp(np.ones(6), np.ones(7), **params)


@pytest.mark.parametrize("name", ["glu", "swiglu", "geglu", "reglu"])
def test_odd_axis_length_is_refused(name):
    entry = actlab.get(name)
    with pytest.raises(ValueError, match="length 5 of axis 1 must be even"):
        entry(np.ones((2, 5)))
    assert entry(np.ones((4, 5)), axis=0).shape == (2, 5)


# ------------------------------------------------------------------- softmin
@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                  elements=st.floats(-1e3, 1e3)), st.integers(-3, 2))
def test_softmin_is_softmax_of_minus_x(x, axis):
    axis = axis % x.ndim
    np.testing.assert_array_equal(actlab.softmin(x, axis=axis), actlab.softmax(-x, axis=axis))
    g = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    np.testing.assert_array_equal(actlab.softmin.vjp(x, g, axis=axis), -actlab.softmax.vjp(-x, g, axis=axis))


# ----------------------------------------------------------------- sparsemax
def sparsemax_reference(row):
    """Held's projection onto the simplex with exact rationals (mpmath): sort, find the support, τ."""
    with mpmath.workdps(60):
        z = sorted((mpmath.mpf(float(v)) for v in row), reverse=True)
        total, tau = mpmath.mpf(0), None
        for k, zk in enumerate(z, start=1):
            total += zk
            if 1 + k * zk > total:
                tau = (total - 1) / k
        return [float(max(mpmath.mpf(float(v)) - tau, 0)) for v in row]


def test_sparsemax_against_a_direct_reference(rng):
    x = rng.normal(size=(40, 7)) * np.array([0.1, 0.5, 1, 2, 5, 1, 1])
    x[::5] += 1e6  # shift invariance at a large offset
    y = actlab.sparsemax(x)
    for row, out in zip(x, y):
        np.testing.assert_allclose(out, sparsemax_reference(row), rtol=0, atol=1e-15)
    np.testing.assert_allclose(actlab.sparsemax([0.5, 1.0, 3.0, 2.8]), [0.0, 0.0, 0.6, 0.4], rtol=0, atol=2e-16)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparsemax_of_long_rows_against_the_reference_and_the_numpy_paths_bits(dtype, rng, monkeypatch):
    """Rows longer than the compiled kernel's scan blocks (16 entries), of lengths that are not
    multiples of them, with the support spread over several blocks, ties at the maximum, and one
    entry just within 1 of the maximum: the reference's values, and the NumPy path's bits."""
    x = rng.normal(size=(6, 53)) * np.array([[0.05], [0.3], [1.0], [3.0], [30.0], [1.0]])
    x[5, ::7] = x[5].max()
    x[4, 20] = x[4].max() - 0.999  # in a block (16-31) of its own, the tail (48-52) aside
    x = x.astype(dtype)
    y = actlab.sparsemax(x)
    for row, out in zip(x, y):
        np.testing.assert_allclose(out, sparsemax_reference(row.astype(np.float64)), rtol=0,
                                   atol=1e-15 if dtype == np.float64 else 1e-7)
    monkeypatch.setenv("ACTLAB_ENGINE", "numpy")
    expected = actlab.sparsemax(x)
    monkeypatch.delenv("ACTLAB_ENGINE")
    np.testing.assert_array_equal(y.view(f"u{y.itemsize}"), expected.view(f"u{y.itemsize}"))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                  elements=st.floats(-1e3, 1e3)), st.integers(-3, 2))
def test_sparsemax_lies_on_the_simplex_and_is_a_projection(x, axis):
    axis = axis % x.ndim
    y = actlab.sparsemax(x, axis=axis)
    assert np.all(y >= 0) and np.all(y <= 1)
    np.testing.assert_allclose(np.sum(y, axis=axis), 1.0, rtol=0, atol=1e-12)
    # optimality (KKT): y_i = max(x_i − τ, 0) with one τ per row; entries outside the support are ≤ τ
    xl, yl = np.moveaxis(x, axis, -1), np.moveaxis(y, axis, -1)
    tau = np.max(np.where(yl > 0, xl - yl, -np.inf), axis=-1, keepdims=True)
    np.testing.assert_allclose(np.where(yl > 0, xl - yl, tau), np.broadcast_to(tau, xl.shape), rtol=0,
                               atol=1e-9 * max(1.0, float(np.max(np.abs(x), initial=0.0))))
    assert np.all(np.where(yl == 0, xl <= tau + 1e-9 * max(1.0, float(np.max(np.abs(x), initial=0.0))), True))


def test_sparsemax_limits_and_section():
    with np.errstate(**RAISE):
        y = actlab.sparsemax(np.array([[np.inf, 0.0, np.inf], [-np.inf, 1.0, 1.0], [-np.inf] * 3, [np.nan, 1.0, 2.0],
                                       [1e308, -1e308, 0.0]]))
    np.testing.assert_array_equal(y[0], [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(y[1], [0.0, 0.5, 0.5])
    assert np.all(np.isnan(y[2])) and np.all(np.isnan(y[3]))
    np.testing.assert_array_equal(y[4], [1.0, 0.0, 0.0])
    x = np.linspace(-3, 3, 601)
    np.testing.assert_allclose(actlab.sparsemax(np.stack([x, np.zeros_like(x)], -1))[:, 0],
                               actlab.sparse_sigmoid(x), rtol=0, atol=2e-16)


# ----------------------------------------------------------------- GLU family
GATES = {"glu": ("sigmoid", {}), "swiglu": ("silu", {}), "geglu": ("gelu", {}), "reglu": ("relu", {})}


@pytest.mark.parametrize("name", list(GATES))
def test_gated_units_are_value_times_gate(name, rng):
    gate, params = GATES[name]
    x = rng.normal(size=(5, 8)) * 4
    a, b = x[:, :4], x[:, 4:]
    entry = actlab.get(name)
    close = dict(rtol=4e-16, atol=0)  # the gate's entry may run a compiled kernel: an ulp apart
    np.testing.assert_allclose(entry(x), a * actlab.get(gate)(b, **params), **close)
    g = rng.normal(size=(5, 4))
    np.testing.assert_allclose(entry.vjp(x, g), np.concatenate([g * actlab.get(gate)(b),
                                                                g * (a * actlab.get(gate).grad(b))], axis=1), **close)
    # the section [x, x]: a·act(a), with ∞·0 = 0 (the gate's limit wins); glu([x, x]) = silu(x)
    t = np.array([-np.inf, -800.0, -1.0, 0.0, 2.0, np.inf])
    both = np.stack([t, t], axis=-1)
    gate_t = actlab.get(gate)(t)
    with np.errstate(invalid="ignore"):
        expected = np.where(gate_t == 0, 0.0, t * gate_t)
    np.testing.assert_allclose(entry(both)[:, 0], expected, **close)
    if name == "glu":
        np.testing.assert_allclose(entry(both)[:, 0], actlab.silu(t), **close)
    assert entry.section.text == f"{name}([x, x])[0]"
    np.testing.assert_array_equal(entry.section(t), both)
