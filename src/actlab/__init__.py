"""actlab — neural-network activation functions, exact and fast.

Every activation of the catalogue is a module attribute (``actlab.gelu``) with
``grad``, ``grad2``, ``param_grads``, ``vjp``, ``jvp`` and ``value_and_grad``
(vector-valued ones: ``vjp``, ``jvp``, ``jacobian``). ``names()`` lists the
catalogue and ``get(name, **params)`` returns an entry with parameters bound.

>>> import actlab
>>> actlab.gelu.grad([-1.0, 0.0, 1.0])
array([-0.08331547,  0.5       ,  1.08331547])
"""

from . import catalogue as _catalogue  # noqa: F401  (registers the entries)
from .properties import properties
from .registry import Activation, Param, VectorActivation, aliases, get, names

__version__ = "0.1.0"

globals().update({_name: get(_name) for _name in names(aliases=True)})  # aliases too: actlab.hardswish

__all__ = ["Activation", "Param", "VectorActivation", "aliases", "get", "names", "properties", *names()]
