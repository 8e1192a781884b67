/* The scalar mathematics of actlab's compiled kernels, shared by two compilers:
 *   - _kernels.c (gcc, -ffp-contract=off): the CPU loops, vectorised and threaded;
 *   - _cuda.py (NVRTC, --fmad=false): fused CUDA kernels, one per entry and dtype.
 * Both compile the same operations in the same order with no contraction, so a CUDA result
 * is the CPU result, bit for bit. Each entry's f, f' and f'' are the formulas of its NumPy
 * kernel in src/actlab/catalogue/ (see there for the derivations); ACTLAB_ENTRIES lists the
 * entries with their float64 and float32 functions. Portable C: no libm calls but fma, fabs,
 * copysign and sqrt (an instruction); no tables but constant ones (three read by a computed row:
 * NORMAL_TAIL_TABLE, NORMAL_CDF_TABLE and EXP2_SIXTEENTHS, which _kernels.c also reads by vector
 * instructions, with the same operations).
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
/* the same for an integral double k: the low bits of k + 1023 + 2^52 are k + 1023, shifted into the
 * exponent field. No conversion to an integer: without AVX-512 there is no vector one from double to
 * int64, and gcc left every loop that made one scalar (all float64 kernels, on AVX2) */
INLINE double pow2i(double k) { return as_double(as_bits(k + (1023.0 + 0x1p52)) << 52); }
/* an integer n in [0, 2^52) as a double, from the bits of 2^52 + n (no conversion, as in pow2i) */
INLINE double small_integer_to_double(uint64_t n) { return as_double(n | 0x4330000000000000ULL) - 0x1p52; }
/* v * 2^k for integral k in [-6000, 1024] and finite |v| < 2^50 (exp_core's values), rounded once:
 * v 2^k1 is exact; below k = -2022, v 2^-1000 2^-1022 underflows to 0 as v 2^k does */
INLINE double scale2(double v, double k) {
    double k1 = clampd(k, -1000.0, 1023.0), k2 = maxd(k - k1, -1022.0);
    return v * pow2i(k1) * pow2i(k2);
}
/* v * 2^k for integral k in [-1086, 959], rounded once as scale2: v 2^(k + 64) is exact and normal
 * (2^(k + 64) is a normal power), and the product by 2^-64 is the one rounding */
INLINE double scale2_near(double v, double k) { return v * pow2i(k + 64.0) * 0x1p-64; }
/* v + 1.5 2^52 - 1.5 2^52 rounds v (|v| < 2^51) to an integer, which the low bits of the sum hold:
 * no conversion that could trap, which gcc would not vectorise */
#define ROUNDING_SHIFT 0x1.8p52
/* c[0] + t (c[1] + t (... + t c[degree])), each step one fma */
INLINE double horner(const double *c, int degree, double t) {
    double p = c[degree];
    for (int j = degree - 1; j >= 0; j--) p = fma(p, t, c[j]);
    return p;
}
/* f (c[0] + c[1] (s t) + ... + c[degree] (s t)^degree) for powers of two f and s, by Horner's rule in t
 * with the coefficients f c_j s^j, which the compiler folds: the same bits as f horner(c, degree, s t)
 * (each step's value is s^j times that step's, rounded alike), without the products by s and f */
INLINE double horner_dilated(const double *c, int degree, double t, double s, double f) {
    double sj = f;
    for (int j = 0; j < degree; j++) sj *= s;
    double p = c[degree] * sj;
    for (int j = degree - 1; j >= 0; j--) {
        sj /= s;
        p = fma(p, t, c[j] * sj);
    }
    return p;
}
/* the terms of horner4 whose powers are top, top - 4, ... (>= 0), divided by t^(top mod 4) */
INLINE double chain4(const double *c, int top, double t4) {
    double p = c[top];
    for (int i = top - 4; i >= 0; i -= 4) p = fma(p, t4, c[i]);
    return p;
}
/* c[0] + c[1] t + ... + c[degree] t^degree (degree >= 3) as four Horner chains in t^4, one for each
 * residue of the power mod 4, joined as (p0 + t p1) + t^2 (p2 + t p3): a quarter of Horner's chain of
 * dependent fmas, for two multiplications more. The long float64 kernels are bound by that chain's
 * latency, not by the FMA units (float64 kernels with exp_core 1.05-1.13x faster in cache); for the
 * short polynomials of the float32 kernels (degree 7, 8) plain Horner is faster */
INLINE double horner4(const double *c, int degree, double t) {
    double t2 = t * t, t4 = t2 * t2;
    double p0 = chain4(c, degree - degree % 4, t4), p1 = chain4(c, degree - (degree - 1) % 4, t4);
    double p2 = chain4(c, degree - (degree - 2) % 4, t4), p3 = chain4(c, degree - (degree - 3) % 4, t4);
    return fma(t2, fma(p3, t, p2), fma(p1, t, p0));
}
/* (e^r - 1 - r)/r^2 to degree 11: 1/2!, 1/3!, ..., 1/13! */
CONSTANT double EXP_TAYLOR_TAIL[12] = {1.0 / 2.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0,
                                       1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 3628800.0, 1.0 / 39916800.0,
                                       1.0 / 479001600.0, 1.0 / 6227020800.0};
/* e^y = 2^k (hi + lo) for |y| <= 6000: Cody-Waite reduction y = k ln2 + r (r carried in two
 * parts), e^r - 1 - r from its Taylor polynomial to degree 13 (truncation below 2^-57 relative),
 * 1 + r as an exact pair: hi + lo is then rounded once (about 0.5 ulp). */
