"""`submissions.csv` and `submissions.xlsx`: one row per visible submission, no personal data.

Both files share `COLUMNS` and `submission_row`. Text is what a resident typed, so it is treated
as hostile: in the CSV every text cell is quoted, and one a spreadsheet could evaluate gets a
leading `'` (OWASP "CSV injection"), as does any formula trigger right after a character a
spreadsheet may split cells on (`,`, `;`, tab, a line break: `ok;=cmd…` read with `;` as the
separator would otherwise make a cell `=cmd…`); in the XLSX every text cell is a string cell,
never a formula. Numbers (endorsements, offsets, longitudes, latitudes) stay numbers in both
files: a spreadsheet reads `-36.87` as a number, not a formula, and analysts need to sort and
sum them.
"""

from __future__ import annotations

import math
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import IO, BinaryIO
from xml.sax.saxutils import escape as _escape_xml

from chalicelib.domain.submission import Submission

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


# A separator a spreadsheet may use (whatever the file says) followed by a formula trigger.
_TRIGGER_AFTER_SEPARATOR = re.compile(
    "([,;\t\n\r])(?=[" + re.escape("".join(FORMULA_TRIGGERS)) + "])"
)


def csv_neutralised(text: str) -> str:
    """`neutralised`, and a `'` after every separator a formula trigger follows."""
    return _TRIGGER_AFTER_SEPARATOR.sub(r"\1'", neutralised(text))


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
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # UTC by convention, as in `_utc`
    # An aware difference is the same whatever the offset: no conversion needed.
    return ((moment - _EXCEL_EPOCH) // _MILLISECOND) / _MILLISECONDS_A_DAY


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
    every text field quoted, quotes doubled; numbers bare), formula triggers neutralised.
    `close()` flushes but leaves the stream open: the caller owns it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        # the header: our own column names, bare (safe, and what analysts' scripts match)
        stream.write(b"\xef\xbb\xbf" + (",".join(COLUMNS) + "\r\n").encode())
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
    # Always quoted: a spreadsheet that splits on `;` or tab keeps a quoted field whole.
    return '"' + csv_neutralised(text).replace('"', '""') + '"'


# --- XLSX -------------------------------------------------------------------------------------
# A minimal SpreadsheetML package written by hand: xlsxwriter's per-cell path cost ~85 µs a row
# (40% of the nightly job), and its constant-memory mode spooled every row to /tmp twice.

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # every entry: no clock, so reruns are byte-identical
_ZIP_LEVEL = 3  # fixed, for identical bytes; 6 (zlib default): ~15% smaller, ~4 µs more a row
# Python's zipfile refuses an entry past 2 GiB unless it is opened as Zip64 up front, and Zip64
# headers on ordinary entries are a known source of Excel "repair" prompts. So a sheet's XML
# stays below 2 GB: a sheet that reaches this (rows averaging 2 kB at a million rows) goes on
# to the next, like a sheet that reaches `rows_per_sheet`.
_SHEET_XML_LIMIT = 2_000_000_000
_FLUSH_BYTES = 1 << 20  # rows are joined and compressed in batches of about 1 MiB

_STYLE_HEADER, _STYLE_DATE, _STYLE_QUOTED = 1, 2, 3  # indexes into styles.xml's cellXfs
_QUOTED = f' s="{_STYLE_QUOTED}"'
_LETTERS = tuple(chr(ord("A") + column) for column in range(len(COLUMNS)))
_LAST = _LETTERS[-1]
_TRIGGER_CHARS = frozenset("".join(FORMULA_TRIGGERS))
_XML_SPACE = frozenset(" \t\n\r")  # what XML (and Excel, unless told) strips around text
# Excel reads "_x0041_" in a string as "A": a literal one is escaped as "_x005F_x0041_", as Excel
# itself writes it. Every "_" that starts such a pattern, overlapping ones too ("_x005F_x0041_").
_EXCEL_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_CACHE_LIMIT = 4096

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _excel_width(width: float) -> float:
    """A width in characters as Excel stores it (Calibri 11: 7-pixel digits, 5 pixels of padding,
    in 256ths), as xlsxwriter's `set_column` wrote it."""
    return int((int(width * 7 + 0.5) + 5) / 7 * 256) / 256


