"""Arrays of other libraries: PyTorch, JAX, CuPy, Dask and any library of the array API standard.

actlab computes with one set of kernels (NumPy and C, ``_compiled``), so that every library
gets the same values to the ulp. An array of another library is served by them and the result
is handed back as an array of that library, on the same device, in the same dtype:

* on the CPU (torch, JAX, array-api-strict, anything with ``__array_namespace__``): the memory
  is shared through DLPack (no copy in), the result wraps a fresh NumPy array;
* Dask: lazily, block by block (``map_blocks``); a vector entry's axis is made one chunk;
* JAX under ``jit``/``vmap`` (tracers): ``jax.pure_callback`` runs the kernels on the host;
* CUDA (CuPy, torch): the fused kernels of ``_cuda`` for f, f′, g·f′ and (f, f′); the other
  methods copy to the host and back.

torch's bfloat16 has no DLPack code in NumPy: it is widened to float32 (exactly) and the
float32 result rounded to bfloat16 (round-to-nearest twice: within 0.5 + 2^-16 ulp).
f of a torch tensor that requires grad, or of a JAX array, is differentiable (torch.autograd,
jax.custom_vjp): its backward pass is the entry's vjp.
"""

import functools
from typing import NamedTuple

import numpy as np

from . import _array

_NUMPY_VALUES = (np.ndarray, np.generic, int, float, bool, list, tuple)
_PLAIN_VALUES = (*_NUMPY_VALUES, str)  # a choice parameter's value: of no library either
_LIBRARIES = {"torch": "torch", "jax": "jax", "jaxlib": "jax", "cupy": "cupy", "dask": "dask"}


def library(value):
    """'torch', 'jax', 'cupy', 'dask' or 'array_api' for an array of that library; None otherwise."""
    if value is None or isinstance(value, _NUMPY_VALUES):
        return None
    root = type(value).__module__.split(".")[0]
    if root in _LIBRARIES:
        return _LIBRARIES[root]
    return "array_api" if hasattr(value, "__array_namespace__") else None


def _plain(values):
    """Whether every value is None, NumPy's or plain (a loop, not all() of a generator: about 1 µs
    less on every call)."""
    for v in values:
        if v is not None and not isinstance(v, _PLAIN_VALUES):
            return False
    return True


def serves_arrays(method):
    """Let an entry's method take arrays of other libraries (see the module docstring)."""

    @functools.wraps(method)
    def call(entry, *arrays, **kwargs):
        if _plain(arrays) and _plain(kwargs.values()):
            return method(entry, *arrays, **kwargs)  # NumPy's and plain values (every call passes here first)
        kinds = {library(a) for a in arrays} | {library(v) for v in kwargs.values()}
        kinds.discard(None)
        if not kinds:
            return method(entry, *arrays, **kwargs)
        where = entry._where(_label(method.__name__))
        if len(kinds) > 1:
            raise TypeError(f"{where}: got arrays of {' and '.join(sorted(kinds))}; pass arrays of one library")
        if kwargs.get("out") is not None:
            raise TypeError(f"{where}: out= takes NumPy arrays; with {kinds.pop()} arrays use the returned array")
        kwargs = {k: _host_parameter(v) for k, v in kwargs.items()}
        kind = kinds.pop()
        if method.__name__ == "__call__" and kind in ("torch", "jax"):
            return _differentiable(kind, entry, arrays[0], kwargs)
        return _serve(kind, method, entry, arrays, kwargs)

    return call


def _serve(kind, method, entry, arrays, kwargs):
    bound = functools.partial(method, entry)
    if kind == "dask":
        return _dask(bound, entry, method.__name__, arrays, kwargs)
    if kind == "jax" and _is_tracer(arrays[0]):
        return _jax_callback(bound, entry, method.__name__, arrays, kwargs)
    if _on_cuda(arrays[0], kind):
        from . import _cuda

        served = _cuda.serve(entry, method.__name__, arrays, kwargs)
        if served is not None:
            return served
    return _through_host(bound, arrays, kwargs, kind)


