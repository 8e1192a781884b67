import numpy as np
import pytest

import actlab
from actlab import _compiled

#: Parameter sets the accuracy tests run each elementwise entry with (besides the defaults).
#: Values that are not exactly representable in binary exercise the two-part products.
PARAM_SETS = {
    "leaky_relu": [{}, {"alpha": 0.2}],
    "prelu": [{"alpha": 0.25}, {"alpha": -0.3}],
    "elu": [{}, {"alpha": 0.7}],
    "swish": [{}, {"beta": 1.7}, {"beta": 0.1}, {"beta": -2.3}],
    "gelu": [{}, {"approximate": "tanh"}],
    "softplus": [{}, {"beta": 1.7}, {"beta": 0.3}],
    "celu": [{}, {"alpha": 0.7}, {"alpha": 3.3}],
    "rrelu": [{}, {"lower": 0.1, "upper": 0.3}],
    "hard_tanh": [{}, {"min_val": -0.3, "max_val": 2.7}],
    "threshold": [{"threshold": 0.7, "value": -0.2}, {"threshold": -1.5, "value": 0.0}],
    "softshrink": [{}, {"lambd": 1.3}],  # λ = 0 (f′(0) = 0) is in tests/test_catalogue.py
    "hardshrink": [{}, {"lambd": 1.3}],
    "squareplus": [{}, {"b": 0.3}, {"b": 7.7}],
    # vector entries (used by tests/test_vector_catalogue.py)
    "maxout": [{"pieces": 2}, {"pieces": 3}],
    "geglu": [{}, {"approximate": "tanh"}],
}


def elementwise_cases():
    """(name, params) for every elementwise entry, with its parameter sets."""
    cases = []
    for name in actlab.names():
        entry = actlab.get(name)
        if not entry.elementwise:
            continue
        sets = PARAM_SETS.get(name, [{}])
        if any(p.required for p in entry.params):
            assert name in PARAM_SETS, f"give {name}'s required parameters in PARAM_SETS"
        cases += [(name, params) for params in sets]
    return cases


def with_defaults(name, params):
    """The parameters with every default filled in (what a reference needs)."""
    entry = actlab.get(name)
    return {**{p.name: p.default for p in entry.params if not p.required}, **params}


def case_id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


ELEMENTWISE = elementwise_cases()
ELEMENTWISE_NAMES = sorted({name for name, _ in ELEMENTWISE})
VECTOR_NAMES = [n for n in actlab.names() if not actlab.get(n).elementwise]
#: (name, params) for every vector entry, with its parameter sets.
VECTOR_CASES = [(name, params) for name in VECTOR_NAMES for params in PARAM_SETS.get(name, [{}])]


def has_compiled_kernel(name, params):
    """Whether the call takes the compiled path (when the extension is built)."""
    entry = actlab.get(name)
    return _compiled.plan(entry, with_defaults(name, params), np.dtype(np.float64)) is not None


@pytest.fixture(params=["compiled", "numpy"])
def engine(request, monkeypatch):
    """Run a test on each path: the compiled kernels and the pure NumPy ones."""
    monkeypatch.setenv(_compiled.ENGINE_VARIABLE, "auto" if request.param == "compiled" else "numpy")
    return request.param


def skip_unless_engine_applies(engine, name, params):
    if engine == "compiled" and not has_compiled_kernel(name, params):
        pytest.skip("no compiled kernel for this entry (or the extension is not built)")


@pytest.fixture
def rng():
    return np.random.default_rng(20261127)
