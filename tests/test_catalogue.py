"""The catalogue against PyTorch, JAX and Keras: every name resolves, aliases, the README table,
parameter checks across parameters, rrelu's training form, SELU's constants and identities."""

from pathlib import Path

import mpmath
import numpy as np
import pytest

import actlab
from actlab.catalogue import crosswalk
from actlab.registry import library_names

# The activations of the three libraries, as lowercase function names (PyTorch's module classes such
# as Hardswish by their functional name). This is the one place where such lists are data; left out,
# with the reasons, in the README's catalogue section: PyTorch's gumbel_softmax, Softmax2d,
# MultiheadAttention, AdaptiveLogSoftmaxWithLoss and in-place variants; JAX's logsumexp, standardize,
# one_hot and attention functions.
TORCH = ("threshold relu hardtanh hardswish relu6 elu selu celu leaky_relu prelu rrelu glu gelu logsigmoid "
         "hardshrink tanhshrink softsign softplus softmin softmax softshrink log_softmax tanh sigmoid "
         "hardsigmoid silu mish identity").split()
JAX = ("relu relu6 sigmoid softplus sparse_plus sparse_sigmoid soft_sign silu swish log_sigmoid leaky_relu "
       "hard_sigmoid hard_silu hard_swish hard_tanh elu celu selu gelu glu squareplus mish identity tanh "
       "softmax log_softmax").split()
KERAS = ("celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh leaky_relu "
         "linear log_sigmoid log_softmax mish relu relu6 selu sigmoid silu softmax soft_shrink softplus "
         "softsign sparse_plus sparse_sigmoid sparsemax squareplus swish tanh tanh_shrink threshold").split()
README_SECTION = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("library, listed", [("torch", TORCH), ("jax", JAX), ("keras", KERAS)])
def test_every_activation_of_the_three_libraries_resolves(library, listed):
    for name in listed:
        entry = actlab.get(name)  # an entry's name or an alias
        own = {dotted.rsplit(".", 1)[-1].lower() for dotted in library_names(entry, library)}
        assert name in own, f"{library}'s {name} resolves to {entry.name}, whose names_in does not list it"
        assert getattr(actlab, name) is entry


def test_aliases_come_from_names_in_and_never_shadow_an_entry():
    aliases = actlab.aliases()
    assert aliases["hardswish"] == aliases["hard_silu"] == "hard_swish"
    assert aliases["logsigmoid"] == "log_sigmoid" and aliases["linear"] == "identity"
    assert aliases["soft_sign"] == "softsign" and aliases["hardtanh"] == "hard_tanh"
    assert not set(aliases) & set(actlab.names())
    assert "swish" not in aliases and actlab.get("swish").name == "swish"  # JAX's swish: β = 1 by default
    assert actlab.names(aliases=True) == actlab.names() + tuple(aliases)
    # each alias is derived: the last component of one of the target's names in another library
    for alias, target in aliases.items():
        entry = actlab.get(target)
        derived = {d.rsplit(".", 1)[-1].lower() for lib in ("torch", "jax", "keras") for d in library_names(entry, lib)}
        assert alias in derived
    bound = actlab.get("hardtanh", min_val=0.0, max_val=6.0)
    np.testing.assert_array_equal(bound(np.linspace(-2, 8, 11)), actlab.relu6(np.linspace(-2, 8, 11)))
    with pytest.raises(ValueError, match="did you mean hard_swish, hardswish"):
        actlab.get("hard_swich")


def test_a_conflicting_alias_is_refused():
    from actlab import registry

    clash = registry.Activation(name="clash_test", summary="", f=abs, grad_kernel=abs, grad2_kernel=abs,
                                formulas={}, family="test", names_in={"torch": "torch.nn.functional.hardswish"})
    with pytest.raises(ValueError, match="alias 'hardswish' of clash_test is already an alias of hard_swish"):
        registry.register(clash)
    assert "clash_test" not in actlab.names()
    with pytest.raises(ValueError, match="unknown keys"):
        registry.register(registry.Activation(name="clash_test", summary="", f=abs, grad_kernel=abs,
                                              grad2_kernel=abs, formulas={}, family="t", names_in={"pytorch": "x"}))


