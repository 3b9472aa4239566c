"""One published power list (权责清单) into its named graph.

Reads every sheet, finds each header, groups rows into powers and sub-items,
parses the free-text cells and writes the powers with their type,
department, units, responsible posts, level, legal basis (resolved through
the citation parser against the statute catalogue), duties, accountability,
liable parties, remedy channel, procedure and time limits. Every power
points back to its file, sheet and rows.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import iris
from ..catalogue import StatuteCatalogue
from ..citation_graph import write_citation
from ..citations import find_citations, resolve
from ..concepts import scheme
from ..document import LoadedDocument, Unresolved
from ..errors import SourceError
from ..ntriples import GraphWriter
from ..vocab import CPSV, CV, DCT, ORG, PROV, QZ, RDFS, TIME, XSD, concept
from .accountability import parse_liable, parse_situations
from .columnsfile import ColumnsFile
from .duties import parse_duties
from .join import RESPONSIBILITY_ROLES, JoinReport, join_responsibilities
from .layout import ROLE_LABELS, Layout, find_layouts, first_table_row
from .numbered import LINE_ENUM, split_numbered
from .organisations import (
    choose_publisher,
    clean,
    department_in_title,
    is_local_department,
    lead_unit,
    list_identity,
    list_year,
    place_of,
    qualify,
    resolve_department,
    same_body,
    split_units,
)
from .records import Record, SheetRecords, read_records
from .roles import Choice, column_letter, type_named_in, type_of
from .timelimits import TimeLimit, labelled_limits, parse_limit
from .workbook import Sheet, read_workbook

# A power type as a category name (公共服务, 行政备案, 审核转报类), not a sentence, date or number.
_CATEGORY = re.compile(r"[\u4e00-\u9fff]{2,10}(?:[（(][\u4e00-\u9fff、]{1,10}[）)])?")
_SPACE = re.compile(r"[\s\u3000]+")
_DEPARTMENT_LINE = re.compile(r"(?:部门名称|单位名称|填报单位|实施部门)[:：]\s*(\S+)")
_TIME_UNITS = {
    "working-day": QZ.unitWorkingDay,
    "day": TIME.unitDay,
    "month": TIME.unitMonth,
    "year": TIME.unitYear,
    "hour": TIME.unitHour,
}


@dataclass
class ListContext:
    """What every power of one list shares."""

    source: str
    list_iri: str
    publisher: str | None
    jurisdiction: str | None
    area_iri: str | None
    dominant_level: str | None
    catalogue: StatuteCatalogue
    counts: Counter[str] = field(default_factory=Counter)
    unresolved: list[Unresolved] = field(default_factory=list)
    departments: set[str] = field(default_factory=set)
    units: set[tuple[str, str]] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    last_type: dict[str, str] = field(default_factory=dict)  # sheet → type of the last power written
    carried_types: dict[str, list[int]] = field(default_factory=dict)  # sheet → rows typed from the item above
    other_types: dict[str, list[int]] = field(default_factory=dict)  # a category outside the ten → its rows


@dataclass
class SheetMapping:
    """How one sheet's columns were understood, for the load summary."""

    sheet: str
    header_row: int  # 1-based
    kind: str  # "powers" or "responsibilities"
    choices: list[Choice]
    unmapped: list[str]  # header cells no role was found for

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "kind": self.kind,
            "columns": [c.as_dict() for c in self.choices],
            "unmapped": self.unmapped,
        }


@dataclass
class ReadList:
    """A list file read into records, before its graph is written (so a 责任清单 can be joined first)."""

    path: str
    name: str
    raw: bytes
    powers: list[SheetRecords] = field(default_factory=list)
    duties: list[SheetRecords] = field(default_factory=list)  # 责任清单 sheets: responsibilities, no power types
    mappings: list[SheetMapping] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    joined_files: list[str] = field(default_factory=list)
    join: JoinReport | None = None

    @property
    def department(self) -> str | None:
        """The department the file or its title names, to pair a 责任清单 file with its 权力清单."""
        for sr in [*self.powers, *self.duties]:
            named = _department_line(sr.sheet, sr.layout) or department_in_title(_title(sr.sheet, sr.layout) or "")
            if named:
                return named
        return department_in_title(list_identity(self.name))


