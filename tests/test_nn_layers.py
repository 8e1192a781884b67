"""actlab.nn layers and losses: backward against central finite differences (float64),
forward against closed forms, shapes, dtypes and error messages."""

import numpy as np
import pytest

import actlab
from actlab import nn

STEP = 1e-6  # central-difference step; truncation error ~STEP², rounding ~eps/STEP
RTOL, ATOL = 1e-5, 1e-7
KINK_MARGIN = 1e-3  # inputs of every activation stay this far from 0 (and maxout pieces this far apart)
SEARCH_SEEDS = 50
#: A value for each kind of required parameter (prelu's alpha, maxout's pieces), read off the Param.
REQUIRED_VALUE = {"real": 0.25, "int": 2}


def required_params(name):
    return {p.name: REQUIRED_VALUE[p.kind] for p in actlab.get(name).params if p.required}


# -- finite differences -----------------------------------------------------------
def numeric_gradient(f, a):
    """∂f/∂a by central differences, perturbing a in place (restored exactly)."""
    grad = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        original = a[i]
        a[i] = original + STEP
        up = f()
        a[i] = original - STEP
        down = f()
        a[i] = original
        grad[i] = (up - down) / (2 * STEP)
    return grad


def check_layer_gradients(layer, x, rng):
    """Compare backward with finite differences of L = Σ r·layer(x) for x and every parameter."""
    x = x.copy()
    r = rng.standard_normal(np.shape(layer.forward(x)))
    dx = layer.backward(r)
    analytic = {k: g.copy() for k, g in layer.grads.items()}

    def loss():
        return float(np.sum(r * layer.forward(x)))

    np.testing.assert_allclose(dx, numeric_gradient(loss, x), rtol=RTOL, atol=ATOL, err_msg="dx")
    for key, p in layer.params.items():
        numeric = numeric_gradient(loss, p)
        assert np.max(np.abs(numeric)) > 0, f"∂L/∂{key} is 0: the check would be vacuous"
        np.testing.assert_allclose(analytic[key], numeric, rtol=RTOL, atol=ATOL, err_msg=key)
    return analytic


def kinks_of(layer):
    """Where the layer's activation has a kink (its property sheet's jumps; 0 always included)."""
    if not isinstance(layer, nn.Activation):
        return (0.0,)
    entry = actlab.get(layer.name, **layer.hyper)
    if not entry.elementwise:
        return (0.0,)  # the gates of the GLU family; maxout is handled by its ties
    return (0.0, *(jump.x for jump in actlab.properties(entry).jumps))


def activation_inputs(model, x):
    """For each activation layer of a Sequential: (its input, maxout's pieces or None, its kinks)."""
    trace = nn.Trace()
    model.forward(x, train=True, trace=trace)
    inputs = [x, *trace.outputs[:-1]]
    found = []
    for layer, a in zip(model, inputs):
        if isinstance(layer, nn.Maxout):
            found.append((a @ layer.params["W"] + layer.params["b"], layer.pieces, ()))
        elif layer.is_activation:
            found.append((a, layer.hyper.get("pieces") if isinstance(layer, nn.Activation) else None,
                          kinks_of(layer)))
    return found


def kink_distance(z, pieces, kinks=(0.0,)):
    """Distance of z from the kinks, or for maxout the gap between each group's two largest pieces."""
    if pieces is None:
        return float(min(np.min(np.abs(z - k)) for k in kinks))
    top2 = np.sort(z.reshape(*z.shape[:-1], -1, pieces), axis=-1)[..., -2:]
    return float(np.min(top2[..., 1] - top2[..., 0]))


def away_from_kinks(build, x_shape, scale=1.0):
    """(model, x, rng) for the first seed whose activation inputs stay KINK_MARGIN from every kink."""
    for seed in range(SEARCH_SEEDS):
        rng = np.random.default_rng(seed)
        model = build(rng)
        x = scale * rng.standard_normal(x_shape)
        if all(kink_distance(z, k, kinks) > KINK_MARGIN for z, k, kinks in activation_inputs(model, x)):
            return model, x, rng
    raise AssertionError(f"no seed in {SEARCH_SEEDS} keeps the inputs away from the kinks")


