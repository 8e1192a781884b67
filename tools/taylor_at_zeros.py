"""Taylor polynomials at the interior zeros of f′ for the float32 kernels (``_kernels_math.h``).

Near a zero of f′ the float32 kernels' shorter arithmetic would cancel (1 + z·σ(−z) for silu′,
Φ(x) + x·φ(x) for gelu′); there, within |t| < TAYLOR_WINDOW of the zero (t = x − zero, computed
from the zero as a two-part constant), they evaluate these polynomials instead. Run
``python tools/taylor_at_zeros.py`` to print the C constants; mpmath works at 40 digits.
"""

import mpmath as mp

mp.mp.dps = 40
DEGREE = 11
FUNCTIONS = {
    # silu′(z) = σ(z)·h(z), h = 1 + z·σ(−z): the factor that vanishes (swish′ in z = βx)
    "SILU_H": (lambda z: 1 + z / (1 + mp.exp(z)), -1.278),
    "GELU_G": (lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.752),  # gelu′
}


def hex_double(v):
    return float(v).hex()


if __name__ == "__main__":
    for name, (fn, guess) in FUNCTIONS.items():
        zero = mp.findroot(fn, guess)
        hi = mp.mpf(float(zero))
        print(f"CONSTANT double {name}_ZERO_HI = {hex_double(hi)}, {name}_ZERO_LO = {hex_double(zero - hi)};")
        coefficients = mp.taylor(fn, zero, DEGREE)
        print(f"CONSTANT double {name}_TAYLOR[{DEGREE + 1}] = {{" + ", ".join(hex_double(c) for c in coefficients) + "};")
