"""actlab.nn optimizers, schedules, trainer, probes and datasets: closed-form
updates, published update rules, seeded reproducibility, error reports and
the digits accuracy target (no timing is asserted; see benchmarks/bench_nn.py)."""

import math

import numpy as np
import pytest

from actlab import nn


# -- optimizers: the published update rules, written out step by step -------------------
def run(optimizer, grads_sequence, p0):
    params = {"p": p0.copy()}
    for g in grads_sequence:
        optimizer.step(params, {"p": g})
    return params["p"]


@pytest.fixture
def sequence():
    rng = np.random.default_rng(0)
    return rng.standard_normal(5), [rng.standard_normal(5) for _ in range(4)]


def test_sgd_plain_is_p_minus_lr_g(sequence):
    p0, gs = sequence
    np.testing.assert_allclose(run(nn.SGD(0.1), gs, p0), p0 - 0.1 * sum(gs), rtol=1e-14)


def test_sgd_momentum_and_nesterov_follow_the_recurrences(sequence):
    p0, gs = sequence
    lr, mu, wd = 0.1, 0.9, 0.01
    for nesterov in (False, True):
        p, v = p0.copy(), np.zeros(5)
        for g in gs:
            g = g + wd * p
            v = mu * v + g
            p = p - lr * ((g + mu * v) if nesterov else v)
        got = run(nn.SGD(lr, momentum=mu, nesterov=nesterov, weight_decay=wd), gs, p0)
        np.testing.assert_allclose(got, p, rtol=1e-14)


def test_sgd_momentum_on_a_constant_gradient_is_a_geometric_sum():
    g = np.array([1.0, -2.0])
    lr, mu, steps = 0.1, 0.5, 3  # v_k = g(1 + μ + … + μ^(k−1)); p moves by lr·Σ_k v_k
    expected = -lr * g * sum((1 - mu**k) / (1 - mu) for k in range(1, steps + 1))
    np.testing.assert_allclose(run(nn.SGD(lr, momentum=mu), [g] * steps, np.zeros(2)), expected, rtol=1e-14)


def test_adam_first_step_moves_each_coordinate_by_lr():
    g = np.array([1e-3, -5.0, 200.0])  # m̂ = g, v̂ = g²: the step is lr·g/(|g| + ε)
    lr = 0.01
    got = run(nn.Adam(lr=lr), [g], np.zeros(3))
    np.testing.assert_allclose(got, -lr * g / (np.abs(g) + nn.optim.ADAM_EPS), rtol=1e-12)


@pytest.mark.parametrize("decoupled", [False, True])
def test_adam_and_adamw_follow_kingma_ba_and_loshchilov_hutter(sequence, decoupled):
    p0, gs = sequence
    lr, b1, b2, eps, wd = 0.01, 0.8, 0.99, 1e-6, 0.1
    p, m, v = p0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(gs, start=1):
        if decoupled:
            p = p - lr * wd * p
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    optimizer = (nn.AdamW if decoupled else nn.Adam)(lr=lr, beta1=b1, beta2=b2, eps=eps, weight_decay=wd)
    np.testing.assert_allclose(run(optimizer, gs, p0), p, rtol=1e-12)


@pytest.mark.parametrize("make", [
    lambda: nn.SGD(0.1), lambda: nn.SGD(0.05, momentum=0.9), lambda: nn.SGD(0.05, momentum=0.9, nesterov=True),
    lambda: nn.Adam(lr=0.05), lambda: nn.AdamW(lr=0.05, weight_decay=0.0),
], ids=["sgd", "momentum", "nesterov", "adam", "adamw"])
def test_optimizers_minimise_a_quadratic(make):
    target = np.array([1.0, -2.0, 3.0])  # L = ‖p − target‖²/2, ∂L/∂p = p − target
    optimizer, params = make(), {"p": np.zeros(3)}
    for _ in range(500):
        optimizer.step(params, {"p": params["p"] - target})
    np.testing.assert_allclose(params["p"], target, atol=1e-3)


