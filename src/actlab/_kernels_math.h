/* The scalar mathematics of actlab's compiled kernels, shared by two compilers:
 *   - _kernels.c (gcc, -ffp-contract=off): the CPU loops, vectorised and threaded;
 *   - _cuda.py (NVRTC, --fmad=false): fused CUDA kernels, one per entry and dtype.
 * Both compile the same operations in the same order with no contraction, so a CUDA result
 * is the CPU result, bit for bit. Each entry's f, f' and f'' are the formulas of its NumPy
 * kernel in src/actlab/catalogue/ (see there for the derivations); ACTLAB_ENTRIES lists the
 * entries with their float64 and float32 functions. Portable C: no libm calls but fma, fabs,
 * copysign and sqrt (an instruction); no tables but constant ones indexed by constants.
 */
#ifndef ACTLAB_KERNELS_MATH_H
#define ACTLAB_KERNELS_MATH_H

#if defined(__CUDACC_RTC__) || defined(__CUDACC__)
typedef unsigned long long uint64_t;
typedef long long int64_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned short uint16_t;
#define INLINE static __device__ __forceinline__
#define CONSTANT static __device__ const
INLINE double as_double(uint64_t u) { return __longlong_as_double((long long)u); }
INLINE uint64_t as_bits(double d) { return (uint64_t)__double_as_longlong(d); }
INLINE float as_float(uint32_t u) { return __uint_as_float(u); }
INLINE uint32_t as_float_bits(float f) { return __float_as_uint(f); }
#else
#include <math.h>
#include <stdint.h>
#include <string.h>
/* every helper is inlined into the loops: a call inside a loop stops its vectorisation */
#define INLINE static inline __attribute__((always_inline))
#define CONSTANT static const
INLINE double as_double(uint64_t u) { double d; memcpy(&d, &u, sizeof d); return d; }
INLINE uint64_t as_bits(double d) { uint64_t u; memcpy(&u, &d, sizeof u); return u; }
INLINE float as_float(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
INLINE uint32_t as_float_bits(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
#endif

/* ---- constants (checked against actlab._constants by the tests) ---------- */
#define INV_LN2 0x1.71547652b82fep+0                 /* 1/ln 2 */
CONSTANT double LN2_HI = 0x1.62e42feep-1;        /* ln 2 with 32 significant bits */
CONSTANT double LN2_LO = 0x1.a39ef35793c76p-33;  /* ln 2 - LN2_HI */
CONSTANT double LOG_TINY = 0x1.6232bdd7abcd2p+9; /* -log(smallest normal double) */
CONSTANT double INV_SQRT_2PI = 0x1.9884533d43651p-2;     /* 1/sqrt(2 pi) */
CONSTANT double GELU_TANH_SCALE_HI = 0x1.9884533d43651p+0, GELU_TANH_SCALE_LO = -0x1.cbc0d30ebfd15p-54;
CONSTANT double GELU_TANH_CUBIC_HI = 0x1.6e4e26d4801f7p-5, GELU_TANH_CUBIC_LO = 0x1.441355475a31ap-59;
#define Z_SATURATED 4096.0     /* |z| beyond which every logistic quantity is at its limit */
#define SCALE_BITS 128.0       /* rescaling of exponentials that would be subnormal */
#define GELU_CLIP 48.0
#define GELU_TANH_CLIP 64.0

/* ---- elementary functions ------------------------------------------------- */

INLINE double clampd(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }
/* max and min by comparison: unlike fmax/fmin they vectorise (NaN is handled by nan_through) */
INLINE double maxd(double a, double b) { return a > b ? a : b; }
INLINE double mind(double a, double b) { return a < b ? a : b; }
/* 2^k for an integer k in [-1022, 1023], from the bits (pow2_bits: no conversion to an integer,
 * so that the selects around its callers vectorise) */
INLINE double pow2_bits(int64_t k) { return as_double((uint64_t)(k + 1023) << 52); }
INLINE double pow2i(double k) { return pow2_bits((int64_t)k); }
/* v * 2^k for integral k in [-6000, 1024] and finite |v| < 2^50 (exp_core's values), rounded once:
 * v 2^k1 is exact; below k = -2022, v 2^-1000 2^-1022 underflows to 0 as v 2^k does */
INLINE double scale2(double v, double k) {
    double k1 = clampd(k, -1000.0, 1023.0), k2 = maxd(k - k1, -1022.0);
    return v * pow2i(k1) * pow2i(k2);
}
/* c[0] + t (c[1] + t (... + t c[degree])), each step one fma */
INLINE double horner(const double *c, int degree, double t) {
    double p = c[degree];
    for (int j = degree - 1; j >= 0; j--) p = fma(p, t, c[j]);
    return p;
}
/* e^y = 2^k (hi + lo) for |y| <= 6000: Cody-Waite reduction y = k ln2 + r (r carried in two
 * parts), e^r - 1 - r from its Taylor polynomial to degree 13 (truncation below 2^-60 relative),
 * 1 + r as an exact pair: hi + lo is then rounded once (about 0.5 ulp). */
INLINE double exp_core(double y, double *k, double *hi_out, double *lo_out) {
    const double shift = 0x1.8p52;
    double kd = (y * INV_LN2 + shift) - shift;
    double r1 = fma(-kd, LN2_HI, y);  /* exact */
    double r = fma(-kd, LN2_LO, r1);
    double r_lo = fma(-kd, LN2_LO, r1 - r);
    double q = 1.0 / 6227020800.0;
    q = fma(q, r, 1.0 / 479001600.0); q = fma(q, r, 1.0 / 39916800.0); q = fma(q, r, 1.0 / 3628800.0);
    q = fma(q, r, 1.0 / 362880.0); q = fma(q, r, 1.0 / 40320.0); q = fma(q, r, 1.0 / 5040.0);
    q = fma(q, r, 1.0 / 720.0); q = fma(q, r, 1.0 / 120.0); q = fma(q, r, 1.0 / 24.0);
    q = fma(q, r, 1.0 / 6.0); q = fma(q, r, 0.5);
    double hi = 1.0 + r;                       /* 1 + r = hi + (r - (hi - 1)), exact: |r| < 1 */
    double lo = (r - (hi - 1.0)) + fma(r * r, q, r_lo);
    *k = kd;
    *hi_out = hi;
    *lo_out = lo;
    return hi + lo;
}
INLINE double exp_clamped(double y) {  /* e^y for y in [-6000, 709] */
    double k, hi, lo, p = exp_core(y, &k, &hi, &lo);
    return scale2(p, k);
}
/* e^y - 1 rounds to -1 for y < -54 ln 2 = -37.4: below -40, y is clipped (2^k then needs no scale2) */
#define EXPM1_SATURATED (-40.0)
/* e^y - 1 = (2^k*hi - 1) + 2^k*lo from exp_core's parts of y >= EXPM1_SATURATED: for k = 0 the
 * difference is exact, so the only rounding is the final sum; for k < 0, |e^y - 1| > 0.29 and two
 * roundings cost ~1 ulp */
INLINE double expm1_from(double k, double hi, double lo) { double s = pow2i(k); return (hi * s - 1.0) + lo * s; }
INLINE double expm1_neg(double y) {   /* e^y - 1 for y <= 0 */
    double k, hi, lo;
    exp_core(maxd(y, EXPM1_SATURATED), &k, &hi, &lo);
    return expm1_from(k, hi, lo);
}
/* log(1 + t) for t in [0, 1]: log(u) of u = fl(1 + t), plus the rounding c/u */
INLINE double log1p_unit(double t) {
    double u = 1.0 + t;
    double c = t - (u - 1.0);
    double kd = u > 0x1.6a09e667f3bcdp+0 ? 1.0 : 0.0;  /* reduce to u/2 beyond sqrt 2 */
    double f = kd == 1.0 ? 0.5 * u - 1.0 : u - 1.0;
    double s = f / (2.0 + f), z = s * s;
    double R = 2.0 / 21.0;
    R = fma(R, z, 2.0 / 19.0); R = fma(R, z, 2.0 / 17.0); R = fma(R, z, 2.0 / 15.0); R = fma(R, z, 2.0 / 13.0);
    R = fma(R, z, 2.0 / 11.0); R = fma(R, z, 2.0 / 9.0); R = fma(R, z, 2.0 / 7.0); R = fma(R, z, 2.0 / 5.0);
    R = fma(R, z, 2.0 / 3.0); R *= z;
    double hfsq = 0.5 * f * f;
    double log1pf = f - (hfsq - s * (hfsq + R));
    return kd * LN2_HI + (log1pf + (kd * LN2_LO + c / u));
}
INLINE double nan_through(double x, double r) { return x != x ? x : r; }
/* a*b with 0*inf = 0 (a factor that underflowed to 0 beats an infinite one); one select, which vectorises */
INLINE double mul_limit(double a, double b) { return b == 0.0 ? 0.0 : a * b; }
/* c + a*b with the product unrounded */
INLINE double plus_product(double c, double a, double b) {
    double p = a * b;
    return (c + p) + fma(a, b, -p);
}

/* ---- shorter versions for the float32 kernels (see there) ---------------------- */
/* 1/d for a positive normal d without a division (which does not pipeline): a seed from the
 * bits (relative error < 0.051), then Newton, a cubic step and Newton (error e -> e^2 -> e^6 -> e^12) */
#define RECIP_MAGIC 0x7FDE623822FC16E6ULL
INLINE double recip(double d) {
    double r = as_double(RECIP_MAGIC - as_bits(d));
    double e = fma(-d, r, 1.0);
    r = fma(r, e, r);
    e = fma(-d, r, 1.0);
    r = fma(r, fma(e, e, e), r);
    e = fma(-d, r, 1.0);
    return fma(r, e, r);
}
/* the same to 2^-38, enough for the float32 kernels: two cubic steps (e -> e^3 -> e^9) */
INLINE double recip_lite(double d) {
    double r = as_double(RECIP_MAGIC - as_bits(d));
    double e = fma(-d, r, 1.0);
    r = fma(r, fma(e, e, e), r);
    e = fma(-d, r, 1.0);
    return fma(r, fma(e, e, e), r);
}
/* e^y = 2^k (1 + r + r^2 q) for |y| <= 700: Taylor to degree 10 (truncation below 2^-42; far less
 * for small r, which the float32 mish' needs near its zero, where it cancels) */
INLINE double exp_lite_parts(double y, double *kd_out, double *r_out, double *q_out) {
    const double shift = 0x1.8p52;
    double kd = (y * INV_LN2 + shift) - shift;
    double r = fma(-kd, LN2_LO, fma(-kd, LN2_HI, y));
    double q = 1.0 / 3628800.0;
    q = fma(q, r, 1.0 / 362880.0); q = fma(q, r, 1.0 / 40320.0); q = fma(q, r, 1.0 / 5040.0);
    q = fma(q, r, 1.0 / 720.0); q = fma(q, r, 1.0 / 120.0); q = fma(q, r, 1.0 / 24.0);
    q = fma(q, r, 1.0 / 6.0); q = fma(q, r, 0.5);
    *kd_out = kd; *r_out = r; *q_out = q;
    return fma(r * r, q, r);  /* e^r - 1 */
}
INLINE double exp_lite(double y) {
    double kd, r, q, m = exp_lite_parts(y, &kd, &r, &q);
    return pow2i(kd) * (1.0 + m);
}
/* e^y - 1 for y in [-700, 0]: for k = 0 the reduction is exact (r = y) and r + r^2 q has no cancellation */
INLINE double expm1_lite(double y) {
    double kd, r, q, m = exp_lite_parts(y, &kd, &r, &q);
    return kd == 0.0 ? m : fma(pow2i(kd), 1.0 + m, -1.0);
}
/* log(1 + t) = t P(t) for t in [0, 1], P = 1 + t (...) fitted by tools/fit_log1p_float32.py (relative
 * error below 2^-40; no reciprocal, and t itself for tiny t) */
CONSTANT double LOG1P_POLY[15] = {
    0x1.0000000000000p+0, -0x1.fffffffcf4b48p-2, 0x1.5555544262a87p-2, -0x1.ffffbb06fcd2bp-3,
    0x1.99952bfb3c243p-3, -0x1.55299a3612f86p-3, 0x1.23764ab66a9e3p-3, -0x1.f5f796b7ffc68p-4,
    0x1.a6405e01d99aap-4, -0x1.494b9fcf6db8ep-4, 0x1.bc14196fd61fep-5, -0x1.dde920748e02bp-6,
    0x1.7597bb944ab73p-7, -0x1.7218991223ce7p-9, 0x1.58ccbf108ce26p-12};
INLINE double log1p_lite(double t) {
    return t * horner(LOG1P_POLY, 14, t);
}
/* ---- logistic quantities of z = hi + lo (see _math.Logistic) --------------- */
/* tanh(|z|/2) = (1 - e^{-|z|})/(1 + e^{-|z|}) from e^{-|z|} = 2^k (hi + lo): numerator and
 * denominator as exact pairs, then one correction step of the division, the step divided by a
 * reciprocal without division (for tiny z the step is the whole result) */
INLINE double tanh_from_exp(double sh, double sl) {  /* e^{-|z|} = sh + sl (exp_core's parts, scaled) */
    double e_hi = sh + sl, e_lo = (sh - e_hi) + sl;  /* |sl| < |sh| */
    double num = 1.0 - e_hi, num_lo = ((1.0 - num) - e_hi) - e_lo;  /* e_hi <= 1 */
    double den = 1.0 + e_hi, den_lo = ((1.0 - den) + e_hi) + e_lo;
    double th = num / den, r = recip(den);
    r = fma(r, fma(-den, r, 1.0), r);  /* within an ulp of 1/den: 1/2 exactly for den = 2 */
    return th + (fma(-th, den, num) + (num_lo - th * den_lo)) * r;
}
/* tanh(z/2) alone (logistic(z, 0).th without the other quantities): tanh(z/2) rounds to +-1 for
 * |z| > 38.2, so z is clipped at 64 and e^{-|z|} scaled by one power of two */
#define HALF_TANH_SATURATED 64.0
INLINE double half_tanh(double z) {
    double zc = clampd(z, -HALF_TANH_SATURATED, HALF_TANH_SATURATED), k, e_hi0, e_lo0;
    exp_core(-fabs(zc), &k, &e_hi0, &e_lo0);
    double scale = pow2i(k);
    return copysign(tanh_from_exp(e_hi0 * scale, e_lo0 * scale), zc);
}
typedef struct { double s, sn, d, th, small, t, unscale; } logistic_t;  /* unscale: 2^-128 or 1 */

INLINE logistic_t logistic(double hi, double lo) {
    logistic_t L;
    hi = clampd(hi, -Z_SATURATED, Z_SATURATED);
    double a = fabs(hi), k, e_hi0, e_lo0, p = exp_core(-a, &k, &e_hi0, &e_lo0);
    double t = scale2(p, a > LOG_TINY ? k + SCALE_BITS : k);
    L.unscale = a > LOG_TINY ? 0x1p-128 : 1.0;

    double c = hi > 0.0 ? lo : (hi < 0.0 ? -lo : 0.0);
    t = t - t * c;
    double one_plus_t = a > LOG_TINY ? 1.0 : 1.0 + t;  /* e^{-a} < 2^-1022 adds nothing to 1 */
    double big = 1.0 / one_plus_t, small = t / one_plus_t;
    L.s = hi >= 0.0 ? big : small;
    L.sn = hi >= 0.0 ? small : big;
    L.d = small - small * small;
    double th_scale = pow2i(maxd(k, -HALF_TANH_SATURATED));  /* below 2^-64, e^{-a} leaves th = +-1 */
    L.th = copysign(tanh_from_exp(e_hi0 * th_scale, e_lo0 * th_scale), hi) + 2.0 * lo * L.d;
    L.small = small;
    L.t = t;
    return L;
}
INLINE double unscale(const logistic_t *L, double r, int where) { return where ? r * L->unscale : r; }

/* ---- the entries ------------------------------------------------------------ */
INLINE double sigmoid_f(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, L.s, x < 0)); }
INLINE double sigmoid_g(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, L.d, 1)); }
INLINE double sigmoid_g2(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, -L.th * L.d, 1)); }