INLINE double exp_core(double y, double *k, double *hi_out, double *lo_out) {
    double kd = fma(y, INV_LN2, ROUNDING_SHIFT) - ROUNDING_SHIFT;  /* the integer nearest y/ln 2, from one rounding */
    double r1 = fma(-kd, LN2_HI, y);  /* exact */
    double r = fma(-kd, LN2_LO, r1);
    double r_lo = fma(-kd, LN2_LO, r1 - r);
    double q = horner4(EXP_TAYLOR_TAIL, 11, r);
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
/* Q(z) = (2 atanh(s) - 2s)/s^3 for z = s^2 <= (3 - 2 sqrt 2)^2, fitted by tools/fit_log_atanh_float64.py
 * (relative error 2^-50.9, which enters log(1 + f) times z/3: below 2^-57; its Taylor series took
 * degree 9) */
CONSTANT double LOG_ATANH_POLY[7] = {0x1.5555555555558p-1, 0x1.9999999995300p-2, 0x1.2492492dee5a0p-2, 0x1.c71c62e8d3992p-3,
                                     0x1.7462b3d0fabd6p-3, 0x1.39fe7a28d6e94p-3, 0x1.2b5726b357134p-3};
/* log(1 + t) for t in [0, 1]: log(u) of u = fl(1 + t), plus the rounding c/u */
INLINE double log1p_unit(double t) {
    double u = 1.0 + t;
    double c = t - (u - 1.0);
    double kd = u > 0x1.6a09e667f3bcdp+0 ? 1.0 : 0.0;  /* reduce to u/2 beyond sqrt 2 */
    double f = kd == 1.0 ? 0.5 * u - 1.0 : u - 1.0;
    double s = f / (2.0 + f), z = s * s;
    double R = horner(LOG_ATANH_POLY, 6, z) * z;
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
/* The float32 kernels' reciprocals and reciprocal square roots (recip_lite, rsqrt_lite), and float64
 * tanh's reciprocal for its correction step (recip_near, beside tanh_from_exp): a division
 * (and sqrt), correctly rounded, where the vector unit divides in a pipeline of its own beside the FMA
 * units, else Newton steps (to 2^-38), as measured on three processors: AVX2 on Zen 3 divides every
 * 4-5 cycles (the float32 kernels 1.1-1.5x faster than with the Newton steps); AVX-512 on Zen 4
 * (gcc 12 calls it znver3, gcc 13 znver4) divides as fast, 1.1-1.5x, but a square root and a division
 * in turn were 0.8-0.97x the Newton steps for 1/sqrt; on the AVX-512 Intel core measured, vdivpd zmm did
 * not pipeline and bounded the loops, so Newton for both. The CUDA kernels take the host's choices
 * (_cuda.py defines ACTLAB_NEWTON_RECIPROCALS and ACTLAB_NEWTON_RSQRT where the host's kernels take
 * Newton's), so that a CUDA result stays the CPU result, bit for bit. */
#if defined(__znver3__) || defined(__znver4__) || defined(__znver5__)
#define ZEN_CORE 1
#else
#define ZEN_CORE 0
#endif
#if (defined(__AVX512F__) && !ZEN_CORE) || defined(ACTLAB_NEWTON_RECIPROCALS)
#define NEWTON_RECIPROCALS 1
#else
#define NEWTON_RECIPROCALS 0
#endif
#if defined(__AVX512F__) || defined(ACTLAB_NEWTON_RSQRT)
#define NEWTON_RSQRT 1
#else
#define NEWTON_RSQRT 0
#endif
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
/* the same to 2^-38, enough for the float32 kernels: two cubic steps (e -> e^3 -> e^9); or 1/d */
INLINE double recip_lite(double d) {
    if (!NEWTON_RECIPROCALS) return 1.0 / d;
    double r = as_double(RECIP_MAGIC - as_bits(d));
    double e = fma(-d, r, 1.0);
    r = fma(r, fma(e, e, e), r);
    e = fma(-d, r, 1.0);
    return fma(r, fma(e, e, e), r);
}
/* n/d for a positive normal d: the quotient, correctly rounded, where the divider pipelines, else n times
 * recip_lite(d) (one product fewer than n recip_lite(d) there, and one rounding) */
INLINE double quotient_lite(double n, double d) { return NEWTON_RECIPROCALS ? n * recip_lite(d) : n / d; }
/* 1/sqrt(s) for a positive normal s without sqrt or division (see NEWTON_RSQRT), to 2^-38: a seed
 * from the bits (relative error < 0.035), then two steps y (1 + e/2 + 3e^2/8), e = 1 - s y^2 (the
 * series of (1 - e)^{-1/2} to e^2: relative error d -> 5d^3/2, 0.035 -> 2^-13.3 -> 2^-38.5) */
#define RSQRT_MAGIC 0x5FE6EB50C7B537A9ULL
INLINE double rsqrt_lite(double s) {
    if (!NEWTON_RSQRT) return 1.0 / sqrt(s);
    double y = as_double(RSQRT_MAGIC - (as_bits(s) >> 1));
    double e = fma(-s * y, y, 1.0);
    y = fma(y * e, fma(e, 0.375, 0.5), y);
    e = fma(-s * y, y, 1.0);
    return fma(y * e, fma(e, 0.375, 0.5), y);
}
/* e^y = 2^k (1 + r P(r)) for |y| <= 700: k = round(y/ln 2) from the bits of y/ln 2 + 1.5 2^52, which
 * give 2^k as well; r = y - k ln 2 in one product (|k| <= 1010: an error below 2^-45); P fitted by
 * tools/fit_exp_float32.py, relative error 2^-43.4, which is that of e^r - 1 too */
CONSTANT double LN2 = 0x1.62e42fefa39efp-1;
CONSTANT double EXP_LITE_POLY[9] = {
    0x1.0000000000000p+0, 0x1.fffffffff73b8p-2, 0x1.5555555564792p-3, 0x1.55555573e92dbp-5,
    0x1.111110e7dab93p-7, 0x1.6c164e78e4927p-10, 0x1.a01a68f5de8b9p-13, 0x1.a159b1c6ea833p-16,
    0x1.71fccd8125d63p-19};
/* the reduction of y = c v for a power of two c, with c folded into its constants: r/c = v - k ln2/c
 * (the same bits as r/c from y itself); 2^k and k */
INLINE double exp_lite_reduce_times(double v, double c, double *scale, double *kd_out) {
    double shifted = fma(v, c * INV_LN2, ROUNDING_SHIFT), kd = shifted - ROUNDING_SHIFT;
    *scale = as_double((as_bits(shifted) - as_bits(ROUNDING_SHIFT) + 1023) << 52);
    *kd_out = kd;
    return fma(-kd, LN2 / c, v);
}
INLINE double exp_lite_reduce(double y, double *scale, double *kd_out) { return exp_lite_reduce_times(y, 1.0, scale, kd_out); }
/* e^y = 2^k (1 + r P(r)) with P of the given degree */
INLINE double exp_lite_by(const double *P, int degree, double y) {
    double scale, kd, r = exp_lite_reduce(y, &scale, &kd);
    return fma(scale, r * horner(P, degree, r), scale);
}
INLINE double exp_lite(double y) { return exp_lite_by(EXP_LITE_POLY, 8, y); }
/* e^{c v} for a power of two c, with c folded into the reduction's constants and P's coefficients:
 * the same bits as exp_lite(c v), without the product c v */
INLINE double exp_lite_times(double v, double c) {
    double scale, kd, rc = exp_lite_reduce_times(v, c, &scale, &kd);
    return fma(scale, rc * horner_dilated(EXP_LITE_POLY, 8, rc, c, c), scale);
}
/* e^y and e^y - 1 for |y| <= 700 from one reduction: for k = 0 the reduction is exact (r = y) */
INLINE double exp_expm1_lite(double y, double *em) {
    double scale, kd, r = exp_lite_reduce(y, &scale, &kd), m = r * horner(EXP_LITE_POLY, 8, r);
    *em = kd == 0.0 ? m : fma(scale, m, scale - 1.0);
    return fma(scale, m, scale);
}
INLINE double expm1_lite(double y) { double em; exp_expm1_lite(y, &em); return em; }
/* the same with P's Taylor polynomial to degree 9, whose error (r^10/11!) vanishes at small r: float32
 * mish' needs it near its zero, where it cancels (with the fitted P it was 8.9 ulp there) */
CONSTANT double EXP_TAYLOR_POLY[10] = {1.0, 1.0 / 2.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0,
                                       1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 3628800.0};
INLINE double exp_taylor_lite(double y) { return exp_lite_by(EXP_TAYLOR_POLY, 9, y); }
/* log(1 + t) for t in [0, 1]: 2 atanh(s) = 2 s R(s^2), s = t/(2 + t) in [0, 1/3], R = 1 + w (...) fitted
 * by tools/fit_log1p_float32.py (relative error 2^-38.4; with the quotient's, below 2^-37; t itself for
 * tiny t). A polynomial in t itself took degree 14 for 2^-40.5: with a reciprocal that pipelines, this
 * one is shorter (softplus, log_sigmoid) */
CONSTANT double LOG1P_POLY[7] = {0x1.0000000000000p+0, 0x1.5555553af9bfap-2, 0x1.9999bcf4b2752p-3, 0x1.248a625a1fcfcp-3, 0x1.c8ba0b16782f2p-4, 0x1.5f42b02edfca7p-4, 0x1.be1242718074ap-4};
INLINE double log1p_lite(double t) {
    double s = quotient_lite(t, 2.0 + t);
    return (s + s) * horner(LOG1P_POLY, 6, s * s);
}
/* ---- logistic quantities of z = hi + lo (see _math.Logistic) --------------- */
/* 1/d within an ulp (1/2 exactly for d = 2): a division where the vector unit divides in a pipeline of
 * its own (NEWTON_RECIPROCALS 0: on Zen 4 float64 tanh and scaled_sigmoid f 1.12-1.13x, tanhshrink
 * 1.08-1.13x, in cache), else recip and one more step */
INLINE double recip_near(double d) {
    if (!NEWTON_RECIPROCALS) return 1.0 / d;
    double r = recip(d);
    return fma(r, fma(-d, r, 1.0), r);
}
/* tanh(|z|/2) = (1 - e^{-|z|})/(1 + e^{-|z|}) from e^{-|z|} = 2^k (hi + lo): numerator and
 * denominator as exact pairs, then one correction step of the division, the step times a
 * reciprocal (for tiny z the step is the whole result) */
INLINE double tanh_from_exp(double sh, double sl) {  /* e^{-|z|} = sh + sl (exp_core's parts, scaled) */
    double e_hi = sh + sl, e_lo = (sh - e_hi) + sl;  /* |sl| < |sh| */
    double num = 1.0 - e_hi, num_lo = ((1.0 - num) - e_hi) - e_lo;  /* e_hi <= 1 */
    double den = 1.0 + e_hi, den_lo = ((1.0 - den) + e_hi) + e_lo;
    double th = num / den, r = recip_near(den);
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

#define LOGISTIC_UNDERFLOW 840.0  /* e^{-840} 2^128 < 2^-1076 */
/* The logistic quantities in two steps: logistic_exp, the exponential t = e^{-|z|} (scaled by 2^128
 * below the normal range, with the first-order correction for lo), and logistic_with, the rest from
 * t. The CPU loops of the XL entries run the two in loops of their own (_kernels.c): one loop
 * holding both was bound by the latency of its long chain (the exponential, then the divisions),
 * split the same kernels ran 1.1-1.25x faster, with the same bits */
INLINE double logistic_exp(double hi, double lo, double *k, double *e_hi0, double *e_lo0) {
    hi = clampd(hi, -Z_SATURATED, Z_SATURATED);
    /* e^{-a} 2^128 rounds to 0 beyond a = LOGISTIC_UNDERFLOW: there the exponential is clipped (its
     * k >= -1212, and k + 128 within scale2_near's range) */
    double a = fabs(hi), p = exp_core(-mind(a, LOGISTIC_UNDERFLOW), k, e_hi0, e_lo0);
    double t = scale2_near(p, a > LOG_TINY ? *k + SCALE_BITS : *k);
    double c = hi > 0.0 ? lo : (hi < 0.0 ? -lo : 0.0);
    return lo == 0.0 ? t : t - t * c;  /* the same for lo = 0 (t is finite); folds away where lo is a constant 0 */
}
INLINE double logistic_stage(double hi, double lo) { double k, e_hi0, e_lo0; return logistic_exp(hi, lo, &k, &e_hi0, &e_lo0); }
/* every quantity but th, from t = logistic_stage(hi, lo) */
INLINE logistic_t logistic_with(double hi, double lo, double t) {
    logistic_t L;
    double a = fabs(clampd(hi, -Z_SATURATED, Z_SATURATED));
    L.unscale = a > LOG_TINY ? 0x1p-128 : 1.0;
    double one_plus_t = a > LOG_TINY ? 1.0 : 1.0 + t;  /* e^{-a} < 2^-1022 adds nothing to 1 */
    double big = 1.0 / one_plus_t, small = t / one_plus_t;
    L.s = hi >= 0.0 ? big : small;
    L.sn = hi >= 0.0 ? small : big;
    L.d = small - small * small;
    L.th = 0.0;  /* set by logistic (not needed by the XL entries) */
    L.small = small;
    L.t = t;
    return L;
}
INLINE logistic_t logistic(double hi, double lo) {
    double k, e_hi0, e_lo0, t = logistic_exp(hi, lo, &k, &e_hi0, &e_lo0);
    logistic_t L = logistic_with(hi, lo, t);
    double th_scale = pow2i(maxd(k, -HALF_TANH_SATURATED));  /* below 2^-64, e^{-a} leaves th = +-1 */
    L.th = copysign(tanh_from_exp(e_hi0 * th_scale, e_lo0 * th_scale), hi) + 2.0 * lo * L.d;
    return L;
}
INLINE double unscale(const logistic_t *L, double r, int where) { return where ? r * L->unscale : r; }

/* ---- the entries ------------------------------------------------------------ */
/* XL entries (see logistic_exp): f and f' as f_from(x, p, t, m) and g_from(x, p, t, m) of t = NAME_stage(x, p)
 * and m = NAME_middle(t), a function of t alone that f needs (log(1 + t): softplus, log_sigmoid), which
 * the CPU loops compute in a third loop where NAME_MIDDLE is 1 (f and (f, f') only) */
#define FROM_STAGE(NAME, F) INLINE double F(double x, double p) { double t = NAME##_stage(x, p); return F##_from(x, p, t, NAME##_middle(t)); }
#define NO_MIDDLE(NAME) enum { NAME##_MIDDLE = 0 }; INLINE double NAME##_middle(double t) { return t; }
INLINE double sigmoid_stage(double x, double a) { return logistic_stage(x, 0); }
INLINE double sigmoid_f_from(double x, double a, double t, double m) { logistic_t L = logistic_with(x, 0, t); return nan_through(x, unscale(&L, L.s, x < 0)); }
INLINE double sigmoid_g_from(double x, double a, double t, double m) { logistic_t L = logistic_with(x, 0, t); return nan_through(x, unscale(&L, L.d, 1)); }
NO_MIDDLE(sigmoid)
FROM_STAGE(sigmoid, sigmoid_f)
FROM_STAGE(sigmoid, sigmoid_g)
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
/* the logistic quantities of z = beta x (hi + lo) from t = swish_stage(x, beta) (swish, silu, softplus) */
INLINE double swish_stage(double x, double beta) { double lo, z = scaled_product(beta, x, &lo); return logistic_stage(z, lo); }
INLINE logistic_t scaled_logistic_with(double x, double beta, double t, double *z) {
    double lo;
    *z = scaled_product(beta, x, &lo);
    return logistic_with(*z, lo, t);
}
INLINE double swish_f_from(double x, double beta, double t, double m) {
    double z; logistic_t L = scaled_logistic_with(x, beta, t, &z);
    return nan_through(x, unscale(&L, mul_limit(x, L.s), z < 0));
}
INLINE double swish_g_from(double x, double beta, double t, double m) {
    double z; logistic_t L = scaled_logistic_with(x, beta, t, &z);
    return nan_through(x, unscale(&L, L.s * plus_product(1.0, z, L.sn), z < 0));
}
NO_MIDDLE(swish)
FROM_STAGE(swish, swish_f)
FROM_STAGE(swish, swish_g)
INLINE double swish_g2(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, beta * L.d * plus_product(2.0, -z, L.th), 1));
}
INLINE double silu_stage(double x, double a) { return swish_stage(x, 1.0); }
INLINE double silu_f_from(double x, double a, double t, double m) { return swish_f_from(x, 1.0, t, m); }
INLINE double silu_g_from(double x, double a, double t, double m) { return swish_g_from(x, 1.0, t, m); }
NO_MIDDLE(silu)
FROM_STAGE(silu, silu_f)
FROM_STAGE(silu, silu_g)
INLINE double silu_g2(double x, double a) { return swish_g2(x, 1.0); }

INLINE double softplus_stage(double x, double beta) { return swish_stage(x, beta); }
enum { softplus_MIDDLE = 1 };
INLINE double softplus_middle(double t) { return log1p_unit(t); }
INLINE double softplus_f_from(double x, double beta, double t, double m) {
    double z; logistic_t L = scaled_logistic_with(x, beta, t, &z);
    return nan_through(x, unscale(&L, maxd(x, 0.0) + m * (1.0 / beta), z < 0));
}
INLINE double softplus_g_from(double x, double beta, double t, double m) {
    double z; logistic_t L = scaled_logistic_with(x, beta, t, &z);
    return nan_through(x, unscale(&L, L.s, z < 0));
}
FROM_STAGE(softplus, softplus_f)
FROM_STAGE(softplus, softplus_g)
INLINE double softplus_g2(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo); logistic_t L = logistic(z, lo);
    return nan_through(x, unscale(&L, beta * L.d, 1));
}