# -- gradients through torch's autograd and JAX's transformations ---------------------------------
# f(x) of a torch tensor that requires grad, or of a JAX array, is differentiable with respect to x
# (first order: its backward pass is the entry's vjp, itself not differentiated again); parameters
# given as tensors are constants.
def _differentiable(kind, entry, x, kwargs):
    forward = type(entry).__call__.__wrapped__
    backward = type(entry).vjp.__wrapped__
    if kind == "torch":
        import torch

        if not (x.requires_grad and torch.is_grad_enabled()):
            return _serve(kind, forward, entry, (x,), kwargs)
        return _torch_function().apply(x, entry, kwargs, forward, backward)
    return _jax_function(entry, kwargs, forward, backward)(x)


@functools.cache
def _torch_function():
    import torch

    class ActlabFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, entry, kwargs, forward, backward):
            ctx.save_for_backward(x)
            ctx.entry, ctx.kwargs, ctx.backward = entry, kwargs, backward
            return _serve("torch", forward, entry, (x.detach(),), kwargs)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            dx = _serve("torch", ctx.backward, ctx.entry, (x.detach(), g.detach().contiguous()), ctx.kwargs)
            return dx, None, None, None, None

    return ActlabFunction


def _jax_function(entry, kwargs, forward, backward):
    import jax

    @jax.custom_vjp
    def f(x):
        return _serve("jax", forward, entry, (x,), kwargs)

    def f_forward(x):
        return f(x), x

    def f_backward(x, g):
        return (_serve("jax", backward, entry, (x, g), kwargs),)

    f.defvjp(f_forward, f_backward)
    return f


def _label(method):
    """The method's name as the entry's messages write it (f is the entry itself)."""
    return "" if method == "__call__" else method


# -- the host path -------------------------------------------------------------------------------
def _host_parameter(value):
    """A parameter given as a (small) array of another library, as NumPy."""
    kind = library(value)
    return value if kind in (None, "dask") else _to_numpy(value, kind)[0]


def _to_numpy(a, kind):
    """(a NumPy view or copy of ``a``, the library dtype to give the result back in, or None)."""
    if kind == "torch":
        import torch

        t = a.detach()
        widened = t.dtype if t.dtype == torch.bfloat16 else None
        if widened is not None:
            t = t.float()
        return (t.cpu() if t.device.type != "cpu" else t).numpy(), widened
    if kind == "cupy":
        return a.get(), None
    if kind == "jax":
        return np.asarray(a), None
    try:
        return np.from_dlpack(a), None
    except (TypeError, BufferError, RuntimeError):  # no DLPack on this device: the library's own copy
        return np.asarray(a), None


def _from_numpy(r, like, kind, widened):
    r = np.ascontiguousarray(r)
    if kind == "torch":
        import torch

        t = torch.from_numpy(r)
        if widened is not None:
            t = t.to(widened)
        return t.to(like.device) if like.device.type != "cpu" else t
    if kind == "cupy":
        import cupy

        with cupy.cuda.Device(like.device.id):
            return cupy.asarray(r)
    if kind == "jax":
        import jax

        return jax.device_put(r, next(iter(like.devices())))
    xp = like.__array_namespace__()
    return xp.asarray(r, device=like.device)


def _map(results, convert):
    """Apply ``convert`` to each array of a result: an array, a tuple or a {name: array} dict."""
    if isinstance(results, tuple):
        return tuple(convert(r) for r in results)
    if isinstance(results, dict):
        return {k: convert(r) for k, r in results.items()}
    return convert(results)


def _through_host(bound, arrays, kwargs, kind):
    converted = [_to_numpy(a, kind) for a in arrays]
    widened = converted[0][1]
    results = bound(*(c[0] for c in converted), **kwargs)
    return _map(results, lambda r: _from_numpy(r, arrays[0], kind, widened))


def _on_cuda(a, kind):
    if kind == "cupy":
        return True
    if kind == "torch":
        return a.device.type == "cuda"
    return False


# -- result shapes without computing (Dask and JAX need them up front) ----------------------------
class Spec(NamedTuple):
    shape: tuple
    dtype: np.dtype


