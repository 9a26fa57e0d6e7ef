"""The role of each person (suspect, victim, witness, official, other) from context words.

Each mention looks for role words of any language just before it (same sentence, up to
``BEFORE`` characters, not past another person) and just after it (an apposition such as
", vice-procureure", or the title line under a signature). Over all mentions of an identity
the nearest role word wins, with two rules from practice: a victim heard as a witness stays
a victim, and 'other' (relatives, staff, holders of lines) yields to any specific role.
Inside a chat's messages a relative's or a lawyer's word ('my brother X') gives no role: the
writers say how they know someone, not the part the person plays.
Victims the story only describes ("X lost 9 000 euros", "stabbed X", ``victim_cues.py``)
count as a victim word at ``CUE_DISTANCE``: they beat 'other' and the default, a specific
role word nearer than that still wins, and a role word on the far side of the act belongs to
the other party ("the accused threatened X", "X threatened the victim").
The holder of a mailbox at a police, prosecution, court or ministry domain is an official
(the name's words in the mailbox's local part); the sender of an item that is itself a mail to
such an authority, from a mailbox of its own, reports the case ('other': a headmistress, a
care worker, a company's accountant), unless the text makes the sender a victim or gives
another role. A company's letter (a legal form or a bank in its letterhead) is signed by its
staff: an official word there (a closing formula, "Myndighetshandläggare") makes the signer
'other'. With no role word or cue anywhere the person
is taken as a suspect: requests and evidence are about them. The role is then propagated to
every mention of the identity.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from triage.lang.files import languages_for
from triage.lang.fold import fold
from triage.pii.chat_names import message_bodies, message_starts
from triage.pii.context import all_keywords, keyword_spans
from triage.pii.grouping import Identity
from triage.pii.lang import ROLES
from triage.pii.persons import Mention
from triage.pii.recognizers.email import EMAIL
from triage.pii.registry import RecognizerInput
from triage.pii.victim_cues import victim_cues
from triage.protection.hearing import TITLE_SPAN, hearing_title, title_line
from triage.vocabulary import Role

BEFORE = 60
AFTER = 45
AFTER_PENALTY = 8
OTHER_PENALTY = 15
DEFAULT_ROLE = Role.SUSPECT
CUE = "victim_cue"  # what happened to the person (``victim_cues.py``), not a role word
#: What decided a role, shown with it (``PiiSpan.role_basis``): a reviewer sees which roles
#: the text settled and which are the default.
BY_ROLE_WORD, BY_VICTIM_CUE, BY_MAILBOX = "rule:role_word", "rule:victim_cue", "rule:official_mailbox"
BY_REPORTER, BY_STAFF = "rule:reporting_sender", "rule:company_signature"
BY_DEFAULT = "default: no role word or described act near any mention"
CUE_DISTANCE = 30  # a described victim loses to a specific role word closer than this
SENTENCE_END = regex.compile(r"(?<=\p{L}{4}|\d)[.!?](?=\s)|\n\s*\n")  # the stop itself, not the word before it
LABEL_GAP = regex.compile(r"^[\s:–-]*$")  # "Świadek:\n\nHalina …": a label right before the name
SAME_LINE_GAP = regex.compile(r"^[ \t]{1,2}$")
FIELD_GAP = regex.compile(r"^[ \t]*:?[ \t]*\n?[ \t]*$")  # "Hörd: Elin", "Zur Person:\nBAUER": no prose between
CONJUNCTION = regex.compile(r"^\s*(?:,|and|und|et|e|y|i|și|en|és|a|и|και)\s+$")


def _keyword_covered(inp: RecognizerInput, pos: int) -> bool:
    """``pos`` lies inside some keyword ('dott.', 'sierż.'): its full stop ends no sentence."""
    ends = inp.memo(
        "roles:keyword_ends", list, lambda: sorted((s, e) for spans in all_keywords(inp).values() for s, e in spans)
    )
    i = bisect_right(ends, (pos, 1 << 62)) - 1
    return any(s <= pos < e for s, e in ends[max(0, i - 3) : i + 1])


def heard_role(inp: RecognizerInput) -> str | None:
    """The part of the person that a record of a hearing names in its header ("Hörd: Elin
    Marttila", "Zur Person:\nBAUER, Theresa", "Name: …"): the victim's where its title names a
    victim heard, the witness's otherwise; none outside such a record, where a name label
    says nothing of a part."""

    def find() -> str:
        head = inp.text[:TITLE_SPAN]
        folded = fold(head)
        for language in languages_for(inp.language):
            hit = hearing_title(head, folded, language)
            if hit is not None:
                start, end = title_line(head, hit)
                victim = any(start <= s < end for s, _ in keyword_spans(inp, Role.VICTIM))
                return Role.VICTIM if victim else Role.WITNESS
        return ""

    return inp.memo("roles:heard", str, find) or None


def _nearest(
    inp: RecognizerInput, lo: int, hi: int, pivot: int, before: bool, next_person: int | None = None
) -> tuple[str, int] | None:
    best: tuple[str, int, int] | None = None
    spans = []
    for role in ROLES:
        found = keyword_spans(inp, role)
        for s, e in found[bisect_left(found, (lo, lo)) : bisect_left(found, (hi, hi))]:
            # "… Ava M. (12), handed in by her mother Siobhán M.": a word right before the next
            # person on the same line is that person's, not this one's apposition
            if e <= hi and not (next_person is not None and SAME_LINE_GAP.match(inp.text[e:next_person])):
                spans.append((s, e, role))
    heard = heard_role(inp) if before else None
    if heard is not None:
        found = keyword_spans(inp, "heard")
        for s, e in found[bisect_left(found, (lo, lo)) : bisect_left(found, (hi, hi))]:
            gap = inp.text[e:pivot]
            if (":" in gap or "\n" in gap) and FIELD_GAP.match(gap):  # a field of the header's, not "the name X"
                spans.append((s, e, heard))
    # a role word inside a longer one does not count ('ofițer' in 'ofițer conformitate')
    spans = [a for a in spans if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)]
    # "bruder die bullen …": a kinship word opening a chat message addresses the reader, and
    # inside a chat's messages the writers' "my brother", "the lawyer" say how they know
    # someone, not the part the person plays in the case
    starts, bodies = message_starts(inp), message_bodies(inp)
    spans = [a for a in spans if not (a[2] == "other" and (a[0] in starts or bodies.overlaps(a[0], a[0] + 1)))]
    for s, e, role in spans:
        dist = pivot - e if before else s - pivot + AFTER_PENALTY
        if role == "other":
            dist += OTHER_PENALTY
        if before and LABEL_GAP.match(inp.text[e:pivot]):
            dist = min(dist, 1)
        if best is None or (dist, -(e - s)) < (best[1], -best[2]):
            best = (role, dist, e - s)
    return (best[0], best[1]) if best else None


def mention_role(
    inp: RecognizerInput, m: Mention, prev_end: int, next_start: int, next_person: int | None = None
) -> tuple[str, int] | None:
    """The nearest role word around one mention and its distance."""
    text = inp.text
    lo = max(0, m.start - BEFORE, prev_end)
    for cut in SENTENCE_END.finditer(text, lo, m.start):
        real = cut.group().startswith("\n") or not _keyword_covered(inp, cut.end() - 1)
        if real and not LABEL_GAP.match(text[cut.start() : m.start]):
            lo = max(lo, cut.end())
    hi = min(len(text), m.end + AFTER, next_start)
    for stop in SENTENCE_END.finditer(text, m.end, hi):
        if stop.group().startswith("\n") or not _keyword_covered(inp, stop.end() - 1):
            hi = stop.start() + 1
            break
    found = [
        r for r in (_nearest(inp, lo, m.start, m.start, True), _nearest(inp, m.end, hi, m.end, False, next_person))
        if r
    ]
    return min(found, key=lambda r: r[1]) if found else None


def _nearest_other(found: list[tuple[str, int]]) -> int:
    return min(d for r, d in found if r == Role.OTHER)


def _choose(found: list[tuple[str, int]]) -> tuple[str, str]:
    """The role and what decided it."""
    words = [r for r in found if r[0] != CUE]
    roles = {r for r, _ in words}
    if {Role.VICTIM, Role.WITNESS} <= roles:
        return Role.VICTIM, BY_ROLE_WORD  # a victim heard as a witness keeps the role of victim
    if len(words) < len(found):
        # a described victim beats 'other' and the default; a role word near a mention still wins
        words = [r for r in words if r[0] != Role.OTHER] + [(Role.VICTIM, -1)]  # -1: the cue, at CUE_DISTANCE
        role, distance = min(words, key=lambda r: CUE_DISTANCE if r[1] < 0 else r[1])
        return role, BY_VICTIM_CUE if distance < 0 else BY_ROLE_WORD
    return min(words, key=lambda r: r[1])[0], BY_ROLE_WORD


#: Words of the domains of police forces, prosecution services, courts and ministries
#: ("garda.ie", "policija.lt", "pcr.cz", "justice.fr", "prokuratura.gov.pl", "syyttaja.fi").
INSTITUTION_DOMAIN = regex.compile(
    r"(?:^|[.-])(?:[a-z-]*(?:polic|poliz|polit|polis|poliisi|garda|gendarm|carabinieri|justi[cz]|justit|"
    r"prokur|prosecut|procur|fiscal|parquet|staatsanw|aklagar|anklag|syyttaja|prokuror|tuzilast|tozilstvo|"
    r"court|tribunal|gericht|soud|sodisc|sudst|minjust|ministr|europol|eurojust|interpol)[a-z-]*|"
    r"gov|gouv|gob|govt|mvr|mup|mvd|pcr|prb|jt|kapo|bka|lka|gdf)(?:\.|$)"
)
#: A name word this long found in a mailbox's local part names its holder; glued to other
#: letters ("jmaric", "kovacova.j") it needs to be longer.
MAILBOX_WORD, GLUED_WORD = 3, 5


def _official_mailboxes(inp: RecognizerInput) -> list[str]:
    """The folded local parts of the item's mailboxes at police, prosecution, court or ministry domains."""
    out = []
    for m in EMAIL.finditer(inp.text):
        local, _, domain = m.group().lower().partition("@")
        if INSTITUTION_DOMAIN.search(domain):
            out.append(fold(local))
    return out


#: A mail's header opens the item: lines of "Label: value" within its first lines.
HEADER_LINE = regex.compile(r"[^\s:][^:\n]{0,24}:[ \t]+(?P<value>\S[^\n]*)")
HEADER_LINES = 8
#: The sender's line: a name, then the mailbox in angle brackets.
SENDER = regex.compile(r"(?P<name>[^:<\n]+?)\s*<[^@>\s]+@(?P<domain>[^>\s]+)>")
#: Beyond any role word's reach: a role word or a described act near any mention wins.
REPORTER_DISTANCE = BEFORE + AFTER + OTHER_PENALTY


def _authority_words(text: str) -> bool:
    """Words that name an authority ("Politie Oost-Nederland", "Stáisiún Gardaí")."""
    return any(INSTITUTION_DOMAIN.search(w) for w in regex.findall(r"\p{L}+", fold(text)))


def _names_authority(value: str) -> bool:
    """A header value that names an authority: its mailbox's domain ("dezurni@policija.si")
    or its words."""
    domains = regex.findall(r"@([\w.-]+)", value)
    if domains:
        return any(INSTITUTION_DOMAIN.search(d.lower()) for d in domains)
    return _authority_words(value)


def reporting_sender(text: str) -> tuple[int, int] | None:
    """Where the sender's name stands when the item is a mail to an authority from a mailbox
    that is not one: the envelope of a report, whose sender tells what happened to others.
    Only the item's own header counts: a mail forwarded inside it is evidence, and its
    sender is often the suspect."""
    sender: tuple[int, int] | None = None
    authority = seen = False
    pos = 0
    for line in text.split("\n")[:HEADER_LINES]:
        header = HEADER_LINE.fullmatch(line)
        if header is None:
            if seen or line.strip():
                break  # the header ended, or the item opens with something else
        elif (found := SENDER.match(header["value"])) and not seen:
            seen = True  # the first mailbox with a name is the sender's
            if INSTITUTION_DOMAIN.search(found["domain"].lower()):
                return None  # an authority writes: its officials' mailboxes decide
            start = pos + header.start("value")
            sender = (start + found.start("name"), start + found.end("name"))
        elif _names_authority(header["value"]):
            authority = True
        pos += len(line) + 1
    return sender if sender is not None and authority else None


#: A bank in a letterhead ("SYDHAVN BANK A/S", "ВАРДАР БАНКА АД", "Podtatranská banka, a. s.").
BANK = regex.compile(r"(?i)(?<!\w)(?:bank\w*|banca|banco|banque|pankki|pank|банк\w*|τράπεζα)(?!\w)")
#: The lines at a letter's end that hold its signature ("Med venlig hilsen / Trine Dahl, …").
SIGNATURE_LINES = 3


def _signature_start(inp: RecognizerInput) -> int | None:
    """Where a company's signature block starts, for an item whose letterhead (its first line
    with words) names a company and no authority; None for any other item."""
    text = inp.text
    first = regex.search(r"\w[^\n]*", text)
    if first is None:
        return None
    head = first.group()
    forms = keyword_spans(inp, "legal_form")
    company = BANK.search(head) or any(s >= first.start() for s, _ in forms[: bisect_left(forms, (first.end(), 0))])
    if not company or _authority_words(head):
        return None
    lines = [m.start() for m in regex.finditer(r"(?m)^[ \t]*\S", text)]
    return lines[-SIGNATURE_LINES] if len(lines) > SIGNATURE_LINES else None


def _mentioned(mentions: list[Mention], identities: dict[int, Identity], lo: int, hi: int) -> set[str]:
    """The persons with a mention that starts within ``lo:hi``."""
    return {identities[i].person_id for i, m in enumerate(mentions) if lo <= m.start < hi}


def _holds_mailbox(identity: Identity, mailboxes: list[str]) -> bool:
    """The identity's surname (and first name or initial, when known) in an official mailbox:
    "Ivan Matić" holds ivan.matic@mup.hr, "Aoife Brennan" holds aoife.brennan@garda.ie."""
    for box in mailboxes:
        words = set(regex.split(r"[._-]+", box))
        for surname in identity.surnames:
            key = fold(surname)
            if len(key) >= MAILBOX_WORD and (key in words or (len(key) >= GLUED_WORD and key in box)):
                firsts = [fold(f) for f in identity.first_names]
                if not firsts or any(f in words or box.startswith(f[:1]) for f in firsts):
                    return True
    return False


def assign_roles(
    inp: RecognizerInput, mentions: list[Mention], identities: dict[int, Identity]
) -> dict[str, tuple[str, str]]:
    """Role per person id, with what decided it."""
    found: dict[str, list[tuple[str, int]]] = {}
    mailboxes = _official_mailboxes(inp)
    holders = set()
    for ident in {id(i): i for i in identities.values()}.values():
        if mailboxes and _holds_mailbox(ident, mailboxes):
            holders.add(ident.person_id)
            found.setdefault(ident.person_id, []).append((Role.OFFICIAL, 0))  # the holder of an official mailbox
    reporter = reporting_sender(inp.text)
    reporters = _mentioned(mentions, identities, *reporter) if reporter else set()
    for pid in reporters:
        found.setdefault(pid, []).append((Role.OTHER, REPORTER_DISTANCE))
    signature = _signature_start(inp)
    # the company's own signers: persons named in its signature block and nowhere before it
    staff = set() if signature is None else (
        {ident.person_id for ident in identities.values()} - _mentioned(mentions, identities, 0, signature)
    )
    ordered = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    for pos, i in enumerate(ordered):
        m = mentions[i]
        prev_end = mentions[ordered[pos - 1]].end if pos > 0 else 0
        nxt = pos + 1
        # "Marloes VISSER en Jeroen BAKKER, beiden brigadier": the apposition covers both
        while nxt < len(ordered) and CONJUNCTION.match(
            inp.text[mentions[ordered[nxt - 1]].end : mentions[ordered[nxt]].start]
        ):
            nxt += 1
        next_start = mentions[ordered[nxt]].start if nxt < len(ordered) else len(inp.text)
        first = pos  # "stabbed Anna X and Piotr Y": the cue before covers both
        while first > 0 and CONJUNCTION.match(
            inp.text[mentions[ordered[first - 1]].end : mentions[ordered[first]].start]
        ):
            first -= 1
        lo = mentions[ordered[first - 1]].end if first > 0 else 0
        cue = victim_cues(inp, m.start, m.end, lo, next_start, mentions[ordered[first]].start)
        if cue.before is not None:
            # "the accused threatened X": a role word before the act is the author's
            prev_end = max(prev_end, m.start - cue.before)
        # "X threatened the victim": a role word after the act is its object's
        role_end = next_start if cue.act is None else min(next_start, m.end + cue.act)
        hit = mention_role(inp, m, prev_end, role_end, next_start)
        if hit:
            found.setdefault(identities[i].person_id, []).append(hit)
        cues = [d for d in (cue.after, cue.before) if d is not None]
        if cues:
            found.setdefault(identities[i].person_id, []).append((CUE, min(cues)))
    out = {}
    for ident in identities.values():
        pid = ident.person_id
        role, basis = _choose(found[pid]) if pid in found else (DEFAULT_ROLE, BY_DEFAULT)
        if pid in holders and role == Role.OFFICIAL:
            basis = BY_MAILBOX
        elif role == Role.OFFICIAL and basis == BY_ROLE_WORD and pid in staff:
            role, basis = Role.OTHER, BY_STAFF
        elif role == Role.OTHER and pid in reporters and _nearest_other(found[pid]) >= REPORTER_DISTANCE:
            basis = BY_REPORTER  # no word 'other' nearer than the reporter's own
        out[pid] = (role, basis)
    return out
