// The review page's behaviour: shortcuts, twin sentences, evidence highlighting, the selection
// of a missed span, and batch progress. No framework, no inline script (the CSP forbids it).
"use strict";

function $(sel, root) { return (root || document).querySelector(sel); }
function $$(sel, root) { return Array.from((root || document).querySelectorAll(sel)); }

// --- Keyboard shortcuts -------------------------------------------------------------------
function typing(target) {
  return target.closest && target.closest("input, textarea, select, [contenteditable]");
}

function queueRows() { return $$("#queue tbody tr.queue-row"); }

function moveSelection(step) {
  const rows = queueRows();
  if (!rows.length) return;
  let at = rows.findIndex(r => r.classList.contains("selected"));
  at = Math.min(rows.length - 1, Math.max(0, at + step));
  rows.forEach(r => r.classList.remove("selected"));
  rows[at].classList.add("selected");
  const link = $("a.open", rows[at]);
  if (link) link.focus();
}

function toggleShortcuts(show) {
  const dialog = $("#shortcuts");
  if (!dialog) return;
  dialog.hidden = show === undefined ? !dialog.hidden : !show;
  if (!dialog.hidden) $("#shortcuts-close").focus();
}

document.addEventListener("keydown", event => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const inQueue = !!$("#queue");
  const go = sel => { const a = $(sel); if (a) window.location.assign(a.href); };
  switch (event.key) {
    case "?": toggleShortcuts(); break;
    case "Escape": toggleShortcuts(false); break;
    case "j": inQueue ? moveSelection(1) : go("#next"); break;
    case "k": inQueue ? moveSelection(-1) : go("#previous"); break;
    case "o": case "Enter": {
      const row = $("#queue tr.selected");
      if (inQueue && row) window.location.assign(row.dataset.href); else return;
      break;
    }
    case "a": { const b = $("#accept"); if (b) b.click(); else return; break; }
    case "/": { const s = $("#search"); if (s) s.focus(); else return; break; }
    default: return;
  }
  event.preventDefault();
});

document.addEventListener("DOMContentLoaded", () => {
  const close = $("#shortcuts-close");
  if (close) close.addEventListener("click", () => toggleShortcuts(false));
  $$("#queue tr.queue-row").forEach(row => row.addEventListener("click", event => {
    if (!event.target.closest("a")) window.location.assign(row.dataset.href);
  }));
  setUpTwins();
  setUpEvidence();
  setUpSelection();
  setUpBatches();
});

// --- Original and translation: a sentence and its twin ----------------------------------
function setUpTwins() {
  const grid = $("#side-by-side");
  if (!grid) return;
  const twins = i => $$(`.seg[data-i="${i}"]`, grid);
  const mark = (i, cls, on) => twins(i).forEach(el => el.classList.toggle(cls, on));
  $$(".seg", grid).forEach(seg => {
    const i = seg.dataset.i;
    seg.addEventListener("mouseenter", () => mark(i, "twin", true));
    seg.addEventListener("mouseleave", () => mark(i, "twin", false));
    seg.addEventListener("focus", () => mark(i, "twin", true));
    seg.addEventListener("blur", () => mark(i, "twin", false));
    seg.addEventListener("click", () => {
      const pinned = seg.classList.contains("pinned");
      $$(".seg.pinned", grid).forEach(el => el.classList.remove("pinned"));
      if (!pinned) mark(i, "pinned", true);
    });
  });
}

// --- Evidence: the words a finding rests on ----------------------------------------------
function parseSpans(text) {
  return text.split(",").filter(Boolean).map(part => part.split("-").map(Number));
}

function highlight(spans) {
  $$(".piece.hit").forEach(p => p.classList.remove("hit"));
  const hits = $$(".seg.original .piece").filter(p => {
    const s = +p.dataset.s, e = +p.dataset.e;
    return spans.some(([a, b]) => s < b && e > a);
  });
  hits.forEach(p => p.classList.add("hit"));
  if (hits.length) {
    hits[0].scrollIntoView({ behavior: "smooth", block: "center" });
    hits[0].closest(".seg").focus({ preventScroll: true });
  }
  return hits.length;
}

function setUpEvidence() {
  $$("button.evidence[data-spans]").forEach(button => button.addEventListener("click", () => {
    highlight(parseSpans(button.dataset.spans));
  }));
}

// --- A span the service missed: the selection, as offsets into the original text -----------
function boundary(node, offset, isEnd) {
  let el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  if (el.classList && el.classList.contains("seg")) {  // the boundary sits between pieces
    const child = el.childNodes[Math.min(offset, el.childNodes.length - 1)];
    const piece = child && child.nodeType === Node.ELEMENT_NODE ? child : null;
    if (!piece || !piece.dataset.s) return null;
    return offset >= el.childNodes.length ? +piece.dataset.e : +piece.dataset.s;
  }
  const badge = el.closest(".badge");
  if (badge) {
    const prev = badge.previousElementSibling;
    return prev ? +prev.dataset.e : null;
  }
  const piece = el.closest(".piece");
  if (!piece) return null;
  if (node.nodeType !== Node.TEXT_NODE) return isEnd ? +piece.dataset.e : +piece.dataset.s;
  return +piece.dataset.s + offset;
}

function textBetween(a, b) {
  return $$(".seg.original .piece").map(p => {
    const s = +p.dataset.s, e = +p.dataset.e;
    if (e <= a || s >= b) return "";
    return p.textContent.slice(Math.max(0, a - s), Math.min(e, b) - s);
  }).join("");
}

function setUpSelection() {
  const form = $("#add-span");
  if (!form) return;
  const pick = () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const inside = n => (n.nodeType === Node.TEXT_NODE ? n.parentElement : n).closest(".seg.original");
    if (!inside(range.startContainer) || !inside(range.endContainer)) return;
    let a = boundary(range.startContainer, range.startOffset, false);
    let b = boundary(range.endContainer, range.endOffset, true);
    if (a === null || b === null || b <= a) return;
    let text = textBetween(a, b);
    const lead = text.length - text.trimStart().length, trail = text.length - text.trimEnd().length;
    a += lead; b -= trail; text = text.trim();
    if (!text) return;
    $("#add-start").value = a;
    $("#add-end").value = b;
    $("#add-text").textContent = `“${text}” (characters ${a}–${b})`;
    $("#add-button").disabled = false;
  };
  $$(".seg.original").forEach(seg => seg.addEventListener("mouseup", pick));
  document.addEventListener("keyup", event => { if (event.shiftKey) pick(); });
}

// --- Batches: progress while a dump is processed --------------------------------------------
function setUpBatches() {
  $$(".batch[data-finished='false']").forEach(box => {
    const poll = async () => {
      try {
        const answer = await fetch(`/batches/${box.dataset.batch}/progress`, { credentials: "same-origin" });
        if (!answer.ok) return;
        const batch = await answer.json();
        const bar = $("progress", box);
        const pending = (batch.counts.received || 0) + (batch.counts.processing || 0);
        bar.max = Math.max(1, batch.total);
        bar.value = batch.total - pending;
        $(".batch-counts", box).textContent =
          Object.entries(batch.counts).map(([s, n]) => `${s}: ${n}`).join(" ") + (batch.finished ? " (finished)" : "");
        if (batch.finished) { box.dataset.finished = "true"; return; }
      } catch (error) { /* the server is restarting: try again */ }
      window.setTimeout(poll, 2000);
    };
    window.setTimeout(poll, 1000);
  });
}
