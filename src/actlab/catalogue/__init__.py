"""The catalogue: importing it registers every entry, family by family."""

from . import sigmoidal, rectifiers, smooth, vector  # noqa: F401  (registration)
from . import rectifiers_more, hard, shrink, smooth_more, simplex, gated  # noqa: F401  (registration)
