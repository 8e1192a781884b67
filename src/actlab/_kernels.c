/* Compiled kernels: the accelerated path of actlab's elementwise entries.
 *
 * The per-element mathematics is in _kernels_math.h (shared with the CUDA
 * kernels of _cuda.py); here are the loops, which gcc vectorises (-O3
 * -march=native) and OpenMP spreads over threads (GELU's and glu's table reads by AVX-512 or
 * AVX2 intrinsics where the processor has them), and the Python glue.
 * exp, expm1 and log1p are computed there (libm calls would not vectorise). float32 input is
 * computed in float64 and rounded once, like the NumPy path, with shorter polynomials where the
 * value is well conditioned. The tests hold this path to the same references as the pure one,
 * and every float32 kernel to its float64 value.
 *
 * Python interface:
 *   run(kernel, op, x, g, out, out2, param, param2, threads, kind)
 *     kernel: index into names(); op: 0 f, 1 f', 2 f'', 3 g*f' (vjp), 4 (f, f')
 *     kind: 0 float64, 1 float32, 2 float16, 3 bfloat16 (its bits, as uint16)
 *     x, g, out, out2: C-contiguous buffers of that kind, of equal length
 *     (g only for op 3, out2 only for op 4; pass None otherwise)
 *   names() -> tuple of kernel names;
 *   constants() -> dict of the constants below.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* gcc cannot see that the float32 tiles are filled before the float64 loops read them */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "_kernels_math.h"

/* the float64 tile loops stay functions of their own: inlined into the float32 conversions they do not vectorise */
#define NOINLINE static __attribute__((noinline))

/* ---- loops -------------------------------------------------------------------- */
/* Each entry gets tile functions (float64 in and out: the loops that vectorise) and a driver
 * that spreads tiles over threads, converting narrow tiles to float64 and back. */
#define TILE 1024

/* CALL: ONE_PARAM or TWO_PARAMS, how each function takes its parameters after x. ops 0-4: f, f',
 * f'', the vjp g f', (f, f'); the gated units' rows (below) add GATED_F (a act(b)) and GATED_VJP.
 * Where a loop computes f and f' of x[i], x[i] is read once: read again after the store of f (which
 * may alias x), it kept gcc from computing their common part once (float32 sigmoid and swish (f, f')
 * 1.6-1.7x, float64 gelu, mish and squareplus 1.2-1.6x in cache) */
enum { GATED_F = 5, GATED_VJP = 6 };
#define TILE_LOOPS(F, G, G2, CALL, CALL2)                                                              \
    switch (op) {                                                                                      \
    case 0: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = CALL(F, x[i]); break;                      \
    case 1: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = CALL(G, x[i]); break;                      \
    case 2: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = CALL2(G2, x[i]); break;                    \
    case 3: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = g[i] * CALL(G, x[i]); break;               \
    default: SIMD for (Py_ssize_t i = 0; i < n; i++) { double v = x[i]; o[i] = CALL(F, v); o2[i] = CALL(G, v); } \
    }
#define ONE_PARAM(F, v) F(v, p)
#define TWO_PARAMS(F, v) F(v, p, q)
/* XL entries: s, the stage of each x (name_stage), and sm, the middle of each stage (name_middle) */
#define FROM_STAGE_P(F, v) F##_from(v, p, s[i], sm[i])
#define FROM_STAGE_UNIT(F, v) F##_from(v, 1.0, s[i], sm[i])

/* gcc's cost model declines some of the longer loops; they vectorise well all the same */
#define SIMD _Pragma("omp simd")

/* the float loops select around float<->double conversions, which gcc vectorises only when it
 * may assume that no floating-point operation traps; so do the float64 loops' selects where the
 * processor has no AVX-512 (whose masks if-convert them without that: there the float64 loops are
 * faster without it; on AVX2 gcc left every float64 kernel scalar) */
#define FLOAT_LOOP_OPTIONS __attribute__((optimize("no-trapping-math")))
#if defined(__AVX512F__)
#define FLOAT64_LOOP_OPTIONS
#else
#define FLOAT64_LOOP_OPTIONS FLOAT_LOOP_OPTIONS
#endif

/* the element types, as the Python glue names them */
enum { FLOAT64 = 0, FLOAT32 = 1, FLOAT16 = 2, BFLOAT16 = 3 };
static const int ITEMSIZE[] = {8, 4, 2, 2};

/* a narrow tile widened to float64 (exactly), and float64 results rounded once to it */
FLOAT64_LOOP_OPTIONS static void load_tile(int kind, const void *src, Py_ssize_t start, Py_ssize_t m, double *dst) {
    const float *f = (const float *)src + start;
    const uint16_t *h = (const uint16_t *)src + start;
    if (kind == FLOAT32) SIMD for (Py_ssize_t i = 0; i < m; i++) dst[i] = f[i];
    else if (kind == FLOAT16) SIMD for (Py_ssize_t i = 0; i < m; i++) dst[i] = half_to_double(h[i]);
    else SIMD for (Py_ssize_t i = 0; i < m; i++) dst[i] = bfloat16_to_double(h[i]);
}
FLOAT64_LOOP_OPTIONS static void store_tile(int kind, const double *src, Py_ssize_t start, Py_ssize_t m, void *dst) {
    float *f = (float *)dst + start;
    uint16_t *h = (uint16_t *)dst + start;
    if (kind == FLOAT32) SIMD for (Py_ssize_t i = 0; i < m; i++) f[i] = (float)src[i];
    else if (kind == FLOAT16) SIMD for (Py_ssize_t i = 0; i < m; i++) h[i] = double_to_half(src[i]);
    else SIMD for (Py_ssize_t i = 0; i < m; i++) h[i] = double_to_bfloat16(src[i]);
}

/* ---- vectors of doubles by intrinsics: tables read by a computed row ----------------------------
 * The functions of the header that read a table by a computed row, gelu's (NORMAL_CDF_TABLE) and glu's
 * float32 exponential (EXP2_SIXTEENTHS), are written again on vectors of V_LANES doubles (V_ names), where
 * the processor has AVX-512 (8 lanes) or AVX2 (4): the same operations in the same order, the same bits.
 * gelu_f_near's, gelu_g_near's and gelu_f32's (the XS entry's f and f', float32 f): the
 * V_LANES rows of the table read by 256-bit loads and transposed
 * into columns (3 gathers of a column each: 0.72x in cache; gcc's own vectorisation reads the table
 * by scalar loads: float64 f 0.92x the tail form on AVX2, float32 f 0.36x the former polynomial) */
_Static_assert(sizeof NORMAL_CDF_TABLE[0] == 4 * sizeof(double), "a row of the table is 4 doubles");
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif
#if defined(__AVX512F__)
#define VECTOR_LANES 1
#define V_LANES 8
typedef __m512d vd;
#define V_SPLAT _mm512_set1_pd
#define V_FMA _mm512_fmadd_pd
#define V_FNMA _mm512_fnmadd_pd  /* -a b + c */
#define V_FMS _mm512_fmsub_pd    /* a b - c */
#define V_MUL _mm512_mul_pd
#define V_ADD _mm512_add_pd
#define V_SUB _mm512_sub_pd
#define V_MIN _mm512_min_pd      /* a < b ? a : b, as mind */
#define V_MAX _mm512_max_pd      /* a > b ? a : b, as maxd */
#define V_ABS _mm512_abs_pd
#define V_LOAD _mm512_loadu_pd
#define V_STORE _mm512_storeu_pd
#define V_LOAD32(p) _mm512_cvtps_pd(_mm256_loadu_ps(p))
#define V_STORE32(p, v) _mm256_storeu_ps(p, _mm512_cvtpd_ps(v))
#define V_IF_LESS(v, w, yes, no) _mm512_mask_blend_pd(_mm512_cmp_pd_mask(v, w, _CMP_LT_OQ), no, yes)  /* v < w ? yes : no */
#define V_DIV _mm512_div_pd
#define V_COPYSIGN(v, s) _mm512_castsi512_pd(_mm512_ternarylogic_epi64(_mm512_set1_epi64(INT64_MIN), _mm512_castpd_si512(s), \
                                                                     _mm512_castpd_si512(v), 0xCA))  /* sign bit ? s : v */
#define V_MAGIC_MINUS(magic, v) _mm512_castsi512_pd(_mm512_sub_epi64(_mm512_set1_epi64((long long)(magic)), _mm512_castpd_si512(v)))
/* EXP2_SIXTEENTHS[bits & 15] with bits << 48 added to its bits, bits those of shifted (exp_neg_sixteenths):
 * the table in two registers, of which one permute reads by the low 4 bits of each lane's index */
INLINE vd sixteenths_lanes(vd shifted) {
    __m512i bits = _mm512_castpd_si512(shifted);
    vd t = _mm512_permutex2var_pd(_mm512_loadu_pd(EXP2_SIXTEENTHS), bits, _mm512_loadu_pd(EXP2_SIXTEENTHS + 8));
    return _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(t), _mm512_slli_epi64(bits, 48)));
}
/* the row i of each lane from shifted = a 128 + 1.5 2^52 (normal_cdf_reduce) */
INLINE void cdf_rows(vd shifted, int64_t *row) {
    _mm512_storeu_si512(row, _mm512_sub_epi64(_mm512_castpd_si512(shifted), _mm512_set1_epi64((long long)as_bits(ROUNDING_SHIFT))));
}
/* the columns of the lanes' rows (Phi(-r): hi, lo; phi(r): pdf, pdf_lo): rows j and j + 4 in one
 * register, then 2 x 2 blocks */
INLINE void cdf_columns(const int64_t *row, vd *hi, vd *lo, vd *pdf, vd *pdf_lo) {
    const __m512i pairs = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), other_pairs = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
#define ROWS(j) _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(NORMAL_CDF_TABLE[row[j]])), \
                                   _mm256_loadu_pd(NORMAL_CDF_TABLE[row[j + 4]]), 1)
    vd r04 = ROWS(0), r15 = ROWS(1), r26 = ROWS(2), r37 = ROWS(3);
#undef ROWS
    vd even01 = _mm512_unpacklo_pd(r04, r15), even23 = _mm512_unpacklo_pd(r26, r37);  /* hi, pdf */
    vd odd01 = _mm512_unpackhi_pd(r04, r15), odd23 = _mm512_unpackhi_pd(r26, r37);    /* lo, pdf_lo */
    *hi = _mm512_permutex2var_pd(even01, pairs, even23);
    *pdf = _mm512_permutex2var_pd(even01, other_pairs, even23);
    *lo = _mm512_permutex2var_pd(odd01, pairs, odd23);
    *pdf_lo = _mm512_permutex2var_pd(odd01, other_pairs, odd23);
}
#elif defined(__AVX2__) && defined(__FMA__)
#define VECTOR_LANES 1
#define V_LANES 4
typedef __m256d vd;
#define V_SPLAT _mm256_set1_pd
#define V_FMA _mm256_fmadd_pd
#define V_FNMA _mm256_fnmadd_pd
#define V_FMS _mm256_fmsub_pd
#define V_MUL _mm256_mul_pd
#define V_ADD _mm256_add_pd
#define V_SUB _mm256_sub_pd
#define V_MIN _mm256_min_pd
#define V_MAX _mm256_max_pd
#define V_ABS(v) _mm256_andnot_pd(_mm256_set1_pd(-0.0), v)
#define V_LOAD _mm256_loadu_pd
#define V_STORE _mm256_storeu_pd
#define V_LOAD32(p) _mm256_cvtps_pd(_mm_loadu_ps(p))
#define V_STORE32(p, v) _mm_storeu_ps(p, _mm256_cvtpd_ps(v))
#define V_IF_LESS(v, w, yes, no) _mm256_blendv_pd(no, yes, _mm256_cmp_pd(v, w, _CMP_LT_OQ))
#define V_DIV _mm256_div_pd
#define V_COPYSIGN(v, s) _mm256_or_pd(_mm256_andnot_pd(_mm256_set1_pd(-0.0), v), _mm256_and_pd(_mm256_set1_pd(-0.0), s))
#define V_MAGIC_MINUS(magic, v) _mm256_castsi256_pd(_mm256_sub_epi64(_mm256_set1_epi64x((long long)(magic)), _mm256_castpd_si256(v)))
/* the same by a gather (AVX2 has no permute that reads 16 entries) */
INLINE vd sixteenths_lanes(vd shifted) {
    __m256i bits = _mm256_castpd_si256(shifted);
    vd t = _mm256_i64gather_pd(EXP2_SIXTEENTHS, _mm256_and_si256(bits, _mm256_set1_epi64x(15)), 8);
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(t), _mm256_slli_epi64(bits, 48)));
}
INLINE void cdf_rows(vd shifted, int64_t *row) {
    _mm256_storeu_si256((__m256i *)row, _mm256_sub_epi64(_mm256_castpd_si256(shifted), _mm256_set1_epi64x((long long)as_bits(ROUNDING_SHIFT))));
}
/* the columns of the lanes' rows: the 4 x 4 block transposed */
INLINE void cdf_columns(const int64_t *row, vd *hi, vd *lo, vd *pdf, vd *pdf_lo) {
    vd r0 = _mm256_loadu_pd(NORMAL_CDF_TABLE[row[0]]), r1 = _mm256_loadu_pd(NORMAL_CDF_TABLE[row[1]]);
    vd r2 = _mm256_loadu_pd(NORMAL_CDF_TABLE[row[2]]), r3 = _mm256_loadu_pd(NORMAL_CDF_TABLE[row[3]]);
    vd even01 = _mm256_unpacklo_pd(r0, r1), even23 = _mm256_unpacklo_pd(r2, r3);  /* hi, pdf */
    *hi = _mm256_permute2f128_pd(even01, even23, 0x20);
    *pdf = _mm256_permute2f128_pd(even01, even23, 0x31);
    vd odd01 = _mm256_unpackhi_pd(r0, r1), odd23 = _mm256_unpackhi_pd(r2, r3);  /* lo, pdf_lo */
    *lo = _mm256_permute2f128_pd(odd01, odd23, 0x20);
    *pdf_lo = _mm256_permute2f128_pd(odd01, odd23, 0x31);
}
#else
#define VECTOR_LANES 0
#endif
#define V_IF_NEGATIVE(v, yes, no) V_IF_LESS(v, V_SPLAT(0.0), yes, no)

