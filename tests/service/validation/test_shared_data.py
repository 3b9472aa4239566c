"""The review on the real Karamay lists and statutes: the default engine equals pySHACL, and the
findings a reviewer would check by hand are there."""

from __future__ import annotations

from collections import Counter

import pytest
from quanze.service.sparql.queries import substitute, system_query
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate
from quanze.service.validation.report import Report
from rdflib.namespace import SH

QZS = "https://w3id.org/quanze/shapes#"


@pytest.fixture(scope="module")
def reviewed(shared_store: EmbeddedStore) -> Report:
    return validate(shared_store)


def test_default_engine_equals_pyshacl(shared_store: EmbeddedStore, reviewed: Report) -> None:
    """Result for result, counted: focus, path, component, shape, severity and value, each as often."""
    reference = validate(shared_store, engine="pyshacl")
    assert reviewed.tally() == reference.tally()
    assert len(reviewed.results) == 5653  # 3,739 violations, 1,780 warnings, 134 infos


def test_the_findings_by_rule(reviewed: Report) -> None:
    """The review of the thirteen Karamay lists, rule by rule (docs/validation.md explains each figure)."""
    by_rule = Counter((str(r.shape).removeprefix(QZS), r.severity_name) for r in reviewed.results)
    assert by_rule == {
        ("BasisCitationShape-resolved", "Warning"): 1780,
        ("BasisInForceShape", "Violation"): 134,
        ("BasisLevelShape", "Violation"): 1,
        ("CitedVersionShape", "Info"): 134,
        ("PowerShape-accountability", "Violation"): 1,
        ("PowerShape-post", "Violation"): 1331,  # no list names a post: the unit's handler is only inferred
        ("ProcedureShape", "Violation"): 1134,
        ("RemedyShape", "Violation"): 1138,
    }


def test_every_list_was_checked(reviewed: Report) -> None:
    assert len(reviewed.lists) == 13
    assert reviewed.focus_counts["class <https://w3id.org/quanze/ontology#Power>"] == 1340
    assert reviewed.focus_counts["class <https://w3id.org/quanze/ontology#SubItem>"] == 21


def _about(report: Report, shape: str) -> list:
    return [r for r in report.results if str(r.shape) == QZS + shape]


def test_a_superseded_version_is_a_violation(shared_store: EmbeddedStore, reviewed: Report) -> None:
    """The 2024 agriculture list cites 畜牧法 as amended in 2015; the 2022 revision replaced it."""
    found = _about(reviewed, "BasisInForceShape")
    rows = shared_store.select(
        "PREFIX qz: <https://w3id.org/quanze/ontology#> SELECT ?c WHERE { ?c qz:citedVersion "
        "<https://w3id.org/quanze/eli/cn/畜牧法/2015-04-24> }"
    )
    cited = {r["c"].value for r in rows}
    assert cited and cited <= {str(r.value) for r in found}
    assert all(r.severity == SH.Violation for r in found)


def test_a_licence_resting_on_a_departmental_rule_is_a_violation(shared_store: EmbeddedStore, reviewed: Report) -> None:
    """建设工程消防设计审查 cites only 住房和城乡建设部令第58号: a ministry's rule creates no
    licence."""
    names = {
        shared_store.select(f"SELECT ?n WHERE {{ <{r.focus}> <http://www.w3.org/2000/01/rdf-schema#label> ?n }}")[0][
            "n"
        ].value
        for r in _about(reviewed, "BasisLevelShape")
    }
    assert "建设工程消防设计审查" in names


def test_a_state_council_order_tagged_as_a_normative_document_is_not_a_violation(
    shared_store: EmbeddedStore, reviewed: Report
) -> None:
    """The agriculture list tags 《国务院关于加强食品等产品安全监督管理的特别规定》 as
    【规范性文件】, but 国务院令第503号 promulgated it: an administrative regulation, which may
    create penalties."""
    rows = shared_store.select(
        "PREFIX qz: <https://w3id.org/quanze/ontology#> SELECT DISTINCT ?p WHERE { "
        "?p qz:hasBasisCitation ?c . "
        '?c qz:citedTitle "国务院关于加强食品等产品安全监督管理的特别规定" }'
    )
    powers = {r["p"].value for r in rows}
    assert powers
    assert not powers & {str(r.focus) for r in _about(reviewed, "BasisLevelShape")}


def test_unresolved_citations_are_warnings_of_their_own(shared_store: EmbeddedStore, reviewed: Report) -> None:
    rows = shared_store.select(
        "PREFIX qz: <https://w3id.org/quanze/ontology#> SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { "
        "?p qz:hasBasisCitation ?c . ?c a qz:UnresolvedCitation }"
    )
    warnings = _about(reviewed, "BasisCitationShape-resolved")
    assert len({r.focus for r in warnings}) == int(rows[0]["n"].value)
    assert all(r.severity == SH.Warning for r in warnings)


def test_findings_are_located_alike_with_and_without_lateral(shared_store: EmbeddedStore, reviewed: Report) -> None:
    """The LATERAL form of validation-context (Oxigraph) reads the same rows as the plain one (SPARQL 1.1 servers)."""
    nodes = sorted({str(r.focus) for r in reviewed.results})
    assert len(nodes) > 400  # more than one batch

    def rows(name: str) -> list[tuple]:
        found = []
        for start in range(0, len(nodes), 400):
            batch = " ".join(f"<{n}>" for n in nodes[start : start + 400])
            for row in shared_store.select(substitute(system_query(name).text, {"nodes": batch})):
                found.append(tuple(sorted((k, str(v)) for k, v in row.items())))
        return sorted(found)

    plain, lateral = rows("validation-context"), rows("validation-context-lateral")
    assert plain == lateral and len(plain) >= len(nodes)
