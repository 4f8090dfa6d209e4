"""`submissions.csv` and `submissions.xlsx`: one row per visible submission, no personal data.

Both files share `COLUMNS` and `submission_row`. Text is what a resident typed, so it is treated
as hostile: in the CSV every text cell a spreadsheet could evaluate gets a leading `'` (OWASP
"CSV injection"); in the XLSX every text cell is a string cell, never a formula. Numbers
(endorsements, offsets, longitudes, latitudes) stay numbers in both files: a spreadsheet reads
`-36.87` as a number, not a formula, and analysts need to sort and sum them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, BinaryIO

from chalicelib.domain.submission import Submission

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

# Never an email, edit hash, flag count or anything else that points at a person.
COLUMNS: tuple[str, ...] = (
    "id",
    "created_at",
    "updated_at",
    "option_id",
    "kind",
    "element_id",
    "stance",
    "endorsements",
    "offset_m",  # street sections: metres from the left edge
    "lon",  # maps: WGS 84 longitude
    "lat",  # maps: WGS 84 latitude
    "text",
    "changes",  # alternatives: what the plan changes, "; "-separated
)
_DATE_COLUMNS = (1, 2)
_NUMBER_COLUMNS = (7, 8, 9, 10)
_COLUMN_WIDTHS = (28, 20, 20, 18, 12, 18, 10, 12, 10, 12, 12, 80, 60)

Cell = str | int | float | None

# A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel refuses longer cells; texts are at most 5,000 characters, but a change list may not be.
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_ROWS = 1_048_576
_TRUNCATED = "…"
_EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_MILLISECONDS_A_DAY = 86_400_000

# Characters XML 1.0 cannot carry (and lone surrogates, which UTF-8 cannot): never in clean
# text, but one bad stored record must not fail the whole nightly run.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralised(text: str) -> str:
    """The text with a leading `'` if a spreadsheet could evaluate it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _iso(moment: datetime | None) -> str | None:
    """Milliseconds and a Z, as the API shows times."""
    if moment is None:
        return None
    if moment.tzinfo is not UTC:
        moment = _utc(moment)
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"  # less "+00:00"


