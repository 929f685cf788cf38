"""Units of time: the model steps in weeks; rates are quoted per year, hours and meetings per month.

A year is 52 weeks (the model's calendar has no leap weeks), a month a twelfth of it.
"""

WEEKS_PER_YEAR = 52.0
MONTHS_PER_YEAR = 12.0
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR
