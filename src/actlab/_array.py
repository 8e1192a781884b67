"""Input checks and the dtype policy, in one place.

* float64 in → float64 out; float32, float16 and bfloat16 (ml_dtypes) in →
  computed in float64 and rounded once to the input's dtype.
* bools, integers, Python numbers and lists → float64.
* complex, strings, objects, datetimes, long double → TypeError naming the function.
* The caller's array is never written to.
"""

import numpy as np

try:  # bfloat16 and friends, when the optional package is installed
    import ml_dtypes
except ImportError:  # pragma: no cover - exercised only without ml_dtypes
    ml_dtypes = None

_NATIVE_FLOATS = frozenset({np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)})  # (a hash, not == in turn)


def _is_extension_float(dtype):
    if ml_dtypes is None or dtype.kind != "V":  # ml_dtypes' floats are NumPy "void" kinds
        return False
    try:
        ml_dtypes.finfo(dtype)
    except (TypeError, ValueError, KeyError):
        return False
    return True


def result_dtype(dtype, where):
    """The dtype the result takes for an input of ``dtype``; TypeError if not real."""
    if dtype in _NATIVE_FLOATS or _is_extension_float(dtype):
        return dtype
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    if dtype.kind == "f":
        raise TypeError(f"{where} does not support dtype {dtype}; cast it to float64")
    raise TypeError(
        f"{where} expects real numbers (a float, int or bool array or scalar), "
        f"got an array of dtype {dtype}"
    )


def as_real_array(x, where):
    """(x as an array of its own real dtype, the dtype of the result); TypeError if not real."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{where} expects real numbers, got {type(x).__name__} {x!r}")
    try:
        a = np.asarray(x)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{where} expects real numbers, got {type(x).__name__}: {error}") from None
    return a, result_dtype(a.dtype, where)


def as_float64(x, where):
    """(x as a float64 array, the dtype of the result). The caller must not write to it."""
    a, dtype = as_real_array(x, where)
    return a.astype(np.float64, copy=False), dtype


def cast_result(r, dtype):
    """Round a float64 result once to ``dtype``; a value beyond its range becomes ±inf."""
    r = np.asarray(r, dtype=np.float64)
    if dtype != r.dtype:
        with np.errstate(over="ignore"):  # a true overflow of the narrow type: ±inf, by design
            r = r.astype(dtype)
    return r[()] if r.ndim == 0 else r


def as_param(value, name, where, *, array=False):
    """A real parameter as float64: a Python/NumPy scalar, or (with ``array``) an array."""
    if isinstance(value, float):  # Python's and np.float64 (most calls; NumPy's checks cost microseconds)
        return float(value)
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)):
        raise TypeError(f"{where}: parameter {name} must be a real number, got {value!r}")
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: parameter {name} must be a real number, got {value!r}") from None
    result_dtype(a.dtype, f"{where} (parameter {name})")
    if a.ndim and not array:
        raise ValueError(f"{where}: parameter {name} must be a scalar, got an array of shape {a.shape}")
    a = a.astype(np.float64)
    return float(a) if a.ndim == 0 else a


def check_broadcast(param, name, shape, where):
    """Check that an array parameter broadcasts to ``shape`` without changing it."""
    pshape = np.shape(param)
    try:
        full = np.broadcast_shapes(pshape, shape)
    except ValueError:
        full = None
    if full != tuple(shape):
        raise ValueError(
            f"{where}: parameter {name} of shape {pshape} does not broadcast against "
            f"the input of shape {tuple(shape)} (expected a scalar or a shape such as "
            f"{tuple(shape[-1:])} that broadcasts to it)"
        )


def normalize_axis(axis, ndim, where):
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{where}: axis must be an integer, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{where}: axis {axis} is out of range for an input with {ndim} dimensions")
    return int(axis) % ndim
