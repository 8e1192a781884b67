"""The input contract: shapes, dtypes, scalars, views, bad input, limits, NaN, no warnings."""

import numpy as np
import pytest

import actlab
from conftest import ELEMENTWISE, VECTOR_NAMES, case_id, skip_unless_engine_applies, with_defaults
from actlab.reference import reference

RAISE = dict(divide="raise", over="raise", invalid="raise")
F64 = np.finfo(np.float64)
EXTREMES = np.array([-np.inf, -F64.max, -1e300, -1e10, -750.0, -710.0, -40.0, -1.0, -F64.tiny,
                     -2.0**-1074, -0.0, 0.0, 2.0**-1074, F64.tiny, 1.0, 40.0, 710.0, 750.0, 1e10,
                     1e300, F64.max, np.inf, np.nan])


def methods(name, params):
    entry = actlab.get(name)
    yield "f", lambda x: entry(x, **params)
    yield "grad", lambda x: entry.grad(x, **params)
    yield "grad2", lambda x: entry.grad2(x, **params)
    for p in entry.params:
        if p.kind == "real":
            yield f"d/{p.name}", lambda x, k=p.name: entry.param_grads(x, **params)[k]


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_no_floating_point_warning_anywhere(case, engine):
    name, params = case
    skip_unless_engine_applies(engine, name, params)
    for _, fn in methods(name, params):
        for dtype in (np.float64, np.float32, np.float16):
            with np.errstate(**RAISE):
                with np.errstate(over="ignore"):
                    x = EXTREMES.astype(dtype)
                fn(x)


def limit_at(name, params, what, sign):
    """lim f(x) for x → sign·∞ from the reference at 10^20 and 10^40 (and 10^80 to confirm)."""
    v20, v40, v80 = (float(v) if abs(v) < 1e300 else v for v in
                     reference(name, params, what, [sign * 1e20, sign * 1e40, sign * 1e80]))
    if abs(v80) > 1e10 * abs(v40) > 1e20 * max(abs(v20), 1e-300):
        return float(np.copysign(np.inf, float(v80)))  # grows without bound
    if abs(v80) < 1e-10 * abs(v40) or v40 == v80 == 0:
        return 0.0  # decays to zero
    assert abs(v80 - v40) <= 1e-15 * abs(v80), f"reference of {name}.{what} not settled at {sign}inf"
    return float(v80)


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_infinities_give_the_limits_and_nan_gives_nan(case, engine):
    name, params = case
    skip_unless_engine_applies(engine, name, params)
    if name == "gelu":
        pytest.skip("mpmath's erfc overflows at 1e40; gelu's limits are checked in test_gelu_limits")
    params_full = with_defaults(name, params)
    for what, fn in methods(name, params):
        got = fn(np.array([-np.inf, np.inf, np.nan]))
        assert np.isnan(got[2]), f"{name}.{what}(nan) = {got[2]}"
        for side, sign in ((0, -1), (1, 1)):
            expected = limit_at(name, params_full, what, sign)
            assert got[side] == expected, f"{name}.{what}({sign}inf) = {got[side]}, expected {expected}"


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_limits(approximate):
    """x·Φ(x) → (0, ∞); f′ → (0, 1); f″ → (0, 0): Φ(−∞) = 0, Φ(∞) = 1, φ(±∞) = 0."""
    x = np.array([-np.inf, np.inf, np.nan])
    f, g, h = (fn(x, approximate=approximate) for fn in (actlab.gelu, actlab.gelu.grad, actlab.gelu.grad2))
    assert f[0] == 0 and f[1] == np.inf and g[0] == 0 and g[1] == 1 and h[0] == 0 and h[1] == 0
    assert np.isnan(f[2]) and np.isnan(g[2]) and np.isnan(h[2])


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_shapes_scalars_views_and_input_untouched(case, rng):
    name, params = case
    for _, fn in methods(name, params):
        for shape in [(), (0,), (3, 0), (5,), (2, 3, 4)]:
            x = rng.normal(size=shape) * 3
            if name == "prelu" and np.ndim(params.get("alpha", 0)):
                continue
            before = x.copy()
            y = fn(x)
            assert np.shape(y) == shape
            np.testing.assert_array_equal(x, before)
        scalar = fn(1.5)
        assert isinstance(scalar, np.float64)
        assert fn(True) == fn(1.0) and fn(3) == fn(3.0)
        assert np.asarray(fn([1.0, -2.0])).dtype == np.float64
        big = rng.normal(size=(6, 8)) * 4
        view = big[::2, 1::3]
        np.testing.assert_array_equal(fn(view), fn(np.ascontiguousarray(view)))


