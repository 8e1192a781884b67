"""Least-squares polynomial fits for the float32 kernels' tables, in mpmath (40 digits) throughout.

Every step is mpmath arithmetic, so a fit gives the same doubles on every machine: the earlier fits
took their Chebyshev nodes from NumPy's cos and solved with LAPACK, whose last bits depend on the
processor's vector instructions and on the BLAS build, and the tables (rounded from coefficients in
powers, an ill-conditioned change of basis) moved with them (by up to 3e-4 relative in a
coefficient, with no change in the fit's error).

A fit minimises sum_i (p(x_i)/f(x_i) − 1)² (the relative error) at Chebyshev nodes x_i of [lo, hi],
p written as a Chebyshev series in s = 2(x − lo)/(hi − lo) − 1 (a well-conditioned basis), then in
powers of x for Horner's rule, each coefficient rounded to a double once. With ``exact_one``, p =
1 + x q(x) and q is fitted (p's constant term exactly 1, so that p(x) x = x for tiny x).
"""

import math

import mpmath
import numpy as np

mpmath.mp.dps = 40


def chebyshev_nodes(lo, hi, count):
    """The count Chebyshev nodes of [lo, hi] (mpf), from the largest down."""
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    return [lo + (mpmath.cos(mpmath.pi * (k + mpmath.mpf(1) / 2) / count) + 1) / 2 * (hi - lo) for k in range(count)]


def chebyshev_values(s, count):
    """T_0(s) .. T_{count-1}(s)."""
    values = [mpmath.mpf(1), s]
    while len(values) < count:
        values.append(2 * s * values[-1] - values[-2])
    return values[:count]


def in_powers(cheb, lo, hi):
    """The Chebyshev series sum c_j T_j(s), s = 2(x − lo)/(hi − lo) − 1, in powers of x (mpf, exact to 40 digits)."""
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    scale, shift = 2 / (hi - lo), -2 * lo / (hi - lo) - 1  # s = scale x + shift
    basis = [[mpmath.mpf(1)], [shift, scale]]  # T_j(s) in powers of x: T_{j+1} = 2 s T_j − T_{j−1}
    while len(basis) < len(cheb):
        times_s = [shift * c for c in basis[-1]] + [mpmath.mpf(0)]
        for k, c in enumerate(basis[-1]):
            times_s[k + 1] += scale * c
        basis.append([2 * a - (basis[-2][k] if k < len(basis[-2]) else 0) for k, a in enumerate(times_s)])
    powers = [mpmath.mpf(0)] * len(cheb)
    for c, row in zip(cheb, basis):
        for k, r in enumerate(row):
            powers[k] += c * r
    return powers


def fit(target, lo, hi, degree, nodes, exact_one=False):
    """Doubles c_0 .. c_degree of p(x) = sum c_j x^j fitted to target on [lo, hi] for the least relative
    error (with exact_one: c_0 = 1 and x q(x) = p(x) − 1 fitted)."""
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    xs = chebyshev_nodes(lo, hi, nodes)
    values = [target(x) for x in xs]
    unknowns = degree if exact_one else degree + 1
    rows, rhs = [], []
    for x, v in zip(xs, values):
        weight = x / v if exact_one else 1 / v
        rows.append([weight * c for c in chebyshev_values(2 * (x - lo) / (hi - lo) - 1, unknowns)])
        rhs.append(1 - 1 / v if exact_one else mpmath.mpf(1))
    cheb, _ = mpmath.qr_solve(mpmath.matrix(rows), mpmath.matrix(rhs))
    powers = in_powers([cheb[j] for j in range(unknowns)], lo, hi)
    return [1.0] + [float(c) for c in powers] if exact_one else [float(c) for c in powers]


def worst_relative_error(powers, target, lo, hi, points=4001):
    """The largest |p/target − 1| of the polynomial with the double coefficients powers on a grid of [lo, hi]."""
    coefficients = [mpmath.mpf(c) for c in powers[::-1]]
    return float(max(abs(mpmath.polyval(coefficients, mpmath.mpf(v)) / target(v) - 1)
                     for v in np.linspace(lo, hi, points)))


def print_table(table, function, powers, worst):
    """The C table of a fitted polynomial (function: its name and variable, "S(t)") and its worst error."""
    variable = function[function.index("(") + 1:-1]
    print(f"/* {function} = sum c_j {variable}^j, j = 0..{len(powers) - 1}: worst relative error {worst:.2e} "
          f"(2^{math.log2(worst):.1f}) */")
    print(f"CONSTANT double {table}[{len(powers)}] = {{" + ", ".join(float(c).hex() for c in powers) + "};")
