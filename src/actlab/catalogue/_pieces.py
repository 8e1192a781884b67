"""Helpers of the piecewise entries: one predicate per kink, and checks across parameters.

A piecewise entry lists its kinks once, as ``((b, side), …)`` in increasing order:
at x = b the piece on ``side`` ("left" or "right") applies — for f, f′, f″ and
∂f/∂θ alike (``piece_index``). The test references use the same description
(actlab.reference, ``Pieces``).

``CheckedActivation`` is an ``Activation`` whose parameters are also checked
together (hard_tanh: min_val < max_val; rrelu: lower ≤ upper).
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..registry import Activation

LEFT, RIGHT = "left", "right"


def piece_index(x, kinks):
    """The index of the piece each x lies on (0 left of the first kink)."""
    index = np.zeros(np.shape(x), dtype=np.intp)
    for b, side in kinks:
        index += (x > b) if side == LEFT else (x >= b)
    return index


def piecewise(x, kinks, values):
    """values[i] (an array of x's shape or a scalar) on piece i; NaN where x is NaN."""
    index = piece_index(x, kinks)
    out = np.select([index == i for i in range(len(values))], [np.broadcast_to(v, np.shape(x)) for v in values])
    return np.where(np.isnan(x), np.nan, out)


def kink_text(kinks, names=None):
    """'at x = 0 the left piece applies, at x = 6 the right one' (for docstrings)."""
    parts = [f"at x = {names[i] if names else format(b, 'g').replace('-', '−')} the {side} piece applies"
             for i, (b, side) in enumerate(kinks)]
    return "; ".join(parts)


@dataclass(frozen=True, repr=False, kw_only=True)
class CheckedActivation(Activation):
    """An Activation whose parameters are checked together: ``check_params(**values)``
    returns an error message or None (raised as ValueError naming the function)."""

    check_params: Callable | None = None

    def _resolve(self, given, method=""):
        values = super()._resolve(given, method)
        problem = self.check_params(**values) if self.check_params else None
        if problem:
            raise ValueError(f"{self._where(method)}: {problem}")
        return values

    def bind(self, **params):
        bound = super().bind(**params)
        if all(p.name in bound.bound or not p.required for p in self.params):
            bound._resolve({})  # the parameters fixed so far are checked together now
        return bound