#if VECTOR_LANES
INLINE vd horner_lanes(const double *c, int degree, vd t) {
    vd p = V_SPLAT(c[degree]);
    for (int j = degree - 1; j >= 0; j--) p = V_FMA(p, t, V_SPLAT(c[j]));
    return p;
}
/* quotient_lite's operations: a division, or recip_lite's steps */
INLINE vd quotient_lite_lanes(vd n, vd d) {
    if (!NEWTON_RECIPROCALS) return V_DIV(n, d);
    vd r = V_MAGIC_MINUS(RECIP_MAGIC, d), e = V_FNMA(d, r, V_SPLAT(1.0));
    r = V_FMA(r, V_FMA(e, e, e), r);
    e = V_FNMA(d, r, V_SPLAT(1.0));
    return V_MUL(n, V_FMA(r, V_FMA(e, e, e), r));
}
/* times_logistic's */
INLINE vd times_logistic_lanes(vd a, vd e) { return quotient_lite_lanes(a, V_ADD(V_SPLAT(1.0), e)); }
/* exp_neg_sixteenths's operations (the clip as clampd's: NaN through; AVX-512's range instruction, one
 * operation where these are two, takes NaN to a bound) */
INLINE vd sixteenths_reduce_lanes(vd b, vd *rn) {
    vd z = V_MAX(V_SPLAT(-LITE_EXP_CUT), V_MIN(V_SPLAT(LITE_EXP_CUT), b));
    vd shifted = V_FMA(z, V_SPLAT(-SIXTEENTHS_PER_LN2), V_SPLAT(ROUNDING_SHIFT)), m = V_SUB(shifted, V_SPLAT(ROUNDING_SHIFT));
    *rn = V_FMA(m, V_SPLAT(LN2 / 16.0), z);
    return sixteenths_lanes(shifted);
}
INLINE vd exp_neg_sixteenths_lanes(vd b) {
    vd rn, t = sixteenths_reduce_lanes(b, &rn);
    return V_FNMA(V_MUL(t, rn), horner_lanes(EXP_SIXTEENTHS_POLY, 4, rn), t);
}
INLINE vd one_minus_exp_neg_sixteenths_lanes(vd b) {
    vd rn, t = sixteenths_reduce_lanes(b, &rn);
    return V_FMA(V_MUL(t, rn), horner_lanes(EXP_SIXTEENTHS_POLY, 4, rn), V_SUB(V_SPLAT(1.0), t));
}
/* exp_sixteenths's */
INLINE vd exp_sixteenths_lanes(vd d) {
    vd z = V_MAX(d, V_SPLAT(-SIXTEENTHS_LOW));
    vd shifted = V_FMA(z, V_SPLAT(SIXTEENTHS_PER_LN2), V_SPLAT(ROUNDING_SHIFT)), m = V_SUB(shifted, V_SPLAT(ROUNDING_SHIFT));
    vd r = V_FNMA(m, V_SPLAT(LN2_LO / 16.0), V_FNMA(m, V_SPLAT(LN2_HI / 16.0), z)), t = sixteenths_lanes(shifted);
    return V_FMA(V_MUL(t, r), horner_lanes(EXP_TAYLOR_POLY, 6, r), t);
}
/* normal_cdf_reduce, and the row's columns */
INLINE void cdf_lanes(vd v, double end, vd *r, vd *d, vd *hi, vd *lo, vd *pdf, vd *pdf_lo) {
    vd a = V_MIN(V_ABS(v), V_SPLAT(end));
    vd shifted = V_FMA(a, V_SPLAT(NORMAL_CDF_STEP), V_SPLAT(ROUNDING_SHIFT));
    *r = V_MUL(V_SUB(shifted, V_SPLAT(ROUNDING_SHIFT)), V_SPLAT(1.0 / NORMAL_CDF_STEP));
    *d = V_SUB(a, *r);
    int64_t row[V_LANES];
    cdf_rows(shifted, row);
    cdf_columns(row, hi, lo, pdf, pdf_lo);
}
/* gelu_f_near and gelu_g_near (a loop that stores one of them leaves the other's operations out) */
INLINE void gelu_near_lanes(vd v, vd *f, vd *slope) {
    vd r, d, hi, lo, pdf, pdf_lo;
    cdf_lanes(v, NORMAL_CDF_MAX, &r, &d, &hi, &lo, &pdf, &pdf_lo);
    vd u = V_MUL(r, d), w = V_MUL(d, d);
    vd J = V_FMA(w, V_FMA(w, horner_lanes(NORMAL_CDF_P2, 2, u), horner_lanes(NORMAL_CDF_P1, 5, u)), horner_lanes(NORMAL_CDF_P0, 7, u));
    vd c = V_FNMA(pdf, V_MUL(d, J), lo);
    *f = V_IF_NEGATIVE(v, V_FMA(v, hi, V_MUL(v, c)), V_FNMA(v, V_ADD(hi, c), v));
    vd e1 = V_FMA(w, V_FMA(w, V_FMA(w, horner_lanes(NORMAL_DENSITY_Q3, 0, u), horner_lanes(NORMAL_DENSITY_Q2, 4, u)),
                           horner_lanes(NORMAL_DENSITY_Q1, 6, u)), V_MUL(u, horner_lanes(NORMAL_DENSITY_Q0, 7, u)));
    vd a = V_ADD(r, d), m = V_MUL(a, pdf), m_lo = V_ADD(V_FMS(a, pdf, m), V_MUL(a, pdf_lo)), E = V_ADD(V_SPLAT(1.0), e1);
    *slope = V_IF_NEGATIVE(v, V_ADD(V_FNMA(m, e1, V_SUB(hi, m)), V_FNMA(m_lo, E, c)),
                           V_FMA(m, E, V_ADD(V_SUB(V_SPLAT(1.0), hi), V_FMS(m_lo, E, c))));
}
INLINE vd gelu_lite_lanes(vd v) {  /* gelu_f32 */
    vd r, d, hi, lo, pdf, pdf_lo;
    cdf_lanes(v, NORMAL_CDF_END, &r, &d, &hi, &lo, &pdf, &pdf_lo);
    vd u = V_MUL(r, d), J = V_FMA(V_MUL(d, d), horner_lanes(NORMAL_CDF_P1, 3, u), horner_lanes(NORMAL_CDF_P0, 5, u));
    vd q = V_FNMA(pdf, V_MUL(d, J), hi);
    return V_IF_NEGATIVE(v, V_MUL(V_MAX(v, V_SPLAT(-NORMAL_CDF_END)), q), V_MUL(v, V_SUB(V_SPLAT(1.0), q)));
}
#define LANES_LOOP(NAME, IN, OUT, LOAD, STORE, LANES_F, SCALAR_F)                                      \
    static void NAME(const IN *x, OUT *o, Py_ssize_t n) {                                              \
        Py_ssize_t i = 0;                                                                              \
        for (; i + V_LANES <= n; i += V_LANES) STORE(o + i, LANES_F(LOAD(x + i)));                     \
        for (; i < n; i++) o[i] = (OUT)SCALAR_F(x[i]);                                                 \
    }
/* two functions of each x, unrounded (gcc computes their common part once) */
#define LANES_PAIR_LOOP(NAME, IN, LOAD, LANES_F, LANES_E, SCALAR_F, SCALAR_E)                          \
    static void NAME(const IN *x, double *f, double *e, Py_ssize_t n) {                                \
        Py_ssize_t i = 0;                                                                              \
        for (; i + V_LANES <= n; i += V_LANES) {                                                       \
            vd v = LOAD(x + i);                                                                        \
            V_STORE(f + i, LANES_F(v));                                                                \
            V_STORE(e + i, LANES_E(v));                                                                \
        }                                                                                              \
        for (; i < n; i++) { f[i] = SCALAR_F(x[i]); e[i] = SCALAR_E(x[i]); }                           \
    }
#else
#define LANES_LOOP(NAME, IN, OUT, LOAD, STORE, LANES_F, SCALAR_F)                                      \
    FLOAT_LOOP_OPTIONS static void NAME(const IN *x, OUT *o, Py_ssize_t n) {                           \
        SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (OUT)SCALAR_F(x[i]);                            \
    }
#define LANES_PAIR_LOOP(NAME, IN, LOAD, LANES_F, LANES_E, SCALAR_F, SCALAR_E)                          \
    FLOAT_LOOP_OPTIONS static void NAME(const IN *x, double *f, double *e, Py_ssize_t n) {             \
        SIMD for (Py_ssize_t i = 0; i < n; i++) { f[i] = SCALAR_F(x[i]); e[i] = SCALAR_E(x[i]); }      \
    }
#endif
#define GELU_LITE(v) gelu_f32((double)(v), 0.0)
/* gelu_f32 on float32 tiles, rounded (f) or not (for the loops that use it with f' or a product), and
 * on float64 tiles (float16, bfloat16) */
LANES_LOOP(gelu_f32_loop, float, float, V_LOAD32, V_STORE32, gelu_lite_lanes, GELU_LITE)
LANES_LOOP(gelu_f32_values32, float, double, V_LOAD32, V_STORE, gelu_lite_lanes, GELU_LITE)
LANES_LOOP(gelu_f32_values64, double, double, V_LOAD, V_STORE, gelu_lite_lanes, GELU_LITE)
#define EXP_NEG_SIXTEENTHS(v) exp_neg_sixteenths((double)(v))
/* e^{-x} of float32 and float64 tiles (the float32 sigmoid's and silu's loops) */
LANES_LOOP(exp_neg_sixteenths32, float, double, V_LOAD32, V_STORE, exp_neg_sixteenths_lanes, EXP_NEG_SIXTEENTHS)
LANES_LOOP(exp_neg_sixteenths64, double, double, V_LOAD, V_STORE, exp_neg_sixteenths_lanes, EXP_NEG_SIXTEENTHS)
/* e^{-2x} (tanh's) */
#if VECTOR_LANES
INLINE vd exp_neg_twice_sixteenths_lanes(vd x) { return exp_neg_sixteenths_lanes(V_ADD(x, x)); }
#endif
#define EXP_NEG_TWICE_SIXTEENTHS(v) exp_neg_twice_sixteenths((double)(v))
LANES_LOOP(exp_neg_twice_sixteenths32, float, double, V_LOAD32, V_STORE, exp_neg_twice_sixteenths_lanes, EXP_NEG_TWICE_SIXTEENTHS)
LANES_LOOP(exp_neg_twice_sixteenths64, double, double, V_LOAD, V_STORE, exp_neg_twice_sixteenths_lanes, EXP_NEG_TWICE_SIXTEENTHS)
/* NAME_gated_loop: a gated unit's float32 forward row, o = NAME_gated_f32(a, x) (GATED_F) */
#if VECTOR_LANES
/* sigmoid_f32's, silu_f32's and their gated forms' operations */
INLINE vd sigmoid_f32_lanes(vd x) { return times_logistic_lanes(V_SPLAT(1.0), exp_neg_sixteenths_lanes(x)); }
INLINE vd silu_f32_lanes(vd x) { return times_logistic_lanes(V_MAX(x, V_SPLAT(-LITE_EXP_CUT)), exp_neg_sixteenths_lanes(x)); }
INLINE vd sigmoid_gated_lanes(vd a, vd x) { return times_logistic_lanes(a, exp_neg_sixteenths_lanes(x)); }
INLINE vd silu_gated_lanes(vd a, vd x) { return V_MUL(a, silu_f32_lanes(x)); }
INLINE vd scaled_sigmoid_f32_lanes(vd x) {
    vd c = one_minus_exp_neg_sixteenths_lanes(x);
    return V_COPYSIGN(quotient_lite_lanes(V_MUL(V_SPLAT(2.0), c), V_SUB(V_SPLAT(2.0), c)), x);
}
INLINE vd scaled_sigmoid_gated_lanes(vd a, vd x) { return V_MUL(a, scaled_sigmoid_f32_lanes(x)); }
INLINE vd tanh_f32_lanes(vd x) { return V_MUL(V_SPLAT(0.5), scaled_sigmoid_f32_lanes(V_ADD(x, x))); }
INLINE vd tanh_gated_lanes(vd a, vd x) { return V_MUL(a, tanh_f32_lanes(x)); }
#define GATED_LANES_LOOP(NAME)                                                                         \
    static void NAME##_gated_loop(const float *x, const float *a, float *o, Py_ssize_t n) {             \
        Py_ssize_t i = 0;                                                                              \
        for (; i + V_LANES <= n; i += V_LANES) V_STORE32(o + i, NAME##_gated_lanes(V_LOAD32(a + i), V_LOAD32(x + i))); \
        for (; i < n; i++) o[i] = (float)NAME##_gated_f32(a[i], x[i]);                                 \
    }
#else
#define GATED_LANES_LOOP(NAME)                                                                         \
    FLOAT_LOOP_OPTIONS static void NAME##_gated_loop(const float *x, const float *a, float *o, Py_ssize_t n) { \
        SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (float)NAME##_gated_f32(a[i], x[i]);            \
    }
#endif
#define SIGMOID_LITE(v) sigmoid_f32((double)(v), 0.0)
#define SILU_LITE(v) silu_f32((double)(v), 0.0)
#define SCALED_SIGMOID_LITE(v) scaled_sigmoid_f32((double)(v), 0.0)
#define TANH_LITE(v) tanh_f32((double)(v), 0.0)
LANES_LOOP(sigmoid_f32_loop, float, float, V_LOAD32, V_STORE32, sigmoid_f32_lanes, SIGMOID_LITE)
LANES_LOOP(silu_f32_loop, float, float, V_LOAD32, V_STORE32, silu_f32_lanes, SILU_LITE)
LANES_LOOP(scaled_sigmoid_f32_loop, float, float, V_LOAD32, V_STORE32, scaled_sigmoid_f32_lanes, SCALED_SIGMOID_LITE)
LANES_LOOP(tanh_f32_loop, float, float, V_LOAD32, V_STORE32, tanh_f32_lanes, TANH_LITE)
/* their f of float32 and float64 tiles, unrounded, with the e that their f' takes (the loops that take
 * f with f', and f of float16 and bfloat16 tiles: F_BY_LANES) */
LANES_PAIR_LOOP(scaled_sigmoid_f32_values_exp32, float, V_LOAD32, scaled_sigmoid_f32_lanes, exp_neg_sixteenths_lanes,
                SCALED_SIGMOID_LITE, EXP_NEG_SIXTEENTHS)
LANES_PAIR_LOOP(scaled_sigmoid_f32_values_exp64, double, V_LOAD, scaled_sigmoid_f32_lanes, exp_neg_sixteenths_lanes,
                SCALED_SIGMOID_LITE, EXP_NEG_SIXTEENTHS)
LANES_PAIR_LOOP(tanh_f32_values_exp32, float, V_LOAD32, tanh_f32_lanes, exp_neg_twice_sixteenths_lanes, TANH_LITE,
                EXP_NEG_TWICE_SIXTEENTHS)
