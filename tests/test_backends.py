"""Arrays of other libraries: every entry and method, against the NumPy results.

Each library is imported with ``pytest.importorskip``: CI installs array-api-strict, torch
(CPU), jax (CPU) and dask (the "test" extra and .ci/run), so none of these skip there.
"""

import numpy as np
import pytest

import actlab
from conftest import ELEMENTWISE, VECTOR_CASES, case_id

SHAPE = (4, 12)  # the last axis is even (GLU family) and divisible by maxout's pieces (2, 3)


def sample(rng, dtype=np.float64):
    x = rng.normal(size=SHAPE) * 3
    x[0, :4] = [0.0, -40.0, 40.0, 1e-3]
    return x.astype(dtype)


def numpy_methods(entry, params, x, g):
    """{method: NumPy result} for each method of an entry."""
    if entry.elementwise:
        return {"f": entry(x, **params), "grad": entry.grad(x, **params), "grad2": entry.grad2(x, **params),
                "vjp": entry.vjp(x, g, **params), "jvp": entry.jvp(x, g, **params),
                "value_and_grad": entry.value_and_grad(x, **params),
                "param_grads": entry.param_grads(x, **params)}
    out_g = np.ones_like(entry(x, **params))
    return {"f": entry(x, **params), "vjp": entry.vjp(x, out_g, **params), "jvp": entry.jvp(x, g, **params),
            "jacobian": entry.jacobian(x, **params)}


def call(entry, method, params, x, g, convert):
    if method == "f":
        return entry(x, **params)
    if method in ("vjp", "jvp"):
        cotangent = g if entry.elementwise or method == "jvp" else convert(np.ones_like(entry(to_numpy(x), **params)))
        return getattr(entry, method)(x, cotangent, **params)
    return getattr(entry, method)(x, **params)


def to_numpy(a):
    if hasattr(a, "compute"):  # dask
        a = a.compute()
    if type(a).__module__.startswith("torch"):
        import torch

        return (a.float() if a.dtype == torch.bfloat16 else a).numpy()
    try:
        return np.from_dlpack(a)
    except (TypeError, BufferError, RuntimeError, AttributeError):
        return np.asarray(a)


def flatten(result):
    if isinstance(result, tuple):
        return list(result)
    if isinstance(result, dict):
        return [result[k] for k in sorted(result)]
    return [result]


def check_same(entry, params, x_np, g_np, convert, is_library_array):
    x, g = convert(x_np), convert(g_np)
    for method, expected in numpy_methods(entry, params, x_np, g_np).items():
        got = call(entry, method, params, x, g, convert)
        assert type(got) is type(expected) or not isinstance(expected, (tuple, dict)), method
        for a, b in zip(flatten(got), flatten(expected), strict=True):
            assert is_library_array(a), f"{entry.name}.{method} returned {type(a)}"
            np.testing.assert_array_equal(to_numpy(a), b, err_msg=f"{entry.name}.{method}")


ALL_CASES = ELEMENTWISE + VECTOR_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_array_api_strict(case, rng):
    xp = pytest.importorskip("array_api_strict")
    name, params = case
    device = xp.Device("device1")  # a second (simulated) device: results must stay on it

    def convert(a):
        return xp.asarray(a, device=device)

    def is_strict(a):
        return type(a) is type(xp.asarray(0.0)) and a.device == device

    check_same(actlab.get(name), params, sample(rng), sample(rng), convert, is_strict)


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_torch_cpu(case, rng):
    torch = pytest.importorskip("torch")
    name, params = case
    check_same(actlab.get(name), params, sample(rng), sample(rng), torch.from_numpy,
               lambda a: isinstance(a, torch.Tensor) and a.device.type == "cpu")


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_jax_cpu(case, rng):
    jnp = pytest.importorskip("jax.numpy")
    import jax

    name, params = case
    dtype = np.float64 if jax.config.jax_enable_x64 else np.float32  # JAX's default: 32 bits
    check_same(actlab.get(name), params, sample(rng, dtype), sample(rng, dtype), jnp.asarray,
               lambda a: isinstance(a, jax.Array) and a.dtype == dtype)


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_dask_block_by_block(case, rng):
    da = pytest.importorskip("dask.array")
    name, params = case

    def convert(a):
        return da.from_array(a, chunks=(3, 5))  # blocks that cut the vector entries' axis

    check_same(actlab.get(name), params, sample(rng), sample(rng), convert, lambda a: isinstance(a, da.Array))


@pytest.mark.parametrize("dtype", ["float32", "float16", "float64"])
def test_torch_dtypes_are_kept(dtype, rng):
    torch = pytest.importorskip("torch")
    x = torch.from_numpy(sample(rng, np.dtype(dtype)))
    for name in ("gelu", "softplus", "softmax"):
        got = actlab.get(name)(x)
        assert got.dtype == x.dtype
        np.testing.assert_array_equal(got.numpy(), actlab.get(name)(x.numpy()))


