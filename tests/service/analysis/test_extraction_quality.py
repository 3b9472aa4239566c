"""The extractor against the real lists: the measurement the issue asks for, as a test.

For the market-regulation, housing-and-construction and agriculture lists,
take the 行政处罚 items whose basis cites at least one article of a statute
in the corpus; for at least 90% of them, one of the cited articles must have
been found to confer a penalty on the department's domain.
"""

import pytest
from quanze.service.analysis.profiles import department_profiles
from quanze.service.analysis.snapshot import read_snapshot

PENALTY = "https://w3id.org/quanze/vocab/power-type/penalty"
THRESHOLD = 0.9


def penalty_recall(store, department_part: str) -> tuple[int, int, list[str]]:
    """(found, items, names of the items missed) for the department whose name contains the text."""
    data = read_snapshot(store, ("basis", "grants"))
    profiles = department_profiles(data)
    (prof,) = [p for p in profiles.values() if department_part in p.name]
    domains = set(prof.domains)
    items = [data.powers[i] for i in prof.powers if data.powers[i].type == PENALTY and data.powers[i].articles]
    missed = [
        p.name
        for p in items
        if not any(PENALTY in g.types and g.domains & domains for a in p.articles for g in data.grants.get(a, ()))
    ]
    return len(items) - len(missed), len(items), missed


@pytest.mark.parametrize("department", ["市场监督管理局", "住房和城乡建设局", "农业农村局"])
def test_penalty_recall_on_real_lists(shared_store, department):
    found, items, missed = penalty_recall(shared_store, department)
    assert items >= 30, "the list should have enough penalty items citing loaded statutes"
    assert found / items >= THRESHOLD, f"{found}/{items}; missed: {missed}"
