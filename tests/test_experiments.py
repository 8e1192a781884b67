"""Experiments: verdicts follow the data, the rules read their named thresholds, runs are reproducible.

The training runs here are tiny (a few hundred digits, one to three epochs): each test changes a
setup where the claim should flip and checks that the verdict follows.
"""

import dataclasses
import math

import numpy as np
import pytest

import actlab
from actlab.experiments import centring, common, compare, dead_units, learnable, maxout, shape, vanishing
from actlab.experiments.common import MIXED, NOT_SUPPORTED, SUPPORTED, VERDICTS

SMALL = 360  # training examples in the tiny runs


def rng(seed=7):
    return np.random.default_rng(seed)


def claim(result, key):
    found = [c for c in result.claims if c.key == key]
    assert len(found) == 1, [c.key for c in result.claims]
    return found[0]


# ------------------------------------------------------------------ verdicts follow the data
@pytest.fixture(scope="module")
def dead_small_lr():
    config = dead_units.DeadUnitsConfig(activations=("relu", "leaky_relu"), depth=3, width=32, epochs=2,
                                        lrs=(1e-4,), max_train=SMALL)
    return dead_units.run(config, rng())


def test_dead_relu_not_supported_when_the_learning_rate_is_too_small_to_kill_units(dead_small_lr):
    c = claim(dead_small_lr, "dead_relu")
    assert c.verdict == NOT_SUPPORTED
    assert c.measurement["relu@lr=0.0001"]["dead_end"]["mean"] < dead_units.DEAD_THRESHOLD


def test_dead_relu_supported_when_a_negative_bias_shift_kills_units():
    config = dead_units.DeadUnitsConfig(activations=("relu", "leaky_relu"), depth=3, width=32, epochs=1,
                                        lrs=(1e-4,), bias_shift=-3.0, max_train=SMALL)
    result = dead_units.run(config, rng())
    c = claim(result, "dead_relu")
    assert c.verdict == SUPPORTED
    assert c.measurement["relu@lr=0.0001"]["dead_end"]["mean"] >= dead_units.DEAD_THRESHOLD
    # the same shift leaves every leaky unit passing gradient, though many are negative everywhere
    leaky = result.stats["leaky_relu@lr=0.0001"]
    assert leaky["dead_end"]["mean"] == 0.0 and leaky["negative_end"]["mean"] >= dead_units.DEAD_THRESHOLD
    assert claim(result, "dead_alternatives").verdict == SUPPORTED


def test_dead_relu_supported_at_a_large_learning_rate():
    config = dead_units.DeadUnitsConfig(activations=("relu",), depth=3, width=32, epochs=2, lrs=(1e-4, 0.1),
                                        max_train=SMALL)
    result = dead_units.run(config, rng())
    assert result.stats["relu@lr=0.1"]["dead_end"]["mean"] > result.stats["relu@lr=0.0001"]["dead_end"]["mean"]
    assert claim(result, "dead_relu").verdict == SUPPORTED


def test_vanishing_sigmoid_flips_with_depth():
    def verdict(depth):
        config = vanishing.VanishingConfig(activations=("sigmoid",), depth=depth, width=16, epochs=1, seeds=3,
                                           max_train=SMALL)
        return claim(vanishing.run(config, rng()), "vanishing_sigmoid")

    deep, shallow = verdict(8), verdict(1)
    assert deep.verdict == SUPPORTED
    assert deep.measurement["sigmoid"]["ratio_init"]["geomean"] < vanishing.VANISHING_RATIO
    assert shallow.verdict == NOT_SUPPORTED  # one hidden layer: first = last, ratio 1
    assert shallow.measurement["sigmoid"]["ratio_init"]["geomean"] == pytest.approx(1.0)


def test_maxout_fit_needs_pieces():
    base = dict(targets=("abs", "piecewise"), steps=150, samples=160, seeds=3)
    one = maxout.run(maxout.MaxoutConfig(pieces=(1,), **base), rng())
    many = maxout.run(maxout.MaxoutConfig(pieces=(1, 2, 8), **base), rng())
    assert claim(one, "maxout_convex").verdict == NOT_SUPPORTED  # a single line fits no V
    assert claim(many, "maxout_convex").verdict == SUPPORTED
    errors = many.errors["abs"]
    assert errors[8]["mean"] < maxout.FIT_TOL < errors[1]["mean"]


def test_maxout_parameter_count_is_counted_from_the_layers():
    counts = maxout.parameter_counts(2, d=10)
    assert counts == {"pieces": 2, "inputs": 10, "maxout": 22, "dense_relu": 11, "ratio": 2.0}
    assert maxout.parameter_counts(5, d=3)["ratio"] == 5.0


# ------------------------------------------------------------------ the rules, on made-up measurements
def _stats(init, training, accuracy=0.9):
    return {"init": common.log_mean_std([init] * 3), "training": common.log_mean_std([training] * 3),
            "accuracy": common.mean_std([accuracy] * 3)}


