"""Defaults shared by the experiments and the command line (plain values: importing this costs nothing,
so ``actlab --help`` can show them without importing the experiments)."""

#: ``actlab compare`` and claim 7: the network, the optimizer and the budget.
COMPARE_DATASET = "digits"
COMPARE_DEPTH = 2
COMPARE_WIDTH = 64
COMPARE_EPOCHS = 8
COMPARE_LR = 3e-3
COMPARE_OPTIMIZER = "adam"
COMPARE_BATCH = 64
COMPARE_TARGET = 0.95
COMPARE_SEEDS = 3
#: Activations ``actlab compare`` trains when none are named.
COMPARE_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu")

#: The seed every experiment's generator is spawned from: the study notes' date.
DEFAULT_SEED = 20250629
#: Where ``actlab claims`` and ``actlab report`` write.
CLAIMS_DIR = "claims"
REPORT_DIR = "report"