/* ---- catalogue entries (catalogue/hard.py, smooth_more.py): the outer piece at kinks away from 0 ---- */
INLINE double relu6_f(double x, double a) { return nan_through(x, x <= 0.0 ? 0.0 : (x >= 6.0 ? 6.0 : x)); }
INLINE double relu6_g(double x, double a) { return nan_through(x, (x > 0.0) & (x < 6.0) ? 1.0 : 0.0); }

/* v/6, or for the float32 kernels (lite) v (1/6): one rounding more, without the division (below) */
INLINE double sixth(double v, int lite) { return lite ? v * (1.0 / 6.0) : v / 6.0; }
INLINE double hard_sigmoid_from(double x, int lite) {
    double mid = sixth(clampd(x, -3.0, 3.0) + 3.0, lite);
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : mid));
}
INLINE double hard_sigmoid_f(double x, double a) { return hard_sigmoid_from(x, 0); }
INLINE double hard_sigmoid_g(double x, double a) { return nan_through(x, (x > -3.0) & (x < 3.0) ? 1.0 / 6.0 : 0.0); }

INLINE double hard_swish_f_from(double x, int lite) {
    double xm = clampd(x, -3.0, 3.0), mid = sixth(xm * (xm + 3.0), lite);
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? x : mid));
}
INLINE double hard_swish_g_from(double x, int lite) {
    double mid = sixth(2.0 * clampd(x, -3.0, 3.0) + 3.0, lite);
    return nan_through(x, x <= -3.0 ? 0.0 : (x >= 3.0 ? 1.0 : mid));
}
INLINE double hard_swish_f(double x, double a) { return hard_swish_f_from(x, 0); }
INLINE double hard_swish_g(double x, double a) { return hard_swish_g_from(x, 0); }
INLINE double hard_swish_g2(double x, double a) { return nan_through(x, (x > -3.0) & (x < 3.0) ? 1.0 / 3.0 : 0.0); }

INLINE double log_sigmoid_stage(double x, double a) { return logistic_stage(x, 0); }
enum { log_sigmoid_MIDDLE = 1 };
INLINE double log_sigmoid_middle(double t) { return log1p_unit(t); }
INLINE double log_sigmoid_f_from(double x, double a, double t, double m) {
    logistic_t L = logistic_with(x, 0, t);
    return nan_through(x, unscale(&L, mind(x, 0.0) - m, x > 0));
}
INLINE double log_sigmoid_g_from(double x, double a, double t, double m) { logistic_t L = logistic_with(x, 0, t); return nan_through(x, unscale(&L, L.sn, x > 0)); }
FROM_STAGE(log_sigmoid, log_sigmoid_f)
FROM_STAGE(log_sigmoid, log_sigmoid_g)
INLINE double log_sigmoid_g2(double x, double a) { logistic_t L = logistic(x, 0); return nan_through(x, unscale(&L, -L.d, 1)); }

/* ---- gelu (exact), the tail form: Phi(-a) = e^{-a^2/2} S(t) for a = |x| <= 48, t = 4/(4 + a) --
 * (float64 f and f' where |x| > NORMAL_CDF_MAX, and NaN; the table below takes the others)
 * S (Mills' ratio over sqrt(2 pi)) on piece k, the integer nearest 16 t, is a degree-9 polynomial in
 * w = 16 t - k (tools/fit_normal_tail_float64.py; relative error 2^-55.7), its constant term a pair.
 * The rounding of T = 16 t = fl(64/d), d = 4 + a = d + d_lo, is undone to first order from
 * S'(a) = a S - 1/sqrt(2 pi): with r = 64 - T d (exact), the t computed is that of a - da,
 * da = (T d_lo - r) d/64, so S(a) = S + (a S - 1/sqrt(2 pi)) da. In three steps, so that the
 * compiled loops can read the table a column at a time (_kernels.c, for the far elements): the
 * reduction to a row and w, the row's polynomial, the correction. */
