"""Speed against the memory-bandwidth limit, measured in one process, side by side.

An activation reads x and writes y: its floor is the time of ``np.copyto`` (forward) or of
``np.add(a, b, out=c)`` (backward reads x and g, writes dx). ``run`` times, for each entry,
actlab allocating its result (as users call it) and writing into ``out=``, the backward pass
(vjp), the study notes' NumPy code, and PyTorch's CPU function when torch is installed,
each as the median of ``repeat`` runs after a warm-up, and reports ratios to the limits
measured in the same run (the machine is shared and noisy: only ratios compare). Calls that are
compared are timed in turn within each repetition, so that the memory's speed, which moves from
second to second on a shared machine, is the same for each: ``out=`` and its copy, the vjp and its
add, and the allocating calls (actlab's, ``np.copy``'s, the notes' code's and PyTorch's), whose
fresh results' pages cost more or less from moment to moment (see ``_allocating_ms``).
"""

import time
from dataclasses import asdict, dataclass
from functools import partial

import numpy as np

from . import _compiled, _evaluate, _notes, registry

SOFTMAX_SHAPE = (10_000, 1_000)  # rows of the vector entries' benchmark (issue: 10,000 x 1,000)
#: the warm-up before the first timing: throwaway allocating calls until the last WARM_UP_CALLS // 2
#: took at most SETTLED_SPREAD times the quickest, at least WARM_UP_CALLS of them and for at most
#: WARM_UP_SECONDS. Here a new process's large results often stall for a second or so (44 ms for
#: 10^7 float32 where they then take 5; see ``_allocating_ms``), and a fixed ten calls ended inside
#: that second in half the runs, whose first entries' allocating cells read 2-9x
WARM_UP_CALLS = 10
SETTLED_SPREAD = 1.5
WARM_UP_SECONDS = 5.0


@dataclass
class Row:
    name: str
    dtype: str
    n: int
    actlab_ms: float  # allocating the result
    new_copy_ms: float | None  # np.copy of the same data (a fresh array: the allocating calls' limit)
    out_ms: float | None  # into a preallocated out=
    vjp_ms: float | None  # g·f′(x) (vector entries: g·J) into out=
    notes_ms: float | None
    torch_ms: float | None
    limit_ms: float  # np.copyto of the same data
    add_ms: float  # np.add(a, b, out=c), a and b two arrays: the backward pass's limit (it reads x and g)

    @property
    def ratio(self):
        return (self.out_ms if self.out_ms is not None else self.actlab_ms) / self.limit_ms

    @property
    def allocating_ratio(self):
        return None if self.new_copy_ms is None else self.actlab_ms / self.new_copy_ms

    @property
    def backward_ratio(self):
        return None if self.vjp_ms is None else self.vjp_ms / self.add_ms

    @property
    def gigabytes_per_second(self):
        moved = 2 * self.n * _itemsize(self.dtype)
        return moved / ((self.out_ms if self.out_ms is not None else self.actlab_ms) * 1e6)

    def to_dict(self):
        return {**asdict(self), "ratio": self.ratio, "allocating_ratio": self.allocating_ratio,
                "backward_ratio": self.backward_ratio,
                "gigabytes_per_second": self.gigabytes_per_second}


def _itemsize(dtype):
    return 2 if dtype == "bfloat16" else np.dtype(dtype).itemsize


def kernels_description():
    """Which path the timings take: the compiled kernels and their vector unit, or NumPy's."""
    unit = _compiled.vector_unit()
    if unit is None:
        return "the NumPy path (no compiled kernels)"
    if _compiled.engine() == "numpy":
        return "the NumPy path ($ACTLAB_ENGINE=numpy)"
    return f"compiled kernels for {unit[0]} ({unit[1]} doubles a vector)"