@pytest.mark.parametrize("init, training, expected", [
    (1e-4, 1e-3, SUPPORTED), (1e-4, 0.5, MIXED), (0.5, 2.0, NOT_SUPPORTED),
    (vanishing.VANISHING_RATIO * 0.99, vanishing.VANISHING_RATIO * 0.99, SUPPORTED),
    (vanishing.VANISHING_RATIO, vanishing.VANISHING_RATIO, NOT_SUPPORTED),
])
def test_vanishing_rule(init, training, expected):
    result = vanishing.VanishingResult(vanishing.VanishingConfig(), [1, 2, 3], {}, {"tanh": _stats(init, training)})
    assert claim(vanishing.judge(result), "vanishing_tanh").verdict == expected


@pytest.mark.parametrize("softsign, expected", [(3.0, SUPPORTED), (1.0, NOT_SUPPORTED), (0.4, NOT_SUPPORTED)])
def test_softsign_rule(softsign, expected):
    stats = {"tanh": _stats(0.5, 0.5), "softsign": _stats(0.5 * softsign, 0.5 * softsign)}
    result = vanishing.VanishingResult(vanishing.VanishingConfig(), [1], {}, stats)
    assert vanishing.softsign_claim(result).verdict == expected


def test_softsign_rule_mixed_when_better_only_in_training():
    stats = {"tanh": _stats(0.5, 0.5), "softsign": _stats(0.5, 0.5 * 2 * vanishing.BETTER_FACTOR)}
    result = vanishing.VanishingResult(vanishing.VanishingConfig(), [1], {}, stats)
    assert vanishing.softsign_claim(result).verdict == MIXED


def _centring_stats(epochs, mean):
    s = {"epochs": common.mean_std([epochs] * 3), "reached": 3, "mean_init": common.mean_std([mean] * 3),
         "mean_end": common.mean_std([mean] * 3), "accuracy": common.mean_std([0.9] * 3)}
    return s


def test_centring_rules():
    fast, slow = 2.0, 2.0 * centring.SPEEDUP
    stats = {"sigmoid": _centring_stats(slow, 0.5), "sigmoid-0.5": _centring_stats(fast, 0.0),
             "tanh+1": _centring_stats(fast, 1.0), "tanh": _centring_stats(fast, 0.0),
             "relu": _centring_stats(fast, 0.8), "elu": _centring_stats(fast, 0.05)}
    result = centring.judge(centring.CentringResult(centring.CentringConfig(), [1], {}, stats))
    assert claim(result, "centring_speed").verdict == MIXED  # only the sigmoid pair is faster when centred
    assert claim(result, "centring_tanh").verdict == SUPPORTED
    assert claim(result, "centring_elu").verdict == SUPPORTED
    stats["elu"] = _centring_stats(fast, 0.5)  # closer to 0 than ReLU's 0.8, but not near 0
    assert claim(centring.judge(centring.CentringResult(centring.CentringConfig(), [1], {}, stats)),
                 "centring_elu").verdict == MIXED
    stats["tanh+1"] = _centring_stats(slow, 1.0)
    assert claim(centring.judge(centring.CentringResult(centring.CentringConfig(), [1], {}, stats)),
                 "centring_speed").verdict == SUPPORTED


def _row(name, mean, std=0.001):
    return {"activation": name, "accuracy": common.mean_std([mean - std, mean + std])}


@pytest.mark.parametrize("gelu, expected", [(0.99, SUPPORTED), (0.953, MIXED), (0.90, NOT_SUPPORTED)])
def test_gelu_best_rule(gelu, expected):
    rows = [_row("relu", 0.95), _row("tanh", 0.94), _row("gelu", gelu)]
    result = compare.judge(compare.CompareResult(compare.CompareConfig(), [1], {}, rows))
    assert claim(result, "gelu_best").verdict == expected


def test_learnable_rules():
    config = compare.CompareConfig(lr=0.01)
    steps = 100  # a random walk of Adam steps covers lr·√steps = 0.1

    def result_with(alphas, betas):
        runs = {"prelu": [common.Run("prelu", 0, [], [], [], [], [], learned={"alpha": alphas}, steps=steps)],
                "swish": [common.Run("swish", 0, [], [], [], [], [], learned={"beta": betas}, steps=steps)]}
        return learnable.from_compare(compare.CompareResult(config, [0], runs, []))

    moved = result_with([0.0, 0.1, 0.4, 0.6], [1.5, 0.5, 1.2, 0.7])
    assert claim(moved, "learnable_params").verdict == SUPPORTED
    assert moved.stats["prelu"]["drift"]["mean"] == pytest.approx(0.225 / 0.1)
    assert claim(moved, "prelu_alpha_range").verdict == SUPPORTED
    stuck = result_with([0.25, 0.2, 0.3, 0.25], [1.0, 1.05, 0.95, 1.0])  # moved 0.025: a quarter of the walk
    assert claim(stuck, "learnable_params").verdict == NOT_SUPPORTED
    half = result_with([0.25, 0.25, 0.26, 0.24], [1.5, 0.5, 1.2, 0.7])
    assert claim(half, "learnable_params").verdict == MIXED
    negative = result_with([-0.3, -0.2, 0.1, -0.5], [1.5, 0.5, 1.2, 0.7])
    assert claim(negative, "prelu_alpha_range").verdict == NOT_SUPPORTED


