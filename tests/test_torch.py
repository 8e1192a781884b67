"""Cross-check against PyTorch (CPU, float64) where it is installed: f, f′ and f″ by autograd."""

import numpy as np
import pytest

import actlab

torch = pytest.importorskip("torch")
F = torch.nn.functional
RANGE = 15.0

TORCH = {
    ("sigmoid", ()): torch.sigmoid,
    ("tanh", ()): torch.tanh,
    ("relu", ()): F.relu,
    ("leaky_relu", (("alpha", 0.2),)): lambda x: F.leaky_relu(x, 0.2),
    ("prelu", (("alpha", 0.25),)): lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
    ("elu", (("alpha", 0.7),)): lambda x: F.elu(x, 0.7),
    ("silu", ()): F.silu,
    ("gelu", ()): F.gelu,
    ("gelu", (("approximate", "tanh"),)): lambda x: F.gelu(x, approximate="tanh"),
    ("softplus", (("beta", 1.5),)): lambda x: F.softplus(x, beta=1.5, threshold=100.0),  # exact form
    ("softsign", ()): F.softsign,
    ("selu", ()): F.selu,
    # α exact in float32: PyTorch's CELU rounds 1/α or α to float32 somewhere (α = 0.7 differs by 3e-7)
    ("celu", (("alpha", 0.5),)): lambda x: F.celu(x, 0.5),
    ("rrelu", (("lower", 0.1), ("upper", 0.3))): lambda x: F.rrelu(x, 0.1, 0.3, training=False),
    ("relu6", ()): F.relu6,
    ("hard_tanh", (("min_val", -0.3), ("max_val", 2.7))): lambda x: F.hardtanh(x, -0.3, 2.7),
    # F.hardsigmoid has no double backward; this is its definition (its f′ at the kinks: below)
    ("hard_sigmoid", ()): lambda x: F.relu6(x + 3.0) / 6.0,
    ("hard_swish", ()): F.hardswish,
    ("threshold", (("threshold", 0.7), ("value", -0.2))): lambda x: F.threshold(x, 0.7, -0.2),
    ("softshrink", (("lambd", 1.3),)): lambda x: F.softshrink(x, 1.3),
    ("hardshrink", (("lambd", 1.3),)): lambda x: F.hardshrink(x, 1.3),
    ("tanhshrink", ()): F.tanhshrink,
    ("mish", ()): F.mish,
    ("log_sigmoid", ()): F.logsigmoid,
    ("exponential", ()): torch.exp,
}


@pytest.mark.parametrize("key", list(TORCH), ids=lambda k: k[0] + "".join(f"-{a}={b}" for a, b in k[1]))
def test_matches_pytorch_with_autograd_derivatives(key, rng):
    name, params = key[0], dict(key[1])
    x = rng.uniform(-RANGE, RANGE, 500)
    x = x[np.abs(x) > 1e-3]  # away from kinks
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = TORCH[key](t)
    (dy,) = torch.autograd.grad(y.sum(), t, create_graph=True)
    (d2y,) = torch.autograd.grad(dy.sum(), t)
    entry = actlab.get(name)
    np.testing.assert_allclose(entry(x, **params), y.detach().numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(entry.grad(x, **params), dy.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(entry.grad2(x, **params), d2y.numpy(), rtol=1e-11, atol=1e-13)


def test_kink_conventions_match_pytorch():
    zero = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    for name, fn, params in [("relu", F.relu, {}), ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), {"alpha": 0.2}),
                             ("elu", lambda x: F.elu(x, 0.7), {"alpha": 0.7})]:
        (g,) = torch.autograd.grad(fn(zero).sum(), zero)
        assert actlab.get(name).grad(0.0, **params) == g.item(), name


#: Kinks away from 0 and kinks of the new entries: (name, params, torch function, points, compare f″ too).
#: PyTorch's double backward of the ELU family gives 0 at 0 where actlab keeps the left piece (α·λ, 1/α),
#: and F.hardsigmoid has no double backward: those rows compare f and f′ only.
KINKS = [
    ("relu6", {}, F.relu6, [0.0, 6.0], True),
    ("hard_tanh", {}, F.hardtanh, [-1.0, 1.0], True),
    ("hard_tanh", {"min_val": 0.0, "max_val": 6.0}, lambda x: F.hardtanh(x, 0.0, 6.0), [0.0, 6.0], True),
    ("hard_tanh", {"min_val": -2.0, "max_val": 0.0}, lambda x: F.hardtanh(x, -2.0, 0.0), [-2.0, 0.0], True),
    ("hard_sigmoid", {}, F.hardsigmoid, [-3.0, 3.0], False),
    ("hard_swish", {}, F.hardswish, [-3.0, 3.0], True),
    ("softshrink", {}, F.softshrink, [-0.5, 0.5], True),
    ("softshrink", {"lambd": 0.0}, lambda x: F.softshrink(x, 0.0), [0.0], True),
    ("hardshrink", {}, F.hardshrink, [-0.5, 0.5], True),
    ("threshold", {"threshold": 1.0, "value": -2.0}, lambda x: F.threshold(x, 1.0, -2.0), [1.0], True),
    ("threshold", {"threshold": 0.0, "value": 0.0}, lambda x: F.threshold(x, 0.0, 0.0), [0.0], True),
    ("selu", {}, F.selu, [0.0], False),
    ("celu", {"alpha": 0.5}, lambda x: F.celu(x, 0.5), [0.0], False),
    ("rrelu", {}, lambda x: F.rrelu(x, training=False), [0.0], True),
    ("mish", {}, F.mish, [0.0], True),
    ("log_sigmoid", {}, F.logsigmoid, [0.0], True),
    ("tanhshrink", {}, F.tanhshrink, [0.0], True),
]