INLINE double scaled_sigmoid_f(double x, double a) { return nan_through(x, 2.0 * half_tanh(x)); }
INLINE double scaled_sigmoid_g(double x, double a) { return 4.0 * sigmoid_g(x, a); }
INLINE double scaled_sigmoid_g2(double x, double a) { return 4.0 * sigmoid_g2(x, a); }

INLINE logistic_t tanh_logistic(double x) { return logistic(2.0 * x, 0); }  /* logistic saturates 2x */
INLINE double tanh_f(double x, double a) { return nan_through(x, half_tanh(2.0 * x)); }
INLINE double tanh_g(double x, double a) { logistic_t L = tanh_logistic(x); return nan_through(x, unscale(&L, 4.0 * L.d, 1)); }
INLINE double tanh_g2(double x, double a) { logistic_t L = tanh_logistic(x); return nan_through(x, unscale(&L, -8.0 * L.th * L.d, 1)); }

/* softsign: 1 + |x| as an exact pair (q, q_lo) */
INLINE double softsign_r(double x, double cap, double *aa, double *q, double *q_lo) {
    double a = mind(fabs(x), cap);
    double s = 1.0 + a, bb = s - 1.0;
    *q_lo = (1.0 - (s - bb)) + (a - bb);
    *q = s; *aa = a;
    double r = 1.0 / s;
    return r - r * (*q_lo * r);
}
INLINE double softsign_f(double x, double a_) {
    double a, q, q_lo; softsign_r(x, 0x1p60, &a, &q, &q_lo);
    double y = a / q;
    return nan_through(x, copysign(y - y * (q_lo / q), x));
}
INLINE double softsign_g(double x, double a_) { double a, q, ql, r = softsign_r(x, 0x1.fffffffffffffp+1023, &a, &q, &ql); return nan_through(x, r * r); }
INLINE double softsign_g2(double x, double a_) {
    double a, q, ql, r = softsign_r(x, 0x1.fffffffffffffp+1023, &a, &q, &ql);
    return nan_through(x, (x > 0 ? -2.0 : 2.0) * (r * r * r));
}

INLINE double relu_f(double x, double a) { return nan_through(x, x > 0 ? x : 0.0); }
INLINE double relu_g(double x, double a) { return nan_through(x, x > 0 ? 1.0 : 0.0); }
INLINE double zero_g2(double x, double a) { return nan_through(x, 0.0); }

INLINE double leaky_f(double x, double alpha) { return nan_through(x, x > 0 ? x : mul_limit(x, alpha)); }
INLINE double leaky_g(double x, double alpha) { return nan_through(x, x > 0 ? 1.0 : alpha); }

INLINE double elu_exp(double x) { return exp_clamped(clampd(x, -6000.0, 0.0)); }
INLINE double elu_f(double x, double alpha) {
    double left = alpha * expm1_neg(mind(x, 0.0));
    return nan_through(x, x > 0 ? x : left);
}
INLINE double elu_g(double x, double alpha) { double left = alpha * elu_exp(x); return nan_through(x, x > 0 ? 1.0 : left); }
INLINE double elu_g2(double x, double alpha) { double left = alpha * elu_exp(x); return nan_through(x, x > 0 ? 0.0 : left); }

/* swish: z = beta*x as a pair, saturated at +-2^12 */
INLINE double scaled_product(double beta, double x, double *lo) {
    double z = beta * x;
    double e = beta == 1.0 ? 0.0 : fma(beta, x, -z);
    int saturated = !(fabs(z) <= Z_SATURATED);
    *lo = saturated ? 0.0 : e;
    return saturated ? copysign(Z_SATURATED, z) : z;
}
INLINE double swish_f(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, mul_limit(x, L.s), z < 0));
}
INLINE double swish_g(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, L.s * plus_product(1.0, z, L.sn), z < 0));
}
INLINE double swish_g2(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, beta * L.d * plus_product(2.0, -z, L.th), 1));
}
INLINE double silu_f(double x, double a) { return swish_f(x, 1.0); }
INLINE double silu_g(double x, double a) { return swish_g(x, 1.0); }
INLINE double silu_g2(double x, double a) { return swish_g2(x, 1.0); }

INLINE double softplus_f(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, maxd(x, 0.0) + log1p_unit(L.t) * (1.0 / beta), z < 0));
}
INLINE double softplus_g(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, L.s, z < 0));
}
INLINE double softplus_g2(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, beta * L.d, 1));
}

/* ---- catalogue entries (catalogue/hard.py, smooth_more.py): the outer piece at kinks away from 0 ---- */
INLINE double relu6_f(double x, double a) { return nan_through(x, x <= 0.0 ? 0.0 : (x >= 6.0 ? 6.0 : x)); }
INLINE double relu6_g(double x, double a) { return nan_through(x, (x > 0.0) & (x < 6.0) ? 1.0 : 0.0); }

INLINE double hard_sigmoid_f(double x, double a) {
    double mid = (clampd(x, -3.0, 3.0) + 3.0) / 6.0;
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : mid));
}
INLINE double hard_sigmoid_g(double x, double a) { return nan_through(x, (x > -3.0) & (x < 3.0) ? 1.0 / 6.0 : 0.0); }

INLINE double hard_swish_f(double x, double a) {
    double xm = clampd(x, -3.0, 3.0), mid = xm * (xm + 3.0) / 6.0;
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? x : mid));
}
INLINE double hard_swish_g(double x, double a) {
    double mid = (2.0 * clampd(x, -3.0, 3.0) + 3.0) / 6.0;
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : mid));
}
INLINE double hard_swish_g2(double x, double a) { return nan_through(x, (x > -3.0) & (x < 3.0) ? 1.0 / 3.0 : 0.0); }

INLINE double log_sigmoid_f(double x, double a) {
    logistic_t L = logistic(x, 0);
    return nan_through(x, unscale(&L, mind(x, 0.0) - log1p_unit(L.t), x > 0));
}
INLINE double log_sigmoid_g(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, L.sn, x > 0)); }
INLINE double log_sigmoid_g2(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, -L.d, 1)); }

/* ---- gelu (exact): Phi(-a) = e^{-a^2/2} S(t) for a = |x| <= 48, t = 4/(4 + a) ---------------
 * S (Mills' ratio over sqrt(2 pi)) on piece k = floor(128 t) is a degree-6 polynomial in
 * w = 128 t - (k + 1/2) (tools/fit_normal_tail_float64.py; relative error 2^-58), its constant
 * term a pair. The rounding of t = fl(4/d), d = 4 + a = d + d_lo, is undone to first order from
 * S'(a) = a S - 1/sqrt(2 pi): with r = 4 - t d (exact), the t computed is that of a - da,
 * da = (t d_lo - r) d/4, so S(a) = S + (a S - 1/sqrt(2 pi)) da. */
