"""Fused CUDA kernels for CuPy and torch arrays: one kernel per entry and dtype, made from
``_kernels_math.h``, the mathematics of the CPU kernels.

NVRTC (through CuPy) compiles that header with ``--fmad=false`` (as gcc compiles it with
``-ffp-contract=off``), so a float64 or float32 result is the CPU result bit for bit. float32,
float16 and bfloat16 (loaded as their bits, widened exactly) are computed by the float32
functions in double and rounded once, as on the CPU. One kernel reads x (and g) once and writes y (and f′) once:
f, f′, g·f′ (vjp, jvp) and (f, f′) (value_and_grad). Kernels are compiled on first use and
cached by CuPy. Methods without a fused kernel (f″, ∂f/∂θ, vector entries) take the host path.
"""

import functools
import importlib.resources
import re

import numpy as np

from . import _backends, _compiled

OPS = {"__call__": 0, "grad": 1, "vjp": 3, "jvp": 3, "value_and_grad": 4}
#: dtype name -> (C element type, load to double, store from double)
TYPES = {
    "float64": ("double", "(double)", "(double)"),
    "float32": ("float", "(double)", "(float)"),
    "float16": ("unsigned short", "half_to_double", "double_to_half"),
    "bfloat16": ("unsigned short", "bfloat16_to_double", "double_to_bfloat16"),
}
NVRTC_OPTIONS = ("--fmad=false", "-default-device", "-diag-suppress=177")  # 177: the other entries unused
THREADS_PER_BLOCK = 256
MAX_BLOCKS = 2**16  # a grid-stride loop covers the rest

_KERNEL = r"""
extern "C" __global__ void {symbol}(const {T} *__restrict__ x, const {T} *__restrict__ g, {T} *__restrict__ o,
                                    {T} *__restrict__ o2, long long n, double p, double q, int op) {{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)blockDim.x * gridDim.x) {{
        double v = {load}(x[i]);
        if (op == 0) o[i] = {store}({f}(v, {params}));
        else if (op == 1) o[i] = {store}({g}(v, {params}));
        else if (op == 3) o[i] = {store}({load}(g[i]) * {g}(v, {params}));
        else {{ o[i] = {store}({f}(v, {params})); o2[i] = {store}({g}(v, {params})); }}
    }}
}}
"""


#: the header's one #include of a file of the package (NVRTC is given no include path: its text goes in)
TABLE_INCLUDE = '#include "_kernels_normal_cdf.h"'


@functools.cache
def header():
    package = importlib.resources.files("actlab")
    text = package.joinpath("_kernels_math.h").read_text()
    return text.replace(TABLE_INCLUDE, package.joinpath("_kernels_normal_cdf.h").read_text())


@functools.cache
def entries():
    """{kernel name: (parameters, f, f′, f″, float32 f, float32 f′)}, from the header's ACTLAB_ENTRIES
    (rows X, X1, XS and XL: functions of (x, p); X2: of (x, p, q))."""
    rows = re.findall(r"^\s+X(1|2|S|L)?\((\w+), (\w+), (\w+), (\w+), (\w+), (\w+)\)", header(), re.M)
    return {name: ("p, q" if kind == "2" else "p", *functions) for kind, name, *functions in rows}


def symbol(name, dtype):
    return f"actlab_{name}_{dtype}"


def kernel_source(name, dtype):
    """The CUDA C++ of the fused kernel of ``name`` (a kernel name) for ``dtype``, without the header."""
    params, f, g, _, f32, g32 = entries()[name]
    c_type, load, store = TYPES[dtype]
    f, g = (f, g) if dtype == "float64" else (f32, g32)
    return _KERNEL.format(symbol=symbol(name, dtype), T=c_type, load=load, store=store, f=f, g=g, params=params)


def source(name, dtype):
    """The CUDA C++ program (header and kernel) that NVRTC compiles for ``name`` and ``dtype``."""
    return header() + kernel_source(name, dtype)


#: the defines that make the CUDA kernels take 1/d and 1/sqrt(s) by Newton's steps (see recip_lite)
NEWTON_DEFINES = ("-DACTLAB_NEWTON_RECIPROCALS", "-DACTLAB_NEWTON_RSQRT")


def nvrtc_options():
    """NVRTC_OPTIONS, and the host kernels' choices of reciprocals (see recip_lite), so that a CUDA
    result is the CPU result bit for bit on any host."""
    return NVRTC_OPTIONS + tuple(d for d, how in zip(NEWTON_DEFINES, _compiled.reciprocals()) if how == "newton")


@functools.cache
def _compiled_kernel(name, dtype):
    import cupy

    module = cupy.RawModule(code=source(name, dtype), options=nvrtc_options())
    return module.get_function(symbol(name, dtype))


def _dtype_name(a):
    return str(a.dtype).rsplit(".", 1)[-1]


def serve(entry, method, arrays, kwargs):
    """The method's result from a fused kernel, or None where none applies (or CuPy is missing)."""
    if not entry.elementwise or method not in OPS or _dtype_name(arrays[0]) not in TYPES:
        return None
    try:
        import cupy
    except ImportError:
        return None
    params = entry._resolve({k: v for k, v in kwargs.items() if k != "threads"}, _backends._label(method))
    found = _compiled.kernel_for(entry, params, entries())
    if found is None:
        return None
    x = arrays[0]
    outputs = 2 if OPS[method] == 4 else 1
    if type(x).__module__.split(".")[0] == "torch":
        return _serve_torch(cupy, found, method, arrays, outputs)
    results = [cupy.empty_like(x) for _ in range(outputs)]
    with cupy.cuda.Device(x.device.id):
        _launch(cupy, found, method, [cupy.ascontiguousarray(a) for a in arrays], results)
    return tuple(results) if outputs == 2 else results[0]


def _serve_torch(cupy, found, method, arrays, outputs):
    import torch

    x = arrays[0]
    narrow = x.dtype in (torch.float16, torch.bfloat16)  # passed as their bits

    def as_cupy(t):
        t = t.detach().contiguous()
        return cupy.from_dlpack(t.view(torch.int16) if narrow else t)

    results = [torch.empty_like(x, memory_format=torch.contiguous_format) for _ in range(outputs)]
    with cupy.cuda.Device(x.device.index), cupy.cuda.ExternalStream(torch.cuda.current_stream(x.device).cuda_stream):
        _launch(cupy, found, method, [as_cupy(a) for a in arrays], [as_cupy(r) for r in results],
                dtype=_dtype_name(x))
    return tuple(results) if outputs == 2 else results[0]


def _launch(cupy, found, method, inputs, outputs, dtype=None):
    name, p, q = found
    x = inputs[0]
    n = x.size
    if n == 0:
        return
    kernel = _compiled_kernel(name, dtype or _dtype_name(x))
    g = inputs[1] if len(inputs) > 1 else x
    o2 = outputs[1] if len(outputs) > 1 else outputs[0]
    blocks = min(-(-n // THREADS_PER_BLOCK), MAX_BLOCKS)
    kernel((blocks,), (THREADS_PER_BLOCK,),
           (x, g, outputs[0], o2, np.int64(n), np.float64(p), np.float64(q), np.int32(OPS[method])))
