"""Blocked, threaded evaluation of elementwise kernels.

A kernel maps a float64 block (and its parameters) to one or more float64
arrays. ``evaluate`` runs it over the input in blocks of ``BLOCK_SIZE``
elements — so the kernels' temporaries stay in cache and memory does not grow
with the input — converts each block to float64 on the way in and rounds it
to the result dtype on the way out (one rounding), and spreads the blocks over
threads (NumPy's ufuncs release the GIL). Every element is computed by the
same code whatever the block or thread count, so results are identical for
any number of threads.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

BLOCK_SIZE = 2**14  # elements per block: 128 KiB of float64
THREADS_VARIABLE = "ACTLAB_NUM_THREADS"


def default_threads():
    """The number of threads when none is given: $ACTLAB_NUM_THREADS, else the usable cores."""
    return environment_threads() or usable_cores()


def environment_threads():
    """$ACTLAB_NUM_THREADS (checked), or None where it is not set."""
    value = os.environ.get(THREADS_VARIABLE)
    if value is not None:
        return check_threads(int(value) if value.strip().isdigit() else value, f"${THREADS_VARIABLE}")
    return None


def usable_cores():
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_threads(threads, where):
    if isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"{where}: threads must be a positive integer, got {threads!r}")
    return int(threads)


def check_out(out, shape, dtype, where, name="out"):
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{where}: {name} must be a NumPy array, got {type(out).__name__}")
    if out.shape != tuple(shape) or out.dtype != dtype:
        raise ValueError(f"{where}: {name} must have shape {tuple(shape)} and dtype {dtype}, "
                         f"got shape {out.shape} and dtype {out.dtype}")
    if not out.flags.writeable:
        raise ValueError(f"{where}: {name} is read-only")
    return out


def _flat(a):
    return a.reshape(-1)  # a view when contiguous, else one copy


def evaluate(kernel, x, params, dtype, outs, threads, where):
    """Fill ``outs`` (arrays of x's shape and ``dtype``, or None to allocate) with kernel(x, **params),
    on ``threads`` threads (a count, resolved by the caller).

    ``kernel`` returns an array, or a tuple with one array per output.
    ``params`` holds scalars and arrays that broadcast against x.
    """
    x = np.asarray(x)
    shape = x.shape
    outs, given = prepare_outputs(outs, shape, dtype, where)
    scalar = {k: v for k, v in params.items() if not np.ndim(v)}
    arrays = {k: _flat(np.broadcast_to(v, shape)) for k, v in params.items() if np.ndim(v)}
    flat_x = _flat(x)
    targets = [_flat(o) if o.flags.c_contiguous else np.empty(o.size, dtype) for o in outs]

    def run(start, stop):
        block = flat_x[start:stop].astype(np.float64, copy=False)
        results = kernel(block, **scalar, **{k: v[start:stop] for k, v in arrays.items()})
        if not isinstance(results, tuple):
            results = (results,)
        with np.errstate(over="ignore"):  # a value beyond a narrow dtype's range becomes ±inf, by design
            for target, result in zip(targets, results):
                target[start:stop] = result

    def run_range(start, stop):
        for first in range(start, stop, BLOCK_SIZE):
            run(first, min(first + BLOCK_SIZE, stop))

    n = flat_x.size
    threads = min(threads, max(1, n // BLOCK_SIZE))  # no more threads than blocks
    if threads == 1:
        run_range(0, n)
    else:
        per_thread = -(-n // threads // BLOCK_SIZE) * BLOCK_SIZE
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(lambda start: run_range(start, min(start + per_thread, n)),
                          range(0, n, per_thread)))
    for o, target in zip(outs, targets):
        if not o.flags.c_contiguous:
            o[...] = target.reshape(shape)
    return results(outs, given)


# prepare_outputs and results run on every call: loops, not comprehensions (a comprehension's own
# frame cost about 1 µs, a tenth of a small call)
def prepare_outputs(outs, shape, dtype, where):
    """(the output arrays: the caller's, checked, or new ones; which were given)."""
    arrays, given = [], []
    for o in outs:
        arrays.append(np.empty(shape, dtype) if o is None else check_out(o, shape, dtype, where))
        given.append(o is not None)
    return arrays, given


def results(outs, given):
    """What a call returns: the arrays, a 0-d one as a NumPy scalar unless the caller gave it."""
    returned = []
    for o, g in zip(outs, given):
        returned.append(o if g or o.ndim else o[()])
    return returned
