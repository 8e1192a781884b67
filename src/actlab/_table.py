"""Text output for the command line: aligned tables, colour, LaTeX as plain text."""

import re
import textwrap

_BOLD, _DIM, _CYAN, _RESET = "\033[1m", "\033[2m", "\033[36m", "\033[0m"


def style(text, color, *, bold=False, dim=False, accent=False):
    """``text`` wrapped in ANSI codes when ``color`` is true."""
    if not color:
        return text
    codes = (_BOLD if bold else "") + (_DIM if dim else "") + (_CYAN if accent else "")
    return f"{codes}{text}{_RESET}" if codes else text


def table(rows, columns, color=False, indent=""):
    """Rows (sequences of str) under ``columns`` headers, each column padded to its widest cell.

    The header is underlined with '─'; the last column is not padded.
    """
    cells = [list(map(str, columns))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]

    def line(row, **kw):
        padded = [c.ljust(w) for c, w in zip(row[:-1], widths)] + [row[-1]]
        return indent + style("  ".join(padded).rstrip(), color, **kw)

    rule = indent + style("  ".join("─" * w for w in widths), color, dim=True)
    return "\n".join([line(cells[0], bold=True), rule] + [line(r) for r in cells[1:]])


def pairs(items, color=False, indent="  ", width=100):
    """'label   value' lines, labels padded to the widest; long values wrap under themselves."""
    items = list(items)
    pad = max((len(k) for k, _ in items), default=0)
    out = []
    for key, value in items:
        lead = indent + " " * (pad + 2)
        wrapped = textwrap.wrap(str(value), max(width - len(lead), 20)) or [""]
        out.append(indent + style(key.ljust(pad), color, bold=True) + "  " + wrapped[0])
        out += [lead + w for w in wrapped[1:]]
    return "\n".join(out)


# ------------------------------------------------------------ LaTeX → text
_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "tau": "τ", "theta": "θ", "phi": "ϕ", "varphi": "φ", "Phi": "Φ",
    "partial": "∂", "infty": "∞", "cdot": "·", "odot": "⊙", "times": "×", "sum": "∑", "prod": "∏",
}
_RELATIONS = {"le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
              "to": "→", "in": "∈"}
