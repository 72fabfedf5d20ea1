#!/usr/bin/env python3
"""Draws the Teams app icons (no image library needed): color.png 192x192, outline.png 32x32 (white on transparent).
The glyph is three ascending bars - use cases adopted - with the top bar highlighted."""
import struct, zlib

def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(struct.pack("BBBB", *pixel(x, y)) for x in range(size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def bars(x, y, size):
    """Which bar (0..2) covers (x, y) in a size x size canvas, or None."""
    unit = size / 16
    lefts, heights = [3, 7, 11], [5, 8, 11]
    for i, (left, height) in enumerate(zip(lefts, heights)):
        if left * unit <= x < (left + 2.5) * unit and (13 - height) * unit <= y < 13 * unit:
            return i
    return None

def color(x, y):
    r = 30  # rounded corners
    s = 192
    inside = True
    for cx, cy in ((r, r), (s - r - 1, r), (r, s - r - 1), (s - r - 1, s - r - 1)):
        if (x < r or x > s - r - 1) and (y < r or y > s - r - 1):
            nx, ny = (r if x < r else s - r - 1), (r if y < r else s - r - 1)
            inside = (x - nx) ** 2 + (y - ny) ** 2 <= r * r
    if not inside:
        return (0, 0, 0, 0)
    bar = bars(x, y, s)
    if bar is None:
        return (0x4B, 0x53, 0xBC, 255)
    return (0x6B, 0xE3, 0x8E, 255) if bar == 2 else (255, 255, 255, 255)

def outline(x, y):
    return (255, 255, 255, 255) if bars(x, y, 32) is not None else (0, 0, 0, 0)

png("color.png", 192, color)
png("outline.png", 32, outline)
