"""The actlab command: exit codes, output, --json, one-line usage errors."""

import json
import subprocess
import sys

import pytest

import actlab
from actlab.cli import USAGE_ERROR, main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_usage_error(capsys, *argv, contains=""):
    code, out, err = run(capsys, *argv)
    assert code == USAGE_ERROR
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("actlab: error: ")
    assert "Traceback" not in err
    assert contains in err
    return err


def test_list_has_every_entry_in_catalogue_order(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["name", "parameters", "f(x)", "range", "smooth", "monotonic"]
    rows = [line.split()[0] for line in lines[2:2 + len(actlab.names())]]
    assert rows == list(actlab.names())
    assert "\033[" not in out  # not a terminal: no colour
    sigmoid = next(line for line in lines if line.startswith("sigmoid "))
    assert "(0, 1)" in sigmoid and "C^∞" in sigmoid and "increasing" in sigmoid


def test_list_json(capsys):
    code, out, _ = run(capsys, "list", "--json")
    records = json.loads(out)
    assert code == 0 and [r["name"] for r in records] == list(actlab.names())
    by_name = {r["name"]: r for r in records}
    assert by_name["relu"]["smoothness"] == "C0" and by_name["relu"]["range"] == "[0, ∞)"
    assert by_name["softplus"]["monotonic"] == "increasing"
    assert by_name["elu"]["params"][0] == {"name": "alpha", "default": 1.0, "required": False, "kind": "real",
                                         "choices": [], "doc": actlab.elu.params[0].doc}


def test_show_prints_formulas_parameters_and_properties(capsys):
    code, out, err = run(capsys, "show", "silu")
    assert code == 0 and err == ""
    assert out.startswith("silu — ")
    assert "x σ(x)" in out and "f″(x)" in out  # formulas as text
    assert "global minimum  −0.278465 at x = −1.27846" in out
    assert "Tolerance:" in out and "1e-9" in out
    assert "Elfwing" in out  # references


def test_show_json_with_a_parameter(capsys):
    code, out, _ = run(capsys, "show", "elu", "--param", "alpha=0.5", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["values"] == {"alpha": 0.5}
    props = data["properties"]
    assert props["left"]["kind"] == "saturating" and props["left"]["limit"] == -0.5
    assert props["smoothness"] == "C0" and props["range"] == "(−0.5, ∞)"
    assert props["maximum"]["value"] == "inf"  # JSON has no infinity: a string
    assert data["formulas"]["f"] == actlab.elu.formulas["f"]


def test_show_vector_entry_and_required_parameter(capsys):
    code, out, _ = run(capsys, "show", "maxout")
    assert code == 0 and "section" in out and "maxout([x, −0.5x])[0]" in out and "pieces = 2" in out
    code, out, _ = run(capsys, "show", "prelu", "-p", "alpha=0.1", "--json")
    assert json.loads(out)["properties"]["left"]["slope"] == pytest.approx(0.1)


def test_plot_writes_a_png(tmp_path, capsys):
    target = tmp_path / "family.png"
    code, out, err = run(capsys, "plot", "relu", "leaky_relu:alpha=0.1", "elu", "--range", "-4", "4",
                         "--order", "0,1,2", "-o", str(target))
    assert code == 0 and err == "" and out.strip() == f"wrote {target}"
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_plot_param_applies_to_those_that_have_it(tmp_path, capsys):
    target = tmp_path / "elu.svg"
    code, _, _ = run(capsys, "plot", "relu", "elu", "--param", "alpha=0.5", "-o", str(target))
    assert code == 0 and b"<svg" in target.read_bytes()[:2000]


def test_gallery_covers_the_catalogue(tmp_path, capsys):
    """Every entry gets a valid PNG (its time is measured, not asserted: see the README)."""
    code, out, _ = run(capsys, "gallery", "-o", str(tmp_path), "--json")
    data = json.loads(out)
    assert code == 0
    names = {p.rsplit("/", 1)[-1] for p in data["files"]}
    assert names == {f"{n}.png" for n in actlab.names()} | {"gallery.png"}
    for n in names:
        assert (tmp_path / n).read_bytes().startswith(PNG_MAGIC)
    assert data["seconds"] > 0


@pytest.mark.parametrize("argv, contains", [
    (["show", "rlu"], "did you mean relu"),
    (["plot", "sigmod"], "sigmoid"),
    (["show", "elu", "--param", "alpha=abc"], "must be a finite number"),
    (["show", "elu", "--param", "alpha=nan"], "must be a finite number"),
    (["show", "elu", "--param", "beta=1"], "no parameter 'beta'"),
    (["show", "elu", "--param", "alpha"], "NAME=VALUE"),
    (["show", "gelu", "--param", "approximate=cubic"], "must be one of"),
    (["show", "maxout", "--param", "pieces=0"], "positive integer"),
    (["show", "softplus", "--param", "beta=-1"], "must be > 0"),
    (["plot", "relu", "elu", "--param", "beta=2"], "no activation among"),
    (["plot", "relu", "--order", "0,3"], "--order"),
    (["plot", "relu", "--range", "2", "1"], "LO < HI"),
    (["plot", "relu", "-o", "relu.gif"], ".png"),
    (["show"], "required"),
    (["lst"], "invalid choice"),
    (["list", "--bogus"], "unrecognized arguments"),
])
def test_usage_errors_are_one_line_and_exit_2(capsys, argv, contains):
    assert_usage_error(capsys, *argv, contains=contains)


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["show", "--help"], ["plot", "--help"],
                                  ["gallery", "--help"]])
def test_help_everywhere(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out.startswith("usage: actlab")


def test_python_dash_m_actlab():
    done = subprocess.run([sys.executable, "-m", "actlab", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"actlab {actlab.__version__}"
    done = subprocess.run([sys.executable, "-m", "actlab", "show", "nope"], capture_output=True, text=True)
    assert done.returncode == USAGE_ERROR and done.stderr.count("\n") == 1
