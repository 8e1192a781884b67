"""The zero of silu′'s vanishing factor for the float32 kernel of silu′ and swish′ (``_kernels_math.h``).

silu′(z) = σ(z)(1 + z σ(−z)) = u (1 + z + u)/(1 + u)² with u = e^z; 1 + z + u vanishes at z0 ≈ −1.278.
The kernel computes 1 + z + u as t + u0 expm1(t), t = z − z0, u0 = e^{z0} (1 + z0 + u0 = 0), which
keeps its relative accuracy near the zero; it takes z0 as a two-part constant and u0 rounded. Run
``python tools/silu_slope_zero.py`` to print the C constants; mpmath works at 40 digits.
"""

import mpmath as mp

mp.mp.dps = 40


def zero():
    return mp.findroot(lambda z: 1 + z + mp.exp(z), -1.278)


if __name__ == "__main__":
    z0 = zero()
    hi = mp.mpf(float(z0))
    print(f"CONSTANT double SILU_SLOPE_ZERO_HI = {float(hi).hex()}, SILU_SLOPE_ZERO_LO = {float(z0 - hi).hex()};")
    print(f"CONSTANT double SILU_SLOPE_ZERO_EXP = {float(mp.exp(z0)).hex()};")
