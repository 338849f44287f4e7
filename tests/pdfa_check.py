"""tests/pdfa_check.py FILE.pdf: the requirements of ISO 19005-2 level B
(PDF/A-2b) that apply to what vanban build --pdfa and vanban sign write,
each checked on the objects as qpdf reads them (qpdf --json): no PDF/A
validator is packaged in Debian (an archive would run veraPDF). Prints
each requirement that fails and exits 1, else says nothing.

  6.1.2   the header: %PDF-1.n, then a comment of four bytes above 127
  6.1.3   the trailer's /ID; no /Encrypt
  6.2.2   one OutputIntent /S /GTS_PDFA1, its DestOutputProfile an ICC
          profile (monitor or printer class) with N as many as its colours
  6.2.11  every font embedded, every Type0 font with a ToUnicode map, every
          CIDFontType2 with its CIDToGIDMap
  6.3     every annotation with F: Print set, Hidden, Invisible, NoView not
  6.5/6.6 no JavaScript, no /AA, no Launch action
  6.6.2   the catalog's /Metadata, unfiltered XMP, with pdfaid:part 2 and
          pdfaid:conformance B, each Info entry equal to its XMP property"""
import base64
import datetime
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
bad = []
raw = open(path, "rb").read()
out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                      "--decode-level=generalized", path], check=True, capture_output=True).stdout
objs = json.loads(out)["qpdf"][1]
trailer = objs["trailer"]["value"]


def obj(ref):
    o = objs.get("obj:" + ref)
    if o is None:
        return None
    return o["stream"]["dict"] if "stream" in o else o["value"]


def val(v):
    return obj(v) if isinstance(v, str) and v.endswith(" R") else v


def data(ref):
    return base64.b64decode(objs["obj:" + ref]["stream"]["data"])


def text(v):
    """A PDF string as qpdf gives it ('u:' text, 'b:' hex bytes)."""
    if v is None:
        return None
    if v.startswith("u:"):
        return v[2:]
    return bytes.fromhex(v[2:]).decode("latin-1")


# 6.1.2 the header
m = re.match(rb"%PDF-1\.[0-7]\r?\n%([^\r\n]{4,})", raw)
if m is None or not all(b > 127 for b in m.group(1)[:4]):
    bad.append("6.1.2: the header is not %%PDF-1.n followed by a binary comment: %r" % raw[:16])

# 6.1.3 the file identifier, no encryption
ids = trailer.get("/ID")
if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, str) for i in ids)):
    bad.append("6.1.3: no /ID of two strings in the trailer: %r" % ids)
if "/Encrypt" in trailer:
    bad.append("6.1.3: the trailer has /Encrypt")

catalog = val(trailer["/Root"])
info = val(trailer.get("/Info")) or {}

# 6.2.2 the output intent
intents = [val(i) for i in val(catalog.get("/OutputIntents")) or []]
pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
if len(pdfa) != 1:
    bad.append("6.2.2: %d OutputIntents with /S /GTS_PDFA1, not 1" % len(pdfa))
else:
    ref = pdfa[0].get("/DestOutputProfile")
    prof = obj(ref) if isinstance(ref, str) else None
    if prof is None:
        bad.append("6.2.2: the output intent has no DestOutputProfile stream")
    else:
        icc = data(ref)
        colours = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(icc[16:20])
        if icc[36:40] != b"acsp" or icc[12:16] not in (b"mntr", b"prtr") or icc[8] not in (2, 4):
            bad.append("6.2.2: the DestOutputProfile is not an ICC v2/v4 monitor or printer profile")
        if prof.get("/N") != colours or colours != 3:
            bad.append("6.2.2: the profile's /N is %r, its colour space %r (want sRGB, N 3)" % (prof.get("/N"), icc[16:20]))

# walk every object for fonts, annotations and actions
def walk(v, found):
    if isinstance(v, dict):
        for k, x in v.items():
            found.setdefault(k, []).append(v)
            walk(x, found)
    elif isinstance(v, list):
        for x in v:
            walk(x, found)