def test_torch_bfloat16_within_one_ulp(rng):
    """torch's bfloat16 goes through float32 (NumPy has no DLPack code for it): rounded twice."""
    torch = pytest.importorskip("torch")
    ml_dtypes = pytest.importorskip("ml_dtypes")
    x = torch.from_numpy(sample(rng, np.float32)).to(torch.bfloat16)
    for name in ("gelu", "softplus", "softmax", "tanh"):
        got = actlab.get(name)(x)
        assert got.dtype == torch.bfloat16
        expected = actlab.get(name)(x.float().numpy().astype(ml_dtypes.bfloat16)).astype(np.float32)
        spacing = np.spacing(np.abs(expected)) * 2.0**16  # bfloat16 keeps 8 of float32's 24 bits
        assert np.all(np.abs(got.float().numpy() - expected) <= spacing), name


def test_torch_autograd_takes_the_entrys_derivative(rng):
    """f of a tensor that requires grad is differentiable (backward: the entry's vjp); tensor
    parameters are constants."""
    torch = pytest.importorskip("torch")
    x = torch.from_numpy(sample(rng)).requires_grad_()
    alpha = torch.tensor(0.3)
    y = actlab.prelu(x, alpha=alpha)
    g = torch.from_numpy(sample(rng))
    y.backward(g)
    expected = actlab.prelu(x.detach().numpy(), alpha=alpha.item())  # float32 0.3, as given
    np.testing.assert_array_equal(y.detach().numpy(), expected)
    np.testing.assert_array_equal(x.grad.numpy(), actlab.prelu.vjp(x.detach().numpy(), g.numpy(), alpha=alpha.item()))
    for name, reference in [("gelu", torch.nn.functional.gelu), ("silu", torch.nn.functional.silu),
                            ("softmax", lambda t: torch.softmax(t, -1)), ("log_softmax", lambda t: torch.log_softmax(t, -1))]:
        a = torch.from_numpy(sample(rng)).requires_grad_()
        b = a.detach().clone().requires_grad_()
        (actlab.get(name)(a) * g).sum().backward()
        (reference(b) * g).sum().backward()
        # softmax′s g − Σ g·y cancels in both: an absolute error of a few eps·|g| each
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-13, atol=1e-13, err_msg=name)
    with torch.no_grad():
        assert actlab.gelu(x).grad_fn is None


def test_jax_grad_takes_the_entrys_derivative(rng):
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    x = jnp.asarray(sample(rng, np.float32))
    grad = jax.grad(lambda v: actlab.silu(v).sum())(x)
    np.testing.assert_array_equal(np.asarray(grad), actlab.silu.grad(np.asarray(x)))
    weights = jnp.arange(SHAPE[-1], dtype=jnp.float32)
    ours = jax.jit(jax.grad(lambda v: (actlab.softmax(v) * weights).sum()))(x)
    np.testing.assert_array_equal(np.asarray(ours), actlab.softmax.vjp(np.asarray(x), np.broadcast_to(weights, SHAPE)))
    theirs = jax.grad(lambda v: (jax.nn.softmax(v) * weights).sum())(x)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)


def test_jax_jit_and_vmap_run_the_same_kernels(rng):
    jax = pytest.importorskip("jax")
    x = sample(rng, np.float32)
    jitted = jax.jit(lambda v: actlab.gelu(v) + actlab.softmax(v))(x)
    np.testing.assert_array_equal(np.asarray(jitted), actlab.gelu(x) + actlab.softmax(x))
    rows = jax.vmap(lambda row: actlab.softmax.vjp(row, row))(x)
    np.testing.assert_array_equal(np.asarray(rows), actlab.softmax.vjp(x, x))
    pairs = jax.jit(actlab.silu.value_and_grad)(x)
    for got, expected in zip(pairs, actlab.silu.value_and_grad(x)):
        np.testing.assert_array_equal(np.asarray(got), expected)


def test_dask_is_lazy_and_runs_block_by_block(rng):
    da = pytest.importorskip("dask.array")
    seen = []

    def block(block_info=None):
        where = block_info[None]["chunk-location"]
        seen.append(where)
        return np.full((1000, 1000), float(sum(where)) - 3.0)

    x = da.map_blocks(block, chunks=((1000,) * 4, (1000,) * 4), dtype=np.float64,
                      meta=np.empty((0, 0)))  # 16 blocks, 128 MB
    y = actlab.softplus(x)
    assert isinstance(y, da.Array) and not seen and y.chunks == x.chunks
    corner = y[:1000, :1000].compute()  # one block's worth: one block computed
    assert len(seen) == 1
    np.testing.assert_array_equal(corner, actlab.softplus(np.full((1000, 1000), -3.0)))
    total = y.sum().compute()
    expected = sum(1e6 * actlab.softplus(i + j - 3.0) for i in range(4) for j in range(4))
    assert total == pytest.approx(expected, rel=1e-12)


def test_mixed_libraries_and_out_are_refused(rng):
    torch = pytest.importorskip("torch")
    jnp = pytest.importorskip("jax.numpy")
    x = sample(rng)
    with pytest.raises(TypeError, match="actlab.gelu.vjp: got arrays of jax and torch"):
        actlab.gelu.vjp(torch.from_numpy(x), jnp.asarray(x))
    with pytest.raises(TypeError, match="actlab.gelu: out= takes NumPy arrays"):
        actlab.gelu(torch.from_numpy(x), out=torch.empty(SHAPE, dtype=torch.float64))
    with pytest.raises(ValueError, match="actlab.softmax: axis 5 is out of range"):
        actlab.softmax(torch.from_numpy(x), axis=5)