def read_powerlist(path: str | Path, data: bytes | None = None, columns: dict[str, str] | None = None) -> ReadList:
    """Read a list file's sheets into records; raises SourceError (file, sheet, row, column) on bad input.

    ``columns`` maps header text, column letter or number to a role, for
    columns neither their header nor their cells make clear.
    """
    path = str(path)
    name = Path(path).name
    raw = data if data is not None else Path(path).read_bytes()
    read = ReadList(path, name, raw)
    seen: list[tuple[str, Layout]] = []
    unread: list[Sheet] = []
    sheets = read_workbook(raw, name)
    for sheet, layout in zip(sheets, find_layouts(sheets, name, columns), strict=True):
        if layout is None:
            if any(any(v.strip() for v in row) for row in sheet.rows):
                read.notes.append(f"sheet {sheet.name!r}: no power-list header found, skipped")
                unread.append(sheet)
            continue
        seen.append((sheet.name, layout))
        if "name" not in layout.columns:
            read.notes.append(f"sheet {sheet.name!r}: no column of item names (事项名称) found, skipped")
            continue
        has_type = "type" in layout.columns or (
            _type_of_list(sheet, layout, name) is not None and not _responsibilities_only(sheet, layout)
        )
        if not has_type and not any(r in layout.columns for r in RESPONSIBILITY_ROLES):
            raise SourceError(
                name,
                "missing required column for 权力类型 (职权类型, 事项类型 …), and neither the sheet's name, its "
                f"title nor the file name gives the type; {_seen_text(layout)}",
                sheet=sheet.name,
                row=layout.header_row + 1,
            )
        sr = read_records(sheet, layout, name)
        read.notes.extend(f"sheet {sheet.name!r} row {r + 1}: {why}, skipped" for r, why in sr.skipped)
        (read.powers if has_type else read.duties).append(sr)
        read.mappings.append(
            SheetMapping(
                sheet.name,
                layout.header_row + 1,
                "powers" if has_type else "responsibilities",
                layout.choices,
                [t for c, t in sorted(layout.seen.items()) if c not in layout.headers],
            )
        )
    if not read.powers and not read.duties:
        raise SourceError(name, _no_header_message(seen, unread))
    first = (read.powers or read.duties)[0]
    if not any(sr.records for sr in [*read.powers, *read.duties]):
        raise SourceError(
            name,
            "the power-list header was found but no power follows it",
            sheet=first.sheet.name,
            row=first.layout.header_row + 1,
        )
    if read.powers and read.duties:
        read.join = JoinReport()
        join_responsibilities(read.powers, [(name, sr) for sr in read.duties], read.join)
    return read


def _responsibilities_only(sheet: Sheet, layout: Layout) -> bool:
    """A 责任清单 sheet: responsibilities without a basis column, or named so (行政许可责任清单 names a type too)."""
    has_duties = any(r in layout.columns for r in RESPONSIBILITY_ROLES)
    return has_duties and ("责任清单" in sheet.name or "basis" not in layout.columns)


def _seen_text(layout: Layout) -> str:
    found = ", ".join(f"{ROLE_LABELS.get(ch.role, ch.role)} ← {column_letter(ch.column)}" for ch in layout.choices)
    headers = "、".join(t.replace("\n", "") for _, t in sorted(layout.seen.items()))
    return f"headers seen: {headers or '(none)'}; roles found: {found or '(none)'}"


def _no_header_message(seen: list[tuple[str, Layout]], unread: list[Sheet]) -> str:
    """What was looked for and what was found, so the user can write a columns file."""
    message = (
        "no sheet has a power-list header: expected a row with columns such as 事项名称, 权力类型, 实施依据, "
        "行使主体, 承办机构, or cells that show them (item names, power types, 《…》 citations)"
    )
    for sheet, layout in seen:
        missing = [ROLE_LABELS[r] for r in ("name", "type") if r not in layout.columns]
        message += (
            f"; sheet {sheet!r} row {layout.header_row + 1}: missing {'、'.join(missing) or 'nothing'}; "
            f"{_seen_text(layout)}"
        )
    for sheet in unread:
        r = first_table_row(sheet)
        if r is not None:
            cells = "、".join(" ".join(v.split()) for v in sheet.rows[r] if v.strip())
            message += (
                f"; sheet {sheet.name!r} row {r + 1}: headers seen: {cells}; no cells show "
                f"{ROLE_LABELS['name']} or {ROLE_LABELS['type']} either"
            )
    return message + " (a columns file, quanze load --columns MAP.toml, can name the columns)"


def load_powerlist(
    path: str | Path,
    data: bytes | None = None,
    catalogue: StatuteCatalogue | None = None,
    jurisdiction: str | None = None,
    list_id: str | None = None,
    columns: dict[str, str] | None = None,
) -> LoadedDocument:
    """Read one list file (its 责任清单 sheets joined to its powers) into its graph."""
    read = read_powerlist(path, data, columns)
    if not read.powers:
        raise _responsibilities_alone(read)
    return write_powerlist(read, catalogue, jurisdiction, list_id)


