"""Dispatch to the compiled kernels (``_kernels.c``) where they apply.

An elementwise call takes the compiled path when the extension was built, the
entry has a kernel (choice parameters at a non-default value name it, e.g.
``gelu_tanh``), its real parameters are scalars, the result is float64,
float32, float16 or bfloat16 (other real inputs are converted to the result
dtype first) and $ACTLAB_ENGINE is not "numpy". Both paths compute the same
formulas and are held to the same tests.
"""

import os

import numpy as np

from . import _evaluate

try:
    from . import _kernels
except ImportError:  # no C compiler at install time: the NumPy path serves everything
    _kernels = None

ENGINE_VARIABLE = "ACTLAB_ENGINE"
ENGINES = ("auto", "numpy")
OPS = {"f": 0, "grad": 1, "grad2": 2, "vjp": 3, "value_and_grad": 4}
_INDEX = {name: i for i, name in enumerate(_kernels.names())} if _kernels else {}
try:
    from ml_dtypes import bfloat16 as _bfloat16
except ImportError:  # pragma: no cover - without ml_dtypes there are no bfloat16 arrays
    _bfloat16 = None
#: the element kinds of _kernels.run; bfloat16 travels as its bits (uint16)
KINDS = {np.dtype(np.float64): 0, np.dtype(np.float32): 1, np.dtype(np.float16): 2,
         **({np.dtype(_bfloat16): 3} if _bfloat16 else {})}
_ROW_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
#: below this many elements one thread does the work: waking a team costs more than it saves,
#: and on a busy machine a team waits for its slowest thread
PARALLEL_FROM = 2**17


def engine():
    value = os.environ.get(ENGINE_VARIABLE, "auto")
    if value not in ENGINES:
        raise ValueError(f"${ENGINE_VARIABLE} must be one of {', '.join(ENGINES)}, got {value!r}")
    return value


def available():
    """Whether the compiled kernels were built."""
    return _kernels is not None


def vector_unit():
    """(name, doubles a vector) of the vector instructions the kernels were compiled for, e.g.
    ("AVX2", 4), or None without compiled kernels: their speed, and which bound they meet, depend on it."""
    return tuple(_kernels.vector_unit()) if _kernels else None


def reciprocals():
    """How the kernels take 1/d (the float32 kernels, and float64 tanh's correction step) and 1/sqrt(s)
    (the float32 kernels), each "division" (correctly rounded) or "newton", by the processor they were
    built for (see recip_lite and recip_near in _kernels_math.h); divisions without compiled kernels."""
    return _kernels.reciprocals() if _kernels else ("division", "division")


#: entries that at their one real parameter = 1 are another entry, whose kernel then serves them:
#: swish at β = 1 is silu (the same float64 kernels; float32 silu's f takes the table of 2^{j/16})
_AT_ONE = {"swish": "silu"}


def kernel_for(entry, params, names):
    """(kernel name, first and second real parameter) of the call if ``names`` has its kernel, else None."""
    key, reals = entry.name, []
    for p in entry.params:  # a loop, not comprehensions: this runs on every call (about 1 µs less)
        value = params[p.name]
        if p.kind == "choice" and value != p.default:
            key = f"{key}_{value}"
        elif p.kind == "real":
            if not isinstance(value, float) and np.ndim(value):
                return None
            reals.append(float(value))
    if key in _AT_ONE and reals == [1.0]:
        key, reals = _AT_ONE[key], [0.0]
    if key not in names or len(reals) > 2:
        return None
    return (key, *reals, *[0.0] * (2 - len(reals)))


def plan(entry, params, dtype):
    """(kernel index, its two scalar parameters) for this call, or None for the NumPy path."""
    if not _INDEX or dtype not in KINDS or engine() == "numpy":
        return None
    found = kernel_for(entry, params, _INDEX)
    return None if found is None else (_INDEX[found[0]], *found[1:])