def test_the_readme_table_is_the_registry_crosswalk():
    text = README_SECTION.read_text(encoding="utf-8")
    assert crosswalk.table() in text, "regenerate it: python -m actlab.catalogue.crosswalk"
    assert len(crosswalk.rows()) == len(actlab.names())


def test_parameters_are_checked_together():
    with pytest.raises(ValueError, match="actlab.hard_tanh: min_val must be < max_val"):
        actlab.hard_tanh(0.0, min_val=1.0, max_val=1.0)
    with pytest.raises(ValueError, match="min_val must be < max_val"):
        actlab.get("hard_tanh", min_val=2.0)  # checked when bound, against the default max_val = 1
    with pytest.raises(ValueError, match="actlab.rrelu.grad: needs 0 <= lower <= upper"):
        actlab.rrelu.grad(0.0, lower=0.4, upper=0.3)
    with pytest.raises(ValueError, match="needs 0 <= lower <= upper"):
        actlab.rrelu(0.0, lower=-0.1)
    with pytest.raises(ValueError, match="lambd must be >= 0"):
        actlab.softshrink(0.0, lambd=-1.0)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        actlab.celu(0.0, alpha=0.0)
    with pytest.raises(ValueError, match="b must be > 0"):
        actlab.squareplus(0.0, b=0.0)
    with pytest.raises(TypeError, match="missing required parameter threshold"):
        actlab.threshold(0.0, value=1.0)
    assert actlab.get("threshold", threshold=1.0)(2.0, value=0.0) == 2.0  # partly bound: checked at the call


def test_rrelu_training_form_draws_a_slope_per_element_from_the_generator():
    x = np.array([-2.0, -1.0, 0.0, 3.0] * 500)
    y, slope = actlab.rrelu.training(x, np.random.default_rng(7), lower=0.1, upper=0.3)
    y2, slope2 = actlab.rrelu.training(x, np.random.default_rng(7), lower=0.1, upper=0.3)
    np.testing.assert_array_equal(y, y2)  # reproducible: no global state
    assert np.all(slope[x > 0] == 1.0)
    drawn = slope[x <= 0]
    assert np.all((drawn >= 0.1) & (drawn < 0.3)) and len(np.unique(drawn)) == drawn.size
    np.testing.assert_array_equal(y, np.where(x > 0, x, slope * x))
    assert abs(drawn.mean() - 0.2) < 0.01  # the evaluation form's slope is the mean
    assert actlab.rrelu.grad(-1.0, lower=0.1, upper=0.3) == pytest.approx(0.2, rel=1e-15)
    s = actlab.rrelu.sample_slopes((2, 3), np.random.default_rng(0))
    assert s.shape == (2, 3) and np.all((s >= 1 / 8) & (s <= 1 / 3))
    y32, slope32 = actlab.rrelu.training(np.ones(3, dtype=np.float32), np.random.default_rng(0))
    assert y32.dtype == slope32.dtype == np.float32
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        actlab.rrelu.training(x, 0)
    with pytest.raises(ValueError, match="lower <= upper"):
        actlab.rrelu.training(x, np.random.default_rng(0), lower=0.5, upper=0.1)


def test_selu_constants_are_the_closed_forms():
    from actlab import _special

    with mpmath.workdps(50):
        e, pi, erfc, sqrt = mpmath.e, mpmath.pi, mpmath.erfc, mpmath.sqrt
        alpha = -sqrt(2 / pi) / (erfc(1 / sqrt(2)) * sqrt(e) - 1)
        scale = (1 - erfc(1 / sqrt(2)) * sqrt(e)) * sqrt(2 * pi) * (
            2 * erfc(sqrt(2)) * e**2 + pi * erfc(1 / sqrt(2)) ** 2 * e
            - 2 * (2 + pi) * erfc(1 / sqrt(2)) * sqrt(e) + pi + 2) ** -0.5
        assert abs(alpha - mpmath.mpf(str(_special.SELU_ALPHA_EXACT.numerator)) /
                   _special.SELU_ALPHA_EXACT.denominator) < 1e-30
        assert abs(scale - mpmath.mpf(_special.SELU_SCALE_EXACT.numerator) / _special.SELU_SCALE_EXACT.denominator) < 1e-30
    assert _special.SELU_ALPHA == 1.6732632423543772 and _special.SELU_SCALE == 1.0507009873554805


