#!/usr/bin/env python3
"""Build a labelled split of the team's own corpus (``eval/<split>/corpus.jsonl``) from its sources.

A copy of ``../shared/eval/dev/build.py`` (the same markup and checks), with the language
list of issue 9 (the 24 official EU languages and the neighbours a central authority meets)
and without the dev corpus's fixed count of items per language. Splits: ``blind`` (written
before any tuning, never tuned on; ids Bnnn), ``train`` (tuned on; ids Tnnn) and ``valid``
(written later, before a second round of changes, to choose between them by its totals
only; ids Vnnn) and ``valid2`` (the same, written before a fourth pass; ids Wnnn).

    python eval/build.py blind            # check every item, write eval/blind/corpus.jsonl
    python eval/build.py train --check    # check only, write nothing
    python eval/build.py train --stats    # also print counts per language, kind, offence, ...

Needs Python 3.11 and python-stdnum. Each file in source/ is one item: a header of
`key: value` lines, a line `---`, then the text with inline markup:

    [[PERSON|suspect:Jean Dupont]]          a PERSON span with its role
    [[IBAN:FR76 3000 6000 0112 3456 7890 189]]
    [[NATIONAL_ID@fr.nir:1 85 05 78 006 084 36]]   validator: a stdnum module
    [[BANK_ACCOUNT@cz.bankaccount:19-2000145399/0800]]

The markup is stripped and the spans get character offsets into the plain text.
Header keys: id, kind, language, date (the document's own date), offences,
urgency, urgency_reasons, deadline, special_categories, protected_persons
(comma-separated lists; empty or `-` for none), decoys (strings that look like
personal data but are not, separated by ` | `), note (free text, not exported).
"""
import argparse
import datetime
import hashlib
import importlib
import ipaddress
import json
import re
import sys
from collections import Counter
from pathlib import Path

try:
    from stdnum import bitcoin, iban, luhn
except ImportError:
    sys.exit("build.py needs python-stdnum (pip install python-stdnum)")

HERE = Path(__file__).resolve().parent
SPLITS = {"blind": "B", "train": "T", "valid": "V", "valid2": "W"}  # split -> id prefix

KINDS = {"mla_request", "eio", "preservation_request", "email", "chat", "bank_record",
         "witness_statement", "police_report", "subscriber_record", "other"}
OFFENCES = {
    "participation_criminal_organisation", "terrorism", "trafficking_human_beings",
    "child_sexual_exploitation", "drug_trafficking", "weapons_trafficking", "corruption",
    "fraud", "money_laundering", "currency_counterfeiting", "cybercrime",
    "environmental_crime", "migrant_smuggling", "murder_grievous_bodily_injury",
    "organ_trafficking", "kidnapping_hostage_taking", "racism_xenophobia",
    "organised_armed_robbery", "cultural_goods_trafficking", "racketeering_extortion",
    "product_counterfeiting_piracy", "document_forgery", "payment_means_forgery",
    "hormonal_substances_trafficking", "nuclear_materials_trafficking",
    "stolen_vehicles_trafficking", "rape", "arson", "icc_crimes", "aircraft_ship_seizure",
    "sabotage", "other"}
URGENCY = {"immediate", "urgent", "routine"}
REASONS = {"threat_to_life", "child_at_risk", "custody", "deadline", "evidence_loss",
           "data_preservation", "asset_flight", "hearing_date", "limitation_period"}
SPECIAL = {"racial_ethnic_origin", "political_opinions", "religious_beliefs", "trade_union",
           "genetic", "biometric", "health", "sex_life_orientation"}
PROTECTED = {"witness", "victim", "informant", "minor", "undercover_officer"}
PII_TYPES = {"PERSON", "DATE_OF_BIRTH", "ADDRESS", "PHONE", "EMAIL", "IBAN", "BANK_ACCOUNT",
             "CARD_NUMBER", "NATIONAL_ID", "PASSPORT", "IP_ADDRESS", "VEHICLE_PLATE",
             "CRYPTO_WALLET", "USERNAME"}
ROLES = {"suspect", "victim", "witness", "official", "other"}
LANGUAGES = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
             "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",  # the 24 EU languages
             "uk", "ru", "tr", "sq", "sr", "bs", "mk", "ka", "ar"}  # issue 9's neighbours
EXPECTED_LANGS: dict[str, int] = {}  # no quota per language in the blind split
SERBO_CROATIAN = ("hr", "sr")
LIST_KEYS = ("offences", "urgency_reasons", "special_categories", "protected_persons")

MARK = re.compile(r"\[\[([A-Z_]+)(?:\|([a-z]+))?(?:@([a-z_.]+))?:(.*?)\]\]", re.S)


class Problems:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