# -- every layer type alone -----------------------------------------------------------
def test_dense_forward_is_affine_and_backward_matches_fd():
    rng = np.random.default_rng(0)
    layer = nn.Dense(4, 3, rng=rng)
    layer.params["b"][:] = rng.standard_normal(3)
    x = rng.standard_normal((5, 4))
    np.testing.assert_allclose(layer.forward(x), x @ layer.params["W"] + layer.params["b"], rtol=1e-15)
    check_layer_gradients(layer, x, rng)


@pytest.mark.parametrize("name", actlab.names())
def test_activation_layer_matches_fd(name):
    def build(rng):
        return nn.Sequential(nn.Activation(name, **required_params(name)))

    model, x, rng = away_from_kinks(build, (5, 6))
    np.testing.assert_array_equal(model.forward(x), actlab.get(name, **required_params(name))(x))
    check_layer_gradients(model[0], x, rng)


@pytest.mark.parametrize("channels", [None, 6], ids=["shared", "per-channel"])
@pytest.mark.parametrize("layer_type", [nn.PReLU, nn.Swish])
def test_learned_parameter_layers_match_fd(layer_type, channels):
    def build(rng):
        layer = layer_type(channels)
        theta = layer.params[layer.param]
        theta[:] = layer.init + 0.5 * rng.standard_normal(theta.shape)  # distinct values per channel
        return nn.Sequential(layer)

    model, x, rng = away_from_kinks(build, (5, 6))
    grads = check_layer_gradients(model[0], x, rng)
    assert grads[model[0].param].shape == ((6,) if channels else (1,))


def test_learned_parameters_start_at_their_published_values():
    assert nn.PReLU(3).params["alpha"].tolist() == [0.25] * 3
    assert nn.Swish().params["beta"].tolist() == [1.0]
    x = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(nn.Swish().forward(x), actlab.silu(x))


@pytest.mark.parametrize("pieces", [2, 3])
def test_maxout_layer_matches_fd_and_its_definition(pieces):
    def build(rng):
        layer = nn.Maxout(4, 3, pieces, rng=rng)
        layer.params["b"][:] = rng.standard_normal(layer.params["b"].shape)
        return nn.Sequential(layer)

    model, x, rng = away_from_kinks(build, (5, 4))
    layer = model[0]
    z = x @ layer.params["W"] + layer.params["b"]
    np.testing.assert_array_equal(layer.forward(x), z.reshape(5, 3, pieces).max(axis=2))
    check_layer_gradients(layer, x, rng)


def test_dropout_is_inverted_bernoulli_and_backward_uses_the_same_mask():
    p, shape = 0.3, (400, 500)
    layer = nn.Dropout(p, rng=np.random.default_rng(1))
    x = np.random.default_rng(2).uniform(1.0, 2.0, shape)
    y = layer.forward(x)
    mask = y / x
    kept = mask > 0
    np.testing.assert_allclose(mask[kept], 1 / (1 - p), rtol=1e-15)
    n = x.size  # dropped fraction ~ Binomial(n, p)/n: within 5 standard deviations
    assert abs((~kept).mean() - p) < 5 * np.sqrt(p * (1 - p) / n)
    dy = np.random.default_rng(3).standard_normal(shape)
    np.testing.assert_allclose(layer.backward(dy), dy * mask, rtol=1e-15)  # y is linear in x: J = diag(mask)
    np.testing.assert_array_equal(layer.forward(x, train=False), x)


# -- every registry activation inside a 3-layer network -------------------------------
def three_layer(name, learn):
    params = {} if learn and name in nn.LEARNED else required_params(name)

    def build(rng):
        model = nn.mlp([3, 6, 6, 4], name, rng=rng, learn=learn, **params)
        for key, p in model.params.items():  # nonzero biases and learned parameters, distinct per unit
            if not key.endswith(".W"):
                p += 0.3 * rng.standard_normal(p.shape)
        return model

    return build


@pytest.mark.parametrize("name", actlab.names())
def test_three_layer_network_matches_fd(name):
    # inputs of scale 1/2 keep compositions such as exp(exp(·)) far from overflow
    model, x, rng = away_from_kinks(three_layer(name, learn=False), (5, 3), scale=0.5)
    assert sum(layer.is_activation for layer in model) == 2
    check_layer_gradients(model, x, rng)


@pytest.mark.parametrize("name", sorted(nn.LEARNED))
def test_three_layer_network_with_learned_activation_matches_fd(name):
    model, x, rng = away_from_kinks(three_layer(name, learn=True), (5, 3))
    assert sum(isinstance(layer, nn.LEARNED[name]) for layer in model) == 2
    grads = check_layer_gradients(model, x, rng)
    learned = {"prelu": "alpha", "swish": "beta", "maxout": "W"}[name]
    assert f"1.{learned}" in grads


