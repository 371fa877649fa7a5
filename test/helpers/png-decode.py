"""Independent PNG reader for tests (W3C PNG spec; only the standard library): checks the
signature and every chunk's CRC-32, inflates the IDAT stream with zlib, undoes the five scanline
filters, and writes the RGB bytes of an 8-bit colour-type-2 image to argv[2]. Prints a JSON
summary (width, height, bit depth, colour type, chunk types)."""
import json
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
pos, chunks, idat = 8, [], b""
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos : pos + 4])
    kind = data[pos + 4 : pos + 8]
    body = data[pos + 8 : pos + 8 + length]
    (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
    assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in {kind!r}"
    chunks.append(kind.decode("latin1"))
    if kind == b"IHDR":
        width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
assert chunks[0] == "IHDR" and chunks[-1] == "IEND", chunks
assert depth == 8 and colour == 2 and interlace == 0, (depth, colour, interlace)
raw = zlib.decompress(idat)
stride, bpp = width * 3, 3
assert len(raw) == (stride + 1) * height, "wrong inflated length"
out = bytearray()
previous = bytearray(stride)
for y in range(height):
    kind = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = previous[x]
        c = previous[x - bpp] if x >= bpp else 0
        if kind == 1:
            line[x] = (line[x] + a) & 255
        elif kind == 2:
            line[x] = (line[x] + b) & 255
        elif kind == 3:
            line[x] = (line[x] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pred) & 255
        else:
            assert kind == 0, f"bad filter {kind}"
    out += line
    previous = line
open(sys.argv[2], "wb").write(bytes(out))
print(json.dumps({"width": width, "height": height, "depth": depth, "colour": colour, "chunks": chunks}))
