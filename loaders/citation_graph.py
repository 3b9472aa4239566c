"""A resolved citation as statements: what every loader that finds citations writes."""

from __future__ import annotations

from .citations import Citation, level_of_tag
from .ntriples import GraphWriter
from .vocab import QZ, concept


def write_citation(g: GraphWriter, iri: str, c: Citation) -> None:
    g.type(iri, QZ.Citation)
    if not c.resolved:
        g.type(iri, QZ.UnresolvedCitation)
        g.plain(iri, QZ.unresolvedReason, c.reason)
    g.plain(iri, QZ.citationText, c.text)
    if c.title:
        g.plain(iri, QZ.citedTitle, c.title)
    level = level_of_tag(c.level_tag, c)
    if level:
        g.iri(iri, QZ.citedLevel, concept("legal-level", level))
    if c.version_date:
        g.date(iri, QZ.citedVersionDate, c.version_date)
    if c.work is not None:
        g.iri(iri, QZ.citedStatute, c.work.iri)
    if c.cited_version:
        g.iri(iri, QZ.citedVersion, c.cited_version)
    if c.resolved_version is not None:
        g.iri(iri, QZ.resolvedInVersion, c.resolved_version.iri)
    for target in c.targets:
        g.iri(iri, QZ.citesSubdivision, target)
    g.text(iri, QZ.quotedText, c.quoted)
    g.iri(iri, QZ.resolutionStatus, concept("citation-status", c.status))