keys = {}
for k, o in objs.items():
    if not k.startswith("obj:"):
        continue
    d = o["stream"]["dict"] if "stream" in o else o.get("value")
    walk(d, keys)
    if not isinstance(d, dict):
        continue
    if d.get("/Type") == "/Font":
        sub = d.get("/Subtype")
        if sub == "/Type0":
            if "/ToUnicode" not in d:
                bad.append("6.2.11.7: %s (%s) has no ToUnicode map" % (k, d.get("/BaseFont")))
            desc = [val(x) for x in val(d.get("/DescendantFonts")) or []]
        elif sub in ("/CIDFontType0", "/CIDFontType2"):
            continue  # a descendant, checked through its Type0 font
        else:
            desc = [d]
            if "/ToUnicode" not in d and d.get("/Encoding") not in ("/WinAnsiEncoding", "/MacRomanEncoding"):
                bad.append("6.2.11.7: %s (%s) has no ToUnicode map" % (k, d.get("/BaseFont")))
        for f in desc:
            fd = val(f.get("/FontDescriptor")) or {}
            if not any(x in fd for x in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append("6.2.11.4: %s (%s) is not embedded" % (k, f.get("/BaseFont")))
            if f.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in f:
                bad.append("6.2.11.3.2: %s (%s) has no CIDToGIDMap" % (k, f.get("/BaseFont")))
    if d.get("/Type") == "/Annot" or d.get("/Subtype") == "/Widget":
        flags = d.get("/F", 0)
        if not flags & 4 or flags & (1 | 2 | 32):
            bad.append("6.3.2: annotation %s has F %d: Print not set, or Hidden, Invisible, NoView set" % (k, flags))
    if d.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/ResetForm"):
        bad.append("6.5.1: %s is a %s action" % (k, d.get("/S")))
for key, why in (("/AA", "6.5.2: additional actions"), ("/JS", "6.5.1: JavaScript"), ("/JavaScript", "6.5.1: JavaScript")):
    if key in keys:
        bad.append("%s (%s) in %d object(s)" % (why, key, len(keys[key])))
if "/NeedAppearances" in keys and any(d.get("/NeedAppearances") is True for d in keys["/NeedAppearances"]):
    bad.append("6.4.1: NeedAppearances true")

# 6.6.2 the metadata
mref = catalog.get("/Metadata")
if not isinstance(mref, str) or "obj:" + mref not in objs:
    bad.append("6.6.2.1: the catalog has no /Metadata stream")
else:
    md = obj(mref)
    if "/Filter" in objs["obj:" + mref]["stream"]["dict"]:
        bad.append("6.6.2.1: the metadata stream is filtered")
    if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML":
        bad.append("6.6.2.1: the metadata stream is not /Type /Metadata /Subtype /XML")
    xmp = data(mref)
    if not xmp.startswith(b"<?xpacket begin=") or b'<?xpacket end="' not in xmp:
        bad.append("6.6.2.2: the metadata is not an XMP packet with its header and trailer")
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "x": "adobe:ns:meta/",
          "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/"}
    root = ET.fromstring(xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])

    def prop(p):
        for d in root.iter("{%s}Description" % ns["rdf"]):
            pre, name = p.split(":")
            e = d.find("%s:%s" % (pre, name), ns)
            if e is not None:
                li = e.find(".//rdf:li", ns)
                return (li if li is not None else e).text
            a = d.get("{%s}%s" % (ns[pre], name))
            if a is not None:
                return a
        return None

    if prop("pdfaid:part") != "2" or prop("pdfaid:conformance") != "B":
        bad.append("6.6.4: pdfaid:part %r, pdfaid:conformance %r (want 2, B)" % (prop("pdfaid:part"), prop("pdfaid:conformance")))

    def pdf_date(s):
        m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'?\d\d)?", s)
        tz = m.group(7) or "Z"
        off = 0 if tz[0] == "Z" else (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 60 + int(tz[-2:]))
        return datetime.datetime(*map(int, m.groups()[:6]), tzinfo=datetime.timezone(datetime.timedelta(minutes=off)))

    def xmp_date(s):
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))

    for key, p in (("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
                   ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer"),
                   ("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        iv, xv = text(info.get(key)), prop(p)
        if iv is None and xv is None:
            continue
        if "Date" in key:
            same = iv is not None and xv is not None and pdf_date(iv) == xmp_date(xv)
        else:
            same = iv == xv
        if not same:
            bad.append("6.6.2.3.1: Info %s %r, XMP %s %r" % (key, iv, p, xv))
    if text(info.get("/Title")) is None:
        bad.append("the document information has no /Title (vanban always writes one)")

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