#define NORMAL_TAIL_K 4.0
#define NORMAL_PIECES 128.0
/* pieces 1..128: c0 (hi, lo), c1 .. c6; worst relative error on t >= t(48) 3.51e-18 (2^-58.0) */
CONSTANT double NORMAL_TAIL_TABLE[128][8] = {
    {0x1.36049bce34e88p-10, 0x1.8ba854e9154bcp-65, 0x1.a2405f6d0281bp-11, 0x1.a642490f560aap-18, 0x1.8ee803f169e59p-25, 0x1.5b87f85e44cc9p-32, 0x1.10d8b4cabbf1cp-39, 0x1.7235a97a0813ap-47},
    {0x1.0467188a3fd15p-9, 0x1.155b7823bbe4fp-67, 0x1.a8ec47383d3e2p-11, 0x1.afbca3d858652p-18, 0x1.99ef59fe9eb6bp-25, 0x1.665c372fbeaa0p-32, 0x1.19a67cf11c2f1p-39, 0x1.7d14c7f715ecdp-47},
    {0x1.6f7ba56aba4c3p-9, -0x1.42c0f6a6264fap-64, 0x1.afbe9e23f0e0fp-11, 0x1.b97a3150f851bp-18, 0x1.a54eb5929d080p-25, 0x1.7189c7b400d31p-32, 0x1.22b60d25b97d1p-39, 0x1.8822a6a95a65ep-47},
    {0x1.dc49b242b91f4p-9, 0x1.6109a3204a0cbp-63, 0x1.b6b875265d084p-11, 0x1.c37d0a0eab8eap-18, 0x1.b108eb90b108ap-25, 0x1.7d1341205b38ep-32, 0x1.2c0876db6c748p-39, 0x1.935cde85238d8p-47},
    {0x1.256da10c901ebp-8, -0x1.f36008a8fb277p-63, 0x1.bddae5ba650bbp-11, 0x1.cdc757e2bcf03p-18, 0x1.bd20e5bfc59f6p-25, 0x1.88fb450d8f551p-32, 0x1.359ebc2676479p-39, 0x1.9ec0b65b582eap-47},
    {0x1.5d9d4fb5b2115p-8, -0x1.64ec62b455942p-63, 0x1.c52712257b442p-11, 0x1.d85b56589677ap-18, 0x1.c999a31aff388p-25, 0x1.95447ed45597cp-32, 0x1.3f79cdc2b9483p-39, 0x1.aa4b1e8a6e93ap-47},
    {0x1.96b92f348ff60p-8, 0x1.a9f8f350d3a3dp-65, 0x1.cc9e25bf892d5p-11, 0x1.e33b5335df167p-18, 0x1.d676381cea605p-25, 0x1.a1f1a2d5a04eap-32, 0x1.499a8900450cap-39, 0x1.b5f8acc01f31fp-47},
    {0x1.d0c6afa0f2e7dp-8, -0x1.f6f22b92810ddp-65, 0x1.d441553cdb6d2p-11, 0x1.ee69aefc49a88p-18, 0x1.e3b9cf049818bp-25, 0x1.af056dad9d95dp-32, 0x1.5401b596b6732p-39, 0x1.c1c597d53c38bp-47},
    {0x1.05e5b42172f07p-7, 0x1.10d1a494c8414p-62, 0x1.dc11defa183a8p-11, 0x1.f9e8dd6ceeafcp-18, 0x1.f167a813f9fc4p-25, 0x1.bc82a3508006fp-32, 0x1.5eb00360268ebp-39, 0x1.cdadb3cddbd9bp-47},
    {0x1.23e68c664de75p-7, 0x1.45a5aaacc28a2p-61, 0x1.e4110b4a45f95p-11, 0x1.02ddb306831a3p-17, 0x1.ff8319c6c89f8p-25, 0x1.ca6c0e101e62bp-32, 0x1.69a607fca2d4dp-39, 0x1.d9ac6e08c06cep-47},
    {0x1.4268d54f1be13p-7, -0x1.80c71013c53d5p-63, 0x1.ec402cc6e731bp-11, 0x1.08f1f255e969dp-17, 0x1.0707c8809ba61p-24, 0x1.d8c47d8985844p-32, 0x1.74e43c5f6c844p-39, 0x1.e5bcc9a99bbbep-47},
    {0x1.616f9909dd18cp-7, 0x1.717601efb8557p-66, 0x1.f4a0a0a230401p-11, 0x1.0f3284f4c5429p-17, 0x1.0e88489ad8a24p-24, 0x1.e78ec579a5bfep-32, 0x1.806afa4784de5p-39, 0x1.f1d95c4a6df70p-47},
    {0x1.80fdf7eeab5c2p-7, -0x1.56d2f2d82f2c0p-65, 0x1.fd33cefb5a476p-11, 0x1.15a0cddf827a0p-17, 0x1.1644da406b21ep-24, 0x1.f6cdbc7855778p-32, 0x1.8c3a79a5570adp-39, 0x1.fdfc4b00d1197p-47},
    {0x1.a11729313b193p-7, -0x1.75428ea4830fbp-62, 0x1.02fd959a8b018p-10, 0x1.1c3e3b02f93cep-17, 0x1.1e3f55dd73071p-24, 0x1.03421d4c7b2ffp-31, 0x1.9852cdef9eda4p-39, 0x1.050fa3e23d537p-46},
    {0x1.c1be7b97d4a1bp-7, 0x1.52833b5039f72p-65, 0x1.077c1a27100c6p-10, 0x1.230c4580acebcp-17, 0x1.26799f3ee2d35p-24, 0x1.0b5a8bf810dd2p-31, 0x1.a4b3e369fc7cfp-39, 0x1.0b1dc7a24dbd5p-46},
    {0x1.e2f75637e7c51p-7, 0x1.9dcdf48f61a9ap-65, 0x1.0c163a9dfbbd2p-10, 0x1.2a0c71f30addbp-17, 0x1.2ef5a58f6223ep-24, 0x1.13b1957eece29p-31, 0x1.b15d7c5ff8005p-39, 0x1.1124f39d01d17p-46},
    {0x1.02629c9c2deecp-6, -0x1.ef82094536e50p-60, 0x1.10ccc2a3da9eap-10, 0x1.314050b182fd5p-17, 0x1.37b5634da1520p-24, 0x1.1c48a37dedf0ep-31, 0x1.be4f2e578b285p-39, 0x1.17214ea2056c0p-46},
    {0x1.1395df4cdf2d6p-6, 0x1.f6b71e2f6e882p-60, 0x1.15a08436820d5p-10, 0x1.38a97e145196bp-17, 0x1.40bade3bae261p-24, 0x1.25211d07e7bb8p-31, 0x1.cb885f3e9c2bdp-39, 0x1.1d0ec32f188e8p-46},
    {0x1.25174d8238d7ap-6, 0x1.10117ad9e2572p-61, 0x1.1a9257dd9a382p-10, 0x1.4049a2b7cf0b1p-17, 0x1.4a082746d8c37p-24, 0x1.2e3c65b098af6p-31, 0x1.d908429726fc9p-39, 0x1.22e8ff7e19705p-46},
    {0x1.36e8cf4e7f212p-6, 0x1.39b6246bf31a7p-62, 0x1.1fa31cdc34204p-10, 0x1.482273bf1777dp-17, 0x1.539f5a67b7c03p-24, 0x1.379bdc8981585p-31, 0x1.e6cdd6a6240cbp-39, 0x1.28ab75ecf2a54p-46},
    {0x1.490c5aef535e6p-6, -0x1.eb58e1426ac7fp-62, 0x1.24d3b96368968p-10, 0x1.5035b315d9b9fp-17, 0x1.5d829e79dac86p-24, 0x1.4140db10b5edep-31, 0x1.f4d7e1a989cd4p-39, 0x1.2e515dc5cbca9p-46},
    {0x1.5b83f53e3049cp-6, -0x1.f0229c33b142dp-61, 0x1.2a251ac5fc6eep-10, 0x1.58852fb11a956p-17, 0x1.67b4250abc4bdp-24, 0x1.4b2cb411d90d6p-31, 0x1.0192778d08252p-38, 0x1.33d5b46d75a49p-46},
    {0x1.6e51b22428978p-6, -0x1.04e27379dbb51p-60, 0x1.2f9835ad054f7p-10, 0x1.6112c5ceb6319p-17, 0x1.72362a1f848a2p-24, 0x1.5560b279869c4p-31, 0x1.08d9a67ed185ep-38, 0x1.39333efd8ac25p-46},
    {0x1.8177b510f7b7ap-6, 0x1.ca0fb34e1caacp-60, 0x1.352e064d89a4bp-10, 0x1.69e05f33678efp-17, 0x1.7d0af3f132ef3p-24, 0x1.5fde181b8f076p-31, 0x1.104084a7d5c64p-38, 0x1.3e648c4f234ecp-46},
    {0x1.94f831757446ap-6, -0x1.93cc0e8c13429p-60, 0x1.3ae7909f155d9p-10, 0x1.72eff3671b24ap-17, 0x1.8834d29ec619fp-24, 0x1.6aa61c6c7d75bp-31, 0x1.17c5f7c24a720p-38, 0x1.4363f77a45d3ap-46},
    {0x1.a8d56b41733f9p-6, -0x1.db3ad0a9c7855p-60, 0x1.40c5e0933c233p-10, 0x1.7c4387ef4f6f6p-17, 0x1.93b61fd4ff2b9p-24, 0x1.75b9eb2efeda7p-31, 0x1.1f68c3170b3a9p-38, 0x1.482baacd70019p-46},
    {0x1.bd11b7652a87ep-6, -0x1.eea0f99f027eep-60, 0x1.46ca0a4e00c4dp-10, 0x1.85dd308743fa3p-17, 0x1.9f913e6b621a8p-24, 0x1.811aa315dbf78p-31, 0x1.27278662fb317p-38, 0x1.4cb5a33fab238p-46},
    {0x1.d1af7c5620ddap-6, 0x1.8a73ff35c05eap-60, 0x1.4cf52a5f188fep-10, 0x1.8fbf0f55b5412p-17, 0x1.abc899f61ac8dp-24, 0x1.8cc9545b55123p-31, 0x1.2f00bcd2860c4p-38, 0x1.50fbb45ea1674p-46},
    {0x1.e6b13297b8971p-6, 0x1.5ccfd752968bdp-60, 0x1.534865fc00418p-10, 0x1.99eb551fe1d3ap-17, 0x1.b85ea64c75877p-24, 0x1.98c6ff4ecb298p-31, 0x1.36f2bc162b268p-38, 0x1.54f78cb915ac3p-46},
    {0x1.fc19654761f23p-6, 0x1.707cb937ea732p-60, 0x1.59c4eb3ad72adp-10, 0x1.a4644179934a8p-17, 0x1.c555df03a1829p-24, 0x1.a51492d9bf9f4p-31, 0x1.3efbb392fad5dp-38, 0x1.58a2bac4f9beap-46},
    {0x1.08f55956407b2p-5, 0x1.7eaae55af3904p-60, 0x1.606bf14df40b4p-10, 0x1.af2c22f1e4061p-17, 0x1.d2b0c6dd7c4f0p-24, 0x1.b1b2eafd50373p-31, 0x1.4719abb1e674ep-38, 0x1.5bf6b23f29d36p-46},
    {0x1.1413e666090b2p-5, 0x1.76fb937b50f19p-64, 0x1.673eb8c026023p-10, 0x1.ba45573c79404p-17, 0x1.e071e72b2f728p-24, 0x1.bea2cf4971cdep-31, 0x1.4f4a8550b3f49p-38, 0x1.5eecd201934bbp-46},
    {0x1.1f69bd000bf0dp-5, 0x1.764ad78c4b7d6p-59, 0x1.6e3e8bb192d7fp-10, 0x1.c5b24b56e7d38p-17, 0x1.ee9bcf2373422p-24, 0x1.cbe4f14f47e4cp-31, 0x1.578bf9574e8ecp-38, 0x1.617e6a4b44210p-46},
    {0x1.2af84ac96d8dbp-5, -0x1.4ad7cf77548e1p-59, 0x1.756cbe1522b22p-10, 0x1.d1757ba9f92cfp-17, 0x1.fd31132c55d02p-24, 0x1.d979eb1011cb1p-31, 0x1.5fdb98740f443p-38, 0x1.63a4c37494104p-46},
    {0x1.36c1082f02c2dp-5, 0x1.f527bd1a7dfbdp-62, 0x1.7ccaadee681f8p-10, 0x1.dd917426853c4p-17, 0x1.061a260c3866bp-23, 0x1.e7623d6a3f7efp-31, 0x1.6836cb01710f7p-38, 0x1.655925084d270p-46},
    {0x1.42c578b6cf4cbp-5, -0x1.19a9e98a3adcbp-59, 0x1.8459c38ff237ep-10, 0x1.ea08d05d95dbcp-17, 0x1.0dd40b2bc31a7p-23, 0x1.f59e4e8658047p-31, 0x1.709ad11776452p-38, 0x1.6694dd39735b9p-46},
    {0x1.4f072b5378172p-5, -0x1.eb439dd12d40bp-59, 0x1.8c1b71d9f55e1p-10, 0x1.f6de3b9388238p-17, 0x1.15c7888d449e1p-23, 0x1.02173422b851cp-30, 0x1.7904c2cace9bep-38, 0x1.675148ac0f0c5p-46},
    {0x1.5b87bab9abee0p-5, -0x1.fe0b621f02558p-60, 0x1.941136793605bp-10, 0x1.020a3866f0320p-16, 0x1.1df5eeb593a7ap-23, 0x1.09895b5983f4bp-30, 0x1.8171909b9020bp-38, 0x1.6787da8631624p-46},
    {0x1.6848cdb78443dp-5, -0x1.fb79c2b8c591ep-60, 0x1.9c3c9a261fb21p-10, 0x1.08d71d6dc3154p-16, 0x1.26608e9b79de1p-23, 0x1.1125a33e141b8p-30, 0x1.89de0415114e9p-38, 0x1.673224bd503a4p-46},
    {0x1.754c178ddf14dp-5, -0x1.8897e153d2673p-67, 0x1.a49f30e3f139dp-10, 0x1.0fd73a2b8f55cp-16, 0x1.2f08b9273403bp-23, 0x1.18ec01b6e1e0ap-30, 0x1.9246c0a028212p-38, 0x1.6649e09315d5dp-46},
    {0x1.8293584bb231bp-5, -0x1.e489240e34acfp-59, 0x1.ad3a9a3fe6386p-10, 0x1.170c03d19ea72p-16, 0x1.37efbeabfd52bp-23, 0x1.20dc5b7e23835p-30, 0x1.9aa84488c1e65p-38, 0x1.64c8f733db58ep-46},
    {0x1.90205d2b57767p-5, 0x1.032fb95030b90p-66, 0x1.b610819044781p-10, 0x1.1e76f77011e63p-16, 0x1.4116ee5bceec6p-23, 0x1.28f6836b334e7p-30, 0x1.a2feea37727bcp-38, 0x1.62a98a683fc98p-46},
    {0x1.9df500f1d0a5cp-5, 0x1.076bb99c50e9ep-59, 0x1.bf229e3333097p-10, 0x1.261999ed66b95p-16, 0x1.4a7f95b5845b7p-23, 0x1.313a39c298d84p-30, 0x1.ab46e99f40578p-38, 0x1.5fe5fd4aab494p-46},
    {0x1.ac132c5000c87p-5, -0x1.5fa27404eda7bp-60, 0x1.c872b3cd3faf5p-10, 0x1.2df577fa81c8ep-16, 0x1.542affed9e501p-23, 0x1.39a72b8db9bd2p-30, 0x1.b37c59df96147p-38, 0x1.5c78fcf1126c6p-46},
    {0x1.ba7cd645d8139p-5, -0x1.4bdd97fb5df77p-60, 0x1.d202928776457p-10, 0x1.360c26031e035p-16, 0x1.5e1a7551e4e25p-23, 0x1.423cf1fb35963p-30, 0x1.bb9b3319e3214p-38, 0x1.585d88fafa3e6p-46},
    {0x1.c93404876e708p-5, 0x1.4b01a8a0ca643p-59, 0x1.dbd4174cecd11p-10, 0x1.3e5f401a83031p-16, 0x1.684f3aa832ba0p-23, 0x1.4afb11c8edab0p-30, 0x1.c39f507a14a79p-38, 0x1.538efbf394603p-46},
    {0x1.d83acbe407d39p-5, 0x1.cd503b76addd1p-60, 0x1.e5e92c07a6030p-10, 0x1.46f069e4667b4p-16, 0x1.72ca9088ba6a9p-23, 0x1.53e0fab8b3b9cp-30, 0x1.cb847270aebc2p-38, 0x1.4e091377cccb2p-46},
    {0x1.e79350aefc990p-5, 0x1.263af00249d22p-62, 0x1.f043c7dcab199p-10, 0x1.4fc14e79de902p-16, 0x1.7d8db2b41f130p-23, 0x1.5cee07109426dp-30, 0x1.d346411ced76bp-38, 0x1.47c7f81050955p-46},
    {0x1.f73fc72a7f24fp-5, -0x1.fe2fc195dc1cdp-59, 0x1.fae5ef673d47ep-10, 0x1.58d3a04a4d2c5p-16, 0x1.8899d765c0d10p-23, 0x1.66217b27a6fd0p-30, 0x1.dae04ee4f6b4dp-38, 0x1.40c844afee570p-46},
    {0x1.03a139fa1b800p-4, 0x1.0b34a591602afp-58, 0x1.02e8da797f09fp-9, 0x1.622918f82ebe3p-16, 0x1.93f02ea2a4c7fp-23, 0x1.6f7a8500486c8p-30, 0x1.e24e1b39c9047p-38, 0x1.39070dc734a3fp-46},
    {0x1.0bced639d4527p-4, -0x1.4d24e3f88064ep-60, 0x1.08849c5a76bb6p-9, 0x1.6bc37931b94acp-16, 0x1.9f91e1856751dp-23, 0x1.78f83bf08cf2cp-30, 0x1.e98b15843b80fp-38, 0x1.3081e7dedfee5p-46},
    {0x1.1429eba530124p-4, -0x1.52e3f1fba531cp-58, 0x1.0e4754818dfffp-9, 0x1.75a488853b6f3p-16, 0x1.ab801187ad591p-23, 0x1.8299a059b726bp-30, 0x1.f092a0380e3f0p-38, 0x1.2736edab7cfdep-46},
    {0x1.1cb3b662e9dd4p-4, -0x1.0a91aa99bc8aep-58, 0x1.143221457760ap-9, 0x1.7fce15312db9fp-16, 0x1.b7bbd7c98fcc0p-23, 0x1.8c5d9b6f65593p-30, 0x1.f7601409bc1b2p-38, 0x1.1d24c58d9d4bdp-46},
    {0x1.256d7ba9792a4p-4, -0x1.67c9cc5f24aa2p-59, 0x1.1a462842e9362p-9, 0x1.8a41f3efebb66p-16, 0x1.c44644578188ap-23, 0x1.9642ff0f1bf5fp-30, 0x1.fdeec34376292p-38, 0x1.124aa67313dfdp-46},
    {0x1.2e5889f9a87d6p-4, 0x1.1eac17dbff273p-60, 0x1.208496761d5cep-9, 0x1.9501ffbf0d179p-16, 0x1.d1205d6f34fcap-23, 0x1.a04885a8bef18p-30, 0x1.021cfe9ab7b19p-37, 0x1.06a85c0ee8343p-46},
    {0x1.37763959f4785p-4, -0x1.18dad101af325p-61, 0x1.26eea0536586fp-9, 0x1.a01019a25a9a6p-16, 0x1.de4b1ec40af90p-23, 0x1.aa6cd23878c08p-30, 0x1.051e88deb2976p-37, 0x1.f47c94bdfa717p-47},
    {0x1.40c7eb92aba4dp-4, -0x1.28301d4b47871p-58, 0x1.2d8581dec295fp-9, 0x1.ab6e28625d7c8p-16, 0x1.ebc778c397db6p-23, 0x1.b4ae7052786e4p-30, 0x1.07f9aa708fb56p-37, 0x1.da1ae0efa121cp-47},
    {0x1.4a4f0c6ac6cbap-4, 0x1.6ea31d02ab942p-58, 0x1.344a7ec26d6b4p-9, 0x1.b71e18468bbccp-16, 0x1.f9964fdacf22ep-23, 0x1.bf0bd440daa6ep-30, 0x1.0aac113bbcb7bp-37, 0x1.be2ed5205a74dp-47},
    {0x1.540d11e5711dap-4, 0x1.5e9acc1b7889ap-59, 0x1.3b3ee2643fab9p-9, 0x1.c321dacb16c19p-16, 0x1.03dc3dde33e6ap-22, 0x1.c9835b33fb080p-30, 0x1.0d3370edb289cp-37, 0x1.a0bce6906095ep-47},
    {0x1.5e037c8036e84p-4, 0x1.b80765ffb8456p-64, 0x1.4263fff9eb108p-9, 0x1.cf7b665265762p-16, 0x1.0b17635486b39p-22, 0x1.d4134b855404ep-30, 0x1.0f8d84d220d0bp-37, 0x1.81cac85113aa3p-47},
    {0x1.6833d771d105cp-4, 0x1.21ad7a69c97f6p-61, 0x1.49bb329bee0d7p-9, 0x1.dc2cb5d24666cp-16, 0x1.127cf65cf947bp-22, 0x1.deb9d50cfc435p-30, 0x1.11b811af6965bp-37, 0x1.615f6ab0e5473p-47},
    {0x1.729fb8e982aefp-4, -0x1.3321e180ce66bp-58, 0x1.5145dd5734c7bp-9, 0x1.e937c87ce9e5cp-16, 0x1.1a0d4d972ce2bp-22, 0x1.e9751189b8c45p-30, 0x1.13b0e7a10f994p-37, 0x1.3f82f914b9ac9p-47},
    {0x1.7d48c24efecdfp-4, 0x1.cae50b9bad5cdp-58, 0x1.59056b3d55a68p-9, 0x1.f69ea165b7ba7p-16, 0x1.21c8b7de545cep-22, 0x1.f443051b8398dp-30, 0x1.1575e3edc1657p-37, 0x1.1c3ed641da566p-47},
    {0x1.8830a082c96d9p-4, 0x1.bcbce2674dfc3p-58, 0x1.60fb4f7359171p-9, 0x1.0231a3910ba99p-15, 0x1.29af7bf3cc798p-22, 0x1.ff219ed04f7eap-30, 0x1.1704f2d6a7a14p-37, 0x1.ef3b2e3d22dc8p-48},
    {0x1.93590c1f095d7p-4, -0x1.087200810edb5p-62, 0x1.6929053efc81bp-9, 0x1.0943e1b3226ecp-15, 0x1.31c1d82c0b430p-22, 0x1.05075ca15cdc7p-29, 0x1.185c115db593ep-37, 0x1.a355f7e4cc96fp-48},
    {0x1.9ec3c9b8bda6fp-4, -0x1.1f1379de17ddfp-61, 0x1.7190101260ddcp-9, 0x1.1087114f2882ap-15, 0x1.3a00021e2d659p-22, 0x1.0a840da5227a4p-29, 0x1.19794f00bfd0bp-37, 0x1.54e7d06362cd5p-48},
    {0x1.aa72aa2149f2dp-4, 0x1.0b970da79a5fdp-60, 0x1.7a31fb9615d13p-9, 0x1.17fc39c1b630bp-15, 0x1.426a265666bdfp-22, 0x1.1005bc5e511bbp-29, 0x1.1a5acf6735c9cp-37, 0x1.040cb1c5a6f66p-48},
    {0x1.b6678aa84c892p-4, -0x1.09f36995b26bap-59, 0x1.83105bb172d03p-9, 0x1.1fa46356d166cp-15, 0x1.4b00680b993bep-22, 0x1.158b399fbbecfp-29, 0x1.1afecc0070cc8p-37, 0x1.61c566b709415p-49},
    {0x1.c2a4555db0238p-4, -0x1.ae575585aa112p-63, 0x1.8c2ccc91304bdp-9, 0x1.2780971116ff5p-15, 0x1.53c2e0d852cddp-22, 0x1.1b134d950145dp-29, 0x1.1b639590a5d44p-37, 0x1.6e27c54687714p-50},
    {0x1.cf2b0153eb5cap-4, 0x1.c082291ceb577p-58, 0x1.9588f2ac339ecp-9, 0x1.2f91de6f44d14p-15, 0x1.5cb1a07770575p-22, 0x1.209cb83aecbc4p-29, 0x1.1b8795aaa57afp-37, 0x1.091c7bca62a2dp-54},
    {0x1.dbfd92e25f1fcp-4, 0x1.56ff5009fec31p-60, 0x1.9f267ac681190p-9, 0x1.37d943303b142p-15, 0x1.65ccac84a0b2fp-22, 0x1.262631df067c2p-29, 0x1.1b695014b5fa9p-37, -0x1.54a7dd6bad5d9p-50},
    {0x1.e91e1be7c518ep-4, -0x1.88989610284bap-58, 0x1.a90719f24842ep-9, 0x1.4057cf158d035p-15, 0x1.6f140040ff7c7p-22, 0x1.2bae6ba5e36bfp-29, 0x1.1b076416f650ap-37, -0x1.607791c1811dcp-49},
    {0x1.f68ebc0c9ecadp-4, 0x1.0feca951ae9c5p-60, 0x1.b32c8d8eff35fp-9, 0x1.490e8ba4b9ec0p-15, 0x1.78878c5bfbdf9p-22, 0x1.31341017c22b1p-29, 0x1.1a608db1dec89p-37, -0x1.0ce9f375de6afp-48},
    {0x1.0228d082caccep-3, -0x1.5e58af8a3e659p-59, 0x1.bd989b4682b70p-9, 0x1.51fe81e729035p-15, 0x1.822736c0bbeb9p-22, 0x1.36b5c3b2fa407p-29, 0x1.1973a6bb9a227p-37, -0x1.6b0bfcbdf3b10p-48},
    {0x1.0934836adde4ap-3, -0x1.2c14c70a68608p-58, 0x1.c84d110831960p-9, 0x1.5b28ba2903756p-15, 0x1.8bf2da6828fd2p-22, 0x1.3c322583bcd7cp-29, 0x1.183fa7e31acdcp-37, -0x1.ca7822dda24bcp-48},
    {0x1.106b9c084f12ep-3, 0x1.60bf2fe63fcc2p-57, 0x1.d34bc501fab48p-9, 0x1.648e3bb709212p-15, 0x1.95ea472fcdb95p-22, 0x1.41a7cfc0a147fp-29, 0x1.16c3a997f8f4ep-37, -0x1.1581c0a9ec15ep-47},
    {0x1.17cf470e0ae78p-3, 0x1.6faf6a7902cecp-59, 0x1.de96959755ffap-9, 0x1.6e300c9b7d57fp-15, 0x1.a00d41b5a9cf8p-22, 0x1.4715586b7342bp-29, 0x1.14fee4d64ff0cp-37, -0x1.46411b61d0a47p-47},
    {0x1.1f60b8b8e4af3p-3, 0x1.737bd4188822ep-57, 0x1.ea2f695621933p-9, 0x1.780f315a49c5fp-15, 0x1.aa5b83391b5d3p-22, 0x1.4c7951f5b5081p-29, 0x1.12f0b3d5fbde7p-37, -0x1.7763c5bb20f42p-47},
    {0x1.27212cf0263a3p-3, 0x1.31baf084a321ep-59, 0x1.f6182ee95d33fp-9, 0x1.822cacac76593p-15, 0x1.b4d4b980f9529p-22, 0x1.51d24be845471p-29, 0x1.1098929cc21b7p-37, -0x1.a8d30c2ede14fp-47},
    {0x1.2f11e765e644dp-3, 0x1.6974f01711a5ep-59, 0x1.01296e84dfa29p-8, 0x1.8c897f3b15944p-15, 0x1.bf7886c6f5ae2p-22, 0x1.571ed38d966fbp-29, 0x1.0df61f7319124p-37, -0x1.da77f73051b17p-47},
    {0x1.373433b71ce0ap-3, -0x1.05507365b67c5p-57, 0x1.0770b9360faebp-8, 0x1.9726a759c534ep-15, 0x1.ca4681a859cd8p-22, 0x1.5c5d749de42bcp-29, 0x1.0b091b3b6cae8p-37, -0x1.061daf6e510a6p-46},
    {0x1.3f89658b6d2ddp-3, 0x1.22c4281d79c8bp-57, 0x1.0de2fad6d9ce2p-8, 0x1.a20520c0e3758p-15, 0x1.d53e351c2a770p-22, 0x1.618cb9ecd365ap-29, 0x1.07d169abe4c09p-37, -0x1.1f02ff4cea6bfp-46},
    {0x1.4812d8b49bacbp-3, 0x1.8b4eb1c848ee4p-59, 0x1.14813a9f0f751p-8, 0x1.ad25e44799768p-15, 0x1.e05f206ebca2bp-22, 0x1.66ab2e17e9c5bp-29, 0x1.044f116ad944dp-37, -0x1.37e04445f8081p-46},
    {0x1.50d1f14da867dp-3, 0x1.4c741808ed97fp-59, 0x1.1b4c83a3a7a5dp-8, 0x1.b889e79ddb81ep-15, 0x1.eba8b742bf766p-22, 0x1.6bb75c354ac31p-29, 0x1.00823c0e45b41p-37, -0x1.50a9dc63fde9ap-46},
    {0x1.59c81bd984385p-3, 0x1.8d966f9ac17b7p-59, 0x1.2245e4c9963ebp-8, 0x1.c4321d067fec3p-15, 0x1.f71a6197bb600p-22, 0x1.70afd0822a57ep-29, 0x1.f8d66bfd5ff3ap-38, -0x1.69543416ed04bp-46},
    {0x1.62f6cd615866cp-3, -0x1.2109121a7170cp-57, 0x1.296e70b78c062p-8, 0x1.d01f73118d44cp-15, 0x1.0159bdeb00e22p-21, 0x1.7593191068033p-29, 0x1.f014dc7c3289ep-38, -0x1.81d3cf699e23dp-46},
    {0x1.6c5f839257f2ep-3, 0x1.68658928a13fep-59, 0x1.30c73dc6a0956p-8, 0x1.dc52d456e0605p-15, 0x1.0739ab70022c1p-21, 0x1.7a5fc672c8012p-29, 0x1.e6c0ec275cd85p-38, -0x1.9a1d52f5b53fcp-46},
    {0x1.7603c4db11d7cp-3, 0x1.66ded1ca8da2ep-57, 0x1.385165f1e7c08p-8, 0x1.e8cd27314a877p-15, 0x1.0d2c9c14837ecp-21, 0x1.7f146c67447a9p-29, 0x1.dcdc013a15ee3p-38, -0x1.b2258c8c86939p-46},
    {0x1.7fe520883bafap-3, 0x1.4c26a0d12c704p-57, 0x1.400e06c4f49cap-8, 0x1.f58f4d7a47b51p-15, 0x1.13322ce88d6acp-21, 0x1.83afa27ef4d00p-29, 0x1.d267c48bf9cb1p-38, -0x1.c9e17b8c5eee7p-46},
    {0x1.8a052ee0ec2f4p-3, 0x1.605927723218bp-58, 0x1.47fe41494cc3ep-8, 0x1.014d1223362f8p-14, 0x1.1949f56326a1cp-21, 0x1.883004c30e09bp-29, 0x1.c766204f9fec2p-38, -0x1.e14658da5f131p-46},
    {0x1.946591423d068p-3, -0x1.cbe4f11d110d3p-58, 0x1.502339f2cef38p-8, 0x1.07f741d154db5p-14, 0x1.1f73877578e45p-21, 0x1.8c94345684d0cp-29, 0x1.bbd93ea27ac5ep-38, -0x1.f8499e79ec655p-46},
    {0x1.9f07f23a4bcf0p-3, 0x1.828809c6ca22ep-57, 0x1.587e188b1099cp-8, 0x1.0ec69f294356dp-14, 0x1.25ae6fa074fb4p-21, 0x1.90dad813df18bp-29, 0x1.afc387f0618cep-38, -0x1.0770875dc6e0bp-45},
    {0x1.a9ee05a291d0bp-3, 0x1.d798fcf2419efp-57, 0x1.6110081bb6641p-8, 0x1.15bb90c7b5ab1p-14, 0x1.2bfa350ce5a2bp-21, 0x1.95029d26c9c0cp-29, 0x1.a327a12d48283p-38, -0x1.12815d7ef0276p-45},
    {0x1.b51988b98a852p-3, 0x1.a17eb49c8168ep-57, 0x1.69da36d7cc4e1p-8, 0x1.1cd67a648db35p-14, 0x1.325659a5dfa9cp-21, 0x1.990a37a10ce39p-29, 0x1.960869e7c6a50p-38, -0x1.1d5284fe11e32p-45},
    {0x1.c08c423ba0ea3p-3, -0x1.76495c2cdbe5fp-57, 0x1.72ddd60422290p-8, 0x1.2417bcb3bde7ep-14, 0x1.38c25a357c01dp-21, 0x1.9cf0630a803eep-29, 0x1.8868fa372a131p-38, -0x1.27df5ed357293p-45},
    {0x1.cc48027b5bdc4p-3, -0x1.2535c71b9f140p-58, 0x1.7c1c19deb1fbep-8, 0x1.2b7fb546df2f5p-14, 0x1.3f3dae83c70cbp-21, 0x1.a0b3e2eba8084p-29, 0x1.7a4ca087dc673p-38, -0x1.32237c413249dp-45},
    {0x1.d84ea378c1de8p-3, 0x1.988b9795d50fap-59, 0x1.85963985160a0p-8, 0x1.330ebe6f86b50p-14, 0x1.45c7c977cf26fp-21, 0x1.a4538352a998fp-29, 0x1.6bb6df4900018p-38, -0x1.3c1aa1468c80dp-45},
    {0x1.e4a208f7ece61p-3, -0x1.996e09d79a82ap-60, 0x1.8f4d6eda14b26p-8, 0x1.3ac52f22683adp-14, 0x1.4c60193abb399p-21, 0x1.a7ce19524e90dp-29, 0x1.5cab6a7e25dbdp-38, -0x1.45c0c6d2bae55p-45},
    {0x1.f1442096c6f17p-3, 0x1.2f6c560e7a3d6p-57, 0x1.9942f66a48ba8p-8, 0x1.42a35adb50cd4p-14, 0x1.5306075cd1058p-21, 0x1.ab22837ad45a6p-29, 0x1.4d2e25380b671p-38, -0x1.4f121cbae6326p-45},
    {0x1.fe36e1e1e86b4p-3, 0x1.386d3a7ed11b4p-58, 0x1.a3780f4fecf7ap-8, 0x1.4aa99182052e5p-14, 0x1.59b8f8fc51e2ep-21, 0x1.ae4faa4c4d4d9p-29, 0x1.3d431ef74ee94p-38, -0x1.580b0b70eab05p-45},
    {0x1.05be273448c7cp-2, -0x1.9239ad6ebbd18p-58, 0x1.adedfb15d29cfp-8, 0x1.52d81f500eaebp-14, 0x1.60784eee13d12p-21, 0x1.b15480a26002dp-29, 0x1.2cee90fc06f5fp-38, -0x1.60a8357c087e3p-45},
    {0x1.0c8b38e7dc23bp-2, 0x1.185ede5542e98p-60, 0x1.b8a5fd9989ccbp-8, 0x1.5b2f4cb7808f1p-14, 0x1.674365e7bbf5ep-21, 0x1.b430041938af9p-29, 0x1.1c34db8523a0ep-38, -0x1.68e678b40a6bep-45},
    {0x1.1383b0f212168p-2, 0x1.e95d4af9a0664p-59, 0x1.c3a15cecc4566p-8, 0x1.63af5e4abf608p-14, 0x1.6e1996ab7f06fp-21, 0x1.b6e13d6b879bdp-29, 0x1.0b1a83027687ap-38, -0x1.70c2ef3fd242fp-45},
    {0x1.1aa89f55c9547p-2, -0x1.f7ddacb9c9e3bp-56, 0x1.cee16135fad52p-8, 0x1.6c5894a55332dp-14, 0x1.74fa36354b94dp-21, 0x1.b96740c96ed9fp-29, 0x1.f3485a786401ap-39, -0x1.783af0587c9a3p-45},
    {0x1.21fb193a6eaeep-2, -0x1.9c3e1623b1999p-56, 0x1.da6754905ca67p-8, 0x1.752b2c55ccb73p-14, 0x1.7be495e941c3fp-21, 0x1.bbc12e28485e7p-29, 0x1.cfad3ce53fe5ap-39, -0x1.7f4c10d28bff7p-45},
    {0x1.297c38f38eaeap-2, -0x1.b13dadb082e89p-56, 0x1.e63482eb136ecp-8, 0x1.7e275dc8c4d1cp-14, 0x1.82d803c35bb2fp-21, 0x1.bdee318b34623p-29, 0x1.ab6d6cf17c79ap-39, -0x1.85f4236ec3510p-45},
    {0x1.312d1e07e2f1ep-2, -0x1.b49bc94afdfeep-56, 0x1.f24a39e7e31b7p-8, 0x1.874d5d34fd674p-14, 0x1.89d3ca8829999p-21, 0x1.bfed8344668f9p-29, 0x1.8692db98b31b1p-39, -0x1.8c3138f4898c8p-45},
    {0x1.390eed37d8d29p-2, -0x1.3833a5a40b0e6p-56, 0x1.fea9c8b92f849p-8, 0x1.909d5a88a9860p-14, 0x1.90d731f68494dp-21, 0x1.c1be682f2ee00p-29, 0x1.6127a55c5066cp-39, -0x1.9201a017de260p-45},
    {0x1.4122d0838efe0p-2, -0x1.9f93eb146ff77p-56, 0x1.05aa3fffb87fep-7, 0x1.9a178157e25aep-14, 0x1.97e17efa1b10cp-21, 0x1.c36031e2c1311p-29, 0x1.3b360c789a5c2p-39, -0x1.9763e52d0c412p-45},
    {0x1.4969f73047cc5p-2, 0x1.a2c49ef3f1130p-57, 0x1.0c25d8d310af1p-7, 0x1.a3bbf8cc4db55p-14, 0x1.9ef1f3deb9dccp-21, 0x1.c4d23eddc47d6p-29, 0x1.14c8732321962p-39, -0x1.9c56d1ac6cfaep-45},
    {0x1.51e595cd4e4d0p-2, 0x1.6f9e7e0b17264p-56, 0x1.12c8586015795p-7, 0x1.ad8ae395fa2fap-14, 0x1.a607d08435231p-21, 0x1.c613faaab8434p-29, 0x1.dbd2abadfe96dp-40, -0x1.a0d96b88a5808p-45},
    {0x1.5a96e6384c237p-2, 0x1.67526c479aab5p-57, 0x1.199268b1f1ad8p-7, 0x1.b7845fdd7465ep-14, 0x1.ad225292d4c28p-21, 0x1.c724ddfd43f7ap-29, 0x1.8d468b660ce09p-40, -0x1.a4eaf459e51fcp-45},
    {0x1.637f27a10e76bp-2, 0x1.7e63e6485639bp-58, 0x1.2084b4434df07p-7, 0x1.c1a8873717f9dp-14, 0x1.b440b5b027e2fp-21, 0x1.c8046ec8896e6p-29, 0x1.3e01c5dba2141p-40, -0x1.a88ae860b9ffdp-45},
    {0x1.6c9f9e8cb85e8p-2, -0x1.bf7e702503f95p-59, 0x1.279fe5ebe8acbp-7, 0x1.cbf76e979e7d4p-14, 0x1.bb6233b42409ap-21, 0x1.c8b2404e97dd3p-29, 0x1.dc335d8d4fd1ep-41, -0x1.abb8fd632103cp-45},
    {0x1.75f994d8615f4p-2, 0x1.0ff57c5289ebcp-57, 0x1.2ee4a8ce02bbep-7, 0x1.d6712649edb4ap-14, 0x1.c28604de74733p-21, 0x1.c92df329218b0p-29, 0x1.3b4744fd8dd54p-41, -0x1.ae7521667eafdp-45},
    {0x1.7f8e59bb1eaefp-2, -0x1.bee0b292b4792p-56, 0x1.3653a843a5c9ep-7, 0x1.e115b9e626045p-14, 0x1.c9ab600bdf08ap-21, 0x1.c977354b9a5a6p-29, 0x1.32d3ee42933b2p-42, -0x1.b0bf7949340d9p-45},
    {0x1.895f41c776247p-2, 0x1.e600237ec0d01p-57, 0x1.3ded8fcbc971ep-7, 0x1.ebe53049f13a7p-14, 0x1.d0d17aeba4e59p-21, 0x1.c98dc1fee92a1p-29, -0x1.273dd9b58abd2p-46, -0x1.b2985f3e83b76p-45},
    {0x1.936da6ec39dc0p-2, -0x1.5d618f064d517p-61, 0x1.45b30af75c175p-7, 0x1.f6df8b92114fbp-14, 0x1.d7f78a34c514ap-21, 0x1.c97161d6d97fdp-29, -0x1.58f3f64f8a3d9p-42, -0x1.b400612f78b24p-45},
    {0x1.9dbae874cbc13p-2, -0x1.105101c2bf76ap-56, 0x1.4da4c55634778p-7, 0x1.0102648a97107p-13, 0x1.df1cc1db08e41p-21, 0x1.c921eaa17e1cfp-29, -0x1.502bfaea2ca3cp-41, -0x1.b4f83f037acffp-45},
    {0x1.a8486b08c8598p-2, 0x1.986e7801818aap-56, 0x1.55c36a63f0ee6p-7, 0x1.06aa70aff04a0p-13, 0x1.e6405543c1fb7p-21, 0x1.c89f3f50b7f55p-29, -0x1.f4260c2055388p-41, -0x1.b580e8d333427p-45},
    {0x1.b31798ab18506p-2, 0x1.f12d6da7ac97bp-56, 0x1.5e0fa574c95e7p-7, 0x1.0c67e418fc867p-13, 0x1.ed61777a232fep-21, 0x1.c7e94fde178bap-29, -0x1.4c1f57ce78334p-40, -0x1.b59b7d08581f0p-45},
    {0x1.be29e0b8686d0p-2, -0x1.11cd89099d820p-56, 0x1.668a21a258a5bp-7, 0x1.123ab63e7f480p-13, 0x1.f47f5b631defcp-21, 0x1.c700192950f42p-29, -0x1.9e266cfdd2be0p-40, -0x1.b549466ce706bp-45},
    {0x1.c980b7e507c26p-2, -0x1.8181168b42e02p-56, 0x1.6f3389b8627abp-7, 0x1.1822dc31f1b68p-13, 0x1.fb9933f0af04cp-21, 0x1.c5e3a4d17cae7p-29, -0x1.f01401f2e33eep-40, -0x1.b48bba2c4656ep-45},
    {0x1.d51d983a2c103p-2, 0x1.e55340ad67c4dp-56, 0x1.780c88219a817p-7, 0x1.1e20489df5e93p-13, 0x1.01571a2a432aep-20, 0x1.c4940909612fbp-29, -0x1.20ea0e654b575p-39, -0x1.b36475c8b15c1p-45},
    {0x1.e10201129c710p-2, -0x1.bf95406ffc90ap-56, 0x1.8115c6d47157fp-7, 0x1.2432ebc761178p-13, 0x1.04dec818fb23ap-20, 0x1.c311686702558p-29, -0x1.49a98a64534cep-39, -0x1.b1d53d073f4bdp-45},
    {0x1.ed2f7716c297ap-2, 0x1.41a4517568563p-56, 0x1.8a4fef3fec482p-7, 0x1.2a5ab38eda6c1p-13, 0x1.08633de78c25fp-20, 0x1.c15bf1aeb512bp-29, -0x1.723ecca8d7402p-39, -0x1.afdff7d4be8abp-45},
    {0x1.f9a7843823056p-2, 0x1.63f962fdfc74ap-64, 0x1.93bbaa388c3adp-7, 0x1.30978b730bffdp-13, 0x1.0be416228a9b2p-20, 0x1.bf73df99f6806p-29, -0x1.9aa05c3fd4aa8p-39, -0x1.ad86b02586298p-45},
    {0x1.0335dbd61e615p-1, 0x1.0d1b9957a86b0p-62, 0x1.9d599fe548726p-7, 0x1.36e95c93634e9p-13, 0x1.0f60ebd7c06bap-20, 0x1.bd59789a4613ap-29, -0x1.c2c4f2a80b420p-39, -0x1.aacb8fd246dadp-45}};