def test_optimizer_keeps_float32_parameters_float32():
    params = {"p": np.ones(3, np.float32)}
    for optimizer in (nn.SGD(0.1, momentum=0.9), nn.Adam(), nn.AdamW()):
        optimizer.step(params, {"p": np.ones(3, np.float32)})
        assert params["p"].dtype == np.float32


def test_schedules_closed_forms():
    step = nn.StepDecay(0.1, step_size=3, gamma=0.5)
    assert [step(e) for e in range(7)] == pytest.approx([0.1] * 3 + [0.05] * 3 + [0.025])
    cosine = nn.CosineDecay(0.1, epochs=4, lr_min=0.02)
    expected = [0.02 + 0.08 * (1 + math.cos(math.pi * e / 4)) / 2 for e in range(4)]
    assert [cosine(e) for e in range(4)] == pytest.approx(expected)
    assert cosine(2) == pytest.approx(0.06) and cosine(4) == cosine(9) == pytest.approx(0.02)


# -- trainer ----------------------------------------------------------------------------
def small_problem(seed=0, dtype=np.float64, activation="relu", hooks=(), schedule=None, blas_threads=None):
    rng = np.random.default_rng(seed)
    data = nn.load("moons", rng=rng, n_samples=200)
    model = nn.mlp([2, 16, 16, 2], activation, rng=rng, dtype=dtype)
    trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), nn.Adam(lr=0.01), batch_size=32,
                         hooks=hooks, schedule=schedule, blas_threads=blas_threads)
    return rng, data, trainer


def test_training_is_reproducible_from_the_seed_and_learns_moons():
    histories = []
    for _ in range(2):
        rng, data, trainer = small_problem()
        histories.append(trainer.fit(data.x_train, data.y_train, epochs=15, rng=rng, validation_split=0.25))
    a, b = histories
    assert a.loss == b.loss and a.val_accuracy == b.val_accuracy
    assert len(a.loss) == len(a.accuracy) == len(a.val_loss) == len(a.lr) == len(a.seconds) == 15
    assert a.loss[-1] < 0.5 * a.loss[0]
    assert trainer.evaluate(data.x_test, data.y_test)[1] >= 0.9


def test_schedule_sets_the_learning_rate_of_each_epoch():
    schedule = nn.StepDecay(0.01, step_size=2)
    rng, data, trainer = small_problem(schedule=schedule)
    history = trainer.fit(data.x_train, data.y_train, epochs=5, rng=rng)
    assert history.lr == [schedule(e) for e in range(5)]


