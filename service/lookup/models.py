"""What the service answers, as pydantic models: the API's JSON and the schemas OpenAPI shows.

The lookups (:mod:`powers`, :mod:`responsible`, :mod:`departments`,
:mod:`articles`) build these directly, so the command line and the API give
the same data. Every resource carries its IRI (its identity in the graph),
its ``id`` (the IRI's path, used in API URLs) and its ``href`` when the API
has a page for it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Ref(Model):
    """A resource named by the graph: a department, unit, post, list or power."""

    iri: str
    name: str
    id: str | None = None
    href: str | None = None


class Basis(Model):
    """An article, paragraph or item a power rests on, with its text."""

    iri: str
    label: str = Field(examples=["特种设备安全法第三十三条"])
    text: str | None = None
    statute: str | None = Field(None, examples=["中华人民共和国特种设备安全法"])
    version_date: str | None = Field(None, examples=["2013-06-29"])
    id: str | None = None
    href: str | None = None


class Citation(Model):
    """The legal basis as the list wrote it, and whether quanze resolved it to an article."""

    order: int | None = None
    text: str
    cited_title: str | None = None
    status: str = Field(examples=["已解析", "法律规范未收录"])
    reason: str | None = None


class Duty(Model):
    order: int
    stage: str | None = Field(None, examples=["受理"])
    text: str


class Accountability(Model):
    order: int
    text: str
    kinds: list[str] = Field(default_factory=list, examples=[["不作为"]])


class LiableParty(Model):
    order: int
    text: str
    role: str | None = None
    posts: list[str] = Field(default_factory=list)


class TimeLimit(Model):
    kind: str = Field(examples=["statutory", "committed", "step"])
    amount: float | None = Field(None, examples=[20])
    unit: str | None = Field(None, examples=["working-day", "day", "month"])
    text: str | None = Field(None, examples=["20个工作日"])


class Step(Model):
    order: int
    name: str
    post: str | None = None
    time_limit: TimeLimit | None = None


class Source(Model):
    """Where the power was read: the list file, the sheet and its rows."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    last_row: int | None = None


class PowerSummary(Model):
    iri: str
    id: str | None = None
    href: str | None = None
    kind: str = Field(examples=["power", "sub-item"])
    name: str
    code: str | None = None
    type: str | None = Field(None, examples=["行政许可"])


class Power(PowerSummary):
    """A power (or sub-item) in full: who holds it, on which basis, with which duties and limits."""

    power_list: Ref | None = None
    parent: Ref | None = None
    sub_items: list[Ref] = Field(default_factory=list)
    department: Ref | None = None
    units: list[Ref] = Field(default_factory=list)
    lead_unit: Ref | None = None
    responsible_posts: list[PostRef] = Field(default_factory=list)
    level: str | None = Field(None, examples=["地州市级"])
    scope: str | None = None
    basis: list[Basis] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    accountability: list[Accountability] = Field(default_factory=list)
    liable_parties: list[LiableParty] = Field(default_factory=list)
    time_limits: list[TimeLimit] = Field(default_factory=list)
    procedure: list[Step] = Field(default_factory=list)
    remedy_channels: list[str] = Field(default_factory=list)
    source: Source | None = None


class ResponsibleMatch(Model):
    score: int = Field(examples=[90])
    matched_by: str = Field(examples=["code", "article", "name", "name-prefix", "name-contains"])
    matched_article: str | None = Field(None, description="for article matches: the subdivision the power rests on")
    power: Power


class StatutoryWords(Model):
    """A plain phrase found in the question and the statutory phrase it was searched for too (plain.tsv)."""

    plain: str = Field(examples=["拖欠工资"])
    statutory: str = Field(examples=["拖欠劳动者工资报酬"])
    where: str | None = Field(None, description="where the statutory phrase occurs: an article or a list item")


class QuestionReading(Model):
    """How a plain question was read."""

    text: str = Field(description="the question in simplified characters, as searched")
    converted: bool = Field(description="true when traditional characters were converted (OpenCC t2s)")
    cut: bool = Field(False, description="true when the question was longer than the search reads and was cut")
    words: list[str] = Field(description="the words searched for, words of asking left out")
    statutory: list[StatutoryWords] = Field(default_factory=list)
    reason: str | None = Field(None, description="why no department was found, when none was")


class ArticleHit(Model):
    """An article matched by the question's words."""

    iri: str
    label: str = Field(examples=["食品安全法第一百二十二条"])
    text: str
    id: str | None = None
    href: str | None = None
    words: list[str] = Field(default_factory=list, description="the question's words found in its text")
    domains: list[str] = Field(
        default_factory=list, description="for an article conferring powers: the department's domains it names"
    )