@pytest.mark.parametrize("case", ELEMENTWISE, ids=case_id)
def test_float_dtypes_are_kept(case):
    name, params = case
    for dtype in (np.float16, np.float32, np.float64):
        for _, fn in methods(name, params):
            assert fn(np.array([0.5, -2.0], dtype=dtype)).dtype == dtype
    for int_dtype in (np.int8, np.int64, np.uint16, np.bool_):
        assert actlab.get(name)(np.array([1, 0], dtype=int_dtype), **params).dtype == np.float64


@pytest.mark.parametrize("name", actlab.names())
@pytest.mark.parametrize("bad", [np.array([1 + 2j]), "abc", np.array(["a"]), np.array([object()]),
                                 np.array([1.0], dtype=np.longdouble), None])
def test_non_real_input_is_a_type_error_naming_the_function(name, bad):
    params = {"alpha": 0.1} if name == "prelu" else {"pieces": 1} if name == "maxout" else {}
    with pytest.raises(TypeError, match=f"actlab.{name}"):
        actlab.get(name)(bad, **params)


def test_bad_parameters_say_what_was_expected():
    with pytest.raises(ValueError, match="approximate must be one of 'none', 'tanh'"):
        actlab.gelu(1.0, approximate="erf")
    with pytest.raises(ValueError, match="does not broadcast"):
        actlab.prelu(np.ones((4, 3)), alpha=np.ones(4))
    with pytest.raises(ValueError, match="does not broadcast"):
        actlab.swish(np.ones(3), beta=np.ones((2, 3)))  # would change the output shape
    with pytest.raises(ValueError, match="pieces=3 does not divide the length 4"):
        actlab.maxout(np.ones(4), pieces=3)
    with pytest.raises(ValueError, match="beta must be > 0"):
        actlab.softplus(1.0, beta=0.0)
    with pytest.raises(ValueError, match="alpha must be a scalar"):
        actlab.leaky_relu(1.0, alpha=[0.1, 0.2])
    with pytest.raises(ValueError, match="alpha must be finite"):
        actlab.elu(1.0, alpha=np.inf)
    # Python and NumPy floats take a path of their own (no NumPy checks): the same errors
    with pytest.raises(ValueError, match="beta must be finite"):
        actlab.softplus(1.0, beta=float("nan"))
    with pytest.raises(ValueError, match="beta must be > 0"):
        actlab.softplus(1.0, beta=np.float64(-2.0))
    with pytest.raises(ValueError, match="beta must be finite"):
        actlab.swish(np.ones(2), beta=[1.0, np.nan])
    with pytest.raises(TypeError, match="missing required parameter alpha"):
        actlab.prelu(1.0)
    with pytest.raises(TypeError, match="unexpected parameter beta; parameters: alpha"):
        actlab.elu(1.0, beta=2.0)
    with pytest.raises(TypeError, match="alpha must be a real number"):
        actlab.elu(1.0, alpha="big")
    with pytest.raises(TypeError, match="pieces must be an integer"):
        actlab.maxout(np.ones(4), pieces=2.0)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        actlab.softmax(np.ones((2, 2)), axis=2)
    with pytest.raises(ValueError, match="expected the shape of x"):
        actlab.tanh.vjp(np.ones(3), np.ones(4))


def test_get_binds_parameters_and_names_close_matches():
    tanh_gelu = actlab.get("gelu", approximate="tanh")
    x = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(tanh_gelu(x), actlab.gelu(x, approximate="tanh"))
    np.testing.assert_array_equal(tanh_gelu.grad2(x), actlab.gelu.grad2(x, approximate="tanh"))
    assert "approximate='tanh'" in repr(tanh_gelu)
    assert "0.044715" in tanh_gelu.formulas["f"] and "0.044715" not in actlab.gelu.formulas["f"]
    assert actlab.get("elu", alpha=0.5).param_grads(-1.0)["alpha"] == np.expm1(-1.0)
    with pytest.raises(ValueError, match="did you mean gelu"):
        actlab.get("gelo")
    with pytest.raises(ValueError, match="approximate must be one of"):
        actlab.get("gelu", approximate="fast")
    assert actlab.names()[:3] == ("sigmoid", "scaled_sigmoid", "tanh")
    assert all(getattr(actlab, n) is actlab.get(n) for n in actlab.names())


@pytest.mark.parametrize("name", actlab.names())
def test_docstrings_state_formulas_parameters_kinks_and_an_example_that_runs(name):
    import doctest

    entry = actlab.get(name)
    doc = entry.__doc__
    assert "f(x) =" in doc and "Kinks" in doc and ">>>" in doc
    for p in entry.params:
        assert p.name in doc
    if entry.elementwise:
        assert "f'(x) =" in doc and "f''(x) =" in doc
    parser = doctest.DocTestParser()
    test = parser.get_doctest(doc, {"actlab": actlab, "np": np}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 1


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_vector_entries_refuse_elementwise_derivatives(name):
    with pytest.raises(TypeError, match="vector-valued; use vjp, jvp or jacobian"):
        actlab.get(name).grad(np.ones(4))