def _cols_xml() -> str:
    spans: list[list] = []  # [first, last, width], adjacent equal widths merged
    for column, width in enumerate(_COLUMN_WIDTHS, start=1):
        if spans and spans[-1][2] == width and spans[-1][1] == column - 1:
            spans[-1][1] = column
        else:
            spans.append([column, column, width])
    return (
        "<cols>"
        + "".join(
            f'<col min="{first}" max="{last}" width="{_excel_width(width)!r}" customWidth="1"/>'
            for first, last, width in spans
        )
        + "</cols>"
    )


_HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{letter}1" s="{_STYLE_HEADER}" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip(_LETTERS, COLUMNS, strict=True)
    )
    + "</row>"
)
_SHEET_START = (
    _XML_DECLARATION + f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    '<sheetViews><sheetView{selected} workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>' + _cols_xml() + "<sheetData>" + _HEADER_ROW
)
_SHEET_END = (
    '</sheetData><autoFilter ref="A1:{last}{rows}"/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)
_STYLES = (
    _XML_DECLARATION + f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_ROOT_RELS = (
    _XML_DECLARATION + f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_CORE = (
    _XML_DECLARATION + "<cp:coreProperties"
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>sayso</dc:creator>"
    "<cp:lastModifiedBy>sayso</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
    "</cp:coreProperties>"
)
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument"


class XlsxReport:
    """Streams `submissions.xlsx` to `path`: a minimal SpreadsheetML package written by hand.

    Rows go straight into the open zip entry of their sheet (deflated in batches of ~1 MiB), so
    memory stays flat and nothing is spooled to /tmp: the file at `path` is the only disk used.
    Every text cell is an inline string (never a formula; no conversion to numbers or links),
    and those that start with a formula trigger also get Excel's quote prefix, so editing the
    cell keeps it text. Numbers stay numbers; times are Excel date-times in UTC. Past
    `rows_per_sheet` rows (Excel's 1,048,576 less the header) the rows go on to a new sheet
    ("submissions 2", ...). The same rows, title and `created` give byte-identical files: every
    zip entry is dated 1980-01-01, deflated at a fixed level, in a fixed order, and the core
    properties carry `created`. `tmpdir` is accepted and unused (nothing is spooled)."""

    def __init__(
        self,
        path: str,
        *,
        title: str,
        created: datetime,
        rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
        tmpdir: str | None = None,
    ) -> None:
        del tmpdir  # xlsxwriter spooled rows there; this writer streams into the zip
        self._zip = zipfile.ZipFile(path, "w")
        self._sheet_rows: list[int] = []  # data rows of each finished sheet
        self._sheet: IO[bytes] | None = None  # the current sheet's open zip entry
        self._last_row = rows_per_sheet + 1  # the header is row 1
        self._row = self._last_row  # the current sheet's last row: none yet, so start one
        self._sheet_bytes = 0  # of the current sheet's XML, flushed so far
        self._pending: list[bytes] = []  # rows not flushed yet
        self._pending_bytes = 0
        # option_id, kind, element_id, stance: a handful of values each
        self._caches: tuple[dict[str, str], ...] = ({}, {}, {}, {})
        self.rows = 0
        # What is known now goes first: a file whose first entries are these is recognised as
        # an Excel workbook by content sniffers (`file`), and fewer parts are left for close().
        stamp = _utc(created).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._write_part("_rels/.rels", _ROOT_RELS)
        self._write_part("docProps/core.xml", _CORE.format(title=_xml_text(title), created=stamp))
        self._write_part("xl/styles.xml", _STYLES)

    def add(self, submission: Submission) -> None:
        if self._row == self._last_row or self._sheet_bytes > _SHEET_XML_LIMIT:
            self._next_sheet()
        (
            identifier,
            created_at,
            updated_at,
            option_id,
            kind,
            element_id,
            stance,
            endorsements,
            offset,
            lon,
            lat,
            text,
            changes,
        ) = _cells(submission)
        self._row += 1
        n = str(self._row)
        # One f-string a row, the per-column parts precomputed; the texts of the columns with
        # a handful of values are rendered once and looked up.
        ids, kinds, elements, stances = self._caches
        cell_a = f'<c r="A{n}"{_inline(identifier)}' if identifier else ""
        cell_b = (
            ""
            if created_at is None
            else f'<c r="B{n}" s="2"><v>{_excel_time(created_at)!r}</v></c>'  # _STYLE_DATE
        )
        cell_c = (
            ""
            if updated_at is None
            else f'<c r="C{n}" s="2"><v>{_excel_time(updated_at)!r}</v></c>'
        )
        cell_d = f'<c r="D{n}"{ids.get(option_id) or _cached(ids, option_id)}' if option_id else ""
        cell_e = f'<c r="E{n}"{kinds.get(kind) or _cached(kinds, kind)}' if kind else ""
        cell_f = (
            f'<c r="F{n}"{elements.get(element_id) or _cached(elements, element_id)}'
            if element_id
            else ""
        )
        cell_g = f'<c r="G{n}"{stances.get(stance) or _cached(stances, stance)}' if stance else ""
        if endorsements.__class__ is int:
            cell_h = f'<c r="H{n}"><v>{endorsements}</v></c>'
        else:
            cell_h = "" if endorsements is None else f'<c r="H{n}"{_number(endorsements)}'
        cell_i = "" if offset is None else f'<c r="I{n}"{_number(offset)}'
        cell_j = "" if lon is None else f'<c r="J{n}"{_number(lon)}'
        cell_k = "" if lat is None else f'<c r="K{n}"{_number(lat)}'
        cell_l = f'<c r="L{n}"{_inline(text)}' if text else ""
        cell_m = f'<c r="M{n}"{_inline(changes)}' if changes else ""
        row = (
            f'<row r="{n}">{cell_a}{cell_b}{cell_c}{cell_d}{cell_e}{cell_f}{cell_g}{cell_h}'
            f"{cell_i}{cell_j}{cell_k}{cell_l}{cell_m}</row>"
        )
        data = row.encode()  # one row at a time: cheaper than a batch of mixed widths
        self._pending.append(data)
        self._pending_bytes += len(data)
        if self._pending_bytes > _FLUSH_BYTES:
            self._flush()
        self.rows += 1

    def close(self) -> None:
        if self._zip.fp is None:
            return  # closed already
        if self._sheet is None:
            self._next_sheet()  # an empty report still has its header row
        self._finish_sheet()
        names = [_sheet_name(number) for number in range(1, len(self._sheet_rows) + 1)]
        self._write_part("xl/workbook.xml", self._workbook_xml(names))
        self._write_part("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        self._write_part("docProps/app.xml", _app_xml(names))
        self._write_part("[Content_Types].xml", _content_types(len(names)))
        self._zip.close()

    def _next_sheet(self) -> None:
        self._finish_sheet()
        number = len(self._sheet_rows) + 1
        self._sheet = self._zip.open(_zip_entry(f"xl/worksheets/sheet{number}.xml"), "w")
        selected = ' tabSelected="1"' if number == 1 else ""
        start = _SHEET_START.format(selected=selected).encode()
        self._pending, self._pending_bytes = [start], len(start)
        self._sheet_bytes = 0
        self._row = 1

    def _flush(self) -> None:
        assert self._sheet is not None
        self._sheet.write(b"".join(self._pending))
        self._sheet_bytes += self._pending_bytes
        self._pending, self._pending_bytes = [], 0

    def _finish_sheet(self) -> None:
        if self._sheet is None:
            return
        self._pending.append(_SHEET_END.format(last=_LAST, rows=self._row).encode())
        self._flush()
        self._sheet.close()
        self._sheet = None
        self._sheet_rows.append(self._row - 1)

    def _write_part(self, name: str, xml: str) -> None:
        self._zip.writestr(_zip_entry(name), xml.encode())

    def _workbook_xml(self, names: list[str]) -> str:
        sheets = "".join(
            f'<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>'
            for number, name in enumerate(names, start=1)
        )
        # The autofilter's range, as Excel names it: hidden, one per sheet.
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{_sheet_reference(name)}!$A$1:${_LAST}${rows + 1}</definedName>"
            for index, (name, rows) in enumerate(zip(names, self._sheet_rows, strict=True))
        )
        return (
            _XML_DECLARATION + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095"'
            ' windowHeight="9660"/></bookViews>'
            f"<sheets>{sheets}</sheets><definedNames>{filters}</definedNames></workbook>"
        )


def _sheet_name(number: int) -> str:
    return "submissions" if number == 1 else f"submissions {number}"


def _sheet_reference(name: str) -> str:
    return f"'{name}'" if " " in name else name


def _workbook_rels(sheets: int) -> str:
    relations = [
        f'<Relationship Id="rId{number}" Type="{_REL_NS}/worksheet"'
        f' Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheets + 1)
    ]
    relations.append(
        f'<Relationship Id="rId{sheets + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    )
    return (
        _XML_DECLARATION
        + f'<Relationships xmlns="{_PKG_REL_NS}">'
        + "".join(relations)
        + "</Relationships>"
    )


def _app_xml(names: list[str]) -> str:
    titles = "".join(f"<vt:lpstr>{name}</vt:lpstr>" for name in names)
    return (
        _XML_DECLARATION + "<Properties"
        ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>sayso</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><HeadingPairs>"
        '<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
        f"</vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector>"
        f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">'
        f"{titles}</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


def _content_types(sheets: int) -> str:
    overrides = [
        ("/xl/workbook.xml", f"{_CONTENT_TYPE}.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{_CONTENT_TYPE}.spreadsheetml.styles+xml"),
        *(
            (f"/xl/worksheets/sheet{number}.xml", f"{_CONTENT_TYPE}.spreadsheetml.worksheet+xml")
            for number in range(1, sheets + 1)
        ),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_CONTENT_TYPE}.extended-properties+xml"),
    ]
    return (
        _XML_DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{part}" ContentType="{content_type}"/>'
            for part, content_type in overrides
        )
        + "</Types>"
    )


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipFile.open() takes the level from here only (`compress_level` from Python 3.13, which
    # keeps this name as an alias).
    info._compresslevel = _ZIP_LEVEL  # type: ignore[attr-defined]
    info.create_system = 3  # Unix, whatever machine writes it
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info


def _inline(text: str) -> str:
    """What follows `<c r="L5"` for a text cell: the quote-prefix style if the text starts with a
    formula trigger, then the text as an inline string."""
    # The common case costs a few scans in C: nothing to escape ("&", "<", ">", a CR, which an
    # XML parser would read as LF, or "_" of a "_xHHHH_"), nothing XML cannot hold (printable
    # text has none; the regex only runs on the rest, e.g. text with line breaks), short.
    if (
        "&" in text
        or "<" in text
        or ">" in text
        or "\r" in text
        or "_" in text
        or len(text) > EXCEL_MAX_CELL_CHARS // 2
        or (not text.isprintable() and _NOT_XML.search(text) is not None)
    ):
        text = _fit(text)
        xml = _escape(text)
    else:
        xml = text
    first = text[0]
    style = _QUOTED if first in _TRIGGER_CHARS else ""
    if first in _XML_SPACE or text[-1] in _XML_SPACE:
        return f'{style} t="inlineStr"><is><t xml:space="preserve">{xml}</t></is></c>'
    return f'{style} t="inlineStr"><is><t>{xml}</t></is></c>'


def _cached(cache: dict[str, str], text: str) -> str:
    cell = _inline(text)
    if len(cache) < _CACHE_LIMIT:
        cache[text] = cell
    return cell


def _fit(text: str) -> str:
    """Characters XML cannot hold become U+FFFD; cut at Excel's limit."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    if len(text) > EXCEL_MAX_CELL_CHARS // 2:  # only then can it pass the limit
        text = excel_cell_text(text)
    return text


def _escape(text: str) -> str:
    """Fitted text as XML character data, as Excel reads it back."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub("_x005F_", text)
    if "\r" in text:
        # A character reference: XML parsers keep it a CR (a raw one they read as LF).
        text = text.replace("\r", "&#13;")
    return text


def _number(value: float) -> str:
    """What follows `<c r="H5"` for a number cell; an empty cell for NaN or infinity, which a
    spreadsheet cannot hold."""
    if value.__class__ is int or math.isfinite(value):
        return f"><v>{value!r}</v></c>"
    return "/>"


def _xml_text(text: str) -> str:
    return _escape_xml(_NOT_XML.sub("\ufffd", text))


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
