"""Optimizers (SGD with momentum or Nesterov, Adam, AdamW) and learning-rate schedules.

An optimizer's ``step(params, grads)`` updates the arrays of ``params`` in
place from the same-keyed ``grads`` (``Sequential.params``/``.grads``); its
state (velocities, moments) is kept per key. ``lr`` may be changed between
steps — the trainer sets it from a schedule at the start of each epoch.
"""

import math

import numpy as np

#: Adam's defaults (Kingma & Ba 2015).
ADAM_LR = 1e-3
ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPS = 1e-8
#: AdamW's default decoupled weight decay (as in PyTorch).
ADAMW_WEIGHT_DECAY = 1e-2
#: StepDecay's default factor per step.
STEP_GAMMA = 0.1


class Optimizer:
    """Base class: checks the keys and calls ``_update(state, p, g)`` per parameter."""

    def __init__(self, lr):
        if not lr > 0:
            raise ValueError(f"{type(self).__name__}: lr must be > 0, got {lr!r}")
        self.lr = float(lr)
        self.state = {}
        self.steps = 0

    def step(self, params, grads):
        if params.keys() != grads.keys():
            raise ValueError(f"{self!r}: params and grads have different keys: "
                             f"{sorted(params)} and {sorted(grads)}")
        self.steps += 1
        for key, p in params.items():
            g = grads[key]
            if g.shape != p.shape:
                raise ValueError(f"{self!r}: gradient {key} has shape {g.shape}, parameter {p.shape}")
            self._update(self.state.setdefault(key, {}), p, g)

    def _update(self, state, p, g):
        raise NotImplementedError

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("state", "steps"))
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Stochastic gradient descent, with momentum μ and Nesterov's variant (PyTorch's form).

    g ← g + λp (L2 weight decay λ);  v ← μv + g;
    p ← p − lr·v, or with Nesterov p ← p − lr·(g + μv).
    """

    def __init__(self, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(lr)
        if nesterov and momentum <= 0:
            raise ValueError("SGD: Nesterov momentum needs momentum > 0")
        self.momentum, self.nesterov, self.weight_decay = float(momentum), bool(nesterov), float(weight_decay)

    def _update(self, state, p, g):
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            v = state.get("v")
            if v is None:
                v = state["v"] = np.zeros_like(p)
            v *= self.momentum
            v += g
            g = g + self.momentum * v if self.nesterov else v
        p -= self.lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction; t counts the steps.

    g ← g + λp (L2, coupled);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
    p ← p − lr·m̂/(√v̂ + ε),  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ).
    """

    decoupled = False

    def __init__(self, lr=ADAM_LR, beta1=ADAM_BETA1, beta2=ADAM_BETA2, eps=ADAM_EPS, weight_decay=0.0):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps, self.weight_decay = float(beta1), float(beta2), float(eps), float(weight_decay)

    def _update(self, state, p, g):
        if self.weight_decay:
            if self.decoupled:
                p *= 1.0 - self.lr * self.weight_decay
            else:
                g = g + self.weight_decay * p
        if not state:
            state["m"], state["v"] = np.zeros_like(p), np.zeros_like(p)
        m, v = state["m"], state["v"]
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * np.square(g)
        m_scale = 1.0 / (1.0 - self.beta1 ** self.steps)
        v_scale = 1.0 / (1.0 - self.beta2 ** self.steps)
        p -= (self.lr * m_scale) * m / (np.sqrt(v_scale * v) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019):
    p ← p·(1 − lr·λ) before the Adam step, instead of adding λp to g."""

    decoupled = True

    def __init__(self, lr=ADAM_LR, beta1=ADAM_BETA1, beta2=ADAM_BETA2, eps=ADAM_EPS,
                 weight_decay=ADAMW_WEIGHT_DECAY):
        super().__init__(lr, beta1, beta2, eps, weight_decay)


class StepDecay:
    """lr(epoch) = lr₀·γ^⌊epoch/step_size⌋."""

    def __init__(self, lr, step_size, gamma=STEP_GAMMA):
        if step_size < 1:
            raise ValueError(f"StepDecay: step_size must be >= 1, got {step_size!r}")
        self.lr, self.step_size, self.gamma = float(lr), int(step_size), float(gamma)

    def __call__(self, epoch):
        return self.lr * self.gamma ** (epoch // self.step_size)

    def __repr__(self):
        return f"StepDecay(lr={self.lr}, step_size={self.step_size}, gamma={self.gamma})"


class CosineDecay:
    """lr(epoch) = lr_min + (lr₀ − lr_min)·(1 + cos(π·epoch/epochs))/2, and lr_min from ``epochs`` on."""

    def __init__(self, lr, epochs, lr_min=0.0):
        if epochs < 1:
            raise ValueError(f"CosineDecay: epochs must be >= 1, got {epochs!r}")
        self.lr, self.epochs, self.lr_min = float(lr), int(epochs), float(lr_min)

    def __call__(self, epoch):
        progress = min(epoch, self.epochs) / self.epochs
        return self.lr_min + (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * progress)) / 2.0

    def __repr__(self):
        return f"CosineDecay(lr={self.lr}, epochs={self.epochs}, lr_min={self.lr_min})"
