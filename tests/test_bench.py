"""actlab.bench and `actlab bench`: rows, ratios and the table (numbers measured, never asserted)."""

import json

import numpy as np
import pytest

from actlab import bench
from actlab.cli import main


def test_rows_carry_every_measurement(rng):
    rows = bench.run(["sigmoid", "hard_swish", "softmax"], n=2**12, repeat=1, rng=rng)
    assert [r.name for r in rows] == ["sigmoid", "hard_swish", "softmax"]
    for r in rows:
        assert r.actlab_ms > 0 and r.limit_ms > 0 and r.add_ms > 0 and r.ratio > 0
        assert np.isfinite(r.gigabytes_per_second)
    assert rows[0].notes_ms is not None and rows[1].notes_ms is None  # the notes implement sigmoid only
    assert rows[2].out_ms > 0 and rows[2].vjp_ms > 0  # vector entries too: allocating, out= and vjp
    assert rows[2].n == bench.SOFTMAX_SHAPE[0] * bench.SOFTMAX_SHAPE[1]
    try:
        import torch  # noqa: F401
    except ImportError:
        return
    assert rows[0].torch_ms is not None and rows[1].torch_ms is not None  # hardswish, from names_in


def test_the_backward_limit_adds_two_arrays(rng, monkeypatch):
    """The vjp reads x and g and writes dx: its limit np.add(a, b, out=c) reads two arrays, not one twice
    (np.add(x, x) reads one, about the copy's time, and made every vjp ratio look 1.3x worse)."""
    import types

    calls = []

    def add(a, b, out=None):
        calls.append((a, b, out))
        return np.add(a, b, out=out)

    monkeypatch.setattr(bench, "np", types.SimpleNamespace(**{**vars(np), "add": add}))
    bench.run(["sigmoid", "softmax"], n=2**12, repeat=1, torch=False, rng=rng)
    assert calls and all(a is not b and a.shape == b.shape == out.shape and out is not a and out is not b
                         for a, b, out in calls)
    assert {a.size for a, _, _ in calls} == {2**12, bench.SOFTMAX_SHAPE[0] * bench.SOFTMAX_SHAPE[1]}


def test_the_allocating_calls_are_timed_in_turn(rng, monkeypatch):
    """actlab's allocating call, np.copy (its limit), the notes' code and PyTorch's share each repetition:
    here a fresh result's pages cost more or less from moment to moment (bench._allocating_ms), and
    timed apart, whichever library fell in a slow stretch lost."""
    groups = []
    timed = bench._median_ms

    def record(*fns, repeat):
        groups.append(fns)
        return timed(*fns, repeat=repeat)

    monkeypatch.setattr(bench, "_median_ms", record)
    torch = bench._torch(1)
    (row,) = bench.run(["sigmoid"], n=2**12, repeat=1, rng=rng, torch=torch is not None)
    allocating, forward, backward = groups
    assert len(allocating) == (4 if torch is not None else 3)
    assert allocating[0].func is bench.registry.get("sigmoid") and allocating[1].func is np.copy
    assert len(forward) == len(backward) == 2
    assert row.new_copy_ms > 0 and row.notes_ms > 0 and row.allocating_ratio == row.actlab_ms / row.new_copy_ms
    assert (row.torch_ms is not None) == (torch is not None)


def test_the_warm_up_lasts_until_the_calls_settle(monkeypatch):
    """Throwaway calls go on while a call takes over SETTLED_SPREAD times the quickest, and stop once the
    last WARM_UP_CALLS // 2 have settled (at least WARM_UP_CALLS calls, at most WARM_UP_SECONDS)."""
    import types

    clock = [0.0]
    durations = iter([0.005] * 3 + [0.044] * 20 + [0.005] * 100)  # a stall of 20 calls after three quick ones

    def call():
        clock[0] += next(durations)

    monkeypatch.setattr(bench, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    assert bench._warm_up(call) == 3 + 20 + bench.WARM_UP_CALLS // 2
    steady = iter([0.005] * 100)
    assert bench._warm_up(lambda: clock.__setitem__(0, clock[0] + next(steady))) == bench.WARM_UP_CALLS
    endless = iter([0.005, 0.044] * 1000)
    calls = bench._warm_up(lambda: clock.__setitem__(0, clock[0] + next(endless)))
    assert calls == pytest.approx(bench.WARM_UP_SECONDS / 0.0245, abs=2)


def test_command_prints_the_table_and_writes_json(tmp_path, capsys):
    target = tmp_path / "bench.json"
    assert main(["bench", "--n", "4096", "--repeat", "1", "--names", "relu,gelu", "--dtype", "float32",
                 "--json", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["name", "dtype", "actlab"]
    data = json.loads(target.read_text())
    assert [d["name"] for d in data] == ["relu", "gelu"] and all(d["dtype"] == "float32" for d in data)
    assert f"actlab ran {bench.kernels_description()}." in " ".join(out.split())


def test_the_vector_unit_is_the_processors():
    """The kernels are built for the installing machine (-march=native): on Linux its flags tell which
    vector unit that is; the description names it, or the NumPy path where the engine is numpy."""
    from actlab import _compiled

    if not _compiled.available():
        assert bench.kernels_description() == "the NumPy path (no compiled kernels)"
        return
    name, width = _compiled.vector_unit()
    assert (name, width) in {("AVX-512", 8), ("AVX2", 4), ("AVX", 4), ("SSE2", 2), ("NEON", 2), ("scalar", 1)}
    try:
        with open("/proc/cpuinfo") as file:
            flags = next(line for line in file if line.startswith("flags")).split()
    except (OSError, StopIteration):
        flags = None
    if flags is not None:
        assert name == ("AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else name)
    assert bench.kernels_description() == f"compiled kernels for {name} ({width} doubles a vector)"


def test_the_description_says_when_the_numpy_path_runs(monkeypatch):
    from actlab import _compiled

    monkeypatch.setenv("ACTLAB_ENGINE", "numpy")
    expected = "no compiled kernels" if not _compiled.available() else "$ACTLAB_ENGINE=numpy"
    assert expected in bench.kernels_description()


@pytest.mark.parametrize("argv", [["bench", "--names", "nope"], ["bench", "--n", "0"], ["bench", "--dtype", "int8"]])
def test_usage_errors_exit_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_narrow_dtypes_are_timed(dtype, capsys):
    pytest.importorskip("ml_dtypes")
    assert main(["bench", "--n", "4096", "--repeat", "1", "--names", "silu", "--dtype", dtype]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:2] == ["silu", dtype]


def test_cuda_benchmark_without_a_device_is_a_usage_error(capsys):
    from actlab import bench

    try:
        bench.cuda_device()
    except RuntimeError:
        pass
    else:
        pytest.skip("a CUDA device is present: the benchmark would run")
    assert main(["bench", "--device", "cuda", "--names", "gelu"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no CUDA device" in err[0]
