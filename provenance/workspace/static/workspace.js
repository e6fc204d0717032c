// prov workspace: review with keys, select text to add or fix a span, speaker
// suggestions. Everything here is an enhancement: the pages read and their forms post
// without it.
"use strict";

(function () {
  const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const statusLine = document.getElementById("status-line");
  const items = () => Array.from(document.querySelectorAll("#items .item, ol.items .item"));
  let current = null;

  function say(text) {
    if (statusLine) statusLine.textContent = text;
  }

  async function post(url, fields) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(fields),
      credentials: "same-origin",
    });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function runsOf(id) {
    return Array.from(document.querySelectorAll("#text .m")).filter(
      (run) => run.dataset.a.split(" ").includes(String(id)));
  }

  function focusItem(item, scroll) {
    if (!item) return;
    if (current) {
      current.classList.remove("current");
      runsOf(current.dataset.id).forEach((run) => run.classList.remove("lit"));
    }
    current = item;
    item.classList.add("current");
    runsOf(item.dataset.id).forEach((run) => run.classList.add("lit"));
    const shown = document.getElementById("focused-id");
    if (shown) shown.textContent = "#" + item.dataset.id;
    if (scroll) item.scrollIntoView({ block: "nearest" });
    item.focus({ preventScroll: !scroll });
  }

  function step(by) {
    const all = items();
    if (!all.length) return;
    const at = current ? all.indexOf(current) : -1;
    const next = all[Math.min(Math.max(at + by, 0), all.length - 1)];
    focusItem(next, true);
    const first = runsOf(next.dataset.id)[0];
    if (first) first.scrollIntoView({ block: "center" });
  }

  function fields(form) {
    const out = {};
    new FormData(form).forEach((value, key) => { if (key !== "csrf" && key !== "next") out[key] = value; });
    return out;
  }

  function show(item, a) {
    item.classList.remove("st-proposed", "st-confirmed", "st-rejected");
    item.classList.add("st-" + a.status);
    item.querySelector(".status").textContent = a.status;
    const badge = item.querySelector(".badge");
    if (badge) {
      badge.className = "badge s-" + a.strength;
      badge.textContent = a.strength.replaceAll("_", " ");
    }
    const mode = item.querySelector(".mode");
    if (mode) mode.textContent = a.mode;
    const who = item.querySelector(".who a, .who i");
    if (who) who.textContent = a.speaker || "the reporter";
    runsOf(a.id).forEach((run) => {
      run.classList.remove("st-proposed", "st-confirmed", "st-rejected");
      run.classList.add("st-" + a.status);
    });
  }

  // Review forms post as JSON and update the item in place.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.classList.contains("act")) return;
    event.preventDefault();
    const item = form.closest(".item");
    try {
      const answer = await post(form.action, fields(form));
      show(item, answer.attribution);
      say(answer.message);
      if (form.dataset.key === "c" || form.dataset.key === "x") step(1);
    } catch (error) {
      say(error.message);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest("input, select, textarea");
    if (typing) {
      if (event.key === "Escape") { typing.blur(); if (current) current.focus(); }
      return;
    }
    const key = event.key;
    if (key === "j") { step(1); event.preventDefault(); return; }
    if (key === "k") { step(-1); event.preventDefault(); return; }
    if (!current || document.body.dataset.writable !== "yes") return;
    const form = current.querySelector(`form[data-key="${key}"]`);
    if (form) { form.requestSubmit(); event.preventDefault(); return; }
    const control = current.querySelector(`[data-key="${key}"]`);
    if (control) { control.focus(); event.preventDefault(); }
  });

  // A click or focus on a highlight brings its attribution into focus in the list.
  const text = document.getElementById("text");
  function fromRun(run) {
    const id = run.dataset.a.split(" ")[0];
    focusItem(document.getElementById("item-" + id), true);
  }
  if (text) {
    text.addEventListener("click", (event) => {
      const run = event.target.closest(".m");
      if (run && window.getSelection().isCollapsed) fromRun(run);
    });
    text.addEventListener("focusin", (event) => {
      const run = event.target.closest(".m");
      if (run) fromRun(run);
    });
  }
  document.addEventListener("click", (event) => {
    const item = event.target.closest(".item");
    if (item && !event.target.closest("a, button, input, select")) focusItem(item, false);
  });

  // Selecting text in the article offers to add an attribution or move a span.
  const selectionForm = document.getElementById("selection-form");
  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const run = node.parentElement.closest("[data-s]");
      return run ? Number(run.dataset.s) + offset : null;
    }
    const child = node.childNodes[offset];
    if (child && child.dataset && child.dataset.s !== undefined) return Number(child.dataset.s);
    const runs = node.querySelectorAll("[data-s]");
    if (!runs.length) return null;
    const last = runs[runs.length - 1];
    return Number(last.dataset.s) + last.textContent.length;
  }
  let selected = null;
  if (text && selectionForm) {
    text.addEventListener("mouseup", () => {
      const chosen = window.getSelection();
      if (chosen.isCollapsed || !chosen.rangeCount) return;
      const range = chosen.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
      const start = offsetOf(range.startContainer, range.startOffset);
      const end = offsetOf(range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return;
      selected = { start, end };
      selectionForm.elements.start.value = start;
      selectionForm.elements.end.value = end;
      document.getElementById("selected-text").textContent = chosen.toString();
      selectionForm.hidden = false;
    });
    document.getElementById("selection-cancel").addEventListener("click", () => {
      selectionForm.hidden = true;
      selected = null;
    });
    selectionForm.querySelectorAll("#span-fix button").forEach((button) => {
      button.addEventListener("click", async () => {
        if (!current || !selected) { say("focus an attribution first (click it in the list)"); return; }
        const id = current.dataset.id;
        try {
          await post(`/attributions/${id}/span`, { role: button.dataset.role, start: selected.start, end: selected.end });
          location.hash = "a" + id;
          location.reload();
        } catch (error) {
          say(error.message);
        }
      });
    });
  }

  // Speaker suggestions from the directory as a name is typed.
  let pending = null;
  document.addEventListener("input", (event) => {
    const input = event.target.closest(".speaker-input");
    if (!input) return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      if (input.value.trim().length < 2) return;
      const response = await fetch("/speakers/suggest?q=" + encodeURIComponent(input.value));
      if (!response.ok) return;
      const body = await response.json();
      const list = document.getElementById("speaker-list");
      if (!list) return;
      list.replaceChildren(...body.speakers.map((s) => {
        const option = document.createElement("option");
        option.value = s.name;
        option.label = `${s.name} (${s.type}, ${s.attributions})`;
        return option;
      }));
    }, 150);
  });

  // Arriving at #aN: bring attribution N into focus.
  function fromHash() {
    const found = /^#a(\d+)$/.exec(location.hash);
    if (!found) return;
    const item = document.getElementById("item-" + found[1]);
    if (item) focusItem(item, true);
    const run = runsOf(found[1])[0];
    if (run) run.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