def test_hooks_see_each_layer_output_and_its_gradient():
    seen = []

    def check(info):  # runs before the optimizer step, so the layers still hold this step's weights
        seen.append((info.epoch, info.step))
        x, model = info.inputs, info.model
        for layer, out in zip(model, info.outputs):  # the outputs replay the layers
            x = layer.forward(x, train=False)
            np.testing.assert_array_equal(out, x)
        # the loss's gradient, (softmax − onehot)/N: its one negative entry per row is at the label
        logits = info.outputs[-1]
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        onehot = np.eye(2)[np.argmin(info.output_grads[-1], axis=1)]
        np.testing.assert_allclose(info.output_grads[-1], (probs - onehot) / len(logits), atol=1e-15)
        # ∂L/∂(output of layer 3) = ∂L/∂(input of Dense 4) = dy·Wᵀ;  ∂L/∂W of Dense 4 = (input)ᵀ·dy
        dy = info.output_grads[4]
        np.testing.assert_allclose(info.output_grads[3], dy @ model[4].params["W"].T, rtol=1e-12)
        np.testing.assert_allclose(model[4].grads["W"], info.outputs[3].T @ dy, rtol=1e-12)

    rng, data, trainer = small_problem(hooks=[check])
    trainer.fit(data.x_train, data.y_train, epochs=2, rng=rng)
    steps = -(-len(data.x_train) // trainer.batch_size)
    assert seen == [(e, s) for e in range(2) for s in range(steps)]


def test_blas_threads_are_limited_only_during_fit():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas():
        return [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]

    before, during = blas(), []
    rng, data, trainer = small_problem(hooks=[lambda info: during.extend(blas())], blas_threads=1)
    trainer.fit(data.x_train, data.y_train, epochs=1, rng=rng)
    assert during and set(during) == {1}
    assert blas() == before


def test_recorder_and_probes():
    recorder = nn.Recorder(every=5)
    rng, data, trainer = small_problem(hooks=[recorder])
    trainer.fit(data.x_train, data.y_train, epochs=1, rng=rng)
    steps = -(-len(data.x_train) // trainer.batch_size)
    assert len(recorder.records) == -(-steps // 5)
    record = recorder.records[0]
    assert set(record["dead"]) == {"1:relu", "3:relu"} and set(record["grad_norm"]) == {"0:Dense", "2:Dense", "4:Dense"}
    assert recorder.series("grad_norm", "0:Dense").shape == (len(recorder.records),)
    assert all(0.0 <= v <= 1.0 for v in record["dead"].values())
    # the helpers themselves, on arrays whose answers are known
    a = np.array([[0.0, 1.0, 0.0, 2.0], [0.0, 0.0, 0.0, 3.0], [0.0, 0.0, 1e-9, 4.0]])
    assert nn.dead_fraction(a) == 0.25 and nn.dead_fraction(a, atol=1e-8) == 0.5
    assert nn.activation_stats(a) == pytest.approx((a.mean(), a.std()))
    model = nn.mlp([2, 3, 2], "relu", rng=np.random.default_rng(0))
    model.forward(np.ones((4, 2)))
    model.backward(np.ones((4, 2)))
    expected = np.sqrt(np.sum(model[2].grads["W"] ** 2) + np.sum(model[2].grads["b"] ** 2))
    assert nn.grad_norms(model)["2:Dense"] == pytest.approx(expected, rel=1e-14)


def test_nan_loss_stops_training_at_the_epoch_and_step_it_appeared():
    def poison(info):  # after step 2 of epoch 1, a weight becomes infinite: step 3's loss is not finite
        if (info.epoch, info.step) == (1, 2):
            info.model[0].params["W"][0, 0] = np.inf

    rng, data, trainer = small_problem(hooks=[poison])
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        with pytest.raises(nn.TrainingDiverged, match="epoch 1, step 3") as error:
            trainer.fit(data.x_train, data.y_train, epochs=3, rng=rng)
    assert isinstance(error.value, ValueError)
    assert (error.value.epoch, error.value.step) == (1, 3) and not np.isfinite(error.value.loss)


def test_fit_does_not_modify_the_callers_arrays_and_casts_to_the_model_dtype():
    rng, data, trainer = small_problem(dtype=np.float32)
    x, y = data.x_train.copy(), data.y_train.copy()
    trainer.fit(data.x_train, data.y_train, epochs=1, rng=rng)
    np.testing.assert_array_equal(data.x_train, x)
    np.testing.assert_array_equal(data.y_train, y)
    assert data.x_train.dtype == np.float64
    assert trainer.predict(data.x_test).dtype == np.float32
    assert all(p.dtype == np.float32 for p in trainer.model.params.values())


def test_regression_with_mse_fits_a_sine():
    rng = np.random.default_rng(0)
    data = nn.load("sin", rng=rng, noise=0.0)
    epochs, lr = 60, 0.01
    model = nn.mlp([1, 32, 32, 1], "relu", rng=rng)
    trainer = nn.Trainer(model, nn.MeanSquaredError(), nn.Adam(lr=lr), batch_size=32,
                         schedule=nn.CosineDecay(lr, epochs))
    history = trainer.fit(data.x_train, data.y_train, epochs=epochs, rng=rng, validation=(data.x_test, data.y_test))
    assert history.accuracy == [] and history.val_accuracy == []
    assert history.val_loss[-1] < 0.01 * np.var(data.y_test)  # R² > 0.99


def test_mlp_with_relu_reaches_97_percent_on_digits():
    rng = np.random.default_rng(0)
    data = nn.load("digits", rng=rng)
    epochs, lr = 10, 2e-3
    model = nn.mlp([64, 256, 256, 10], "relu", rng=rng)
    trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), nn.AdamW(lr=lr), batch_size=32,
                         schedule=nn.CosineDecay(lr, epochs), blas_threads=1)
    trainer.fit(data.x_train, data.y_train, epochs=epochs, rng=rng)
    assert trainer.evaluate(data.x_test, data.y_test)[1] >= 0.97


# -- datasets ----------------------------------------------------------------------------
def test_digits_split_is_stratified_standardised_on_train_and_a_partition():
    from sklearn.datasets import load_digits

    raw = load_digits()
    data = nn.load("digits", rng=np.random.default_rng(0), test_size=0.2)
    assert len(data.x_train) + len(data.x_test) == len(raw.data) and data.n_classes == 10
    for c in range(10):
        assert (data.y_test == c).sum() == round(0.2 * (raw.target == c).sum())
    train_std = data.x_train.std(axis=0)
    assert np.allclose(data.x_train.mean(axis=0), 0, atol=1e-12)
    assert np.allclose(train_std[train_std > 0], 1, rtol=1e-12)
    assert not np.allclose(data.x_test.mean(axis=0), 0, atol=1e-3)  # the test part was not used to fit
    recovered = np.concatenate([data.x_train, data.x_test]) * data.std + data.mean
    labels = np.concatenate([data.y_train, data.y_test])
    order_a = np.lexsort(np.column_stack([labels, np.round(recovered)]).T)
    order_b = np.lexsort(np.column_stack([raw.target, raw.data]).T)
    np.testing.assert_allclose(recovered[order_a], raw.data[order_b], atol=1e-9)
    np.testing.assert_array_equal(labels[order_a], raw.target[order_b])


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer"])
def test_bundled_tables_load(name):
    data = nn.load(name, rng=np.random.default_rng(0), dtype=np.float32)
    assert data.x_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert set(np.unique(data.y_test)) == set(range(data.n_classes))


def test_synthetic_sets_lie_on_their_curves_without_noise():
    rng = np.random.default_rng(0)
    raw = {}
    for name in ("moons", "circles", "spirals"):
        data = nn.load(name, rng=rng, noise=0.0, n_samples=300)
        raw[name] = (np.concatenate([data.x_train, data.x_test]) * data.std + data.mean,
                     np.concatenate([data.y_train, data.y_test]))
        assert data.n_classes == 2 and len(data.x_train) == 240
    x, y = raw["circles"]
    np.testing.assert_allclose(np.hypot(*x.T), np.where(y == 1, nn.data.CIRCLES_FACTOR, 1.0), rtol=1e-12)
    x, y = raw["moons"]
    centre = np.where(y[:, None] == 1, [1.0, 0.5], [0.0, 0.0])
    np.testing.assert_allclose(np.hypot(*(x - centre).T), 1.0, rtol=1e-12)
    assert np.all(np.where(y == 0, x[:, 1] >= 0, x[:, 1] <= 0.5))
    x, y = raw["spirals"]
    r = np.hypot(*x.T)  # r = θ and the angle is θ (+ π for the second spiral), modulo 2π
    phase = np.angle(np.exp(1j * (np.arctan2(x[:, 1], x[:, 0]) - r - np.pi * y)))
    np.testing.assert_allclose(phase, 0.0, atol=1e-9)


@pytest.mark.parametrize("name, target", [("sin", np.sin), ("abs", np.abs), ("square", np.square)])
def test_regression_targets(name, target):
    data = nn.load(name, rng=np.random.default_rng(0), noise=0.0)
    x = data.x_test * data.std + data.mean
    np.testing.assert_allclose(data.y_test, target(x), rtol=1e-12, atol=1e-12)
    assert data.y_train.shape == (len(data.x_train), 1) and np.all(np.abs(x) <= np.pi)


def test_datasets_are_seeded_and_unknown_names_list_the_valid_ones():
    a, b = (nn.load("spirals", rng=np.random.default_rng(3)) for _ in range(2))
    c = nn.load("spirals", rng=np.random.default_rng(4))
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)
    with pytest.raises(ValueError) as error:
        nn.load("mnist", rng=np.random.default_rng(0))
    assert all(name in str(error.value) for name in nn.dataset_names())
