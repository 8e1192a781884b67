"""actlab.nn benchmark: digits accuracy and training time, and the time of one epoch.

Targets (issue "Layers: actlab.nn"): a 64-256-256-10 MLP reaches >= 97% test
accuracy on scikit-learn's digits with ReLU and with GELU, each in under 10 s;
one epoch of a 64-128-128-10 MLP with batch 32 takes under 0.3 s.

Run: python benchmarks/bench_nn.py [--seed 0] [--epochs 10]

Seconds are wall-clock time of ``Trainer.fit`` (data loading excluded), with
BLAS limited to one thread (``blas_threads=1``: as fast for these sizes, and
immune to a busy second core); the last rows show one epoch with BLAS's own
thread count for comparison.
"""

import argparse
import statistics
import time

import numpy as np

from actlab import nn

ACCURACY_TARGET = 0.97
SECONDS_TARGET = 10.0
EPOCH_TARGET = 0.3
LEARNING_RATE = 2e-3  # AdamW with cosine decay to 0 over the run
BATCH_SIZE = 32
EPOCH_REPEATS = 5  # epochs timed for the epoch-time rows; the median is reported


def train_digits(activation, dtype, seed, epochs):
    rng = np.random.default_rng(seed)
    data = nn.load("digits", rng=rng, dtype=dtype)
    model = nn.mlp([64, 256, 256, 10], activation, rng=rng, dtype=dtype)
    trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), nn.AdamW(lr=LEARNING_RATE), batch_size=BATCH_SIZE,
                         schedule=nn.CosineDecay(LEARNING_RATE, epochs), blas_threads=1)
    start = time.perf_counter()
    history = trainer.fit(data.x_train, data.y_train, epochs=epochs, rng=rng)
    seconds = time.perf_counter() - start
    accuracy = trainer.evaluate(data.x_test, data.y_test)[1]
    return accuracy, seconds, statistics.median(history.seconds)


def epoch_time(dtype, seed, blas_threads):
    rng = np.random.default_rng(seed)
    data = nn.load("digits", rng=rng, dtype=dtype)
    model = nn.mlp([64, 128, 128, 10], "relu", rng=rng, dtype=dtype)
    trainer = nn.Trainer(model, nn.SoftmaxCrossEntropy(), nn.Adam(), batch_size=BATCH_SIZE, blas_threads=blas_threads)
    history = trainer.fit(data.x_train, data.y_train, epochs=EPOCH_REPEATS, rng=rng)
    return statistics.median(history.seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()

    rows = []
    for activation in ("relu", "gelu"):
        for dtype in (np.float64, np.float32):
            accuracy, seconds, per_epoch = train_digits(activation, dtype, args.seed, args.epochs)
            ok = accuracy >= ACCURACY_TARGET and seconds < SECONDS_TARGET
            rows.append((f"digits 64-256-256-10 {activation}, {args.epochs} epochs", np.dtype(dtype).name, "1",
                         f"{accuracy:.2%}", f"{seconds:.2f}", f"{per_epoch:.3f}", "yes" if ok else "NO"))
    for threads in (1, None):
        for dtype in (np.float64, np.float32):
            seconds = epoch_time(dtype, args.seed, threads)
            rows.append(("one epoch 64-128-128-10 relu, batch 32", np.dtype(dtype).name,
                         "default" if threads is None else str(threads), "", "", f"{seconds:.3f}",
                         "yes" if seconds < EPOCH_TARGET else "NO"))

    header = ("run", "dtype", "BLAS threads", "test accuracy", "seconds", "s/epoch", "target met")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    line = "| " + " | ".join("{:%d}" % w for w in widths) + " |"
    print(f"targets: accuracy >= {ACCURACY_TARGET:.0%} in < {SECONDS_TARGET:.0f} s; "
          f"one 64-128-128-10 epoch < {EPOCH_TARGET} s  (seed {args.seed})")
    print(line.format(*header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line.format(*row))


if __name__ == "__main__":
    main()
