"""tests/sign_png.py KIND OUT.png: the test images of vanban sign, written
with zlib alone (no imaging library): 'signature', a blue stroke on a
transparent background, 8-bit RGBA, 300 x 120; 'seal', a red ring with a
star inside, 8-bit RGBA, 400 x 400, transparent around and between.
Also 'gray16', a 16-bit gray image with alpha, to read every PNG kind."""
import math
import struct
import sys
import zlib


def png(path, width, height, rows, color_type, depth):
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def signature(path):
    w, h = 300, 120
    px = [[(0, 0, 0, 0)] * w for _ in range(h)]
    # a flourish: a sine stroke 7 px thick across the width
    for x in range(10, w - 10):
        yc = h / 2 + 35 * math.sin(x / 23.0)
        for y in range(int(yc) - 3, int(yc) + 4):
            if 0 <= y < h:
                px[y][x] = (20, 40, 200, 255)
    rows = [bytes(c for p in r for c in p) for r in px]
    png(path, w, h, rows, 6, 8)


def seal(path):
    n = 400
    c = (n - 1) / 2.0
    rows = []
    star = []
    for k in range(10):
        rad = 60 if k % 2 else 140
        a = math.pi / 2 + k * math.pi / 5
        star.append((c + rad * math.cos(a), c - rad * math.sin(a)))

    def in_star(x, y):
        inside = False
        for i in range(10):
            x1, y1 = star[i]
            x2, y2 = star[(i + 1) % 10]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    for y in range(n):
        r = bytearray()
        for x in range(n):
            d = math.hypot(x - c, y - c)
            on = 170 <= d <= 199 or 150 <= d <= 156 or in_star(x, y)
            r += bytes((220, 20, 20, 255)) if on else bytes((0, 0, 0, 0))
        rows.append(bytes(r))
    png(path, n, n, rows, 6, 8)


def gray16(path):
    w, h = 64, 32
    rows = []
    for y in range(h):
        r = bytearray()
        for x in range(w):
            r += struct.pack(">HH", 1000 * x, 65535 if (x + y) % 2 else 0)
        rows.append(bytes(r))
    png(path, w, h, rows, 4, 16)


{"signature": signature, "seal": seal, "gray16": gray16}[sys.argv[1]](sys.argv[2])