def run(kernel, op, x, g, outs, dtype, threads):
    """Evaluate on the compiled path; ``outs`` as in _evaluate.evaluate (checked there). Written out
    for the one or two outputs there are: this runs on every call."""
    x = np.ascontiguousarray(x, dtype=dtype)
    g = None if g is None else np.ascontiguousarray(g, dtype=dtype)
    out = outs[0] if outs[0].flags.c_contiguous else np.empty(x.shape, dtype)
    out2 = None if len(outs) == 1 else outs[1] if outs[1].flags.c_contiguous else np.empty(x.shape, dtype)
    buffers = (x, g, out, out2) if dtype.itemsize != 2 else (_bits(x), _bits(g), _bits(out), _bits(out2))
    _kernels.run(kernel[0], OPS[op], *buffers, kernel[1], kernel[2], _team(threads, x.size), KINDS[dtype])
    for o, target in zip(outs, (out, out2)):
        if o is not target:
            o[...] = target
    return outs


def _bits(a):
    """A 2-byte float array as its bits (the buffer protocol has no bfloat16)."""
    return None if a is None else a.view(np.uint16)


#: vector entries with a compiled row kernel: (log flag, negate x first) of the softmax rows (softmin(x)
#: = softmax(−x), the negation exact in any dtype), or the sparsemax rows
_ROW_KERNELS = {"softmax": (0, False), "log_softmax": (1, False), "softmin": (0, True), "sparsemax": "sparsemax"}


def row_plan(entry, dtype):
    """How a vector entry's forward takes the compiled row kernel ((log, negate)), or None."""
    if _kernels is None or dtype not in _ROW_DTYPES or engine() == "numpy":
        return None
    return _ROW_KERNELS.get(entry.name)


def _moved(a, source, destination):
    """np.moveaxis(a, source, destination), or a itself where the axis is last either way (moveaxis
    costs about 1.5 µs a call, a tenth of a small softmax)."""
    last = (-1, a.ndim - 1)
    return a if source in last and destination in last else np.moveaxis(a, source, destination)


def _rows_last(a, axis, dtype):
    """``a`` with ``axis`` last, C-contiguous, in ``dtype`` (a float64 g beyond float32's range becomes
    ±inf, as on the NumPy path, without a warning; np.errstate, 2 µs, only where there is a cast)."""
    moved = _moved(a, axis, -1)
    if moved.dtype == dtype:
        return np.ascontiguousarray(moved)
    with np.errstate(over="ignore"):
        return np.ascontiguousarray(moved, dtype=dtype)


def default_threads(size):
    """The thread count of a compiled call on ``size`` elements where none is given: $ACTLAB_NUM_THREADS
    (checked), else the usable cores, or 1 below PARALLEL_FROM, where _team takes one whatever the
    count (and asking for the cores costs a microsecond)."""
    return _evaluate.environment_threads() or (1 if size < PARALLEL_FROM else _evaluate.usable_cores())


def _team(threads, size):
    """The threads for a call on ``size`` elements (one below PARALLEL_FROM)."""
    return threads if size >= PARALLEL_FROM else 1


def _row_target(out, axis, shape, dtype, inputs):
    """Where a row kernel writes: ``out`` with its rows last where the kernel can take it (contiguous,
    sharing no memory with the inputs), else a new array; and whether it is ``out``."""
    target = None if out is None else _moved(out, axis, -1)
    if target is not None and target.flags.c_contiguous and not any(np.may_share_memory(target, a) for a in inputs):
        return target, True
    return np.empty(shape, dtype), False


def _row_result(result, direct, axis, out):
    """The result with ``axis`` back in place; with ``out``, ``out`` holding it."""
    if out is None:
        return _moved(result, -1, axis)
    if not direct:
        _moved(out, axis, -1)[...] = result
    return out


