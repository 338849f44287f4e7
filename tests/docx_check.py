"""tests/docx_check.py DIR STEM...: each DIR/STEM.docx read as Word readers
read it. python-docx (Debian's python3-docx) opens the package and sees its
styles and tables; the footnotes and the repeated header rows, which
python-docx 0.8 does not expose, are read from the package's XML. Each
DIR/lo/STEM.pdf (LibreOffice's rendering) holds the words of DIR/STEM.pdf
(vanban's), the same ones, in the order of their lines. Prints a line
"FAIL ..." for each problem, and "checked N" at the end."""
import collections
import difflib
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET
from xml.dom import minidom

import docx  # a missing module fails the test

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL", msg)


def words(pdf):
    """The words of a PDF by page, line and column; page numbers and
    footnote marks (bare numbers) left out."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    page, ws = 0, []
    for l in out.splitlines():
        if "<page " in l:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', l)
        if m and not re.fullmatch(r"\d+", m[4]):
            ws.append((page, (float(m[2]) + float(m[3])) / 2, float(m[1]), m[4]))
    # lines: words whose middles are within 4 pt of the line's first (a
    # label and a signature side by side may sit a point or two apart)
    ws.sort()
    lines, line = [], []
    for w in ws:
        if line and (w[0] != line[0][0] or w[1] - line[0][1] > 4):
            lines.append(line)
            line = []
        line.append(w)
    if line:
        lines.append(line)
    out = []
    for l in lines:
        out += [w[3] for w in sorted(l, key=lambda w: w[2])]
    # a token broken at its hyphen or slash at a line's end is one word
    joined = []
    for w in out:
        if joined and joined[-1].endswith(("-", "/")) and len(joined[-1]) > 1 and not w[0].isspace():
            joined[-1] += w
        else:
            joined.append(w)
    return joined


def faced_words(pdf):
    """The words of a PDF with their faces (bold, italic) as mutool reads
    the fonts they are set in; bare numbers left out, as in words()."""
    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, text=True).stdout
    found = collections.Counter()
    for line in ET.fromstring(out).iter("line"):
        word, faces = "", set()
        chars = []
        for font in line.iter("font"):
            name = font.get("name", "")
            face = ("Bold" in name, "Ital" in name)
            for ch in font.iter("char"):
                chars.append((ch.get("c"), face))
        chars.append((" ", None))
        for c, face in chars:
            if c.isspace():
                if word and not re.fullmatch(r"\d+", word):
                    found[(word, tuple(sorted(faces)))] += 1
                word, faces = "", set()
            else:
                word += c
                faces.add(face)
    return found


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out)[1])


d = sys.argv[1]
n = 0
for stem in sys.argv[2:]:
    path = f"{d}/{stem}.docx"
    # the package: every part well-formed XML
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            fail(f"{stem}: {bad} is damaged in the zip")
        for name in z.namelist():
            try:
                minidom.parseString(z.read(name))
            except Exception as e:
                fail(f"{stem}: {name} is not well-formed XML: {e}")
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    # python-docx: the styles named for what they are, the tables
    doc = docx.Document(path)
    names = {s.name for s in doc.styles}
    for want in ("Normal", "Đề mục 1", "Gạch đầu dòng", "Nơi nhận", "Chữ ký", "Bảng"):
        if want not in names:
            fail(f"{stem}: no style '{want}'")
    used = {p.style.name for p in doc.paragraphs}
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                used |= {p.style.name for p in c.paragraphs}
    for want in ("Tiêu đề văn bản", "Nơi nhận", "Chữ ký"):
        if want not in used:
            fail(f"{stem}: no paragraph in the style '{want}'")
    if len(doc.tables) < 2:
        fail(f"{stem}: {len(doc.tables)} tables; the header and the closing block are tables")
    sect = doc.sections[0]
    if abs(sect.page_width.mm - 210) > 0.5 or abs(sect.page_height.mm - 297) > 0.5:
        fail(f"{stem}: page {sect.page_width.mm:.1f} x {sect.page_height.mm:.1f} mm, not A4")
    if not sect.different_first_page_header_footer:
        fail(f"{stem}: page 1 has a page number (no different first page)")
    # a data table's header rows repeat on every page
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body)
    data = [t for t in tables if "VbTableGrid" in t]
    for t in data:
        first = re.search(r"<w:tr>.*?</w:tr>", t)[0]
        if "<w:tblHeader/>" not in first:
            fail(f"{stem}: a table's first row does not repeat (w:tblHeader)")
        if "<w:cantSplit/>" not in first:
            fail(f"{stem}: a table's rows may split (no w:cantSplit)")
    # footnotes: one note for each reference, real Word footnotes
    refs = set(re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body))
    ids = set(re.findall(r'<w:footnote w:id="(\d+)"', notes))
    if refs != ids:
        fail(f"{stem}: footnote references {sorted(refs)} but notes {sorted(ids)}")
    # LibreOffice's rendering: the same words in line order, the same
    # pages or one more
    a, b = words(f"{d}/{stem}.pdf"), words(f"{d}/lo/{stem}.pdf")
    if collections.Counter(a) != collections.Counter(b):
        ca, cb = collections.Counter(a), collections.Counter(b)
        fail(f"{stem}: words only in vanban's PDF {list((ca - cb).elements())[:8]}, "
             f"only in LibreOffice's {list((cb - ca).elements())[:8]}")
    # and in the same faces: a word bold or italic in one is so in the other
    fa, fb = faced_words(f"{d}/{stem}.pdf"), faced_words(f"{d}/lo/{stem}.pdf")
    # (by the faces each word is set in: a word that one breaks at its
    # hyphen and the other does not is no fault of its face)
    faces_a, faces_b = collections.defaultdict(set), collections.defaultdict(set)
    for (w, f), _ in fa.items():
        faces_a[w].add(f)
    for (w, f), _ in fb.items():
        faces_b[w].add(f)
    differ = [(w, sorted(faces_a[w]), sorted(faces_b[w])) for w in sorted(faces_a)
              if w in faces_b and faces_a[w] != faces_b[w]]
    if differ:
        fail(f"{stem}: words in other faces (bold, italic) in LibreOffice: {differ[:4]}")
    r = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    if r < 0.99:
        fail(f"{stem}: the words are in another order (similarity {r:.4f})")
    pa, pb = pages(f"{d}/{stem}.pdf"), pages(f"{d}/lo/{stem}.pdf")
    if not pa <= pb <= pa + 1:
        fail(f"{stem}: {pb} pages in LibreOffice, {pa} in the PDF")
    n += 1
print(f"checked {n}")
sys.exit(1 if fails else 0)