/* S(4/(4 + a)) for a = min(a_any, 48). The row is read for the unclipped a_any (inf and NaN
 * included): a table read under a condition, or one whose index derives from a clipped value,
 * is one gcc does not vectorise. Beyond 48 the row is wrong and S finite, and e^{-a^2/2} is 0. */
INLINE double normal_tail(double a_any) {
    double t_any = NORMAL_TAIL_K / (NORMAL_TAIL_K + a_any);
    int near = a_any <= GELU_CLIP;
    double a = near ? a_any : GELU_CLIP, t = near ? t_any : NORMAL_TAIL_K / (NORMAL_TAIL_K + GELU_CLIP);
    double d = NORMAL_TAIL_K + a, d_lo = mind(a, NORMAL_TAIL_K) - (d - maxd(a, NORMAL_TAIL_K));
    double r = fma(-t, d, NORMAL_TAIL_K);
    /* k = floor(128 t), or 128 t - 1 where that is an integer (either piece serves), from the bits
     * of 128 t - 1/2 + 1.5 2^52: no conversion that could trap, which gcc would not vectorise */
    double shifted = (t_any * NORMAL_PIECES - 0.5) + 0x1.8p52, piece = shifted - 0x1.8p52;
    double w = t * NORMAL_PIECES - (piece + 0.5);  /* exact where a = a_any */
    int64_t i = (int64_t)((as_bits(shifted) - 1) & 127);  /* row k - 1 */
#define C(j) NORMAL_TAIL_TABLE[i][j]
    double p = fma(fma(fma(fma(fma(C(7), w, C(6)), w, C(5)), w, C(4)), w, C(3)), w, C(2));
    double s = C(0) + fma(p, w, C(1));
#undef C
    double da = fma(t, d_lo, -r) * d * (1.0 / NORMAL_TAIL_K);
    return s + fma(a, s, -INV_SQRT_2PI) * da;
}
typedef struct { double xc, square, square_lo, e, pdf, cdf, unscale; } gelu_t;
INLINE gelu_t gelu_parts(double x) {
    gelu_t G;
    G.xc = clampd(x, -GELU_CLIP, GELU_CLIP);
    G.square = G.xc * G.xc;
    G.square_lo = fma(G.xc, G.xc, -G.square);
    double y = -0.5 * G.square;
    double k, hi, lo, p = exp_core(y, &k, &hi, &lo);
    G.unscale = y < -LOG_TINY ? 0x1p-128 : 1.0;
    G.e = scale2(p, y < -LOG_TINY ? k + SCALE_BITS : k) * (1.0 - 0.5 * G.square_lo);
    double q = G.e * normal_tail(fabs(x));  /* Phi(-|x|), rescaled as e */
    G.cdf = x < 0 ? q : 1.0 - q;
    G.pdf = G.e * INV_SQRT_2PI;
    return G;
}
INLINE double gelu_unscale(const gelu_t *G, double r, int where) { return where ? r * G->unscale : r; }
INLINE double gelu_f(double x, double a) { gelu_t G = gelu_parts(x); return nan_through(x, gelu_unscale(&G, mul_limit(x, G.cdf), x < 0)); }
INLINE double gelu_g(double x, double a) { gelu_t G = gelu_parts(x); return nan_through(x, gelu_unscale(&G, G.cdf + G.xc * G.pdf, x < 0)); }
INLINE double gelu_g2(double x, double a) {
    gelu_t G = gelu_parts(x);
    return nan_through(x, gelu_unscale(&G, G.pdf * ((2.0 - G.square) - G.square_lo), 1));
}

