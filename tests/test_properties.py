"""The property sheet against known facts about the activations (not against typed-in text)."""

import json
import math

import numpy as np
import pytest
from scipy import integrate, optimize, special

import actlab
from actlab.properties import EXAMPLE_REAL, TOLERANCE, analyse, curve, properties

SQRT_2PI = math.sqrt(2.0 * math.pi)


def phi(x):
    return math.exp(-0.5 * x * x) / SQRT_2PI


def normal_mean(f, breakpoints=()):
    """E f(Z), Z ~ N(0, 1), by scipy's adaptive quadrature (an outside reference)."""
    edges = [-math.inf, *breakpoints, math.inf]
    return sum(integrate.quad(lambda x: f(x) * phi(x), a, b, epsabs=1e-13, epsrel=1e-12)[0]
               for a, b in zip(edges[:-1], edges[1:]))


@pytest.fixture(scope="module")
def sheets():
    """Property sheets (without timing) of the whole catalogue, computed once."""
    return {name: analyse(curve(name), cost=False) for name in actlab.names()}


# ------------------------------------------------------------ known facts
def test_silu_minimum_is_minus_one_minus_lambert_w():
    # f′ = 0  ⇔  1 + x(1 − σ(x)) = 0  ⇔  x = −1 − W(1/e); there f = xσ(x) = x + 1.
    at = -1.0 - special.lambertw(math.exp(-1.0)).real
    p = properties("silu")
    assert p.minimum.attained
    assert p.minimum.at == pytest.approx(at, abs=1e-12)
    assert p.minimum.value == pytest.approx(at + 1.0, abs=1e-14)
    assert round(p.minimum.at, 5) == -1.27846 and round(p.minimum.value, 5) == -0.27846
    assert p.grad_zeros == pytest.approx((at,), abs=1e-12)
    assert p.range_text() == "[−0.278465, ∞)"


def test_gelu_minimum_and_steepest_point():
    at = optimize.brentq(lambda x: special.ndtr(x) + x * phi(x), -2.0, 0.0, xtol=1e-15)
    p = properties("gelu")
    assert p.minimum.at == pytest.approx(at, abs=1e-10)
    assert p.minimum.value == pytest.approx(at * special.ndtr(at), abs=1e-14)
    assert -0.18 < p.minimum.value < -0.16 and -0.76 < p.minimum.at < -0.74
    # f″ = φ(x)(2 − x²) vanishes at √2, where f′ is largest.
    assert p.max_abs_grad.at == pytest.approx(math.sqrt(2.0), abs=1e-12)
    assert p.max_abs_grad.value == pytest.approx(special.ndtr(math.sqrt(2)) + math.sqrt(2) * phi(math.sqrt(2)))


def test_sigmoid_range_is_open_unit_interval(sheets):
    p = sheets["sigmoid"]
    assert p.range == (0.0, 1.0)
    assert not p.minimum.attained and not p.maximum.attained
    assert p.range_text() == "(0, 1)"
    assert p.bounded_below and p.bounded_above
    assert p.monotonic == "increasing" and p.smoothness == "Cinf"
    assert p.max_abs_grad.value == 0.25 and p.max_abs_grad.at == 0.0
    assert p.left.kind == p.right.kind == "saturating" and p.left.rate == "exponentially"
    assert p.mean_normal == pytest.approx(0.5, abs=1e-14)  # σ(x) − 1/2 is odd


def test_relu_is_not_c1_and_dead_on_the_left(sheets):
    p = sheets["relu"]
    assert p.smoothness == "C0"
    (jump,) = p.jumps
    assert (jump.x, jump.order, jump.left, jump.right, jump.value) == (0.0, 1, 0.0, 1.0, 0.0)
    assert p.left.kind == "dead" and p.left.dead_from == 0.0
    assert p.dead == (((-math.inf, 0.0), (False, True)),)
    assert p.minimum.attained and p.minimum.value == 0.0 and p.minimum.on == (-math.inf, 0.0)
    assert p.monotonic == "non-decreasing"
    assert p.mean_normal == pytest.approx(1.0 / SQRT_2PI, abs=1e-14)  # E max(Z, 0) = φ(0)
    assert not p.zero_centred and p.f0 == 0.0


