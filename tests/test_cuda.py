"""The fused CUDA kernels (``actlab._cuda``).

Four levels, so that most of it is checked on machines without a GPU:
* every kernel's source compiles with NVRTC (where libnvrtc is found; it needs no GPU);
* every kernel, compiled by the host's C++ compiler with CUDA's built-ins emulated, gives the
  CPU kernels' results bit for bit (the header's CUDA branch, the loads, stores and ops);
* ``_cuda.serve`` and its launch, end to end, with a stand-in CuPy running the emulated kernels;
* on a CUDA device (CuPy installed): CuPy arrays and torch CUDA tensors against the CPU.
"""

import ctypes
import ctypes.util
import glob
import os
import shutil
import subprocess
import sys

import ml_dtypes
import numpy as np
import pytest

import actlab
from actlab import _compiled, _cuda

OPS = {"f": 0, "grad": 1, "vjp": 3, "value_and_grad": 4}
NUMPY_DTYPES = {"float64": np.float64, "float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
#: one activation call per kernel name (the kernel's scalar parameter at a non-default value)
CALLS = {name: (name, {}) for name in _cuda.entries()}
CALLS.update({"gelu_tanh": ("gelu", {"approximate": "tanh"}), "leaky_relu": ("leaky_relu", {"alpha": 0.3}),
              "prelu": ("prelu", {"alpha": 0.3}), "elu": ("elu", {"alpha": 0.7}), "swish": ("swish", {"beta": 1.7}),
              "softplus": ("softplus", {"beta": 1.7}), "softshrink": ("softshrink", {"lambd": 1.3}),
              "hardshrink": ("hardshrink", {"lambd": 1.3}), "hard_tanh": ("hard_tanh", {"min_val": -0.3, "max_val": 2.7}),
              "threshold": ("threshold", {"threshold": 0.7, "value": -0.2}),
              "rrelu": ("rrelu", {"lower": 0.1, "upper": 0.3}), "celu": ("celu", {"alpha": 0.7}),
              "squareplus": ("squareplus", {"b": 0.3})})


def points(dtype):
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(size=2000) * 4, rng.uniform(-120, 120, 500),
                        [0.0, -0.0, 1e-30, -1e-30, 1e30, -1e30, np.inf, -np.inf, np.nan]])
    with np.errstate(over="ignore"):
        return x.astype(NUMPY_DTYPES[dtype])


def cpu_results(name, op, x, g):
    entry_name, params = CALLS[name]
    entry = actlab.get(entry_name)
    if op == "f":
        return [entry(x, **params)]
    if op == "grad":
        return [entry.grad(x, **params)]
    if op == "vjp":
        return [entry.vjp(x, g, **params)]
    return list(entry.value_and_grad(x, **params))


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    bits = np.uint64 if a.dtype.itemsize == 8 else (np.uint32 if a.dtype.itemsize == 4 else np.uint16)
    nan = np.isnan(a.astype(np.float64)) & np.isnan(b.astype(np.float64))
    return np.all((a.view(bits) == b.view(bits)) | nan)


def test_every_kernel_name_calls_its_entry():
    assert set(CALLS) == set(_cuda.entries()) == set(_compiled._INDEX or _cuda.entries())
    for name, (entry_name, params) in CALLS.items():
        entry = actlab.get(entry_name)
        resolved = entry._resolve(params)
        assert _compiled.kernel_for(entry, resolved, _cuda.entries())[0] == name


# -- NVRTC ---------------------------------------------------------------------------------------
def find_nvrtc():
    found = ctypes.util.find_library("nvrtc")
    if found:
        return found
    for root in sys.path:
        hits = sorted(glob.glob(os.path.join(root, "nvidia", "cuda_nvrtc", "lib", "libnvrtc.so*")))
        hits = [h for h in hits if "alt" not in h and "builtins" not in h]
        if hits:
            return hits[0]
    return None


def nvrtc_compile(lib, source, options):
    program = ctypes.c_void_p()
    assert lib.nvrtcCreateProgram(ctypes.byref(program), source.encode(), b"actlab.cu", 0, None, None) == 0
    encoded = (ctypes.c_char_p * len(options))(*[o.encode() for o in options])
    status = lib.nvrtcCompileProgram(program, len(options), encoded)
    size = ctypes.c_size_t()
    lib.nvrtcGetProgramLogSize(program, ctypes.byref(size))
    log = ctypes.create_string_buffer(size.value)
    lib.nvrtcGetProgramLog(program, log)
    lib.nvrtcDestroyProgram(ctypes.byref(program))
    return status, log.value.decode(errors="replace").strip()


