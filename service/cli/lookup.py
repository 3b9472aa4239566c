"""``quanze responsible`` and ``quanze accountable``: who is responsible for a power, and who answers for it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from quanze.service.analysis.findings import findings_json
from quanze.service.analysis.overlaps import find_overlaps
from quanze.service.cli.options import print_json
from quanze.service.lookup.accountable import accountability_chain, render_chain
from quanze.service.lookup.models import Power, ResponsibleAnswer, ResponsibleMatch
from quanze.service.lookup.responsible import MAX_LIMIT, who_is_responsible
from quanze.service.store.base import Store
from quanze.service.tables import render

DETAIL_LIMIT = 10  # up to this many matches are shown in full, more as a table


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "responsible", parents=[common], help="who is responsible: department, unit and post of matching powers"
    )
    p.add_argument(
        "text",
        metavar="TEXT",
        help="a question in plain words (公司拖欠工资三个月了), part of a power name, a code, or an article "
        "(行政处罚法第三十二条)",
    )
    p.add_argument("--limit", type=int, default=MAX_LIMIT, help=f"at most this many powers (default {MAX_LIMIT})")
    p.add_argument("--offset", type=int, default=0, help="skip this many of the ranked matches")
    p.add_argument("--departments", type=int, default=5, help="at most this many departments answering (default 5)")
    p.add_argument(
        "--answer-json",
        action="store_true",
        help="print the whole answer as JSON, as /api/responsible gives it: departments with units, posts and "
        "reasons, the close call, how the text was read, and the matches (--json prints the matches only)",
    )
    p.set_defaults(run=cmd_responsible)

    p = sub.add_parser(
        "accountable",
        parents=[common],
        help="the accountability chain of a power: liable posts, situations, sanctions, organs",
    )
    p.add_argument("power", metavar="POWER", help="the power: its IRI, item code, or part of its name")
    p.add_argument(
        "--failure",
        metavar="KIND",
        help="kind of failure: a slug (decision-overturned), a label "
        "(超越职权) or a keyword (撤销, 超期); default any unlawful or improper act",
    )
    p.add_argument("--limit", type=int, default=20, help="at most this many powers (default 20)")
    p.set_defaults(run=cmd_accountable)


def cmd_responsible(args: argparse.Namespace, store: Store) -> int:
    answer = who_is_responsible(
        store, args.text, limit=args.limit, offset=args.offset, departments=args.departments, overlaps=_overlaps(store)
    )
    if args.answer_json:
        print_json(answer.model_dump(mode="json"))
        return 0
    if getattr(args, "json", False):
        print_json([_match_json(m) for m in answer.matches])
        return 0
    _print_departments(answer)
    if not answer.matches:
        print(f"No power name, code or article matches {args.text!r}.")
        return 0
    if answer.article:
        print(f"read as the article {answer.article}")
    found = [m.power for m in answer.matches]
    if len(found) <= DETAIL_LIMIT:
        for m in answer.matches:
            _print_power(m.power, m.matched_by)
    else:
        rows = [
            [
                p.name,
                p.type or "",
                p.department.name if p.department else "",
                "、".join(u.name for u in p.units),
                "、".join(x.shown() for x in p.responsible_posts),
                "、".join(b.label for b in p.basis),
            ]
            for p in found
        ]
        print(
            render(
                ["职权 power", "类型 type", "部门 department", "承办机构 unit", "责任岗位 post", "依据 articles"],
                rows,
                max_width=40,
            )
        )
    shown = f"{answer.offset + 1}-{answer.offset + len(found)} of " if answer.total > len(found) else ""
    print(f"({shown}{answer.total} powers)")
    return 0


def _overlaps(store: Store) -> Callable[[], list[dict]]:
    """The cross-department overlap findings, computed only if a close call needs them."""
    return lambda: findings_json(find_overlaps(store, ("cross",)))


def _print_departments(answer: ResponsibleAnswer) -> None:
    """The departments answering, each with unit, post, matched powers and why; the close call; or why none."""
    reading = answer.reading
    if not answer.departments:
        if reading is not None and reading.reason:
            print(f"No department found: {reading.reason}.")
        return
    if reading is not None and reading.converted:
        print(f"read as {reading.text}")
    if reading is not None and reading.statutory:
        print("searched also for " + "；".join(f"{s.plain} → {s.statutory}" for s in reading.statutory))
    print("谁负责 who is responsible:")
    for n, d in enumerate(answer.departments, start=1):
        print(f"{n}. {d.department.name}  ({d.score:.2f})")
        print(f"   承办机构 unit:  {'、'.join(u.name for u in d.units) or '—'}")
        print(f"   责任岗位 post:  {'、'.join(x.name for x in d.posts) or '—'}")
        for hit in d.powers:
            print(f"   · {hit.power.name}（{hit.power.type or '—'}）")
            for m in hit.matched:
                where = m.article.label if m.article is not None else m.label
                print(f"       {where}: {'、'.join(m.words)}")
        for a in d.articles:
            print(f"   授权条文 {a.label}: {'、'.join(a.words)}  {a.text[:80]}")
        if d.named:
            print(f"   部门名称 its name: {'、'.join(d.named)}")
        if d.note:
            print(f"   {d.note}")
    if answer.close_call is not None:
        print(f"! {answer.close_call.message}: {'、'.join(answer.close_call.departments)}")
        for o in answer.close_call.overlaps:
            print(f"  交叉重复 overlap {o.id}: {o.summary}")
    print()


def _match_json(m: ResponsibleMatch) -> dict[str, object]:
    """One match: the keys scripts already read (power, name, type, list, department, units,
    responsible_posts, articles), then the ranking and the power in full."""
    p = m.power
    return {
        **p.model_dump(),
        "power": p.iri,
        "list": p.power_list.iri if p.power_list else None,
        "articles": [{"iri": b.iri, "label": b.label} for b in p.basis],
        "score": m.score,
        "matched_by": m.matched_by,
        "matched_article": m.matched_article,
    }


def _print_power(p: Power, matched_by: str) -> None:
    limits = "；".join(f"{t.text or ''}（{'法定' if t.kind == 'statutory' else '承诺'}）" for t in p.time_limits)
    print(f"{p.name}（{p.type}）  [{matched_by}]")
    print(f"  部门 department:    {p.department.name if p.department else '—'}")
    print(f"  承办机构 unit:      {'、'.join(u.name for u in p.units) or '—'}")
    print(f"  责任岗位 post:      {'、'.join(x.shown() for x in p.responsible_posts) or '—'}")
    print(f"  依据 articles:      {'；'.join(b.label for b in p.basis) or '—'}")
    print(f"  责任事项 duties:    {len(p.duties)}；追责情形 accountability: {len(p.accountability)}")
    print(f"  期限 time limits:   {limits or '—'}")
    print(f"  救济 remedy:        {'；'.join(p.remedy_channels) or '—'}")
    print(f"  <{p.iri}>")


def cmd_accountable(args: argparse.Namespace, store: Store) -> int:
    chains = accountability_chain(store, args.power, args.failure, args.limit)
    if getattr(args, "json", False):
        print_json([c.as_dict() for c in chains])
        return 0
    if not chains:
        print(f"No power matches {args.power!r}.")
        return 0
    print("\n\n".join(render_chain(c) for c in chains))
    return 0
