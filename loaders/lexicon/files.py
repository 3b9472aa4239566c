"""Read and check the lexicon files: domains, authority phrases, acts, departments, enforcement,
plain ↔ statutory words and the words of asking.

The files are tab-separated text, one entry per line, ``#`` for comments,
because people edit them: a line that cannot be read, or that names a domain
or power type that does not exist, stops the load with a
:class:`~quanze.loaders.errors.SourceError` naming the file and the line.

The shipped files live next to this module. ``QUANZE_LEXICON`` may name a
folder whose files replace the shipped ones of the same name (a local
lexicon, or a test's).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from ..concepts import scheme
from ..errors import SourceError
from ..vocab import concept

FILES = (
    "domains.tsv",
    "authorities.tsv",
    "acts.tsv",
    "departments.tsv",
    "enforcement.tsv",
    "reforms.tsv",
    "plain.tsv",
    "asking.tsv",
)
#: The authority is the one the statute itself names for its powers.
STATUTE = "@statute"
#: Prefix of a domain that counts only when the phrase names no other one (人民政府).
FALLBACK = "~"
_DOMAIN_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_SPACED = {"domains", "English name", "pattern", "statute", "where", "reform"}  # fields that may contain spaces


@dataclass(frozen=True)
class Domain:
    id: str
    label: str
    label_en: str
    line: int


@dataclass(frozen=True)
class Phrase:
    """A phrase of an authority's name and the domains it means."""

    text: str
    domains: tuple[str, ...]  # domain ids, or STATUTE
    fallback: bool  # counts only when no other domain is found


@dataclass(frozen=True)
class Act:
    """An enforcement act and the power type it confers (None: goes with others)."""

    name: str
    power_type: str | None  # power-type concept IRI
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PlainPair:
    """How people say a matter and how the statutes and lists say it (plain.tsv)."""

    plain: str
    statutory: str
    where: str | None  # an article label or "department：item name"; None where no loaded source has it
    line: int


@dataclass(frozen=True)
class Reform:
    """A department name no longer used, the domains of today's departments, and the reform that moved them."""

    old: str
    domains: tuple[str, ...]
    reform: str


@dataclass
class Lexicon:
    domains: dict[str, Domain]
    phrases: list[Phrase]  # longest first
    acts: list[Act]  # in file order: earlier acts win overlaps
    departments: list[Phrase]  # department-name parts, longest first
    enforcement: dict[str, list[str]] = field(default_factory=dict)  # domain → statute titles
    plain: list[PlainPair] = field(default_factory=list)  # plain.tsv, in file order
    asking: frozenset[str] = frozenset()  # asking.tsv
    sources: dict[str, str] = field(default_factory=dict)  # file name → path read
    reforms: list[Reform] = field(default_factory=list)  # old department names, longest first


def lexicon_paths(folder: str | Path | None = None) -> dict[str, Path]:
    """Where each file is read from: ``folder`` (or $QUANZE_LEXICON) first, else the shipped one."""
    shipped = Path(str(files("quanze.loaders.lexicon")))
    override = (
        Path(folder)
        if folder is not None
        else (Path(os.environ["QUANZE_LEXICON"]) if os.environ.get("QUANZE_LEXICON") else None)
    )
    paths = {}
    for name in FILES:
        local = override / name if override is not None else None
        paths[name] = local if local is not None and local.is_file() else shipped / name
    return paths


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of the lines that are not blank or comments."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise SourceError(str(path), "lexicon file not found") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"not UTF-8 text (byte {exc.start})") from exc
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append((lineno, [f.strip() for f in line.rstrip("\r\n").split("\t")]))
    return out


