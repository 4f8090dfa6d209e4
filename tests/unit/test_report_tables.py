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
from chalicelib.domain.report.tables import (
    COLUMNS,
    EXCEL_MAX_CELL_CHARS,
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
        "01J00000000000000000000001,2026-03-01T09:31:00.123Z,,option-a,comment,'-lane,oppose,"
        "4,,174.763332,-36.84846,'=cmd|' /C calc'!A0,"
    )
    assert lines[2].endswith(',support,0,4.5,,,"Wider, ""safer"" footpaths\nplease",')
    assert lines[3].endswith(",'+1 for fewer parking spaces,p1 ('Car park') removed")
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
    # A CR is stored as Excel's escape _x000D_ (XML parsers would turn a raw CR into LF).
    assert [text_of(grid[f"L{row}"]) for row in range(5, 9)] == [
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "_x000D_x",
    ]
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
    assert text_of(last["A1"]) == "id" and text_of(last["L2"]) == "_x000D_x"
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
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}


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
