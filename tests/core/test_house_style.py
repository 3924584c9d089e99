from datetime import date

from core.house_style import format_date, format_euro, format_number, format_percent


def test_dutch_number_and_date_formatting():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234567) == "1.234.567"
    assert format_euro(1234.56, 2) == "€ 1.234,56"
    assert format_percent(0.4234) == "42%"
    assert format_date(date(2024, 3, 3)) == "3 mrt 2024"
    assert format_date(date(2024, 3, 3), long=True) == "3 maart 2024"


def test_a_small_share_that_is_there_never_reads_as_zero():
    from core.house_style import format_share

    four_of_many = 4 / 120_000
    assert format_share(four_of_many) == "< 0,1%"
    assert format_percent(four_of_many) == "< 1%"
    assert format_percent(four_of_many, 1) == "< 0,1%"
    assert format_share(0.0) == "0%" and format_percent(0.0, 1) == "0,0%"  # truly none
    assert format_share(0.0012) == "0,1%" and format_share(0.05) == "5,0%"
    assert format_share(0.4234) == "42%"
