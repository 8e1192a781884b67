"""The catalogue's one registry: each activation is one ``Activation`` (or
``VectorActivation``) registered once; the public functions, the tests and
everything built on them iterate it.

An entry holds its name, parameters (defaults and validation), the kernels
``f``, ``grad`` (f′), ``grad2`` (f″) and ``param_grads`` (∂f/∂θ for each
parameter θ), the LaTeX of f, f′ and f″, the kink convention, references and
an example. Kernels see float64 arrays and validated parameters; the entry
does the input checks and the dtype policy (``_array``).
"""

import dataclasses
import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import _array, _backends, _compiled, _evaluate

REQUIRED = object()  # marks a parameter without default
@dataclass(frozen=True)
class Param:
    """A keyword parameter of an activation.

    ``kind`` is "real" (a float; with ``array=True`` also an array that
    broadcasts against the input), "choice" (one of ``choices``) or "int".
    ``check`` takes the converted value and returns an error message or None.
    """

    name: str
    default: Any = REQUIRED
    doc: str = ""
    kind: str = "real"
    array: bool = False
    choices: tuple = ()
    check: Callable[[Any], str | None] | None = None
    example: Any = None  # a typical value of a required parameter (for plots and property sheets)

    @property
    def required(self):
        return self.default is REQUIRED

    def convert(self, value, where):
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(
                    f"{where}: parameter {self.name} must be one of {', '.join(map(repr, self.choices))}, "
                    f"got {value!r}"
                )
        elif self.kind == "int":
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"{where}: parameter {self.name} must be an integer, got {value!r}")
            value = int(value)
        else:
            value = _array.as_param(value, self.name, where, array=self.array)
            if not (math.isfinite(value) if isinstance(value, float) else np.all(np.isfinite(value))):
                raise ValueError(f"{where}: parameter {self.name} must be finite, got {value!r}")
        problem = self.check(value) if self.check else None
        if problem:
            raise ValueError(f"{where}: parameter {self.name} {problem}, got {value!r}")
        return value


def positive(value):
    return None if (value > 0 if isinstance(value, float) else np.all(np.asarray(value) > 0)) else "must be > 0"


def positive_int(value):
    return None if value >= 1 else "must be a positive integer"


