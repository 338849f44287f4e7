"""tests/sign_check.py: what a reader of a signed vanban PDF sees, checked
against the signing record (/VanbanSign) that vanban build wrote.

  place SIGNED.pdf PAGE.ppm DPI SEAL_MM   the signer's image inside its room
      (less the margin above and below, centred, aspect kept), drawn in blue
      there and nowhere else; the agency's seal red, SEAL_MM across, over
      the left third of the signer's image
  line SIGNED.pdf BBOX.html               the agency's line of an annex at
      the top right of page 1: 'Số: ...; dd/mm/yyyy; hh:mm:ss +07:00', 10 pt,
      its baseline 10 mm from the top, its right end on the text area's
      right edge, the time Vietnam's (within 10 minutes of now)

Objects are read through qpdf --json; the page is pdftoppm's PPM, the words
pdftotext -bbox's. Prints what is wrong and exits 1, else says nothing."""
import datetime
import json
import re
import subprocess
import sys

PT_PER_MM = 72 / 25.4
bad = []


def objects(pdf):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf], check=True, capture_output=True).stdout
    return json.loads(out)["qpdf"][1]


def resolve(objs, v):
    if isinstance(v, str) and v.endswith(" R"):
        return objs["obj:" + v]["value"]
    return v


def record(objs):
    root = resolve(objs, objs["trailer"]["value"]["/Root"])
    return resolve(objs, root["/VanbanSign"])


def widgets(objs):
    """The signature widgets by field name."""
    out = {}
    for o in objs.values():
        v = o.get("value") if isinstance(o, dict) else None
        if isinstance(v, dict) and v.get("/Subtype") == "/Widget" and v.get("/FT") == "/Sig":
            out[v["/T"][2:]] = v
    return out


def ppm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def near(what, got, want, tol):
    if abs(got - want) > tol:
        bad.append("%s: %.2f, not %.2f (within %.2f)" % (what, got, want, tol))


def place(pdf, page_ppm, dpi, seal_mm):
    objs = objects(pdf)
    rec = record(objs)
    room = rec["/Places"][0]["/Rect"]
    margin = rec["/ImageMargin"]
    ws = widgets(objs)
    sig, seal = ws.get("vanban-signer-1"), ws.get("vanban-agency-1")
    if sig is None or seal is None:
        bad.append("the fields vanban-signer-1 and vanban-agency-1 are not both there: %s" % sorted(ws))
        return
    x0, y0, x1, y1 = sig["/Rect"]
    # inside the room less the margin, centred, touching on one side
    near("signer's image, horizontal centre (pt)", (x0 + x1) / 2, (room[0] + room[2]) / 2, 0.1)
    near("signer's image, vertical centre (pt)", (y0 + y1) / 2, (room[1] + room[3]) / 2, 0.1)
    if x0 < room[0] - 0.01 or x1 > room[2] + 0.01 or y0 < room[1] + margin - 0.01 or y1 > room[3] - margin + 0.01:
        bad.append("signer's image %s outside the room %s less %.2f pt" % (sig["/Rect"], room, margin))
    if abs((x1 - x0) - (room[2] - room[0])) > 0.1 and abs((y1 - y0) - (room[3] - room[1] - 2 * margin)) > 0.1:
        bad.append("signer's image %s is not as large as the room %s allows" % (sig["/Rect"], room))
    near("signer's image, aspect (the PNG's 300 x 120)", (x1 - x0) / (y1 - y0), 300 / 120, 0.01)

    w, h, px = ppm(page_ppm)
    s = dpi / 72.0
    page_h = h / s

    def bbox(test):
        xs, ys, n = [], [], 0
        for i in range(0, len(px), 3):
            r, g, b = px[i], px[i + 1], px[i + 2]
            if test(r, g, b):
                n += 1
                xs.append((i // 3) % w)
                ys.append((i // 3) // w)
        if n == 0:
            return None
        # in points, y up, the pixels' outer edges
        return (min(xs) / s, page_h - (max(ys) + 1) / s, (max(xs) + 1) / s, page_h - min(ys) / s, n)

    blue = bbox(lambda r, g, b: b > 150 and r < 100 and g < 120)
    red = bbox(lambda r, g, b: r > 180 and g < 90 and b < 90)
    px_pt = 1.5 / s
    if blue is None:
        bad.append("no blue on the page: the signer's image is not drawn")
    else:
        if blue[0] < x0 - px_pt or blue[2] > x1 + px_pt or blue[1] < y0 - px_pt or blue[3] > y1 + px_pt:
            bad.append("blue at %s, outside the signer's image %s" % (blue[:4], sig["/Rect"]))
        if blue[0] < room[0] or blue[2] > room[2] or blue[1] < room[1] or blue[3] > room[3]:
            bad.append("blue at %s, outside the room %s" % (blue[:4], room))
    if red is None:
        bad.append("no red on the page: the seal is not drawn")
    else:
        d = seal_mm * PT_PER_MM
        near("seal's width (pt)", red[2] - red[0], d, 2 * px_pt)
        near("seal's height (pt)", red[3] - red[1], d, 2 * px_pt)
        # over the left third of the signer's image, level with it
        near("seal's right edge (pt)", red[2], x0 + (x1 - x0) / 3, 2 * px_pt)
        near("seal's vertical centre (pt)", (red[1] + red[3]) / 2, (y0 + y1) / 2, 2 * px_pt)


def line(pdf, bbox_html):
    rec = record(objects(pdf))
    html = open(bbox_html, encoding="utf-8").read()
    page1 = html.split("</page>")[0]
    words = [(float(a), float(b), float(c), float(d), t)
             for a, b, c, d, t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page1)]
    top = [wd for wd in words if wd[1] < words[0][3]]  # the first line's words
    text = " ".join(wd[4] for wd in top)
    want = rec["/Line"]["/Text"][2:]
    m = re.fullmatch(re.escape(want) + r"; (\d\d)/(\d\d)/(\d{4}); (\d\d):(\d\d):(\d\d) \+07:00", text)
    if m is None:
        bad.append("the first line is %r, not '%s; dd/mm/yyyy; hh:mm:ss +07:00'" % (text, want))
        return
    d, mo, y, hh, mi, ss = map(int, m.groups())
    vn = datetime.timezone(datetime.timedelta(hours=7))
    when = datetime.datetime(y, mo, d, hh, mi, ss, tzinfo=vn)
    now = datetime.datetime.now(vn)
    if abs((now - when).total_seconds()) > 600:
        bad.append("the line's time %s is not now in Vietnam (%s)" % (when, now))
    y_min, y_max = top[0][1], top[0][3]
    # poppler's word box is the font's ascent over its descent; Liberation
    # Serif (the fonts the tests pin): 0.891 and 0.216 of the size
    size = (y_max - y_min) / (0.891 + 0.216)
    near("the line's size (pt)", size, 10, 0.05)
    near("the line's baseline from the top (mm)", (y_min + 0.891 * size) / PT_PER_MM, 10, 0.05)
    near("the line's right end (pt)", max(wd[2] for wd in top), rec["/TextRight"], 0.05)


if sys.argv[1] == "place":
    place(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
elif sys.argv[1] == "line":
    line(sys.argv[2], sys.argv[3])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