# ---------------------------------------------------------------- identifiers
def _compact(value):
    return re.sub(r"[\s.\-/]", "", value)


def check_identifier(span, validator):
    """Return None if the span's value validates, else a reason."""
    t, value = span["type"], span["text"]
    if t == "IBAN":
        if value != value.strip() or not iban.is_valid(value):
            return "IBAN does not validate"
        return None
    if t == "CARD_NUMBER":
        digits = re.sub(r"[ \-]", "", value)
        if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
            return "card number fails the Luhn check or has a bad length"
        return None
    if t in ("NATIONAL_ID", "BANK_ACCOUNT") and validator:
        try:
            module = importlib.import_module(f"stdnum.{validator}")
        except ImportError:
            return f"no stdnum module {validator}"
        return None if module.is_valid(value) else f"does not validate as {validator}"
    if t == "NATIONAL_ID":
        return "NATIONAL_ID needs a validator (e.g. [[NATIONAL_ID@fr.nir:...]])"
    if t == "IP_ADDRESS":
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return "not an IP address"
        return None
    if t == "EMAIL":
        return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value) else "not an e-mail address"
    if t == "CRYPTO_WALLET":
        return check_wallet(value)
    if t == "DATE_OF_BIRTH":
        return None if re.search(r"\d", value) else "no digits in a date of birth"
    return None


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58check_ok(value, version):
    n = 0
    for c in value:
        if c not in B58:
            return False
        n = n * 58 + B58.index(c)
    raw = n.to_bytes(25, "big") if n.bit_length() <= 200 else b""
    if len(raw) != 25 or raw[0] != version:
        return False
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def check_wallet(value):
    if value.startswith(("bc1", "1", "3")):
        return None if bitcoin.is_valid(value) else "Bitcoin address does not validate"
    if value.startswith("0x"):
        return None if re.fullmatch(r"0x[0-9a-f]{40}", value) else "not an (all lower-case) Ethereum address"
    if value.startswith("T"):
        return None if _b58check_ok(value, 0x41) else "TRON address does not validate"
    return "unknown wallet format"


# ---------------------------------------------------------------- parsing
def parse_source(path, problems):
    raw = path.read_text(encoding="utf-8")
    if "\n---\n" not in raw:
        problems.error(path.name, "no '---' line between header and text")
        return None
    head, body = raw.split("\n---\n", 1)
    meta = {}
    for line in head.splitlines():
        if not line.strip():
            continue
        if ":" not in line:
            problems.error(path.name, f"bad header line {line!r}")
            continue
        k, v = line.split(":", 1)
        meta[k.strip()] = v.strip()
    body = body.rstrip("\n")
    text_parts, spans, pos, out_len = [], [], 0, 0
    for m in MARK.finditer(body):
        text_parts.append(body[pos:m.start()])
        out_len += m.start() - pos
        typ, role, validator, value = m.groups()
        spans.append({"start": out_len, "end": out_len + len(value), "type": typ,
                      "role": role, "validator": validator, "text": value})
        text_parts.append(value)
        out_len += len(value)
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    return meta, text, spans


def as_list(value):
    if value is None or value.strip() in ("", "-"):
        return []
    return [x.strip() for x in value.split(",") if x.strip()]