@dataclass(frozen=True, repr=False, kw_only=True)
class Activation:
    """An elementwise activation f: ℝ → ℝ with f′, f″ and ∂f/∂θ.

    Call it as a function, ``entry(x, **params)``; ``entry.grad``,
    ``entry.grad2``, ``entry.param_grads``, ``entry.vjp``, ``entry.jvp`` and
    ``entry.value_and_grad`` take the same arguments.
    """

    name: str
    summary: str
    f: Callable
    grad_kernel: Callable
    grad2_kernel: Callable
    formulas: dict  # LaTeX of "f", "grad", "grad2"
    family: str
    kink: str = "none: f is smooth (C^∞)"
    params: tuple = ()
    param_grads_kernel: Callable | None = None
    references: tuple = ()
    example: str = ""
    variants: dict = field(default_factory=dict)  # {(param, value): formulas that replace the default ones}
    bound: dict = field(default_factory=dict)
    #: The entry's names in other libraries: {"torch": ..., "jax": ..., "keras": ...}, each a dotted
    #: name or a tuple of them (the first is the main one; absent: the library has none), and an
    #: optional "note" on where their definitions differ. The last component of each name, lowercased,
    #: is an alias of the entry when it differs from the entry's name (see ``register``).
    names_in: dict = field(default_factory=dict)

    elementwise = True

    # -- parameters ---------------------------------------------------------
    def _where(self, method=""):
        return f"actlab.{self.name}{'.' + method if method else ''}"

    def _resolve(self, given, method=""):
        where = None
        if given:  # (most calls give none, and this runs on every call: the checks and names only here)
            where = self._where(method)
            names = {p.name: p for p in self.params}
            unknown = set(given) - set(names)
            if unknown:
                valid = ", ".join(names) or "none"
                raise TypeError(f"{where}: unexpected parameter {', '.join(sorted(unknown))}; parameters: {valid}")
        values = {}
        for p in self.params:
            if p.name in given:
                values[p.name] = p.convert(given[p.name], where)
            elif p.name in self.bound:
                values[p.name] = self.bound[p.name]
            elif p.required:
                raise TypeError(f"{self._where(method)}: missing required parameter {p.name}")
            else:
                values[p.name] = p.default
        return values

    def bind(self, **params):
        """The same activation with some parameters fixed (validated now)."""
        fixed = dict(self.bound)
        where = self._where()
        names = {p.name: p for p in self.params}
        for key, value in params.items():
            if key not in names:
                raise TypeError(f"{where}: unexpected parameter {key}; parameters: {', '.join(names) or 'none'}")
            fixed[key] = names[key].convert(value, where)
        formulas = dict(self.formulas)
        for (key, value), replacement in self.variants.items():
            if fixed.get(key) == value:
                formulas.update(replacement)
        bound = dataclasses.replace(self, bound=fixed, formulas=formulas)
        object.__setattr__(bound, "__doc__", self.__doc__)
        return bound

    def _prepare(self, x, params, method):
        """(x as an array of its own real dtype, the result dtype, the resolved parameters)."""
        where = self._where(method)
        a, dtype = _array.as_real_array(x, where)
        values = self._resolve(params, method)
        for p in self.params:
            if p.array and np.ndim(values[p.name]):
                _array.check_broadcast(values[p.name], p.name, a.shape, where)
        return a, dtype, values

    # -- evaluation ---------------------------------------------------------
    # Every method takes ``out=`` (arrays of x's shape and the result dtype to write into)
    # and ``threads=`` (default: $ACTLAB_NUM_THREADS, else the usable cores). The compiled
    # kernels serve the call where they apply (``_compiled``), the NumPy kernels otherwise.
    def _run(self, op, kernel, x, params, outs, threads, g=None):
        method = "" if op == "f" else op
        a, dtype, p = self._prepare(x, params, method)
        where = self._where(method)
        fast = _compiled.plan(self, p, dtype) if op in _compiled.OPS else None
        if threads is not None:
            threads = _evaluate.check_threads(threads, where)
        else:
            threads = _evaluate.default_threads() if fast is None else _compiled.default_threads(a.size)
        if fast is not None:
            outs, given = _evaluate.prepare_outputs(outs, a.shape, dtype, where)
            return _evaluate.results(_compiled.run(fast, op, a, g, outs, dtype, threads), given)
        if g is not None:  # the cotangent is cut into the same blocks as x
            p["_g"] = g
        return _evaluate.evaluate(kernel, a, p, dtype, outs, threads, where)

    @_backends.serves_arrays
    def __call__(self, x, *, out=None, threads=None, **params):
        return self._run("f", self.f, x, params, [out], threads)[0]

    @_backends.serves_arrays
    def grad(self, x, *, out=None, threads=None, **params):
        """f′(x), elementwise."""
        return self._run("grad", self.grad_kernel, x, params, [out], threads)[0]

    @_backends.serves_arrays
    def grad2(self, x, *, out=None, threads=None, **params):
        """f″(x), elementwise."""
        return self._run("grad2", self.grad2_kernel, x, params, [out], threads)[0]

    @_backends.serves_arrays
    def value_and_grad(self, x, *, out=None, threads=None, **params):
        """(f(x), f′(x)) in one pass over x; ``out`` is a pair of arrays or None."""
        f, grad = self.f, self.grad_kernel
        outs = list(out) if out is not None else [None, None]
        return tuple(self._run("value_and_grad", lambda _x, **p: (f(_x, **p), grad(_x, **p)), x, params, outs, threads))

    @_backends.serves_arrays
    def vjp(self, x, g, *, out=None, threads=None, **params):
        """g·f′(x): the gradient with respect to x of a loss whose gradient with respect to f(x) is g."""
        where = self._where("vjp")
        a, _ = _array.as_real_array(x, where)
        g_arr, _ = _array.as_real_array(g, where + " (cotangent g)")
        if g_arr.shape != a.shape:
            raise ValueError(f"{where}: g has shape {g_arr.shape}, expected the shape of x {a.shape}")
        grad = self.grad_kernel
        return self._run("vjp", lambda _x, _g, **p: _g * grad(_x, **p), a, params, [out], threads, g=g_arr)[0]

    @_backends.serves_arrays
    def jvp(self, x, v, *, out=None, threads=None, **params):
        """f′(x)·v: the directional derivative of f at x along v."""
        return self.vjp(x, v, out=out, threads=threads, **params)

    @_backends.serves_arrays
    def param_grads(self, x, *, threads=None, **params):
        """{θ: ∂f/∂θ(x)} for each parameter θ, elementwise (shape of x)."""
        if self.param_grads_kernel is None:
            self._prepare(x, params, "param_grads")
            return {}
        names = [p.name for p in self.params if p.kind == "real"]
        kernel = self.param_grads_kernel
        values = self._run("param_grads", lambda _x, **p: tuple(kernel(_x, **p)[k] for k in names), x, params,
                           [None] * len(names), threads)
        return dict(zip(names, values))

    def __repr__(self):
        bound = ", ".join(f"{k}={v!r}" for k, v in self.bound.items())
        return f"<actlab activation {self.name}({bound})>"