def run_rows(plan, x, axis, dtype, threads, out=None):
    """softmax, log_softmax, softmin or sparsemax (``plan`` from row_plan) of x along ``axis``, compiled."""
    rows_last = _rows_last(x, axis, dtype)
    result, direct = _row_target(out, axis, rows_last.shape, dtype, [rows_last])
    m = rows_last.shape[-1]
    threads = _team(threads, result.size)
    if result.size and plan == "sparsemax":
        _kernels.sparsemax(rows_last, result.size // m, m, result, threads)
    elif result.size:
        log, negate = plan
        _kernels.softmax(rows_last, result.size // m, m, result, log, int(negate), threads)
    return _row_result(result, direct, axis, out)


def run_rows_vjp(plan, x, g, axis, dtype, threads, out=None):
    """The vjp of softmax, log_softmax, softmin or sparsemax (``plan`` from row_plan) along ``axis``,
    compiled; g read as float64 (widened from float32 in the kernel), as on the NumPy path."""
    rows_last = _rows_last(x, axis, dtype)
    g_last = _rows_last(g, axis, g.dtype if g.dtype in _ROW_DTYPES else np.float64)
    result, direct = _row_target(out, axis, rows_last.shape, dtype, [rows_last, g_last])
    m = rows_last.shape[-1]
    threads = _team(threads, result.size)
    if result.size and plan == "sparsemax":
        _kernels.sparsemax(rows_last, result.size // m, m, result, threads, g_last)
    elif result.size:
        log, negate = plan
        _kernels.softmax_vjp(rows_last, g_last, result.size // m, m, result, log, int(negate), threads)
    return _row_result(result, direct, axis, out)


def maxout_applies(entry, dtype):
    """Whether maxout and its vjp take the compiled kernels."""
    return _kernels is not None and entry.name == "maxout" and dtype in _ROW_DTYPES and engine() != "numpy"


def run_maxout(x, pieces, axis, dtype, threads, out=None):
    """maxout along ``axis``, compiled: the maximum of each group of ``pieces`` (np.maximum's fold)."""
    rows_last = _rows_last(x, axis, dtype)
    shape = rows_last.shape[:-1] + (rows_last.shape[-1] // pieces,)
    result, direct = _row_target(out, axis, shape, dtype, [rows_last])
    if result.size:
        _kernels.maxout(rows_last, result.size, pieces, result, _team(threads, rows_last.size))
    return _row_result(result, direct, axis, out)


def run_maxout_vjp(x, g, pieces, axis, dtype, threads, out=None):
    """maxout's vjp along ``axis``, compiled: g (rounded to dtype, as the NumPy path's result is) at each
    group's winner, 0 elsewhere."""
    rows_last = _rows_last(x, axis, dtype)
    g_last = _rows_last(g, axis, dtype)
    result, direct = _row_target(out, axis, rows_last.shape, dtype, [rows_last, g_last])
    if result.size:
        _kernels.maxout_vjp(rows_last, g_last, g_last.size, pieces, result, _team(threads, result.size))
    return _row_result(result, direct, axis, out)


def gated_plan(entry, params, dtype):
    """(kernel index, its two parameters) of a gated unit's gate for the fused row kernel, or None."""
    if _kernels is None or entry.gate is None or dtype not in _ROW_DTYPES or engine() == "numpy":
        return None
    from .registry import get

    gate_name, names = entry.gate
    gate = get(gate_name)
    found = kernel_for(gate, gate._resolve({k: params[k] for k in names}), _INDEX)
    return None if found is None else (_INDEX[found[0]], *found[1:])


def run_gated(plan, x, g, axis, dtype, threads, out=None):
    """a ⊙ act(b) (g None) or its vjp [g ⊙ act(b), g ⊙ a ⊙ act′(b)] over the halves of ``axis``, compiled."""
    rows_last = _rows_last(x, axis, dtype)
    n = rows_last.shape[-1] // 2
    rows = rows_last.size // (2 * n) if n else 0
    g_last = None if g is None else _rows_last(g, axis, dtype)
    shape = rows_last.shape[:-1] + ((n,) if g is None else (2 * n,))
    result, direct = _row_target(out, axis, shape, dtype, [rows_last] if g is None else [rows_last, g_last])
    if result.size:
        _kernels.gated(plan[0], 0 if g is None else 3, rows_last, g_last, result, rows, n, plan[1], plan[2],
                       _team(threads, rows_last.size))
    return _row_result(result, direct, axis, out)


def sparsemax_rows(z, threads):
    """sparsemax of float64 z along its last axis, compiled, or None (the NumPy path serves)."""
    if _kernels is None or engine() == "numpy":
        return None
    return run_rows("sparsemax", z, -1, np.dtype(np.float64), threads)