#define NORMAL_TAIL_K 4.0
#define NORMAL_TAIL_ROWS 16     /* the table's shape (the tool's PIECES and DEGREE + 2) */
#define NORMAL_TAIL_COLUMNS 11
#define NORMAL_TAIL_SCALE (NORMAL_TAIL_K * NORMAL_TAIL_ROWS)  /* T = 16 t = 64/d */
/* pieces 16, 1 .. 15: c0 (hi, lo), c1 .. c9; worst relative error on t >= t(48) 1.75e-17 (2^-55.7) */
CONSTANT double NORMAL_TAIL_TABLE[16][11] = {
    {0x1.0000000000000p-1, -0x1.74f20e88c4a27p-66, 0x1.9884533d43651p-4, 0x1.33bdd6615e4dap-7, 0x1.0da30797556a8p-11, 0x1.be6cf1dcfa5f0p-17, -0x1.aebb87c304635p-24, -0x1.ac35f5890181dp-27, 0x1.8f909b5cd3d03p-34, 0x1.b9f83403e6f88p-37, -0x1.282dee00158a1p-42},
    {0x1.b3a162c7532a2p-8, -0x1.4515ebefde826p-62, 0x1.d06a2656d8f47p-8, 0x1.e8c88e74e7907p-12, 0x1.dd0aefd507f95p-16, 0x1.a86e875052b77p-20, 0x1.4ec488baa8bf5p-24, 0x1.bbdb478adbbedp-29, 0x1.af96e1c4f686cp-34, 0x1.0ada5b0bc4400p-40, -0x1.0f7527d57ab28p-43},
    {0x1.d2488076fa77fp-7, -0x1.3e94a6611186ap-61, 0x1.09c5aa5078360p-7, 0x1.2685febd0989dp-11, 0x1.2aaf4b6554f7ep-15, 0x1.0f7e26b9816cep-19, 0x1.aafee41cfbc4bp-24, 0x1.0e2291213a29cp-28, 0x1.b8f5ed36f6d8fp-34, -0x1.472868943cfb0p-41, -0x1.f471eb4dc32b7p-43},
    {0x1.77d9880423d9fp-6, -0x1.497152e2f1ac6p-60, 0x1.325eb735d3d04p-7, 0x1.657172f2f242cp-11, 0x1.779611a961186p-15, 0x1.5a9624a97abe9p-19, 0x1.0c88dd6cd71bcp-23, 0x1.3bd22a0edbd61p-28, 0x1.7be151d144ce1p-34, -0x1.aeaf4bf87d480p-39, -0x1.6ec94ebde90fdp-42},
    {0x1.0e7dcd1d93192p-5, 0x1.03e232135a62ep-62, 0x1.63cfc8735fac0p-7, 0x1.b4ae6c4931897p-11, 0x1.d9846723d55a0p-15, 0x1.b8209ffc54f81p-19, 0x1.4b2fb06ba3c83p-23, 0x1.5d7eab6a494f2p-28, 0x1.b166de52fba54p-35, -0x1.bc5308000e98cp-38, -0x1.b2568fb668ecdp-42},
    {0x1.6ec210149bfcfp-5, -0x1.b637b79998664p-59, 0x1.a066e5701108dp-7, 0x1.0c50adb201f45p-10, 0x1.2aacdd824974fp-14, 0x1.150390f316a7dp-18, 0x1.8e131ef8c5b95p-23, 0x1.66d1dc9660819p-28, -0x1.091af8dd1e52ap-36, -0x1.55d68a9a364c0p-37, -0x1.8b6206a4e3006p-42},
    {0x1.dfdcb3b8704bap-5, -0x1.78c326bc45eadp-60, 0x1.eb0da916a0274p-7, 0x1.4b50c9da5b346p-10, 0x1.7823148e1338cp-14, 0x1.5862a7ad6e6edp-18, 0x1.cf6a6e9f221dcp-23, 0x1.4b0192181dc54p-28, -0x1.c96963c97db06p-34, -0x1.af85c1d7e708cp-37, -0x1.b897e8a8cf5d5p-43},
    {0x1.32e0f7a686905p-4, 0x1.c4a09b267c982p-58, 0x1.23b4145ce1f62p-6, 0x1.9a7f2ca3763f1p-10, 0x1.d7ab99c51c480p-14, 0x1.a556e9ec9a47cp-18, 0x1.03a2ced60dbf6p-22, 0x1.008dbd5161ca7p-28, -0x1.c60459481c061p-33, -0x1.c72dfb717154bp-37, 0x1.039bcb1c44ab4p-44},
    {0x1.82b4bb8c94dcep-4, -0x1.918ee526da236p-59, 0x1.5cf97b0ae882cp-6, 0x1.fd751a1fba3b2p-10, 0x1.25b6aa9658236p-13, 0x1.f9b05f0f59700p-18, 0x1.1644dc2f51bbcp-22, 0x1.0a1bb348b3336p-29, -0x1.4eec1f8edf4c3p-32, -0x1.87f7bb5ebcaa6p-37, 0x1.7dc3655d60a41p-42},
    {0x1.e283f6cf2da94p-4, 0x1.febacdae3d9c6p-60, 0x1.a40e4bd6079e6p-6, 0x1.3c1193a3d9980p-9, 0x1.6a6ace21be353p-13, 0x1.28ea8befafa29p-17, 0x1.1b4199f97db28p-22, -0x1.04f349fcc4d74p-31, -0x1.a05a40324e59dp-32, -0x1.ed2fca7160afap-38, 0x1.3d2ec2338bd07p-41},
    {0x1.2b136cd947f67p-3, -0x1.8e01cae2e5b8fp-58, 0x1.fc2b292c4c2e5p-6, 0x1.87531b182bf2dp-9, 0x1.ba2153945ea8bp-13, 0x1.547a3541afadep-17, 0x1.0f516e9fd4e5dp-22, -0x1.c19feecb2a8e8p-29, -0x1.c5ee4056d23c4p-32, -0x1.8047734fc78edp-40, 0x1.78161028a4269p-41},
    {0x1.712a1a147c914p-3, 0x1.872a765025c41p-57, 0x1.348614b5314d6p-5, 0x1.e28711580723ep-9, 0x1.0a30c96b6f383p-12, 0x1.7cbd30fa8eb12p-17, 0x1.e1e1fd8d86389p-23, -0x1.a62ad203a2a9bp-28, -0x1.b77bbed0d4068p-32, 0x1.4364ced8b18bep-38, 0x1.656f094ddfb67p-41},
    {0x1.c660e41e1f2b3p-3, 0x1.9d540eaba64c8p-57, 0x1.77758ffab8b4fp-5, 0x1.27c6dc7bdf606p-8, 0x1.3bfe229967174p-12, 0x1.9ed68bdfd378ep-17, 0x1.816b7c32d8818p-23, -0x1.2d0b5a16b5634p-27, -0x1.77798f6a96d5dp-32, 0x1.55f978e150906p-37, 0x1.132c6c439dfe4p-41},
    {0x1.17108825396c3p-2, -0x1.c8c8efa893078p-56, 0x1.c938b5dc48067p-5, 0x1.67fed0fda76c2p-8, 0x1.7188a36c51e3bp-12, 0x1.b829b42126cf8p-17, 0x1.026b7b357fd87p-23, -0x1.748c6b335e51bp-27, -0x1.11291a0840d3fp-32, 0x1.d084453379852p-37, 0x1.3a7642396b1d1p-42},
    {0x1.563773f6089f8p-2, 0x1.e6ecf2abe3278p-57, 0x1.162863cb240fep-4, 0x1.b2824dd51ad22p-8, 0x1.a99489188e0dap-12, 0x1.c6a28f53c4328p-17, 0x1.b4a70d953a17bp-25, -0x1.a2f137f564d4cp-27, -0x1.2996b04695875p-33, 0x1.02e85adc097b0p-36, 0x1.0c36075a50487p-44},
    {0x1.a2f98b1d4e1d2p-2, 0x1.a22a44f5f387bp-56, 0x1.51ae6fd0ccaf0p-4, 0x1.03d3bd446272dp-7, 0x1.e2aecce4e20f2p-12, 0x1.c8e6fccabe58ap-17, -0x1.a222132f8d044p-26, -0x1.b54b41e86aa96p-27, -0x1.383f771ed7adep-36, 0x1.f99d858f8eb33p-37, -0x1.228111924a93fp-43}};
/* the row of a = min(a_any, 48) for a_any = |x| (any a_any: inf and NaN included; e^{-a^2/2} is 0
 * beyond 48), w on it and the correction da. d_lo = (4 - d) + a is exact: for a <= 4 it is Fast2Sum;
 * for a > 4, 4 - d is exact (d - 4 is a multiple of d's ulp and below d), and so is the sum, the
 * rounding error of 4 + a */
INLINE int64_t normal_tail_reduce(double a_any, double *w, double *da) {
    double a = mind(a_any, GELU_CLIP);  /* NaN: 48 */
    double d = NORMAL_TAIL_K + a, d_lo = (NORMAL_TAIL_K - d) + a;
    double T = NORMAL_TAIL_SCALE / d, r = fma(-T, d, NORMAL_TAIL_SCALE);
    double shifted = T + ROUNDING_SHIFT, piece = shifted - ROUNDING_SHIFT;  /* k, the integer nearest T */
    *w = T - piece;  /* exact */
    *da = fma(T, d_lo, -r) * d * (1.0 / NORMAL_TAIL_SCALE);
    return (int64_t)(as_bits(shifted) & (NORMAL_TAIL_ROWS - 1));  /* row k mod 16 */
}
/* S on a row: c0 + w (c1 + w (c2 + ...)), c0 = hi + lo, each step one fma (_kernels.c repeats these
 * operations on columns of the table, so that both give the same bits) */
INLINE double normal_tail_row(int64_t row, double w) {
    const double *c = NORMAL_TAIL_TABLE[row];
    double p = c[NORMAL_TAIL_COLUMNS - 1];
    for (int j = NORMAL_TAIL_COLUMNS - 2; j >= 2; j--) p = fma(p, w, c[j]);
    return c[0] + fma(p, w, c[1]);
}
INLINE double normal_tail_corrected(double a_any, double s, double da) {
    return s + fma(mind(a_any, GELU_CLIP), s, -INV_SQRT_2PI) * da;
}
/* S(4/(4 + a)) for a = min(a_any, 48) */
INLINE double normal_tail(double a_any) {
    double w, da;
    int64_t row = normal_tail_reduce(a_any, &w, &da);
    return normal_tail_corrected(a_any, normal_tail_row(row, w), da);
}
/* e^{-x^2/2} = 2^k (hi + lo) with -x^2/2 clipped below at -floor. GELU_NEGLIGIBLE for x Phi(x) and
 * gelu': beyond it both are below a phi(a) <= 48 e^{-750}/sqrt(2 pi) < 2^-1077 in magnitude and round
 * to 0 (so do the values at the clip), and k >= -1082 keeps scale2_near exact. GELU_UNDERFLOW for
 * gelu'', up to a^2 times larger there, which scale2 scales */
#define GELU_NEGLIGIBLE 750.0
#define GELU_UNDERFLOW 836.0
typedef struct { double xc, square, square_lo, k, hi, lo; } gelu_t;
/* x^2 = square + square_lo for x clipped to [-48, 48], and e^y = 2^k (hi + lo) (exp_core) of
 * y = max(-square/2, -floor): lo takes the term (hi + lo)(-square_lo/2) of e^{-x^2/2} */
INLINE gelu_t gelu_parts(double x, double floor) {
    gelu_t G;
    G.xc = clampd(x, -GELU_CLIP, GELU_CLIP);
    G.square = G.xc * G.xc;
    G.square_lo = fma(G.xc, G.xc, -G.square);
    double p = exp_core(maxd(-0.5 * G.square, -floor), &G.k, &G.hi, &G.lo);
    G.lo = fma(p, -0.5 * G.square_lo, G.lo);
    return G;
}
INLINE double gelu_times(const gelu_t *G, double m) { return fma(G->hi, m, G->lo * m); }  /* e^{-x^2/2} m / 2^k */
/* with tail = S(4/(4 + |x|)) (normal_tail), Phi(-|x|) = 2^k m: x Phi(x) = 2^k (x m) for x < 0 (x
 * clipped at -48: x Phi(x) rounds to -0 there), rounded once where normal; x Phi(x) = x - x Phi(-x) */