def test_claim_rejects_an_unknown_verdict():
    with pytest.raises(ValueError, match="verdict"):
        common.Claim("k", "c", "s", "setup", {}, "rule", "probably")


def test_combined_verdict():
    assert common.combined_verdict([SUPPORTED, SUPPORTED]) == SUPPORTED
    assert common.combined_verdict([NOT_SUPPORTED]) == NOT_SUPPORTED
    assert common.combined_verdict([SUPPORTED, NOT_SUPPORTED]) == MIXED


# ------------------------------------------------------------------ shape claims (property sheet)
def test_shape_claims_read_the_property_sheet():
    result = shape.run()
    verdicts = {c.key: c.verdict for c in result.claims}
    assert verdicts["shape_swish_grad_positive"] == NOT_SUPPORTED
    assert verdicts["shape_silu_minimum"] == SUPPORTED
    assert verdicts["shape_softmax_text"] == NOT_SUPPORTED
    assert verdicts["shape_softsign_tail"] == SUPPORTED
    assert verdicts["shape_softplus_grad"] == SUPPORTED
    assert verdicts["shape_elu_saturates"] == SUPPORTED
    assert result.sheets["silu"]["minimum_at"] == pytest.approx(-1.2784645, abs=1e-6)
    assert all(c.verdict in VERDICTS and c.rule and c.setup for c in result.claims)


def test_elu_check_follows_alpha():
    result = shape.run(shape.ShapeConfig(elu_alphas=(0.3,)))
    c = claim(result, "shape_elu_saturates")
    assert c.verdict == SUPPORTED and c.measurement["alpha=0.3"]["limit"] == pytest.approx(-0.3)


# ------------------------------------------------------------------ building blocks
def test_runs_are_reproducible_and_paired():
    data = common.load_data("digits", 11, max_train=200)
    cfg = common.TrainConfig(depth=2, width=16, epochs=1)
    a, b = common.train("tanh", data, cfg, 11), common.train("tanh", data, cfg, 11)
    assert a.test_accuracy == b.test_accuracy and a.probes[-1].grad_norm == b.probes[-1].grad_norm
    # paired: the same seed gives tanh and softsign (same init scheme, same shapes) identical weights
    m1 = common.build_mlp([64, 16, 10], "tanh", np.random.default_rng([11, 1]))
    m2 = common.build_mlp([64, 16, 10], "softsign", np.random.default_rng([11, 1]))
    assert np.array_equal(m1.params["0.W"], m2.params["0.W"])


def test_seeds_need_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        common.seeds_from(42, 3)


def test_shifted_activation_keeps_the_derivative():
    layer = common.ShiftedActivation("sigmoid", 0.5)
    x = np.linspace(-3, 3, 7)[None, :]
    y = layer.forward(x)
    np.testing.assert_allclose(y, actlab.sigmoid(x) - 0.5)
    np.testing.assert_allclose(layer.backward(np.ones_like(y)), actlab.sigmoid.grad(x))
    assert layer.name == "sigmoid-0.5"


def test_probe_dead_fraction_counts_units_without_gradient():
    model = common.build_mlp([3, 4, 2], "relu", np.random.default_rng(0))
    model[0].params["b"][:2] = -100.0  # two units negative on every input
    x = np.random.default_rng(1).normal(size=(50, 3))
    p = common.probe(model, x, np.zeros(50, dtype=np.int64))
    assert p.dead == [0.5] and p.negative == [0.5]


def test_example_params_fill_required_parameters():
    assert common.example_params("prelu") == {}  # learned by nn.PReLU
    entry = actlab.get("relu")
    assert common.example_params(entry.name) == {}
    for name in common.elementwise_names():
        params = common.example_params(name)
        assert {p.name for p in actlab.get(name).params if p.required} <= set(params) | (
            {"alpha"} if name == "prelu" else set()) | ({"beta"} if name == "swish" else set())


def test_available_skips_missing_names():
    assert common.available(("relu", "no_such_activation", "sigmoid-0.5")) == ("relu", "sigmoid-0.5")


def test_epochs_to_target_uses_the_curve():
    run = common.Run("relu", 0, [0.5, 0.95], [], [], [], [], curve=[(0.5, 0.2), (1.0, 0.5), (1.5, 0.93)])
    assert run.epochs_to(0.9) == 1.5
    assert math.isinf(run.epochs_to(0.99))


def test_compare_rows_have_every_column():
    config = compare.CompareConfig(activations=("relu", "prelu"), width=8, epochs=1, seeds=3, max_train=SMALL)
    result = compare.run_compare(config, rng())
    assert [r["activation"] for r in result.rows] == ["relu", "prelu"]
    for r in result.rows:
        assert len(r["accuracy"]["values"]) == 3 and 0 <= r["accuracy"]["mean"] <= 1
        assert r["seconds_per_epoch"]["mean"] > 0 and r["grad_ratio"]["geomean"] > 0
    prelu = result.runs["prelu"][0]
    assert len(prelu.learned["alpha"]) == 2 * 8  # one α per unit of both hidden layers
    assert dataclasses.is_dataclass(result)