def _fields(path: Path, lineno: int, fields: list[str], names: tuple[str, ...], optional: int = 0) -> list[str]:
    """Exactly ``names`` fields (the last ``optional`` may be missing), none of the required empty."""
    expected = "<TAB>".join(names)
    if not len(names) - optional <= len(fields) <= len(names):
        raise SourceError(
            str(path), f"expected {len(names)} tab-separated fields '{expected}', found {len(fields)}", line=lineno
        )
    fields = fields + [""] * (len(names) - len(fields))
    for name, value in zip(names[: len(names) - optional], fields, strict=False):
        if not value:
            raise SourceError(str(path), f"empty {name}: expected '{expected}'", line=lineno)
        if re.search(r"\s", value) and name not in _SPACED:
            raise SourceError(
                str(path), f"{name} {value!r} contains a space: fields are separated by tabs, not spaces", line=lineno
            )
    return fields


def _read_domains(path: Path) -> dict[str, Domain]:
    domains: dict[str, Domain] = {}
    for lineno, raw in _lines(path):
        ident, label, label_en = _fields(path, lineno, raw, ("id", "中文名", "English name"))
        if not _DOMAIN_ID.match(ident):
            raise SourceError(
                str(path),
                f"domain id {ident!r}: expected lower-case letters, digits and hyphens (market-regulation)",
                line=lineno,
            )
        if ident in domains:
            raise SourceError(
                str(path), f"domain {ident!r} is already defined on line {domains[ident].line}", line=lineno
            )
        domains[ident] = Domain(ident, label, label_en, lineno)
    if not domains:
        raise SourceError(str(path), "no domain defined")
    return domains


def _domain_list(
    path: Path, lineno: int, value: str, domains: dict[str, Domain], allow_statute: bool
) -> tuple[tuple[str, ...], bool]:
    ids = value.split()
    fallback = all(i.startswith(FALLBACK) for i in ids)
    if any(i.startswith(FALLBACK) for i in ids) and not fallback:
        raise SourceError(str(path), f"{value!r}: a fallback domain (~…) cannot be mixed with others", line=lineno)
    ids = [i.removeprefix(FALLBACK) for i in ids]
    for ident in ids:
        if ident == STATUTE and allow_statute:
            continue
        if ident not in domains:
            known = ", ".join(sorted(domains))
            extra = f" or {STATUTE}" if allow_statute else ""
            raise SourceError(
                str(path),
                f"unknown domain {ident!r}: expected one of the ids in domains.tsv ({known}){extra}",
                line=lineno,
            )
    if STATUTE in ids and len(ids) > 1:
        raise SourceError(str(path), f"{STATUTE} stands alone: it means the statute's own authority", line=lineno)
    return tuple(ids), fallback


def _read_phrases(path: Path, domains: dict[str, Domain], allow_statute: bool, what: str) -> list[Phrase]:
    seen: dict[str, int] = {}
    phrases = []
    for lineno, raw in _lines(path):
        text, value = _fields(path, lineno, raw, (what, "domains"))
        if text in seen:
            raise SourceError(str(path), f"{text!r} is already listed on line {seen[text]}", line=lineno)
        seen[text] = lineno
        ids, fallback = _domain_list(path, lineno, value, domains, allow_statute)
        phrases.append(Phrase(text, ids, fallback))
    return sorted(phrases, key=lambda p: -len(p.text))


def _power_type(path: Path, lineno: int, value: str) -> str | None:
    if value == "-":
        return None
    types = scheme("power-type")
    iri = concept("power-type", value)
    if iri in types.pref:
        return iri
    found = types.lookup(value)
    if found:
        return found
    raise SourceError(
        str(path),
        f"unknown power type {value!r}: expected '-' or one of "
        + ", ".join(sorted(i.rsplit("/", 1)[-1] for i in types.pref)),
        line=lineno,
    )