INLINE double gelu_f_tail(double x, double tail) {
    gelu_t G = gelu_parts(x, GELU_NEGLIGIBLE);
    double m = gelu_times(&G, tail);
    double s = scale2_near(x < 0 ? maxd(x, -GELU_CLIP) * m : m, G.k);
    return nan_through(x, x < 0 ? s : fma(-G.xc, s, x));
}
/* gelu'(-a) = e^{-a^2/2} (S - a/sqrt(2 pi)) and gelu'(a) = 1 - e^{-a^2/2} (S - a/sqrt(2 pi)) */
INLINE double gelu_g_tail(double x, double tail) {
    gelu_t G = gelu_parts(x, GELU_NEGLIGIBLE);
    double v = scale2_near(gelu_times(&G, fma(-fabs(G.xc), INV_SQRT_2PI, tail)), G.k);
    return nan_through(x, x < 0 ? v : 1.0 - v);
}
INLINE double gelu_f_far(double x) { return gelu_f_tail(x, normal_tail(fabs(x))); }
INLINE double gelu_g_far(double x) { return gelu_g_tail(x, normal_tail(fabs(x))); }
/* ---- gelu near 0: Phi(-a) and phi(a), a = |x|, from a table (tools/normal_cdf_table.py) ---------
 * For the point r = i/128 of the grid nearest a and d = a - r, Phi(-a) = Phi(-r) - phi(r) d J, where
 * J = (1/d) int_0^d e^{-r t - t^2/2} dt = P0(u) + d^2 (P1(u) + d^2 P2(u)), u = r d, and
 * P_j(u) = sum_k (-1/2)^j (-u)^k / (j! k! (2j + k + 1)); and phi(a) = phi(r) E, E = e^{-u - d^2/2}
 * = Q0(u) + d^2 (Q1(u) + d^2 (Q2(u) + d^2 Q3)), Q_j(u) = sum_k (-1/2)^j (-u)^k / (j! k!). The table
 * holds Phi(-r) and phi(r) as pairs hi + lo, for r <= NORMAL_CDF_END; phi(r) d J is below a twentieth
 * of Phi(-a), so that its roundings weigh little. float64, for a <= NORMAL_CDF_MAX: P0, P1, P2 to
 * degrees 7, 5, 2 and Q0 .. Q3 to 8, 6, 4, 0 (what they leave out is below 2^-57 of Phi(-a) and
 * 2^-59 of phi(a)); no exponential: f 2x, f' 1.5x faster in cache than the tail forms above, which
 * take |x| > NORMAL_CDF_MAX and NaN */
#include "_kernels_normal_cdf.h"  /* NORMAL_CDF_TABLE (NVRTC: _cuda.py puts the file's text here) */
#define NORMAL_CDF_STEP 128.0
#define NORMAL_CDF_MAX 12.0
#define NORMAL_CDF_END 15.0
CONSTANT double NORMAL_CDF_P0[8] = {1.0, -1.0 / 2.0, 1.0 / 6.0, -1.0 / 24.0, 1.0 / 120.0, -1.0 / 720.0, 1.0 / 5040.0, -1.0 / 40320.0};
CONSTANT double NORMAL_CDF_P1[6] = {-1.0 / 6.0, 1.0 / 8.0, -1.0 / 20.0, 1.0 / 72.0, -1.0 / 336.0, 1.0 / 1920.0};
CONSTANT double NORMAL_CDF_P2[3] = {1.0 / 40.0, -1.0 / 48.0, 1.0 / 112.0};
CONSTANT double NORMAL_DENSITY_Q0[8] = {-1.0, 1.0 / 2.0, -1.0 / 6.0, 1.0 / 24.0, -1.0 / 120.0, 1.0 / 720.0, -1.0 / 5040.0, 1.0 / 40320.0};
CONSTANT double NORMAL_DENSITY_Q1[7] = {-1.0 / 2.0, 1.0 / 2.0, -1.0 / 4.0, 1.0 / 12.0, -1.0 / 48.0, 1.0 / 240.0, -1.0 / 1440.0};
CONSTANT double NORMAL_DENSITY_Q2[5] = {1.0 / 8.0, -1.0 / 8.0, 1.0 / 16.0, -1.0 / 48.0, 1.0 / 192.0};
CONSTANT double NORMAL_DENSITY_Q3[1] = {-1.0 / 48.0};
/* the row i of a = min(a_any, end) (NaN: end), r = i/128 and d = a - r, exact (a multiple of a's
 * ulp, and |d| <= 1/256 <= a unless i = 0, where d = a) */
INLINE int64_t normal_cdf_reduce(double a_any, double end, double *r, double *d) {
    double a = mind(a_any, end);
    double shifted = fma(a, NORMAL_CDF_STEP, ROUNDING_SHIFT);
    *r = (shifted - ROUNDING_SHIFT) * (1.0 / NORMAL_CDF_STEP);
    *d = a - *r;
    return (int64_t)(as_bits(shifted) - as_bits(ROUNDING_SHIFT));
}
/* Phi(-a) - hi = lo - phi(r) d J */
INLINE double normal_cdf_near(double r, double d, double lo, double pdf) {
    double u = r * d, v = d * d;
    double J = fma(v, fma(v, horner(NORMAL_CDF_P2, 2, u), horner(NORMAL_CDF_P1, 5, u)), horner(NORMAL_CDF_P0, 7, u));
    return fma(-pdf, d * J, lo);
}
/* E - 1 = phi(a)/phi(r) - 1 (Q0 without its constant 1, over u: NORMAL_DENSITY_Q0), to its own
 * relative accuracy: E itself, rounded, would be off by 2^-54 of a phi(a) where gelu' vanishes */
INLINE double normal_density_ratio_m1(double r, double d) {
    double u = r * d, v = d * d;
    return fma(v, fma(v, fma(v, horner(NORMAL_DENSITY_Q3, 0, u), horner(NORMAL_DENSITY_Q2, 4, u)),
                      horner(NORMAL_DENSITY_Q1, 6, u)), u * horner(NORMAL_DENSITY_Q0, 7, u));
}
/* x Phi(x) from Phi(-|x|) = hi + c: x hi + x c for x < 0 (one rounding of the pair), x - x (hi + c) */
INLINE double gelu_from_cdf(double x, double hi, double c) { return x < 0 ? fma(x, hi, x * c) : fma(-x, hi + c, x); }
/* gelu' = Phi(x) + x phi(x) from Phi(-a) = hi + c, E = 1 + e1 and m + m_lo = a phi(r) (a times the
 * pair; m_lo adds the product's rounding error): gelu'(-a) = ((hi - m) - m e1) + (c - m_lo E), where
 * hi - m is exact near the zero of gelu' (a = 0.75: hi and m are within a factor 2 there), and the
 * large terms' difference is rounded once: there the error is about 2^-62 absolute;
 * gelu'(a) = 1 - Phi(-a) + a phi(a) = ((1 - hi) + (m_lo E - c)) + m E */
