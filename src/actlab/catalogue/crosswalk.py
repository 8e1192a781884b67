"""The catalogue against PyTorch, JAX and Keras, derived from the entries' ``names_in``.

``table()`` is the Markdown table of every entry with its names in the three libraries
("none" where a library has no such function) and the entry's note on where their
definitions differ; ``python -m actlab.catalogue.crosswalk`` prints it (the README's
table is this output; tests/test_catalogue.py checks that they agree).
"""

from ..registry import aliases, get, library_names, names

LIBRARIES = (("torch", "PyTorch"), ("jax", "JAX"), ("keras", "Keras"))
_PREFIXES = {"torch.nn.functional.": "F.", "keras.activations.": "keras.activations."}


def _short(dotted):
    for prefix, short in _PREFIXES.items():
        if dotted.startswith(prefix):
            return short + dotted[len(prefix):]
    return dotted


def _params(entry):
    shown = []
    for p in entry.params:
        if p.name == "axis":
            shown.append("axis=-1")
        elif p.required:
            shown.append(p.name)
        else:
            value = f"{p.default:g}" if isinstance(p.default, float) else str(p.default)
            shown.append(f"{p.name}={value}")
    return ", ".join(shown) or "–"


def rows():
    """[(name, parameters, torch, jax, keras, aliases, note)] in catalogue order."""
    alias_of = {}
    for alias, target in aliases().items():
        alias_of.setdefault(target, []).append(alias)
    out = []
    for name in names():
        entry = get(name)
        cells = [", ".join(f"`{_short(n)}`" for n in library_names(entry, key)) or "none" for key, _ in LIBRARIES]
        out.append((name, _params(entry), *cells, ", ".join(alias_of.get(name, [])) or "–",
                    entry.names_in.get("note", "")))
    return out


def table():
    """The cross-library table as Markdown."""
    head = ["actlab", "parameters", *(label for _, label in LIBRARIES), "aliases", "differences"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows():
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(table(), end="")