/* gelu, tanh form: w = c*x*(1 + k*x^2) as a double-double */
typedef struct { double xc, w, dw, d2w; logistic_t L; } gelu_tanh_t;
INLINE gelu_tanh_t gelu_tanh_parts(double x) {
    gelu_tanh_t G;
    double xc = clampd(x, -GELU_TANH_CLIP, GELU_TANH_CLIP);
    double sq = xc * xc, sq_lo = fma(xc, xc, -sq);
    double a = GELU_TANH_CUBIC_HI * sq, a_lo = fma(GELU_TANH_CUBIC_HI, sq, -a) + (GELU_TANH_CUBIC_HI * sq_lo + GELU_TANH_CUBIC_LO * sq);
    double b = 1.0 + a, bb = b - 1.0, b_lo = (1.0 - (b - bb)) + (a - bb);
    double m = xc * b, m_lo = fma(xc, b, -m) + xc * (b_lo + a_lo);
    double w = GELU_TANH_SCALE_HI * m;
    double w_lo = fma(GELU_TANH_SCALE_HI, m, -w) + (GELU_TANH_SCALE_HI * m_lo + GELU_TANH_SCALE_LO * m);
    G.xc = xc; G.w = w;
    G.dw = GELU_TANH_SCALE_HI * (1.0 + 3.0 * GELU_TANH_CUBIC_HI * sq);
    G.d2w = 6.0 * GELU_TANH_SCALE_HI * GELU_TANH_CUBIC_HI * xc;
    G.L = logistic(w, w_lo);
    return G;
}
INLINE double gelu_tanh_f(double x, double a) { gelu_tanh_t G = gelu_tanh_parts(x); return nan_through(x, unscale(&G.L, mul_limit(x, G.L.s), G.w < 0)); }
INLINE double gelu_tanh_g(double x, double a) {
    gelu_tanh_t G = gelu_tanh_parts(x);
    return nan_through(x, unscale(&G.L, G.L.s + G.xc * G.dw * G.L.d, G.w < 0));
}
INLINE double gelu_tanh_g2(double x, double a) {
    gelu_tanh_t G = gelu_tanh_parts(x);
    return nan_through(x, unscale(&G.L, G.L.d * (2.0 * G.dw + G.xc * G.d2w - G.xc * G.dw * G.dw * G.L.th), 1));
}