def _utc(moment: datetime) -> datetime:
    # A naive time is UTC by convention here: reading it as local time would make the file
    # depend on the machine's time zone.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _excel_time(moment: datetime) -> float:
    """Excel's serial date-time (days since 1899-12-30) in UTC, to the millisecond like the CSV.
    Excel has no time zones."""
    since = _utc(moment) - _EXCEL_EPOCH
    return (since // _MILLISECOND) / _MILLISECONDS_A_DAY


def _cells(submission: Submission) -> list:
    """The row with times as datetimes (each writer formats them its own way)."""
    point = submission.point
    offset = lon = lat = None
    if isinstance(point, tuple | list):
        lon, lat = round(point[0], 6), round(point[1], 6)
    elif point is not None:
        offset = point
    diff = submission.diff
    return [
        submission.id,
        submission.created_at,
        submission.updated_at,
        submission.option_id,
        submission.kind,
        submission.element_id,
        submission.stance,
        submission.endorsements,
        offset,
        lon,
        lat,
        submission.text,
        None if diff is None else "; ".join(diff.summary),
    ]


def submission_row(submission: Submission) -> list[Cell]:
    """One row under `COLUMNS`, raw (not neutralised): times as ISO 8601 UTC, absent values
    None."""
    row = _cells(submission)
    row[1] = _iso(row[1])
    row[2] = _iso(row[2])
    return row


class CsvReport:
    """Streams `submissions.csv`: UTF-8 with a BOM (so Excel reads the accents), RFC 4180 (CRLF,
    fields with a comma, quote or line break quoted, quotes doubled), formula triggers
    neutralised. `close()` flushes but leaves the stream open: the caller owns it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        stream.write(b"\xef\xbb\xbf" + _csv_line(list(COLUMNS)))
        self.rows = 0

    def add(self, submission: Submission) -> None:
        self._stream.write(_csv_line(submission_row(submission)))
        self.rows += 1

    def close(self) -> None:
        self._stream.flush()


def _csv_line(row: list[Cell]) -> bytes:
    # By hand, not with the csv module: its writer costs ~40 ns a character, ten times this,
    # and a million rows of letters add up.
    fields = []
    for cell in row:
        if cell is None:
            fields.append("")
        elif cell.__class__ is str:
            fields.append(_csv_text(cell))  # type: ignore[arg-type]
        else:
            fields.append(repr(cell))  # int or float, as the csv module writes them
    # "replace": a lone surrogate in stored text becomes "?" instead of failing the run.
    return (",".join(fields) + "\r\n").encode("utf-8", "replace")


def _csv_text(text: str) -> str:
    text = neutralised(text)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


class XlsxReport:
    """Streams `submissions.xlsx` to `path` with xlsxwriter in constant-memory mode.

    Every text cell is written with `write_string` (never a formula), and those that start with
    a formula trigger also get Excel's quote prefix, so editing the cell keeps it text. Times are
    Excel date-times in UTC. Past Excel's 1,048,576 rows the rows go on to a new sheet
    ("submissions 2", ...). The same rows, title and `created` give byte-identical files:
    xlsxwriter stamps every zip entry 1980-01-31 and the core properties with `created`.
    """

    def __init__(
        self,
        path: str,
        *,
        title: str,
        created: datetime,
        rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
        tmpdir: str | None = None,
    ) -> None:
        import xlsxwriter  # here, not at module level: the API's cold start never loads it

        self._workbook: Workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "use_zip64": True,  # only used by zipfile when an entry passes 4 GiB
                # Rows are spooled to temporary files there, about twice the sheet's XML at
                # close: size Lambda's ephemeral storage for it.
                "tmpdir": tmpdir,
            },
        )
        # xlsxwriter writes `created` as UTC ("...Z") without converting it.
        stamp = _utc(created).replace(tzinfo=None)
        self._workbook.set_properties({"title": title, "author": "sayso", "created": stamp})
        self._header = self._workbook.add_format({"bold": True})
        self._date = self._workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._quoted = self._workbook.add_format({"quote_prefix": True})
        self._rows_per_sheet = rows_per_sheet
        self._sheet: Worksheet | None = None
        self._sheet_rows = 0
        self.rows = 0

    def add(self, submission: Submission) -> None:
        if self._sheet is None or self._sheet_rows == self._rows_per_sheet:
            self._next_sheet()
        sheet = self._sheet
        assert sheet is not None
        self._sheet_rows += 1
        row = self._sheet_rows
        for column, value in enumerate(_cells(submission)):
            if value is None:
                continue
            if column in _DATE_COLUMNS:
                sheet.write_number(row, column, _excel_time(value), self._date)
            elif column in _NUMBER_COLUMNS:
                sheet.write_number(row, column, value)
            else:
                self._write_text(sheet, row, column, value)
        self.rows += 1

    def _write_text(self, sheet: Worksheet, row: int, column: int, text: str) -> None:
        if _NOT_XML.search(text):
            text = _NOT_XML.sub("\ufffd", text)
        if len(text) > EXCEL_MAX_CELL_CHARS // 2:  # only then can it pass the limit
            text = excel_cell_text(text)
        cell_format: Format | None = self._quoted if text.startswith(FORMULA_TRIGGERS) else None
        sheet.write_string(row, column, text, cell_format)

    def _next_sheet(self) -> None:
        self._finish_sheet()
        number = len(self._workbook.worksheets()) + 1
        sheet = self._workbook.add_worksheet(
            "submissions" if number == 1 else f"submissions {number}"
        )
        for column, width in enumerate(_COLUMN_WIDTHS):
            sheet.set_column(column, column, width)
        for column, name in enumerate(COLUMNS):
            sheet.write_string(0, column, name, self._header)
        sheet.freeze_panes(1, 0)
        self._sheet, self._sheet_rows = sheet, 0

    def _finish_sheet(self) -> None:
        if self._sheet is not None:
            self._sheet.autofilter(0, 0, self._sheet_rows, len(COLUMNS) - 1)

    def close(self) -> None:
        if self._sheet is None:
            self._next_sheet()  # an empty report still has its header row
        self._finish_sheet()
        self._workbook.close()


def excel_cell_text(text: str) -> str:
    """The text cut to fit an Excel cell (32,767 UTF-16 code units), ending in "…" if cut."""
    units = len(text.encode("utf-16-le")) // 2
    if units <= EXCEL_MAX_CELL_CHARS:
        return text
    budget = EXCEL_MAX_CELL_CHARS - len(_TRUNCATED)
    kept: list[str] = []
    for char in text:
        cost = 2 if ord(char) > 0xFFFF else 1
        if cost > budget:
            break
        kept.append(char)
        budget -= cost
    return "".join(kept) + _TRUNCATED
