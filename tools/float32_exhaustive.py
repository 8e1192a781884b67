"""Check the float32 kernels on every float32 input (all 2^32 bit patterns).

For each one-parameter entry of ACTLAB_ENTRIES in ``src/actlab/_kernels_math.h`` (default: all of
them), its float32 f and f′ (the float64-lite kernels, rounded to float32) are compared with the
entry's float64 kernels (held to 4 ulp of float64 by the accuracy tests, so exact enough to judge
a float32 result) and the worst error is printed in units of the float32 spacing at the float64
value, apart for normal and subnormal results; a float64 value that rounds to ±inf must give that
infinity, NaN must give NaN. The entries' parameters are their defaults. Needs gcc with OpenMP;
one to three minutes an entry on two cores.

    python tools/float32_exhaustive.py [NAME ...]
"""

import pathlib
import subprocess
import sys
import tempfile

import actlab
from actlab import _compiled, _cuda

PROGRAM = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "%(header)s"

#define BLOCK 4096
/* worst error of a block of results against their float64 values, into normal/subnormal/bad */
static void compare(const float *x, const float *y, const double *r, int n, double *normal, double *subnormal,
                    long long *bad, float *where) {
    for (int i = 0; i < n; i++) {
        if (r[i] != r[i]) { *bad += y[i] == y[i]; continue; }
        float rf = (float)r[i];
        if (isinf(rf)) { *bad += y[i] != rf; continue; }
        if ((double)y[i] == r[i]) continue;
        float a = fabsf(rf);
        double spacing = a == 0x1.fffffep127f ? 0x1p104 : (double)nextafterf(a, INFINITY) - (double)a;
        double err = fabs((double)y[i] - r[i]) / spacing;
        if (fabs(r[i]) < 0x1p-126) *subnormal = err > *subnormal ? err : *subnormal;
        else if (err > *normal) { *normal = err; *where = x[i]; }
    }
}

/* every float32 x in blocks: the kernels' loops vectorise as in _kernels.c */
#define CHECK(NAME, F32, VJP32, F, G, P, Q)                                                              \
    {                                                                                                  \
        double normal = 0.0, subnormal = 0.0;                                                          \
        long long bad = 0;                                                                             \
        float where = 0.0f;                                                                            \
        _Pragma("omp parallel for schedule(dynamic, 64) reduction(max : subnormal) reduction(+ : bad)") \
        for (long long start = 0; start < (1LL << 32); start += BLOCK) {                               \
            float x[BLOCK], y[BLOCK], at = 0.0f;                                                       \
            double block_normal = 0.0;                                                                 \
            double r[BLOCK];                                                                           \
            for (int i = 0; i < BLOCK; i++) x[i] = as_float((uint32_t)(start + i));                    \
            _Pragma("omp simd") for (int i = 0; i < BLOCK; i++) y[i] = F32(x[i], P);                   \
            _Pragma("omp simd") for (int i = 0; i < BLOCK; i++) r[i] = F((double)x[i], P);             \
            compare(x, y, r, BLOCK, &block_normal, &subnormal, &bad, &at);                             \
            _Pragma("omp simd") for (int i = 0; i < BLOCK; i++) y[i] = VJP32(x[i], 1.0f, P);           \
            _Pragma("omp simd") for (int i = 0; i < BLOCK; i++) r[i] = G((double)x[i], P);             \
            compare(x, y, r, BLOCK, &block_normal, &subnormal, &bad, &at);                             \
            _Pragma("omp critical") if (block_normal > normal) { normal = block_normal; where = at; }  \
        }                                                                                              \
        printf("%%-16s f and f': worst %%.4f ulp (normal results, at x = %%.9g), %%.4f ulp (subnormal), "   \
               "%%lld wrong NaN/inf\n", NAME, normal, (double)where, subnormal, bad);                    \
        fflush(stdout);                                                                                \
    }

%(wrappers)s
int main(void) {
%(calls)s
    return 0;
}
"""


def main(names):
    header = pathlib.Path(_cuda.__file__).with_name("_kernels_math.h")
    chosen = names or [name for name, (kind, *_) in _cuda.entries().items() if kind == "p"]
    calls, wrappers = [], []
    for name in chosen:
        kind, f, g, _, lite_f, lite_g = _cuda.entries()[name]
        if kind != "p":
            sys.exit(f"{name}: only one-parameter entries can be checked")
        f32, vjp32 = f"{name}_lite_f", f"{name}_lite_vjp"
        wrappers.append(f"static inline float {f32}(float x, double p) {{ return (float){lite_f}((double)x, p); }}\n"
                        f"static inline float {vjp32}(float x, float w, double p) "
                        f"{{ return (float)((double)w * {lite_g}((double)x, p)); }}")
        entry = actlab.get(name)
        _, p, q = _compiled.kernel_for(entry, entry._resolve({}), _cuda.entries())
        calls.append(f'    CHECK("{name}", {f32}, {vjp32}, {f}, {g}, {p!r}, {q!r})')
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "exhaustive.c"
        source.write_text(PROGRAM % dict(header=header, calls="\n".join(calls), wrappers="\n".join(wrappers)))
        binary = pathlib.Path(folder) / "exhaustive"
        subprocess.run(["gcc", "-O3", "-march=native", "-fopenmp", "-ffp-contract=off", "-fno-math-errno",
                        "-fno-trapping-math", str(source), "-o", str(binary), "-lm"], check=True)
        subprocess.run([str(binary)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