def test_every_kernel_compiles_with_nvrtc():
    path = find_nvrtc()
    if path is None:
        pytest.skip("libnvrtc not found (pip install nvidia-cuda-nvrtc-cu12 to run this without a GPU)")
    lib = ctypes.CDLL(path)
    # both ways of taking reciprocals (see recip_lite)
    for options in (_cuda.NVRTC_OPTIONS, (*_cuda.NVRTC_OPTIONS, *_cuda.NEWTON_DEFINES)):
        for name in _cuda.entries():
            for dtype in _cuda.TYPES:
                status, log = nvrtc_compile(lib, _cuda.source(name, dtype), [*options, "-arch=compute_90"])
                assert status == 0 and not log, f"{name} {dtype} {options}: {log}"


def test_cuda_takes_the_host_kernels_reciprocals():
    defines = [o for o in _cuda.nvrtc_options() if o.startswith("-D")]
    recip, rsqrt = _compiled.reciprocals()
    assert defines == [d for d, how in zip(_cuda.NEWTON_DEFINES, (recip, rsqrt)) if how == "newton"]
    assert {recip, rsqrt} <= {"newton", "division"}


# -- the kernels on the host, CUDA's built-ins emulated -------------------------------------------
EMULATION = r"""
#define __CUDACC__ 1
#define __device__
#define __forceinline__ inline
#define __global__
#define fma __builtin_fma
#define fmaf __builtin_fmaf
#define fabsf __builtin_fabsf
#define copysignf __builtin_copysignf
#define fabs __builtin_fabs
#define copysign __builtin_copysign
#define sqrt __builtin_sqrt
struct actlab_dim { long long x; };
static const actlab_dim blockIdx = {0}, threadIdx = {0}, blockDim = {1}, gridDim = {1};  /* one thread */
static inline double __longlong_as_double(long long u) { double d; __builtin_memcpy(&d, &u, 8); return d; }
static inline long long __double_as_longlong(double d) { long long u; __builtin_memcpy(&u, &d, 8); return u; }
static inline float __uint_as_float(unsigned u) { float f; __builtin_memcpy(&f, &u, 4); return f; }
static inline unsigned __float_as_uint(float f) { unsigned u; __builtin_memcpy(&u, &f, 4); return u; }
"""


@pytest.fixture(scope="module")
def emulated(tmp_path_factory):
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        pytest.skip("no C++ compiler")
    folder = tmp_path_factory.mktemp("cuda_emulated")
    program = EMULATION + _cuda.header() + "".join(
        _cuda.kernel_source(name, dtype) for name in _cuda.entries() for dtype in _cuda.TYPES)
    (folder / "kernels.cpp").write_text(program)
    library = folder / "kernels.so"
    defines = [o for o in _cuda.nvrtc_options() if o.startswith("-D")]  # the host kernels' reciprocals
    subprocess.run([compiler, "-O2", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC", "-w", *defines,
                    "-o", str(library), str(folder / "kernels.cpp")], check=True)
    return ctypes.CDLL(str(library))


@pytest.mark.parametrize("dtype", list(_cuda.TYPES))
@pytest.mark.parametrize("name", list(_cuda.entries()))
def test_emulated_cuda_kernels_equal_the_cpu_kernels(emulated, name, dtype):
    if not _compiled.available():
        pytest.skip("the CPU kernels were not built")
    x = points(dtype)
    g = (np.random.default_rng(3).normal(size=x.shape) * 2).astype(x.dtype)
    kernel = getattr(emulated, _cuda.symbol(name, dtype))
    _, p, q = _compiled.kernel_for(actlab.get(CALLS[name][0]), actlab.get(CALLS[name][0])._resolve(CALLS[name][1]),
                                   _cuda.entries())
    for op, code in OPS.items():
        outs = [np.empty_like(x), np.empty_like(x)]
        kernel(x.ctypes.data_as(ctypes.c_void_p), g.ctypes.data_as(ctypes.c_void_p),
               outs[0].ctypes.data_as(ctypes.c_void_p), outs[1].ctypes.data_as(ctypes.c_void_p),
               ctypes.c_longlong(x.size), ctypes.c_double(p), ctypes.c_double(q), ctypes.c_int(code))
        for got, expected in zip(outs, cpu_results(name, op, x, g)):
            assert same_bits(got, expected), f"{name} {dtype} {op}"


# -- on a CUDA device ------------------------------------------------------------------------------
def cuda_available():
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # no CuPy, no driver, no device
        return False


