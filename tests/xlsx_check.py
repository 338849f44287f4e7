"""tests/xlsx_check.py BOOK.xlsx CREATED NAME=FILE.csv...: the task workbook as
Excel's users see it, read back with python3-openpyxl: the sheets in this
order with these names, each with the Vietnamese headers in bold in row 1,
the pane frozen below them, then exactly the rows of FILE.csv (what
vanban tasks prints for that document) in order: text cells as text (never
a formula), the due dates as date cells in a date format, the others
wrapped, the columns wide enough for their longest line (up to a limit,
past which the text wraps); the workbook made at CREATED (YYYY-MM-DD).
Prints what differs and exits 1. Run with Debian's /usr/bin/python3."""
import csv
import datetime
import sys

import openpyxl

HEADS = ["Số thứ tự", "Khuyết điểm, hạn chế", "Biện pháp khắc phục", "Cơ quan chủ trì",
         "Cơ quan phối hợp", "Thời hạn", "Ngày đến hạn", "Phân công thực hiện"]
DATE_COL = 6
WIDTH_MAX = 42  # what the widest column may be, its margin included
LINE_HEIGHT = 15  # pt, a row's height for each line of its wrapped text


def unguard(v):
    """A CSV cell as its text: the quote before a formula sign taken off."""
    return v[1:] if v[:1] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r", "'") else v


def longest(v):
    return max((len(line) for line in v.split("\n")), default=0)


def main():
    book, created, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    bad = []
    wb = openpyxl.load_workbook(book)
    names = [p.split("=", 1)[0] for p in pairs]
    if wb.sheetnames != names:
        bad.append("sheets %r, not %r" % (wb.sheetnames, names))
    want = datetime.datetime.strptime(created, "%Y-%m-%d")
    if wb.properties.created != want or wb.properties.modified != want:
        bad.append("made at %s (modified %s), not %s" % (wb.properties.created, wb.properties.modified, want))
    for pair in pairs:
        name, path = pair.split("=", 1)
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        rows = list(csv.reader(open(path, newline="", encoding="utf-8")))[1:]
        if ws.freeze_panes != "A2":
            bad.append("%s: the pane is frozen at %s, not below row 1" % (name, ws.freeze_panes))
        head = [c.value for c in ws[1]]
        if head != HEADS:
            bad.append("%s: headers %r" % (name, head))
        if not all(c.font.b for c in ws[1]):
            bad.append("%s: a header is not bold" % name)
        if ws.max_row != 1 + len(rows) or ws.max_column != len(HEADS):
            bad.append("%s: %d rows of %d columns, not %d of %d" % (name, ws.max_row, ws.max_column,
                                                                   1 + len(rows), len(HEADS)))
        for r, row in enumerate(rows, start=2):
            for c, v in enumerate(row):
                cell = ws.cell(row=r, column=c + 1)
                v = unguard(v)
                if v == "":
                    if cell.value is not None:
                        bad.append("%s!%s: %r, not empty" % (name, cell.coordinate, cell.value))
                elif c == DATE_COL:
                    if not (cell.is_date and isinstance(cell.value, datetime.datetime)) or \
                            cell.value.strftime("%Y-%m-%d") != v or "yy" not in cell.number_format:
                        bad.append("%s!%s: %r (%s, format %r), not the date %s" % (
                            name, cell.coordinate, cell.value, cell.data_type, cell.number_format, v))
                elif cell.data_type != "s" or cell.value != v:
                    bad.append("%s!%s: %r (type %s), not the text %r" % (
                        name, cell.coordinate, cell.value, cell.data_type, v))
                elif not cell.alignment.wrap_text:
                    bad.append("%s!%s: the text does not wrap" % (name, cell.coordinate))
        for c in range(len(HEADS)):
            letter = openpyxl.utils.get_column_letter(c + 1)
            width = ws.column_dimensions[letter].width
            need = max([longest(HEADS[c])] + [longest(unguard(row[c])) for row in rows if c != DATE_COL])
            if width is None or width < min(need, WIDTH_MAX - 2) or width > WIDTH_MAX:
                bad.append("%s: column %s is %s wide for a longest line of %d" % (name, letter, width, need))
        # printed as a clerk prints it: A4 across, one page wide, the
        # headers on each page; a row as high as its wrapped text
        if ws.page_setup.orientation != "landscape" or ws.page_setup.paperSize not in (9, "9") or \
                not ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.fitToWidth not in (None, 1, "1") or \
                ws.print_title_rows not in ("1:1", "$1:$1"):
            bad.append("%s: not set to print on A4 across, one page wide, headers repeated" % name)
        for r, row in enumerate(rows, start=2):
            lines = 1
            for c in range(len(HEADS)):
                if c == DATE_COL:
                    continue
                width = ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width - 2
                text = unguard(row[c])
                lines = max(lines, sum(-(-max(len(part), 1) // int(width)) for part in text.split("\n")))
            height = ws.row_dimensions[r].height or LINE_HEIGHT  # none: the default, one line
            if height < lines * LINE_HEIGHT:
                bad.append("%s: row %d is %s pt high for %d lines of wrapped text" % (name, r, height, lines))
    for b in bad[:20]:
        print(b)
    sys.exit(1 if bad else 0)


main()
