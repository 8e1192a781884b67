"""Worst float64 error (ulp) of f, f′, f″ and ∂f/∂θ of chosen catalogue entries against the
SymPy/mpmath references of actlab.reference, on a dense set of points.

    python benchmarks/accuracy_catalogue.py [NAME ...] [--points N]

Points: N uniform in [−12, 12], N/2 in [−60, 60], N/4 in [−800, 800], and ±10^k tails
(k = −300 … 300) plus the kinks' neighbourhoods. Near an interior zero of a derivative
the error is reported relative to the function's scale (absolute / eps), as the tests accept.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import actlab  # noqa: E402
from conftest import PARAM_SETS, with_defaults  # noqa: E402
from actlab.reference import pieces, reference, ulp_errors  # noqa: E402
from test_accuracy import ZERO_GUESSES, derivatives, evaluate  # noqa: E402
from actlab.reference import interior_zeros  # noqa: E402


def points(n, rng, kinks):
    tails = 10.0 ** np.arange(-300, 301, 7.0)
    near = [b + d for b, _ in kinks for d in (-1e-9, -1e-14, 0.0, 1e-14, 1e-9)]
    x = np.concatenate([rng.uniform(-12, 12, n), rng.uniform(-60, 60, n // 2), rng.uniform(-800, 800, n // 4),
                        tails, -tails, [-745.0, -720.0, -710.0, -708.5, 354.3, 372.0, 708.5, 710.0], near])
    return np.unique(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--points", type=int, default=600)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    names = args.names or [n for n in actlab.names() if actlab.get(n).elementwise]
    for name in names:
        for params in PARAM_SETS.get(name, [{}]):
            full = with_defaults(name, params)
            split, _ = pieces(name, full)
            x = points(args.points, rng, split.kinks)
            row = []
            for what in derivatives(name, full):
                got = np.asarray(evaluate(name, full, what, x), dtype=np.float64)
                ref = reference(name, full, what, x)
                err = ulp_errors(got, ref)
                tiny = np.array([abs(r) < np.finfo(float).tiny for r in ref])
                err[tiny] = 0.0  # subnormal results: relative precision is not defined
                for z in interior_zeros(name, full, what, ZERO_GUESSES.get((name, what), [])):
                    near = np.abs(x - z) < 1.0
                    absolute = np.array([float(abs(float(g) - r)) for g, r in zip(got, ref)])
                    err[near] = np.minimum(err[near], absolute[near] / np.finfo(float).eps)
                i = int(np.argmax(err))
                row.append(f"{what} {err[i]:.2f} (x={x[i]:.6g})")
            label = name + "".join(f" {k}={v}" for k, v in params.items())
            print(f"{label:28s} " + "; ".join(row), flush=True)


if __name__ == "__main__":
    main()