@pytest.mark.parametrize("row", KINKS, ids=lambda r: r[0] + "".join(f"-{k}={v}" for k, v in r[1].items()))
def test_values_at_the_kinks_match_pytorch_autograd(row):
    name, params, fn, points, second = row
    entry = actlab.get(name)
    for point in points:
        t = torch.tensor([point], dtype=torch.float64, requires_grad=True)
        y = fn(t)
        (dy,) = torch.autograd.grad(y.sum(), t, create_graph=second)
        # the piece that applies decides; 1 ulp apart is rounding (PyTorch's λα is rounded twice)
        assert entry(point, **params) == pytest.approx(y.item(), rel=1e-15, abs=0), (name, point)
        assert entry.grad(point, **params) == pytest.approx(dy.item(), rel=1e-15, abs=0), (name, point)
        if second and dy.requires_grad:
            (d2y,) = torch.autograd.grad(dy.sum(), t)
            assert entry.grad2(point, **params) == pytest.approx(d2y.item(), rel=1e-15, abs=0), (name, point)


def test_rrelu_training_draws_slopes_like_pytorch():
    """Same law: the slopes of x ≤ 0 are uniform on [lower, upper]; x > 0 passes (mean and range)."""
    x = -np.ones(200_000)
    _, slope = actlab.rrelu.training(x, np.random.default_rng(3), lower=0.1, upper=0.3)
    torch.manual_seed(3)
    t = torch.tensor(x, requires_grad=True)
    (dt,) = torch.autograd.grad(F.rrelu(t, 0.1, 0.3, training=True).sum(), t)
    for s in (slope, dt.numpy()):
        assert 0.1 <= s.min() and s.max() <= 0.3 and abs(s.mean() - 0.2) < 1e-3 and abs(s.std() - 0.2 / 12**0.5) < 1e-3


GATES = {"glu": torch.sigmoid, "swiglu": F.silu, "geglu": F.gelu, "reglu": F.relu}


@pytest.mark.parametrize("name", list(GATES))
@pytest.mark.parametrize("axis", [0, -1])
def test_gated_units_match_pytorch(name, axis, rng):
    x = rng.normal(size=(6, 8)) * 3
    t = torch.tensor(x, requires_grad=True)
    a, b = torch.chunk(t, 2, dim=axis)
    y = a * GATES[name](b)
    if name == "glu":
        np.testing.assert_allclose(F.glu(t, dim=axis).detach().numpy(), y.detach().numpy(), rtol=1e-15, atol=0)
    g = rng.normal(size=tuple(y.shape))
    (vjp,) = torch.autograd.grad(y, t, torch.tensor(g))
    entry = actlab.get(name)
    np.testing.assert_allclose(entry(x, axis=axis), y.detach().numpy(), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(entry.vjp(x, g, axis=axis), vjp.numpy(), rtol=1e-12, atol=1e-14)
    if name == "geglu":
        yt = a * F.gelu(b, approximate="tanh")
        # PyTorch's tanh form x(1 + tanh w)/2 cancels in the left tail: compare absolutely there
        np.testing.assert_allclose(entry(x, axis=axis, approximate="tanh"), yt.detach().numpy(), rtol=1e-13,
                                   atol=1e-14)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_vector_entries_match_pytorch(name, rng):
    x = rng.normal(size=(6, 9)) * 5
    g = rng.normal(size=x.shape)
    t = torch.tensor(x, requires_grad=True)
    y = getattr(F, name)(t, dim=0)
    (vjp,) = torch.autograd.grad(y, t, torch.tensor(g))
    entry = actlab.get(name)
    np.testing.assert_allclose(entry(x, axis=0), y.detach().numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(entry.vjp(x, g, axis=0), vjp.numpy(), rtol=1e-11, atol=1e-14)