/* ---- float32 kernels ---------------------------------------------------------------
 * A float32 result is rounded once from float64, so it needs about 30 correct bits, not 53.
 * Where an entry's value is well conditioned, its float32 kernel is computed in float64 with a
 * shorter exponential (exp_lite) and reciprocal (recip_lite): relative error below 2^-37 before
 * the rounding, so within 0.5 + 2^-13 ulp after it. Where a difference cancels (sigma'' near 0,
 * silu' near its zero) the float64 kernel serves float32 as well. */
#define LITE_EXP_CUT 210.0  /* 210 e^{-210} 2^128 < 2^-150: below, every float32 result, g f' (vjp) with any
                             * float32 g included, is 0 or its limit */
/* the logistic quantities of z: t = e^{-|z|} (0 beyond the cut), r = 1/(1 + t) */
typedef struct { double t, r; } lite_t;
INLINE lite_t lite(double z) {
    lite_t L;
    double a = fabs(z);
    double e = exp_lite(-mind(a, LITE_EXP_CUT));
    L.t = a < LITE_EXP_CUT ? e : 0.0;  /* NaN gives 0: nan_through restores it */
    L.r = recip_lite(1.0 + L.t);
    return L;
}
INLINE double lite_s(lite_t L, double z) { return z >= 0.0 ? L.r : L.t * L.r; }   /* sigma(z) */
INLINE double lite_sn(lite_t L, double z) { return z >= 0.0 ? L.t * L.r : L.r; }  /* sigma(-z) */

INLINE double sigmoid_f32(double x, double a) { return nan_through(x, lite_s(lite(x), x)); }
INLINE double sigmoid_g32(double x, double a) { lite_t L = lite(x); return nan_through(x, L.t * L.r * L.r); }
INLINE double scaled_sigmoid_g32(double x, double a) { return 4.0 * sigmoid_g32(x, a); }
INLINE double tanh_f32(double x, double a) {
    double em = expm1_lite(-2.0 * mind(fabs(x), 20.0));  /* tanh(20) rounds to 1 */
    return nan_through(x, copysign(-em * recip_lite(2.0 + em), x));
}
INLINE double tanh_g32(double x, double a) { lite_t L = lite(2.0 * x); return nan_through(x, 4.0 * L.t * L.r * L.r); }
INLINE double scaled_sigmoid_f32(double x, double a) { return 2.0 * tanh_f32(0.5 * x, a); }
INLINE double swish_f32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    return nan_through(x, mul_limit(x, lite_s(lite(z), z)));
}
INLINE double silu_f32(double x, double a) { return swish_f32(x, 1.0); }
INLINE double softplus_f32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    return nan_through(x, maxd(x, 0.0) + log1p_lite(lite(z).t) * (1.0 / beta));
}
INLINE double softplus_g32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    return nan_through(x, lite_s(lite(z), z));
}
INLINE double log_sigmoid_f32(double x, double a) { return nan_through(x, mind(x, 0.0) - log1p_lite(lite(x).t)); }
INLINE double log_sigmoid_g32(double x, double a) { return nan_through(x, lite_sn(lite(x), x)); }
INLINE double elu_f32(double x, double alpha) {
    return nan_through(x, x > 0 ? x : alpha * expm1_lite(clampd(x, -LITE_EXP_CUT, 0.0)));
}
INLINE double elu_g32(double x, double alpha) {
    return nan_through(x, x > 0 ? 1.0 : alpha * exp_lite(clampd(x, -LITE_EXP_CUT, 0.0)));
}
/* Phi(-a) = e^{-a^2/2} S(t) for a >= 0, t = 4/(4 + a) (NORMAL_TAIL_K, as in float64): one polynomial
 * for S (Mills' ratio over sqrt(2 pi)) for every a <= 21 (fitted by tools/fit_normal_tail_float32.py;
 * relative error below 2^-41); e^{-a^2/2} serves gelu' as well. For a float32 x, a^2 is exact in double. Beyond 21,
 * gelu' 2^128 < 2^-150 and Phi(-a) a < 2^-150, so that g gelu' (vjp) is right for every float32 g */
#define GELU_LITE_CLIP 21.0
CONSTANT double NORMAL_TAIL_POLY[16] = {
    0x1.bcd564a86ce80p-27, 0x1.9883bca028bd4p-4, 0x1.988ff5cf1fe27p-4, 0x1.7e70bb27787d6p-4,
    0x1.5055b78e1341fp-4, 0x1.d4cc09ac599e8p-5, 0x1.203ced98d6216p-4, -0x1.0af8273659f24p-4,
    0x1.d1d3a76f52becp-3, -0x1.ad8bb2480f9c8p-2, 0x1.2b3ff4031fab2p-1, -0x1.3c69befe1f2b2p-1,
    0x1.c2acb502f32dep-2, -0x1.91e9d74be52b4p-3, 0x1.985c01886996fp-5, -0x1.6bc47f5cac2aep-8};
INLINE double normal_tail_poly(double t) { return horner(NORMAL_TAIL_POLY, 15, t); }
/* Phi(x) and e^{-x^2/2} for x clipped to [-21, 21] */
typedef struct { double xc, e, cdf; } normal_lite_t;
INLINE normal_lite_t normal_lite(double x) {
    normal_lite_t N;
    N.xc = clampd(x, -GELU_LITE_CLIP, GELU_LITE_CLIP);
    double a = fabs(N.xc);
    N.e = exp_lite(-0.5 * (a * a));
    double q = N.e * normal_tail_poly(NORMAL_TAIL_K * recip_lite(NORMAL_TAIL_K + a));  /* Phi(-a) */
    N.cdf = N.xc <= 0.0 ? q : 1.0 - q;
    return N;
}
INLINE double gelu_f32(double x, double a) {
    return nan_through(x, mul_limit(x, x < -GELU_LITE_CLIP ? 0.0 : normal_lite(x).cdf));  /* gelu(-inf) = 0 */
}

/* Near the zero of f' (silu', swish' in z = beta x, gelu') the float32 forms cancel; within
 * TAYLOR_WINDOW of it, f' (for silu: its vanishing factor 1 + z sigma(-z)) is the Taylor
 * polynomial at the zero instead (tools/taylor_at_zeros.py; truncation below 2^-45 relative) */
#define TAYLOR_WINDOW 0.125
CONSTANT double SILU_H_ZERO_HI = -0x1.474973c84120bp+0, SILU_H_ZERO_LO = -0x1.f8d74bc9ac154p-54;
CONSTANT double SILU_H_TAYLOR[12] = {0x0.0p+0, 0x1.0000000000000p+0, -0x1.be1410460527fp-4, -0x1.9072f0766563bp-5,
    -0x1.353eb573ca457p-8, 0x1.8f0d8289687a9p-9, 0x1.20a572dbb5375p-10, -0x1.2f7e5e8a37633p-16,
    -0x1.a2a7caf0ee747p-14, -0x1.5a2ef2db67d12p-16, 0x1.1282d7d4db811p-18, 0x1.6acc11045dcaep-19};
CONSTANT double GELU_G_ZERO_HI = -0x1.80ead197f00b4p-1, GELU_G_ZERO_LO = 0x1.13e74c58cada8p-56;
CONSTANT double GELU_G_TAYLOR[12] = {0x0.0p+0, 0x1.b9d98fa5a3215p-2, 0x1.8d9a941de3ac5p-2, -0x1.2a2ef9bb865aep-6,
    -0x1.d2fa4c17c7e84p-4, -0x1.e4088244f901dp-7, 0x1.3e346def42057p-6, 0x1.297b9d6ffaacdp-8,
    -0x1.258a6d85633afp-9, -0x1.8680f74e6b6bap-11, 0x1.86c863b66083cp-13, 0x1.69610924deba8p-14};
/* the Taylor polynomial at a zero: its constant term is 0 */
INLINE double taylor_at_zero(const double *c, double t) { return t * horner(c + 1, 10, t); }
INLINE double swish_g32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    lite_t L = lite(z);
    double t = (z - SILU_H_ZERO_HI) - SILU_H_ZERO_LO;
    double h = fabs(t) < TAYLOR_WINDOW ? taylor_at_zero(SILU_H_TAYLOR, t) : 1.0 + z * lite_sn(L, z);
    return nan_through(x, lite_s(L, z) * h);
}
INLINE double silu_g32(double x, double a) { return swish_g32(x, 1.0); }
INLINE double gelu_g32(double x, double a) {
    normal_lite_t N = normal_lite(x);
    double t = (x - GELU_G_ZERO_HI) - GELU_G_ZERO_LO;
    double g = N.cdf + N.xc * (N.e * INV_SQRT_2PI);
    return nan_through(x, fabs(t) < TAYLOR_WINDOW ? taylor_at_zero(GELU_G_TAYLOR, t) : g);
}
INLINE double gelu_tanh_f32(double x, double a) {
    double xc = clampd(x, -GELU_TANH_CLIP, GELU_TANH_CLIP);
    double w = GELU_TANH_SCALE_HI * xc * (1.0 + GELU_TANH_CUBIC_HI * (xc * xc));
    return nan_through(x, mul_limit(x, lite_s(lite(w), w)));
}

/* ---- the simpler catalogue entries (catalogue/hard.py, shrink.py, rectifiers_more.py,
 * smooth_more.py): piecewise entries take the piece of their kink list at each kink ----------- */