class FieldMatch(Model):
    """Where a power matched: the field, the words found in it and its text."""

    field: str = Field(examples=["name", "parent", "function", "duty", "accountability", "article"])
    label: str = Field(examples=["事项名称", "部门职责", "责任事项", "追责情形", "依据条文"])
    words: list[str]
    text: str
    article: ArticleHit | None = Field(None, description="for a match through an article: the article")


class PowerHit(Model):
    power: PowerSummary
    score: float
    matched: list[FieldMatch] = Field(default_factory=list)


class DepartmentHit(Model):
    """A department answering a plain question: who handles it, through which powers, and why."""

    department: Ref
    score: float = Field(description="relative to the first department (1.0)")
    units: list[Ref] = Field(default_factory=list, description="the units of its matched powers, lead units first")
    posts: list[Ref] = Field(default_factory=list, description="their responsible posts")
    powers: list[PowerHit] = Field(default_factory=list)
    articles: list[ArticleHit] = Field(
        default_factory=list, description="the best article conferring powers on the department's domain"
    )
    words: list[str] = Field(default_factory=list, description="the question's words matched")
    named: list[str] = Field(
        default_factory=list,
        description="what the department's own name says it is for and the question names (档案 of 市档案局)",
    )
    note: str | None = None


class OverlapRef(Model):
    id: str
    kind: str
    summary: str
    href: str


class CloseCall(Model):
    """Two or more departments score closely: responsibility may be shared or disputed (推诿扯皮)."""

    departments: list[str]
    message: str
    overlaps: list[OverlapRef] = Field(
        default_factory=list, description="overlap findings (交叉重复) involving these departments"
    )


class ResponsibleAnswer(Model):
    query: str = Field(examples=["特种设备使用登记"])
    article: str | None = Field(
        None,
        description="the article label the query was read as, if it names one",
        examples=["行政处罚法第三十二条"],
    )
    total: int = Field(description="how many powers match in all")
    offset: int
    limit: int
    matches: list[ResponsibleMatch]
    departments: list[DepartmentHit] = Field(
        default_factory=list,
        description="the departments answering, best first: those of the exact matches first, then those a "
        "plain-words search of names, functions, duties, accountability and articles finds",
    )
    close_call: CloseCall | None = None
    reading: QuestionReading | None = Field(None, description="how the text was read as a plain question")


class DepartmentSummary(Model):
    iri: str
    id: str | None = None
    href: str | None = None
    name: str = Field(examples=["克拉玛依市市场监督管理局"])
    area: str | None = None
    powers: int = 0
    units: int = 0


class PostRef(Ref):
    holder: str | None = None
    role: str | None = None
    inferred: bool = Field(
        False, description="true when the list names no post and quanze inferred this one from the unit it names"
    )

    def shown(self) -> str:
        """The name as tables and downloads show it: an inferred post says so (推定)."""
        return f"{self.name}（推定）" if self.inferred else self.name


class Department(Model):
    iri: str
    id: str | None = None
    href: str | None = None
    name: str
    area: str | None = None
    parent: Ref | None = None
    units: list[Ref] = Field(default_factory=list)
    posts: list[PostRef] = Field(default_factory=list)
    lists: list[Ref] = Field(default_factory=list)
    powers_by_type: dict[str, int] = Field(default_factory=dict, examples=[{"行政处罚": 230, "行政许可": 41}])
    powers: list[PowerSummary] = Field(default_factory=list)


class PowerOnArticle(PowerSummary):
    rests_on: str = Field(description="the label of the subdivision cited (the article or a paragraph or item in it)")


class Article(Model):
    iri: str
    id: str | None = None
    href: str | None = None
    label: str = Field(examples=["药品管理法第一百三十九条"])
    text: str | None = None
    statute: str | None = None
    version_date: str | None = None
    level: str | None = None
    powers: list[PowerOnArticle] = Field(default_factory=list)


class ArticleAnswer(Model):
    id: str
    articles: list[Article] = Field(description="one per loaded version of the statute that has this subdivision")


class ParamInfo(Model):
    name: str
    type: str
    required: bool
    default: str | None = None
    doc: str


class QueryInfo(Model):
    name: str = Field(examples=["responsible"])
    title: str
    description: str
    params: list[ParamInfo]
    href: str
    sparql: str | None = Field(None, description="the query text, on /api/queries/{name}")


class QueryRows(Model):
    query: str
    columns: list[str]
    rows: list[dict[str, str | None]]


class ListReport(Model):
    id: str
    iri: str
    graph: str
    file: str
    label: str
    created: bool = Field(description="true when the list was new, false when it replaced a loaded one")
    statements: int
    counts: dict[str, int]
    unresolved: list[dict[str, str]]
    notes: list[str]


class ErrorBody(Model):
    error: str = Field(examples=["not-found"])
    message: str = Field(examples=["no power with id 'x'; find powers with /api/responsible?q=…"])
    details: dict | None = None
