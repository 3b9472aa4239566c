"""Who is responsible, asked in plain words: departments for questions phrased as people phrase them.

The questions here are not those of bench/questions.tsv (the benchmark's):
they are phrased otherwise, so that the tests check the search, not the set
it was tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.errors import SourceError
from quanze.loaders.lexicon.files import read_plain
from quanze.service.lookup.questions import MAX_QUESTION, QuestionIndex, _purposes
from quanze.service.lookup.responsible import who_is_responsible
from quanze.service.sparql.queries import QueryError

KARAMAY = "克拉玛依市"
BENCH = Path(__file__).resolve().parents[3] / "bench" / "questions.tsv"


@pytest.fixture(scope="module")
def sample_index(sample_store) -> QuestionIndex:
    return QuestionIndex.build(sample_store)


@pytest.fixture(scope="module")
def shared_index(shared_store) -> QuestionIndex:
    return QuestionIndex.build(shared_store)


def first(index: QuestionIndex, question: str) -> str:
    answer = index.ask(question)
    assert answer.departments, (question, answer.reason)
    return answer.departments[0].department.name


def benchmark_questions() -> set[str]:
    return {line.split("\t")[0] for line in BENCH.read_text(encoding="utf-8").splitlines() if line[:1] != "#"}


SAMPLE_QUESTIONS = [
    ("有人在马路边乱摆地摊", "青禾市城市管理局"),
    ("锅炉改了位置要不要重新登记", "青禾市市场监督管理局"),
    ("外墙瓷砖脏得发黑", "青禾市城市管理局"),
    ("鍋爐沒登記就用上了", "青禾市市场监督管理局"),  # traditional characters
    ("广告牌不牢固随时会掉下来", "青禾市城市管理局"),
]


@pytest.mark.parametrize(("question", "department"), SAMPLE_QUESTIONS)
def test_plain_questions_on_the_sample(sample_index, question: str, department: str) -> None:
    assert question not in benchmark_questions()
    assert first(sample_index, question) == department


def test_each_department_comes_with_unit_post_powers_and_why(sample_index) -> None:
    [top, *_] = sample_index.ask("有人在马路边乱摆地摊").departments
    assert top.department.id == "青禾市城市管理局" and top.score == 1.0
    assert top.units and top.posts
    power = top.powers[0]
    assert power.power.name == "对擅自占用公共场所堆放物料、摆摊设点的处罚"
    name = next(m for m in power.matched if m.field == "name")
    assert "摆摊设点" in name.words and name.text == power.power.name


@pytest.mark.parametrize(
    ("name", "area", "purposes"),
    [
        ("克拉玛依市委办公室（市档案局）", "克拉玛依市", ("档案",)),
        ("克拉玛依市住房和城乡建设局", "克拉玛依市", ("住房", "城乡建设")),
        ("克拉玛依市市场监督管理局", "克拉玛依市", ("市场监督管理",)),  # 市场 keeps its 市
        ("克拉玛依市委宣传部（新闻出版局）", "克拉玛依市", ("宣传", "新闻出版")),
        ("克拉玛依市发展和改革委员会（粮食和物资储备局）", "克拉玛依市", ("发展", "改革", "粮食", "物资储备")),
        ("青禾市城市管理局", "青禾市", ("城市管理",)),
    ],
)
def test_what_a_department_name_says_it_is_for(name: str, area: str, purposes: tuple[str, ...]) -> None:
    assert _purposes(name, area) == purposes


def test_a_department_named_for_what_is_asked_says_so(sample_index) -> None:
    top = sample_index.ask("城市管理部门管不管门口乱摆地摊").departments[0]
    assert top.department.name == "青禾市城市管理局" and top.named == ["城市管理"]
    assert all(d.named == [] for d in sample_index.ask("有人在马路边乱摆地摊").departments)


def test_a_match_through_an_article_shows_the_article(sample_index) -> None:
    """牢固 is in no name: only in 第四条 (户外广告设施应当牢固、安全…), which the licence rests on."""
    top = sample_index.ask("广告牌不牢固随时会掉下来").departments[0]
    through = [m for p in top.powers for m in p.matched if m.field == "article" and "牢固" in m.words]
    assert through, top.powers
    article = through[0].article
    assert article.label == "青禾市市容和环境卫生管理条例第四条"
    assert "牢固" in article.text and article.href.startswith("/api/articles/")


def test_statutory_words_are_searched_and_said(sample_index) -> None:
    answer = sample_index.ask("有人在马路边乱摆地摊")
    assert ("摆地摊", "摆摊设点") in [(p.plain, p.statutory) for p in answer.reading.expansions]
    reading = answer.reading_model()
    assert reading.statutory[0].where  # where the statutory phrase occurs


def test_close_call_when_two_departments_both_seem_responsible(sample_index) -> None:
    """Spilled loads: the transport bureau fines, city management impounds the truck."""
    answer = sample_index.ask("货车拉的沙子洒了一路")
    names = [d.department.name for d in answer.departments[:2]]
    assert set(names) == {"青禾市交通运输局", "青禾市城市管理局"}
    assert answer.close_call is not None
    assert set(answer.close_call.departments) >= set(names)
    assert "推诿扯皮" in answer.close_call.message


def test_no_close_call_for_a_clear_answer(sample_index) -> None:
    assert sample_index.ask("外墙瓷砖脏得发黑").close_call is None


def test_close_call_links_overlap_findings_of_those_departments(sample_index) -> None:
    finding = {
        "id": "cross-1",
        "kind": "cross",
        "summary": "两个部门同一依据",
        "departments": ["青禾市交通运输局", "青禾市城市管理局"],
        "members": [],
    }
    other = finding | {"id": "cross-2", "departments": ["青禾市市场监督管理局", "青禾市城市管理局"]}
    answer = sample_index.ask("货车拉的沙子洒了一路", overlaps=lambda: [finding, other])
    assert [o.id for o in answer.close_call.overlaps] == ["cross-1"]
    assert answer.close_call.overlaps[0].href.startswith("/api/overlaps?kinds=cross&department=")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("？！。，……", "no words"),
        ("😀😡🙏", "no words"),
        ("鱼", "one character"),
        ("找哪个部门？怎么办？", "words of asking"),
        ("who handles noise complaints", "in Chinese"),
        ("量子纠缠波函数坍缩", "no word of the question"),
    ],
)
def test_questions_that_cannot_match_say_why(sample_index, question: str, reason: str) -> None:
    answer = sample_index.ask(question)
    assert answer.departments == [] and reason in answer.reason


def test_a_long_question_is_cut_not_refused_by_the_index(sample_index) -> None:
    answer = sample_index.ask("摆摊" * 3000)
    assert answer.reading.cut and len(answer.reading.text) == MAX_QUESTION
    assert answer.departments[0].department.name == "青禾市城市管理局"


def test_mixed_traditional_and_simplified(sample_index) -> None:
    answer = sample_index.ask("外牆瓷砖髒得发黑")
    assert answer.reading.converted and answer.reading.text == "外墙瓷砖脏得发黑"
    assert answer.departments[0].department.name == "青禾市城市管理局"


def test_who_is_responsible_keeps_exact_matches_first(sample_store, sample_index) -> None:
    answer = who_is_responsible(sample_store, "户外广告设施设置许可", questions=sample_index)
    assert answer.matches[0].matched_by == "name"
    assert answer.departments[0].department.name == "青禾市城市管理局"
    assert answer.departments[0].powers[0].matched[0].field == "name"


def test_who_is_responsible_answers_a_plain_question(sample_store, sample_index) -> None:
    answer = who_is_responsible(sample_store, "外牆瓷砖髒得发黑", questions=sample_index)
    assert answer.total == 0 and answer.matches == []
    assert answer.departments[0].department.name == "青禾市城市管理局"
    assert answer.reading.converted


def test_traditional_names_find_exact_matches(sample_store, sample_index) -> None:
    answer = who_is_responsible(sample_store, "特種設備使用登記", questions=sample_index)
    assert [m.power.name for m in answer.matches][:1] == ["特种设备使用登记"]


def test_who_is_responsible_refuses_a_text_too_long(sample_store, sample_index) -> None:
    with pytest.raises(QueryError, match=str(MAX_QUESTION)):
        who_is_responsible(sample_store, "噪" * 10_000, questions=sample_index)


def test_plain_lexicon_refuses_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.tsv"
    path.write_text("拖欠工资\t拖欠劳动者工资报酬\t-\n噪音\t\t-\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2"):
        read_plain(path)
    path.write_text("噪音\t噪声\t-\n噪音\t噪声\t噪声污染防治法第二条\n", encoding="utf-8")
    with pytest.raises(SourceError, match="already listed on line 1"):
        read_plain(path)


# ---------------------------------------------------------------- the shared data

SHARED_QUESTIONS = [
    ("雇主三个月没给我结工钱", KARAMAY + "人力资源和社会保障局"),
    ("水库里有人用电打鱼", KARAMAY + "农业农村局"),
    ("邻居家装修把墙体承重的部分凿掉了", KARAMAY + "住房和城乡建设局"),
    ("街边卖的凉皮吃了拉肚子", KARAMAY + "市场监督管理局"),
    ("醫保卡被藥店盜刷了", KARAMAY + "医疗保障局"),  # traditional characters
    ("菜场的电子秤被动了手脚", KARAMAY + "市场监督管理局"),
    ("新买的种子播下去一棵苗都没出", KARAMAY + "农业农村局"),
    ("会计师事务所帮企业做假账", KARAMAY + "财政局"),
    ("单位的公车周末被拿去私用", KARAMAY + "机关事务管理局"),
    ("理发店倒闭了卡里还有两千块", KARAMAY + "商务局"),
]


@pytest.mark.parametrize(("question", "department"), SHARED_QUESTIONS)
def test_plain_questions_on_the_shared_lists(shared_index, question: str, department: str) -> None:
    assert question not in benchmark_questions()
    assert first(shared_index, question) == department


def test_a_department_named_for_the_question_comes_first(shared_index) -> None:
    """档案查询: the farm bureau's powers name 档案 more often (养殖档案), but the archives bureau is named for it."""
    [top, *rest] = shared_index.ask("档案查询").departments
    assert top.department.name == "克拉玛依市委办公室（市档案局）" and top.named == ["档案"]
    assert rest and all(d.named == [] for d in rest)


