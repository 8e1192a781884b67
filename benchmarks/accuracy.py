"""Accuracy table: max error in ulp of actlab, the study notes' NumPy code and PyTorch (if installed)
against the mpmath/SymPy references (actlab.reference), over the whole float64 range.

    python benchmarks/accuracy.py
"""

import warnings

import numpy as np

import actlab
from actlab import _notes
from actlab.reference import reference, ulp_errors

NOTES = {name: _notes.FUNCTIONS[name] for name in ("sigmoid", "tanh", "elu", "softplus", "softsign", "silu", "gelu")}


def torch_functions():
    try:
        import torch
    except ImportError:
        return {}
    F = torch.nn.functional

    def with_grad(fn):
        def value(x):
            return fn(torch.tensor(x)).numpy()

        def slope(x):
            t = torch.tensor(x, requires_grad=True)
            (g,) = torch.autograd.grad(fn(t).sum(), t)
            return g.numpy()
        return value, slope
    return {"sigmoid": with_grad(torch.sigmoid), "tanh": with_grad(torch.tanh), "elu": with_grad(F.elu),
            "softplus": with_grad(F.softplus), "softsign": with_grad(F.softsign), "silu": with_grad(F.silu),
            "gelu": with_grad(F.gelu)}


def points():
    rng = np.random.default_rng(0)
    tails = np.array([1e-300, 1e-8, 20.0, 37.0, 38.0, 40.0, 100.0, 354.0, 400.0, 700.0, 708.5, 710.0, 720.0, 740.0])
    return np.unique(np.concatenate([rng.uniform(-40, 40, 150), rng.uniform(-750, 750, 50), tails, -tails]))


def worst(fn, name, what, x, ref):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        got = np.asarray(fn(x), dtype=np.float64)
    err = ulp_errors(got, ref)
    i = int(np.nanargmax(np.where(np.isnan(err), np.inf, err)))
    return err[i], x[i]


def main():
    x = points()
    torch_fns = torch_functions()
    rows = []
    for name in NOTES:
        x_here = x[np.abs(x) <= 1e40] if name == "gelu" else x
        for order, what in enumerate(("f", "grad")):
            ref = reference(name, {"alpha": 1.0} if name == "elu" else {"beta": 1.0} if name == "softplus" else {},
                            what, x_here)
            entry = actlab.get(name)
            ours = worst(entry if what == "f" else entry.grad, name, what, x_here, ref)
            notes = worst(NOTES[name][order], name, what, x_here, ref)
            torch_ = worst(torch_fns[name][order], name, what, x_here, ref) if name in torch_fns else None
            rows.append((f"{name}{'′' if order else ''}", ours, notes, torch_))
    print(f"max error in ulp over {x.size} points in [−750, 750] (float64); (at x)")
    print(f"{'function':12s} {'actlab':>18s} {'study notes':>26s} {'PyTorch 2.13 CPU':>26s}")
    for name, ours, notes, torch_ in rows:
        def cell(r):
            return "—" if r is None else f"{r[0]:.3g} (x={r[1]:.4g})"
        print(f"{name:12s} {cell(ours):>18s} {cell(notes):>26s} {cell(torch_):>26s}")


if __name__ == "__main__":
    main()
