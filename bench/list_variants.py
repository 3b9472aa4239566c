"""How well lists load as other portals would publish them, against the lists they were made from.

For every shared real list (``../shared/data/powerlists``) and every sample
list, builds in memory the variants of ``tests/loaders/variants.py`` —
headers renamed to unseen words, headers replaced by bare column numbers,
each sheet as a GB18030 CSV with unseen words, the list split into a
权力清单 and a 责任清单 sheet, each sheet as Excel's UTF-16 "Unicode text", the
list as a GBK portal page (layout tables, its title in a heading), as the
tables of a Word document, and as a CSV numbering every row with a power's
name written once — loads each, and prints per variant the share
of the original's powers and sub-items loaded, of its resolved citations,
and of its powers whose whole projection (name, type, department, units,
level, legal basis, duties, situations, liable parties) is identical.

    python bench/list_variants.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quanze.loaders.catalogue import StatuteCatalogue  # noqa: E402
from quanze.loaders.powerlists.powerlist import load_powerlist  # noqa: E402
from quanze.loaders.powerlists.workbook import Sheet  # noqa: E402
from quanze.loaders.statutes import load_statute  # noqa: E402
from quanze.service.tables import render  # noqa: E402

from tests.loaders import variants as V  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def catalogue() -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in [*sorted((SHARED / "laws").glob("*/*.md")), *sorted((ROOT / "samples/qinghe/statutes").glob("*.md"))]:
        cat.add_statute(load_statute(f)[0])
    return cat


def _variants(path: Path) -> dict[str, list[tuple[bytes, list[int]]]]:
    """Variant → its files, each with the sheet indexes of the original it stands for."""
    sheets = V.read(path.read_bytes(), path.name)
    unseen = V.renamed(sheets, path.name, V.unseen)
    out = {
        "unseen words (xlsx)": [(V.to_xlsx(unseen), list(range(len(sheets))))],
        "column numbers (xlsx)": [(V.to_xlsx(V.renamed(sheets, path.name, V.numbered)), list(range(len(sheets))))],
        "unseen words (GB18030 CSV per sheet)": [
            (V.to_csv(s), [i]) for i, s in enumerate(unseen) if V.find_layout(sheets[i], path.name)
        ],
    }
    split = []
    for i, s in enumerate(unseen):
        if V.find_layout(s, path.name) and "name" in V.find_layout(s, path.name).columns:
            powers, duties = V.split(s, path.name)
            # The 权力清单 keeps the sheet's name (some lists give the type by it); the 责任清单 is another sheet.
            duty_sheet = Sheet(f"{s.name[:25]}责任清单", duties.rows, duties.merged_from)
            split.append((V.to_xlsx([powers, duty_sheet]), [i]))
    out["权力/责任 split (two sheets, unseen words)"] = split
    laid_out = [i for i, s in enumerate(sheets) if V.find_layout(s, path.name)]
    out["Excel Unicode text per sheet (UTF-16)"] = [(V.to_unicode_text(sheets[i]), [i]) for i in laid_out]
    out["portal page (GBK, layout tables, title in a heading)"] = [
        (V.to_portal_page(sheets, path.name), list(range(len(sheets))))
    ]
    out["Word tables (.docx)"] = [(V.to_docx(sheets), list(range(len(sheets))))]
    with_subitems = [i for i in laid_out if "subitem" in V.find_layout(sheets[i], path.name).columns]
    out["CSV numbering every row, names written once"] = [
        (V.to_csv(V.names_once(sheets[i], path.name), "utf-8"), [i]) for i in with_subitems
    ]
    return out


def main() -> None:
    cat = catalogue()
    lists = [*sorted((SHARED / "powerlists" / "karamay").iterdir()), *sorted((ROOT / "samples/qinghe/lists").iterdir())]
    totals: dict[str, list[int]] = {}
    failures: list[str] = []
    for path in lists:
        data = path.read_bytes()
        sheets = V.read(data, path.name)
        for variant, files in _variants(path).items():
            t = totals.setdefault(variant, [0, 0, 0, 0, 0, 0])
            for blob, indexes in files:
                # The original restricted to the sheets this file stands for.
                part = V.to_xlsx([sheets[i] for i in indexes])
                base = load_powerlist(path.name, part, catalogue=cat)
                try:
                    doc = load_powerlist(path.name, blob, catalogue=cat)
                except Exception as exc:  # a variant that fails counts as nothing loaded
                    failures.append(f"{path.name} / {variant}: {exc}")
                    doc = None
                a = V.projection(base.nquads())
                b = V.projection(doc.nquads()) if doc else {}
                t[0] += base.counts.get("powers", 0) + base.counts.get("subitems", 0)
                t[1] += (doc.counts.get("powers", 0) + doc.counts.get("subitems", 0)) if doc else 0
                t[2] += base.counts.get("citations_resolved", 0)
                t[3] += doc.counts.get("citations_resolved", 0) if doc else 0
                t[4] += len(a)
                t[5] += sum(1 for k, v in a.items() if b.get(k) == v)
    rows = [
        [v, f"{t[1]}/{t[0]} = {t[1] / t[0]:.1%}", f"{t[3]}/{t[2]} = {t[3] / max(t[2], 1):.1%}", f"{t[5] / t[4]:.1%}"]
        for v, t in totals.items()
    ]
    print(render(["variant", "powers and sub-items", "citations resolved", "identical powers"], rows))
    for f in failures:
        print("failed:", f)


if __name__ == "__main__":
    main()