@dataclass(frozen=True, repr=False, kw_only=True)
class VectorActivation(Activation):
    """A vector-valued activation along an axis (softmax, maxout …).

    ``vjp(x, g)``, ``jvp(x, v)`` and ``jacobian(x)`` (shape (..., out, in),
    the axis moved last) take the place of the elementwise derivatives.
    """

    vjp_kernel: Callable | None = None
    jvp_kernel: Callable | None = None
    jacobian_kernel: Callable | None = None
    check_shape: Callable | None = None  # (shape, **params) -> error message or None
    output_shape: Callable | None = None  # (shape, **params) -> shape of f(x); default: same
    section: "Section | None" = None  # the 1-D section for figures and property sheets; default: [x, 0]
    gate: tuple | None = None  # gated units: (the gate's entry name, names of its parameters in the call)
    selects: bool = False  # f picks one of its inputs (maxout): computed in the input's dtype, exactly
    elementwise = False
    grad_kernel: Callable | None = None
    grad2_kernel: Callable | None = None

    # ``out=`` (an array of the result's shape and dtype) and ``threads=`` as for elementwise entries
    @_backends.serves_arrays
    def __call__(self, x, *, out=None, threads=None, **params):
        a, dtype, p = self._prepare(x, params, "", as_float64=False)
        threads = self._checked(out, threads, self._output_shape(a, p), dtype, "", a.size)
        rows = _compiled.row_plan(self, dtype)
        if rows is not None:
            return _compiled.run_rows(rows, a, p["axis"], dtype, threads, out)
        fused = _compiled.gated_plan(self, p, dtype)
        if fused is not None:
            return _compiled.run_gated(fused, a, None, p["axis"], dtype, threads, out)
        if _compiled.maxout_applies(self, dtype):
            return _compiled.run_maxout(a, p["pieces"], p["axis"], dtype, threads, out)
        if self.selects:
            return _written(self.f(a.astype(dtype, copy=False), **p), out)
        return _written(_array.cast_result(self.f(a.astype(np.float64, copy=False), **p), dtype), out)

    def _checked(self, out, threads, shape, dtype, method, size):
        """The thread count (``threads`` checked, or the default for ``size``, the elements of x), after
        checking ``out``: only the compiled rows take threads."""
        where = self._where(method)
        if out is not None:
            _evaluate.check_out(out, shape, dtype, where)
        return _compiled.default_threads(size) if threads is None else _evaluate.check_threads(threads, where)

    def _not_elementwise(self, method):
        raise TypeError(f"{self._where(method)}: {self.name} is vector-valued; use vjp, jvp or jacobian")

    def grad(self, x, **params):
        self._not_elementwise("grad")

    def grad2(self, x, **params):
        self._not_elementwise("grad2")

    def value_and_grad(self, x, **params):
        self._not_elementwise("value_and_grad")

    def _prepare_pair(self, x, other, params, method, other_name, other_shape, as_float64=True):
        """(x, the other array, the result dtype, the parameters): both float64, or (as_float64 False)
        each in its own dtype (the compiled kernels read float32 and float64 without a copy)."""
        x64, dtype, p = self._prepare(x, params, method, as_float64)
        where = f"{self._where(method)} ({other_name})"
        o64 = _array.as_float64(other, where)[0] if as_float64 else _array.as_real_array(other, where)[0]
        expected = other_shape(x64, p)
        if o64.shape != expected:
            raise ValueError(f"{self._where(method)}: {other_name} has shape {o64.shape}, expected {expected}")
        return x64, o64, dtype, p

    @_backends.serves_arrays
    def vjp(self, x, g, *, out=None, threads=None, **params):
        a, g, dtype, p = self._prepare_pair(x, g, params, "vjp", "g", self._output_shape, as_float64=False)
        threads = self._checked(out, threads, a.shape, dtype, "vjp", a.size)
        rows = _compiled.row_plan(self, dtype)
        if rows is not None:
            return _compiled.run_rows_vjp(rows, a, g, p["axis"], dtype, threads, out)
        if _compiled.maxout_applies(self, dtype):
            return _compiled.run_maxout_vjp(a, g, p["pieces"], p["axis"], dtype, threads, out)
        fused = _compiled.gated_plan(self, p, dtype)
        if fused is not None:
            return _compiled.run_gated(fused, a, g, p["axis"], dtype, threads, out)
        g64 = g.astype(np.float64, copy=False)
        return _written(_array.cast_result(self.vjp_kernel(a.astype(np.float64, copy=False), g64, **p), dtype), out)

    @_backends.serves_arrays
    def jvp(self, x, v, **params):
        x64, v64, dtype, p = self._prepare_pair(x, v, params, "jvp", "v", lambda a, _: a.shape)
        return _array.cast_result(self.jvp_kernel(x64, v64, **p), dtype)

    @_backends.serves_arrays
    def jacobian(self, x, **params):
        x64, dtype, p = self._prepare(x, params, "jacobian")
        return _array.cast_result(self.jacobian_kernel(x64, **p), dtype)

    def _prepare(self, x, params, method, as_float64=True):
        a, dtype, p = super()._prepare(x, params, method)
        arr = a.astype(np.float64, copy=False) if as_float64 else a  # the kernels never write to it
        where = self._where(method)
        if arr.ndim == 0:
            raise ValueError(f"{where}: expects an array with at least one dimension, got a scalar")
        p["axis"] = _array.normalize_axis(p["axis"], arr.ndim, where)
        if self.check_shape is not None:
            problem = self.check_shape(arr.shape, **p)
            if problem:
                raise ValueError(f"{where}: {problem}")
        return arr, dtype, p

    def _output_shape(self, x64, p):
        return self.output_shape(x64.shape, **p) if self.output_shape else x64.shape


