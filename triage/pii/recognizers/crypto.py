"""Crypto wallets: Bitcoin (base58check P2PKH/P2SH, bech32/bech32m), TRON, Ethereum.

Base58check and bech32 are checked here with the standard library (double SHA-256, the
BIP-173/BIP-350 polymod); Ethereum addresses carry no checksum unless mixed-case (EIP-55,
which needs Keccak), so they are accepted on format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from triage.pii.ocr_repair import readings
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B58_INDEX = {c: i for i, c in enumerate(B58)}
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BASE58_ADDR = re.compile(r"(?<![\w])[13T][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])")
BECH32_ADDR = re.compile(r"(?<![\w])(?:bc|tb)1[02-9ac-hj-np-z]{8,87}(?![\w])", re.IGNORECASE)
ETH_ADDR = re.compile(r"(?<![\w])0x[0-9a-fA-F]{40}(?![\w])")


def base58check_decode(value: str) -> bytes | None:
    """The payload (version byte included) if the 4-byte double-SHA-256 checksum holds."""
    num = 0
    for ch in value:
        if ch not in B58_INDEX:
            return None
        num = num * 58 + B58_INDEX[ch]
    raw = num.to_bytes((num.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(value) - len(value.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32_valid(value: str) -> bool:
    """BIP-173 (bech32, constant 1) or BIP-350 (bech32m) checksum over the whole address."""
    if value.lower() != value and value.upper() != value:
        return False
    value = value.lower()
    hrp, _, data = value.rpartition("1")
    if not hrp or len(data) < 6 or any(c not in BECH32 for c in data):
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    return _polymod(expanded + [BECH32.index(c) for c in data]) in (1, 0x2BC830A3)


def base58_wallet(value: str) -> str | None:
    payload = base58check_decode(value)
    if payload is None or len(payload) != 21:
        return None
    if value.startswith("T") and payload[0] == 0x41:
        return "tron"
    if payload[0] in (0x00, 0x05):
        return "bitcoin"
    return None


@register_recognizer("crypto_wallet", ("CRYPTO_WALLET",))
def recognise_crypto(inp: RecognizerInput) -> Iterator[Candidate]:
    for m in BASE58_ADDR.finditer(inp.text):
        kind = base58_wallet(m.group())
        if kind:
            yield Candidate(m.start(), m.end(), "CRYPTO_WALLET", f"rule:{kind}", detail="base58check valid")
    for m in BECH32_ADDR.finditer(inp.text):
        if bech32_valid(m.group()):
            yield Candidate(m.start(), m.end(), "CRYPTO_WALLET", "rule:bitcoin", detail="bech32 valid")
    for m in ETH_ADDR.finditer(inp.text):
        yield Candidate(m.start(), m.end(), "CRYPTO_WALLET", "rule:ethereum", detail="format only")
    yield from _broken_wallets(inp.text)
    if inp.ocr:
        yield from _misread_wallets(inp.text)


#: OCR's usual confusions, for the characters a wallet's alphabet cannot hold: each is tried,
#: and a reading is kept only when its checksum passes.
_BASE58_FIXES = {"0": "o", "O": "o", "l": "1i", "I": "1"}
_BECH32_FIXES = {"o": "0", "O": "0", "b": "6", "B": "6", "i": "l", "I": "l", "1": "l"}
_LOOSE = re.compile(r"(?<![\w])(?:(?:bc|tb)[1l][0-9A-Za-z]{8,87}|[13T][0-9A-Za-z]{25,34})(?![\w])", re.IGNORECASE)


def _misread_wallets(text: str) -> Iterator[Candidate]:
    """Wallets read from a scan with a character their alphabet does not have ("0" for "o")."""
    for m in _LOOSE.finditer(text):
        value = m.group()
        if value[:3].lower() in ("bcl", "tbl"):  # "1" read as "l" in the prefix
            value = value[:2] + "1" + value[3:]
        bech = value[:3].lower() in ("bc1", "tb1")
        fixes, head = (_BECH32_FIXES, 3) if bech else (_BASE58_FIXES, 0)
        for fixed in readings(value, fixes, start=head, keep=False):
            if fixed == m.group():
                break  # read as it stands: the recognisers above judged it
            kind = ("bitcoin" if bech32_valid(fixed.lower()) else None) if bech else base58_wallet(fixed)
            if kind:
                yield Candidate(m.start(), m.end(), "CRYPTO_WALLET", f"rule:{kind}", score=0.8,
                                detail=f"checksum valid as {fixed} (read from a scan)")  # fmt: skip
                break


_TOKEN = re.compile(r"\S+")
_PIECE = re.compile(r"[0-9A-Za-z]+")
_WALLET_START = re.compile(r"(?:bc1|tb1|[13T])[0-9A-Za-z]", re.IGNORECASE)


def _broken_wallets(text: str) -> Iterator[Candidate]:
    """Wallets a layout broke in two or three pieces (a narrow column, a line end), kept when the
    joined pieces pass the checksum: a random pair of words never does."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    for i, (start, _) in enumerate(tokens):
        if not _WALLET_START.match(text, start):
            continue
        joined, end = "", start
        for n, (s, e) in enumerate(tokens[i : i + 3]):
            if n and s - end != 1:  # pieces are one space or one line break apart
                break
            piece = _PIECE.match(text, s)
            if piece is None or (n and piece.start() != s):
                break
            joined, end = joined + piece.group(), piece.end()
            if n and 26 <= len(joined) <= 90:
                kind = base58_wallet(joined) or ("bitcoin" if bech32_valid(joined) else None)
                if kind:
                    yield Candidate(start, end, "CRYPTO_WALLET", f"rule:{kind}",
                                    detail="checksum valid once the pieces a line break split are joined")  # fmt: skip
                    break
            if piece.end() != e:  # punctuation after the piece: the wallet cannot go on
                break