def _read_acts(path: Path) -> list[Act]:
    acts = []
    for lineno, raw in _lines(path):
        name, ptype, pattern = _fields(path, lineno, raw, ("act", "type", "pattern"), optional=1)
        try:
            compiled = re.compile(pattern or re.escape(name))
        except re.error as exc:
            raise SourceError(
                str(path), f"pattern {pattern!r} is not a valid regular expression: {exc}", line=lineno
            ) from exc
        acts.append(Act(name, _power_type(path, lineno, ptype), compiled))
    if not acts:
        raise SourceError(str(path), "no act defined")
    return acts


def _read_enforcement(path: Path, domains: dict[str, Domain]) -> dict[str, list[str]]:
    enforced: dict[str, list[str]] = {}
    for lineno, raw in _lines(path):
        ident, title = _fields(path, lineno, raw, ("domain", "statute"))
        _domain_list(path, lineno, ident, domains, allow_statute=False)
        enforced.setdefault(ident, []).append(title)
    return enforced


def read_plain(path: Path) -> list[PlainPair]:
    """The plain ↔ statutory pairs; a repeated pair or an empty field stops with file and line."""
    seen: dict[tuple[str, str], int] = {}
    pairs = []
    for lineno, raw in _lines(path):
        plain, statutory, where = _fields(path, lineno, raw, ("plain", "statutory", "where"))
        if (plain, statutory) in seen:
            raise SourceError(
                str(path), f"{plain!r} → {statutory!r} is already listed on line {seen[plain, statutory]}", line=lineno
            )
        seen[plain, statutory] = lineno
        pairs.append(PlainPair(plain, statutory, None if where == "-" else where, lineno))
    if not pairs:
        raise SourceError(str(path), "no pair defined: expected 'plain<TAB>statutory<TAB>where' lines")
    return pairs


def read_asking(path: Path) -> frozenset[str]:
    """The words of asking (asking.tsv), one a line."""
    words = set()
    for lineno, raw in _lines(path):
        (word,) = _fields(path, lineno, raw, ("word",))
        words.add(word)
    return frozenset(words)


def _read_reforms(path: Path, domains: dict[str, Domain]) -> list[Reform]:
    seen: dict[str, int] = {}
    reforms = []
    for lineno, raw in _lines(path):
        old, value, reform = _fields(path, lineno, raw, ("old name", "domains", "reform"))
        if old in seen:
            raise SourceError(str(path), f"{old!r} is already listed on line {seen[old]}", line=lineno)
        seen[old] = lineno
        ids, fallback = _domain_list(path, lineno, value, domains, allow_statute=False)
        if fallback:
            raise SourceError(str(path), f"{value!r}: a reform names today's domains, not fallbacks", line=lineno)
        reforms.append(Reform(old, ids, reform))
    return sorted(reforms, key=lambda r: -len(r.old))


def read_lexicon(folder: str | Path | None = None) -> Lexicon:
    """Read and check every lexicon file; raises SourceError with file and line."""
    paths = lexicon_paths(folder)
    domains = _read_domains(paths["domains.tsv"])
    return Lexicon(
        domains=domains,
        phrases=_read_phrases(paths["authorities.tsv"], domains, True, "phrase"),
        acts=_read_acts(paths["acts.tsv"]),
        departments=_read_phrases(paths["departments.tsv"], domains, False, "name"),
        enforcement=_read_enforcement(paths["enforcement.tsv"], domains),
        plain=read_plain(paths["plain.tsv"]),
        asking=read_asking(paths["asking.tsv"]),
        sources={name: str(p) for name, p in paths.items()},
        reforms=_read_reforms(paths["reforms.tsv"], domains),
    )


@cache
def _cached(folder: str | None, stamp: tuple[float, ...]) -> Lexicon:
    return read_lexicon(folder)


def lexicon(folder: str | Path | None = None) -> Lexicon:
    """The lexicon, read once per process unless a file changes."""
    paths = lexicon_paths(folder)
    stamp = tuple(p.stat().st_mtime if p.exists() else 0.0 for p in paths.values())
    key = str(folder) if folder is not None else os.environ.get("QUANZE_LEXICON")
    return _cached(key, stamp)
