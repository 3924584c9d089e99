from datetime import date

from core.house_style import format_date, format_euro, format_number, format_percent


def test_dutch_number_and_date_formatting():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234567) == "1.234.567"
    assert format_euro(1234.56, 2) == "€ 1.234,56"
    assert format_percent(0.4234) == "42%"
    assert format_date(date(2024, 3, 3)) == "3 mrt 2024"
    assert format_date(date(2024, 3, 3), long=True) == "3 maart 2024"
