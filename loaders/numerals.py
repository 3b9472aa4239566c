"""Chinese numerals, both ways.

Statutes number their articles in Chinese (第一百零一条) and lists cite them
in Chinese or Arabic (第101条, full-width 第１０１条). The citation parser and
the statute loader both need the integer, and pages need the written form, so
both directions live here. Only the forms legal texts use are supported:
integers from 0 to 99,999,999, with 零, 〇, 两 and the bare 十 (十一 = 11).
"""

from __future__ import annotations

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_WAN = "万"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

#: Every character that may appear in a Chinese numeral, for regular expressions.
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + _WAN


def _below_wan(text: str) -> int:
    """Value of a numeral without 万 (0-9999)."""
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            # A bare 十 at the start means 一十 (十一 = 11).
            total += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral character: {ch!r} in {text!r}")
    return total + (digit or 0)


def chinese_to_int(text: str) -> int:
    """Parse a Chinese numeral (一百零一 → 101), or Arabic digits, half or full width.

    Raises ValueError on anything else, so callers can report the cell or line.
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    arabic = text.translate(_FULLWIDTH)
    if arabic.isascii() and arabic.isdigit():
        return int(arabic)
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        # Digit-by-digit form, as in years: 二〇〇五 → 2005.
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if _WAN in text:
        high, _, low = text.partition(_WAN)
        return _below_wan(high or "一") * 10_000 + (_below_wan(low) if low else 0)
    return _below_wan(text)


_NAMES = "零一二三四五六七八九"


def _small_to_chinese(n: int, leading: bool) -> str:
    """Write 1-9999; ``leading`` allows the bare 十 form (十一 rather than 一十一)."""
    parts: list[str] = []
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    pending_zero = False
    started = False
    for value, unit in units:
        d = n // value % 10
        if d == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if unit == "十" and d == 1 and leading and not started:
            parts.append("十")
        else:
            parts.append(_NAMES[d] + unit)
        started = True
    return "".join(parts)


def int_to_chinese(n: int) -> str:
    """Write an integer as statutes do: 101 → 一百零一, 110 → 一百一十, 11 → 十一."""
    if n < 0 or n >= 100_000_000:
        raise ValueError(f"out of range for a legal numeral: {n}")
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    if not high:
        return _small_to_chinese(low, leading=True)
    text = _small_to_chinese(high, leading=True) + _WAN
    if low:
        if low < 1000:
            text += "零"
        text += _small_to_chinese(low, leading=False)
    return text