_FUNCTIONS = {"tanh", "sinh", "cosh", "exp", "ln", "log", "max", "min", "arg", "sign", "erf", "erfc"}
_SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "quad": " ", "qquad": " ", "!": ""}
_DROPPED = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr", "displaystyle"}
_WRAPPERS = {"mathrm", "operatorname", "text", "mathit", "mathbf"}
_SUPERSCRIPT = str.maketrans("0123456789+-−=()nixβ", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱˣᵝ")
_SUBSCRIPT = str.maketrans("0123456789+-−=()ijkx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ᵢⱼₖₓ")
_SUPERSCRIPTABLE = set("0123456789+-−=()nixβ")
_SUBSCRIPTABLE = set("0123456789+-−=()ijkx")
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|\s+|.", re.S)
_BINARY = {"+": "+", "-": "−", "=": "=", "<": "<", ">": ">"}
_OPENERS = ("", "(", "[", "=", "−", "+", "<", ">", "≤", "≥", ",", "/")


def latex_text(tex):
    """A plain-text (Unicode) reading of a LaTeX formula: '\\frac{1}{1 + e^{-x}}' → '1/(1 + e⁻ˣ)'."""
    tokens = [t for t in _TOKEN.findall(tex) if not t.isspace()]
    text, _ = _convert(tokens, 0, stop=None)
    return re.sub(r"\s+", " ", text).strip()


def _group(tokens, i):
    """The text of the argument starting at tokens[i] (a {group} or one token), and the next index."""
    if i < len(tokens) and tokens[i] == "{":
        return _convert(tokens, i + 1, stop="}")
    return _convert(tokens[i:i + 1], 0, stop=None)[0], i + 1


def _needs_parens(text):
    """True if text has an operator or a space outside parentheses (after a leading sign)."""
    depth = 0
    for k, ch in enumerate(text.strip()):
        depth += (ch in "([") - (ch in ")]")
        if depth == 0 and k > 0 and ch in " +−=/<>≤≥":
            return True
    return False


def _operand_before(out):
    """True if the text so far ends in an operand, so that a following term needs a space."""
    last = _last(out)
    return bool(last) and (last.isalnum() or last in ")|′]")


def _script(text, table, allowed, mark):
    text = text.strip()
    if text and set(text) <= allowed:
        return text.translate(table)
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


_SCRIPT_START = set("^_′") | set("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵝ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢⱼₖₓ")


def _append(out, piece):
    """Add piece to out, with a space between a function name (marked by a trailing NUL) and its operand."""
    if out and out[-1].endswith("\0"):  # a function name waiting for its argument
        if piece and piece[0] in _SCRIPT_START:  # tanh², ∑ⱼ: the script joins the name
            out[-1] = out[-1][:-1] + piece + "\0"
            return
        out[-1] = out[-1][:-1]
        if piece and piece[0] not in "( ":
            out.append(" ")
    out.append(piece)


def _last(out):
    joined = "".join(out).replace("\0", "").rstrip()
    return joined[-1:] if joined else ""


def _convert(tokens, i, stop):
    out = []
    while i < len(tokens):
        t = tokens[i]
        if t == stop:
            return "".join(out).replace("\0", ""), i + 1
        i += 1
        name = t[1:] if t.startswith("\\") else None
        if t == "{":
            inner, i = _convert(tokens, i, "}")
            _append(out, inner)
        elif name == "frac" or name == "tfrac" or name == "dfrac":
            num, i = _group(tokens, i)
            den, i = _group(tokens, i)
            num = f"({num.strip()})" if _needs_parens(num) else num.strip()
            den = f"({den.strip()})" if _needs_parens(den) else den.strip()
            if _operand_before(out):
                out.append(" ")
            _append(out, f"{num}/{den}")
        elif name == "sqrt":
            arg, i = _group(tokens, i)
            _append(out, f"√({arg.strip()})" if len(arg.strip()) > 1 else f"√{arg.strip()}")
        elif name == "begin":
            _, i = _group(tokens, i)  # the environment name: cases
            body, i = _convert_until_end(tokens, i)
            _append(out, body)
        elif t in ("^", "_"):
            arg, i = _group(tokens, i)
            if t == "^":
                _append(out, _script(arg, _SUPERSCRIPT, _SUPERSCRIPTABLE, "^"))
            else:
                _append(out, _script(arg, _SUBSCRIPT, _SUBSCRIPTABLE, "_"))
        elif name in _WRAPPERS or name in _FUNCTIONS:
            arg, i = _group(tokens, i) if name in _WRAPPERS else (name, i)
            function = name in _FUNCTIONS or name == "operatorname"
            if function and _operand_before(out):
                out.append(" ")
            _append(out, arg + ("\0" if function else ""))
        elif name in _SYMBOLS:
            _append(out, _SYMBOLS[name] + ("\0" if name in ("sum", "prod") else ""))
        elif name in _RELATIONS:
            _append(out, f" {_RELATIONS[name]} ")
        elif name in _SPACES:
            _append(out, _SPACES[name])
        elif name in _DROPPED:
            continue
        elif name is not None:
            _append(out, name if len(name) > 1 else t[1:])  # \{ → {, unknown \cmd → cmd
        elif t in _BINARY:
            unary = _last(out) in _OPENERS
            _append(out, "−" if unary and t == "-" else (_BINARY[t] if unary else f" {_BINARY[t]} "))
        elif t == "'":
            _append(out, "′")
        elif t == ",":
            _append(out, ", ")
        else:
            _append(out, t)
    return "".join(out).replace("\0", ""), i


def _convert_until_end(tokens, i):
    """The rows of a cases environment as 'a if c, b if d'; i after its \\end{…}."""
    rows, current = [], []
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "\\end" and depth == 0:
            _, i = _group(tokens, i + 1)
            break
        if t == "\\\\" and depth == 0:
            rows.append(current)
            current = []
        else:
            depth += (t == "{") - (t == "}")
            current.append(t)
        i += 1
    rows.append(current)
    parts = []
    for row in rows:
        if not row:
            continue
        cells = _split_cells(row)
        texts = [re.sub(r"\s+", " ", _convert(c, 0, None)[0]).strip() for c in cells]
        parts.append(f"{texts[0]} if {texts[1]}" if len(texts) > 1 else texts[0])
    return ", ".join(parts), i


def _split_cells(row):
    cells, current, depth = [], [], 0
    for t in row:
        depth += (t == "{") - (t == "}")
        if t == "&" and depth == 0:
            cells.append(current)
            current = []
        else:
            current.append(t)
    return cells + [current]
