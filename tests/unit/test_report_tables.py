"""submissions.csv and submissions.xlsx: known rows, formula neutralisation, RFC 4180, no personal
data, and byte-identical reruns."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.diff import MapDiff, RemovedFeature
from chalicelib.domain.report import tables
from chalicelib.domain.report.tables import (
    COLUMNS,
    EXCEL_MAX_CELL_CHARS,
    FORMULA_TRIGGERS,
    CsvReport,
    XlsxReport,
    excel_cell_text,
    neutralised,
    submission_row,
)
from chalicelib.domain.submission import Submission

T0 = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
INJECTION = "=cmd|' /C calc'!A0"
EDIT_HASH = "secret-edit-hash-9f86d081884c7d65"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def submission(number: int, **changes: object) -> Submission:
    fields: dict = {
        "id": f"01J00000000000000000000{number:03d}",
        "consultation_id": "demo",
        "option_id": "option-a",
        "kind": "comment",
        "text": f"Comment {number}",
        "element_id": None,
        "point": None,
        "stance": None,
        "status": "published",
        "created_at": T0 + timedelta(minutes=number),
        "edit_hash": EDIT_HASH,
        "flags": 2,
    }
    fields.update(changes)
    return Submission(**fields)


def sample() -> list[Submission]:
    return [
        submission(
            1,
            text=INJECTION,
            element_id="-lane",
            stance="oppose",
            point=(174.7633316, -36.8484597),
            endorsements=4,
        ),
        submission(2, text='Wider, "safer" footpaths\nplease', point=4.5, stance="support"),
        submission(
            3,
            kind="alternative",
            text="+1 for fewer parking spaces",
            diff=MapDiff(removed=(RemovedFeature("p1", "Polygon", "Car park"),)),
            updated_at=T0 + timedelta(days=1),
        ),
        submission(4, text="-2+3"),
        submission(5, text="@SUM(A1)"),
        submission(6, text="\tx"),
        submission(7, text="\rx"),
    ]


# --- rows -------------------------------------------------------------------------------------


def test_columns_carry_no_personal_data() -> None:
    assert COLUMNS == (
        "id",
        "created_at",
        "updated_at",
        "option_id",
        "kind",
        "element_id",
        "stance",
        "endorsements",
        "offset_m",
        "lon",
        "lat",
        "text",
        "changes",
    )


def test_rows_hold_known_values() -> None:
    first, second, third = (submission_row(s) for s in sample()[:3])
    assert first == [
        "01J00000000000000000000001",
        "2026-03-01T09:31:00.123Z",
        None,
        "option-a",
        "comment",
        "-lane",
        "oppose",
        4,
        None,
        174.763332,
        -36.84846,
        INJECTION,
        None,
    ]
    assert second[8:11] == [4.5, None, None]
    assert third[2] == "2026-03-02T09:30:00.123Z"
    assert third[12] == "p1 ('Car park') removed"


def test_row_times_are_utc_whatever_the_offset() -> None:
    auckland = T0.astimezone(ZoneInfo("Pacific/Auckland"))
    naive = T0.replace(tzinfo=None)  # taken as UTC, never as the machine's local time
    rows = [submission_row(submission(0, created_at=moment)) for moment in (auckland, naive)]
    assert [row[1] for row in rows] == ["2026-03-01T09:30:00.123Z"] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (INJECTION, "'" + INJECTION),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Fine = good", "Fine = good"),
        ("", ""),
    ],
)
def test_neutralised(text: str, expected: str) -> None:
    assert neutralised(text) == expected


# --- CSV --------------------------------------------------------------------------------------


def write_csv(submissions: list[Submission]) -> bytes:
    stream = io.BytesIO()
    report = CsvReport(stream)
    for item in submissions:
        report.add(item)
    report.close()
    assert not stream.closed
    return stream.getvalue()


def test_csv_has_bom_crlf_and_rfc4180_quoting() -> None:
    data = write_csv(sample())
    assert data.startswith(b"\xef\xbb\xbfid,created_at,updated_at,option_id,")
    assert data.count(b"\r\n") == 1 + 7 + 0  # header and rows; text breaks stay \n or \r
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == (
        '"01J00000000000000000000001","2026-03-01T09:31:00.123Z",,"option-a","comment",'
        '"\'-lane","oppose",4,,174.763332,-36.84846,"\'=cmd|\' /C calc\'!A0",'
    )
    assert lines[2].endswith(',"support",0,4.5,,,"Wider, ""safer"" footpaths\nplease",')
    assert lines[3].endswith(',"\'+1 for fewer parking spaces","p1 (\'Car park\') removed"')
    assert lines[-1] == ""


def test_csv_neutralises_text_but_keeps_numbers() -> None:
    rows = list(csv.reader(io.StringIO(write_csv(sample()).decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    texts = [row[COLUMNS.index("text")] for row in rows[1:]]
    assert texts == [
        "'=cmd|' /C calc'!A0",
        'Wider, "safer" footpaths\nplease',
        "'+1 for fewer parking spaces",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    assert rows[1][COLUMNS.index("lon")] == "174.763332"
    assert rows[1][COLUMNS.index("lat")] == "-36.84846"  # a number, so no quote
    assert rows[1][COLUMNS.index("element_id")] == "'-lane"
    # Round trip: every cell reads back as written, less the neutralising quote.
    for row, item in zip(rows[1:], sample(), strict=True):
        expected = [
            "" if cell is None else neutralised(cell) if isinstance(cell, str) else str(cell)
            for cell in submission_row(item)
        ]
        assert row == expected


def test_csv_carries_no_personal_data() -> None:
    data = write_csv(sample())
    assert EDIT_HASH.encode() not in data
    assert b"flags" not in data


def test_csv_of_nothing_is_the_header() -> None:
    assert write_csv([]) == b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n"


def test_csv_survives_a_lone_surrogate() -> None:
    data = write_csv([submission(1, text="bad \ud800 text")])
    assert b"bad ? text" in data


def test_csv_is_deterministic() -> None:
    assert write_csv(sample()) == write_csv(sample())


# --- XLSX -------------------------------------------------------------------------------------

CREATED = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def write_xlsx(path, submissions: list[Submission], **options: object) -> bytes:
    report = XlsxReport(str(path), title="Dominion Road submissions", created=CREATED, **options)
    for item in submissions:
        report.add(item)
    report.close()
    return path.read_bytes()


def cells(sheet_xml: bytes) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(sheet_xml)
    return {cell.get("r"): cell for cell in root.iter(f"{MAIN}c")}


def text_of(cell: ElementTree.Element) -> str:
    assert cell.get("t") == "inlineStr"
    return "".join(node.text or "" for node in cell.iter(f"{MAIN}t"))


def test_xlsx_writes_text_as_strings_never_formulas(tmp_path) -> None:
    with zipfile.ZipFile(io.BytesIO(write_xlsx(tmp_path / "s.xlsx", sample()))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
        styles = archive.read("xl/styles.xml")
        core = archive.read("docProps/core.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    grid = cells(sheet)
    assert [text_of(grid[f"{col}1"]) for col in "ABCDEFGHIJKLM"] == list(COLUMNS)
    assert text_of(grid["L2"]) == INJECTION  # a string cell, as typed
    # A CR is stored as the reference &#13; (XML parsers would turn a raw CR into LF).
    assert [text_of(grid[f"L{row}"]) for row in range(5, 9)] == ["-2+3", "@SUM(A1)", "\tx", "\rx"]
    assert b'<t xml:space="preserve">&#13;x</t>' in sheet
    assert text_of(grid["F2"]) == "-lane"
    assert text_of(grid["M4"]) == "p1 ('Car park') removed"
    # Cells starting with a trigger carry Excel's quote prefix, so editing one keeps it text.
    assert b'quotePrefix="1"' in styles
    assert grid["L2"].get("s") == grid["L5"].get("s") != grid["L3"].get("s")
    # Numbers stay numbers.
    assert grid["H2"].get("t") is None and grid["H2"].find(f"{MAIN}v").text == "4"
    assert grid["J2"].find(f"{MAIN}v").text == "174.763332"
    assert grid["K2"].find(f"{MAIN}v").text == "-36.84846"
    assert grid["I3"].find(f"{MAIN}v").text == "4.5"
    # Times are Excel serial dates in UTC: 2026-03-01 09:31:00.123.
    serial = float(grid["B2"].find(f"{MAIN}v").text)
    written = datetime(1899, 12, 30) + timedelta(days=serial)
    assert abs(written - datetime(2026, 3, 1, 9, 31, 0, 123000)) < timedelta(microseconds=10)
    assert "C2" not in grid  # no update time: an empty cell
    assert b"<dc:title>Dominion Road submissions</dc:title>" in core
    assert b"2026-03-02T03:00:00Z" in core
    assert EDIT_HASH.encode() not in sheet


def test_xlsx_has_frozen_header_filter_and_widths(tmp_path) -> None:
    with zipfile.ZipFile(io.BytesIO(write_xlsx(tmp_path / "s.xlsx", sample()))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet
    assert '<autoFilter ref="A1:M8"/>' in sheet
    assert re.search(r'<col min="12" max="12" width="80\.7109375" customWidth="1"/>', sheet)


def test_xlsx_starts_a_new_sheet_past_the_row_limit(tmp_path) -> None:
    data = write_xlsx(tmp_path / "s.xlsx", sample(), rows_per_sheet=3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        workbook = archive.read("xl/workbook.xml").decode()
        last = cells(archive.read("xl/worksheets/sheet3.xml"))
    assert "xl/worksheets/sheet4.xml" not in names
    assert 'name="submissions 3"' in workbook
    assert text_of(last["A1"]) == "id" and text_of(last["L2"]) == "\rx"
    assert "L3" not in last


def test_xlsx_of_nothing_has_its_header(tmp_path) -> None:
    with zipfile.ZipFile(io.BytesIO(write_xlsx(tmp_path / "s.xlsx", []))) as archive:
        grid = cells(archive.read("xl/worksheets/sheet1.xml"))
    assert sorted(grid) == sorted(f"{col}1" for col in "ABCDEFGHIJKLM")


def test_xlsx_is_byte_identical_on_rerun_in_any_time_zone(tmp_path, monkeypatch) -> None:
    first = write_xlsx(tmp_path / "a.xlsx", sample())
    time.sleep(1.1)  # a timestamp taken from the clock would now differ
    assert write_xlsx(tmp_path / "b.xlsx", sample()) == first
    try:
        monkeypatch.setenv("TZ", "Pacific/Chatham")
        time.tzset()
        assert write_xlsx(tmp_path / "c.xlsx", sample()) == first
    finally:
        monkeypatch.undo()
        time.tzset()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_xlsx_guards_excel_limits(tmp_path) -> None:
    long_change = MapDiff(
        removed=tuple(RemovedFeature(f"feature-{n:05d}", "Point", None) for n in range(3000))
    )
    bad = submission(1, kind="alternative", text="ok \x01 \ud800", diff=long_change)
    with zipfile.ZipFile(io.BytesIO(write_xlsx(tmp_path / "s.xlsx", [bad]))) as archive:
        grid = cells(archive.read("xl/worksheets/sheet1.xml"))
    assert text_of(grid["L2"]) == "ok \ufffd \ufffd"
    change = text_of(grid["M2"])
    assert len(change) == EXCEL_MAX_CELL_CHARS and change.endswith("…")


def test_excel_cell_text_counts_utf16_units() -> None:
    assert excel_cell_text("short") == "short"
    astral = "😀" * 20_000  # 40,000 UTF-16 units
    cut = excel_cell_text(astral)
    assert cut == "😀" * 16_383 + "…"
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_MAX_CELL_CHARS


# --- XLSX read back ---------------------------------------------------------------------------
# The file is written by hand, so it is read back with openpyxl (a test-only dependency) and
# every part is parsed: what Excel and pandas see, not only the XML this module meant to write.

PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def load(path, read_only: bool = False):
    import openpyxl  # pinned in requirements-dev.txt: missing, the test fails rather than skips

    return openpyxl.load_workbook(path, read_only=read_only)


def expected_values(item: Submission) -> list:
    """The row as openpyxl reads it back: times as naive UTC datetimes to the millisecond."""
    row: list = submission_row(item)
    for column in (1, 2):
        moment = getattr(item, COLUMNS[column])
        if moment is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
            row[column] = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return row


def test_xlsx_reads_back_cell_by_cell_with_openpyxl(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    items = sample()
    write_xlsx(path, items)
    sheet = load(path).active
    assert sheet.title == "submissions"
    grid = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in grid[0]] == list(COLUMNS)
    assert all(cell.font.b for cell in grid[0])
    assert len(grid) == 1 + len(items)
    for cells_, item in zip(grid[1:], items, strict=True):
        values = [cell.value for cell in cells_]
        assert values == expected_values(item)
        for cell, value in zip(cells_, values, strict=True):
            if value is None:
                assert cell.data_type == "n"  # an empty cell: nothing written
            elif isinstance(value, str):
                assert cell.data_type == "s"  # text, never "f" (a formula)
                assert cell.quotePrefix == value.startswith(("=", "+", "-", "@", "\t", "\r"))
            elif isinstance(value, datetime):
                assert cell.data_type == "d"
                assert cell.number_format == "yyyy-mm-dd hh:mm:ss"
            else:
                assert type(value) in (int, float) and cell.data_type == "n"
    first = grid[1]
    assert first[11].value == INJECTION and first[11].quotePrefix
    assert first[5].value == "-lane" and first[5].quotePrefix
    assert type(first[7].value) is int and type(first[9].value) is float
    assert first[1].value == datetime(2026, 3, 1, 9, 31, 0, 123000)
    assert grid[2][11].value == 'Wider, "safer" footpaths\nplease'
    assert not grid[2][11].quotePrefix
    assert grid[7][11].value == "\rx"  # the CR survives


def test_xlsx_layout_and_properties_read_back(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    write_xlsx(path, sample())
    workbook = load(path)
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M8"
    widths = {
        letter: (dimension.min, dimension.max, dimension.width)
        for letter, dimension in sheet.column_dimensions.items()
        if dimension.customWidth
    }
    assert widths["A"] == (1, 1, 28.7109375)
    assert widths["B"] == (2, 3, 20.7109375)  # adjacent equal widths share a <col>
    assert widths["L"] == (12, 12, 80.7109375)
    assert widths["M"] == (13, 13, 60.7109375)
    properties = workbook.properties
    assert properties.title == "Dominion Road submissions"
    assert properties.creator == "sayso"
    assert properties.created == datetime(2026, 3, 2, 3, 0)  # UTC


def test_xlsx_created_is_utc_whatever_the_offset(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    report = XlsxReport(
        str(path), title="T & <b>", created=CREATED.astimezone(ZoneInfo("Pacific/Auckland"))
    )
    report.close()
    workbook = load(path)
    assert workbook.properties.created == datetime(2026, 3, 2, 3, 0)
    assert workbook.properties.title == "T & <b>"


def test_xlsx_parts_are_well_formed_and_complete(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    write_xlsx(path, sample(), rows_per_sheet=3)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parsed = {name: ElementTree.fromstring(archive.read(name)) for name in names}
        infos = archive.infolist()
        raw = path.read_bytes()
    assert names == [
        "_rels/.rels",
        "docProps/core.xml",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "docProps/app.xml",
        "[Content_Types].xml",
    ]
    overrides = {
        node.get("PartName") for node in parsed["[Content_Types].xml"].iter(f"{TYPES}Override")
    }
    assert overrides == {"/" + name for name in names if not name.endswith(".rels")} - {
        "/[Content_Types].xml"
    }
    targets = [node.get("Target") for node in parsed["_rels/.rels"].iter(f"{PACKAGE}Relationship")]
    targets += [
        "xl/" + node.get("Target")
        for node in parsed["xl/_rels/workbook.xml.rels"].iter(f"{PACKAGE}Relationship")
    ]
    assert sorted(targets) == sorted(
        name for name in names if not name.endswith(".rels") and name != "[Content_Types].xml"
    )
    workbook = parsed["xl/workbook.xml"]
    assert [node.get("name") for node in workbook.iter(f"{MAIN}sheet")] == [
        "submissions",
        "submissions 2",
        "submissions 3",
    ]
    filters = [
        (node.get("localSheetId"), node.get("hidden"), node.text)
        for node in workbook.iter(f"{MAIN}definedName")
    ]
    assert filters == [
        ("0", "1", "submissions!$A$1:$M$4"),
        ("1", "1", "'submissions 2'!$A$1:$M$4"),
        ("2", "1", "'submissions 3'!$A$1:$M$2"),
    ]
    assert [
        parsed[f"xl/worksheets/sheet{n}.xml"].find(f"{MAIN}autoFilter").get("ref")
        for n in (1, 2, 3)
    ] == ["A1:M4", "A1:M4", "A1:M2"]
    assert 'quotePrefix="1"' in ElementTree.tostring(parsed["xl/styles.xml"]).decode()
    # Plain zip entries (no Zip64 headers, which Excel may refuse on small entries), deflated,
    # in local headers too: "version needed" 2.0 at each entry's start.
    for info in infos:
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.extra == b""
        start = info.header_offset
        assert raw[start : start + 4] == b"PK\x03\x04"
        assert int.from_bytes(raw[start + 4 : start + 6], "little") == 20


def test_xlsx_sheets_read_back_across_the_row_limit(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    items = sample()
    write_xlsx(path, items, rows_per_sheet=3)
    for read_only in (False, True):  # pandas reads read-only: there is no <dimension>
        workbook = load(path, read_only=read_only)
        assert workbook.sheetnames == ["submissions", "submissions 2", "submissions 3"]
        width = len(COLUMNS)  # read-only rows stop at their last cell: pad them, as pandas does
        rows = [
            [cell.value for cell in row] + [None] * (width - len(row))
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
        ]
        assert rows == [
            *([list(COLUMNS)] + [expected_values(item) for item in items[:3]]),
            *([list(COLUMNS)] + [expected_values(item) for item in items[3:6]]),
            *([list(COLUMNS)] + [expected_values(item) for item in items[6:]]),
        ]
        workbook.close()


def test_xlsx_text_is_never_markup(tmp_path) -> None:
    # xlsxwriter's constant-memory mode wrote a string "<r>...</r>" unescaped, as rich text:
    # this one then carried a formula in N2.
    rich = (
        '<r><t>hi</t></r></is></c><c r="N2"><f>1+1</f></c>'
        '<c r="O2" t="inlineStr"><is><r><t>x</t></r>'
    )
    texts = [
        rich,
        "a & b <c> ]]>",
        "_x0041_ stays",
        "  padded  ",
        "x\r\ny",
        "é😀 ok",
        "_x005F_x0041_",
    ]
    items = [submission(n, text=text) for n, text in enumerate(texts, start=1)]
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(io.BytesIO(write_xlsx(path, items))) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml.replace(b"&lt;f&gt;", b"")
    grid = cells(sheet_xml)
    assert "N2" not in grid
    # Excel decodes _xHHHH_ in strings: a literal one is escaped as Excel itself writes it.
    assert b"_x005F_x0041_ stays" in sheet_xml
    assert b"_x005F_x005F_x005F_x0041_<" in sheet_xml  # Excel: "_" "x005F" "_" "x0041_"
    sheet = load(path).active
    read = [sheet.cell(row, 12).value for row in range(2, 2 + len(texts))]
    assert read[0] == rich and sheet.max_column == len(COLUMNS)
    assert read[1:] == [
        "a & b <c> ]]>",
        "_x005F_x0041_ stays",
        "  padded  ",
        "x\r\ny",
        "é😀 ok",
        "_x005F_x005F_x005F_x0041_",
    ]
    # openpyxl keeps Excel's escapes as they are; Excel shows "_x0041_ stays".


def test_xlsx_streams_rows_into_the_file(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    report = XlsxReport(str(path), title="T", created=CREATED)
    for number in range(20_000):
        report.add(submission(number % 1000, text=f"Comment {number} " + "x" * (number % 97)))
    written = path.stat().st_size
    report.close()
    # Rows reached the zip entry (compressed) before close(): nothing held them all back.
    assert written > path.stat().st_size // 2
    assert report.rows == 20_000


def test_xlsx_starts_a_new_sheet_before_its_xml_gets_too_big(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "_SHEET_XML_LIMIT", 2_500)
    monkeypatch.setattr(tables, "_FLUSH_BYTES", 1_000)
    path = tmp_path / "s.xlsx"
    items = [submission(n, text="y" * 600) for n in range(8)]
    write_xlsx(path, items)
    workbook = load(path)
    assert len(workbook.sheetnames) > 1
    rows = [
        row for sheet in workbook.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert [list(row) for row in rows] == [expected_values(item) for item in items]


def test_xlsx_close_twice_is_harmless(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    report = XlsxReport(str(path), title="T", created=CREATED)
    report.add(submission(1))
    report.close()
    data = path.read_bytes()
    report.close()
    assert path.read_bytes() == data


def test_xlsx_leaves_impossible_numbers_empty(tmp_path) -> None:
    path = tmp_path / "s.xlsx"
    write_xlsx(path, [submission(1, point=(float("nan"), float("inf")))])
    row = next(load(path).active.iter_rows(min_row=2, values_only=True))
    assert row[COLUMNS.index("lon")] is None and row[COLUMNS.index("lat")] is None


# A spreadsheet set to `;` (or tab) as its separator splits an unquoted `ok;=cmd…` into a
# second cell that starts with `=` (issue 20, item 7): every text field is quoted, and a formula
# trigger right after any separator a spreadsheet may use gets its `'` too.
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("ok;=cmd|' /C calc'!A0", "\"ok;'=cmd|' /C calc'!A0\""),
        ("a,+1", '"a,\'+1"'),
        ("a\t@SUM(A1)", '"a\t\'@SUM(A1)"'),
        ("x;-2;y", '"x;\'-2;y"'),
        ("plain words", '"plain words"'),
        ("a; b = c", '"a; b = c"'),
    ],
)
def test_csv_quotes_every_text_and_neutralises_after_any_separator(text: str, field: str) -> None:
    line = write_csv([submission(1, text=text)]).decode("utf-8-sig").split("\r\n")[1]
    assert f",{field}," in line
    for separator in (",", ";", "\t"):  # as a spreadsheet with that separator would split it
        cells = field.strip('"').split(separator)
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in cells), cells