INLINE double gelu_slope_from(double x, double hi, double c, double e1, double m, double m_lo) {
    double E = 1.0 + e1;
    return x < 0 ? fma(-m, e1, hi - m) + fma(-m_lo, E, c) : fma(m, E, (1.0 - hi) + fma(m_lo, E, -c));
}
/* r, d and the table's row of |x| clipped at end */
typedef struct { double r, d; const double *row; } normal_cdf_t;
INLINE normal_cdf_t normal_cdf_parts(double x, double end) {
    normal_cdf_t N;
    N.row = NORMAL_CDF_TABLE[normal_cdf_reduce(fabs(x), end, &N.r, &N.d)];
    return N;
}
INLINE double gelu_f_near(double x) {
    normal_cdf_t N = normal_cdf_parts(x, NORMAL_CDF_MAX);
    return gelu_from_cdf(x, N.row[0], normal_cdf_near(N.r, N.d, N.row[1], N.row[2]));
}
INLINE double gelu_g_near(double x) {
    normal_cdf_t N = normal_cdf_parts(x, NORMAL_CDF_MAX);
    double a = N.r + N.d, m = a * N.row[2], m_lo = fma(a, N.row[2], -m) + a * N.row[3];
    return gelu_slope_from(x, N.row[0], normal_cdf_near(N.r, N.d, N.row[1], N.row[2]), normal_density_ratio_m1(N.r, N.d), m, m_lo);
}
INLINE double gelu_f(double x, double a) { return fabs(x) <= NORMAL_CDF_MAX ? gelu_f_near(x) : gelu_f_far(x); }
INLINE double gelu_g(double x, double a) { return fabs(x) <= NORMAL_CDF_MAX ? gelu_g_near(x) : gelu_g_far(x); }
INLINE double gelu_g2(double x, double a) {  /* phi(x) (2 - x^2), without S */
    gelu_t G = gelu_parts(x, GELU_UNDERFLOW);
    return nan_through(x, scale2(gelu_times(&G, INV_SQRT_2PI * ((2.0 - G.square) - G.square_lo)), G.k));
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
 * the rounding, so within 0.5 + 2^-13 ulp after it. Where f' vanishes inside the line (silu', swish', gelu',
 * mish') the vanishing factor is computed as a product or a sum of terms of one sign; where a difference
 * cancels otherwise (sigma'' near 0, the f'' kernels) the float64 kernel serves float32 as well. */
#define LITE_EXP_CUT 210.0  /* 210 e^{-210} 2^128 < 2^-150: below, every float32 result, g f' (vjp) with any
                             * float32 g included, is 0 or its limit */
/* the logistic quantities of z clipped to the cut: u = e^z, r = 1/(1 + u); sigma(z) = u r, sigma(-z) = r and
 * sigma'(z) = u r^2, each to the relative accuracy of exp_lite and recip_lite on both sides of 0 (no select:
 * for z >> 0 r is e^{-z}, for z << 0 u r is e^z) */
typedef struct { double u, r; } lite_t;
INLINE double exp_cut_lite(double z) { return exp_lite(clampd(z, -LITE_EXP_CUT, LITE_EXP_CUT)); }  /* e^z, z clipped to the cut */
INLINE lite_t lite(double z) {
    lite_t L;
    L.u = exp_cut_lite(z);
    L.r = recip_lite(1.0 + L.u);
    return L;
}
INLINE double lite_s(lite_t L) { return L.u * L.r; }        /* sigma(z) */
INLINE double lite_d(lite_t L) { return L.u * L.r * L.r; }  /* sigma'(z) */
/* sigma(z) alone: u/(1 + u) (quotient_lite), u = e^z, z clipped to the cut */
INLINE double sigma_lite(double z) {
    double u = exp_cut_lite(z);
    return quotient_lite(u, 1.0 + u);
}
/* e^{-b}, b clipped to the cut, from a table of 2^{j/16} (16 doubles: one register pair on AVX-512, which
 * one permute reads): m, the integer nearest -16 b/ln 2, from the bits of shifted = 1.5 2^52 - 16 b/ln 2;
 * rn = b + m ln2/16 in [-ln2/32, ln2/32] (LN2's error times |m| <= 4848: below 2^-45); e^{-b} = 2^{m/16}
 * e^{-rn} = t (1 - rn Q(rn)), Q(rn) = P(-rn) of degree 4 (tools/fit_exp_float32.py: 2^-41.1 for P, so
 * 2^-46.6 for e^{-rn}). t = 2^{m/16}: EXP2_SIXTEENTHS[m mod 16] holds 2^{j/16} with j 2^48 taken from its
 * bits, so that adding the low 16 bits of shifted's (m mod 2^16) times 2^48 adds floor(m/16) to its
 * exponent, in one integer sum. No select: NaN b gives NaN (clampd passes it) */
CONSTANT double EXP_SIXTEENTHS_POLY[5] = {0x1.0000000000000p+0, -0x1.fffffffe5bc9dp-2, 0x1.55555555fd6f4p-3, -0x1.55570aa6aa8dbp-5,
                                          0x1.11115707d9579p-7};
CONSTANT double EXP2_SIXTEENTHS[16] = {
    0x1.0000000000000p+0, 0x1.fb5586cf9890fp-1, 0x1.f72b83c7d517bp-1, 0x1.f387a6e756238p-1, 0x1.f06fe0a31b715p-1,
    0x1.edea64c123422p-1, 0x1.ebfdad5362a27p-1, 0x1.eab07dd485429p-1, 0x1.ea09e667f3bcdp-1, 0x1.ea11473eb0187p-1,
    0x1.eace5422aa0dbp-1, 0x1.ec49182a3f090p-1, 0x1.ee89f995ad3adp-1, 0x1.f199bdd85529cp-1, 0x1.f5818dcfba487p-1,
    0x1.fa4afa2a490dap-1};
#define SIXTEENTHS_PER_LN2 (16.0 * INV_LN2)
/* t = 2^{m/16} from the bits of shifted = 1.5 2^52 + m */
INLINE double sixteenths_power(double shifted) {
    uint64_t bits = as_bits(shifted);
    return as_double(as_bits(EXP2_SIXTEENTHS[bits & 15]) + (bits << 48));
}
/* exp_neg_sixteenths's reduction: t = 2^{m/16} (returned) and rn, e^{-b} = t e^{-rn} */
INLINE double sixteenths_reduce(double b, double *rn) {
    double z = clampd(b, -LITE_EXP_CUT, LITE_EXP_CUT);
    double shifted = fma(z, -SIXTEENTHS_PER_LN2, ROUNDING_SHIFT), m = shifted - ROUNDING_SHIFT;
    *rn = fma(m, LN2 / 16.0, z);
    return sixteenths_power(shifted);
}
INLINE double exp_neg_sixteenths(double b) {
    double rn, t = sixteenths_reduce(b, &rn);
    return fma(-(t * rn), horner(EXP_SIXTEENTHS_POLY, 4, rn), t);
}
/* e^d for d <= 0 to 2^-51 (a float32 softmax row's e^{x - max}; d clipped at -SIXTEENTHS_LOW, where
 * t = 2^{m/16} is still normal: floor(m/16) >= -1021) from the same table: m the integer nearest
 * 16 d/ln 2, r = d - m ln2/16 in two steps (the first exact: LN2_HI has 32 bits, |m| < 2^14), and
 * e^d = t e^r = t (1 + r P(r)), P Taylor's to degree 6 (its error r^8/8! below 2^-59 for |r| <= ln2/32) */
#define SIXTEENTHS_LOW 707.0
INLINE double exp_sixteenths(double d) {
    double z = maxd(d, -SIXTEENTHS_LOW);
    double shifted = fma(z, SIXTEENTHS_PER_LN2, ROUNDING_SHIFT), m = shifted - ROUNDING_SHIFT;
    double r = fma(-m, LN2_LO / 16.0, fma(-m, LN2_HI / 16.0, z)), t = sixteenths_power(shifted);
    return fma(t * r, horner(EXP_TAYLOR_POLY, 6, r), t);
}
/* 1 - e^{-b} = (1 - t) + t rn Q(rn), without the cancellation of 1 - e near b = 0 (there t = 1 and it is
 * rn Q(rn)); elsewhere |1 - t| and t rn Q(rn) cancel at most by half: within 2^-40 */
INLINE double one_minus_exp_neg_sixteenths(double b) {
    double rn, t = sixteenths_reduce(b, &rn);
    return fma(t * rn, horner(EXP_SIXTEENTHS_POLY, 4, rn), 1.0 - t);
}
/* a sigma(x) = a/(1 + e) from e = e^{-x} (exp_neg_sixteenths): one quotient, where a u r (u = e^x,
 * r = 1/(1 + u)) takes a product more; with exp_neg_sixteenths relative error below 2^-45 where the
 * quotient is a division (2^-38 with Newton's steps). The float32 sigmoid, silu's f and glu's rows
 * (whose loops in _kernels.c take e by vector lanes: gcc's own vectorisation would read the table by
 * scalar loads) */
INLINE double times_logistic(double a, double e) { return quotient_lite(a, 1.0 + e); }
/* e^{-|z|} in (0, 1], |z| clipped to the cut (softplus, log_sigmoid: log(1 + e^{-|z|})) */
INLINE double exp_neg_abs_lite(double z) { return exp_lite(-mind(fabs(z), LITE_EXP_CUT)); }

/* sigma = 1/(1 + e) and sigma' = e/(1 + e)^2 = e r^2, r = 1/(1 + e), from e = e^{-x} (one reciprocal for
 * both; NaN x: NaN) */
INLINE double sigmoid_f32_from(double x, double e) { return times_logistic(1.0, e); }
INLINE double sigmoid_g32_from(double x, double e) { double r = recip_lite(1.0 + e); return e * r * r; }
INLINE double sigmoid_f32(double x, double a) { return sigmoid_f32_from(x, exp_neg_sixteenths(x)); }
INLINE double sigmoid_g32(double x, double a) { return sigmoid_g32_from(x, exp_neg_sixteenths(x)); }
enum { sigmoid_G_FROM_EXP = 1 };
/* a gated unit's float32 a act(x) (the gate's GATED_F): glu's a/(1 + e^{-x}) in one quotient */
INLINE double sigmoid_gated_f32(double a, double x) { return times_logistic(a, exp_neg_sixteenths(x)); }
/* 4 sigma(x) - 2 = 2c/(2 - c), c = 1 - e^{-x} (one_minus_exp_neg_sixteenths: 1 + e = 2 - c), its sign
 * x's (at x = -0 too); its slope 4 e r^2 (r = 1/(1 + e)) from e = e^{-x}. f is not computed from e, whose
 * 1 - e cancels near 0: the loops take f by vector lanes (F_BY_LANES in _kernels.c) */
INLINE double scaled_sigmoid_f32(double x, double a) {
    double c = one_minus_exp_neg_sixteenths(x);
    return copysign(quotient_lite(2.0 * c, 2.0 - c), x);
}
INLINE double scaled_sigmoid_g32_from(double x, double e) { return 4.0 * sigmoid_g32_from(x, e); }
INLINE double scaled_sigmoid_g32(double x, double a) { return scaled_sigmoid_g32_from(x, exp_neg_sixteenths(x)); }
enum { scaled_sigmoid_G_FROM_EXP = 1 };
/* as every entry's float32 loops, NARROW_LOOPS_EXP's take a gated row (GATED_F) */
INLINE double scaled_sigmoid_gated_f32(double a, double x) { return a * scaled_sigmoid_f32(x, 0.0); }
#define TANH_LITE_SATURATED 20.0  /* |x| clipped there: tanh(20) rounds to 1 */
/* tanh by expm1 (tanhshrink' = tanh^2, whose loops gcc vectorises: it would read the table below by scalar loads) */
INLINE double tanh_expm1_f32(double x) {
    double em = expm1_lite(-2.0 * mind(fabs(x), TANH_LITE_SATURATED));
    return nan_through(x, copysign(quotient_lite(-em, 2.0 + em), x));
}
/* tanh x = (4 sigma(2x) - 2)/2: scaled_sigmoid's forms at 2x (exact); f' from e = e^{-2x} (the loops
 * stage e^{-2x}, exp_neg_twice_sixteenths) */
INLINE double tanh_f32(double x, double a) { return 0.5 * scaled_sigmoid_f32(2.0 * x, a); }
INLINE double tanh_g32_from(double x, double e) { return scaled_sigmoid_g32_from(2.0 * x, e); }
INLINE double exp_neg_twice_sixteenths(double x) { return exp_neg_sixteenths(2.0 * x); }
INLINE double tanh_g32(double x, double a) { return tanh_g32_from(x, exp_neg_twice_sixteenths(x)); }
enum { tanh_G_FROM_EXP = 1 };
INLINE double tanh_gated_f32(double a, double x) { return a * tanh_f32(x, 0.0); }
/* f: z = beta x alone, clipped at the cut, where scaled_product's saturation and low part change nothing
 * (the unused low part still cost softplus a third of its time; f' measured the same either way) */
INLINE double softplus_f32(double x, double beta) {
    return nan_through(x, maxd(x, 0.0) + log1p_lite(exp_neg_abs_lite(beta * x)) * (1.0 / beta));
}
INLINE double softplus_g32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    return nan_through(x, sigma_lite(z));
}
INLINE double log_sigmoid_f32(double x, double a) { return nan_through(x, mind(x, 0.0) - log1p_lite(exp_neg_abs_lite(x))); }
INLINE double log_sigmoid_g32(double x, double a) { return nan_through(x, lite(x).r); }
INLINE double elu_f32(double x, double alpha) {
    return nan_through(x, x > 0 ? x : alpha * expm1_lite(clampd(x, -LITE_EXP_CUT, 0.0)));
}
INLINE double elu_g32(double x, double alpha) {
    return nan_through(x, x > 0 ? 1.0 : alpha * exp_lite(clampd(x, -LITE_EXP_CUT, 0.0)));
}
/* gelu' of a float32: e^{-a^2/2} and t = 4/(4 + a) (NORMAL_TAIL_K, as in float64) for a = |x| <= 21 (below);
 * for a float32 x, a^2 is exact in double. Beyond 21, gelu' 2^128 < 2^-150, so that g gelu' (vjp) is
 * right for every float32 g */
#define GELU_LITE_CLIP 21.0
/* e^{-a^2/2} and u = t/K for x clipped to [-21, 21], a = |x|; the polynomials in t are evaluated in u
 * (horner_dilated), t = K u is not formed */