def test_tanh_is_zero_centred(sheets):
    p = sheets["tanh"]
    assert p.zero_centred and p.f0 == 0.0 and abs(p.mean_normal) < 1e-15
    assert p.range == (-1.0, 1.0)
    assert p.max_abs_grad.value == 1.0 and p.max_abs_grad.at == 0.0


def test_softplus_is_monotonic_and_smooth(sheets):
    p = sheets["softplus"]
    assert p.is_monotonic and p.monotonic == "increasing"
    assert p.smoothness == "Cinf" and p.range_text() == "(0, ∞)"
    assert p.f0 == pytest.approx(math.log(2.0))
    assert p.right.kind == "linear" and p.right.slope == 1.0
    assert p.mean_normal == pytest.approx(normal_mean(lambda x: float(np.logaddexp(0.0, x))), abs=1e-10)


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_saturates_to_minus_alpha(alpha):
    p = properties("elu", alpha=alpha)
    assert p.left.kind == "saturating" and p.left.limit == -alpha and p.left.rate == "exponentially"
    assert p.minimum.value == -alpha and not p.minimum.attained
    assert p.right.kind == "linear" and p.right.slope == 1.0
    # f′ is continuous at 0 only for α = 1 (α e^0 = 1); f″ always jumps there.
    assert p.smoothness == ("C1" if alpha == 1.0 else "C0")
    # E elu(Z) = φ(0) + α(e^{1/2} Φ(−1) − 1/2)
    expected = 1.0 / SQRT_2PI + alpha * (math.exp(0.5) * special.ndtr(-1.0) - 0.5)
    assert p.mean_normal == pytest.approx(expected, abs=1e-12)


def test_softsign_is_c1_with_polynomial_saturation(sheets):
    p = sheets["softsign"]
    assert p.smoothness == "C1"
    (jump,) = p.jumps
    assert jump.order == 2 and jump.left == pytest.approx(2.0) and jump.right == pytest.approx(-2.0)
    assert p.left.rate == p.right.rate == "like |x|^−1"  # 1 − x/(1 + x) = 1/(1 + x)
    assert p.zero_centred and p.range_text() == "(−1, 1)"


def test_gelu_and_silu_means_by_steins_lemma_and_quadrature(sheets):
    # E[Z Φ(Z)] = E[φ(Z)] = 1/(2√π)
    assert sheets["gelu"].mean_normal == pytest.approx(1.0 / (2.0 * math.sqrt(math.pi)), abs=1e-12)
    expected = normal_mean(lambda x: x * special.expit(x))
    assert sheets["silu"].mean_normal == pytest.approx(expected, abs=1e-11)


def test_swish_minimum_scales_with_beta():
    base = properties("silu").minimum
    for beta in (0.5, 4.0):
        m = properties("swish", beta=beta).minimum
        assert m.at == pytest.approx(base.at / beta, rel=1e-11)
        assert m.value == pytest.approx(base.value / beta, rel=1e-11)


def test_leaky_relu_with_slope_one_is_the_identity():
    p = properties("leaky_relu", alpha=1.0)
    assert p.smoothness == "Cinf" and p.jumps == () and p.zero_centred
    assert p.range == (-math.inf, math.inf) and p.monotonic == "increasing"


def test_underflow_to_zero_is_not_a_dead_region():
    # σ(100x) underflows to 0 for x < −7.45, but softplus′ is positive everywhere.
    p = properties("softplus", beta=100.0)
    assert p.dead == () and p.monotonic == "increasing" and p.left.kind == "saturating"


