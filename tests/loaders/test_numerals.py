import pytest
from quanze.loaders.numerals import chinese_to_int, int_to_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一百一十一", 111),
        ("二百零五", 205),
        ("一千", 1000),
        ("一千零一", 1001),
        ("一千零一十", 1010),
        ("一千一百", 1100),
        ("两百", 200),
        ("一万", 10000),
        ("一万零五", 10005),
        ("三万二千", 32000),
        ("零", 0),
        ("二〇〇五", 2005),
        ("123", 123),
        ("１２３", 123),
    ],
)
def test_parse(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (10005, "一万零五"),
        (32000, "三万二千"),
        (0, "零"),
    ],
)
def test_write(value, text):
    assert int_to_chinese(value) == text


def test_round_trip_covers_every_article_number():
    for n in range(0, 3000):
        assert chinese_to_int(int_to_chinese(n)) == n


@pytest.mark.parametrize("bad", ["", "条", "一A", "百x"])
def test_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        chinese_to_int(bad)


def test_rejects_out_of_range():
    with pytest.raises(ValueError):
        int_to_chinese(-1)
