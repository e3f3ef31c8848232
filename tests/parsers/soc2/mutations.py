"""Deterministic ways to damage a PDF: truncation, bit flips, zeroed, deleted or repeated chunks,
and a few structural edits (absurd counts and lengths, deep nesting) that stress the reader."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data) - 1)]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 8, 64, 512])):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def zero_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    size = rng.randint(1, max(1, len(data) // 10))
    return data[:start] + b"\0" * size + data[start + size :]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, max(1, len(data) // 8)) :]


def repeat_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    return data[:start] + chunk * rng.randint(2, 20) + data[start:]


def absurd_numbers(data: bytes, rng: random.Random) -> bytes:
    """Page counts, lengths and sizes replaced by huge or negative values."""
    key = rng.choice([rb"/Count \d+", rb"/Length \d+", rb"/Size \d+", rb"/MediaBox \[[^\]]*\]"])
    value = rng.choice([b"999999999", b"-1", b"0", b"[0 0 1e30 1e30]", b"[0 0 0 0]"])
    name = key.split(b" ")[0].replace(b"\\", b"")
    return re.sub(key, name + b" " + value, data)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([500, 5000, 50000])
    bomb = b"[" * depth + b"]" * depth
    return data.replace(b"endobj", b"endobj\n99999 0 obj\n" + bomb + b"\nendobj", 1)


MUTATIONS: list[Mutation] = [
    truncate, flip_bytes, zero_chunk, delete_chunk, repeat_chunk, absurd_numbers, deep_nesting,
]  # fmt: skip


def mutants(data: bytes, count: int, seed: int) -> list[tuple[str, bytes]]:
    """`count` damaged copies of data, named for how they were damaged; same seed, same output."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        mutation = MUTATIONS[i % len(MUTATIONS)]
        out.append((f"{i:03d}-{mutation.__name__}", mutation(data, rng)))
    return out
