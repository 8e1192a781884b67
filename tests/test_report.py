"""`actlab report`: one self-contained HTML page that opens offline and says what the data say."""

import base64
import html.parser
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

import actlab
from actlab.cli import main
from actlab.experiments import claims as experiments
from actlab.experiments import report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class FakeBench:
    """Stands in for actlab.bench: the report only formats its rows."""

    @staticmethod
    def run(names=None, n=10**6, dtype="float32", repeat=3):
        return [{"name": name, "actlab_ms": 2.5, "limit_ms": 1.25, "ratio": 2.0} for name in actlab.names()]


@pytest.fixture(scope="module")
def claims_json(tmp_path_factory):
    """A claims.json with figures, from the fast experiments (the property-sheet claims and Maxout)."""
    outdir = tmp_path_factory.mktemp("claims")
    config = experiments.quick_config()
    result = experiments.run_claims(config, only=("shape", "maxout"))
    experiments.write(result, outdir)
    return outdir / "claims.json"


@pytest.fixture(scope="module")
def page(tmp_path_factory, claims_json):
    from actlab import reference

    outdir = tmp_path_factory.mktemp("report")
    path, seconds = report.build(outdir, claims_json=claims_json, reference_module=reference,
                                 bench_module=FakeBench, accuracy_entries=("sigmoid", "relu", "softsign"))
    return path, path.read_text(encoding="utf-8"), seconds


class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.images, self.ids, self.links, self.stack = [], [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag not in ("img", "meta", "br", "hr", "link", "input"):
            self.stack.append(tag)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"duplicate id {attrs['id']}"
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        for key in ("href", "src"):
            if key in attrs:
                self.links.append(attrs[key])

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def test_report_is_one_self_contained_well_formed_page(page):
    _, text, _ = page
    parser = Parser()
    parser.feed(text)
    assert parser.stack == []  # every element closed, properly nested
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    # nothing is fetched: every image is an embedded PNG, every link an anchor on the page
    assert len(parser.images) >= len(actlab.names())
    for src in parser.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == PNG_MAGIC
    for link in parser.links:
        if not link.startswith("data:"):
            assert link.startswith("#") and link[1:] in parser.ids, link
    assert not re.search(r"(src|href)=\"(https?:)?//", text)


def test_report_has_every_entry_and_section(page):
    _, text, seconds = page
    assert set(seconds) == {"catalogue", "activations", "accuracy", "speed", "claims"}
    for name in actlab.names():
        assert f'id="act-{name}"' in text  # a card with figure, formulas and property sheet
        assert f'href="#act-{name}"' in text  # a row of the catalogue table
    assert "global minimum" in text and "−1.27846" in text  # silu's property sheet, computed


def test_report_claims_match_the_json(page, claims_json):
    _, text, _ = page
    data = json.loads(claims_json.read_text(encoding="utf-8"))
    for c in data["claims"]:
        block = re.search(rf'<article class="claim" id="claim-{c["key"]}"><h3>(.*?)</h3>', text)
        assert block, c["key"]
        assert f'<span class="badge {report.VERDICT_CLASS[c["verdict"]]}">{c["verdict"]}</span>' in block.group(1)
    counts = {v: sum(c["verdict"] == v for c in data["claims"]) for v in report.VERDICT_CLASS}
    for verdict, n in counts.items():
        assert f"{report._badge(verdict)} × {n}" in text  # the header's at-a-glance line
    assert "property sheet" in text


def test_accuracy_section_against_the_references(page):
    _, text, _ = page
    section = text[text.index('<section id="accuracy">'):text.index('<section id="speed">')]
    assert section.count("within budget") >= 3 and "over budget" not in section
    from actlab import reference

    rows = report.accuracy_rows(reference, entries=("sigmoid", "maxout"))
    assert [r["name"] for r in rows] == ["sigmoid"]  # vector-valued entries are not checked elementwise
    f64 = rows[0]["float64"]
    assert set(f64) == {"f", "grad", "grad2"} and all(v["max_ulp"] <= report.ULP_BUDGET["float64"]
                                                       for v in f64.values())


def test_accuracy_section_flags_a_wrong_function(monkeypatch):
    from actlab import reference as ref

    class Wrong:
        """Returns references for sigmoid that are off by a relative 1e-12 (thousands of ulp)."""

        @staticmethod
        def reference(name, params, what, xs):
            return [v * (1 + 1e-12) for v in ref.reference(name, params, what, xs)]

        ulp_errors = staticmethod(ref.ulp_errors)

    body, rows = report.accuracy_section(Wrong, entries=("sigmoid",))
    assert rows[0]["status"] == "over budget" and 'class="bad"' in body


def test_missing_optional_pieces_are_said_not_fatal(monkeypatch):
    monkeypatch.setitem(sys.modules, "actlab.reference", None)  # import actlab.reference → ImportError
    monkeypatch.setitem(sys.modules, "actlab.bench", None)
    monkeypatch.delattr(actlab, "reference", raising=False)
    monkeypatch.delattr(actlab, "bench", raising=False)
    body, rows = report.accuracy_section()
    assert rows is None and "is not in this report" in body and "actlab[test]" in body
    body, rows = report.bench_section()
    assert rows is None and "is not in this report" in body


def test_benchmark_section_formats_the_rows():
    body, rows = report.bench_section(FakeBench)
    assert len(rows) == len(actlab.names())
    assert "<td>2.50</td>" in body and "2.00×" in body and "10⁶" in body
    assert "actlab ran" not in body  # a bench module without kernels_description: nothing said


def test_benchmark_section_says_which_kernels_ran():
    class Described(FakeBench):
        @staticmethod
        def kernels_description():
            return "compiled kernels for AVX2 (4 doubles a vector)"

    body, _ = report.bench_section(Described)
    assert "actlab ran compiled kernels for AVX2 (4 doubles a vector).</p>" in body


def test_report_command(tmp_path, capsys, claims_json, monkeypatch):
    from actlab import reference

    monkeypatch.setitem(sys.modules, "actlab.reference", reference)
    monkeypatch.setattr(report, "ACCURACY_POINTS", (0.5, 30.0))
    monkeypatch.setattr(report, "names", lambda: ("relu", "gelu"))  # the page for two entries: quicker
    code = main(["report", "-o", str(tmp_path), "--claims", str(claims_json), "--no-bench"])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'report.html'}")
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "skipped (--no-bench)" in text and "within budget" in text
    assert f"actlab report --claims {claims_json}" in text


def _chromium():
    return next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


@pytest.mark.skipif(_chromium() is None, reason="needs a headless Chromium (not installed in CI)")
def test_report_renders_in_a_browser(page, tmp_path):
    path, _, _ = page
    shot = tmp_path / "shot.png"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1280,3000", f"--screenshot={shot}", path.as_uri()],
                   check=True, capture_output=True, timeout=120)
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[:2] == (3000, 1280)
    top = pixels[:200, :, :3]
    assert top.mean() < 0.5  # the dark header is drawn
    assert np.std(pixels[:, :, :3]) > 0.1  # text, tables and figures, not a blank page