LANES_PAIR_LOOP(tanh_f32_values_exp64, double, V_LOAD, tanh_f32_lanes, exp_neg_twice_sixteenths_lanes, TANH_LITE,
                EXP_NEG_TWICE_SIXTEENTHS)
GATED_LANES_LOOP(sigmoid)
GATED_LANES_LOOP(silu)
GATED_LANES_LOOP(scaled_sigmoid)
GATED_LANES_LOOP(tanh)
/* ---- the normal tail S of a tile of far elements (gelu, |x| > NORMAL_CDF_MAX and NaN) ------------- */
#if defined(__AVX512F__)
/* S on each row (normal_tail_row's operations, 8 lanes at a time): a column of the table is two
 * registers, from which one permute reads it for 8 rows (gcc's vectorised table read, which it
 * emulates by scalar loads, cost a third of the float64 gelu loop) */
_Static_assert(sizeof NORMAL_TAIL_TABLE == NORMAL_TAIL_ROWS * NORMAL_TAIL_COLUMNS * sizeof(double)
               && NORMAL_TAIL_ROWS == 16, "two registers of 8 doubles hold a column of the table");
static void normal_tail_rows(const int64_t *row, const double *w, double *s, Py_ssize_t n) {
    enum { C = NORMAL_TAIL_COLUMNS, HALF = NORMAL_TAIL_ROWS / 2 };
    __m512d first[C], second[C];  /* rows 0-7 and 8-15 of each column */
    for (int j = 0; j < C; j++) {
        double column[NORMAL_TAIL_ROWS];
        for (int r = 0; r < NORMAL_TAIL_ROWS; r++) column[r] = NORMAL_TAIL_TABLE[r][j];
        first[j] = _mm512_loadu_pd(column);
        second[j] = _mm512_loadu_pd(column + HALF);
    }
#define COLUMN(j) _mm512_permutex2var_pd(first[j], k, second[j])
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i k = _mm512_loadu_si512((const void *)(row + i));
        __m512d v = _mm512_loadu_pd(w + i), p = COLUMN(C - 1);
        for (int j = C - 2; j >= 2; j--) p = _mm512_fmadd_pd(p, v, COLUMN(j));
        _mm512_storeu_pd(s + i, _mm512_add_pd(COLUMN(0), _mm512_fmadd_pd(p, v, COLUMN(1))));
    }
#undef COLUMN
    for (; i < n; i++) s[i] = normal_tail_row(row[i], w[i]);
}
#elif defined(__AVX2__) && defined(__FMA__)
/* S on each row (normal_tail_row's operations, 4 lanes at a time): AVX2 has no permute that reads
 * 16 entries, and gcc left the table read scalar (half the float64 gelu loop); so the 4 rows'
 * coefficients are loaded as rows, columns 0-3, 4-7 and 7-10 (the last load stays inside the row),
 * and each 4 x 4 block transposed into 4 columns */
_Static_assert(NORMAL_TAIL_COLUMNS == 11, "three loads of 4 cover a row of the table");
INLINE void columns_of_rows(const double *const r[4], int first, __m256d *column) {
    __m256d a = _mm256_loadu_pd(r[0] + first), b = _mm256_loadu_pd(r[1] + first);
    __m256d c = _mm256_loadu_pd(r[2] + first), d = _mm256_loadu_pd(r[3] + first);
    __m256d ab_even = _mm256_unpacklo_pd(a, b), ab_odd = _mm256_unpackhi_pd(a, b);
    __m256d cd_even = _mm256_unpacklo_pd(c, d), cd_odd = _mm256_unpackhi_pd(c, d);
    column[first] = _mm256_permute2f128_pd(ab_even, cd_even, 0x20);
    column[first + 1] = _mm256_permute2f128_pd(ab_odd, cd_odd, 0x20);
    column[first + 2] = _mm256_permute2f128_pd(ab_even, cd_even, 0x31);
    column[first + 3] = _mm256_permute2f128_pd(ab_odd, cd_odd, 0x31);
}
static void normal_tail_rows(const int64_t *row, const double *w, double *s, Py_ssize_t n) {
    Py_ssize_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const double *const r[4] = {NORMAL_TAIL_TABLE[row[i]], NORMAL_TAIL_TABLE[row[i + 1]],
                                    NORMAL_TAIL_TABLE[row[i + 2]], NORMAL_TAIL_TABLE[row[i + 3]]};
        __m256d column[NORMAL_TAIL_COLUMNS + 1];
        columns_of_rows(r, 0, column);
        columns_of_rows(r, 4, column);
        columns_of_rows(r, 7, column);  /* column 7 again */
        __m256d v = _mm256_loadu_pd(w + i), p = column[NORMAL_TAIL_COLUMNS - 1];
        for (int j = NORMAL_TAIL_COLUMNS - 2; j >= 2; j--) p = _mm256_fmadd_pd(p, v, column[j]);
        _mm256_storeu_pd(s + i, _mm256_add_pd(column[0], _mm256_fmadd_pd(p, v, column[1])));
    }
    for (; i < n; i++) s[i] = normal_tail_row(row[i], w[i]);
}
#else
FLOAT64_LOOP_OPTIONS static void normal_tail_rows(const int64_t *row, const double *w, double *s, Py_ssize_t n) {
    SIMD for (Py_ssize_t i = 0; i < n; i++) s[i] = normal_tail_row(row[i], w[i]);
}
#endif
/* S(4/(4 + |x|)) for n <= TILE values: normal_tail's first two steps in two loops, the row's
 * polynomial s and the correction da, which the loop over x applies (WITH_TAIL: 1.03x, float64 f).
 * For inputs uniform on [-40, 40] (70 % beyond the table's 12) float64 f took 4.8 ns an element this
 * way, 11.6 with the far elements' S one by one, 13.2 with gcc's vectorisation of normal_tail */
FLOAT64_LOOP_OPTIONS static void normal_tails(const double *x, double *s, double *da, Py_ssize_t n) {
    double w[TILE];
    int64_t row[TILE];
    SIMD for (Py_ssize_t i = 0; i < n; i++) row[i] = normal_tail_reduce(fabs(x[i]), &w[i], &da[i]);
    normal_tail_rows(row, w, s, n);
}

/* gelu's float64 ops 0, 1, 3 and 4 (f, f', g f', (f, f')) element by element (TILE_LOOPS; op 2 does
 * not come here): by the near forms, a clipped at NORMAL_CDF_MAX, and by the far (tail) forms */
#define ARGUMENT_ONLY(F, v) F(v)
#define ELEMENT_OPS(NAME, F, G)                                                                        \
    FLOAT64_LOOP_OPTIONS static void NAME(int op, const double *x, const double *g, double *o, double *o2, Py_ssize_t n) { \
        TILE_LOOPS(F, G, G, ARGUMENT_ONLY, ARGUMENT_ONLY)                                              \
    }
ELEMENT_OPS(gelu_near_elements, gelu_f_near, gelu_g_near)
/* the far forms with S a tile at a time (normal_tails): gelu_f_far and gelu_g_far's operations */
#define WITH_TAIL(F, v) F##_tail(v, normal_tail_corrected(fabs(v), s[i], da[i]))
FLOAT64_LOOP_OPTIONS static void gelu_far_elements(int op, const double *x, const double *g, double *o, double *o2, Py_ssize_t n) {
    double s[TILE], da[TILE];
    normal_tails(x, s, da, n);
    TILE_LOOPS(gelu_f, gelu_g, gelu_g, WITH_TAIL, WITH_TAIL)
}
#if VECTOR_LANES
#define F_LANES(v) ({ vd f_, s_; gelu_near_lanes(V_LOAD(&(v)), &f_, &s_); f_; })
#define SLOPE_LANES(v) ({ vd f_, s_; gelu_near_lanes(V_LOAD(&(v)), &f_, &s_); s_; })
static void gelu_near_ops(int op, const double *x, const double *g, double *o, double *o2, Py_ssize_t n) {
    Py_ssize_t i = 0;
    switch (op) {
    case 0: for (; i + V_LANES <= n; i += V_LANES) V_STORE(o + i, F_LANES(x[i])); break;
    case 1: for (; i + V_LANES <= n; i += V_LANES) V_STORE(o + i, SLOPE_LANES(x[i])); break;
    case 3: for (; i + V_LANES <= n; i += V_LANES) V_STORE(o + i, V_MUL(V_LOAD(g + i), SLOPE_LANES(x[i]))); break;
    default:
        for (; i + V_LANES <= n; i += V_LANES) {
            vd f, slope;
            gelu_near_lanes(V_LOAD(x + i), &f, &slope);
            V_STORE(o + i, f);
            V_STORE(o2 + i, slope);
        }
    }
    if (i < n) gelu_near_elements(op, x + i, g ? g + i : NULL, o + i, o2 ? o2 + i : NULL, n - i);
}
#undef F_LANES
#undef SLOPE_LANES
#else
static void gelu_near_ops(int op, const double *x, const double *g, double *o, double *o2, Py_ssize_t n) {
    gelu_near_elements(op, x, g, o, o2, n);
}
#endif
/* gelu's float64 ops 0, 1, 3, 4 on n <= TILE values: the near forms on all, then the far forms on the
 * elements beyond NORMAL_CDF_MAX and NaN, whose x and g are copied first (o and o2 may alias them);
 * the far forms write over those copies (each element read before its results are written), which
 * then go to their places */
FLOAT64_LOOP_OPTIONS static void gelu_table_tile(int op, const double *x, const double *g, double *o, double *o2, Py_ssize_t n) {
    int any_far = 0;
    #pragma omp simd reduction(| : any_far)
    for (Py_ssize_t i = 0; i < n; i++) any_far |= !(fabs(x[i]) <= NORMAL_CDF_MAX);
    Py_ssize_t where[TILE], m = 0;
    double far_x[TILE], far_g[TILE];
    if (any_far)
        for (Py_ssize_t i = 0; i < n; i++)
            if (!(fabs(x[i]) <= NORMAL_CDF_MAX)) {
                where[m] = i;
                far_g[m] = op == 3 ? g[i] : 0.0;
                far_x[m++] = x[i];
            }
    gelu_near_ops(op, x, g, o, o2, n);
    if (m) gelu_far_elements(op, far_x, far_g, far_x, far_g, m);
    for (Py_ssize_t j = 0; j < m; j++) {
        o[where[j]] = far_x[j];
        if (op == 4) o2[where[j]] = far_g[j];
    }
}

/* a d, 0 where d is 0 and a infinite (mul_limit); w d, 0 where either is 0 and the other infinite */
INLINE double limit_product(double a, double d) { return d == 0.0 && fabs(a) == HUGE_VAL ? 0.0 : a * d; }
INLINE double weighted(double w, double d) { return (w == 0.0 && fabs(d) == HUGE_VAL) || (d == 0.0 && fabs(w) == HUGE_VAL) ? 0.0 : w * d; }

/* F, G, G2: the float64 kernels; F32, G32: their float32 counterparts, which serve float16 and
 * bfloat16 as well (f'' is never hot); float32 f, f', vjp and (f, f') read and write the caller's
 * float32 tiles directly (the others widen a tile to float64 and round it back).
 * UNIT: 1 for X1 entries, whose float64 and float32 loops have a copy for p = 1 (UNIT_CALL:
 * UNIT_PARAM), in which the compiler folds the parameter away; 0 for the others (the copy is dead) */
#define UNIT_PARAM(F, v) F(v, 1.0)
#define TILE64(NAME, F, G, G2, CALL, UNIT_CALL, UNIT)                                                  \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_tile64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        if (UNIT && p == 1.0) { TILE_LOOPS(F, G, G2, UNIT_CALL, UNIT_CALL) }                           \
        else { TILE_LOOPS(F, G, G2, CALL, CALL) }                                                      \
    }
/* XS: f'' in a loop, the others by NAME_table_tile */
#define TILE64_TABLE(NAME, G2)                                                                         \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_tile64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        if (op == 2) SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = G2(x[i], p);                       \
        else NAME##_table_tile(op, x, g, o, o2, n);                                                    \
    }
/* the stage in a loop of its own, the middle (where f needs one) in a second, then f and f' from them
 * (see logistic_exp); f'' in one loop. sm is not read where there is no middle (the _from functions
 * ignore it) */
#define STAGE_LOOPS(NAME, P)                                                                           \
    if (op != 2) SIMD for (Py_ssize_t i = 0; i < n; i++) s[i] = NAME##_stage(x[i], P);                 \
    if (NAME##_MIDDLE && (op == 0 || op == 4)) SIMD for (Py_ssize_t i = 0; i < n; i++) sm[i] = NAME##_middle(s[i]);
#define TILE64_STAGED(NAME, F, G, G2)                                                                  \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_tile64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        double s[TILE], sm[TILE];                                                                      \
        if (p == 1.0) { STAGE_LOOPS(NAME, 1.0) TILE_LOOPS(F, G, G2, FROM_STAGE_UNIT, UNIT_PARAM) }      \
        else { STAGE_LOOPS(NAME, p) TILE_LOOPS(F, G, G2, FROM_STAGE_P, ONE_PARAM) }                     \
    }
/* x[i] of a float32 tile as a float64. gcc narrows a comparison of (double)x[i] with a constant that
 * float32 holds to one of float32s, then widens each mask to select between float64 values (on AVX2
 * two conversions and an extract per mask and 8 lanes: in the float32 sigmoid a quarter of the loop).
 * A product by a 1.0 hidden from gcc keeps the comparisons in float64; where gcc computes a loop in
 * float32 throughout (relu's f) it costs a conversion each way instead (relu 2x slower). So the loops
 * take it by what they compute (f: op 0 and the gated forward; f' alone: op 1; the vjp: op 3; f and f':
 * op 4 and the gated vjp) where it measured faster (in cache, one thread, against x[i] as it was):
 * f: sigmoid 1.09-1.13x, exponential 1.13-1.26x, elu 1.11-1.14x, celu 1.15-1.25x, selu 1.21-1.23x,
 * silu 1.10-1.13x, gelu 1.11x, gelu_tanh 1.21x, mish 1.13-1.15x, squareplus 1.07-1.10x, hard_sigmoid
 * 1.16x, hard_swish 1.18x, sparse_sigmoid 1.36-1.49x, sparse_plus 1.17x;
 * f' alone: sigmoid 1.15x, scaled_sigmoid 1.10-1.20x, exponential 1.12-1.26x, log_sigmoid 1.13-1.21x,
 * gelu 1.06-1.08x, mish 1.05-1.10x, hard_swish 1.18-1.21x, squareplus 1.09-1.10x, sparse_plus 1.34-1.48x;
 * vjp: the f' entries 1.04-1.58x, and relu 1.27-1.44x, relu6 1.16-1.28x, leaky_relu, prelu and rrelu
 * 1.30-1.47x, threshold 1.13x, hardshrink and softshrink 1.04-1.06x, hard_sigmoid 1.18-1.29x,
 * sparse_sigmoid 1.19-1.30x, elu, celu and selu 1.05-1.11x;
 * f and f': sigmoid, scaled_sigmoid, exponential, log_sigmoid, mish, gelu, hard_swish 1.04-1.23x.
 * Elsewhere it lost or gained under 3 % (softsign, swish and tanh 3-20 % slower in every op; relu's f'
 * 2x; elu, celu, selu and squareplus's (f, f') 4-13 %), and the loops read x[i] as before (gcc folds
 * the known 1.0 away).
 * The product by 1.0 is exact: the same results (a signaling NaN comes out quiet, as from any
 * arithmetic, where these loops passed its bits through). Not measured with AVX-512, whose masks are
 * registers of their own that need no widening: there the loops read x[i] as before */
