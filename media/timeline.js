// Timeline webview: draws the rows the extension computed (src/extension/timelineRows.ts), posted whole ("view") or
// as the rows that changed ("update") while a replay streams in. Only the rows in view exist in the DOM, so 10,000+
// operations scroll smoothly. Each bar is placed on the span of all rows when it is drawn, so the rows already here
// stay valid as the span grows. Every payload is written with textContent: a result such as
// `<img src=x onerror=alert(1)>` shows as those characters and never becomes markup.
(function () {
  "use strict";
  const vscode = acquireVsCodeApi();
  const ROW_HEIGHT = 24;
  const OVERSCAN = 12;
  const STATE_MARK = { replayed: "↺", live: "▶", diverged: "✖", unreached: "○" };

  const viewportEl = document.getElementById("viewport");
  const spacerEl = document.getElementById("spacer");
  const summaryEl = document.getElementById("summary");
  const findingsEl = document.getElementById("findings");
  /** Divergences without an operation row (a different final result), shown above the rows. */
  let findings = [];
  /** @type {{ rows: any[], pausedSeq?: number, status?: string, counts: Record<string, number> }} */
  let view = { rows: [], counts: { replayed: 0, live: 0, diverged: 0, unreached: 0 } };
  let shownPaused;
  let frame = 0;
  /**
   * The recorded rows' clock (production, from the log) and the live rows' (this session) are months apart: each gets
   * a segment of its own, the live one after the recorded one. Epoch ms.
   */
  let span = { recorded: { first: 0, length: 0 }, live: { first: 0, length: 0 }, length: 1 };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function rowElement(row, index) {
    const node = element("div", `op-row state-${row.state}`);
    node.setAttribute("role", "treeitem");
    node.setAttribute("aria-level", String(row.depth + 1));
    node.setAttribute("data-path", row.path);
    node.setAttribute("data-state", row.state);
    node.setAttribute("data-seq", String(row.seq));
    node.tabIndex = -1;
    node.style.top = `${index * ROW_HEIGHT}px`;
    if (row.seq === view.pausedSeq) {
      node.classList.add("paused");
      node.setAttribute("aria-current", "step");
    }
    if (row.navigable) node.classList.add("navigable");

    const label = element("div", "op-label");
    label.style.paddingLeft = `${row.depth * 16}px`;
    label.append(
      element("span", "op-state", STATE_MARK[row.state] || "?"),
      element("span", "op-name", row.label),
      element("span", "op-kind", row.kind),
    );
    if (row.attempts) label.append(element("span", "op-attempts", row.attempts));
    if (row.gap) {
      // The execution was suspended (a wait, a callback) before this call's invocation began.
      const gap = element("span", "op-gap", row.gap);
      gap.title = row.timingTitle || "";
      label.prepend(gap);
    }
    const preview = element("div", "op-preview", row.preview);
    preview.title = row.preview;
    const track = element("div", "op-track");
    if (row.start !== undefined) {
      // A zero-length operation still gets a visible sliver.
      const width = Math.max(0.5, ((row.end - row.start) / span.length) * 100);
      const bar = element("div", `op-bar timing-${row.timing || "recorded"}`);
      const offset =
        row.timing === "live" ? span.recorded.length + row.start - span.live.first : row.start - span.recorded.first;
      bar.style.left = `${Math.min((offset / span.length) * 100, 100 - width)}%`;
      bar.style.width = `${width}%`;
      track.append(bar);
    }
    // Recorded (production) timing reads as is; a live operation's own timing says so.
    const duration = element(
      "div",
      "op-duration",
      row.duration && row.timing === "live" ? `${row.duration} (live)` : row.duration || "",
    );
    if (row.timing) duration.setAttribute("data-timing", row.timing);
    if (row.timingTitle) track.title = duration.title = row.timingTitle;
    node.append(label, preview, track, duration);
    return node;
  }

  function draw() {
    frame = 0;
    spacerEl.style.height = `${view.rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(viewportEl.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(
      view.rows.length,
      Math.ceil((viewportEl.scrollTop + viewportEl.clientHeight) / ROW_HEIGHT) + OVERSCAN,
    );
    const rows = [];
    for (let i = first; i < last; i++) rows.push(rowElement(view.rows[i], i));
    spacerEl.replaceChildren(...rows);
  }

  function scheduleDraw() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function summary() {
    const c = view.counts;
    const parts = [
      `${view.rows.length} operations`,
      `${c.replayed} replayed`,
      `${c.live} live`,
      `${c.diverged} diverged`,
    ];
    if (c.unreached) parts.push(`${c.unreached} unreached`);
    const warnings = findings.filter((f) => f.severity === "warning").length;
    const errors = findings.length - warnings;
    if (errors) parts.push(`${errors} other divergence${errors === 1 ? "" : "s"}`);
    if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
    summaryEl.textContent =
      (view.status ? `Replay ${view.status.toLowerCase()} · ` : view.rows.length ? "Replaying · " : "") +
      parts.join(" · ");
  }

  function drawFindings() {
    findingsEl.replaceChildren(
      ...findings.map((finding) => {
        const node = element("div", `finding severity-${finding.severity}`);
        node.setAttribute("data-kind", finding.kind);
        node.setAttribute("data-severity", finding.severity);
        node.setAttribute("data-index", String(finding.index));
        if (finding.navigable) node.classList.add("navigable");
        node.append(
          element("span", "finding-mark", finding.severity === "warning" ? "⚠" : "✖"),
          element("span", "finding-kind", finding.kind),
          element("span", "finding-message", finding.message),
        );
        return node;
      }),
    );
  }

  /** Keeps the operation the debugger is paused at in view as the user steps. */
  function followPaused() {
    if (view.pausedSeq === undefined || view.pausedSeq === shownPaused) return;
    shownPaused = view.pausedSeq;
    const index = view.rows.findIndex((row) => row.seq === view.pausedSeq);
    if (index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < viewportEl.scrollTop || top + ROW_HEIGHT > viewportEl.scrollTop + viewportEl.clientHeight) {
      viewportEl.scrollTop = Math.max(0, top - viewportEl.clientHeight / 2);
    }
  }

  function reveal(target) {
    const rowNode = target instanceof Element ? target.closest(".op-row") : null;
    if (!rowNode) return;
    const seq = Number(rowNode.getAttribute("data-seq"));
    if (Number.isInteger(seq)) vscode.postMessage({ type: "reveal", seq });
  }

  function measureSpan() {
    const bounds = { recorded: { first: Infinity, last: -Infinity }, live: { first: Infinity, last: -Infinity } };
    for (const row of view.rows) {
      if (row.start === undefined) continue;
      const clock = bounds[row.timing === "live" ? "live" : "recorded"];
      clock.first = Math.min(clock.first, row.start);
      clock.last = Math.max(clock.last, row.end);
    }
    const segment = ({ first, last }) =>
      first === Infinity ? { first: 0, length: 0 } : { first, length: last - first };
    const recorded = segment(bounds.recorded);
    const live = segment(bounds.live);
    span = { recorded, live, length: Math.max(1, recorded.length + live.length) };
  }

  /** Applies the rows that changed; false when they do not fit the rows here (a message was lost). */
  function applyUpdate(update) {
    const rows = view.rows;
    for (const [index, row] of update.inserts) rows.splice(index, 0, row);
    for (const [index, row] of update.updates) rows[index] = row;
    view = { rows, pausedSeq: update.pausedSeq, status: update.status, counts: update.counts };
    return rows.length === update.total;
  }

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (message?.type === "view" || message?.type === "update") findings = message.findings || [];
    if (message?.type === "view") view = message.view;
    else if (message?.type === "update") {
      if (!applyUpdate(message.update)) {
        vscode.postMessage({ type: "ready" });
        return;
      }
    } else return;
    if (view.pausedSeq === undefined) shownPaused = undefined;
    measureSpan();
    summary();
    drawFindings();
    followPaused();
    scheduleDraw();
  });
  viewportEl.addEventListener("scroll", scheduleDraw, { passive: true });
  window.addEventListener("resize", scheduleDraw);
  viewportEl.addEventListener("click", (event) => reveal(event.target));
  findingsEl.addEventListener("click", (event) => {
    const node = event.target instanceof Element ? event.target.closest(".finding") : null;
    const index = node ? Number(node.getAttribute("data-index")) : NaN;
    if (Number.isInteger(index)) vscode.postMessage({ type: "revealFinding", index });
  });
  viewportEl.addEventListener("keydown", (event) => {
    if (event.key === "Enter") reveal(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      viewportEl.scrollTop += event.key === "ArrowDown" ? ROW_HEIGHT : -ROW_HEIGHT;
      event.preventDefault();
    }
  });
  vscode.postMessage({ type: "ready" });
})();