def load_powerlists(
    files: list[tuple[str | Path, bytes]],
    catalogue: StatuteCatalogue | None = None,
    jurisdiction: str | None = None,
    list_id: str | None = None,
    columns: ColumnsFile | None = None,
) -> Iterator[LoadedDocument]:
    """Several list files: each 责任清单 file joined to the 权力清单 file of its department, then each graph.

    Every file is read before any graph is written, so a 责任清单 without its
    权力清单 fails the command before anything is stored.
    """
    reads = [read_powerlist(p, d, columns.for_file(Path(p).name) if columns else None) for p, d in files]
    power_reads = [r for r in reads if r.powers]
    partners: dict[int, list[ReadList]] = {}
    for r in reads:
        if r.powers:
            continue
        partner = _partner(r, power_reads)
        if partner is None:
            raise _responsibilities_alone(r, others=bool(power_reads))
        partners.setdefault(id(partner), []).append(r)
    for r in power_reads:
        for duties in partners.get(id(r), []):
            r.join = r.join or JoinReport()
            join_responsibilities(r.powers, [(duties.name, sr) for sr in duties.duties], r.join)
            r.joined_files.append(duties.name)
            r.mappings.extend(duties.mappings)
            r.notes.extend(f"{duties.name}: {n}" for n in duties.notes)
    for r in power_reads:
        yield write_powerlist(r, catalogue, jurisdiction, list_id)


_PAIR_NOISE = re.compile(
    r"权责清单|权力清单|责任清单|权力事项|责任事项|清单|附件\d*[:：]?|\d{4}年?|[（(]\d+[）)]|[\s_\-]+"
)


def _partner(duties: ReadList, power_reads: list[ReadList]) -> ReadList | None:
    """The 权力清单 a 责任清单 file belongs to: the same file name without 权力/责任, else the same department."""
    stem = _PAIR_NOISE.sub("", Path(duties.name).stem)
    by_name = [r for r in power_reads if stem and _PAIR_NOISE.sub("", Path(r.name).stem) == stem]
    if len(by_name) == 1:
        return by_name[0]
    dept = duties.department
    by_dept = [r for r in power_reads if dept and r.department and same_body(dept, r.department)]
    return by_dept[0] if len(by_dept) == 1 else None


def _responsibilities_alone(read: ReadList, others: bool = False) -> SourceError:
    first = read.duties[0]
    where = "no 权力清单 of the same department was given with it" if others else "load it with its 权力清单"
    return SourceError(
        read.name,
        "a 责任清单 (responsibilities: 责任事项, 追责情形 …, but no 权力类型 column): its rows join the powers of "
        f"the department's 权力清单 by item code or name; {where} (same file name with 权力清单, or the same "
        f"department) in one command; {_seen_text(first.layout)}",
        sheet=first.sheet.name,
        row=first.layout.header_row + 1,
    )


def write_powerlist(
    read: ReadList,
    catalogue: StatuteCatalogue | None = None,
    jurisdiction: str | None = None,
    list_id: str | None = None,
) -> LoadedDocument:
    """The graph of a list read by :func:`read_powerlist` (with any 责任清单 already joined)."""
    name, raw = read.name, read.raw
    notes = list(read.notes)
    if read.join is not None:
        notes.extend(str(u) for u in read.join.unmatched)
        if read.join.powers_without:
            notes.append(f"{read.join.powers_without} powers or sub-items have no row in the 责任清单")
    sheets = read.powers
    written_title = _title(sheets[0].sheet, sheets[0].layout)
    # A file named 附件2.xls says nothing: the list is known by its title, else by that name.
    identity = list_id or list_identity(name) or _SPACE.sub("", written_title or "") or Path(name).stem
    title = written_title or identity
    first = sheets[0]
    named = _department_line(first.sheet, first.layout) or department_in_title(identity) or department_in_title(title)
    written = [r.get("department") for sr in sheets for r in sr.records]
    publisher = choose_publisher(named, written, jurisdiction)
    area_name = jurisdiction or (place_of(publisher) if publisher else None)
    list_iri = iris.power_list(identity)
    g = GraphWriter(iris.graph("list", identity))
    ctx = ListContext(
        name,
        list_iri,
        publisher,
        jurisdiction,
        iris.area(area_name) if area_name else None,
        _dominant_level(sheets),
        catalogue or StatuteCatalogue(),
    )

    g.type(list_iri, QZ.PowerList)
    g.text(list_iri, DCT.title, title)
    g.text(list_iri, RDFS.label, title)
    g.plain(list_iri, QZ.sourceFile, name)
    for other in read.joined_files:
        g.plain(list_iri, QZ.sourceFile, other)
    g.plain(list_iri, QZ.sha256, hashlib.sha256(raw).hexdigest())
    year = list_year(title, identity)
    if year:
        g.typed(list_iri, DCT.issued, year, XSD.gYear)
    if publisher:
        g.iri(list_iri, DCT.publisher, _department(g, ctx, publisher))
    if ctx.area_iri and area_name:
        g.type(ctx.area_iri, QZ.AdministrativeArea)
        g.text(ctx.area_iri, RDFS.label, area_name)
        g.iri(list_iri, DCT.spatial, ctx.area_iri)

    keys = _power_keys([r for sr in sheets for r in sr.records])
    for sr in sheets:
        for record in sr.records:
            key = keys[id(record)]
            _write_record(g, ctx, sr.sheet, sr.layout, record, iris.power(list_iri, key), parent=None)
            ctx.counts["powers"] += 1
    ctx.counts["sheets"] = len(sheets)
    if ctx.counts["without_department"]:
        notes.append(
            f"{ctx.counts['without_department']} powers and sub-items name no department: no 行使主体 column, "
            "and neither the title, a line above the header nor the file name names one; they have no "
            "qz:department, and their units are kept only as written (qz:unitAsWritten). A title line "
            "naming the department (某市某某局权责清单) gives it to every row"
        )
    for written, rows in ctx.other_types.items():
        notes.append(
            f"{written!r} (rows {_rows_text(rows)}) is none of the ten power types: read as 其他行政权力, "
            "the category the national scheme keeps for every other power, its words kept as written "
            "(qz:powerTypeAsWritten)"
        )
    for sheet_name, rows in ctx.carried_types.items():
        notes.append(
            f"sheet {sheet_name!r} rows {_rows_text(rows)}: no power type written; the type of the item above is taken "
            "(a table without merged cells, as a CSV export leaves a merged type cell)"
        )
    if read.join is not None:
        ctx.counts["responsibilities_joined"] = read.join.joined
        ctx.counts["responsibilities_unmatched"] = len(read.join.unmatched)
    details: dict[str, object] = {"sheets": [m.as_dict() for m in read.mappings]}
    if read.joined_files:
        details["joined_files"] = read.joined_files
    if read.join is not None:
        details["unmatched_responsibilities"] = [u.as_dict() for u in read.join.unmatched]
    return LoadedDocument(
        path=read.path,
        kind="list",
        graph=g.graph_iri,
        subject=list_iri,
        label=title,
        data=g.finish(),
        statements=len(g),
        counts=dict(ctx.counts),
        unresolved=ctx.unresolved,
        notes=notes,
        details=details,
    )