CONSTANT double SELU_SCALE = 0x1.0cfabd6a91132p+0;
CONSTANT double SELU_SCALE_HI = 0x1.0cfabd6a91132p+0, SELU_SCALE_LO = 0x1.6fc7d272f2695p-55;
CONSTANT double SELU_SCALE_ALPHA_HI = 0x1.c212cc640f031p+0, SELU_SCALE_ALPHA_LO = 0x1.05161b045a1fep-56;
CONSTANT double LOG_MAX = 0x1.62e42fefa39efp+9;  /* log of the largest double: e^x overflows beyond */
#define TWO_PROD_SAFE 0x1p990
/* x (hi + lo) rounded once (_special.times_constant) */
INLINE double times_constant(double x, double hi, double lo) {
    double p = x * hi, e = fma(x, hi, -p);
    return fabs(x) <= TWO_PROD_SAFE ? p + (e + x * lo) : p;
}
INLINE double identity_f(double x, double a) { return x; }
INLINE double identity_g(double x, double a) { return nan_through(x, 1.0); }
/* kinks (-l, right), (l, left): the middle piece is [-l, l] */
INLINE double hardshrink_f(double x, double l) { return nan_through(x, x < -l ? x : (x > l ? x : 0.0)); }
INLINE double softshrink_f(double x, double l) { return nan_through(x, x < -l ? x + l : (x > l ? x - l : 0.0)); }
INLINE double shrink_g(double x, double l) { return nan_through(x, x < -l ? 1.0 : (x > l ? 1.0 : 0.0)); }
/* kinks (-1, left), (1, right): the middle piece is (-1, 1) */
INLINE double sparse_sigmoid_f(double x, double a) {
    return nan_through(x, x <= -1.0 ? 0.0 : (x >= 1.0 ? 1.0 : 0.5 * (clampd(x, -1.0, 1.0) + 1.0)));
}
INLINE double sparse_sigmoid_g(double x, double a) { return nan_through(x, x <= -1.0 ? 0.0 : (x >= 1.0 ? 0.0 : 0.5)); }
INLINE double sparse_plus_f(double x, double a) {
    double m = clampd(x, -1.0, 1.0) + 1.0;
    return nan_through(x, x <= -1.0 ? 0.0 : (x >= 1.0 ? x : 0.25 * (m * m)));
}
/* kinks (min, left), (max, right) */
INLINE double hard_tanh_f(double x, double lo, double hi) { return nan_through(x, x <= lo ? lo : (x >= hi ? hi : x)); }
INLINE double hard_tanh_g(double x, double lo, double hi) { return nan_through(x, x <= lo ? 0.0 : (x >= hi ? 0.0 : 1.0)); }
/* kink (threshold, left) */
INLINE double threshold_f(double x, double t, double v) { return nan_through(x, x <= t ? v : x); }
INLINE double threshold_g(double x, double t, double v) { return nan_through(x, x <= t ? 0.0 : 1.0); }
INLINE double zero_g2_2(double x, double a, double b) { return nan_through(x, 0.0); }
/* rrelu (evaluation form): leaky_relu with the slope (lower + upper)/2 */
INLINE double rrelu_f(double x, double lower, double upper) { return leaky_f(x, 0.5 * lower + 0.5 * upper); }
INLINE double rrelu_g(double x, double lower, double upper) { return leaky_g(x, 0.5 * lower + 0.5 * upper); }
INLINE double selu_f(double x, double a) {
    double left = times_constant(expm1_neg(mind(x, 0.0)), SELU_SCALE_ALPHA_HI, SELU_SCALE_ALPHA_LO);
    return nan_through(x, x > 0 ? times_constant(x, SELU_SCALE_HI, SELU_SCALE_LO) : left);
}
INLINE double selu_left_g(double x) {
    return times_constant(exp_clamped(clampd(x, -6000.0, 0.0)), SELU_SCALE_ALPHA_HI, SELU_SCALE_ALPHA_LO);
}
INLINE double selu_g(double x, double a) { return nan_through(x, x > 0 ? SELU_SCALE : selu_left_g(x)); }
INLINE double selu_g2(double x, double a) { return nan_through(x, x > 0 ? 0.0 : selu_left_g(x)); }
/* float32: lambda x, lambda alpha expm1(x) and lambda alpha e^x in double (lite, as elu's) */
INLINE double selu_f32(double x, double a) {
    double left = SELU_SCALE_ALPHA_HI * expm1_lite(clampd(x, -LITE_EXP_CUT, 0.0));
    return nan_through(x, x > 0 ? SELU_SCALE_HI * x : left);
}
INLINE double selu_g32(double x, double a) {
    return nan_through(x, x > 0 ? SELU_SCALE_HI : SELU_SCALE_ALPHA_HI * exp_lite(clampd(x, -LITE_EXP_CUT, 0.0)));
}
INLINE double exponential_f(double x, double a) {
    return nan_through(x, x > LOG_MAX ? as_double(0x7FF0000000000000ULL) : exp_clamped(clampd(x, -6000.0, LOG_MAX)));
}
INLINE double exponential_f32(double x, double a) { return nan_through(x, exp_lite(clampd(x, -700.0, 700.0))); }

/* mish (catalogue/smooth_more.py has the derivation): u = e^x for x <= 0, v = e^{-x} for x > 0, both
 * w = e^{-|x|}; the factor u rescaled by 2^128 where subnormal (scaled_exp), as ScaledExp does */
#define MISH_CLIP 1e4
#define SMALL_T 0.5  /* below, y/(1 + t) is y - y t/(1 + t): one rounding of y */
typedef struct { double plain, value, unscale; } scaled_exp_t;
INLINE scaled_exp_t scaled_exp(double y) {  /* e^y for y in [-6000, 0] */
    scaled_exp_t E;
    double k, hi, lo, p = exp_core(y, &k, &hi, &lo);
    E.plain = scale2(p, k);
    E.value = y < -LOG_TINY ? scale2(p, k + SCALE_BITS) : E.plain;
    E.unscale = y < -LOG_TINY ? 0x1p-128 : 1.0;
    return E;
}
INLINE double over_one_plus(double y, double t) { return t < SMALL_T ? y - y * (t / (1.0 + t)) : y / (1.0 + t); }
/* float32 (lite): e^{-|x|} from the degree-10 exponential, x clipped at +-210 (mish and mish' there,
 * times any float32, are below 2^-150, or x and 1 to float32's precision), so nothing needs
 * rescaling; the one denominator a lane needs (x <= 0: left, else right) through one reciprocal
 * without division (to 2^-38) instead of a division for each side */
#define MISH_LITE_CLIP 210.0
INLINE scaled_exp_t lite_scaled_exp(double y) { scaled_exp_t E; E.plain = E.value = exp_lite(y); E.unscale = 1.0; return E; }
INLINE double mish_clipped(double x, int lite) { return lite ? clampd(x, -MISH_LITE_CLIP, MISH_LITE_CLIP) : clampd(x, -MISH_CLIP, MISH_CLIP); }
INLINE scaled_exp_t mish_exp(double xc, int lite) { return lite ? lite_scaled_exp(-fabs(xc)) : scaled_exp(-fabs(xc)); }
INLINE double mish_f_from(double x, int lite) {
    double xc = mish_clipped(x, lite);
    scaled_exp_t E = mish_exp(xc, lite);
    double u = E.plain, y = xc * E.value;
    double left_num = u * (u + 1.0), left_den = 2.0 + u * (2.0 + u);
    double right_num = 2.0 * u * u, right_den = 1.0 + 2.0 * u * (1.0 + u);  /* u is v here */
    double r = lite ? recip_lite(x <= 0.0 ? left_den : right_den) : 0.0;
    double left = (y - y * (lite ? left_num * r : left_num / left_den)) * E.unscale;
    double right = x - xc * (lite ? right_num * r : right_num / right_den);
    return nan_through(x, x <= 0.0 ? left : right);
}
INLINE double mish_g_from(double x, int lite) {
    double xc = mish_clipped(x, lite);
    scaled_exp_t E = mish_exp(xc, lite);
    double u = E.plain;
    double bracket = (1.0 + xc) + u * ((1.5 + xc) + u * (1.0 + u * 0.25));
    double t2 = u * (2.0 + u * (2.0 + u * (1.0 + u * 0.25)));
    double rb = (2.0 * xc - 1.0) + u * ((2.0 * xc - 2.0) + u * -2.0);
    double q2 = 1.0 + u * (4.0 + u * (8.0 + u * (8.0 + u * 4.0)));
    double r = lite ? recip_lite(x <= 0.0 ? 1.0 + t2 : q2) : 0.0, y = E.value * bracket;
    double left = (lite ? (t2 < SMALL_T ? y - y * (t2 * r) : y * r) : over_one_plus(y, t2)) * E.unscale;
    double right = 1.0 + (lite ? 2.0 * u * u * rb * r : 2.0 * u * u * rb / q2);
    return nan_through(x, x <= 0.0 ? left : right);
}
INLINE double mish_f(double x, double a) { return mish_f_from(x, 0); }
INLINE double mish_g(double x, double a) { return mish_g_from(x, 0); }
INLINE double mish_f32(double x, double a) { return mish_f_from(x, 1); }
INLINE double mish_g32(double x, double a) { return mish_g_from(x, 1); }
INLINE double mish_g2(double x, double a) {
    double xc = clampd(x, -MISH_CLIP, MISH_CLIP);
    scaled_exp_t E = scaled_exp(-fabs(xc));
    double u = E.plain;
    double bracket = (2.0 + xc) + u * ((4.0 + xc) + u * ((3.0 - 1.5 * xc) + u * (1.0 - xc)));
    double t3 = u * (3.0 + u * (4.5 + u * (4.0 + u * (2.25 + u * (0.75 + u * 0.125)))));
    double left = over_one_plus(E.value * bracket, t3) * E.unscale;
    scaled_exp_t V2 = scaled_exp(-2.0 * maxd(xc, 0.0));
    double rb = (2.0 - 2.0 * xc) + u * ((6.0 - 3.0 * xc) + u * ((8.0 + 2.0 * xc) + u * (4.0 + 2.0 * xc)));
    double rt3 = u * (6.0 + u * (18.0 + u * (32.0 + u * (36.0 + u * (24.0 + u * 8.0)))));
    double right = over_one_plus(4.0 * V2.value * rb, rt3) * V2.unscale;
    return nan_through(x, x <= 0.0 ? left : right);
}

/* celu (catalogue/rectifiers_more.py): z = x/alpha for x <= 0 as hi + lo (the remainder by fma is
 * exact), clipped at z_min (f: EXPM1_SATURATED; f' and f'': -1000, where e^z is 0);
 * f = alpha (expm1(z) + lo e^z), f' = e^z (1 + lo), f'' = f'/alpha */
#define CELU_Z_MIN (-1e3)
typedef struct { double k, hi, lo, z_lo; } celu_t;
INLINE celu_t celu_parts(double x, double alpha, double z_min) {
    celu_t C;
    double xn = mind(x, 0.0), z = maxd(xn / alpha, z_min);
    int inside = z > z_min;
    C.z_lo = inside ? fma(-z, alpha, xn) / alpha : 0.0;
    exp_core(z, &C.k, &C.hi, &C.lo);
    return C;
}
INLINE double celu_f(double x, double alpha) {
    celu_t C = celu_parts(x, alpha, EXPM1_SATURATED);
    double e = (C.hi + C.lo) * pow2i(C.k);
    return nan_through(x, x > 0 ? x : alpha * (expm1_from(C.k, C.hi, C.lo) + C.z_lo * e));
}
INLINE double celu_left_g(double x, double alpha) {
    celu_t C = celu_parts(x, alpha, CELU_Z_MIN);
    double e = scale2(C.hi + C.lo, C.k);
    return e + e * C.z_lo;
}
INLINE double celu_g(double x, double alpha) { return nan_through(x, x > 0 ? 1.0 : celu_left_g(x, alpha)); }
INLINE double celu_g2(double x, double alpha) { return nan_through(x, x > 0 ? 0.0 : celu_left_g(x, alpha) / alpha); }
/* float32: alpha expm1(x/alpha) and e^{x/alpha} (lite; x (1/alpha) is within an ulp of x/alpha, and
 * an argument's relative error of 2^-52 moves e^y by 2^-44 at |y| <= 210) */
INLINE double celu_f32(double x, double alpha) {
    return nan_through(x, x > 0 ? x : alpha * expm1_lite(clampd(x * (1.0 / alpha), -LITE_EXP_CUT, 0.0)));
}
INLINE double celu_g32(double x, double alpha) {
    return nan_through(x, x > 0 ? 1.0 : exp_lite(clampd(x * (1.0 / alpha), -LITE_EXP_CUT, 0.0)));
}

/* tanhshrink x - tanh x (catalogue/shrink.py): for |x| < 2 the series x^3 sum c_n x^{2n-2} / cosh x,
 * c_n = 2n/(2n + 1)! (no cancellation); beyond, x - tanh x directly; f' = tanh^2, f'' = 2 tanh sech^2 */
#define TANHSHRINK_SERIES_BELOW 2.0
CONSTANT double TANHSHRINK_C[15] = {
    0x1.5555555555555p-2, 0x1.1111111111111p-5, 0x1.3813813813814p-10, 0x1.71de3a556c734p-16,
    0x1.0cfeb60f94b0ep-22, 0x1.08db48ebe51c7p-29, 0x1.78af56a4d411bp-37, 0x1.952c77030ad4ap-45,
    0x1.5532eaf516982p-53, 0x1.ce272b49432cep-62, 0x1.0132bcd1f4692p-70, 0x1.dedb34ba18f7dp-80,
    0x1.7a5b06e5367e5p-89, 0x1.00eba59daed98p-98, 0x1.2f185b90bb660p-108};
INLINE double tanhshrink_f(double x, double a) {
    double xn = fabs(x) < TANHSHRINK_SERIES_BELOW ? x : 0.0, y = xn * xn;
    double total = horner(TANHSHRINK_C, 14, y);
    /* one exponential serves both arms: e^{-|x|} = 2^k (hi + lo) and its square as a pair give
     * 1/cosh x = 2 e^{-|x|}/(1 + e^{-2|x|}) and tanh |x| (as half_tanh(2|x|) would) */
    double ax = mind(fabs(x), 0.5 * HALF_TANH_SATURATED), k, hi, lo, p = exp_core(-ax, &k, &hi, &lo);
    double hi2 = hi * hi, lo2 = fma(hi, hi, -hi2) + lo * (2.0 * hi + lo);  /* (hi + lo)^2 */
    double scale = pow2i(k), square_scale = scale * scale;
    double series = (xn * y) * total * (2.0 * (p * scale)) / (1.0 + (hi2 + lo2) * square_scale);
    double t = copysign(tanh_from_exp(hi2 * square_scale, lo2 * square_scale), x);
    return nan_through(x, fabs(x) < TANHSHRINK_SERIES_BELOW ? series : x - t);
}
INLINE double tanhshrink_g(double x, double a) { double t = tanh_f(x, a); return t * t; }
INLINE double tanhshrink_g2(double x, double a) { return -tanh_g2(x, a); }
/* float32: below 1/2, -x^3 c(x^2) with tanh a - a = a^3 c(a^2), the Taylor series to a^23
 * (truncation under 2^-33 relative); beyond, x - tanh x from the lite tanh (x - tanh x loses at
 * most a factor 13 there: 2^-37 relative); f' = tanh^2 */
