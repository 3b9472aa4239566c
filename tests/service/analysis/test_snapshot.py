"""The snapshot the analyses read: what each server answers for a computed boolean."""

from __future__ import annotations

import pyoxigraph as ox
from quanze.service.analysis.snapshot import read_snapshot
from quanze.service.sparql.queries import system_query

Q = "https://w3id.org/quanze/ontology#"
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


class Answers:
    """A store that answers each system query with rows given for it (one power, its units), as a server would."""

    def __init__(self, lead: ox.Literal, basis_text: ox.Literal) -> None:
        power = ox.NamedNode("http://x/list/power/1")
        self.rows = {
            system_query("analysis-powers").text: [
                {
                    "power": power,
                    "name": ox.Literal("对擅自设置户外广告设施的处罚"),
                    "type": ox.NamedNode("https://w3id.org/quanze/vocab/power-type/penalty"),
                    "list": ox.NamedNode("http://x/list"),
                    "hasBasisText": basis_text,
                }
            ],
            system_query("analysis-units").text: [
                {"power": power, "unit": ox.NamedNode("http://x/u/1"), "isLead": lead},
                {"power": power, "unit": ox.NamedNode("http://x/u/2")},
            ],
        }

    def select(self, query: str) -> list[dict]:
        return self.rows.get(query, [])


def test_a_lead_and_a_basis_text_read_as_true_or_1():
    for true in (
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ox.Literal("1", datatype=INTEGER),
    ):  # Oxigraph's answer, Virtuoso's
        power = next(iter(read_snapshot(Answers(true, true), ("units",)).powers.values()))  # type: ignore[arg-type]
        assert power.leads == {"http://x/u/1"} and set(power.units) == {"http://x/u/1", "http://x/u/2"}
        assert power.has_basis_text


def test_false_or_0_is_no_lead():
    for false in (
        ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ox.Literal("0", datatype=INTEGER),
    ):
        power = next(iter(read_snapshot(Answers(false, false), ("units",)).powers.values()))  # type: ignore[arg-type]
        assert power.leads == set() and not power.has_basis_text