typedef struct { double xc, a, e, u; } normal_lite_t;
INLINE normal_lite_t normal_lite(double x) {
    normal_lite_t N;
    N.xc = clampd(x, -GELU_LITE_CLIP, GELU_LITE_CLIP);
    N.a = fabs(N.xc);
    N.e = exp_lite_times(N.a * N.a, -0.5);
    N.u = recip_lite(NORMAL_TAIL_K + N.a);
    return N;
}
/* x Phi(x) by the table (normal_cdf_near's form): Phi(-a) = hi - phi(r) d (P0(u) + d^2 P1(u)), P0 and P1
 * to degrees 5 and 3 (what they and lo leave out is below 2^-40 of Phi(-a)), a clipped at
 * NORMAL_CDF_END: beyond 14.5, x Phi(x) rounds to -0 in float32 (x is clipped there too), and
 * x Phi(x) = x (1 - Phi(-a)) to x. NaN stays NaN through the arithmetic */
INLINE double gelu_f32(double x, double a_) {
    normal_cdf_t N = normal_cdf_parts(x, NORMAL_CDF_END);
    double u = N.r * N.d, J = fma(N.d * N.d, horner(NORMAL_CDF_P1, 3, u), horner(NORMAL_CDF_P0, 5, u));
    double q = fma(-N.row[2], N.d * J, N.row[0]);  /* Phi(-a) */
    return x < 0 ? maxd(x, -NORMAL_CDF_END) * q : x * (1.0 - q);
}
/* gelu' = Phi(x) + x phi(x): gelu'(-a) = e^{-a^2/2} D and gelu'(a) = 1 - e^{-a^2/2} D, D = S(t) - a/sqrt(2 pi),
 * which vanishes at a0 (gelu'(-a0) = 0). D = (a0 - a) R(t), R fitted by the same tool (relative error
 * 2^-41.7), and a0 - a from a0 as a two-part constant: D keeps its relative accuracy where gelu' vanishes */
CONSTANT double GELU_SLOPE_ZERO_HI = 0x1.80ead197f00b4p-1, GELU_SLOPE_ZERO_LO = -0x1.13e74c58cada8p-56;
CONSTANT double GELU_SLOPE_POLY[15] = {
    0x1.988451b73c03dp-2, 0x1.331f7fe370b3ep-4, 0x1.06a735f57b82bp-4, 0x1.a521d79f29183p-5,
    0x1.2b1c6b33267a3p-5, 0x1.dd7e6e77a0bc5p-6, -0x1.0132e35a01566p-8, 0x1.8d5ba75cb529dp-5,
    -0x1.5a82d37ebaa15p-4, 0x1.dcb453e4a2250p-4, -0x1.edcabf3426643p-4, 0x1.4340388f19251p-4,
    -0x1.f6adf2bdb4f3ap-6, 0x1.a8ff177082258p-8, -0x1.29fd6c04fd329p-11};
INLINE double gelu_g32(double x, double a_) {
    normal_lite_t N = normal_lite(x);
    double d = ((GELU_SLOPE_ZERO_HI - N.a) + GELU_SLOPE_ZERO_LO) * horner_dilated(GELU_SLOPE_POLY, 14, N.u, NORMAL_TAIL_K, 1.0);
    return nan_through(x, N.xc < 0.0 ? N.e * d : 1.0 - N.e * d);
}
/* swish(x) = x sigma(z) and swish'(x) = silu'(z) for z = beta x (hi + lo): silu'(z) = sigma(z) (1 + z sigma(-z))
 * = u (1 + z + u)/(1 + u)^2, u = e^z, where 1 + z + u vanishes at z0 (tools/silu_slope_zero.py). With
 * t = z - z0 (z0 a two-part constant) and u0 = e^{z0}, so that 1 + z0 + u0 = 0: u = u0 e^t and 1 + z + u
 * = t + u0 expm1(t), two terms of one sign, which keep their relative accuracy where silu' vanishes.
 * z is clipped to [-210, 40]: beyond, sigma(z) and silu' round to 1, or to 0 times any float32. f and f'
 * share u and 1/(1 + u), which gcc computes once where a loop needs both (the vjp of swiglu, (f, f')) */
CONSTANT double SILU_SLOPE_ZERO_HI = -0x1.474973c84120bp+0, SILU_SLOPE_ZERO_LO = -0x1.f8d74bc9ac154p-54;
CONSTANT double SILU_SLOPE_ZERO_EXP = 0x1.1d25cf210482ep-2;
#define SILU_LITE_SATURATED 40.0
typedef struct { double t, u, em, r; } silu_lite_t;
INLINE silu_lite_t silu_lite(double z, double lo) {
    silu_lite_t S;
    S.t = (clampd(z, -LITE_EXP_CUT, SILU_LITE_SATURATED) - SILU_SLOPE_ZERO_HI) + (lo - SILU_SLOPE_ZERO_LO);
    S.u = SILU_SLOPE_ZERO_EXP * exp_expm1_lite(S.t, &S.em);
    S.r = recip_lite(1.0 + S.u);
    return S;
}
INLINE double swish_f32(double x, double beta) {  /* sigma(z) is 0 beyond the cut, so that x sigma(z) is 0 at x = -inf */
    double lo, z = scaled_product(beta, x, &lo);
    silu_lite_t S = silu_lite(z, lo);
    return nan_through(x, mul_limit(x, z <= -LITE_EXP_CUT ? 0.0 : S.u * S.r));
}
/* silu's f from e = e^{-x} (x clipped at -210, so that silu(-inf) is 0); silu' keeps the form above, with
 * its own exponential */
