"""One decoder for every file: BOMs, UTF-16 from Excel, GBK labelled gb2312, Big5 pages, clear errors."""

from __future__ import annotations

import pytest
from quanze.loaders.encoding import decode, detect, peek
from quanze.loaders.errors import SourceError

TEXT = "序号\t事项名称\t实施依据\r\n1\t特种设备使用登记\t《中华人民共和国特种设备安全法》第三十三条（“登记”）\r\n"


@pytest.mark.parametrize(
    ("encoded", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Excel's "Unicode text": a BOM, little-endian
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by the NUL bytes of ASCII characters
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb18030"],
)
def test_every_encoding_publishers_use_gives_the_text_exactly(encoded: bytes, codec: str):
    assert detect(encoded)[0] == codec
    assert decode(encoded, "清单.txt") == TEXT


def test_a_page_labelled_gb2312_holding_gbk_characters():
    page = '<meta charset="gb2312"><p>镕（GBK only）</p>'
    with pytest.raises(UnicodeEncodeError):
        page.encode("gb2312")
    assert decode(page.encode("gbk"), "p.html", declared=True) == page


def test_a_big5_page_is_read_by_its_label_and_only_then():
    page = '<meta charset="big5"><p>行政許可事項清單：臺灣</p>'
    data = page.encode("big5")
    assert decode(data, "p.html", declared=True) == page
    assert decode(data, "p.html") != page  # unlabelled, Big5 bytes are not told from GBK


def test_a_latin1_label_on_chinese_text_is_not_trusted():
    page = '<meta charset="iso-8859-1"><p>权责清单</p>'
    assert decode(page.encode("gbk"), "p.html", declared=True) == page


def test_undecodable_bytes_name_the_file_and_the_offset():
    with pytest.raises(SourceError) as err:
        decode("权责".encode() + b"\x80\x80\xff", "清单.csv")
    message = str(err.value)
    assert "清单.csv" in message and "offset 6" in message and "UTF-8" in message


def test_peek_reads_a_head_cut_inside_a_character():
    data = ("权" * 10).encode("utf-8")
    assert peek(data, size=5) == "权"  # the second character's first two bytes dropped, no error
    assert detect(data[:5])[0] == "utf-8"