enum { WIDEN_F = 1, WIDEN_G = 2, WIDEN_VJP = 4, WIDEN_BOTH = 8 };
#define WIDENED_sigmoid _, WIDEN_F | WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_scaled_sigmoid _, WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_exponential _, WIDEN_F | WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_log_sigmoid _, WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_mish _, WIDEN_F | WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_gelu _, WIDEN_F | WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_hard_swish _, WIDEN_F | WIDEN_G | WIDEN_VJP | WIDEN_BOTH
#define WIDENED_squareplus _, WIDEN_F | WIDEN_G | WIDEN_VJP
#define WIDENED_sparse_plus _, WIDEN_F | WIDEN_G | WIDEN_VJP
#define WIDENED_elu _, WIDEN_F | WIDEN_VJP
#define WIDENED_celu _, WIDEN_F | WIDEN_VJP
#define WIDENED_selu _, WIDEN_F | WIDEN_VJP
#define WIDENED_hard_sigmoid _, WIDEN_F | WIDEN_VJP
#define WIDENED_sparse_sigmoid _, WIDEN_F | WIDEN_VJP
#define WIDENED_silu _, WIDEN_F
#define WIDENED_gelu_tanh _, WIDEN_F
#define WIDENED_relu _, WIDEN_VJP
#define WIDENED_relu6 _, WIDEN_VJP
#define WIDENED_leaky_relu _, WIDEN_VJP
#define WIDENED_prelu _, WIDEN_VJP
#define WIDENED_rrelu _, WIDEN_VJP
#define WIDENED_threshold _, WIDEN_VJP
#define WIDENED_softshrink _, WIDEN_VJP
#define WIDENED_hardshrink _, WIDEN_VJP
#define SECOND_(a, b, ...) b
#define SECOND(...) SECOND_(__VA_ARGS__)
#if defined(__AVX512F__)
#define WIDENED(NAME) 0
#else
#define WIDENED(NAME) (SECOND(WIDENED_##NAME, 0))  /* the flags above, 0 for an entry not named there */
#endif
/* the 1.0 of WIDEN, hidden from gcc where the entry's flags hold `which` */
#define ONE_FOR(NAME, which, one) double one = 1.0; if (WIDENED(NAME) & (which)) __asm__("" : "+m"(one));
#define WIDEN(v, one) ((double)(v) * one)
/* STORE_F and STORE_G of v = x[i], in one loop */
#define PAIR_LOOPS(STORE_F, STORE_G)                                                                   \
        SIMD for (Py_ssize_t i = 0; i < n; i++) { double v = WIDEN(x[i], one_both); STORE_F; STORE_G; }
/* the float32 loops: TILE_LOOPS's ops on float32 tiles, and the gated units' GATED_F and GATED_VJP,
 * whose products are plain: limit_product and weighted differ from them only where a, g or the gate
 * x is infinite, elements that gated_row computes again (the selects cost the vjp a third of its time) */
#define LITE32_LOOPS(F32, G32, CALL)                                                                   \
        switch (op) {                                                                                  \
        case GATED_F: /* g: the value half */                                                          \
            SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (float)((double)g[i] * CALL(F32, WIDEN(x[i], one_f))); \
            break;                                                                                     \
        case GATED_VJP:                                                                                \
            PAIR_LOOPS(o[i] = (float)(g[i] * CALL(F32, v)), o2[i] = (float)(g[i] * (a[i] * CALL(G32, v)))) \
            break;                                                                                     \
        case 0: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (float)CALL(F32, WIDEN(x[i], one_f)); break; \
        case 1: SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (float)CALL(G32, WIDEN(x[i], one_g)); break; \
        case 3:                                                                                        \
            SIMD for (Py_ssize_t i = 0; i < n; i++) o[i] = (float)((double)g[i] * CALL(G32, WIDEN(x[i], one_vjp))); \
            break;                                                                                     \
        default: PAIR_LOOPS(o[i] = (float)CALL(F32, v), o2[i] = (float)CALL(G32, v))                   \
        }
#define LITE32_HEAD(NAME, x, g, a, o, o2, n)                                                           \
    NOINLINE FLOAT_LOOP_OPTIONS void NAME##_lite32(int op, const float *x, const float *g, const float *a, \
                                                   float *o, float *o2, Py_ssize_t n, double p, double q) { \
        ONE_FOR(NAME, WIDEN_F, one_f) ONE_FOR(NAME, WIDEN_G, one_g)                                    \
        ONE_FOR(NAME, WIDEN_VJP, one_vjp) ONE_FOR(NAME, WIDEN_BOTH, one_both)
#define RUN(NAME)                                                                                      \
    static void NAME##_run(int op, int kind, const void *xv, const void *gv, void *ov, void *o2v,     \
                           Py_ssize_t n, double p, double q, int threads) {                            \
        _Pragma("omp parallel for schedule(static) num_threads(threads)")                              \
        for (Py_ssize_t start = 0; start < n; start += TILE) {                                         \
            Py_ssize_t m = n - start < TILE ? n - start : TILE;                                        \
            if (kind == FLOAT64) {                                                                     \
                const double *g = gv;                                                                  \
                double *o2 = o2v;                                                                      \
                NAME##_tile64(op, (const double *)xv + start, g ? g + start : NULL,                    \
                              (double *)ov + start, o2 ? o2 + start : NULL, m, p, q);                  \
            } else if (kind == FLOAT32 && op != 2) {                                                   \
                const float *g = gv;                                                                   \
                float *o2 = o2v;                                                                       \
                NAME##_lite32(op, (const float *)xv + start, g ? g + start : NULL, NULL,               \
                              (float *)ov + start, o2 ? o2 + start : NULL, m, p, q);                   \
            } else {                                                                                   \
                double xt[TILE], gt[TILE], ot[TILE], o2t[TILE];                                        \
                load_tile(kind, xv, start, m, xt);                                                     \
                if (gv) load_tile(kind, gv, start, m, gt);                                             \
                NAME##_lite64(op, xt, gv ? gt : NULL, ot, o2v ? o2t : NULL, m, p, q);                  \
                store_tile(kind, ot, start, m, ov);                                                    \
                if (o2v) store_tile(kind, o2t, start, m, o2v);                                         \
            }                                                                                          \
        }                                                                                              \
    }
#define NARROW_LOOPS(NAME, G2, F32, G32, CALL, UNIT_CALL, UNIT)                                        \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_lite64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        TILE_LOOPS(F32, G32, G2, CALL, CALL) }                                                         \
    LITE32_HEAD(NAME, x, g, a, o, o2, n)                                                               \
        if (UNIT && p == 1.0) { LITE32_LOOPS(F32, G32, UNIT_CALL) }                                    \
        else { LITE32_LOOPS(F32, G32, CALL) }                                                          \
    }                                                                                                  \
    RUN(NAME)
/* XS: float32 f (and f16, bf16) by NAME_f32_loop, or from its values fv (NAME_f32_values32 and 64)
 * where a loop takes f' or a product as well; computed first, so that o may alias x. The gated rows
 * pass whole rows to lite32: it takes them a tile at a time */
#define FROM_VALUES(F, v) fv[i]
#define NARROW_LOOPS_TABLE(NAME, G2, G32)                                                              \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_lite64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        double fv[TILE];                                                                               \
        if (op == 0 || op == 4) NAME##_f32_values64(x, fv, n);                                         \
        TILE_LOOPS(FROM_VALUES, G32, G2, ONE_PARAM, ONE_PARAM) }                                       \
    LITE32_HEAD(NAME, x_row, g_row, a_row, o_row, o2_row, n_row)                                       \
        if (op == 0) { NAME##_f32_loop(x_row, o_row, n_row); return; }                                 \
        double fv[TILE];                                                                               \
        for (Py_ssize_t start = 0; start < n_row; start += TILE) {                                     \
            Py_ssize_t n = n_row - start < TILE ? n_row - start : TILE;                                \
            const float *x = x_row + start, *g = g_row ? g_row + start : NULL, *a = a_row ? a_row + start : NULL; \
            float *o = o_row + start, *o2 = o2_row ? o2_row + start : NULL;                            \
            if (op != 1 && op != 3) NAME##_f32_values32(x, fv, n);                                     \
            LITE32_LOOPS(FROM_VALUES, G32, ONE_PARAM)                                                  \
        }                                                                                              \
    }                                                                                                  \
    RUN(NAME)
/* the float32 sigmoid's, silu's, scaled_sigmoid's and tanh's (and float16, bfloat16): f by NAME_f32_loop's
 * lanes, the gated forward (glu's, swiglu's) by NAME_gated_loop's; the other loops take e = e^{-x} a tile
 * at a time by exp_neg_sixteenths_lanes (gcc's own vectorisation would read its table by scalar loads),
 * then f and f' from e (NAME_f32_from, NAME_g32_from; scaled_sigmoid's and tanh's f from their lanes,
 * F_BY_LANES); silu' keeps its own exponential (silu_G_FROM_EXP 0: the loops of f' alone take no e).
 * In cache, one thread, against
 * exp_lite's forms: float32 sigmoid f 1.54x, f' and vjp 1.28-1.32x, (f, f') 1.45x, glu's vjp 1.44x;
 * silu f 1.72x, (f, f') 1.18x, f' and vjp level, swiglu 1.45x (vjp 1.15x); float16 1.03-1.12x; against
 * tanh by expm1_lite and 4 sigma' by lite_d: scaled_sigmoid f 1.51x, f' 1.30x, vjp 1.34x, (f, f') 1.94x,
 * tanh f 1.16x, f' 1.31x, vjp 1.37x, (f, f') 1.74x, float16 1.08-1.36x (AVX2 build: 1.00-1.53x); their f
 * near 0 by a series instead of 1 - t + t rn Q(rn) (F_BY_LANES) was 0.87x */
#define FROM_EXP(F, v) F##_from(v, e[i])
/* the tile loop that stages e: e^{-x} (exp_neg_sixteenths32 and 64), tanh's e^{-2x} */
#define EXP_STAGE_tanh _, exp_neg_twice_sixteenths
#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define EXP_STAGE(NAME, BITS) PASTE(SECOND(EXP_STAGE_##NAME, exp_neg_sixteenths), BITS)
/* scaled_sigmoid's and tanh's f is not a function of e (see scaled_sigmoid_f32): the loops that take f
 * (but their float32 f alone, NAME_f32_loop) read it from fv (LANES_VALUE), which the lanes of f compute
 * (so the same bits as f alone) beside e, the reduction once: NAME_f32_values_exp32 and 64.
 * F_BY_LANES_NAME: _, the loops' stem, 1; the other entries never call NO_LOOP's */
#define F_BY_LANES_scaled_sigmoid _, scaled_sigmoid_f32_values_exp, 1
#define F_BY_LANES_tanh _, tanh_f32_values_exp, 1
#define THIRD_(a, b, c, ...) c
#define THIRD(...) THIRD_(__VA_ARGS__)
#define F_BY_LANES(NAME) THIRD(F_BY_LANES_##NAME, NO_LOOP, 0)
#define F_VALUES_EXP(NAME, BITS) PASTE(SECOND(F_BY_LANES_##NAME, NO_LOOP), BITS)
#define NO_LOOP32(...)
#define NO_LOOP64(...)
#define EXP_F_0(F32) F32
#define EXP_F_1(F32) LANES_VALUE
#define EXP_F(NAME, F32) PASTE(EXP_F_, F_BY_LANES(NAME))(F32)
#define LANES_VALUE_from(v, e) fv[i]
/* a tile's e, where f' (G_FROM_EXP) or f (but for F_BY_LANES) takes it, and, with e, its fv where f
 * does (F_BY_LANES) */
#define STAGE_TILE(NAME, BITS, takes_f, staged)                                                        \
    if (F_BY_LANES(NAME) && (takes_f)) F_VALUES_EXP(NAME, BITS)(x, fv, e, n);                          \
    else if (staged) EXP_STAGE(NAME, BITS)(x, e, n);