INLINE double silu_f32_from(double x, double e) { return times_logistic(maxd(x, -LITE_EXP_CUT), e); }
INLINE double silu_f32(double x, double a) { return silu_f32_from(x, exp_neg_sixteenths(x)); }
INLINE double silu_gated_f32(double a, double x) { return a * silu_f32(x, 0.0); }  /* swiglu's a silu(x) */
INLINE double swish_g32(double x, double beta) {
    double lo, z = scaled_product(beta, x, &lo);
    silu_lite_t S = silu_lite(z, lo);
    return nan_through(x, (S.u * S.r) * (fma(SILU_SLOPE_ZERO_EXP, S.em, S.t) * S.r));
}
INLINE double silu_g32(double x, double a) { return swish_g32(x, 1.0); }
INLINE double silu_g32_from(double x, double e) { return silu_g32(x, 1.0); }
enum { silu_G_FROM_EXP = 0 };
INLINE double gelu_tanh_f32(double x, double a) {
    double xc = clampd(x, -GELU_TANH_CLIP, GELU_TANH_CLIP);
    double w = GELU_TANH_SCALE_HI * xc * (1.0 + GELU_TANH_CUBIC_HI * (xc * xc));
    return nan_through(x, maxd(x, -GELU_TANH_CLIP) * sigma_lite(w));  /* x sigma(w) rounds to -0 below the clip */
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

/* float32 softsign |x|/(1 + |x|), f' = 1/(1 + |x|)^2, and the hard entries' f/6: 1/(1 + |x|) from
 * recip_lite, |x| capped at 2^200 (the Newton steps need a normal 1 + |x|; only inf reaches the cap:
 * f = 1 there, and f' = 2^-400 times any float32 rounds to 0);
 * (x + 3)/6 as (x + 3)(1/6), x + 3 exact for a float32 x, one rounding more than the division */
#define SOFTSIGN_LITE_CAP 0x1p200
INLINE double softsign_a32(double x) { return mind(fabs(x), SOFTSIGN_LITE_CAP); }
INLINE double softsign_f32(double x, double a_) { double a = softsign_a32(x); return nan_through(x, copysign(a * recip_lite(1.0 + a), x)); }
INLINE double softsign_g32(double x, double a_) { double r = recip_lite(1.0 + softsign_a32(x)); return nan_through(x, r * r); }
INLINE double hard_sigmoid_f32(double x, double a) { return hard_sigmoid_from(x, 1); }
INLINE double hard_swish_f32(double x, double a) { return hard_swish_f_from(x, 1); }
INLINE double hard_swish_g32(double x, double a) { return hard_swish_g_from(x, 1); }

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
INLINE double mish_f(double x, double a) {
    double xc = clampd(x, -MISH_CLIP, MISH_CLIP);
    scaled_exp_t E = scaled_exp(-fabs(xc));
    double u = E.plain, y = xc * E.value;
    double left = (y - y * ((u * (u + 1.0)) / (2.0 + u * (2.0 + u)))) * E.unscale;
    double right = x - xc * ((2.0 * u * u) / (1.0 + 2.0 * u * (1.0 + u)));  /* u is v here */
    return nan_through(x, x <= 0.0 ? left : right);
}
INLINE double mish_g(double x, double a) {
    double xc = clampd(x, -MISH_CLIP, MISH_CLIP);
    scaled_exp_t E = scaled_exp(-fabs(xc));
    double u = E.plain;
    double bracket = (1.0 + xc) + u * ((1.5 + xc) + u * (1.0 + u * 0.25));
    double t2 = u * (2.0 + u * (2.0 + u * (1.0 + u * 0.25)));
    double rb = (2.0 * xc - 1.0) + u * ((2.0 * xc - 2.0) + u * -2.0);
    double q2 = 1.0 + u * (4.0 + u * (8.0 + u * (8.0 + u * 4.0)));
    double left = over_one_plus(E.value * bracket, t2) * E.unscale;
    double right = 1.0 + 2.0 * u * u * rb / q2;
    return nan_through(x, x <= 0.0 ? left : right);
}
/* float32: one formula for both signs in u = e^x, x clipped to [-210, 20] (below, mish and mish' times any
 * float32 are below 2^-150; above, tanh(softplus(x)) and mish' are within 2^-50 of 1). With n = u (u + 2),
 * tanh(softplus(x)) = n/(n + 2), and mish' = u B/(1 + u + u^2/2)^2, B = (1 + x) + u ((1.5 + x) + u (1 + u/4))
 * (the left form above: 1 + t2 = (1 + u + u^2/2)^2), each through one reciprocal without division. B cancels
 * near the zero of mish' (x = -1.19), where an error of e^x is amplified: mish' takes it from
 * exp_taylor_lite, whose error vanishes at small r (with the fitted P mish' was 8.9 ulp there) */
#define MISH_LITE_CLIP 210.0
#define MISH_LITE_SATURATED 20.0
INLINE double mish_f32(double x, double a) {
    double xl = maxd(x, -MISH_LITE_CLIP), u = exp_lite(mind(xl, MISH_LITE_SATURATED)), n = u * (u + 2.0);
    return nan_through(x, xl * quotient_lite(n, n + 2.0));
}
INLINE double mish_g32(double x, double a) {
    double xc = clampd(x, -MISH_LITE_CLIP, MISH_LITE_SATURATED), u = exp_taylor_lite(xc);
    double bracket = (1.0 + xc) + u * ((1.5 + xc) + u * (1.0 + u * 0.25));
    double r = recip_lite(1.0 + u * (1.0 + u * 0.5));
    return nan_through(x, (u * r) * (bracket * r));
}
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
    double total = horner4(TANHSHRINK_C, 14, y);
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
/* float32: below 1/2, x^3 c(x^2) with a - tanh a = a^3 c(a^2), c fitted by tools/fit_tanhshrink_float32.py
 * (relative error 2^-42); beyond, x - tanh x from the lite tanh (x - tanh x loses at most a factor 13
 * there: 2^-37 relative); f' = tanh^2 */
#define TANHSHRINK_LITE_SERIES_BELOW 0.5
CONSTANT double TANHSHRINK_POLY[8] = {
    0x1.5555555554fe8p-2, -0x1.1111110fb77b2p-3, 0x1.ba1b9ff4aaddap-5, -0x1.664ed6a6f46e0p-6,
    0x1.226015c0228f5p-7, -0x1.d4e83e51caaa6p-9, 0x1.6ace9515d6b96p-10, -0x1.a25b96365ced5p-12};
/* tanh |x| = (1 - e)/(1 + e), e = e^{-2|x|} <= 1/e for |x| >= 1/2: 1 - e does not cancel there, so the
 * exponential serves without expm1 (float32 tanhshrink f 1.12x, (f, f') 1.36x in cache; all 2^32 inputs
 * still within 0.5000 ulp of the float64 value) */
INLINE double tanh_abs_from_half_lite(double x) {
    double e = exp_lite(-2.0 * mind(fabs(x), TANH_LITE_SATURATED));
    return quotient_lite(1.0 - e, 1.0 + e);
}
INLINE double tanhshrink_f32(double x, double unused) {
    double z = x * x, near = (x * z) * horner(TANHSHRINK_POLY, 7, z);
    double far = copysign(fabs(x) - tanh_abs_from_half_lite(x), x);
    return nan_through(x, fabs(x) < TANHSHRINK_LITE_SERIES_BELOW ? near : far);
}
INLINE double tanhshrink_g32(double x, double unused) { double t = tanh_expm1_f32(x); return t * t; }

/* squareplus and bent_identity (catalogue/smooth_more.py) need r = sqrt(x^2 + b) as r + r_lo, to
 * about eps^2 relative (_special.sqrt_sum_squares): computed in a copy scaled by 2^-k (nothing
 * overflows), the residual x^2 + b - r^2 exact from fma products; +-inf gives (inf, 0) */
INLINE double sqrt_sum_squares(double x, double b, double *r_lo) {
    double a = fabs(x);
    /* k from the larger of the exponents of a and sqrt(b) (the bits of a select do not vectorise) */
    double ka = small_integer_to_double(as_bits(a) >> 52), kb = small_integer_to_double(as_bits(sqrt(b)) >> 52);
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

/* float32 (lite) squareplus and bent identity: for a float32 x, s = x^2 + b in double has no
 * cancellation and cannot overflow, and y = 1/sqrt(s) from rsqrt_lite (2^-38) gives r = s y and x/r = x y;
 * the one reciprocal left (f, f' for x <= 0; bent identity's r + 1) from recip_lite (see NEWTON_RSQRT
 * and NEWTON_RECIPROCALS); at |x| = inf (s = inf) the limits' forms */
typedef struct { double y, r; } rsqrt_t;
INLINE rsqrt_t sqrt_lite(double x, double b) { rsqrt_t R; double s = fma(x, x, b); R.y = rsqrt_lite(s); R.r = s * R.y; return R; }
INLINE double squareplus_f32(double x, double b) {
    rsqrt_t R = sqrt_lite(x, b);
    double left = (0.5 * b) * recip_lite(R.r + fabs(x)), right = 0.5 * (x + R.r);
    return nan_through(x, x - x == 0.0 ? (x > 0 ? right : left) : (x > 0 ? x : 0.0));
}
INLINE double squareplus_g32(double x, double b) {
    rsqrt_t R = sqrt_lite(x, b);
    double left = (0.5 * b) * R.y * recip_lite(R.r + fabs(x)), right = 0.5 + 0.5 * (x * R.y);
    return nan_through(x, x - x == 0.0 ? (x > 0 ? right : left) : (x > 0 ? 1.0 : 0.0));
}
INLINE double bent_identity_f32(double x, double unused) {
    rsqrt_t R = sqrt_lite(x, 1.0);
    double y = x + quotient_lite(0.5 * (x * x), R.r + 1.0);
    return nan_through(x, x - x == 0.0 ? y : x * (x > 0 ? 1.5 : 0.5));
}
INLINE double bent_identity_g32(double x, double unused) {
    rsqrt_t R = sqrt_lite(x, 1.0);
    return nan_through(x, x - x == 0.0 ? 1.0 + 0.5 * (x * R.y) : 1.0 + copysign(0.5, x));
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
    double bits = small_integer_to_double((uint64_t)(E - HALF_MIN_EXP)) * 1024.0 + m;
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
 * X(name, f, f', f'', float32 f, float32 f'), functions of (x, p); X1: as X, and the CPU loops have
 * a copy for p = 1 (the default), in which the parameter folds away; X2: of (x, p, q), two parameters;
 * XS: as X, and the CPU loops compute the float64 f and f' and the float32 f from NORMAL_CDF_TABLE a
 * vector at a time, and the far elements' S a tile at a time (NAME_table_tile and NAME_f32_loop in
 * _kernels.c); XL: as X1, and the float64 f and f' have forms f_from(x, p, t, m),
 * t = name_stage(x, p) (the logistic's exponential, see logistic_exp) and m = name_middle(t), which the
 * CPU loops compute in loops of their own (FROM_STAGE). The float32 functions serve float16 and bfloat16 too. */
#define ACTLAB_ENTRIES(X, X1, X2, XS, XL)                                                                      \
    XL(sigmoid, sigmoid_f, sigmoid_g, sigmoid_g2, sigmoid_f32, sigmoid_g32)                          \
    X(scaled_sigmoid, scaled_sigmoid_f, scaled_sigmoid_g, scaled_sigmoid_g2, scaled_sigmoid_f32, scaled_sigmoid_g32) \
    X(tanh, tanh_f, tanh_g, tanh_g2, tanh_f32, tanh_g32)                                            \
    X(softsign, softsign_f, softsign_g, softsign_g2, softsign_f32, softsign_g32)                        \
    X(relu, relu_f, relu_g, zero_g2, relu_f, relu_g)                                                \
    X(leaky_relu, leaky_f, leaky_g, zero_g2, leaky_f, leaky_g)                                      \
    X(prelu, leaky_f, leaky_g, zero_g2, leaky_f, leaky_g)                                           \
    X(elu, elu_f, elu_g, elu_g2, elu_f32, elu_g32)                                                  \
    XL(swish, swish_f, swish_g, swish_g2, swish_f32, swish_g32)                                        \
    XL(silu, silu_f, silu_g, silu_g2, silu_f32, silu_g32)                                              \
    XS(gelu, gelu_f, gelu_g, gelu_g2, gelu_f32, gelu_g32)                                             \
    X(gelu_tanh, gelu_tanh_f, gelu_tanh_g, gelu_tanh_g2, gelu_tanh_f32, gelu_tanh_g)                \
    XL(softplus, softplus_f, softplus_g, softplus_g2, softplus_f32, softplus_g32)                    \
    X(relu6, relu6_f, relu6_g, zero_g2, relu6_f, relu6_g)                                           \
    X(hard_sigmoid, hard_sigmoid_f, hard_sigmoid_g, zero_g2, hard_sigmoid_f32, hard_sigmoid_g)        \
    X(hard_swish, hard_swish_f, hard_swish_g, hard_swish_g2, hard_swish_f32, hard_swish_g32)            \
    XL(log_sigmoid, log_sigmoid_f, log_sigmoid_g, log_sigmoid_g2, log_sigmoid_f32, log_sigmoid_g32)  \
    X(identity, identity_f, identity_g, zero_g2, identity_f, identity_g)                            \
    X(hardshrink, hardshrink_f, shrink_g, zero_g2, hardshrink_f, shrink_g)                          \
    X(softshrink, softshrink_f, shrink_g, zero_g2, softshrink_f, shrink_g)                          \
    X(sparse_sigmoid, sparse_sigmoid_f, sparse_sigmoid_g, zero_g2, sparse_sigmoid_f, sparse_sigmoid_g) \
    X(sparse_plus, sparse_plus_f, sparse_sigmoid_f, sparse_sigmoid_g, sparse_plus_f, sparse_sigmoid_f) \
    X(selu, selu_f, selu_g, selu_g2, selu_f32, selu_g32)                                                \
    X(mish, mish_f, mish_g, mish_g2, mish_f32, mish_g32)                                                \
    X1(celu, celu_f, celu_g, celu_g2, celu_f32, celu_g32)                                                \
    X(tanhshrink, tanhshrink_f, tanhshrink_g, tanhshrink_g2, tanhshrink_f32, tanhshrink_g32)            \
    X(squareplus, squareplus_f, squareplus_g, squareplus_g2, squareplus_f32, squareplus_g32)            \
    X(bent_identity, bent_identity_f, bent_identity_g, bent_identity_g2, bent_identity_f32, bent_identity_g32)                                                \
    X(exponential, exponential_f, exponential_f, exponential_f, exponential_f32, exponential_f32)   \
    X2(hard_tanh, hard_tanh_f, hard_tanh_g, zero_g2_2, hard_tanh_f, hard_tanh_g)                    \
    X2(threshold, threshold_f, threshold_g, zero_g2_2, threshold_f, threshold_g)                    \
    X2(rrelu, rrelu_f, rrelu_g, zero_g2_2, rrelu_f, rrelu_g)

#endif