def test_wage_arrears_through_the_words_of_the_list(shared_index) -> None:
    top = shared_index.ask("老板拖欠工资大半年了").departments[0]
    assert top.department.name == KARAMAY + "人力资源和社会保障局"
    assert top.units and top.posts
    assert any("拖欠" in m.words for p in top.powers for m in p.matched)


def test_every_located_pair_occurs_where_it_says(shared_store, sample_store) -> None:
    """plain.tsv's third column is checked, not trusted: the statutory phrase is in that item or article."""
    from quanze.loaders.lexicon.files import lexicon

    indexes = [QuestionIndex.build(shared_store), QuestionIndex.build(sample_store)]
    items = {(i.departments[p.department].name, p.name) for i in indexes for p in i.powers if p.department}
    articles: dict[str, str] = {}
    for store in (shared_store, sample_store):
        for r in store.select(
            "PREFIX qz: <https://w3id.org/quanze/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?label ?text WHERE { ?a rdfs:label ?label ; qz:text ?text }"
        ):
            articles.setdefault(r["label"].value, r["text"].value)
    pairs = lexicon().plain
    assert len(pairs) >= 200
    for pair in pairs:
        if pair.where is None:
            continue
        if "：" in pair.where:
            department, item = pair.where.split("：", 1)
            assert (department, item) in items and pair.statutory in item, pair
        else:
            assert pair.statutory in articles.get(pair.where, ""), pair