#define NARROW_LOOPS_EXP(NAME, G2, F32, G32, CALL, UNIT_CALL, UNIT)                                    \
    NOINLINE FLOAT64_LOOP_OPTIONS void NAME##_lite64(int op, const double *x, const double *g,         \
                                double *o, double *o2, Py_ssize_t n, double p, double q) {             \
        double e[TILE], fv[TILE];                                                                      \
        int takes_f = op == 0 || op == 4;                                                              \
        STAGE_TILE(NAME, 64, takes_f, (NAME##_G_FROM_EXP && op != 0 && op != 2) || (!F_BY_LANES(NAME) && takes_f)) \
        TILE_LOOPS(EXP_F(NAME, F32), G32, G2, FROM_EXP, ONE_PARAM) }                                   \
    LITE32_HEAD(NAME, x_row, g_row, a_row, o_row, o2_row, n_row)                                       \
        if (op == 0) { NAME##_f32_loop(x_row, o_row, n_row); return; }                                 \
        if (op == GATED_F) { NAME##_gated_loop(x_row, g_row, o_row, n_row); return; }                  \
        double e[TILE], fv[TILE];                                                                      \
        int takes_f = op == 4 || op == GATED_VJP, staged = NAME##_G_FROM_EXP || (!F_BY_LANES(NAME) && takes_f); \
        for (Py_ssize_t start = 0; start < n_row; start += TILE) {                                     \
            Py_ssize_t n = n_row - start < TILE ? n_row - start : TILE;                                \
            const float *x = x_row + start, *g = g_row ? g_row + start : NULL, *a = a_row ? a_row + start : NULL; \
            float *o = o_row + start, *o2 = o2_row ? o2_row + start : NULL;                            \
            STAGE_TILE(NAME, 32, takes_f, staged)                                                      \
            LITE32_LOOPS(EXP_F(NAME, F32), G32, FROM_EXP)                                              \
        }                                                                                              \
    }                                                                                                  \
    RUN(NAME)

/* the narrow loops: sigmoid's, silu's, scaled_sigmoid's and tanh's take e^{-x} (tanh: e^{-2x}) a tile at a
 * time (NARROW_LOOPS_EXP), the others' are NARROW_LOOPS */
#define NARROW_sigmoid _, NARROW_LOOPS_EXP
#define NARROW_silu _, NARROW_LOOPS_EXP
#define NARROW_scaled_sigmoid _, NARROW_LOOPS_EXP
#define NARROW_tanh _, NARROW_LOOPS_EXP
#define NARROW_FOR(NAME) SECOND(NARROW_##NAME, NARROW_LOOPS)
#define LOOPS_WITH(NAME, F, G, G2, F32, G32, CALL, UNIT_CALL, UNIT)                                   \
    TILE64(NAME, F, G, G2, CALL, UNIT_CALL, UNIT) NARROW_FOR(NAME)(NAME, G2, F32, G32, CALL, UNIT_CALL, UNIT)
#define LOOPS(NAME, F, G, G2, F32, G32) LOOPS_WITH(NAME, F, G, G2, F32, G32, ONE_PARAM, ONE_PARAM, 0)
#define LOOPS2(NAME, F, G, G2, F32, G32) LOOPS_WITH(NAME, F, G, G2, F32, G32, TWO_PARAMS, TWO_PARAMS, 0)
#define LOOPS_UNIT(NAME, F, G, G2, F32, G32) LOOPS_WITH(NAME, F, G, G2, F32, G32, ONE_PARAM, UNIT_PARAM, 1)
/* XS: gelu, whose f and f' take the table's loops (float64: NAME_table_tile; float32 f: NAME_f32_...) */
#define LOOPS_TAIL(NAME, F, G, G2, F32, G32) TILE64_TABLE(NAME, G2) NARROW_LOOPS_TABLE(NAME, G2, G32)
#define LOOPS_STAGED(NAME, F, G, G2, F32, G32) TILE64_STAGED(NAME, F, G, G2) NARROW_FOR(NAME)(NAME, G2, F32, G32, ONE_PARAM, UNIT_PARAM, 1)
ACTLAB_ENTRIES(LOOPS, LOOPS_UNIT, LOOPS2, LOOPS_TAIL, LOOPS_STAGED)

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->itemsize != 2 && view->itemsize != 4 && view->itemsize != 8) {
        PyErr_Format(PyExc_TypeError, "_kernels: %s must hold 2-, 4- or 8-byte floats", what);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* g, the cotangent of rows x m values, as a float32 or float64 buffer (1), or a ValueError naming `where` (0) */
static int row_cotangent(PyObject *go, Py_buffer *g, Py_ssize_t rows, Py_ssize_t m, const char *where) {
    if (get_buffer(go, g, 0, "g") < 0) return 0;
    if (g->itemsize == 2 || g->len != rows * m * g->itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: g must be float32 or float64 rows x m", where);
        return 0;
    }
    return 1;
}

/* the buffers that were taken released; then None, or NULL with the error already set (!ok) */
static PyObject *released(int ok, Py_buffer *a, Py_buffer *b, Py_buffer *c, Py_buffer *d) {
    Py_buffer *taken[] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        if (taken[i] && taken[i]->obj) PyBuffer_Release(taken[i]);
    if (!ok) return NULL;
    Py_RETURN_NONE;
}


/* a row kernel's threads allocate their row buffers; where one could not, its rows are skipped and
 * the call raises MemoryError (ok = 0), rather than leave them unwritten */
#define FLAG_SHORT_OF_MEMORY(failed, flag) do { if (failed) { _Pragma("omp atomic write") flag = 1; } } while (0)
static int out_of_memory(void) { PyErr_NoMemory(); return 0; }

/* ---- softmax and log_softmax along contiguous rows (catalogue/vector.py has the NumPy path) -- */
#define LANES 8                  /* independent partial sums, so that the loops vectorise */
#define NEGLIGIBLE_SHIFT 2048.0  /* e^{-2048} = 0: entries further below the maximum contribute nothing */
#define EXP_UNDERFLOW 746.0      /* e^{-746} < 2^-1075 rounds to 0 */

/* v - mx = d + lo exactly (two_sum; where d overflows, lo is NaN) */
INLINE double two_difference(double v, double mx, double *lo) {
    double d = v - mx, bb = d - v;
    *lo = (v - (d - bb)) + (-mx - bb);
    return d;
}
/* x - mx as an exact pair, with entries far below the maximum moved up to the cut-off */
INLINE double shifted(double x, double mx, double *lo) { return two_difference(maxd(x, mx - NEGLIGIBLE_SHIFT), mx, lo); }
/* e^{x - mx} for x <= mx, 0 where x - mx < -746 (-inf and NaN d included: the select drops them; without
 * shifted's clip and its select, float64 rows 1.04-1.05x in cache, the same bits) */
INLINE double exp_shifted(double x, double mx) {
    double lo, d = two_difference(x, mx, &lo), k, hi, l;
    exp_core(maxd(d, -EXP_UNDERFLOW), &k, &hi, &l);
    double e = scale2_near(hi + l, k);  /* k >= -1077 */
    return d < -EXP_UNDERFLOW ? 0.0 : e + e * lo;
}

/* the maximum of a row of sign x (sign 1, or -1: the maximum of -x is minus the minimum of x), -inf for
 * an empty one, and whether it holds a NaN */
FLOAT64_LOOP_OPTIONS static double row_maximum(const double *x, double sign, Py_ssize_t m, int *nan) {
    double top = -HUGE_VAL, bottom = HUGE_VAL;
    int found = 0;
    if (sign > 0) {
        #pragma omp simd reduction(max : top) reduction(| : found)
        for (Py_ssize_t i = 0; i < m; i++) {
            top = x[i] > top ? x[i] : top;
            found |= x[i] != x[i];
        }
    } else {
        #pragma omp simd reduction(min : bottom) reduction(| : found)
        for (Py_ssize_t i = 0; i < m; i++) {
            bottom = x[i] < bottom ? x[i] : bottom;
            found |= x[i] != x[i];
        }
        top = -bottom;
    }
    *nan = found;
    return top;
}

/* the Kahan sums' lanes as two vectors of 4 doubles each (gcc's and clang's vector extension): as
 * arrays gcc kept them in memory, so that each step waited on a store and a load; as one vector of 8,
 * gcc's AVX2 code compared them one by one */
typedef double four_doubles_t __attribute__((vector_size(4 * sizeof(double))));
typedef int64_t four_masks_t __attribute__((vector_size(4 * sizeof(int64_t))));
typedef struct { four_doubles_t sum, comp, count; } kahan_quad_t;
_Static_assert(LANES == 8, "the Kahan lanes are two quads");
/* a Kahan step of 4 lanes: the e^{v - mx} (at e) of the entries v = sign x below the maximum summed,
 * the maxima counted */
INLINE void kahan_quad(kahan_quad_t *k, const double *x, const double *e, double sign, double mx) {
    four_doubles_t v, ev, top = mx - (four_doubles_t){0.0}, ones = 1.0 - (four_doubles_t){0.0};
    memcpy(&v, x, sizeof v);
    memcpy(&ev, e, sizeof ev);
    v *= sign;
    four_doubles_t below = (four_doubles_t)((four_masks_t)ev & (v < top));  /* e where v < mx, else +0 */
    four_doubles_t y = below - k->comp, t = k->sum + y;
    k->comp = (t - k->sum) - y;
    k->sum = t;
    k->count += (four_doubles_t)((four_masks_t)ones & (v == top));  /* 1 or +0 (no int64 conversion: AVX2 has none) */
}

/* one row of length m, the row of sign x (sign 1, or -1 for softmin: negated as it is read, exactly),
 * into out (never x: the callers' buffers are apart): softmax (log = 0) or log_softmax (log = 1);
 * FLOAT_LOOP_OPTIONS on AVX-512 too: without them gcc masked each operation of exp_shifted */
FLOAT_LOOP_OPTIONS INLINE void signed_softmax_row(const double *x, double sign, double *out, Py_ssize_t m, int log) {
    Py_ssize_t full = m - m % LANES;
    int nan;
    double mx = row_maximum(x, sign, m, &nan);
    if (nan || mx == -HUGE_VAL) {  /* a NaN, or only -inf: no limit */
        for (Py_ssize_t i = 0; i < m; i++) out[i] = NAN;
        return;
    }
    if (mx == HUGE_VAL) {  /* all the mass on the +inf entries */
        double count = 0.0;
        for (Py_ssize_t i = 0; i < m; i++) count += sign * x[i] == HUGE_VAL;
        for (Py_ssize_t i = 0; i < m; i++)
            out[i] = sign * x[i] == HUGE_VAL ? (log ? -log1p(count - 1.0) : 1.0 / count) : (log ? -HUGE_VAL : 0.0);
        return;
    }
    SIMD for (Py_ssize_t i = 0; i < m; i++) out[i] = exp_shifted(sign * x[i], mx);
    /* Kahan summation in each lane of the entries below the maximum; the maxima (each e^0 = 1) are
     * counted apart, so that log(total) = log1p(count - 1 + rest) keeps a rest below eps */
    kahan_quad_t lanes[2] = {{{0.0}, {0.0}, {0.0}}, {{0.0}, {0.0}, {0.0}}};  /* lanes 0-3 and 4-7 */
    for (Py_ssize_t i = 0; i < full; i += LANES) {
        kahan_quad(&lanes[0], x + i, out + i, sign, mx);
        kahan_quad(&lanes[1], x + i + 4, out + i + 4, sign, mx);
    }
    double rest = 0.0, c = 0.0, maxima = 0.0;
    for (Py_ssize_t i = full; i < m; i++) {
        double v = sign * x[i], e = out[i];
        double y = (v < mx ? e : 0.0) - c, t = rest + y;
        c = (t - rest) - y;
        rest = t;
        maxima += v == mx;
    }
    for (int l = 0; l < LANES; l++) {
        const kahan_quad_t *k = &lanes[l / 4];
        double y = (k->sum[l % 4] - k->comp[l % 4]) - c, t = rest + y;
        c = (t - rest) - y;
        rest = t;
        maxima += k->count[l % 4];
    }
    if (log) {
        double log_total = log1p((maxima - 1.0) + rest);
        for (Py_ssize_t i = 0; i < m; i++) {
            double v = sign * x[i], lo, d = shifted(v, mx, &lo);
            out[i] = v < mx - NEGLIGIBLE_SHIFT ? v - mx - log_total : (d - log_total) + lo;
        }
    } else {
        double total = maxima + rest;
        for (Py_ssize_t i = 0; i < m; i++) out[i] = out[i] / total;
    }
}

/* the row of x and of -x, each with its sign folded away (a product by a variable sign cost softmax
 * 2-3 %). Not inlined: inlined into a caller's row loop, gcc left its loops scalar */
FLOAT_LOOP_OPTIONS static __attribute__((noinline)) void softmax_row(const double *x, double *out, Py_ssize_t m, int log) {
    signed_softmax_row(x, 1.0, out, m, log);
}
FLOAT_LOOP_OPTIONS static __attribute__((noinline)) void softmin_row(const double *x, double *out, Py_ssize_t m, int log) {
    signed_softmax_row(x, -1.0, out, m, log);
}

/* e^d for d = x - max <= 0 of a float32 row, e^-LITE_EXP_CUT below -LITE_EXP_CUT: beside the row's
 * total (>= 1), a float32 result cannot tell it from 0 */
INLINE double exp_below_max(double d) { return exp_lite(maxd(d, -LITE_EXP_CUT)); }

/* the maximum of a float32 row of sign x (16 lanes), NaN where it holds a NaN or the maximum is infinite */
FLOAT_LOOP_OPTIONS INLINE float finite_row_maximum32(const float *x, Py_ssize_t m, float sign) {
    float top = -INFINITY;
    int nan = 0;
    #pragma omp simd reduction(max : top) reduction(| : nan)
    for (Py_ssize_t i = 0; i < m; i++) {
        float v = sign * x[i];
        top = v > top ? v : top;
        nan |= v != v;
    }
    return nan || top == -INFINITY || top == INFINITY ? NAN : top;
}

/* a float32 row (softmin: sign -1, the row of -x) straight from and to the caller's floats: the
 * maximum in float (16 lanes), e^{x - max} by exp_lite (to 2^-40) into the float64 buffer e, and
 * plain float64 sums, ample for a float32 result; log_softmax counts the maxima (each e^0 = 1) apart,
 * so that log(total) = log1p(count - 1 + rest). A row with a NaN or an infinite maximum returns 0
 * (softmax_row handles it, widened) */
FLOAT_LOOP_OPTIONS INLINE int signed_softmax_row32(const float *x, float *out, double *e, Py_ssize_t m, int log, float sign) {
    float top = finite_row_maximum32(x, m, sign);
    if (top != top) return 0;
    double mx = top, rest = 0.0;
    if (log) {  /* the maxima counted in floats, a loop of their own (d = 0 where sign x = top): 1.03x */
        Py_ssize_t count = 0;
        #pragma omp simd reduction(+ : count)
        for (Py_ssize_t i = 0; i < m; i++) count += sign * x[i] == top;
        #pragma omp simd reduction(+ : rest)
        for (Py_ssize_t i = 0; i < m; i++) {
            double d = (double)(sign * x[i]) - mx, v = exp_below_max(d);
            rest += d < 0.0 ? v : 0.0;
        }
        double log_total = log1p((double)(count - 1) + rest);
        SIMD for (Py_ssize_t i = 0; i < m; i++) out[i] = (float)(((double)(sign * x[i]) - mx) - log_total);
    } else {  /* a loop of its own: with the store under `if (!log)` the sums took a third longer */
        double total = 0.0;
        #pragma omp simd reduction(+ : total)
        for (Py_ssize_t i = 0; i < m; i++) {
            double v = exp_below_max((double)(sign * x[i]) - mx);
            e[i] = v;
            total += v;
        }
        double inverse = 1.0 / total;
        SIMD for (Py_ssize_t i = 0; i < m; i++) out[i] = (float)(e[i] * inverse);
    }
    return 1;
}

/* the rows with the sign known to the compiler, which drops the product by 1 and makes the one by -1 a
 * negation (both exact: the same bits; softmax and log_softmax rows 1.04-1.05x, on 2 threads as well) */
FLOAT_LOOP_OPTIONS static int softmax_row32(const float *x, float *out, double *e, Py_ssize_t m, int log, float sign) {
    return sign == 1.0f ? signed_softmax_row32(x, out, e, m, log, 1.0f) : signed_softmax_row32(x, out, e, m, log, -1.0f);
}
/* x and out as C-contiguous float32 or float64 buffers of rows x m (1), or a ValueError naming `where` (0) */
static int row_buffers(PyObject *xo, PyObject *oo, Py_ssize_t rows, Py_ssize_t m, int threads, Py_buffer *x,
                       Py_buffer *o, const char *where) {
    if (get_buffer(xo, x, 0, "x") < 0 || get_buffer(oo, o, 1, "out") < 0) return 0;
    if (x->itemsize == 2 || o->itemsize != x->itemsize || o->len != x->len || x->len != rows * m * x->itemsize
        || threads < 1) {
        PyErr_Format(PyExc_ValueError, "%s: buffers do not match rows x m", where);
        return 0;
    }
    return 1;
}

/* softmax(x, rows, m, out, log, negate, threads): x and out C-contiguous float32/float64 of rows*m;
 * negate: the rows of -x (softmin), negated as they are read */
static PyObject *softmax_rows(PyObject *self, PyObject *args) {
    PyObject *xo, *oo;
    Py_ssize_t rows, m;
    int log, negate, threads;
    if (!PyArg_ParseTuple(args, "OnnOiii", &xo, &rows, &m, &oo, &log, &negate, &threads)) return NULL;
    Py_buffer x = {0}, o = {0};
    int ok = row_buffers(xo, oo, rows, m, threads, &x, &o, "_kernels.softmax");
    if (ok) {
        int wide = x.itemsize == 8;
        const void *xv = x.buf;
        void *ov = o.buf;
        int short_of_memory = 0;
        Py_BEGIN_ALLOW_THREADS
        #pragma omp parallel num_threads(threads)
        {
            double sign = negate ? -1.0 : 1.0;
            double *row_in = wide ? NULL : malloc(sizeof(double) * (size_t)(m ? m : 1));
            double *row_out = wide ? NULL : malloc(sizeof(double) * (size_t)(m ? m : 1));
            FLAG_SHORT_OF_MEMORY(!wide && (!row_in || !row_out), short_of_memory);
            #pragma omp for schedule(static)
            for (Py_ssize_t r = 0; r < rows; r++) {
                if (wide) {
                    const double *xd = (const double *)xv + r * m;
                    (negate ? softmin_row : softmax_row)(xd, (double *)ov + r * m, m, log);
                } else if (row_in && row_out) {
                    const float *xf = (const float *)xv + r * m;
                    float *of = (float *)ov + r * m;
                    if (softmax_row32(xf, of, row_out, m, log, (float)sign)) continue;
                    load_tile(FLOAT32, xf, 0, m, row_in);
                    (negate ? softmin_row : softmax_row)(row_in, row_out, m, log);
                    SIMD for (Py_ssize_t i = 0; i < m; i++) of[i] = (float)row_out[i];
                }
            }
            free(row_in);
            free(row_out);
        }
        Py_END_ALLOW_THREADS
        if (short_of_memory) ok = out_of_memory();
    }
    return released(ok, &x, &o, NULL, NULL);
}

/* sum_i a_i (b_i scale) (b NULL: sum_i a_i) in 4 LANES partial sums (four vectors, so that their sums
 * do not wait on each other: with one, the vjp rows took 1.04-1.09x as long), added in a fixed order,
 * then the rest: the same bits on every vector unit (an omp simd reduction keeps as many partial sums
 * as a vector holds) */
typedef double lanes_t __attribute__((vector_size(LANES * sizeof(double))));
FLOAT64_LOOP_OPTIONS INLINE void add_lane_terms(lanes_t *sum, const double *a, const double *b, double scale) {
    lanes_t u, v;
    memcpy(&u, a, sizeof u);
    if (b) {
        memcpy(&v, b, sizeof v);
        u *= v * scale;
    }
    *sum += u;
}
FLOAT64_LOOP_OPTIONS INLINE double lane_sum(const double *a, const double *b, double scale, Py_ssize_t m) {
    lanes_t s0 = {0.0}, s1 = {0.0}, s2 = {0.0}, s3 = {0.0};
    Py_ssize_t i = 0;
    for (; i + 4 * LANES <= m; i += 4 * LANES) {
        add_lane_terms(&s0, a + i, b ? b + i : NULL, scale);
        add_lane_terms(&s1, a + i + LANES, b ? b + i + LANES : NULL, scale);
        add_lane_terms(&s2, a + i + 2 * LANES, b ? b + i + 2 * LANES : NULL, scale);
        add_lane_terms(&s3, a + i + 3 * LANES, b ? b + i + 3 * LANES : NULL, scale);
    }
    for (; i + LANES <= m; i += LANES) add_lane_terms(&s0, a + i, b ? b + i : NULL, scale);
    lanes_t sums = (s0 + s1) + (s2 + s3);
    double total = 0.0;
    for (int l = 0; l < LANES; l++) total += sums[l];
    for (; i < m; i++) total += b ? a[i] * (b[i] * scale) : a[i];
    return total;
}

/* one row's vjp from its float64 softmax y = scale e (scale 1 for the float64 rows, 1/total for
 * softmax_vjp_row32's) and cotangent g, into a float64 or float32 (wide 0) out: log_softmax (log)
 * g - y sum g, softmax (sign 1) and softmin (sign -1) sign y (g - <g, y>); a loop for each form (with the
 * flag tested in one loop, softmax's vjp rows took 1.3x as long) */
#define VJP_ROW_LOOP(T, out, value) { T *o = out; SIMD for (Py_ssize_t i = 0; i < m; i++) o[i] = (T)(value); }
FLOAT64_LOOP_OPTIONS static __attribute__((noinline)) void softmax_vjp_row(const double *e, double scale, const double *g,
                                                                      void *out, Py_ssize_t m, int log, double sign, int wide) {
    if (log) {
        double total = lane_sum(g, NULL, 1.0, m);
        if (wide) VJP_ROW_LOOP(double, out, g[i] - e[i] * scale * total)
        else VJP_ROW_LOOP(float, out, g[i] - e[i] * scale * total)
    } else {
        double total = lane_sum(g, e, scale, m);
        if (wide) VJP_ROW_LOOP(double, out, sign * (e[i] * scale * (g[i] - total)))
        else VJP_ROW_LOOP(float, out, sign * (e[i] * scale * (g[i] - total)))
    }
}

/* e^d of a float32 row's entry d = x - max <= 0 (x of sign 1, or -1 for softmin): exp_sixteenths's,
 * 0 below -EXP_UNDERFLOW (as exp_shifted's), and NaN from there to -SIXTEENTHS_LOW, which marks a row
 * that the float64 row serves (there exp_shifted's e^d is subnormal) */
INLINE double row_exp32(double d) {
    double e = exp_sixteenths(d);
    return d < -SIXTEENTHS_LOW ? (d < -EXP_UNDERFLOW ? 0.0 : NAN) : e;
}
#if VECTOR_LANES
static void row_exp32_loop(const float *x, float sign, double mx, double *e, Py_ssize_t m) {
    Py_ssize_t i = 0;
    for (; i + V_LANES <= m; i += V_LANES) {
        vd d = V_FMS(V_LOAD32(x + i), V_SPLAT(sign), V_SPLAT(mx));  /* sign x exact: one rounding, as below */
        vd below = V_IF_LESS(d, V_SPLAT(-EXP_UNDERFLOW), V_SPLAT(0.0), V_SPLAT(NAN));
        V_STORE(e + i, V_IF_LESS(d, V_SPLAT(-SIXTEENTHS_LOW), below, exp_sixteenths_lanes(d)));
    }
    for (; i < m; i++) e[i] = row_exp32((double)(sign * x[i]) - mx);
}
#else
FLOAT_LOOP_OPTIONS static void row_exp32_loop(const float *x, float sign, double mx, double *e, Py_ssize_t m) {
    SIMD for (Py_ssize_t i = 0; i < m; i++) e[i] = row_exp32((double)(sign * x[i]) - mx);
}
#endif
/* the vjp of a float32 row (softmin: sign -1) into out, by the float64 row's steps but its e = e^{x - max}
 * (row_exp32: within 2^-51 where exp_shifted's is within an ulp) and its total (a plain float64 sum, where
 * the float64 row's is a Kahan sum): y = e (1/total) and softmax_vjp_row. y is then within a few float64 ulps
 * of the float64 row's, and the float32 result that row's rounded once, but at a near tie, or where the
 * vjp's sum cancels (the float64 row's own error grows alike). 0 where the float64 row must serve: a NaN,
 * an infinite maximum, or an entry 707-746 below the maximum */
FLOAT_LOOP_OPTIONS static int softmax_vjp_row32(const float *x, const double *g, float *out, double *e, Py_ssize_t m,
                                                int log, float sign) {
    float top = finite_row_maximum32(x, m, sign);
    if (top != top) return 0;
    row_exp32_loop(x, sign, top, e, m);
    double total = lane_sum(e, NULL, 1.0, m);
    if (total != total) return 0;
    softmax_vjp_row(e, 1.0 / total, g, out, m, log, sign, 0);
    return 1;
}

/* softmax_vjp(x, g, rows, m, out, log, negate, threads): the vjp along contiguous rows of softmax
 * (y (g - <g, y>)), log_softmax (log: g - y sum g) or softmin (negate: -y (g - <g, y>) with y the
 * softmax of -x), y = softmax_row's float64 softmax of the row (x widened and negated as read), or
 * for float32 rows softmax_vjp_row32's where it serves (in cache, 2.3-2.8x faster); x and out float32
 * or float64, g float32 or float64 read as float64 (as on the NumPy path), each result rounded once
 * from float64 (softmax_vjp_row32: but where its sums cancel) */
FLOAT64_LOOP_OPTIONS static PyObject *softmax_vjp_rows(PyObject *self, PyObject *args) {
    PyObject *xo, *go, *oo;
    Py_ssize_t rows, m;
    int log, negate, threads;
    if (!PyArg_ParseTuple(args, "OOnnOiii", &xo, &go, &rows, &m, &oo, &log, &negate, &threads)) return NULL;
    Py_buffer x = {0}, g = {0}, o = {0};
    int ok = row_buffers(xo, oo, rows, m, threads, &x, &o, "_kernels.softmax_vjp");
    ok = ok && row_cotangent(go, &g, rows, m, "_kernels.softmax_vjp");
    if (ok) {
        int wide = x.itemsize == 8, g_wide = g.itemsize == 8;
        const void *xv = x.buf, *gv = g.buf;
        void *ov = o.buf;
        int short_of_memory = 0;
        Py_BEGIN_ALLOW_THREADS
        #pragma omp parallel num_threads(threads)
        {
            double sign = negate ? -1.0 : 1.0;
            double *row_in = wide ? NULL : malloc(sizeof(double) * (size_t)(m ? m : 1));
            double *y = malloc(sizeof(double) * (size_t)(m ? m : 1));
            double *g_row = g_wide ? NULL : malloc(sizeof(double) * (size_t)(m ? m : 1));
            int failed = !y || (!row_in && !wide) || (!g_row && !g_wide);
            FLAG_SHORT_OF_MEMORY(failed, short_of_memory);
            #pragma omp for schedule(static)
            for (Py_ssize_t r = 0; r < rows; r++) {
                if (failed) continue;
                if (!g_wide) load_tile(FLOAT32, (const float *)gv + r * m, 0, m, g_row);
                const double *gr = g_wide ? (const double *)gv + r * m : g_row;
                const float *xf = wide ? NULL : (const float *)xv + r * m;
                void *out = wide ? (void *)((double *)ov + r * m) : (void *)((float *)ov + r * m);
                if (xf && softmax_vjp_row32(xf, gr, out, y, m, log, (float)sign)) continue;
                if (xf) load_tile(FLOAT32, xf, 0, m, row_in);
                (negate ? softmin_row : softmax_row)(xf ? row_in : (const double *)xv + r * m, y, m, 0);
                softmax_vjp_row(y, 1.0, gr, out, m, log, sign, wide);
            }
            free(row_in);
            free(y);
            free(g_row);
        }
        Py_END_ALLOW_THREADS
        if (short_of_memory) ok = out_of_memory();
    }
    return released(ok, &x, &g, &o, NULL);
}

/* maxout's loops over `units` groups of `pieces` of a float64 (wide) or float32 buffer: PAIR for
 * pieces = 2 (the common case) as one vectorised loop over the units, else UNIT, each given the type */
#define MAXOUT_LOOPS(PAIR, UNIT)                                                                       \
    if (pieces == 2 && wide) {                                                                         \
        _Pragma("omp parallel for simd schedule(static) num_threads(threads)")                         \
        for (Py_ssize_t u = 0; u < units; u++) PAIR(double)                                            \
    } else if (pieces == 2) {                                                                          \
        _Pragma("omp parallel for simd schedule(static) num_threads(threads)")                         \
        for (Py_ssize_t u = 0; u < units; u++) PAIR(float)                                             \
    } else {                                                                                           \
        _Pragma("omp parallel for schedule(static) num_threads(threads)")                              \
        for (Py_ssize_t u = 0; u < units; u++) {                                                       \
            if (wide) UNIT(double) else UNIT(float)                                                    \
        }                                                                                              \
    }

/* maxout(x, units, pieces, out, threads): out[u] = the maximum of the u-th group of `pieces` consecutive
 * entries of x (float32 or float64, contiguous; out holds `units` values of x's type), folded as
 * np.maximum folds the NumPy path's pieces: a NaN wins, and of +0 and -0 the later piece */
#define MAXOUT_TAKES(best, v) (((best) > (v)) | ((best) != (best)) ? (best) : (v))
#define MAXOUT_UNIT(T)                                                                                 \
    {                                                                                                  \
        const T *xu = (const T *)xb + u * pieces;                                                      \
        T best = xu[0];                                                                                \
        for (Py_ssize_t j = 1; j < pieces; j++) best = MAXOUT_TAKES(best, xu[j]);                      \
        ((T *)ob)[u] = best;                                                                           \
    }
#define MAXOUT_PAIR(T)                                                                                 \
    {                                                                                                  \
        T x0 = ((const T *)xb)[2 * u], x1 = ((const T *)xb)[2 * u + 1];                                \
        ((T *)ob)[u] = MAXOUT_TAKES(x0, x1);                                                           \
    }
FLOAT_LOOP_OPTIONS static PyObject *maxout(PyObject *self, PyObject *args) {
    PyObject *xo, *oo;
    Py_ssize_t units, pieces;
    int threads;
    if (!PyArg_ParseTuple(args, "OnnOi", &xo, &units, &pieces, &oo, &threads)) return NULL;
    if (pieces < 1) return PyErr_Format(PyExc_ValueError, "_kernels.maxout: pieces must be positive");
    Py_buffer x = {0}, o = {0};
    int ok = get_buffer(xo, &x, 0, "x") == 0 && get_buffer(oo, &o, 1, "out") == 0;
    if (ok && (x.itemsize == 2 || o.itemsize != x.itemsize || x.len != units * pieces * x.itemsize
               || o.len != units * o.itemsize || threads < 1)) {
        PyErr_SetString(PyExc_ValueError, "_kernels.maxout: buffers do not match units x pieces");
        ok = 0;
    }
    if (ok) {
        int wide = x.itemsize == 8;
        const void *xb = x.buf;
        void *ob = o.buf;
        Py_BEGIN_ALLOW_THREADS
        MAXOUT_LOOPS(MAXOUT_PAIR, MAXOUT_UNIT)
        Py_END_ALLOW_THREADS
    }
    return released(ok, &x, &o, NULL, NULL);
}

/* maxout_vjp(x, g, units, pieces, out, threads): x and out hold units groups of `pieces` consecutive
 * entries, g one value a unit (all float32 or all float64, contiguous); out gets g at each group's
 * winner (the first NaN, else the first maximum, as np.argmax picks) and 0 elsewhere */
#define MAXOUT_VJP_UNIT(T)                                                                             \
    {                                                                                                  \
        const T *xu = (const T *)xb + u * pieces;                                                      \
        T *ou = (T *)ob + u * pieces;                                                                  \
        T best = xu[0], gu = ((const T *)gb)[u];                                                       \
        Py_ssize_t win = 0;                                                                            \
        for (Py_ssize_t j = 1; j < pieces; j++) { /* without branches: the winners are random */      \
            int take = (best == best) & ((xu[j] > best) | (xu[j] != xu[j]));                           \
            win = take ? j : win;                                                                      \
            best = take ? xu[j] : best;                                                                \
        }                                                                                              \
        for (Py_ssize_t j = 0; j < pieces; j++) ou[j] = j == win ? gu : 0;                             \
    }
#define MAXOUT_VJP_PAIR(T)                                                                             \
    {                                                                                                  \
        T x0 = ((const T *)xb)[2 * u], x1 = ((const T *)xb)[2 * u + 1], gu = ((const T *)gb)[u];       \
        int second = (x0 == x0) & ((x1 > x0) | (x1 != x1));                                            \
        ((T *)ob)[2 * u] = second ? 0 : gu;                                                            \
        ((T *)ob)[2 * u + 1] = second ? gu : 0;                                                        \
    }
static PyObject *maxout_vjp(PyObject *self, PyObject *args) {
    PyObject *xo, *go, *oo;
    Py_ssize_t units, pieces;
    int threads;
    if (!PyArg_ParseTuple(args, "OOnnOi", &xo, &go, &units, &pieces, &oo, &threads)) return NULL;
    if (pieces < 1) return PyErr_Format(PyExc_ValueError, "_kernels.maxout_vjp: pieces must be positive");
    Py_buffer x = {0}, g = {0}, o = {0};
    int ok = row_buffers(xo, oo, units, pieces, threads, &x, &o, "_kernels.maxout_vjp");
    if (ok && (get_buffer(go, &g, 0, "g") < 0 || g.itemsize != x.itemsize || g.len != units * g.itemsize)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "_kernels.maxout_vjp: g must be one value a unit, of x's type");
        ok = 0;
    }
    if (ok) {
        int wide = x.itemsize == 8;
        const void *xb = x.buf, *gb = g.buf;
        void *ob = o.buf;
        Py_BEGIN_ALLOW_THREADS
        MAXOUT_LOOPS(MAXOUT_VJP_PAIR, MAXOUT_VJP_UNIT)
        Py_END_ALLOW_THREADS
    }
    return released(ok, &x, &g, &o, NULL);
}
#undef MAXOUT_VJP_UNIT
#undef MAXOUT_VJP_PAIR

typedef void (*runner)(int, int, const void *, const void *, void *, void *, Py_ssize_t, double, double, int);
typedef void (*tile)(int, const double *, const double *, double *, double *, Py_ssize_t, double, double);
typedef void (*tile32)(int, const float *, const float *, const float *, float *, float *, Py_ssize_t, double, double);
#define KERNEL_ROW(NAME, F, G, G2, F32, G32) {#NAME, NAME##_run, NAME##_tile64, NAME##_lite32},
static const struct { const char *name; runner run; tile tile64; tile32 lite32; } KERNELS[] = {ACTLAB_ENTRIES(KERNEL_ROW, KERNEL_ROW, KERNEL_ROW, KERNEL_ROW, KERNEL_ROW)};
#define N_KERNELS ((int)(sizeof KERNELS / sizeof KERNELS[0]))

/* ---- asking for the next row ---------------------------------------------------------------------
 * The row kernels that work on a row for longer than its reads take ask the processor for the next
 * row's lines a piece at a time as they go (its own prefetcher, which follows a steady stream, left
 * their reads to stall between rows; see the gated rows for what was measured) */
#define CACHE_LINE 64
INLINE void prefetch_bytes(const char *p, Py_ssize_t bytes) {
    for (Py_ssize_t b = 0; b < bytes; b += CACHE_LINE) __builtin_prefetch(p + b);
}
INLINE void prefetch_bytes_for_write(char *p, Py_ssize_t bytes) {
    for (Py_ssize_t b = 0; b < bytes; b += CACHE_LINE) __builtin_prefetch(p + b, 1);
}
/* the next row's x, g and out (NULL where not asked for) and their item sizes */
typedef struct { const char *x, *g; char *out; Py_ssize_t x_item, g_item; } next_row;
/* items [i, i + m) of the next row's buffers */
INLINE void prefetch_next(const next_row *next, Py_ssize_t i, Py_ssize_t m) {
    if (next->x) prefetch_bytes(next->x + i * next->x_item, m * next->x_item);
    if (next->g) prefetch_bytes(next->g + i * next->g_item, m * next->g_item);
    if (next->out) prefetch_bytes_for_write(next->out + i * next->x_item, m * next->x_item);
}

/* ---- sparsemax along contiguous rows (catalogue/simplex.py has the algorithm) --------------------
 * Only entries within 1 of the maximum can be in the support (w = x - max > -1), so only those are
 * sorted; the support size and tau then come from the same sums in the same order as on the NumPy
 * path (cumulative sums of the decreasing w), so the results are the same bits. */
#define SPARSEMAX_BELOW 2.0  /* w is clipped at -2, as on the NumPy path */
static int decreasing(const void *a, const void *b) {
    double u = *(const double *)a, v = *(const double *)b;
    return (u < v) - (u > v);
}
/* x - max, exact near the maximum, clipped at -2 below */
INLINE double below_max(double x, double mx) { return x >= mx - SPARSEMAX_BELOW ? x - mx : -SPARSEMAX_BELOW; }
/* the candidates w = x - max > -1 of z[start..end), in order, after the k found before; the new k */
INLINE Py_ssize_t candidates_of(const double *z, Py_ssize_t start, Py_ssize_t end, double mx, double *candidates, Py_ssize_t k) {
    for (Py_ssize_t i = start; i < end; i++) {
        double w = below_max(z[i], mx);
        if (w > -1.0) candidates[k++] = w;
    }
    return k;
}
/* the row is scanned for candidates in blocks, vectorised; the few blocks that hold one, one by one
 * (rows of 1,000 from N(0, 9): 2.2-2.6x in cache, 1.6x for 10,000 of them on 2 threads). With support
 * (the vjp's), p is the support's indicator s = [w > tau] instead, in the projection's pass; returns 0
 * for a row whose p is a limit (a NaN or infinite row: p is p then). The scan asks for the next row's
 * block (next: NULL for none) */
#define SPARSEMAX_BLOCK 16
FLOAT64_LOOP_OPTIONS static int sparsemax_row(const double *z, double *p, Py_ssize_t m, double *candidates, int support,
                                              const next_row *next) {
    int nan;
    double mx = row_maximum(z, 1.0, m, &nan);
    if (nan || mx == -HUGE_VAL) {  /* no limit */
        for (Py_ssize_t i = 0; i < m; i++) p[i] = NAN;
        return 0;
    }
    if (mx == HUGE_VAL) {  /* the +inf entries share the mass */
        double count = 0.0;
        for (Py_ssize_t i = 0; i < m; i++) count += z[i] == HUGE_VAL;
        for (Py_ssize_t i = 0; i < m; i++) p[i] = z[i] == HUGE_VAL ? 1.0 / count : 0.0;
        return 0;
    }
    Py_ssize_t k = 0, i = 0;
    for (; i + SPARSEMAX_BLOCK <= m; i += SPARSEMAX_BLOCK) {  /* blocks with no candidate in one test */
        int any = 0;
        if (next) prefetch_next(next, i, SPARSEMAX_BLOCK);
        #pragma omp simd reduction(| : any)
        for (Py_ssize_t j = i; j < i + SPARSEMAX_BLOCK; j++) any |= z[j] - mx > -1.0;  /* as below_max's w */
        k = any ? candidates_of(z, i, i + SPARSEMAX_BLOCK, mx, candidates, k) : k;
    }
    k = candidates_of(z, i, m, mx, candidates, k);
    qsort(candidates, (size_t)k, sizeof(double), decreasing);
    double cumulative = 0.0, at_size = 0.0, size = 0.0;
    for (Py_ssize_t j = 0; j < k; j++) {
        cumulative += candidates[j];
        if (1.0 + (double)(j + 1) * candidates[j] > cumulative) { size += 1.0; at_size = cumulative; }
    }
    double tau = (at_size - 1.0) / size;
    if (support) SIMD for (Py_ssize_t i = 0; i < m; i++) p[i] = below_max(z[i], mx) - tau > 0.0 ? 1.0 : 0.0;
    else for (Py_ssize_t i = 0; i < m; i++) p[i] = maxd(below_max(z[i], mx) - tau, 0.0);
    return 1;
}

/* g J of sparsemax at a row, into a float64 or float32 (wide 0) out: s (g - mean of g over the support),
 * s = [p > 0] (NaN for a NaN row), as catalogue/simplex.py computes it, from s (sparsemax_row's with
 * support: 1.2x) or from p (in place); s first, so that the sums take no select (gcc chained three
 * masked sums where they did: 1.5x) */
INLINE double in_support(double p) { return p != p ? p : (double)(p > 0.0); }
FLOAT64_LOOP_OPTIONS static void sparsemax_vjp_row(double *s, int is_support, const double *g, void *out, Py_ssize_t m, int wide) {
    if (!is_support) SIMD for (Py_ssize_t i = 0; i < m; i++) s[i] = in_support(s[i]);
    double mean = lane_sum(g, s, 1.0, m) / lane_sum(s, NULL, 1.0, m);
    if (wide) VJP_ROW_LOOP(double, out, s[i] * (g[i] - mean))
    else VJP_ROW_LOOP(float, out, s[i] * (g[i] - mean))
}

/* sparsemax(x, rows, m, out, threads[, g]): the projection of each row, or with g (float32 or
 * float64 rows, read as float64) its vjp; float32 rows widened, computed in float64, rounded once;
 * out apart from x and g (the callers' buffers are apart), so that the float64 rows are computed in it
 * (a row buffer for them measured 0.8x). A float32 row asks for the next row's x, g and out as it scans
 * (10^4 rows of 10^3 on 2 threads: 1.2-1.3x, vjp as well); the float64 rows, which take about an add's
 * time already, measured 0.95x and do not */
static PyObject *sparsemax_rows(PyObject *self, PyObject *args) {
    PyObject *xo, *oo, *go = Py_None;
    Py_ssize_t rows, m;
    int threads;
    if (!PyArg_ParseTuple(args, "OnnOi|O", &xo, &rows, &m, &oo, &threads, &go)) return NULL;
    Py_buffer x = {0}, o = {0}, g = {0};
    int ok = row_buffers(xo, oo, rows, m, threads, &x, &o, "_kernels.sparsemax");
    ok = ok && (go == Py_None || row_cotangent(go, &g, rows, m, "_kernels.sparsemax"));
    if (ok) {
        int wide = x.itemsize == 8, g_wide = g.itemsize == 8;
        const void *xv = x.buf, *gv = g.obj ? g.buf : NULL;
        void *ov = o.buf;
        int short_of_memory = 0;
        Py_BEGIN_ALLOW_THREADS
        #pragma omp parallel num_threads(threads)
        {
            size_t length = sizeof(double) * (size_t)(m ? m : 1);
            double *candidates = malloc(length), *row_in = wide ? NULL : malloc(length);
            double *row_out = wide ? NULL : malloc(length), *g_row = gv && !g_wide ? malloc(length) : NULL;
            int failed = !candidates || (!wide && (!row_in || !row_out)) || (gv && !g_wide && !g_row);
            FLAG_SHORT_OF_MEMORY(failed, short_of_memory);
            #pragma omp for schedule(static)
            for (Py_ssize_t r = 0; r < rows; r++) {
                if (failed) continue;
                if (!wide) load_tile(FLOAT32, (const float *)xv + r * m, 0, m, row_in);
                double *p = row_out ? row_out : (double *)ov + r * m;
                Py_ssize_t g_item = g_wide ? sizeof(double) : sizeof(float);
                next_row next = {(const char *)((const float *)xv + (r + 1) * m),  /* read for float32 rows only */
                                 gv ? (const char *)gv + (r + 1) * m * g_item : NULL,
                                 (char *)((float *)ov + (r + 1) * m), sizeof(float), g_item};
                int is_support = sparsemax_row(wide ? (const double *)xv + r * m : row_in, p, m, candidates, gv != NULL,
                                               !wide && r + 1 < rows ? &next : NULL);
                if (gv) {
                    if (!g_wide) load_tile(FLOAT32, (const float *)gv + r * m, 0, m, g_row);
                    void *out = wide ? (void *)((double *)ov + r * m) : (void *)((float *)ov + r * m);
                    sparsemax_vjp_row(p, is_support, g_wide ? (const double *)gv + r * m : g_row, out, m, wide);
                } else if (row_out) store_tile(FLOAT32, row_out, 0, m, (float *)ov + r * m);
            }
            free(candidates);
            free(row_in);
            free(row_out);
            free(g_row);
        }
        Py_END_ALLOW_THREADS
        if (short_of_memory) ok = out_of_memory();
    }
    return released(ok, &x, &o, &g, NULL);
}

/* ---- gated units over rows (catalogue/gated.py has the NumPy path and the derivatives) ----------
 * Each row holds 2n values: a (the value half) then b (the gate half). op 0: y = a act(b) (rows x n);
 * op 3: the vjp [g act(b), g a act'(b)] (rows x 2n) for g (rows x n). a act(b) is 0 where act(b)
 * is and a is infinite (mul_limit), and so is g d where either factor is 0 and the other infinite
 * (_weighted); NaN stays NaN.
 * float32 rows take the gate's float32 functions in float64 and are rounded once, as the
 * elementwise float32 kernels are (the float64 functions where a factor is infinite); glu's forward
 * rows take a/(1 + e^{-b}) in one quotient (sigmoid_gated_f32). */

/* A row is taken in pieces of PIECE_BYTES of each half, and before each piece the processor is asked
 * for the same piece of the next row (next: its x and g; NULL after the last row). Its own prefetcher
 * left the rows' reads to stall: 10^4 rows of 2 x 500 on 2 threads took as long as the arithmetic in
 * cache and the reads apart added up (float32 glu 3.0 ms: 1.7 in cache, 1.7 for an add of the halves).
 * Against whole rows: forward 1.15-1.6x (float32 glu 1.5-1.6x, float64 1.45-1.5x), vjp 1.0-1.2x; rows in L2
 * 0.83-0.99x. The whole next row asked for at a row's start (a burst, which fills the queue of misses)
 * measured float32 forward as fast, float64 1.13x and the vjp 0.9x; pieces of 1024 bytes 0.8-0.9x, of
 * 256 0.92-1.02x; asking for the result's lines as well 0.93x */
#define PIECE_BYTES 512
/* items [i, i + m) of both halves of the next row (2n items) and of its cotangent */
INLINE void prefetch_halves(const next_row *next, Py_ssize_t n, Py_ssize_t i, Py_ssize_t m) {
    if (!next) return;
    prefetch_next(next, i, m);
    prefetch_bytes(next->x + (n + i) * next->x_item, m * next->x_item);
}

FLOAT64_LOOP_OPTIONS static void gated_row(int kernel, int op, int kind, const char *xr, const char *gr, char *out, Py_ssize_t n,
                      double p, double q, const next_row *next) {
    if (kind == FLOAT32) {
        const float *a = (const float *)xr, *b = a + n, *g = (const float *)gr;
        float *ya = (float *)out, *yb = ya + n;
        for (Py_ssize_t i = 0, piece = PIECE_BYTES / sizeof(float); i < n; i += piece) {
            Py_ssize_t m = n - i < piece ? n - i : piece;
            prefetch_halves(next, n, i, m);
            KERNELS[kernel].lite32(op == 0 ? GATED_F : GATED_VJP, b + i, op == 0 ? a + i : g + i, a + i, ya + i,
                                   yb + i, m, p, q);
        }
        /* where a or g is infinite, a tiny gate value decides between 0 and inf: the float64
         * kernel's, as on the NumPy path (the float32 functions clip where float32 rounds to 0);
         * in the vjp, g = 0 makes g act(b) 0 where the gate b is infinite, and act(b) may be */
        int infinite = 0;  /* scans without && or ||, which gcc does not vectorise */
        #pragma omp simd reduction(| : infinite)
        for (Py_ssize_t i = 0; i < n; i++) infinite |= fabsf(a[i]) == INFINITY;
        if (op == 3) {
            #pragma omp simd reduction(| : infinite)
            for (Py_ssize_t i = 0; i < n; i++) infinite |= (fabsf(g[i]) == INFINITY) | (fabsf(b[i]) == INFINITY);
        }
        for (Py_ssize_t i = 0; infinite && i < n; i++)
            if (fabsf(a[i]) == INFINITY || (op == 3 && (fabsf(g[i]) == INFINITY || fabsf(b[i]) == INFINITY))) {
                double bi = b[i], act, slope;
                KERNELS[kernel].tile64(op == 0 ? 0 : 4, &bi, NULL, &act, &slope, 1, p, q);
                if (op == 0) ya[i] = (float)limit_product(a[i], act);
                else {
                    ya[i] = (float)weighted(g[i], act);
                    yb[i] = (float)weighted(g[i], limit_product(a[i], slope));
                }
            }
        return;
    }
    for (Py_ssize_t start = 0, piece = PIECE_BYTES / sizeof(double); start < n; start += piece) {  /* float64, in place */
        Py_ssize_t m = n - start < piece ? n - start : piece;
        double act[PIECE_BYTES / sizeof(double)], slope[PIECE_BYTES / sizeof(double)];
        prefetch_halves(next, n, start, m);
        const double *a = (const double *)xr + start, *b = (const double *)xr + n + start;
        const double *g = op == 3 ? (const double *)gr + start : NULL;
        double *ya = (double *)out + start, *yb = op == 3 ? (double *)out + n + start : NULL;
        KERNELS[kernel].tile64(op == 0 ? 0 : 4, b, NULL, act, slope, m, p, q);
        if (op == 0) {
            SIMD for (Py_ssize_t i = 0; i < m; i++) ya[i] = limit_product(a[i], act[i]);
        } else {  /* plain products, then the limits where one is NaN: 0 inf, which limit_product and
                   * weighted replace, is the only way a product of factors that are not NaN is NaN
                   * (vjp 1.1-1.5x; in the forward pass, with one select, the scan did not pay). The
                   * float32 rows above cannot scan their results so: a float32 gate function's value
                   * below float32's range need not be the float64 one (gelu clips at -21: a tiny
                   * value where float64's is 0), and inf times it is inf, not NaN */
            int nan = 0;
            SIMD for (Py_ssize_t i = 0; i < m; i++) {
                double w = g[i];
                ya[i] = w * act[i];
                yb[i] = w * (a[i] * slope[i]);
            }
            #pragma omp simd reduction(| : nan)
            for (Py_ssize_t i = 0; i < m; i++) nan |= (ya[i] != ya[i]) | (yb[i] != yb[i]);
            for (Py_ssize_t i = 0; nan && i < m; i++) {
                ya[i] = weighted(g[i], act[i]);
                yb[i] = weighted(g[i], limit_product(a[i], slope[i]));
            }
        }
    }
}

/* gated(kernel, op, x, g, out, rows, n, param, param2, threads): x C-contiguous rows x 2n float32 or
 * float64; op 0: out rows x n (g None); op 3: g rows x n, out rows x 2n */
static PyObject *gated(PyObject *self, PyObject *args) {
    int kernel, op, threads;
    Py_ssize_t rows, n;
    double param, param2;
    PyObject *xo, *go, *oo;
    if (!PyArg_ParseTuple(args, "iiOOOnnddi", &kernel, &op, &xo, &go, &oo, &rows, &n, &param, &param2, &threads))
        return NULL;
    if (kernel < 0 || kernel >= N_KERNELS || (op != 0 && op != 3) || threads < 1 || rows < 0 || n < 0) {
        PyErr_SetString(PyExc_ValueError, "_kernels.gated: bad kernel, op, threads or shape");
        return NULL;
    }
    Py_buffer x = {0}, g = {0}, o = {0};
    int ok = get_buffer(xo, &x, 0, "x") == 0 && get_buffer(oo, &o, 1, "out") == 0;
    if (ok && op == 3) ok = get_buffer(go, &g, 0, "g") == 0;
    Py_ssize_t item = x.itemsize;
    if (ok && (item == 2 || o.itemsize != item || x.len != rows * 2 * n * item
               || o.len != rows * (op == 3 ? 2 : 1) * n * item || (op == 3 && (g.itemsize != item || g.len != rows * n * item)))) {
        PyErr_SetString(PyExc_ValueError, "_kernels.gated: buffers do not match rows x 2n");
        ok = 0;
    }
    if (ok) {
        int kind = item == 8 ? FLOAT64 : FLOAT32;
        Py_ssize_t out_row = (op == 3 ? 2 : 1) * n * item;
        const char *xb = x.buf, *gb = g.buf;
        char *ob = o.buf;
        Py_BEGIN_ALLOW_THREADS
        #pragma omp parallel for schedule(static) num_threads(threads)
        for (Py_ssize_t r = 0; r < rows; r++) {
            const char *xr = xb + r * 2 * n * item, *gr = gb ? gb + r * n * item : NULL;
            next_row next = {xr + 2 * n * item, gr ? gr + n * item : NULL, NULL, item, item};
            gated_row(kernel, op, kind, xr, gr, ob + r * out_row, n, param, param2, r + 1 < rows ? &next : NULL);
        }
        Py_END_ALLOW_THREADS
    }
    return released(ok, &x, &g, &o, NULL);
}

/* ---- Python glue ---------------------------------------------------------------- */
static PyObject *run(PyObject *self, PyObject *args) {
    int kernel, op, threads, kind;
    double param, param2;
    PyObject *xo, *go, *oo, *o2o;
    if (!PyArg_ParseTuple(args, "iiOOOOddii", &kernel, &op, &xo, &go, &oo, &o2o, &param, &param2, &threads, &kind))
        return NULL;
    if (kernel < 0 || kernel >= N_KERNELS || op < 0 || op > 4 || threads < 1 || kind < FLOAT64 || kind > BFLOAT16) {
        PyErr_SetString(PyExc_ValueError, "_kernels.run: bad kernel, op, threads or kind");
        return NULL;
    }
    Py_buffer x = {0}, g = {0}, o = {0}, o2 = {0};
    int ok = get_buffer(xo, &x, 0, "x") == 0;
    ok = ok && get_buffer(oo, &o, 1, "out") == 0;
    if (ok && op == 3) ok = get_buffer(go, &g, 0, "g") == 0;
    if (ok && op == 4) ok = get_buffer(o2o, &o2, 1, "out2") == 0;
    if (ok && (x.itemsize != ITEMSIZE[kind] || o.len != x.len || o.itemsize != x.itemsize
               || (op == 3 && (g.len != x.len || g.itemsize != x.itemsize))
               || (op == 4 && (o2.len != x.len || o2.itemsize != x.itemsize)))) {
        PyErr_SetString(PyExc_ValueError, "_kernels.run: buffers differ in length or type");
        ok = 0;
    }
    if (ok) {
        Py_ssize_t n = x.len / x.itemsize;
        Py_BEGIN_ALLOW_THREADS
        KERNELS[kernel].run(op, kind, x.buf, g.buf, o.buf, o2.buf, n, param, param2, threads);
        Py_END_ALLOW_THREADS
    }
    return released(ok, &x, &g, &o, &o2);
}

static PyObject *names(PyObject *self, PyObject *unused) {
    PyObject *t = PyTuple_New(N_KERNELS);
    for (int i = 0; t && i < N_KERNELS; i++) PyTuple_SET_ITEM(t, i, PyUnicode_FromString(KERNELS[i].name));
    return t;
}

static PyObject *constants(PyObject *self, PyObject *unused) {
    return Py_BuildValue("{sdsdsdsdsdsdsdsdsdsdsdsdsd}",
                         "SELU_SCALE", SELU_SCALE, "SELU_SCALE_HI", SELU_SCALE_HI, "SELU_SCALE_LO", SELU_SCALE_LO,
                         "SELU_SCALE_ALPHA_HI", SELU_SCALE_ALPHA_HI, "SELU_SCALE_ALPHA_LO", SELU_SCALE_ALPHA_LO,
                         "LOG_MAX", LOG_MAX,
                         "INV_SQRT_2PI", INV_SQRT_2PI,
                         "GELU_TANH_SCALE_HI", GELU_TANH_SCALE_HI, "GELU_TANH_SCALE_LO", GELU_TANH_SCALE_LO,
                         "GELU_TANH_CUBIC_HI", GELU_TANH_CUBIC_HI, "GELU_TANH_CUBIC_LO", GELU_TANH_CUBIC_LO,
                         "LOG_TINY", LOG_TINY,
                         "LN2", LN2 == LN2_HI + LN2_LO ? LN2 : NAN);  /* ln 2 whole and as a pair: one check */
}

/* the vector unit the loops were compiled for (-march=native: the installing machine's), and its
 * doubles a vector: the kernels' speed depends on it (bench prints it) */
static PyObject *vector_unit(PyObject *self, PyObject *unused) {
#if defined(__AVX512F__)
    return Py_BuildValue("(si)", "AVX-512", 8);
#elif defined(__AVX2__)
    return Py_BuildValue("(si)", "AVX2", 4);
#elif defined(__AVX__)
    return Py_BuildValue("(si)", "AVX", 4);
#elif defined(__SSE2__)
    return Py_BuildValue("(si)", "SSE2", 2);
#elif defined(__ARM_NEON)
    return Py_BuildValue("(si)", "NEON", 2);
#else
    return Py_BuildValue("(si)", "scalar", 1);
#endif
}

/* how the kernels take 1/d (the float32 kernels, and float64 tanh's correction step) and 1/sqrt(s)
 * (the float32 kernels), each "division" or "newton" (see recip_lite); the CUDA kernels are compiled
 * to match */
static PyObject *reciprocals(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(ss)", NEWTON_RECIPROCALS ? "newton" : "division", NEWTON_RSQRT ? "newton" : "division");
}

static PyMethodDef METHODS[] = {
    {"run", run, METH_VARARGS, "run(kernel, op, x, g, out, out2, param, threads)"},
    {"names", names, METH_NOARGS, "the kernel names, by index"},
    {"softmax", softmax_rows, METH_VARARGS, "softmax(x, rows, m, out, log, negate, threads) along contiguous rows"},
    {"softmax_vjp", softmax_vjp_rows, METH_VARARGS, "softmax_vjp(x, g, rows, m, out, log, negate, threads): vjp along contiguous rows"},
    {"maxout", maxout, METH_VARARGS, "maxout(x, units, pieces, out, threads): the maximum of each group"},
    {"maxout_vjp", maxout_vjp, METH_VARARGS, "maxout_vjp(x, g, units, pieces, out, threads): g at each group's winner"},
    {"sparsemax", sparsemax_rows, METH_VARARGS, "sparsemax(x, rows, m, out, threads[, g]) along contiguous rows (with g: its vjp)"},
    {"gated", gated, METH_VARARGS, "gated(kernel, op, x, g, out, rows, n, param, param2, threads): a act(b) and its vjp by rows"},
    {"constants", constants, METH_NOARGS, "the constants compiled in"},
    {"vector_unit", vector_unit, METH_NOARGS, "(name, doubles a vector) of the vector instructions compiled for"},
    {"reciprocals", reciprocals, METH_NOARGS, "how the kernels take 1/d and 1/sqrt(s): (division or newton, division or newton)"},
    {NULL, NULL, 0, NULL}};
static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_kernels", "actlab's compiled elementwise kernels", -1, METHODS};
PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&MODULE);
}