gpu = pytest.mark.skipif(not cuda_available(), reason="needs CuPy and a CUDA device")


@gpu
@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
@pytest.mark.parametrize("name", list(_cuda.entries()))
def test_cupy_arrays_match_the_cpu_bit_for_bit(name, dtype):
    import cupy

    x = points(dtype)
    g = (np.random.default_rng(3).normal(size=x.shape) * 2).astype(x.dtype)
    entry_name, params = CALLS[name]
    entry = actlab.get(entry_name)
    calls = {"f": lambda a, b: [entry(a, **params)], "grad": lambda a, b: [entry.grad(a, **params)],
             "vjp": lambda a, b: [entry.vjp(a, b, **params)],
             "value_and_grad": lambda a, b: list(entry.value_and_grad(a, **params))}
    for op, call in calls.items():
        got = call(cupy.asarray(x), cupy.asarray(g))
        assert all(isinstance(r, cupy.ndarray) for r in got)
        for r, expected in zip(got, cpu_results(name, op, x, g)):
            assert same_bits(cupy.asnumpy(r), expected), f"{name} {dtype} {op}"


@gpu
@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "float16", "float64"])
def test_torch_cuda_tensors_stay_on_the_device(dtype):
    torch = pytest.importorskip("torch")
    x_np = points("float32")
    x = torch.from_numpy(x_np).to("cuda", getattr(torch, dtype))
    for name in ("gelu", "silu", "softplus", "elu"):
        entry = actlab.get(name)
        y, dy = entry.value_and_grad(x)
        assert y.device == x.device and y.dtype == x.dtype and dy.dtype == x.dtype
        if dtype == "bfloat16":
            expected = entry(x.cpu().float().numpy().astype(ml_dtypes.bfloat16))
        else:
            expected = entry(x.cpu().numpy())
        assert same_bits(y.cpu().view(torch.int16).numpy().view(expected.dtype) if dtype == "bfloat16"
                         else y.cpu().numpy(), expected), (name, dtype)
        grad2 = entry.grad2(x)  # no fused kernel: through the host, back on the device
        assert grad2.device == x.device and grad2.dtype == x.dtype


def test_the_launch_path_with_a_stand_in_for_cupy(emulated, monkeypatch):
    """actlab._cuda.serve and its launch, end to end without a GPU: a stand-in CuPy whose arrays are
    NumPy arrays and whose compiled kernels are the emulated ones (one thread covers every element)."""
    import types
    from contextlib import nullcontext

    class StandInArray(np.ndarray):
        device = types.SimpleNamespace(id=0)

    def compiled_kernel(name, dtype):
        function = getattr(emulated, _cuda.symbol(name, dtype))

        def launch(grid, block, args):
            assert len(grid) == len(block) == 1 and block[0] == _cuda.THREADS_PER_BLOCK
            pointers = [ctypes.c_void_p(a.ctypes.data) for a in args[:4]]
            function(*pointers, ctypes.c_longlong(int(args[4])), ctypes.c_double(float(args[5])),
                     ctypes.c_double(float(args[6])), ctypes.c_int(int(args[7])))
        return launch

    cupy = types.SimpleNamespace(empty_like=np.empty_like, ascontiguousarray=np.ascontiguousarray,
                                 cuda=types.SimpleNamespace(Device=lambda i: nullcontext()))
    monkeypatch.setitem(sys.modules, "cupy", cupy)
    monkeypatch.setattr(_cuda, "_compiled_kernel", compiled_kernel)
    x = points("float32").view(StandInArray)
    g = np.linspace(-2, 2, x.size, dtype=np.float32).view(StandInArray)
    for name, params in [("gelu", {}), ("swish", {"beta": 1.7}), ("hard_tanh", {"min_val": -0.3, "max_val": 2.7})]:
        entry = actlab.get(name)
        base, gb = x.view(np.ndarray), g.view(np.ndarray)
        assert same_bits(_cuda.serve(entry, "__call__", (x,), params), entry(base, **params))
        assert same_bits(_cuda.serve(entry, "grad", (x,), params), entry.grad(base, **params))
        assert same_bits(_cuda.serve(entry, "vjp", (x, g), params), entry.vjp(base, gb, **params))
        value, grad = _cuda.serve(entry, "value_and_grad", (x,), params)
        assert same_bits(value, entry(base, **params)) and same_bits(grad, entry.grad(base, **params))
    assert _cuda.serve(actlab.get("softmax"), "__call__", (x,), {}) is None  # no fused kernel: the host
    assert _cuda.serve(actlab.get("gelu"), "grad2", (x,), {}) is None