def _written(result, out):
    """``result``, or ``out`` holding it."""
    if out is None:
        return result
    out[...] = result
    return out


@dataclass(frozen=True)
class Section:
    """A line through input space along which a vector entry is drawn and analysed.

    ``section(x)`` is the input vector ``offset + x·direction`` (shape (..., k) for x of
    shape (...)), so d/dx of ``entry(section(x))`` is ``entry.jvp(section(x), direction)``;
    ``output`` is the component of the result that is shown and ``text`` says which, e.g.
    "glu([x, x])[0]". A zero component of ``direction`` stays 0 at x = ±∞ (no ∞·0).
    """

    direction: tuple
    text: str
    offset: tuple | None = None
    output: int = 0

    def __call__(self, x):
        x = np.asarray(x, dtype=np.float64)[..., None]
        u = np.asarray(self.direction, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            point = np.where(u != 0, x * u, 0.0)
        return point if self.offset is None else point + np.asarray(self.offset, dtype=np.float64)


_REGISTRY: dict[str, Activation] = {}
_ALIASES: dict[str, str] = {}  # alias -> entry name, derived from the entries' ``names_in``
_LIBRARIES = ("torch", "jax", "keras")


def library_names(entry, library):
    """The entry's names in ``library`` ("torch", "jax" or "keras") as a tuple (empty: none)."""
    value = entry.names_in.get(library, ())
    return (value,) if isinstance(value, str) else tuple(value)


def _derived_aliases(entry):
    """Each name of the entry in the other libraries, last component lowercased, if not its own name."""
    found = []
    for library in _LIBRARIES:
        for dotted in library_names(entry, library):
            alias = dotted.rsplit(".", 1)[-1].lower()
            if alias != entry.name and alias not in found:
                found.append(alias)
    return found


def register(entry):
    """Add an entry to the catalogue (at import of its module); returns it.

    The entry's names in PyTorch, JAX and Keras (``names_in``) become aliases that ``get``
    resolves, unless an entry has that name (an entry always wins: JAX's ``swish`` is
    actlab's swish at its default β = 1). An alias claimed by two entries is an error.
    """
    if entry.name in _REGISTRY:
        raise ValueError(f"actlab: activation {entry.name!r} is registered twice")
    unknown = set(entry.names_in) - {*_LIBRARIES, "note"}
    if unknown:
        raise ValueError(f"actlab: {entry.name}.names_in has unknown keys {sorted(unknown)}")
    aliases = [a for a in _derived_aliases(entry) if a not in _REGISTRY]
    for alias in aliases:
        if _ALIASES.get(alias, entry.name) != entry.name:
            raise ValueError(f"actlab: alias {alias!r} of {entry.name} is already an alias of {_ALIASES[alias]}")
    object.__setattr__(entry, "__doc__", _docstring(entry))
    _REGISTRY[entry.name] = entry
    _ALIASES.pop(entry.name, None)  # an entry takes its name back from an alias
    _ALIASES.update(dict.fromkeys(aliases, entry.name))
    return entry


def names(aliases=False):
    """The names of the catalogue, in catalogue order; with ``aliases=True`` followed by the aliases."""
    return tuple(_REGISTRY) + (tuple(_ALIASES) if aliases else ())


def aliases():
    """{alias: entry name}: the names other libraries use where they differ from actlab's."""
    return dict(_ALIASES)


def get(name, **params):
    """The activation called ``name`` (an entry's name or an alias), with ``params`` bound (validated now).

    >>> import actlab
    >>> actlab.get("elu", alpha=0.5)(-1.0)
    np.float64(-0.31606027941427883)
    >>> actlab.get("hardswish").name
    'hard_swish'
    """
    if isinstance(name, str) and name in _ALIASES:
        name = _ALIASES[name]
    if not isinstance(name, str) or name not in _REGISTRY:
        known = [*_REGISTRY, *_ALIASES]
        close = difflib.get_close_matches(str(name), known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(_REGISTRY)}"
        raise ValueError(f"actlab.get: unknown activation {name!r}{hint}")
    entry = _REGISTRY[name]
    return entry.bind(**params) if params else entry


def _docstring(entry):
    lines = [entry.summary, ""]
    labels = {"f": "f(x)", "grad": "f'(x)", "grad2": "f''(x)"}
    lines += [".. math::", ""]
    for key, label in labels.items():
        if key in entry.formulas:
            lines.append(f"   {label} = {entry.formulas[key]}")
    lines.append("")
    if entry.params:
        lines += ["Parameters", "----------"]
        for p in entry.params:
            default = "required" if p.required else f"default {p.default!r}"
            lines.append(f"{p.name} : {default}")
            lines.append(f"    {p.doc}")
        lines.append("")
    lines += ["Kinks", "-----", entry.kink, ""]
    if entry.references:
        lines += ["References", "----------", *entry.references, ""]
    if entry.example:
        lines += ["Example", "-------", entry.example.strip(), ""]
    return "\n".join(lines)
