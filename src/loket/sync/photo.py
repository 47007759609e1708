"""A stand-in for the recorded face photo: a small grayscale PNG drawn from a seed.

Real packets carry a JPEG 2000 face image and WSQ fingerprints from the recording station. Here a
40x50 image (an oval "face" whose shading depends on the seed) keeps packets realistic in shape
(binary, base64, a few hundred bytes to 1 KiB) without storing anything of a real person.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

WIDTH, HEIGHT = 40, 50


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def photo_png(seed: str) -> bytes:
    digest = hashlib.sha256(seed.encode()).digest()
    skin, background = 120 + digest[0] % 100, 200 + digest[1] % 50
    rows = []
    for y in range(HEIGHT):
        row = bytearray([0])  # filter type: none
        for x in range(WIDTH):
            inside = ((x - WIDTH / 2) / 14) ** 2 + ((y - HEIGHT / 2.2) / 19) ** 2 <= 1
            shade = skin - (abs(x - WIDTH // 2) // 3) if inside else background
            row.append(max(0, min(255, shade + digest[(x * y) % 32] % 7)))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
