"""Word documents: notices and lists as offices send them (.docx), and a clear refusal of .doc."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from quanze.loaders.errors import SourceError
from quanze.loaders.powerlists.powerlist import load_powerlist
from quanze.loaders.sniff import sniff_kind
from quanze.loaders.wordfile import docx_text, is_docx, readable

from tests.conftest import SAMPLE
from tests.loaders import variants as V

DOCUMENTS = Path(__file__).parent / "notices" / "documents"
LISTS = sorted((SAMPLE / "lists").iterdir())


@pytest.mark.parametrize("path", LISTS, ids=[p.name for p in LISTS])
def test_a_list_as_a_word_table_gives_the_same_powers(path: Path) -> None:
    """Merged cells keep their text in their first cell, as a CSV export does; the list reader reads the rest."""
    data = path.read_bytes()
    blob = V.to_docx(V.read(data, path.name))
    assert is_docx(blob) and sniff_kind(blob, "清单.docx") == "list"
    variant = load_powerlist(path.name, blob)
    original = load_powerlist(path.name, data)
    assert V.projection(variant.nquads()) == V.projection(original.nquads())


def test_a_notice_as_paragraphs_reads_as_its_text() -> None:
    import docx

    text = (DOCUMENTS / "issuing_notice.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    assert is_docx(buf.getvalue()) and docx_text(buf.getvalue(), "通知.docx") == text.rstrip("\n") + "\n"
    assert readable(buf.getvalue(), "通知.docx") == (text.rstrip("\n") + "\n").encode("utf-8")
    assert sniff_kind(buf.getvalue(), "通知.docx") == sniff_kind(text.encode(), "通知.txt") == "statute"


def test_a_word97_document_is_refused_with_what_to_do() -> None:
    # An OLE2 container whose directory names a WordDocument stream, as every .doc does.
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + "WordDocument".encode("utf-16-le") + bytes(64)
    with pytest.raises(SourceError) as err:
        sniff_kind(blob, "通知.doc")
    assert "通知.doc" in str(err.value) and ".docx" in str(err.value)


def test_a_broken_docx_names_the_file() -> None:
    blob = V.to_docx([], before="通知")
    broken = blob[:-200]  # the zip's central directory cut off
    with pytest.raises(SourceError) as err:
        docx_text(broken, "清单.docx")
    assert "清单.docx" in str(err.value) and "damaged" in str(err.value)


def test_a_folder_with_word_documents(tmp_path: Path) -> None:
    """quanze load reads a .docx list and a .docx notice from a folder and skips a .doc, saying why."""
    import docx
    from quanze.service.store.embedded import EmbeddedStore
    from quanze.service.store.loading import load

    folder = tmp_path / "in"
    folder.mkdir()
    path = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
    (folder / "青禾市城市管理局权责清单.docx").write_bytes(V.to_docx(V.read(path.read_bytes(), path.name)))
    notice = docx.Document()
    for line in (DOCUMENTS / "issuing_notice.txt").read_text(encoding="utf-8").splitlines():
        notice.add_paragraph(line)
    notice.save(str(folder / "通知.docx"))
    (folder / "旧通知.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    report = load(EmbeddedStore(), [folder])
    plain = load(EmbeddedStore(), [path, DOCUMENTS / "issuing_notice.txt"])
    assert sorted((d.kind, d.label, d.statements) for d in report.documents) == sorted(
        (d.kind, d.label, d.statements) for d in plain.documents
    )
    assert report.skipped == [(str(folder / "旧通知.doc"), "a Word 97–2003 document: save it as .docx to load it")]
    [listed] = report.by_kind("list")
    assert listed.counts == load_powerlist(path.name, path.read_bytes()).counts


def test_a_word_table_is_named_by_the_paragraph_before_it() -> None:
    """The heading above a table titles the list and, naming one type, gives it to a table without a type column."""
    header = ["序号", "事项名称", "实施依据", "行使主体", "承办机构"]
    row = ["1", "对擅自设置户外广告设施的处罚", "《青禾市市容和环境卫生管理条例》第九条", "青禾市城市管理局", "市容科"]
    sheet = V.Sheet("青禾市城市管理局行政处罚事项清单", [header, row])
    doc = load_powerlist("附件2.docx", V.to_docx([sheet], before="为推进依法行政，现将我局权责清单公布如下。" * 3))
    assert doc.label == "青禾市城市管理局行政处罚事项清单"
    assert b"power-type/penalty" in doc.nquads()