def _median_ms(*fns, repeat):
    """The median time in ms of each of ``fns`` over ``repeat`` runs after a warm-up, the functions
    timed in turn within each run."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    medians = [float(np.median(spent) * 1e3) for spent in times]
    return medians[0] if len(fns) == 1 else medians


def _warm_up(fn):
    """Call ``fn`` until its time has settled (see WARM_UP_CALLS); the number of calls made."""
    times = []
    deadline = time.perf_counter() + WARM_UP_SECONDS
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if len(times) >= WARM_UP_CALLS and max(times[-(WARM_UP_CALLS // 2):]) <= SETTLED_SPREAD * min(times):
            break
    return len(times)


def _allocating_ms(actlab, limit, notes, torch, repeat):
    """Median ms of actlab's allocating call, its limit (``np.copy``), the notes' code and PyTorch's
    function (None where absent), timed in turn within each repetition.

    On the development machine, a virtual machine, a fresh result's pages cost more or less from
    moment to moment. Its kernel hands free memory back to the host (free page reporting, in blocks
    of 2 MB, the huge pages NumPy asks for), and faults on fresh pages stall at times, in stretches of
    several calls: a fresh 40 MB array filled by two threads took 40-70 ms in 3-17 % of calls (C and
    pthreads, or actlab's kernels), 4-6 ms otherwise; filled by one, it stalled in under 1 %. Timed
    apart, whichever library fell in a stretch lost; timed in turn, all see the same memory.
    """
    def quiet(fn):
        def call():
            with np.errstate(all="ignore"):  # the notes' code overflows where actlab does not
                return fn()
        return call

    fns = (actlab, limit, notes and quiet(notes), torch)
    times = iter(_median_ms(*[fn for fn in fns if fn], repeat=repeat))
    return [next(times) if fn else None for fn in fns]


def _torch(threads):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    return torch


def _torch_function(tm, entry):
    """PyTorch's function for the entry (from its ``names_in``), or None: none, a class, or parameters
    that would need translating (required ones)."""
    name = entry.names_in.get("torch")
    name = name[0] if isinstance(name, tuple) else name
    if not name or any(p.required for p in entry.params):
        return None
    fn = tm
    for part in name.split(".")[1:]:
        fn = getattr(fn, part, None)
    return fn if callable(fn) and not isinstance(fn, type) else None


def _torch_tensor(tm, data):
    """The array as a torch tensor sharing its memory (bfloat16 through its bits)."""
    if data.dtype.itemsize == 2 and data.dtype != np.float16:
        return tm.from_numpy(data.view(np.int16)).view(tm.bfloat16)
    return tm.from_numpy(data)


def _example_params(entry):
    return {p.name: p.example for p in entry.params if p.required}


def run(names=None, n=10**7, dtype="float32", repeat=5, threads=None, torch=True, rng=None):
    """Benchmark rows for ``names`` (default: every entry) on n elements of ``dtype``."""
    dtype = np.dtype(dtype)
    threads = _evaluate.default_threads() if threads is None else _evaluate.check_threads(threads, "actlab.bench")
    rng = np.random.default_rng(0) if rng is None else rng
    names = registry.names() if names is None else tuple(names)
    for name in names:
        registry.get(name)  # unknown names fail before any timing
    tm = _torch(threads) if torch else None
    x = (rng.standard_normal(n) * 3).astype(dtype)
    g = rng.standard_normal(n).astype(dtype)
    out = np.empty_like(x)
    matrix = (rng.standard_normal(SOFTMAX_SHAPE) * 3).astype(dtype)
    matrix_other = rng.standard_normal(SOFTMAX_SHAPE).astype(dtype)  # the add's second array
    matrix_out = np.empty_like(matrix)
    _warm_up(partial(registry.get("identity"), x, threads=threads))
    rows = []
    for name in names:
        entry = registry.get(name)
        params = _example_params(entry)
        if entry.elementwise:
            data, other, data_out = x, g, out
            forward = partial(entry, x, out=out, threads=threads, **params)
            backward = partial(entry.vjp, x, g, out=out, threads=threads, **params)
        else:
            data, other, data_out = matrix, matrix_other, matrix_out
            result = np.empty(entry(matrix, threads=threads, **params).shape, dtype)
            cotangent = rng.standard_normal(result.shape).astype(dtype)
            forward = partial(entry, matrix, out=result, threads=threads, **params)
            backward = partial(entry.vjp, matrix, cotangent, out=matrix_out, threads=threads, **params)
        notes = _notes.FUNCTIONS.get(name)
        fn = _torch_function(tm, entry) if tm is not None else None
        torch_call = None
        if fn is not None:
            t = _torch_tensor(tm, data)
            torch_call = (lambda: fn(t, dim=-1)) if not entry.elementwise else (lambda: fn(t))
        actlab_ms, new_copy_ms, notes_ms, torch_ms = _allocating_ms(
            partial(entry, data, threads=threads, **params), partial(np.copy, data),
            partial(notes[0], data) if notes else None, torch_call, repeat)
        out_ms, limit_ms = _median_ms(forward, lambda: np.copyto(data_out, data), repeat=repeat)
        # two arrays read, one written, as the vjp does (np.add(x, x) would read one: about the copy's time)
        vjp_ms, add_ms = _median_ms(backward, lambda: np.add(data, other, out=data_out), repeat=repeat)
        rows.append(Row(name, dtype.name, data.size, actlab_ms, new_copy_ms, out_ms, vjp_ms, notes_ms, torch_ms,
                        limit_ms, add_ms))
    return rows


# -- on a CUDA device ----------------------------------------------------------------------------
def cuda_names():
    """The entries with fused CUDA kernels (at their default parameters)."""
    from . import _compiled, _cuda

    found = []
    for name in registry.names():
        entry = registry.get(name)
        if entry.elementwise and not any(p.required for p in entry.params):
            if _compiled.kernel_for(entry, entry._resolve({}), _cuda.entries()) is not None:
                found.append(name)
    return tuple(found)


def cuda_device():
    """(torch or None, cupy): what runs the CUDA benchmark; RuntimeError where it cannot run."""
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() < 1:
            raise RuntimeError
    except Exception:
        raise RuntimeError("no CUDA device: the CUDA benchmark needs CuPy and an NVIDIA GPU") from None
    tm = _torch(1)
    return (tm if tm is not None and tm.cuda.is_available() else None), cupy


def _cuda_ms(cupy, fn, repeat):
    fn()
    cupy.cuda.Device().synchronize()
    times = []
    for _ in range(repeat):
        start, end = cupy.cuda.Event(), cupy.cuda.Event()
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(cupy.cuda.get_elapsed_time(start, end))
    return float(np.median(times))


def run_cuda(names=None, n=2**28, dtype="float32", repeat=20):
    """Benchmark rows on the CUDA device: actlab's fused kernels (allocating, and g·f′) against the
    device's copy and add, and PyTorch's function on the same tensors when torch has CUDA.
    Tensors are torch's where torch has CUDA (bfloat16 needs it), else CuPy's."""
    tm, cupy = cuda_device()
    names = cuda_names() if names is None else tuple(names)
    for name in names:
        registry.get(name)
    if tm is not None:
        x = tm.randn(n, device="cuda", dtype=getattr(tm, dtype)) * 3
        g, y = tm.randn_like(x), tm.empty_like(x)
        copy, add = (lambda: y.copy_(x)), (lambda: tm.add(x, g, out=y))
    elif dtype == "bfloat16":
        raise RuntimeError("bfloat16 on CUDA needs torch with CUDA (CuPy has no bfloat16)")
    else:
        x = (cupy.random.standard_normal(n) * 3).astype(dtype)
        g, y = cupy.random.standard_normal(n).astype(dtype), cupy.empty(n, dtype)
        copy, add = (lambda: cupy.copyto(y, x)), (lambda: cupy.add(x, g, out=y))
    rows = []
    for name in names:
        entry = registry.get(name)
        actlab_ms = _cuda_ms(cupy, lambda: entry(x), repeat)
        vjp_ms = _cuda_ms(cupy, lambda: entry.vjp(x, g), repeat)
        fn = _torch_function(tm, entry) if tm is not None else None
        torch_ms = _cuda_ms(cupy, lambda: fn(x), repeat) if fn is not None else None
        rows.append(Row(name, dtype, n, actlab_ms, None, None, vjp_ms, None, torch_ms,
                        _cuda_ms(cupy, copy, repeat), _cuda_ms(cupy, add, repeat)))
    return rows


def table(rows):
    """The rows as an aligned text table."""
    def cell(v, fmt="{:.2f}"):
        return "—" if v is None else fmt.format(v)
    header = ["name", "dtype", "actlab ms", "x limit", "out= ms", "x limit", "vjp ms", "x limit", "notes ms",
              "torch ms", "vs torch", "GB/s"]
    body = [[r.name, r.dtype, cell(r.actlab_ms), cell(r.allocating_ratio, "{:.2f}x"), cell(r.out_ms),
             cell(r.ratio, "{:.2f}x"), cell(r.vjp_ms),
             cell(r.backward_ratio, "{:.2f}x"), cell(r.notes_ms), cell(r.torch_ms),
             cell(None if r.torch_ms is None else r.torch_ms / r.actlab_ms, "{:.2f}x"),
             cell(r.gigabytes_per_second, "{:.1f}")] for r in rows]
    widths = [max(len(str(row[i])) for row in [header] + body) for i in range(len(header))]
    lines = ["  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths)))
             for row in [header] + body]
    return "\n".join(lines)