# ---------------------------------------------------------------- checks
def check_item(name, meta, text, spans, problems):
    where = meta.get("id", name)
    for key in ("id", "kind", "language", "date", "offences", "urgency", "deadline"):
        if key not in meta:
            problems.error(where, f"header lacks {key}")
    if meta.get("kind") not in KINDS:
        problems.error(where, f"bad kind {meta.get('kind')!r}")
    if meta.get("language") not in LANGUAGES:
        problems.error(where, f"bad language {meta.get('language')!r}")
    lists = {k: as_list(meta.get(k)) for k in LIST_KEYS}
    for key, allowed in (("offences", OFFENCES), ("urgency_reasons", REASONS),
                         ("special_categories", SPECIAL), ("protected_persons", PROTECTED)):
        for v in lists[key]:
            if v not in allowed:
                problems.error(where, f"bad {key} code {v!r}")
        if len(set(lists[key])) != len(lists[key]):
            problems.error(where, f"repeated code in {key}")
    if not lists["offences"]:
        problems.error(where, "no offence")
    if "other" in lists["offences"] and len(lists["offences"]) > 1:
        problems.warn(where, "'other' together with listed offences")
    level = meta.get("urgency")
    if level not in URGENCY:
        problems.error(where, f"bad urgency {level!r}")
    elif level == "routine" and lists["urgency_reasons"]:
        problems.error(where, "routine item with urgency reasons")
    elif level != "routine" and not lists["urgency_reasons"]:
        problems.error(where, f"{level} item without a reason")
    try:
        doc_date = datetime.date.fromisoformat(meta.get("date", ""))
    except ValueError:
        problems.error(where, f"bad document date {meta.get('date')!r}")
        doc_date = None
    deadline = meta.get("deadline", "")
    if deadline in ("", "-", "null", "none"):
        deadline = None
    else:
        try:
            d = datetime.date.fromisoformat(deadline)
            if doc_date and d < doc_date:
                problems.error(where, f"deadline {deadline} before the document date {doc_date}")
        except ValueError:
            problems.error(where, f"bad deadline {deadline!r}")
    if doc_date and not datetime.date(2026, 1, 1) <= doc_date <= datetime.date(2026, 12, 31):
        problems.warn(where, f"document date {doc_date} outside 2026")

    # spans
    if "[[" in text or "]]" in text:
        problems.error(where, "markup left in the text (unbalanced [[ ]])")
    last_end = -1
    for s in spans:
        label = f"{s['type']} {s['text']!r}"
        if text[s["start"]:s["end"]] != s["text"]:
            problems.error(where, f"offsets do not give the span text for {label}")
        if s["type"] not in PII_TYPES:
            problems.error(where, f"bad PII type in {label}")
        if s["role"] and s["type"] != "PERSON":
            problems.error(where, f"role on a non-PERSON span {label}")
        if s["role"] and s["role"] not in ROLES:
            problems.error(where, f"bad role {s['role']!r} in {label}")
        if s["type"] == "PERSON" and not s["role"]:
            problems.warn(where, f"PERSON without a role: {label}")
        if s["validator"] and s["type"] not in ("NATIONAL_ID", "BANK_ACCOUNT"):
            problems.error(where, f"validator on {label}")
        if not s["text"] or s["text"] != s["text"].strip():
            problems.error(where, f"empty span or span with outer spaces: {label}")
        if s["start"] < last_end:
            problems.error(where, f"overlapping spans at {label}")
        last_end = s["end"]
        reason = check_identifier(s, s["validator"])
        if reason:
            problems.error(where, f"{label}: {reason}")

    decoys = [d.strip() for d in meta.get("decoys", "").split(" | ") if d.strip() not in ("", "-")]
    for d in decoys:
        if d not in text:
            problems.error(where, f"decoy {d!r} is not in the text")
        for s in spans:
            if d == s["text"]:
                problems.error(where, f"decoy {d!r} is also labelled")
    leak_scan(where, text, spans, decoys, problems)
    repeat_scan(where, text, spans, decoys, problems)

    words = len(text.split())
    if words > 600:
        problems.error(where, f"{words} words (over 600)")
    item = {
        "id": meta.get("id"),
        "kind": meta.get("kind"),
        "language": meta.get("language"),
        "text": text,
        "offences": lists["offences"],
        "urgency": level,
        "urgency_reasons": lists["urgency_reasons"],
        "deadline": deadline,
        "special_categories": lists["special_categories"],
        "protected_persons": lists["protected_persons"],
        "pii": [dict({"start": s["start"], "end": s["end"], "type": s["type"]},
                     **({"role": s["role"]} if s["role"] else {}), text=s["text"]) for s in spans],
    }
    return item, words


def covered(start, end, spans):
    return any(s["start"] <= start and end <= s["end"] for s in spans)


def leak_scan(where, text, spans, decoys, problems):
    """Things that look like e-mails, IBANs, cards or IP addresses must be labelled or
    listed as decoys."""
    def report(kind, m_start, m_end):
        value = text[m_start:m_end]
        if covered(m_start, m_end, spans):
            return
        if any(value in d or d in value for d in decoys):
            return
        problems.error(where, f"unlabelled {kind} {value!r} (label it or list it in decoys)")

    for m in re.finditer(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}", text):
        report("e-mail", m.start(), m.end())
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8,32}", text):
        chunk = m.group(0)
        for cut in range(len(chunk), 11, -1):
            if (cut == len(chunk) or chunk[cut] == " ") and iban.is_valid(chunk[:cut]):
                report("IBAN", m.start(), m.start() + cut)
                break
    for m in re.finditer(r"(?<![\d.,/])\d(?:[ \-]?\d){12,18}(?![\d/])", text):
        digits = re.sub(r"\D", "", m.group(0))
        if luhn.is_valid(digits) and digits[0] in "2345689":
            report("card-like number", m.start(), m.end())
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)", text):
        try:
            ipaddress.IPv4Address(m.group(0))
        except ValueError:
            continue
        report("IPv4 address", m.start(), m.end())
    for m in re.finditer(r"(?<![\w:])[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])", text):
        try:
            ipaddress.IPv6Address(m.group(0))
        except ValueError:
            continue
        report("IPv6 address", m.start(), m.end())


