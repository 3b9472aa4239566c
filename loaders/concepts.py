"""Look up SKOS concepts of the shipped vocabularies by label.

Lists write power types, levels and roles in many ways (行政\\n处罚, 自治区级,
【法规】); the vocabularies in ``ontology/vocabularies/`` hold the accepted
labels (prefLabel, altLabel, hiddenLabel), so adding a synonym is a data
change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from .vocab import QZ, SKOS, VOCAB

_SPACE = re.compile(r"[\s\u3000\u200b\ufeff\xa0]+")


def normalise_label(text: str) -> str:
    """Drop all whitespace (lists wrap words inside cells) and edge punctuation."""
    return _SPACE.sub("", text).strip("。.;；,，:：")


@dataclass
class ConceptScheme:
    """The concepts of one scheme with their labels, ranks and orders."""

    iri: str
    pref: dict[str, str] = field(default_factory=dict)  # concept → zh prefLabel
    pref_en: dict[str, str] = field(default_factory=dict)
    by_label: dict[str, str] = field(default_factory=dict)  # any label → concept
    hidden: dict[str, list[str]] = field(default_factory=dict)  # concept → hidden labels
    alt: dict[str, list[str]] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    extra: dict[str, dict[str, str]] = field(default_factory=dict)  # concept → {predicate: IRI}
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # concept → {predicate: other literal}
    _keywords: list[tuple[str, str]] | None = field(default=None, repr=False)

    def lookup(self, text: str) -> str | None:
        """The concept whose label equals ``text`` after normalisation, or None."""
        return self.by_label.get(normalise_label(text))

    def keywords(self) -> list[tuple[str, str]]:
        """(keyword, concept) for matching inside free text, longest keyword first."""
        if self._keywords is None:
            pairs = [(label, c) for c, labels in self.hidden.items() for label in labels]
            pairs += [(label, c) for c, labels in self.alt.items() for label in labels]
            pairs += [(label, c) for c, label in self.pref.items()]
            self._keywords = sorted(set(pairs), key=lambda p: (-len(p[0]), p[0]))
        return self._keywords


def _vocabulary_files() -> list[str]:
    folder = files("quanze.ontology").joinpath("vocabularies")
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".ttl"))


@cache
def _all_quads() -> tuple[ox.Quad, ...]:
    quads: list[ox.Quad] = []
    for path in _vocabulary_files():
        with open(path, "rb") as fh:
            quads.extend(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    return tuple(quads)


@cache
def scheme(name: str) -> ConceptScheme:
    """The scheme ``{VOCAB}{name}/`` (e.g. ``scheme("power-type")``)."""
    iri = f"{VOCAB}{name}/"
    members = {q.subject.value for q in _all_quads() if q.predicate.value == SKOS.inScheme and q.object.value == iri}
    result = ConceptScheme(iri)
    for q in _all_quads():
        s = q.subject.value
        if s not in members:
            continue
        p = q.predicate.value
        o = q.object
        if p == SKOS.prefLabel and isinstance(o, ox.Literal):
            if o.language == "zh":
                result.pref[s] = o.value
                result.by_label[normalise_label(o.value)] = s
            elif o.language == "en":
                result.pref_en[s] = o.value
        elif p in (SKOS.altLabel, SKOS.hiddenLabel) and isinstance(o, ox.Literal):
            target = result.alt if p == SKOS.altLabel else result.hidden
            target.setdefault(s, []).append(o.value)
            result.by_label.setdefault(normalise_label(o.value), s)
        elif p == QZ.rank:
            result.rank[s] = int(o.value)
        elif p == QZ.order:
            result.order[s] = int(o.value)
        elif isinstance(o, ox.NamedNode):
            result.extra.setdefault(s, {})[p] = o.value
        elif isinstance(o, ox.Literal) and not o.language:
            result.values.setdefault(s, {})[p] = o.value
    if not members:
        raise KeyError(f"no SKOS scheme {iri} in ontology/vocabularies")
    return result
