"""The IRIs quanze mints: deterministic, readable, independent of load order.

Every IRI is built from what the source says (a statute's short title and
version date, an article's number, a department's name, a list's identity and
a power's code or position), never from a counter or a random id, so that
loading the same file twice, or in another order, gives the same graph.

Statutes follow the ELI pattern (work / version / subdivision)::

    {base}eli/cn/行政处罚法                          the statute (work)
    {base}eli/cn/行政处罚法/2021-01-22               one dated version
    {base}eli/cn/行政处罚法/2021-01-22/chp_5/sec_1   chapter 5, section 1
    {base}eli/cn/行政处罚法/2021-01-22/art_32/par_1/pt_2   article, paragraph, item

Everything else lives under ``{base}id/``. The base comes from the
environment variable ``QUANZE_BASE`` so that a deployment can mint IRIs under
its own domain; it must be set before loading.
"""

from __future__ import annotations

import os
import re

DEFAULT_BASE = "https://w3id.org/quanze/"
BASE = os.environ.get("QUANZE_BASE", DEFAULT_BASE)
if not BASE.endswith("/"):
    BASE += "/"

#: Named graphs: one per source file.
GRAPH_BASE = BASE + "graph/"

# Characters that may not appear in an IRI path segment (RFC 3987 plus "/",
# "?", "#" and "%" which would change its structure), and any whitespace.
_UNSAFE = re.compile(r'[\s/?#%<>"{}|\\^`\[\]\x00-\x1f\x7f]')
_WHITESPACE = re.compile(r"[\s\u3000\u200b\ufeff]+")


def segment(text: str) -> str:
    """One readable path segment from free text: whitespace dropped, unsafe characters escaped.

    Chinese stays Chinese (IRIs allow it); only characters that would break
    the IRI or its path structure are percent-encoded.
    """
    text = _WHITESPACE.sub("", text)
    if not text:
        raise ValueError("cannot mint an IRI segment from empty text")
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)


_ESCAPED = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _escape(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


def from_url_path(path: str) -> str:
    """The IRI path a URL path names: the inverse of the escaping of :func:`segment`.

    Browsers percent-encode Chinese (and sometimes leave ``[`` or ``|`` as
    they are); IRIs keep Chinese as it is and escape only what
    :func:`segment` escapes. So escapes are decoded except those of unsafe
    characters, and unsafe characters written plainly are escaped, the ``/``
    between segments excepted: ``%E5%85%8B%2F`` → ``克%2F``.
    """
    out: list[str] = []
    pos = 0
    for m in _ESCAPED.finditer(path):
        out.append(_UNSAFE.sub(lambda c: c.group() if c.group() == "/" else _escape(c.group()), path[pos : m.start()]))
        try:
            decoded = bytes.fromhex(m.group().replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            out.append(m.group().upper())
        else:
            out.append(_UNSAFE.sub(lambda c: _escape(c.group()), decoded))
        pos = m.end()
    out.append(_UNSAFE.sub(lambda c: c.group() if c.group() == "/" else _escape(c.group()), path[pos:]))
    return "".join(out)


def local_part(iri: str, base: str) -> str | None:
    """The readable path of an IRI under ``base`` (``id/org/X`` under ``…/quanze/``), or None when outside it.

    The API's ids and the pages' paths are both this path: readable IRIs need
    no table to translate them.
    """
    return iri[len(base) :] if iri.startswith(base) and len(iri) > len(base) else None


def statute(short_title: str) -> str:
    return f"{BASE}eli/cn/{segment(short_title)}"


def statute_version(short_title: str, version_date: str) -> str:
    return f"{statute(short_title)}/{version_date}"


def division(parent: str, kind: str, number: int) -> str:
    """A 编, 章 or 节 (``kind`` is ``part``, ``chp`` or ``sec``)."""
    return f"{parent}/{kind}_{number}"


def article(version: str, number: int, suffix: int = 0) -> str:
    """An article; ``suffix`` numbers inserted articles (第十条之一 → art_10_1)."""
    return f"{version}/art_{number}" + (f"_{suffix}" if suffix else "")


def paragraph(article_iri: str, number: int) -> str:
    return f"{article_iri}/par_{number}"


def item(paragraph_iri: str, number: int) -> str:
    return f"{paragraph_iri}/pt_{number}"


def point(item_iri: str, number: int) -> str:
    """A 目 (1. 2. under an item)."""
    return f"{item_iri}/subpt_{number}"


def department(name: str) -> str:
    return f"{BASE}id/org/{segment(name)}"


def unit(department_iri: str, name: str) -> str:
    return f"{department_iri}/unit/{segment(name)}"


def post(holder_iri: str, role: str) -> str:
    """A post inside a unit or department; ``role`` is a short role key such as ``handler``."""
    return f"{holder_iri}/post/{segment(role)}"


def domain(ident: str) -> str:
    """A functional domain of government (lexicon/domains.tsv): data, so under ``id/``."""
    return f"{BASE}id/domain/{segment(ident)}"


def domain_scheme() -> str:
    return f"{BASE}id/domain/"


def area(name: str) -> str:
    return f"{BASE}id/area/{segment(name)}"


def power_list(list_id: str) -> str:
    return f"{BASE}id/list/{segment(list_id)}"


def power(list_iri: str, key: str) -> str:
    return f"{list_iri}/power/{segment(key)}"


def notice(doc_id: str) -> str:
    return f"{BASE}id/doc/{segment(doc_id)}"


def graph(kind: str, *keys: str) -> str:
    """The named graph of one source file (``kind`` is ``statute``, ``list`` …)."""
    return f"{GRAPH_BASE}{kind}/" + "/".join(segment(k) for k in keys)