def test_softshrink_with_lambda_zero_is_x_with_a_flat_point_at_zero():
    x = np.array([-2.0, -1e-300, 0.0, 1e-300, 2.0])
    np.testing.assert_array_equal(actlab.softshrink(x, lambd=0.0), x)
    np.testing.assert_array_equal(actlab.softshrink.grad(x, lambd=0.0), [1.0, 1.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(actlab.softshrink.param_grads(x, lambd=0.0)["lambd"], [1.0, 1.0, 0.0, -1.0, -1.0])


def test_identities_between_entries(rng):
    x = np.concatenate([rng.normal(size=300) * 4, [-700.0, -40.0, 0.0, 40.0, 700.0]])
    close = dict(rtol=4e-16, atol=0)
    np.testing.assert_allclose(actlab.log_sigmoid(x), -actlab.softplus(-x), **close)
    np.testing.assert_allclose(actlab.log_sigmoid.grad(x), actlab.sigmoid(-x), **close)
    np.testing.assert_array_equal(actlab.relu6(x), actlab.hard_tanh(x, min_val=0.0, max_val=6.0))
    np.testing.assert_array_equal(actlab.relu6.grad(x), actlab.hard_tanh.grad(x, min_val=0.0, max_val=6.0))
    np.testing.assert_allclose(actlab.hard_sigmoid(x), actlab.relu6(x + 3.0) / 6.0, rtol=2.3e-16, atol=0)
    np.testing.assert_allclose(actlab.hard_swish(x), x * actlab.hard_sigmoid(x), rtol=5e-16, atol=0)
    np.testing.assert_allclose(actlab.hard_sigmoid(x), actlab.sparse_sigmoid(x / 3.0), rtol=5e-16, atol=1e-16)
    np.testing.assert_array_equal(actlab.sparse_plus.grad(x), actlab.sparse_sigmoid(x))
    np.testing.assert_allclose(actlab.selu(x), actlab._special.SELU_SCALE * actlab.elu(x, alpha=actlab._special.SELU_ALPHA),
                               rtol=1e-15, atol=0)
    np.testing.assert_allclose(actlab.celu(x, alpha=1.0), actlab.elu(x, alpha=1.0), **close)
    np.testing.assert_allclose(actlab.celu(x, alpha=2.5), 2.5 * actlab.elu(x / 2.5, alpha=1.0), rtol=1e-15)
    np.testing.assert_array_equal(actlab.rrelu(x, lower=0.2, upper=0.2), actlab.leaky_relu(x, alpha=0.2))
    mid = x[np.abs(x) < 30]
    np.testing.assert_allclose(actlab.mish(mid), mid * np.tanh(actlab.softplus(mid)), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(actlab.tanhshrink(x[np.abs(x) > 2]), x[np.abs(x) > 2] - np.tanh(x[np.abs(x) > 2]),
                               **close)
    np.testing.assert_allclose(actlab.squareplus(x, b=2.0) - actlab.squareplus(-x, b=2.0), x, rtol=1e-15,
                               atol=1e-15)
    np.testing.assert_allclose(actlab.bent_identity(x) - actlab.bent_identity(-x), 2 * x, rtol=1e-15, atol=1e-15)
    np.testing.assert_array_equal(actlab.identity(x), x)
    np.testing.assert_allclose(actlab.exponential(x), np.exp(x), rtol=2 * np.finfo(float).eps, atol=0)  # its own exp
    np.testing.assert_array_equal(actlab.threshold(x, threshold=0.0, value=0.0), actlab.relu(x))
    np.testing.assert_array_equal(actlab.hardshrink(x, lambd=0.0), x)


def test_squareplus_and_bent_identity_far_out():
    # f of squareplus tends to b/(4|x|) on the left, never the 0 of (x + √(x² + b))/2
    assert actlab.squareplus(-1e300, b=4.0) == pytest.approx(1e-300, rel=1e-15)
    assert actlab.squareplus(-1.7e308) == pytest.approx(1 / 1.7e308, rel=1e-15)
    assert actlab.squareplus.grad2(-1e100) == pytest.approx(2.0 / 1e300, rel=1e-15)
    assert actlab.bent_identity(-1e300) == -5e299 and actlab.bent_identity.grad(-1e300) == 0.5
    assert actlab.bent_identity(1.5e308) == np.inf  # beyond the double range, by design