def test_three_layer_network_through_the_softmax_cross_entropy_matches_fd():
    model, x, rng = away_from_kinks(three_layer("gelu", learn=False), (5, 3))
    labels = np.array([0, 3, 1, 1, 2])
    loss = nn.SoftmaxCrossEntropy()
    _, dout = loss(model.forward(x), labels)
    model.backward(dout)
    analytic = {k: g.copy() for k, g in model.grads.items()}
    for key, p in model.params.items():
        numeric = numeric_gradient(lambda: loss(model.forward(x), labels)[0], p)
        np.testing.assert_allclose(analytic[key], numeric, rtol=RTOL, atol=ATOL, err_msg=key)


# -- losses ----------------------------------------------------------------------------
def test_cross_entropy_closed_forms_and_fd():
    ce = nn.SoftmaxCrossEntropy()
    n, c = 4, 5
    labels = np.array([0, 4, 2, 2])
    loss, grad = ce(np.zeros((n, c)), labels)  # uniform softmax: L = log C, ∂L/∂z = (1/C − onehot)/N
    assert loss == pytest.approx(np.log(c), rel=1e-15)
    onehot = np.eye(c)[labels]
    np.testing.assert_allclose(grad, (1 / c - onehot) / n, rtol=1e-15)
    big = np.array([[1000.0, 0.0], [0.0, 1000.0]])  # no overflow: L = (0 + 1000)/2
    assert ce(big, np.array([0, 0]))[0] == pytest.approx(500.0, rel=1e-15)
    z = np.random.default_rng(0).standard_normal((n, c)) * 3
    np.testing.assert_allclose(ce(z, labels)[1], numeric_gradient(lambda: ce(z, labels)[0], z), rtol=RTOL, atol=ATOL)
    assert ce.accuracy(np.eye(c)[[0, 4, 1, 2]], labels) == 0.75


def test_mse_closed_form_and_fd():
    mse = nn.MeanSquaredError()
    pred, target = np.array([[1.0], [2.0], [4.0]]), np.array([[0.0], [2.0], [2.0]])
    loss, grad = mse(pred, target)
    assert loss == pytest.approx(5 / 3, rel=1e-15)
    np.testing.assert_allclose(grad, 2 * (pred - target) / 3, rtol=1e-15)
    p = np.random.default_rng(1).standard_normal((4, 2))
    t = np.random.default_rng(2).standard_normal((4, 2))
    np.testing.assert_allclose(mse(p, t)[1], numeric_gradient(lambda: mse(p, t)[0], p), rtol=RTOL, atol=ATOL)
    assert mse.accuracy(p, t) is None


# -- dtypes ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["relu", "gelu", "prelu", "swish", "maxout", "softmax"])
def test_float32_network_stays_float32_and_agrees_with_float64(name):
    model32 = nn.mlp([3, 6, 6, 4], name, rng=np.random.default_rng(0), dtype=np.float32)
    model64 = nn.mlp([3, 6, 6, 4], name, rng=np.random.default_rng(0), dtype=np.float64)
    x = np.random.default_rng(1).standard_normal((5, 3))
    r = np.random.default_rng(2).standard_normal((5, 4))
    y32, y64 = model32.forward(x), model64.forward(x)
    dx32, dx64 = model32.backward(r.astype(np.float32)), model64.backward(r)
    assert y32.dtype == dx32.dtype == np.float32
    assert all(p.dtype == np.float32 for p in [*model32.params.values(), *model32.grads.values()])
    tol = 1e-4  # a few hundred float32 ulps through three layers
    np.testing.assert_allclose(y32, y64, rtol=tol, atol=tol)
    np.testing.assert_allclose(dx32, dx64, rtol=tol, atol=tol)
    for key, g in model64.grads.items():
        np.testing.assert_allclose(model32.grads[key], g, rtol=tol, atol=tol, err_msg=key)


def test_sequential_rejects_mixed_dtypes():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="float32.*float64"):
        nn.Sequential(nn.Dense(2, 2, rng=rng, dtype=np.float32), nn.Dense(2, 2, rng=rng))


