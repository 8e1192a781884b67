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


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_vector_entries_match_pytorch(name, rng):
    x = rng.normal(size=(6, 9)) * 5
    g = rng.normal(size=x.shape)
    t = torch.tensor(x, requires_grad=True)
    y = getattr(F, name)(t, dim=0)
    (vjp,) = torch.autograd.grad(y, t, torch.tensor(g))
    entry = actlab.get(name)
    np.testing.assert_allclose(entry(x, axis=0), y.detach().numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(entry.vjp(x, g, axis=0), vjp.numpy(), rtol=1e-11, atol=1e-14)