def _result_specs(entry, method, shape, dtype, kwargs):
    """The shape and dtype of each array the method returns, in the structure it returns them."""
    rdtype = _array.result_dtype(np.dtype(dtype), entry._where())
    if entry.elementwise:
        if method == "value_and_grad":
            return (Spec(shape, rdtype), Spec(shape, rdtype))
        if method == "param_grads":
            params = entry._resolve({k: v for k, v in kwargs.items() if k != "threads"}, "param_grads")
            names = [p.name for p in entry.params if p.kind == "real"] if entry.param_grads_kernel else []
            return {n: Spec(np.broadcast_shapes(shape, np.shape(params[n])), rdtype) for n in names}
        return Spec(shape, rdtype)
    params = entry._resolve(kwargs, _label(method))
    axis = _array.normalize_axis(params["axis"], len(shape), entry._where(_label(method)))
    if method in ("vjp", "jvp"):
        return Spec(shape, rdtype)
    out = tuple(entry.output_shape(shape, **params)) if entry.output_shape else tuple(shape)
    if method == "jacobian":
        lead = tuple(s for i, s in enumerate(shape) if i != axis)
        return Spec(lead + (out[axis], shape[axis]), rdtype)
    return Spec(out, rdtype)


# -- Dask ----------------------------------------------------------------------------------------
def _dask(bound, entry, method, arrays, kwargs):
    import dask.array as da

    x = arrays[0]
    if entry.elementwise:
        spec = _result_specs(entry, method, x.shape, x.dtype, kwargs)
        if not isinstance(spec, Spec):
            return _dask_several(bound, arrays, kwargs, spec)
        return da.map_blocks(lambda *blocks: bound(*blocks, **kwargs), *arrays, dtype=spec.dtype,
                             meta=np.empty((0,) * x.ndim, spec.dtype))
    params = entry._resolve(kwargs, _label(method))
    axis = _array.normalize_axis(params["axis"], x.ndim, entry._where(_label(method)))
    arrays = [a.rechunk({axis: -1}) for a in arrays]  # the function acts along the whole axis
    shape, dtype = _result_specs(entry, method, arrays[0].shape, x.dtype, kwargs)
    chunks = list(arrays[0].chunks)
    if method == "jacobian":
        del chunks[axis]
        chunks += [(shape[-2],), (shape[-1],)]
        return da.map_blocks(lambda *b: bound(*b, **kwargs), *arrays, dtype=dtype, chunks=tuple(chunks),
                             drop_axis=axis, new_axis=[x.ndim - 1, x.ndim], meta=np.empty((0,) * (x.ndim + 1), dtype))
    chunks[axis] = (shape[axis],)
    return da.map_blocks(lambda *b: bound(*b, **kwargs), *arrays, dtype=dtype, chunks=tuple(chunks),
                         meta=np.empty((0,) * x.ndim, dtype))


def _dask_several(bound, arrays, kwargs, spec):
    """A method returning several arrays (value_and_grad, param_grads): stacked along a new first
    axis in each block, then taken apart lazily."""
    import dask.array as da

    keys = list(spec) if isinstance(spec, dict) else list(range(len(spec)))
    if not keys:  # an entry without real parameters: no partial derivatives
        return {}
    dtype = spec[keys[0]].dtype

    def block(*blocks):
        r = bound(*blocks, **kwargs)
        return np.stack([np.broadcast_to(r[k], blocks[0].shape) for k in keys])

    stacked = da.map_blocks(block, *arrays, dtype=dtype, new_axis=0, chunks=((len(keys),), *arrays[0].chunks),
                            meta=np.empty((0,) * (arrays[0].ndim + 1), dtype))
    parts = [stacked[i] for i in range(len(keys))]
    return dict(zip(keys, parts)) if isinstance(spec, dict) else tuple(parts)


# -- JAX under transformations -------------------------------------------------------------------
def _is_tracer(a):
    import jax

    return isinstance(a, jax.core.Tracer)


def _jax_callback(bound, entry, method, arrays, kwargs):
    import jax

    spec = _result_specs(entry, method, arrays[0].shape, arrays[0].dtype, kwargs)
    structs = _map_spec(spec, lambda s: jax.ShapeDtypeStruct(s.shape, s.dtype))

    def host(*blocks):
        return _map(bound(*(np.asarray(b) for b in blocks), **kwargs), np.asarray)

    return jax.pure_callback(host, structs, *arrays, vmap_method="broadcast_all")


def _map_spec(spec, convert):
    return convert(spec) if isinstance(spec, Spec) else _map(spec, convert)