def repeat_scan(where, text, spans, decoys, problems):
    """A labelled value that occurs again elsewhere must be labelled there too; a word of
    a labelled name that occurs alone elsewhere is worth a look (a warning: it may be a
    company or place name)."""
    values = {s["text"] for s in spans if len(s["text"]) >= 3}
    for v in values:
        for m in re.finditer(r"(?<!\w)" + re.escape(v) + r"(?!\w)", text):
            if not covered(m.start(), m.end(), spans):
                problems.error(where, f"{v!r} is labelled elsewhere but not at offset {m.start()}")
    words = {w for s in spans if s["type"] == "PERSON"
             for w in re.findall(r"[^\W\d_][\w'’-]{3,}", s["text"]) if w[0].isupper()}
    in_decoy = [(m.start(), m.end()) for d in decoys for m in re.finditer(re.escape(d), text)]
    for w in words:
        for m in re.finditer(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text):
            if any(a <= m.start() and m.end() <= b for a, b in in_decoy):
                continue
            if not covered(m.start(), m.end(), spans):
                problems.warn(where, f"name word {w!r} unlabelled at offset {m.start()}: "
                                     f"{text[max(0, m.start() - 20):m.end() + 20]!r}")


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=sorted(SPLITS), help="which split to build")
    ap.add_argument("--check", action="store_true", help="check only, write nothing")
    ap.add_argument("--stats", action="store_true", help="print counts")
    ap.add_argument("--only", default="*.txt", metavar="GLOB",
                    help="check only the source files matching GLOB (with --check)")
    a = ap.parse_args()
    if a.only != "*.txt" and not a.check:
        ap.error("--only checks a part of a split; add --check")
    source, output, prefix = HERE / a.split / "source", HERE / a.split / "corpus.jsonl", SPLITS[a.split]
    problems = Problems()
    items, words = [], {}
    paths = sorted(source.glob(a.only))
    if not paths:
        print(f"ERROR: no source file in {source} matches {a.only!r}")
        return 1
    for path in paths:
        parsed = parse_source(path, problems)
        if parsed is None:
            continue
        meta, text, spans = parsed
        if not path.name.startswith(f"{meta.get('id')}_"):
            problems.error(path.name, f"file name does not start with its id {meta.get('id')!r}")
        if not re.fullmatch(prefix + r"\d{3}", str(meta.get("id"))):
            problems.error(path.name, f"id {meta.get('id')!r} is not {prefix}nnn, the ids of the {a.split} split")
        item, n = check_item(path.name, meta, text, spans, problems)
        items.append(item)
        words[item["id"]] = n
    ids = [it["id"] for it in items]
    for i, n in Counter(ids).items():
        if n > 1:
            problems.error(i, "id used more than once")
    langs = Counter(it["language"] for it in items)
    for lang, n in EXPECTED_LANGS.items():
        if langs.get(lang, 0) != n:
            problems.warn("corpus", f"{langs.get(lang, 0)} items in {lang}, expected {n}")

    for w in problems.warnings:
        print("warning:", w)
    for e in problems.errors:
        print("ERROR:", e)
    if a.stats or not problems.errors:
        print_stats(items, words)
    if problems.errors:
        print(f"{len(problems.errors)} error(s); corpus not written")
        return 1
    if not a.check:
        with output.open("w", encoding="utf-8") as f:
            for it in sorted(items, key=lambda x: x["id"]):
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
        print(f"wrote {len(items)} items to {output}")
    return 0


def print_stats(items, words):
    def show(title, counter):
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))))
    print(f"items: {len(items)}")
    show("language", Counter(it["language"] for it in items))
    show("kind", Counter(it["kind"] for it in items))
    show("offence", Counter(o for it in items for o in it["offences"]))
    print(f"multi-offence items: {sum(len(it['offences']) > 1 for it in items)}")
    show("urgency", Counter(it["urgency"] for it in items))
    show("reason", Counter(r for it in items for r in it["urgency_reasons"]))
    print(f"items with a deadline: {sum(bool(it['deadline']) for it in items)}")
    show("special category", Counter(c for it in items for c in it["special_categories"]))
    print(f"items with special categories: {sum(bool(it['special_categories']) for it in items)}")
    show("protected", Counter(c for it in items for c in it["protected_persons"]))
    print(f"items with protected persons: {sum(bool(it['protected_persons']) for it in items)}")
    show("pii type", Counter(s["type"] for it in items for s in it["pii"]))
    show("person role", Counter(s.get("role", "-") for it in items for s in it["pii"] if s["type"] == "PERSON"))
    if words:
        w = sorted(words.values())
        print(f"words: min {w[0]}, median {w[len(w) // 2]}, max {w[-1]}, total {sum(w)}; "
              f"under 60: {', '.join(i for i, n in sorted(words.items()) if n < 60) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
