"""Reading an input file's cells: a CSV whatever its separator, or an .xlsx workbook's first sheet.

Shared by the roster (:mod:`sim.inputs.roster`) and the leavers file (:mod:`sim.inputs.leavers`);
their errors are :class:`RosterError`, whose message names the file, row and column.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

#: Separators a CSV file may use (detected from its first 64 KB).
SEPARATORS = ",;\t"


class RosterError(ValueError):
    """A problem in a roster or leavers file; the message names the file, row and column."""


def read_table(path: Path) -> list[list[str]]:
    """``path``'s cells, header row first: a workbook's first sheet (:data:`EXCEL_SUFFIXES`) or a CSV file."""
    return xlsx_table(path) if path.suffix.lower() in EXCEL_SUFFIXES else csv_table(path)


def csv_table(path: Path) -> list[list[str]]:
    """A CSV file's cells (header row first), whatever its separator."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=SEPARATORS)
            except csv.Error:
                dialect = csv.excel  # one column, or nothing to tell by: comma-separated
            return list(csv.reader(fh, dialect=dialect))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"{path.name}: not a readable CSV file ({exc})") from None


#: Spreadsheet files read with openpyxl (the xlsx extra), first sheet only.
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def xlsx_table(path: Path) -> list[list[str]]:
    """A spreadsheet's first sheet as text cells, as a CSV export would write them (dates as YYYY-MM-DD)."""
    try:
        import openpyxl  # an optional extra (xlsx): only for .xlsx rosters
    except ModuleNotFoundError:
        raise RosterError(
            f"{path.name}: reading .xlsx needs openpyxl; pip install 'mentoring-sim[xlsx]', or save the sheet as CSV"
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for files that are not workbooks
        raise RosterError(f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        return [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell as a CSV export writes it: dates as YYYY-MM-DD, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