def test_vector_entries_are_analysed_along_a_section(sheets):
    soft = sheets["softmax"]
    assert soft.view == "softmax([x, 0])[0]"  # = σ(x)
    assert soft.range == (0.0, 1.0) and soft.smoothness == "Cinf"
    assert soft.mean_normal == pytest.approx(0.5, abs=1e-12)
    assert soft.max_abs_grad.value == pytest.approx(0.25) and soft.max_abs_grad.at == 0.0
    maxout = sheets["maxout"]
    assert maxout.view == "maxout([x, −0.5x])[0]"  # max(x, −x/2)
    assert maxout.smoothness == "C0" and maxout.minimum.at == 0.0 and maxout.minimum.value == 0.0
    assert maxout.left.slope == -0.5 and maxout.right.slope == 1.0
    assert [j.order for j in maxout.jumps] == [1]


def test_required_parameters_take_an_example_value():
    assert curve("prelu").params == {"alpha": EXAMPLE_REAL}
    assert properties("prelu", alpha=0.1).left.slope == pytest.approx(0.1)


def test_unknown_name_and_bad_parameter_raise():
    with pytest.raises(ValueError, match="relu"):
        properties("rlu")
    with pytest.raises((TypeError, ValueError)):
        properties("elu", beta=1.0)


# ------------------------------------------------------------ the whole catalogue
@pytest.mark.parametrize("name", actlab.names())
def test_sheet_is_consistent_with_the_function(name, sheets):
    p = sheets[name]
    c = curve(name)
    x = np.linspace(-20.0, 20.0, 4001)
    fx, dx = c.f(x), c.grad(x)
    lo, hi = p.range
    tol = 1e-12
    assert np.all(fx >= lo - tol) and np.all(fx <= hi + tol)
    if p.minimum.attained and p.minimum.at is not None:
        assert c.f(np.array([p.minimum.at]))[0] == pytest.approx(p.minimum.value, abs=tol)
    if p.monotonic in ("increasing", "non-decreasing"):
        assert np.all(dx >= 0)
    if p.monotonic == "no":
        assert np.any(dx < 0) and np.any(dx > 0)
    assert np.max(np.abs(dx)) <= p.max_abs_grad.value + tol
    for z in p.grad_zeros:
        assert abs(c.grad(np.array([z]))[0]) < 1e-9
    if p.smoothness == "Cinf":
        assert p.jumps == ()
    # JSON-ready, strictly (no NaN or Infinity tokens)
    json.dumps(p.to_dict(), allow_nan=False)


def test_cost_is_measured_and_tolerance_stated():
    p = properties("relu")
    assert p.cost > 0 and math.isfinite(p.cost)
    assert "1e-9" in TOLERANCE and "grid" in TOLERANCE and p.tolerance == TOLERANCE


def _synthetic(f, grad, grad2, label):
    """A Curve from hand-written functions (for kinks away from 0, as relu6-like entries will have)."""
    from actlab.properties import Curve

    return Curve(actlab.relu, {}, label, None, f=f, grad=grad, grad2=grad2)


def test_kinks_away_from_zero_are_found_and_located():
    cap = 6.0
    relu6 = _synthetic(lambda x: np.clip(x, 0.0, cap), lambda x: ((x > 0) & (x <= cap)).astype(float),
                       lambda x: np.zeros_like(x), "relu6")
    p = analyse(relu6, cost=False)
    assert [(j.x, j.order) for j in p.jumps] == [(0.0, 1), (cap, 1)]
    assert p.smoothness == "C0" and p.range == (0.0, cap)
    assert p.minimum.on == (-math.inf, 0.0) and p.maximum.on == (cap, math.inf)
    assert p.left.kind == p.right.kind == "dead"
    # x²/2 beyond 1, 0 before: f′ continuous, f″ jumps 0 → 1 at x = 1: C¹
    shift = 1.0
    bend = _synthetic(lambda x: 0.5 * np.maximum(x - shift, 0.0) ** 2, lambda x: np.maximum(x - shift, 0.0),
                      lambda x: (x > shift).astype(float), "bend")
    q = analyse(bend, cost=False)
    assert q.smoothness == "C1" and [(j.x, j.order) for j in q.jumps] == [(shift, 2)]
    assert q.dead == (((-math.inf, shift), (False, True)),)