#define TANHSHRINK_LITE_SERIES_BELOW 0.5
INLINE double tanhshrink_f32(double x, double unused) {
    double z = x * x, c = -113927491862.0 / 2900518163668125.0;
    c = fma(c, z, 18888466084.0 / 194896477400625.0); c = fma(c, z, -443861162.0 / 1856156927625.0);
    c = fma(c, z, 6404582.0 / 10854718875.0); c = fma(c, z, -929569.0 / 638512875.0);
    c = fma(c, z, 21844.0 / 6081075.0); c = fma(c, z, -1382.0 / 155925.0); c = fma(c, z, 62.0 / 2835.0);
    c = fma(c, z, -17.0 / 315.0); c = fma(c, z, 2.0 / 15.0); c = fma(c, z, -1.0 / 3.0);
    double series = -(x * z) * c;
    return nan_through(x, fabs(x) < TANHSHRINK_LITE_SERIES_BELOW ? series : x - tanh_f32(x, unused));
}
INLINE double tanhshrink_g32(double x, double unused) { double t = tanh_f32(x, unused); return t * t; }

/* squareplus and bent_identity (catalogue/smooth_more.py) need r = sqrt(x^2 + b) as r + r_lo, to
 * about eps^2 relative (_special.sqrt_sum_squares): computed in a copy scaled by 2^-k (nothing
 * overflows), the residual x^2 + b - r^2 exact from fma products; +-inf gives (inf, 0) */
INLINE double sqrt_sum_squares(double x, double b, double *r_lo) {
    double a = fabs(x);
    /* k from the larger of the exponents of a and sqrt(b) (the bits of a select do not vectorise) */
    double ka = (double)(int64_t)(as_bits(a) >> 52), kb = (double)(int64_t)(as_bits(sqrt(b)) >> 52);
    double k = clampd(maxd(ka, kb) - 1022.0, -1021.0, 1022.0);
    double down = pow2i(-k), up = pow2i(k);
    double xs = a * down, bs = (b * down) * down;  /* xs, bs <= 1 */
    double rs = sqrt(fma(xs, xs, bs));
    double s1 = xs * xs, s1_lo = fma(xs, xs, -s1);
    double s2 = rs * rs, s2_lo = fma(rs, rs, -s2);
    double t = s1 + bs, bb = t - s1, t_lo = (s1 - (t - bb)) + (bs - bb);
    double residual = (t - s2) + ((t_lo + s1_lo) - s2_lo);  /* t - s2 is exact: they are ulps apart */
    double r = rs * up;
    *r_lo = r - r == 0.0 ? residual / (2.0 * rs) * up : 0.0;
    return r;
}
/* f = (x + r)/2, as (b/4)/((r + |x|)/2) for x <= 0 (no cancellation); f' = f/r; f'' = b/(2 r^3) */
INLINE double squareplus_f(double x, double b) {
    double r_lo, r = sqrt_sum_squares(x, b, &r_lo), a = fabs(x);
    double left = (0.25 * b) / ((0.5 * r + 0.5 * a) + 0.5 * r_lo);
    double right = (0.5 * maxd(x, 0.0) + 0.5 * r) + 0.5 * r_lo;
    return nan_through(x, x > 0 ? right : left);
}
INLINE double squareplus_g(double x, double b) {
    double r_lo, r = sqrt_sum_squares(x, b, &r_lo);
    double g = squareplus_f(x, b) / r * (1.0 - r_lo / r);
    return nan_through(x, x - x == 0.0 ? g : (x > 0 ? 1.0 : 0.0));
}
INLINE double squareplus_g2(double x, double b) {
    double r_lo, r = sqrt_sum_squares(x, b, &r_lo);
    return nan_through(x, ((0.5 * b / r) / r) / r * (1.0 - 3.0 * r_lo / r));
}
/* bent identity: f = x + x^2/(2(r + 1)), f' = 1 + x/(2r), f'' = 1/(2 r^3), with b = 1 */
INLINE double bent_identity_f(double x, double unused) {
    double r_lo, r = sqrt_sum_squares(x, 1.0, &r_lo), a = fabs(x);
    double half = a / ((r + 1.0) + r_lo) * 0.5;
    return nan_through(x, x - x == 0.0 ? x + a * half : x);
}
INLINE double bent_identity_g(double x, double unused) {
    double r_lo, r = sqrt_sum_squares(x, 1.0, &r_lo);
    double ratio = x - x == 0.0 ? x / r * (1.0 - r_lo / r) : (x > 0 ? 1.0 : -1.0);
    return nan_through(x, 1.0 + 0.5 * ratio);
}
INLINE double bent_identity_g2(double x, double unused) {
    double r_lo, r = sqrt_sum_squares(x, 1.0, &r_lo);
    return nan_through(x, ((0.5 / r) / r) / r * (1.0 - 3.0 * r_lo / r));
}

/* float32 (lite) squareplus and bent identity: for a float32 x, x^2 + b in double has no
 * cancellation and cannot overflow, so r = sqrt(x^2 + b) needs no scaling and no low part */
#define SQRT_LITE_BIG 0x1p60  /* from here on r = |x| to double precision: the limits' forms */
INLINE double squareplus_f32(double x, double b) {
    double r = sqrt(fma(x, x, b)), a = fabs(x), left = (0.25 * b) / (0.5 * (r + a));
    return nan_through(x, x > 0 ? 0.5 * (x + r) : left);
}
INLINE double squareplus_g32(double x, double b) {
    double r = sqrt(fma(x, x, b)), a = fabs(x), left = ((0.5 * b) / r) / (r + a);
    double right = a > SQRT_LITE_BIG ? 1.0 : 0.5 + 0.5 * (x / r);
    return nan_through(x, x > 0 ? right : left);
}
INLINE double bent_identity_f32(double x, double unused) {
    double r = sqrt(fma(x, x, 1.0)), a = fabs(x);
    return nan_through(x, a > SQRT_LITE_BIG ? x * (x > 0 ? 1.5 : 0.5) : x + (x * x) / (2.0 * (r + 1.0)));
}
INLINE double bent_identity_g32(double x, double unused) {
    double r = sqrt(fma(x, x, 1.0));
    return nan_through(x, fabs(x) > SQRT_LITE_BIG ? 1.0 + copysign(0.5, x) : 1.0 + 0.5 * (x / r));
}

/* ---- float16 and bfloat16, as their bits ------------------------------------------------------
 * Widened exactly; narrowed with one rounding to nearest (even) straight from float64: |v| is
 * scaled by a power of two to units of its quantum 2^qexp (exact), rounded to an integer there
 * (the one rounding), and scaled back (exact); the result then fits a float32 exactly. */
#define HALF_MIN_EXP (-14)        /* float16: smallest normal exponent, 10 fraction bits */
#define HALF_DIGITS 10
#define BFLOAT16_MIN_EXP (-126)   /* bfloat16: float32's exponents, 7 fraction bits */
#define BFLOAT16_DIGITS 7
INLINE double half_to_double(uint16_t h) {
    int64_t e = (h >> 10) & 0x1F;
    double m = (double)(h & 0x3FF);
    double finite = e == 0 ? m * 0x1p-24 : (m + 1024.0) * pow2_bits(e - 25);
    double special = m == 0.0 ? as_double(0x7FF0000000000000ULL) : as_double(0x7FF8000000000000ULL);
    double mag = e == 31 ? special : finite;
    return mag * (1.0 - 2.0 * (double)(h >> 15));  /* the sign, -0 included */
}
INLINE double bfloat16_to_double(uint16_t b) { return (double)as_float((uint32_t)b << 16); }
/* |v| = a as m 2^(E - digits), E = max(floor(log2 a), min_exp), m rounded to an integer: exact
 * scalings around the one rounding; NaN stays NaN, inf stays inf */
INLINE double rounded_units(double a, int64_t min_exp, int64_t digits, int64_t *E_out) {
    const double shift = 0x1p52;
    int64_t e = (int64_t)((as_bits(a) >> 52) & 0x7FF) - 1023;  /* floor(log2 a) for normal a */
    int64_t E = e > min_exp ? e : min_exp;
    *E_out = E;
    return (a * pow2_bits(digits - E) + shift) - shift;
}
INLINE uint16_t sign_bit16(double v) { return (uint16_t)((as_bits(v) >> 48) & 0x8000); }
/* an integer-valued double in [0, 2^16) as an integer, through the bits of d + 2^52 (exact) */
INLINE uint16_t small_integer(double d) { return (uint16_t)(as_bits(d + 0x1p52) & 0xFFFF); }
/* float16 bits of |v| = M 2^(E - 10) with E = max(floor(log2 |v|), -14) and M rounded to an integer:
 * (E + 14) 1024 + M, in which M = 2048 (rounding up to the next binade) and M = 1024 (from the
 * subnormals up to 2^-14) carry into the exponent field by themselves */
INLINE uint16_t double_to_half(double v) {
    double a = fabs(v);
    int64_t E;
    double m = rounded_units(a, HALF_MIN_EXP, HALF_DIGITS, &E);
    double bits = (double)(E - HALF_MIN_EXP) * 1024.0 + m;
    bits = bits >= 31744.0 ? 31744.0 : bits;  /* 0x7C00: inf */
    bits = a != a ? 32256.0 : bits;           /* 0x7E00: NaN */
    return (uint16_t)(small_integer(bits) | sign_bit16(v));
}
INLINE uint16_t double_to_bfloat16(double v) {
    int64_t E;
    double m = rounded_units(fabs(v), BFLOAT16_MIN_EXP, BFLOAT16_DIGITS, &E);
    double a = m * pow2_bits(E - BFLOAT16_DIGITS);
    uint32_t u = as_float_bits((float)a);  /* exact; from 2^128 on inf, and NaN stays NaN */
    return (uint16_t)((u >> 16) | sign_bit16(v));
}

/* ---- the entries with compiled kernels ------------------------------------------------------
 * X(name, f, f', f'', float32 f, float32 f'), functions of (x, p); X2: of (x, p, q), two parameters.
 * The float32 functions serve float16 and bfloat16 too. */
#define ACTLAB_ENTRIES(X, X2)                                                                      \
    X(sigmoid, sigmoid_f, sigmoid_g, sigmoid_g2, sigmoid_f32, sigmoid_g32)                          \
    X(scaled_sigmoid, scaled_sigmoid_f, scaled_sigmoid_g, scaled_sigmoid_g2, scaled_sigmoid_f32, scaled_sigmoid_g32) \
    X(tanh, tanh_f, tanh_g, tanh_g2, tanh_f32, tanh_g32)                                            \
    X(softsign, softsign_f, softsign_g, softsign_g2, softsign_f, softsign_g)                        \
    X(relu, relu_f, relu_g, zero_g2, relu_f, relu_g)                                                \
    X(leaky_relu, leaky_f, leaky_g, zero_g2, leaky_f, leaky_g)                                      \
    X(prelu, leaky_f, leaky_g, zero_g2, leaky_f, leaky_g)                                           \
    X(elu, elu_f, elu_g, elu_g2, elu_f32, elu_g32)                                                  \
    X(swish, swish_f, swish_g, swish_g2, swish_f32, swish_g32)                                        \
    X(silu, silu_f, silu_g, silu_g2, silu_f32, silu_g32)                                              \
    X(gelu, gelu_f, gelu_g, gelu_g2, gelu_f32, gelu_g32)                                              \
    X(gelu_tanh, gelu_tanh_f, gelu_tanh_g, gelu_tanh_g2, gelu_tanh_f32, gelu_tanh_g)                \
    X(softplus, softplus_f, softplus_g, softplus_g2, softplus_f32, softplus_g32)                    \
    X(relu6, relu6_f, relu6_g, zero_g2, relu6_f, relu6_g)                                           \
    X(hard_sigmoid, hard_sigmoid_f, hard_sigmoid_g, zero_g2, hard_sigmoid_f, hard_sigmoid_g)        \
    X(hard_swish, hard_swish_f, hard_swish_g, hard_swish_g2, hard_swish_f, hard_swish_g)            \
    X(log_sigmoid, log_sigmoid_f, log_sigmoid_g, log_sigmoid_g2, log_sigmoid_f32, log_sigmoid_g32)  \
    X(identity, identity_f, identity_g, zero_g2, identity_f, identity_g)                            \
    X(hardshrink, hardshrink_f, shrink_g, zero_g2, hardshrink_f, shrink_g)                          \
    X(softshrink, softshrink_f, shrink_g, zero_g2, softshrink_f, shrink_g)                          \
    X(sparse_sigmoid, sparse_sigmoid_f, sparse_sigmoid_g, zero_g2, sparse_sigmoid_f, sparse_sigmoid_g) \
    X(sparse_plus, sparse_plus_f, sparse_sigmoid_f, sparse_sigmoid_g, sparse_plus_f, sparse_sigmoid_f) \
    X(selu, selu_f, selu_g, selu_g2, selu_f32, selu_g32)                                                \
    X(mish, mish_f, mish_g, mish_g2, mish_f32, mish_g32)                                                \
    X(celu, celu_f, celu_g, celu_g2, celu_f32, celu_g32)                                                \
    X(tanhshrink, tanhshrink_f, tanhshrink_g, tanhshrink_g2, tanhshrink_f32, tanhshrink_g32)            \
    X(squareplus, squareplus_f, squareplus_g, squareplus_g2, squareplus_f32, squareplus_g32)            \
    X(bent_identity, bent_identity_f, bent_identity_g, bent_identity_g2, bent_identity_f32, bent_identity_g32)                                                \
    X(exponential, exponential_f, exponential_f, exponential_f, exponential_f32, exponential_f32)   \
    X2(hard_tanh, hard_tanh_f, hard_tanh_g, zero_g2_2, hard_tanh_f, hard_tanh_g)                    \
    X2(threshold, threshold_f, threshold_g, zero_g2_2, threshold_f, threshold_g)                    \
    X2(rrelu, rrelu_f, rrelu_g, zero_g2_2, rrelu_f, rrelu_g)

#endif
