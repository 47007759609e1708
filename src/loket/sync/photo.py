"""A stand-in for the recorded face photo: a small grayscale PNG drawn from a seed.

Real packets carry a JPEG 2000 face image and WSQ fingerprints from the recording station. Here a
40x50 image (an oval "face" on a plain background, its shades taken from the seed) keeps packets
realistic in shape (binary, base64, about a kilobyte) without anything of a real person. It is
drawn inside the capture's transaction, so it must be cheap: one template, recoloured per seed.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import cache

WIDTH, HEIGHT = 40, 50


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@cache
def _template() -> bytes:
    """Scanlines (each led by its PNG filter byte 0) of levels: 0 background, 1-8 the face, darker
    to the sides, 9 the eyes."""
    rows = bytearray()
    for y in range(HEIGHT):
        rows.append(0)
        for x in range(WIDTH):
            inside = ((x - WIDTH / 2) / 14) ** 2 + ((y - HEIGHT / 2.2) / 19) ** 2 <= 1
            eye = y in (18, 19) and x in (13, 14, 25, 26)
            rows.append(9 if eye else (1 + abs(x - WIDTH // 2) // 3 if inside else 0))
    return bytes(rows)


@cache
def _low_bits(length: int) -> int:
    return int.from_bytes(b"\x07" * length)


def photo_png(seed: str) -> bytes:
    digest = hashlib.sha256(seed.encode()).digest()
    skin, background = 120 + digest[0] % 100, 200 + digest[1] % 50
    palette = bytearray(range(256))
    palette[0], palette[9] = background, 30 + digest[2] % 40
    for level in range(1, 9):
        palette[level] = skin - 4 * level
    template = _template().translate(palette)
    # Sensor noise in the three low bits, so the image compresses like a photo, not like a drawing.
    noise = int.from_bytes(hashlib.shake_128(digest).digest(len(template))) & _low_bits(len(template))
    scanlines = bytearray((int.from_bytes(template) ^ noise).to_bytes(len(template)))
    scanlines[:: WIDTH + 1] = bytes(HEIGHT)  # keep every filter byte 0
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(scanlines), 6))
        + _chunk(b"IEND", b"")
    )
