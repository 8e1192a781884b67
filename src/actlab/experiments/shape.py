"""Claim 8: what the notes say about the shape of the curves, settled by the property sheet.

Every verdict here reads ``actlab.properties`` (computed from the registry's own f, f′, f″ — see
``actlab.properties.TOLERANCE``) or compares two registry functions on the sheet's grid; no new
analysis. No seeds: these are deterministic.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..properties import GRID_HALF_WIDTH, GRID_STEP, VALUE_RTOL, analyse, curve, fmt_number
from ..registry import get, names
from .common import NOT_SUPPORTED, SUPPORTED, Claim, ResultMixin

#: The notes give SiLU's minimum to this many decimals (x ≈ −1.278).
NOTES_DECIMALS = 3
NOTES_SILU_MINIMUM = -1.278
#: softsign′/tanh′ is shown at this x (at the sheet's TAIL_PROBE tanh′ underflows to 0).
TAIL_SHOW = 10.0
#: ELU is checked at these α.
ELU_ALPHAS = (1.0, 0.5, 2.0)


@dataclass(frozen=True)
class ShapeConfig:
    elu_alphas: tuple = ELU_ALPHAS


@dataclass
class ShapeResult(ResultMixin):
    config: ShapeConfig
    sheets: dict  # label -> selected property values
    claims: list = field(default_factory=list)


def _sheet(name, **params):
    return analyse(curve(name, **params), cost=False)


def _grid():
    n = int(round(2 * GRID_HALF_WIDTH / GRID_STEP)) + 1
    return np.linspace(-GRID_HALF_WIDTH, GRID_HALF_WIDTH, n)


def _yes(ok):
    return SUPPORTED if ok else NOT_SUPPORTED


SETUP = "actlab.properties on the registry's f, f′, f″ (grid over [−32, 32] and x = ±∞, see its tolerance)"


def judge(config=ShapeConfig()):
    have = set(names())
    claims, sheets = [], {}
    if "swish" in have:
        p = _sheet("swish")
        sheets["swish"] = {"monotonic": p.monotonic, "grad_zeros": p.grad_zeros, "minimum": p.minimum.value,
                           "minimum_at": p.minimum.at}
        claims.append(Claim(
            key="shape_swish_grad_positive", claim="Swish's derivative is always positive",
            source="Swish: 导数恒大于0", setup=SETUP + ", swish with β = 1.",
            measurement=sheets["swish"],
            rule="supported if the sheet finds swish increasing (f′ > 0 everywhere), not supported otherwise.",
            verdict=_yes(p.monotonic == "increasing"),
            finding=(f"swish is {'increasing' if p.monotonic == 'increasing' else 'not monotonic'}: f′ = 0 at x = "
                     f"{', '.join(fmt_number(z) for z in p.grad_zeros)} and f′ < 0 left of it; minimum "
                     f"{fmt_number(p.minimum.value)}."),
            caveat="The notes contradict themselves: their SiLU section (Swish with β = 1) gives this minimum.",
        ))
    if "silu" in have:
        p = _sheet("silu")
        at = p.minimum.at
        sheets["silu"] = {"minimum_at": at, "minimum": p.minimum.value}
        tol = 0.5 * 10.0 ** -NOTES_DECIMALS
        claims.append(Claim(
            key="shape_silu_minimum", claim="SiLU has a minimum at x ≈ −1.278",
            source="SiLU: 当 x < 0 时，输出先减小后增大（极小值约在 x ≈ −1.278 处）", setup=SETUP + ".",
            measurement=sheets["silu"],
            rule=(f"supported if the sheet's minimum lies within half a unit of the notes' last decimal "
                  f"({NOTES_DECIMALS} decimals: ±{tol:g}) of {NOTES_SILU_MINIMUM}."),
            verdict=_yes(at is not None and abs(at - NOTES_SILU_MINIMUM) <= tol),
            finding=f"minimum {fmt_number(p.minimum.value)} at x = {fmt_number(at)}.",
        ))
    if "softmax" in have:
        p = _sheet("softmax")
        r = _sheet("relu") if "relu" in have else None
        sheets["softmax"] = {"section": p.view, "smoothness": p.smoothness, "dead": p.dead, "jumps": p.jumps}
        if r is not None:
            sheets["relu"] = {"smoothness": r.smoothness, "dead": r.dead, "jumps": r.jumps}
        ok = p.smoothness != "Cinf" and bool(p.dead)
        claims.append(Claim(
            key="shape_softmax_text", claim="softmax is not differentiable at zero and has zero gradient for "
                                            "negative inputs",
            source="Softmax: 在零点不可微。负输入的梯度为零 … 因此会产生永不激活的死亡神经元",
            setup=SETUP + f"; softmax along the section {p.view}, and relu.",
            measurement=sheets["softmax"] | ({"relu": sheets["relu"]} if r is not None else {}),
            rule=("supported if softmax's sheet finds a jump of f′ (not C¹) and an interval where f′ = 0; not "
                  "supported otherwise."),
            verdict=_yes(ok),
            finding=(f"softmax is {p.smoothness_text()} with f′ = 0 nowhere on a finite interval"
                     + (f"; the text describes ReLU, whose sheet says {r.smoothness_text()} with f′ jumping at 0 and "
                        f"f′ = 0 for x ≤ 0." if r is not None else ".")),
            caveat="The notes copied ReLU's properties into the softmax section.",
        ))
    if "softsign" in have and "tanh" in have:
        s, t = _sheet("softsign"), _sheet("tanh")
        probe = np.array([TAIL_SHOW])
        ratio = float(get("softsign").grad(probe)[0] / get("tanh").grad(probe)[0]) \
            if get("tanh").grad(probe)[0] > 0 else math.inf
        sheets["softsign_tanh"] = {"softsign_tail": s.right.rate, "tanh_tail": t.right.rate,
                                   f"grad_ratio_at_{TAIL_SHOW:g}": ratio}
        polynomial = bool(s.right.rate) and s.right.rate.startswith("like")
        claims.append(Claim(
            key="shape_softsign_tail", claim="softsign's derivative decays more slowly than tanh's",
            source="Softsign: 其更平坦的曲线与更慢的下降导数", setup=SETUP + ".",
            measurement=sheets["softsign_tanh"],
            rule=("supported if the sheet finds softsign approaching its limits polynomially and tanh "
                  "exponentially (so softsign′ ≫ tanh′ in the tails), not supported otherwise."),
            verdict=_yes(polynomial and t.right.rate == "exponentially"),
            finding=(f"softsign saturates {s.right.rate}, tanh {t.right.rate}; softsign′/tanh′ at x = "
                     f"{TAIL_SHOW:g} is {fmt_number(ratio, 3)}."),
            caveat="Slower decay in the tails only; near 0 tanh′ is the larger (claim 6).",
        ))
    if "softplus" in have and "sigmoid" in have:
        x = np.concatenate([_grid(), [-math.inf, math.inf]])
        a, b = get("softplus").grad(x), get("sigmoid")(x)
        rel = float(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b))))
        sheets["softplus"] = {"max_difference": rel, "points": int(x.size)}
        claims.append(Claim(
            key="shape_softplus_grad", claim="Softplus′ = σ", source="Softplus′(x) = σ(x)",
            setup="softplus.grad and sigmoid from the registry on the property sheet's grid and at ±∞.",
            measurement=sheets["softplus"],
            rule=f"supported if they agree within the sheet's VALUE_RTOL = {VALUE_RTOL:g} everywhere.",
            verdict=_yes(rel <= VALUE_RTOL), finding=f"largest difference {rel:.2g} over {x.size} points.",
        ))
    if "elu" in have:
        rows = {}
        for alpha in config.elu_alphas:
            p = _sheet("elu", alpha=alpha)
            rows[f"alpha={alpha:g}"] = {"left": p.left.describe(), "limit": p.left.limit, "kind": p.left.kind}
        ok = all(r["kind"] == "saturating" and abs(r["limit"] + a) <= VALUE_RTOL * max(1.0, a)
                 for r, a in zip(rows.values(), config.elu_alphas))
        sheets["elu"] = rows
        claims.append(Claim(
            key="shape_elu_saturates", claim="ELU saturates to −α for large negative inputs",
            source="ELU: 在较小的输入下会饱和至负值", setup=SETUP + f", α ∈ {{{', '.join(f'{a:g}' for a in config.elu_alphas)}}}.",
            measurement=rows,
            rule=f"supported if for every α the left tail saturates to −α (within VALUE_RTOL = {VALUE_RTOL:g}).",
            verdict=_yes(ok), finding="; ".join(f"{k}: {r['left']}" for k, r in rows.items()) + ".",
        ))
    ranges = [("sigmoid", "(0, 1)", "Sigmoid: 输出范围是0到1"), ("softsign", "(−1, 1)", "Softsign: 返回 -1 和 1 之间的值"),
              ("leaky_relu", "(−∞, ∞)", "Leaky ReLU 的函数范围是负无穷到正无穷")]
    for name, expected, source in ranges:
        if name in have:
            p = _sheet(name)
            sheets[f"{name}_range"] = p.range_text()
            claims.append(Claim(
                key=f"shape_{name}_range", claim=f"{name}'s outputs lie in {expected}", source=source,
                setup=SETUP + ".", measurement={"range": p.range_text()},
                rule=f"supported if the sheet's range is {expected}.", verdict=_yes(p.range_text() == expected),
                finding=f"range {p.range_text()}.",
            ))
    return ShapeResult(config, sheets, claims)


def run(config=ShapeConfig(), rng=None, progress=None):
    """Claim 8 (``rng`` is unused: nothing here is random)."""
    result = judge(config)
    if progress is not None:
        progress.tick("property sheets")
    return result
