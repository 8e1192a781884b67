"""Experiments that measure what each activation does to training, and the report.

One module per claim of the study notes, each ``run(Config(...), rng) -> result`` whose ``claims`` carry
the setup, the measurement (mean ± std over seeds), the rule (named thresholds) and the verdict:

* ``vanishing``  — per-layer gradient norms in a deep MLP (claims 1 and 6)
* ``centring``   — zero-centred outputs and the speed of learning; ELU/SELU means (claim 2)
* ``dead_units`` — dead ReLU units at a normal and a large learning rate (claim 3)
* ``learnable``  — learned PReLU α and Swish β (claim 4, from ``compare``'s runs)
* ``maxout``     — fitting convex targets against the number of pieces; parameter counts (claim 5)
* ``compare``    — the fair harness (``actlab compare``); every elementwise entry on digits (claim 7)
* ``shape``      — claims the property sheet settles (claim 8)

``claims`` runs them all and writes Markdown, figures and JSON (``actlab claims``); ``report`` writes
the one-page HTML report (``actlab report``); ``figures`` draws; ``common`` holds the training loop,
probes, statistics and verdict helpers. Importing this package imports nothing heavy.
"""
