"""Derivatives against central finite differences, and identities between entries."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlab
from conftest import ELEMENTWISE, case_id, with_defaults

FD_STEP = 1e-5  # central differences: error ~ h² f‴ + eps/h
FD_RTOL, FD_ATOL = 1e-6, 1e-8
KINK_MARGIN = 1e-3


def points_away_from_kinks(rng, n=200):
    x = rng.uniform(-8, 8, n)
    return x[np.abs(x) > KINK_MARGIN]


def central(fn, x, h=FD_STEP):
    return (fn(x + h) - fn(x - h)) / (2 * h)


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_derivatives_match_central_differences(case, rng):
    name, params = case
    params = with_defaults(name, params)
    entry = actlab.get(name)
    x = points_away_from_kinks(rng)
    np.testing.assert_allclose(entry.grad(x, **params), central(lambda t: entry(t, **params), x),
                               rtol=FD_RTOL, atol=FD_ATOL)
    np.testing.assert_allclose(entry.grad2(x, **params), central(lambda t: entry.grad(t, **params), x),
                               rtol=FD_RTOL, atol=FD_ATOL)
    for p in entry.params:
        if p.kind != "real":
            continue
        theta = np.asarray(params[p.name], dtype=float)

        def f_of_theta(t, name=p.name):
            return entry(x, **{**params, name: t})
        fd = (f_of_theta(theta + FD_STEP) - f_of_theta(theta - FD_STEP)) / (2 * FD_STEP)
        np.testing.assert_allclose(entry.param_grads(x, **params)[p.name], fd, rtol=FD_RTOL, atol=FD_ATOL)


def test_array_parameters_give_per_element_gradients(rng):
    x = rng.normal(size=(5, 3))
    alpha = np.array([0.1, 0.2, 0.3])
    grads = actlab.prelu.param_grads(x, alpha=alpha)["alpha"]
    assert grads.shape == x.shape
    np.testing.assert_array_equal(grads, np.where(x > 0, 0.0, x))
    beta = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(actlab.swish(x, beta=beta), np.stack([actlab.swish(x[:, j], beta=b)
                               for j, b in enumerate(beta)], axis=1), rtol=0, atol=0)


def test_kinks_take_the_left_derivative():
    assert actlab.relu.grad(0.0) == 0.0
    assert actlab.leaky_relu.grad(0.0, alpha=0.2) == 0.2
    assert actlab.prelu.grad(0.0, alpha=0.3) == 0.3
    assert actlab.elu.grad2(0.0, alpha=0.7) == 0.7 and actlab.elu.grad(0.0, alpha=0.7) == 0.7
    assert actlab.softsign.grad2(0.0) == 2.0  # left limit of −2·sign(x)/(1+|x|)³


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5),
                  elements=st.floats(-700, 700, allow_subnormal=True)))
def test_logistic_identities(x):
    s = actlab.sigmoid(x)
    np.testing.assert_allclose(actlab.sigmoid(-x), 1 - s, rtol=0, atol=2e-16)
    np.testing.assert_allclose(actlab.softplus.grad(x), s, rtol=4e-16, atol=0)
    np.testing.assert_allclose(actlab.tanh(x / 2), 2 * s - 1, rtol=0, atol=4e-16)
    np.testing.assert_allclose(actlab.scaled_sigmoid(x), 4 * s - 2, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(actlab.silu(x), actlab.swish(x, beta=1.0))
    np.testing.assert_allclose(actlab.sigmoid.grad(x), s * actlab.sigmoid(-x), rtol=8e-16, atol=0)
    np.testing.assert_allclose(actlab.softplus(x) - actlab.softplus(-x), x, rtol=1e-15, atol=4e-16)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float16, np.float32, np.float64]), hnp.array_shapes(max_dims=3, max_side=4),
                  elements=st.floats(-100, 100, width=16)),
       st.sampled_from([name for name, _ in ELEMENTWISE]))
def test_any_shape_and_dtype_is_computed_as_float64_then_rounded(x, name):
    params = dict(next(p for n, p in ELEMENTWISE if n == name))
    entry = actlab.get(name)
    for method in (entry, entry.grad, entry.grad2):
        got = method(x, **params)
        assert got.shape == x.shape and got.dtype == x.dtype
        assert_rounded_from(got, np.asarray(method(x.astype(np.float64), **params)))


TIE_WIDTH = 2.0**-36  # relative: the float32 kernels' own error (≤ 2^-40) and float64's, with room


def assert_rounded_from(got, exact):
    """got is exact rounded to got's dtype, or, where exact lies within TIE_WIDTH of a tie, its other neighbour."""
    with np.errstate(over="ignore"):
        rounded = exact.astype(got.dtype)
    differ = ~((got == rounded) | (np.isnan(got) & np.isnan(rounded)))
    if not differ.any():
        return
    near, other, value = rounded[differ], got[differ], exact[differ]
    toward = np.nextafter(near, other)
    tie = (near.astype(np.float64) + toward.astype(np.float64)) / 2
    at_tie = (toward == other) & (np.abs(value - tie) <= TIE_WIDTH * np.abs(tie))
    assert at_tie.all(), f"{other[~at_tie]} where float64 rounds to {near[~at_tie]} (from {value[~at_tie]})"


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_vjp_jvp_and_value_and_grad_agree_with_grad(case, rng):
    name, params = case
    entry = actlab.get(name)
    x, g = rng.normal(size=(2, 4, 3)) * 3
    np.testing.assert_array_equal(entry.vjp(x, g, **params), g * entry.grad(x, **params))
    np.testing.assert_array_equal(entry.jvp(x, g, **params), g * entry.grad(x, **params))
    value, slope = entry.value_and_grad(x, **params)
    np.testing.assert_array_equal(value, entry(x, **params))
    np.testing.assert_array_equal(slope, entry.grad(x, **params))