# ---------------------------------------------------------------- list-level facts


def _type_of_list(sheet: Sheet, layout: Layout, source: str) -> str | None:
    """The one type a sheet's name, its title or the file name gives every row (行政许可（11项）,
    某局行政处罚事项清单), for a list without a type column."""
    return (
        type_of(re.split(r"[（(]", sheet.name)[0])
        or type_named_in(_title(sheet, layout) or "")
        or type_named_in(list_identity(source))
    )


def _rows_text(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")


def _title(sheet: Sheet, layout: Layout) -> str | None:
    """The first text above the header, else what names the table outside it (an HTML page's heading)."""
    for r in range(layout.top_row):
        for c, value in enumerate(sheet.rows[r]):
            text = clean(value)
            if text and sheet.is_fresh(r, c) and not re.match(r"^(附件\d*|部门名称|单位名称|填报单位)", text):
                return text
    return clean(sheet.caption) or None


def _department_line(sheet: Sheet, layout: Layout) -> str | None:
    for r in range(layout.header_row):
        for value in sheet.rows[r]:
            m = _DEPARTMENT_LINE.search(value)
            if m:
                return m.group(1)
    return None


def _dominant_level(read: list[SheetRecords]) -> str | None:
    found = Counter(level_of(r.get("level"))[0] for sr in read for r in sr.records)
    found.pop(None, None)
    return found.most_common(1)[0][0] if found else None


def level_of(cell: str) -> tuple[str | None, str]:
    """(level concept, rest of the cell): '地州市级。负责…' → (el:prefecture, '负责…').

    Cells wrap words (地州\n市级) and also use line breaks as separators, so
    the first clause is tried with and without the line breaks.
    """
    levels = scheme("exercise-level")
    text = cell.strip()
    if not text:
        return None, ""
    for candidate in (text, text.split("\n", 1)[0]):
        head, *rest = re.split(r"[。；;，,:：]", candidate, maxsplit=1)
        found = levels.lookup(head)
        if found:
            remainder = text[len(candidate) :] if candidate != text else ""
            scope = ((rest[0] if rest else "") + remainder).strip()
            return found, scope
    return None, text


def _power_keys(records: list[Record]) -> dict[int, str]:
    """IRI keys: the list's item code when every power has a unique one, else the position."""
    codes = [clean(r.get("code")) for r in records]
    if all(codes) and len(set(codes)) == len(codes):
        return {id(r): code for r, code in zip(records, codes, strict=True)}
    return {id(r): str(i) for i, r in enumerate(records, start=1)}


# ---------------------------------------------------------------- organisations


def _department(g: GraphWriter, ctx: ListContext, name: str) -> str:
    iri = iris.department(name)
    if iri not in ctx.departments:
        ctx.departments.add(iri)
        g.type(iri, QZ.Department)
        g.text(iri, RDFS.label, name)
        place = place_of(name)
        if ctx.area_iri and (place is None or place == ctx.jurisdiction or iris.area(place) == ctx.area_iri):
            g.iri(iri, DCT.spatial, ctx.area_iri)
        head = iris.post(iri, "department-head")
        _inferred_post(g, ctx, head, iri, f"{name}法定代表人或分管领导", "department-head")
    return iri


def _unit(g: GraphWriter, ctx: ListContext, dept_iri: str, dept_name: str, name: str) -> str:
    iri = iris.unit(dept_iri, name)
    if (dept_iri, iri) not in ctx.units:
        ctx.units.add((dept_iri, iri))
        g.type(iri, QZ.Unit)
        g.text(iri, RDFS.label, name)
        g.iri(iri, ORG.unitOf, dept_iri)
        g.iri(dept_iri, ORG.hasUnit, iri)
        _inferred_post(g, ctx, iris.post(iri, "handler"), iri, f"{name}具体承办人", "handler")
        _inferred_post(g, ctx, iris.post(iri, "unit-head"), iri, f"{name}负责人", "unit-head")
    return iri


_INFERENCE_REASON = {
    "handler": (
        "清单未写明岗位，由承办机构推定其具体承办人",
        "the list names no post: the handler of the unit it names",
    ),
    "unit-head": ("清单未写明岗位，由承办机构推定其负责人", "the list names no post: the head of the unit it names"),
    "department-head": (
        "清单未写明岗位，由行使主体推定其法定代表人或分管领导",
        "the list names no post: the head of the department it names",
    ),
}


def _inferred_post(g: GraphWriter, ctx: ListContext, iri: str, holder: str, label: str, role: str) -> str:
    """A post the list does not name, inferred from the unit or department it does (qz:InferredPost).

    Lists name units, rarely posts; the roles of 追责对象 (具体承办人, 科室负责人, 分管领导) need a post
    to point at. The post says it was inferred, from what and why, so shapes, pages and the API can
    tell it from a post the list names.
    """
    if iri not in ctx.posts:
        _post(g, ctx, iri, holder, label, role)
        g.type(iri, QZ.InferredPost)
        g.iri(iri, PROV.wasDerivedFrom, holder)
        zh, en = _INFERENCE_REASON[role]
        g.text(iri, QZ.inferenceReason, zh)
        g.text(iri, QZ.inferenceReason, en, lang="en")
    return iri


def _post(g: GraphWriter, ctx: ListContext, iri: str, holder: str, label: str, role: str) -> str:
    if iri not in ctx.posts:
        ctx.posts.add(iri)
        g.type(iri, QZ.Post)
        g.text(iri, RDFS.label, label)
        g.iri(iri, ORG.postIn, holder)
        g.iri(holder, ORG.hasPost, iri)
        g.iri(iri, QZ.postRole, concept("liable-role", role))
    return iri


# ---------------------------------------------------------------- one power


def _power_type(ctx: ListContext, sheet: Sheet, layout: Layout, record: Record, parent_type: str | None) -> str:
    types = scheme("power-type")
    written = record.get("type")
    if written.strip():
        found = type_of(written)
        if found:
            return found
        if _CATEGORY.fullmatch(_SPACE.sub("", written)):
            # A category of another province's scheme (公共服务, 行政备案): 其他 by the national one.
            ctx.other_types.setdefault(clean(written), []).append(record.rows[0] + 1)
            return concept("power-type", "other")
        col = layout.column("type")
        raise SourceError(
            ctx.source,
            f"unknown power type {clean(written)!r}: expected one of " + "、".join(types.pref.values()),
            sheet=sheet.name,
            row=record.rows[0] + 1,
            column=col,
            column_name=layout.headers.get(col) if col is not None else None,
        )
    if parent_type:
        return parent_type
    by_context = (type_of(record.section) if record.section else None) or _type_of_list(sheet, layout, ctx.source)
    if by_context:
        return by_context
    above = ctx.last_type.get(sheet.name)
    if above and not sheet.merged_from and parent_type is None:
        # A CSV keeps a merged type cell's value only in its first row: the item above's type, noted.
        ctx.carried_types.setdefault(sheet.name, []).append(record.rows[0] + 1)
        return above
    col = layout.column("type")
    raise SourceError(
        ctx.source,
        "missing power type: expected one of " + "、".join(types.pref.values()),
        sheet=sheet.name,
        row=record.rows[0] + 1,
        column=col,
        column_name=layout.headers.get(col) if col is not None else "权力类型",
    )


def _primary_level_index(record: Record, ctx: ListContext) -> int:
    for i, values in enumerate(record.levels):
        if ctx.dominant_level and level_of(values.get("level", ""))[0] == ctx.dominant_level:
            return i
    return 0


def _write_record(
    g: GraphWriter,
    ctx: ListContext,
    sheet: Sheet,
    layout: Layout,
    record: Record,
    iri: str,
    parent: tuple[str, str, str | None] | None,
) -> None:
    """Write a power (parent None) or a sub-item (parent = (iri, type, department name))."""
    primary = _primary_level_index(record, ctx)
    values = dict(record.levels[primary])
    if record.subitems:
        # The parent keeps what all its sub-items share; each sub-item keeps its row.
        shared = {f: v for f, v in values.items() if all(s.get(f) == v for s in record.subitems)}
        values = {**shared, **{f: values.get(f, "") for f in ("serial", "name", "type", "code")}}
    ptype = _power_type(ctx, sheet, layout, record, parent[1] if parent else None)
    if parent is None:
        ctx.last_type[sheet.name] = ptype
    inferred = record.rows[0] + 1 in ctx.carried_types.get(sheet.name, [])

    g.type(iri, QZ.Power)
    if parent:
        g.type(iri, QZ.SubItem)
        g.iri(iri, QZ.subItemOf, parent[0])
        g.iri(parent[0], QZ.hasSubItem, iri)
        name = LINE_ENUM.sub("", clean(values.get("subitem", "")))
    else:
        name = clean(values.get("name", ""))
    g.text(iri, RDFS.label, name)
    g.iri(iri, QZ.inList, ctx.list_iri)
    g.iri(iri, QZ.powerType, ptype)
    g.text(iri, QZ.powerTypeAsWritten, clean(values.get("type", "")))
    if inferred and parent is None:
        g.typed(iri, QZ.powerTypeInferred, "true", XSD.boolean)
    g.plain(iri, QZ.serialNumber, clean(values.get("serial", "")))
    g.plain(iri, QZ.code, clean(values.get("code", "")))

    source = f"{iri}/source"
    g.type(source, QZ.SourceRecord)
    g.iri(source, DCT.isPartOf, ctx.list_iri)
    g.plain(source, QZ.sheetName, sheet.name)
    g.integer(source, QZ.rowNumber, record.rows[0] + 1)
    g.integer(source, QZ.lastRowNumber, record.rows[-1] + 1)
    g.iri(iri, PROV.wasDerivedFrom, source)

    dept_written = values.get("department") or values.get("responsible_body") or ""
    dept_name = (
        resolve_department(dept_written, ctx.publisher, ctx.jurisdiction)
        if dept_written.strip()
        else (parent[2] if parent else ctx.publisher)
    )
    g.text(iri, QZ.departmentAsWritten, clean(dept_written))
    dept_iri = _department(g, ctx, dept_name) if dept_name else None
    if ctx.area_iri:
        g.iri(iri, DCT.spatial, ctx.area_iri)
    if dept_iri:
        g.iri(iri, QZ.department, dept_iri)
        if values.get("parent_org", "").strip():
            g.iri(
                dept_iri,
                ORG.subOrganizationOf,
                _department(g, ctx, qualify(clean(values["parent_org"]), ctx.jurisdiction)),
            )
    else:
        ctx.counts["without_department"] += 1
    units = split_units(values.get("unit", ""))
    g.text(iri, QZ.unitAsWritten, clean(values.get("unit", "")))
    # A unit is known only as a unit of its department (every department has its 办公室).
    unit_iris = [_unit(g, ctx, dept_iri, dept_name or "", u) for u in units] if dept_iri else []
    for u in unit_iris:
        g.iri(iri, QZ.unit, u)
    lead = lead_unit(values.get("unit", ""), units)
    if lead and dept_iri:
        g.iri(iri, QZ.leadUnit, iris.unit(dept_iri, lead))
    handlers, named_posts = _responsible_posts(g, ctx, values, unit_iris, units)
    for post in handlers:
        g.iri(iri, QZ.responsiblePost, post)

    _write_level(g, iri, values)
    for k, other in enumerate(r for i, r in enumerate(record.levels) if i != primary):
        la = f"{iri}/level/{k + 2}"
        g.type(la, QZ.LevelAssignment)
        g.iri(iri, QZ.levelAssignment, la)
        g.text(la, QZ.departmentAsWritten, clean(other.get("department", "")))
        if is_local_department(other.get("department", ""), ctx.publisher, ctx.jurisdiction) and dept_iri:
            g.iri(la, QZ.department, dept_iri)
            for u in split_units(other.get("unit", "")):
                g.iri(la, QZ.unit, _unit(g, ctx, dept_iri, dept_name or "", u))
        _write_level(g, la, other)

    for fld, prop in (("function", QZ.departmentFunction), ("remarks", QZ.remarks), ("target", QZ.targetGroup)):
        g.text(iri, prop, values.get(fld, "").strip())
    g.text(iri, QZ.basisText, values.get("basis", "").strip())
    g.text(iri, QZ.dutyBasisText, values.get("duty_basis", "").strip())

    _write_citations(g, ctx, iri, "basis", values.get("basis", ""), QZ.hasBasisCitation, record, sheet)
    _write_citations(g, ctx, iri, "dutybasis", values.get("duty_basis", ""), QZ.hasDutyBasisCitation, None, sheet)
    acc_cell = "\n".join(v for v in (values.get("accountability_basis", ""),) if v)
    _write_citations(g, ctx, iri, "accbasis", acc_cell, QZ.hasAccountabilityBasisCitation, None, sheet)

    joined = _joined_sources(g, ctx, iri, record)
    duties = parse_duties(values.get("duties", ""))
    for d in duties:
        d_iri = f"{iri}/duty/{d.order}"
        g.type(d_iri, QZ.Duty)
        _derived(g, d_iri, joined.get("duties", []))
        g.iri(iri, QZ.hasDuty, d_iri)
        g.integer(d_iri, QZ.order, d.order)
        g.text(d_iri, QZ.text, d.text)
        g.iri(d_iri, QZ.dutyStage, d.stage)
        if d.category:
            g.iri(d_iri, QZ.dutyCategory, d.category)

    _, situations = parse_situations(values.get("accountability", ""))
    for s in situations:
        s_iri = f"{iri}/accountability/{s.order}"
        g.type(s_iri, QZ.AccountabilitySituation)
        _derived(g, s_iri, joined.get("accountability", []))
        g.iri(iri, QZ.hasAccountability, s_iri)
        g.integer(s_iri, QZ.order, s.order)
        g.text(s_iri, QZ.text, s.text)
        for kind in s.failure_kinds:
            g.iri(s_iri, QZ.failureKind, kind)
    for entry in parse_liable(values.get("liable", "")):
        l_iri = f"{iri}/liable/{entry.order}"
        g.type(l_iri, QZ.LiableParty)
        _derived(g, l_iri, joined.get("liable", []))
        g.iri(iri, QZ.hasLiableParty, l_iri)
        g.integer(l_iri, QZ.order, entry.order)
        g.text(l_iri, QZ.text, entry.text)
        g.iri(l_iri, QZ.liableRole, entry.role)
        for post in _liable_posts(entry.role, dept_iri, unit_iris, handlers):
            g.iri(l_iri, QZ.liablePost, post)

    remedy = values.get("remedy", "").strip()
    if remedy:
        r_iri = f"{iri}/remedy"
        g.type(r_iri, QZ.RemedyChannel)
        g.iri(iri, QZ.remedyChannel, r_iri)
        g.text(r_iri, QZ.text, remedy)
    for fld, cls, prop in (
        ("conditions", CV.Requirement, CV.holdsRequirement),
        ("materials", CV.Evidence, CPSV.hasInput),
        ("fees", CV.Cost, CV.hasCost),
    ):
        text = values.get(fld, "").strip()
        if text:
            node = f"{iri}/{fld}"
            g.type(node, cls)
            g.iri(iri, prop, node)
            g.text(node, DCT.description, text)
    _write_procedure(g, iri, values, named_posts)

    for k, sub in enumerate(record.subitems, start=1):
        _write_record(g, ctx, sheet, layout, sub, f"{iri}/sub/{k}", parent=(iri, ptype, dept_name))
    if parent:
        ctx.counts["subitems"] += 1
    elif not record.subitems:
        ctx.counts["items"] += 1


def _joined_sources(g: GraphWriter, ctx: ListContext, iri: str, record: Record) -> dict[str, list[str]]:
    """The 责任清单 rows joined to a power, as source records: field → the records it was filled from."""
    by_field: dict[str, list[str]] = {}
    for k, j in enumerate(record.joined, start=1):
        node = f"{iri}/responsibilities/{k}"
        g.type(node, QZ.SourceRecord)
        g.iri(node, DCT.isPartOf, ctx.list_iri)
        if j.file != ctx.source:
            g.plain(node, QZ.sourceFile, j.file)
        g.plain(node, QZ.sheetName, j.sheet)
        g.integer(node, QZ.rowNumber, j.first_row + 1)
        g.integer(node, QZ.lastRowNumber, j.last_row + 1)
        for fld in j.fields:
            by_field.setdefault(fld, []).append(node)
    return by_field


def _derived(g: GraphWriter, node: str, sources: list[str]) -> None:
    for source in sources:
        g.iri(node, PROV.wasDerivedFrom, source)


def _write_level(g: GraphWriter, node: str, values: dict[str, str]) -> None:
    level, rest = level_of(values.get("level", ""))
    if level:
        g.iri(node, QZ.exerciseLevel, level)
    g.text(node, QZ.authorityScope, values.get("scope", "").strip() or rest)


def _responsible_posts(
    g: GraphWriter, ctx: ListContext, values: dict[str, str], unit_iris: list[str], units: list[str]
) -> tuple[list[str], list[str]]:
    """The responsible posts and, of them, those the list names (a 承办岗位 column).

    Where the list names none, each unit's handler (an inferred post) is responsible: the power is
    the unit's, so its handler is, and qz:InferredPost says that is all the list gave.
    """
    named = split_units(values.get("post", ""))
    if named and unit_iris:
        posts = [_post(g, ctx, iris.post(unit_iris[0], p), unit_iris[0], f"{units[0]}{p}", "handler") for p in named]
        return posts, posts
    return [iris.post(u, "handler") for u in unit_iris], []


def _liable_posts(role: str, dept_iri: str | None, unit_iris: list[str], handlers: list[str]) -> list[str]:
    slug = role.rsplit("/", 1)[-1]
    if slug == "handler":
        return handlers
    if slug == "unit-head":
        return [iris.post(u, "unit-head") for u in unit_iris]
    if slug == "department-head" and dept_iri:
        return [iris.post(dept_iri, "department-head")]
    return []


# ---------------------------------------------------------------- citations


def _write_citations(
    g: GraphWriter, ctx: ListContext, power: str, slot: str, cell: str, prop: str, record: Record | None, sheet: Sheet
) -> None:
    if not cell.strip():
        return
    citations = [resolve(c, ctx.catalogue) for c in find_citations(cell)]
    heads = [c for c in citations if c.head]
    known = [c for c in heads if c.work is not None]
    if record is not None:
        ctx.counts["citations"] += len(heads)
        ctx.counts["citations_resolved"] += sum(1 for c in heads if c.resolved)
        if known:
            ctx.counts["powers_citing_known_statutes"] += 1
            if all(c.resolved for c in known):
                ctx.counts["powers_fully_resolved"] += 1
        for c in heads:
            if not c.resolved:
                ctx.unresolved.append(
                    Unresolved(f"sheet {sheet.name!r} row {record.rows[0] + 1}", c.text or (c.title or ""), c.reason)
                )
    for k, c in enumerate(citations, start=1):
        c_iri = f"{power}/{slot}/{k}"
        write_citation(g, c_iri, c)
        g.iri(power, prop if c.head else QZ.hasCitation, c_iri)
        g.integer(c_iri, QZ.order, k)
        if c.head and c.resolved and prop == QZ.hasBasisCitation:
            for target in c.targets:
                g.iri(power, QZ.hasLegalBasis, target)


# ---------------------------------------------------------------- procedure


def _write_limit(g: GraphWriter, node: str, cls: str, limit: TimeLimit) -> None:
    g.type(node, cls)
    g.decimal(node, TIME.numericDuration, limit.amount)
    g.iri(node, TIME.unitType, _TIME_UNITS[limit.unit])
    g.text(node, QZ.text, limit.text)


def _limits(values: dict[str, str]) -> tuple[TimeLimit | None, TimeLimit | None]:
    """(statutory, committed): what each column says, unless its cell labels its limits itself
    (a 办理时限 cell reading 法定20个工作日，承诺10个工作日 gives both)."""
    found: dict[str, TimeLimit] = {}
    for kind in ("statutory", "committed"):
        text = values.get(f"{kind}_limit", "")
        labelled = labelled_limits(text)
        for k, limit in labelled.items():
            found.setdefault(k, limit)
        if not labelled:
            limit = parse_limit(text)
            if limit:
                found.setdefault(kind, limit)
    return found.get("statutory"), found.get("committed")


def _write_procedure(g: GraphWriter, power: str, values: dict[str, str], handlers: list[str]) -> None:
    """The procedure a list writes: steps from a 办理流程 column, limits from 法定期限 / 承诺期限.

    Nothing is derived or invented: a list that states no procedure and no
    limit gets none, which is what the review must send back. (The stages of
    the duties are in the graph as qz:dutyStage for whoever wants them.)
    Steps get the posts the list names as handling posts, never inferred
    ones: which post handles which step is not something a unit implies.
    """
    statutory, committed = _limits(values)
    steps: list[tuple[str, str | None, TimeLimit | None]] = []  # label, stage, limit
    stages = scheme("duty-stage")
    _, entries = split_numbered(values.get("procedure", ""))
    for e in entries:
        label = re.split(r"[：:（(，,。；;]", e.text, maxsplit=1)[0].strip() or e.text
        stage = stages.lookup(label) or stages.lookup(label + "责任")
        steps.append((label, stage, parse_limit(e.text)))
    if not steps and not statutory and not committed:
        return
    proc = f"{power}/procedure"
    g.type(proc, QZ.Procedure)
    g.iri(power, QZ.hasProcedure, proc)
    if statutory:
        _write_limit(g, f"{proc}/statutory-limit", QZ.StatutoryTimeLimit, statutory)
        g.iri(proc, QZ.statutoryTimeLimit, f"{proc}/statutory-limit")
    if committed:
        _write_limit(g, f"{proc}/committed-limit", QZ.CommittedTimeLimit, committed)
        g.iri(proc, QZ.committedTimeLimit, f"{proc}/committed-limit")
    for order, (label, stage, limit) in enumerate(steps, start=1):
        s_iri = f"{proc}/step/{order}"
        g.type(s_iri, QZ.Step)
        g.iri(proc, QZ.hasStep, s_iri)
        g.integer(s_iri, QZ.order, order)
        g.text(s_iri, RDFS.label, label)
        if stage:
            g.iri(s_iri, QZ.stepStage, stage)
        for post in handlers:
            g.iri(s_iri, QZ.handlingPost, post)
        if limit:
            _write_limit(g, f"{s_iri}/limit", QZ.TimeLimit, limit)
            g.iri(s_iri, QZ.timeLimit, f"{s_iri}/limit")
