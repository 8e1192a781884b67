"""Figures: the plotted data are the registry's functions, files are valid, matplotlib stays lazy."""

import subprocess
import sys

import numpy as np
import pytest

import actlab
from actlab import plot
from actlab.properties import curve

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
MIN_FIGURE_BYTES = 10_000
MAX_DOC_FIGURE_BYTES = 150_000


def lines_by_gid(fig):
    return {line.get_gid(): line for ax in fig.axes for line in ax.get_lines() if line.get_gid()}


def finite_points(line):
    x, y = (np.asarray(a, dtype=float) for a in line.get_data())
    keep = np.isfinite(y)
    return x[keep], y[keep]


@pytest.mark.parametrize("name", ["silu", "gelu", "tanh", "elu"])
def test_plotted_data_are_f_and_its_derivatives(name):
    fig = plot.figure([name], orders=(0, 1, 2))
    lines = lines_by_gid(fig)
    entry = actlab.get(name)
    for order, func in enumerate((entry, entry.grad, entry.grad2)):
        x, y = finite_points(lines[f"{name}|{order}"])
        assert x.size >= plot.SAMPLES
        np.testing.assert_array_equal(y, func(x))
    ax = fig.axes[0]
    assert ax.get_xlim() == plot.DEFAULT_RANGE and ax.get_xlabel() == "$x$"
    assert ax.get_title().startswith(r"$\mathrm{" + name.replace("_", r"\_") + "}(x)")


def test_jump_of_relu_derivative_is_drawn_as_a_break_with_dots():
    lines = lines_by_gid(plot.figure(["relu"]))
    x, y = (np.asarray(a, dtype=float) for a in lines["relu|1"].get_data())
    (gap,) = np.flatnonzero(np.isnan(y))
    # relu′(0) = 0 (left derivative): 0 ends the left piece, the next double starts the right one
    assert x[gap - 1] == 0.0 and y[gap - 1] == 0.0
    assert x[gap + 1] == np.nextafter(0.0, 1.0) and y[gap + 1] == 1.0
    closed, opened = lines["relu|1|closed"], lines["relu|1|open"]
    assert list(closed.get_xydata()[0]) == [0.0, 0.0] and list(opened.get_xydata()[0]) == [0.0, 1.0]
    assert opened.get_markerfacecolor() == "white"
    fx, fy = finite_points(lines["relu|0"])  # f itself is continuous: no break
    assert np.all(np.isfinite(lines["relu|0"].get_ydata()))
    np.testing.assert_array_equal(fy, actlab.relu(fx))


def test_a_right_continuous_jump_puts_the_point_on_the_right():
    # maxout([x, −x/2]) takes the first piece on ties, so f′(0) = 1, the right limit.
    label = curve("maxout").label
    assert label == "maxout([x, −0.5x])[0] with pieces=2"
    lines = lines_by_gid(plot.figure(["maxout"]))
    x, y = (np.asarray(a, dtype=float) for a in lines[f"{label}|1"].get_data())
    (gap,) = np.flatnonzero(np.isnan(y))
    assert x[gap + 1] == 0.0 and y[gap + 1] == 1.0 and y[gap - 1] == -0.5


def test_overlay_has_one_colour_per_activation_and_the_parameters():
    specs = ["relu", ("leaky_relu", {"alpha": 0.1}), "elu"]
    fig = plot.figure(specs, orders=(0, 1), xrange=(-4.0, 4.0))
    lines = lines_by_gid(fig)
    labels = ["relu", "leaky_relu(alpha=0.1)", "elu"]
    colors = {lines[f"{label}|0"].get_color() for label in labels}
    assert len(colors) == 3
    for label in labels:
        assert lines[f"{label}|0"].get_color() == lines[f"{label}|1"].get_color()
        assert lines[f"{label}|1"].get_linestyle() == "--"
    x, y = finite_points(lines["leaky_relu(alpha=0.1)|0"])
    np.testing.assert_array_equal(y, actlab.leaky_relu(x, alpha=0.1))
    assert x.min() == -4.0 and x.max() == 4.0
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_texts == labels + ["f", "f′"]


def test_vector_entry_is_drawn_along_its_section():
    fig = plot.figure(["softmax"])
    x, y = finite_points(lines_by_gid(fig)["softmax([x, 0])[0]|0"])
    np.testing.assert_allclose(y, actlab.sigmoid(x), rtol=1e-15, atol=1e-300)  # e^x/(e^x + 1)
    assert "softmax([x, 0])[0]" in fig.axes[0].get_title()


def test_minimum_is_marked_on_single_figures():
    lines = lines_by_gid(plot.figure(["silu"]))
    (at, value), = lines["silu|minimum"].get_xydata()
    assert at == pytest.approx(-1.2784645, abs=1e-7) and value == pytest.approx(-0.2784645, abs=1e-7)


def test_mathtext_adapts_what_matplotlib_lacks():
    assert plot.mathtext(r"\begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}") == \
        r"x\ \ (x > 0),\quad \alpha x\ \ (x \leq 0)"
    assert plot.mathtext(r"\ln\bigl(1 + e^{x}\bigr)") == r"\ln(1 + e^{x})"
    assert plot.mathtext(r"\frac{x}{\sqrt 2}") == r"\frac{x}{\sqrt{2}}"
    assert plot.mathtext(r"\begin{tabular}") is None


@pytest.mark.parametrize("suffix, magic", [(".png", PNG_MAGIC), (".svg", b"<?xml"), (".pdf", PDF_MAGIC)])
def test_save_writes_the_format_of_the_suffix(tmp_path, suffix, magic):
    path = plot.save(plot.figure(["gelu"]), tmp_path / f"gelu{suffix}")
    data = path.read_bytes()
    assert data.startswith(magic) and len(data) > MIN_FIGURE_BYTES
    if suffix == ".svg":
        assert b"<svg" in data[:2000]


def test_png_is_a_reasonable_size_and_resolution(tmp_path):
    data = plot.save(plot.figure(["gelu"]), tmp_path / "gelu.png").read_bytes()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == tuple(round(s * plot.DPI) for s in plot.FIGSIZE)
    assert MIN_FIGURE_BYTES < len(data) < MAX_DOC_FIGURE_BYTES


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match=".png"):
        plot.save(plot.figure(["relu"]), tmp_path / "relu.gif")


def test_grid_has_a_panel_per_entry_in_catalogue_order():
    fig = plot.grid_figure()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [curve(n).view or curve(n).label for n in actlab.names()]
    for name in actlab.names():  # each panel's f is the entry's
        c = curve(name)
        x, y = finite_points(lines_by_gid(fig)[f"{c.label}|0"])
        np.testing.assert_array_equal(y, c.f(x))


def test_import_actlab_does_not_import_matplotlib():
    code = ("import sys, actlab, actlab.plot, actlab.properties, actlab.cli; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
