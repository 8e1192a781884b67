"""`actlab claims --quick`, `actlab compare`: files written and consistent, tables, --json, usage errors."""

import json
import re
import time

import pytest

from actlab.cli import USAGE_ERROR, main
from actlab.experiments.common import VERDICTS

#: The issue's budget for `actlab claims --quick` (the tests use it).
QUICK_SECONDS = 30.0


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def quick_claims(tmp_path_factory):
    """One `actlab claims --quick` run, shared by the tests below."""
    outdir = tmp_path_factory.mktemp("claims")
    start = time.perf_counter()
    code = main(["claims", "--quick", "-o", str(outdir), "--json"])
    seconds = time.perf_counter() - start
    return code, outdir, seconds


def test_claims_quick_writes_json_markdown_and_figures(quick_claims, capsys):
    code, outdir, seconds = quick_claims
    assert code == 0
    data = json.loads((outdir / "claims.json").read_text(encoding="utf-8"))
    md = (outdir / "claims.md").read_text(encoding="utf-8")
    assert data["quick"] is True and data["command"].startswith("actlab claims --quick")
    numbers = {c["number"] for c in data["claims"]}
    assert numbers == set(range(1, 9))  # every experiment of the issue, 1 … 8
    for c in data["claims"]:
        assert c["verdict"] in VERDICTS
        assert c["rule"] and c["setup"] and c["finding"] and c["measurement"]
        for fig in c["figures"]:
            assert (outdir / fig).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert f"]({fig})" in md  # the Markdown links the figure
    # the Markdown's summary table says what the JSON says, claim by claim and in order
    rows = re.findall(r"^\| (\d) \| (.+?) \| \*\*(.+?)\*\* \|", md, flags=re.M)
    assert [(int(n), v) for n, _, v in rows] == [(c["number"], c["verdict"]) for c in data["claims"]]
    assert data["verdicts"] == {c["key"]: c["verdict"] for c in data["claims"]}
    counts = {v: sum(c["verdict"] == v for c in data["claims"]) for v in VERDICTS}
    assert (f"**{counts['supported']} supported, {counts['not supported']} not supported, "
            f"{counts['mixed']} mixed.**") in md
    for c in data["claims"]:
        assert f"- **Rule**: {c['rule']}" in md and f"- **Verdict**: **{c['verdict']}**" in md
    # every experiment has its seeds recorded; training experiments use ≥ 3
    for name in ("vanishing", "centring", "dead_units", "maxout", "compare"):
        assert len(data["seeds"][name]) >= 3


def test_claims_quick_is_quick(quick_claims):
    _, _, seconds = quick_claims
    assert seconds < QUICK_SECONDS * 2  # the budget is 30 s on an idle machine; the suite may share it


def test_claims_are_reproducible_from_the_seed(tmp_path):
    from actlab.experiments import claims as experiments

    config = experiments.quick_config()
    only = ("dead_units", "maxout")

    def numbers(seed):
        report = experiments.run_claims(experiments.with_seed(config, seed), only=only)
        return json.dumps([{k: v for k, v in c.items() if k != "figures"} for c in report.to_dict()["claims"]],
                          sort_keys=True)

    first = numbers(1)
    assert numbers(1) == first  # the same seed repeats every number
    assert numbers(2) != first  # another seed draws other networks


def test_claims_prints_a_verdict_table(tmp_path, capsys, monkeypatch):
    from actlab.experiments import claims as experiments

    small = experiments.quick_config()
    monkeypatch.setattr(experiments, "quick_config", lambda seed: small)
    monkeypatch.setattr(experiments, "STEPS", ("shape",))
    code, out, err = run(capsys, "claims", "--quick", "-o", str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["#", "claim", "verdict"]
    assert any(line.startswith("8 ") and line.rstrip().endswith("not supported") for line in lines)
    assert "wrote" in lines[-1] and (tmp_path / "claims.md").exists()


def test_compare_prints_a_table(capsys):
    code, out, err = run(capsys, "compare", "--activations", "relu,tanh", "--epochs", "1", "--seeds", "3",
                         "--width", "8", "--depth", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["activation", "init", "accuracy"]
    assert {lines[2].split()[0], lines[3].split()[0]} == {"relu", "tanh"}
    assert re.search(r"0\.\d{3} ± 0\.\d{3}", lines[2])
    assert "3 seeds" in out


def test_compare_json_parses(capsys, tmp_path):
    code, out, err = run(capsys, "compare", "--activations", "gelu,prelu", "--epochs", "2", "--seeds", "3",
                         "--width", "8", "--target", "0.3", "--json", "-o", str(tmp_path))
    assert code == 0
    data = json.loads(out)
    assert [r["activation"] for r in data["rows"]] == ["gelu", "prelu"]
    for r in data["rows"]:
        assert len(r["accuracy"]["values"]) == 3 and len(r["loss_curve"]) == 2
        assert r["reached"] == 3 and r["epochs_to_target"]["mean"] <= 2
    assert len(data["seeds"]) == 3
    assert {p.rsplit("/", 1)[-1] for p in data["files"]} == {"compare_curves.png", "compare_accuracy.png",
                                                            "compare_layers.png"}
    assert all((tmp_path / f).exists() for f in ("compare_curves.png", "compare_layers.png"))


@pytest.mark.parametrize("argv, contains", [
    (["compare", "--activations", "relu,gelo"], "did you mean gelu"),
    (["compare", "--depth", "0"], "positive integer"),
    (["compare", "--lr", "-1"], "positive number"),
    (["compare", "--target", "1.5"], "accuracy in (0, 1]"),
    (["compare", "--dataset", "sin"], "classification"),
    (["compare", "--activations", ","], "comma-separated activation names"),
    (["compare", "--dataset", "mnist"], "classification"),
    (["compare", "--optimizer", "lbfgs"], "invalid choice"),
    (["claims", "--seed", "x"], "invalid int"),
    (["report", "--claims", "/no/such/claims.json"], "no such file"),
])
def test_usage_errors_exit_2_with_one_line(capsys, argv, contains):
    code, out, err = run(capsys, *argv)
    assert code == USAGE_ERROR
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("actlab: error: ")
    assert contains in err and "Traceback" not in err