# -- initialisers ------------------------------------------------------------------------
@pytest.mark.parametrize("name, variance", [
    ("he", lambda i, o: 2 / i), ("xavier", lambda i, o: 2 / (i + o)), ("glorot", lambda i, o: 2 / (i + o)),
    ("lecun", lambda i, o: 1 / i), ("normal", lambda i, o: 0.01**2),
])
def test_initialiser_variances(name, variance):
    fan_in, fan_out = 400, 300
    w = nn.init_weights(name, (fan_in, fan_out), np.random.default_rng(0))
    expected = variance(fan_in, fan_out)
    # sample variance of n draws: relative standard error √(2/n) (normal) or less (uniform)
    assert abs(w.var() / expected - 1) < 5 * np.sqrt(2 / w.size)
    assert abs(w.mean()) < 5 * np.sqrt(expected / w.size)


@pytest.mark.parametrize("shape", [(6, 4), (4, 6)])
def test_orthogonal_initialiser_is_orthonormal(shape):
    w = nn.init_weights("orthogonal", shape, np.random.default_rng(0))
    small = min(shape)
    gram = w.T @ w if shape[0] >= shape[1] else w @ w.T
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-14)


def test_initialisers_are_seeded_by_the_generator():
    a = nn.Dense(5, 5, rng=np.random.default_rng(7), init="xavier").params["W"]
    b = nn.Dense(5, 5, rng=np.random.default_rng(7), init="xavier").params["W"]
    c = nn.Dense(5, 5, rng=np.random.default_rng(8), init="xavier").params["W"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


# -- bad input ----------------------------------------------------------------------------
def test_shape_mismatch_names_the_layer_and_both_shapes():
    model = nn.mlp([4, 8, 3], "relu", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"layer 0 of Sequential: Dense\(4, 8.*\(5, 3\).*\(N, 4\)"):
        model.forward(np.zeros((5, 3)))
    model.forward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"layer 2 of Sequential: Dense\(8, 3.*\(5, 2\).*\(5, 3\)"):
        model.backward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"PReLU\(channels=8.*\(2, 7\).*\(\.\.\., 8\)"):
        nn.PReLU(8).forward(np.zeros((2, 7)))
    with pytest.raises(ValueError, match=r"Activation\('maxout', pieces=3\).*\(2, 7\).*pieces=3 does not divide"):
        nn.Activation("maxout", pieces=3).forward(np.zeros((2, 7)))
    with pytest.raises(ValueError, match=r"logits of shape \(5, 3\) and labels of shape \(4,\)"):
        nn.SoftmaxCrossEntropy()(np.zeros((5, 3)), np.zeros(4, dtype=int))


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError) as error:
        nn.Activation("rleu")
    assert all(name in str(error.value) for name in actlab.names())
    with pytest.raises(ValueError) as error:
        nn.mlp([2, 2], "swishh", rng=np.random.default_rng(0))
    assert all(name in str(error.value) for name in actlab.names())
    with pytest.raises(ValueError) as error:
        nn.Dense(2, 2, rng=np.random.default_rng(0), init="kaiming")
    assert all(name in str(error.value) for name in nn.INITIALIZERS)


def test_missing_required_parameter_points_to_the_learned_layer():
    with pytest.raises(TypeError, match="alpha.*PReLU"):
        nn.Activation("prelu")


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="forward"):
        nn.Activation("relu").backward(np.zeros(3))
    layer = nn.Activation("relu")
    layer.forward(np.ones(3), train=False)  # evaluation keeps nothing
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.zeros(3))


def test_layers_do_not_write_to_their_inputs():
    rng = np.random.default_rng(0)
    model = nn.mlp([3, 4, 4, 2], "prelu", rng=rng, dropout=0.5)
    x, dy = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    x0, dy0 = x.copy(), dy.copy()
    model.forward(x)
    model.backward(dy)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dy, dy0)


def test_reprs_show_the_hyperparameters():
    model = nn.mlp([64, 32, 10], "maxout", rng=np.random.default_rng(0), pieces=3, dropout=0.25)
    text = repr(model)
    assert "(0): Maxout(64, 32, pieces=3, init='he', dtype=float64)" in text
    assert "(1): Dropout(p=0.25)" in text
    assert "(2): Dense(32, 10, init='he', dtype=float64)" in text
    assert repr(nn.Activation("gelu", approximate="tanh")) == "Activation('gelu', approximate='tanh')"
    assert repr(nn.PReLU()) == "PReLU(shared, init=0.25, dtype=float64)"
