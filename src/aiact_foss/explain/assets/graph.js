// Draws aiact-foss explanation graphs (format aiact-foss/explanation/v1) as inline SVG.
// No library, no network: a layered layout (longest path from the roots, then a few
// barycentre sweeps to reduce crossings), boxes with wrapped labels, Bezier edges.
"use strict";
(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var W = 240, LINE = 14, PAD = 8, GAPX = 24, GAPY = 56, CHARS = 36;

  function wrap(text) {
    var words = text.split(" "), lines = [], cur = "";
    words.forEach(function (w) {
      while (w.length > CHARS) { if (cur) { lines.push(cur); cur = ""; } lines.push(w.slice(0, CHARS)); w = w.slice(CHARS); }
      if (!cur) cur = w; else if ((cur + " " + w).length <= CHARS) cur += " " + w; else { lines.push(cur); cur = w; }
    });
    if (cur || !lines.length) lines.push(cur);
    return lines.length > 6 ? lines.slice(0, 5).concat([lines[5] + " \u2026"]) : lines;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  // The nodes reachable from `root` (all nodes when root is null) and their layout.
  function layout(doc, root) {
    var byId = {}, kids = {}, parents = {};
    doc.nodes.forEach(function (n) { byId[n.id] = n; kids[n.id] = []; parents[n.id] = []; });
    doc.edges.forEach(function (e) { kids[e.target].push(e.source); parents[e.source].push(e.target); });
    var keep = {}, order = [];
    var start = root ? [root] : doc.nodes.filter(function (n) { return !parents[n.id].length; }).map(function (n) { return n.id; });
    var queue = start.slice();
    queue.forEach(function (id) { keep[id] = true; });
    while (queue.length) {
      var id = queue.shift(); order.push(id);
      kids[id].forEach(function (k) { if (!keep[k]) { keep[k] = true; queue.push(k); } });
    }
    // layer = longest path from a root (Kahn's order over the kept subgraph)
    var layer = {}, indeg = {};
    order.forEach(function (id) { indeg[id] = parents[id].filter(function (p) { return keep[p]; }).length; layer[id] = 0; });
    var ready = order.filter(function (id) { return indeg[id] === 0; });
    while (ready.length) {
      var v = ready.shift();
      kids[v].forEach(function (k) {
        if (!keep[k]) return;
        layer[k] = Math.max(layer[k], layer[v] + 1);
        if (--indeg[k] === 0) ready.push(k);
      });
    }
    var layers = [];
    order.forEach(function (id) { (layers[layer[id]] = layers[layer[id]] || []).push(id); });
    var pos = {};
    function index() { layers.forEach(function (l) { l.forEach(function (id, i) { pos[id] = i; }); }); }
    index();
    function bary(id, nbrs) {
      var xs = nbrs.filter(function (x) { return keep[x]; }).map(function (x) { return pos[x]; });
      return xs.length ? xs.reduce(function (a, b) { return a + b; }, 0) / xs.length : pos[id];
    }
    for (var sweep = 0; sweep < 4; sweep++) {
      for (var i = 1; i < layers.length; i++) { layers[i].sort(function (a, b) { return bary(a, parents[a]) - bary(b, parents[b]) || pos[a] - pos[b]; }); index(); }
      for (var j = layers.length - 2; j >= 0; j--) { layers[j].sort(function (a, b) { return bary(a, kids[a]) - bary(b, kids[b]) || pos[a] - pos[b]; }); index(); }
    }
    var box = {}, y = PAD, width = 0;
    layers.forEach(function (l) {
      var h = 0;
      l.forEach(function (id) { var n = byId[id]; n._lines = wrap(n.label); h = Math.max(h, n._lines.length * LINE + 2 * PAD); });
      width = Math.max(width, l.length * (W + GAPX));
      l.forEach(function (id, i) { box[id] = {x: PAD + i * (W + GAPX), y: y, h: byId[id]._lines.length * LINE + 2 * PAD, row: l.length}; });
      y += h + GAPY;
    });
    Object.keys(box).forEach(function (id) { box[id].x += (width - box[id].row * (W + GAPX)) / 2; });
    return {byId: byId, box: box, keep: keep, order: order, width: width + 2 * PAD, height: y - GAPY + PAD};
  }

  function render(container, doc, root, onSelect) {
    var L = layout(doc, root);
    var svg = el("svg", {width: L.width, height: L.height, viewBox: "0 0 " + L.width + " " + L.height,
                         role: "img", "aria-label": "explanation graph"});
    var defs = el("defs", {}, svg);
    ["supports", "defeats"].forEach(function (role) {
      var m = el("marker", {id: "arrow-" + role, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto"}, defs);
      el("path", {d: "M0,0 L10,5 L0,10 z", "class": "arrow " + role}, m);
    });
    doc.edges.forEach(function (e) {
      if (!L.keep[e.source] || !L.keep[e.target]) return;
      var a = L.box[e.source], b = L.box[e.target];
      var x1 = a.x + W / 2, y1 = a.y, x2 = b.x + W / 2, y2 = b.y + b.h, my = (y1 + y2) / 2;
      var p = el("path", {d: "M" + x1 + "," + y1 + " C" + x1 + "," + my + " " + x2 + "," + my + " " + x2 + "," + y2,
                          "class": "edge " + e.role, "marker-end": "url(#arrow-" + e.role + ")"}, svg);
      el("title", {}, p).textContent = e.source + " " + e.role + " " + e.target;
    });
    L.order.forEach(function (id) {
      var n = L.byId[id], b = L.box[id];
      var g = el("g", {"class": "node " + n.kind + (n.kind === "rule" && n.applies === false ? " fails" : ""),
                       "data-id": id, tabindex: 0, transform: "translate(" + b.x + "," + b.y + ")"}, svg);
      el("rect", {width: W, height: b.h, rx: n.kind === "conclusion" ? 12 : 3}, g);
      var t = el("text", {x: PAD, y: PAD + LINE - 3}, g);
      n._lines.forEach(function (line, i) { el("tspan", {x: PAD, dy: i ? LINE : 0}, t).textContent = line; });
      el("title", {}, g).textContent = id + " (" + n.kind + "): " + n.label;
      g.addEventListener("click", function () { onSelect(n); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") onSelect(n); });
    });
    container.textContent = "";
    // Zoom: the graph opens scaled to the width of its box (never enlarged), so the
    // whole derivation is in view; the buttons zoom in and out from there.
    var bar = document.createElement("div");
    bar.className = "zoom";
    var fit = Math.min(1, Math.max(0.1, ((container.clientWidth || L.width) - 8) / L.width)), scale = fit;
    function zoom(s) {
      scale = Math.max(0.1, Math.min(3, s));
      svg.setAttribute("width", Math.round(L.width * scale));
      svg.setAttribute("height", Math.round(L.height * scale));
    }
    [["\u2212", function () { zoom(scale / 1.25); }, "zoom out"], ["fit", function () { zoom(fit); }, "fit to width"],
     ["+", function () { zoom(scale * 1.25); }, "zoom in"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button"; button.textContent = b[0]; button.title = b[2];
      button.addEventListener("click", b[1]);
      bar.appendChild(button);
    });
    container.appendChild(bar);
    container.appendChild(svg);
    zoom(fit);
  }

  function describe(panel, n, anchors) {
    panel.textContent = "";
    function row(name, value, href) {
      var p = document.createElement("p"), b = document.createElement("b");
      b.textContent = name + ": "; p.appendChild(b);
      if (href) { var a = document.createElement("a"); a.href = href; a.textContent = value; p.appendChild(a); }
      else p.appendChild(document.createTextNode(value));
      panel.appendChild(p);
    }
    row(n.id, n.kind);
    row("label", n.label);
    if (n.provision) {
      row("provision", n.provision.ref + " (" + n.provision.draft + ")", /^https:/.test(n.provision.url) ? n.provision.url : null);
      var q = document.createElement("blockquote"); q.textContent = n.provision.text; panel.appendChild(q);
    }
    if (n.path !== undefined) row("scenario path", n.path, anchors[n.path] ? "#" + anchors[n.path] : null);
    if (n.value !== undefined) row("value", JSON.stringify(n.value));
    if (n.question) row("open question", n.question + (n.pinned ? " (pinned)" : ""));
  }

  function data(id) { return JSON.parse(document.getElementById(id).textContent); }

  // for pages that fetch their graphs (the workbench of `aiact-foss serve`)
  window.aiactFossGraph = {render: render, describe: describe};

  // Every element with data-graph="<script id>" gets its graph (data-root: one subgraph);
  // inside <details>, drawing waits until it is opened.
  window.addEventListener("DOMContentLoaded", function () {
    var anchors = document.getElementById("fact-anchors") ? data("fact-anchors") : {};
    var panel = document.getElementById("details");
    Array.prototype.forEach.call(document.querySelectorAll("[data-graph]"), function (c) {
      var draw = function () {
        if (c.getAttribute("data-drawn")) return;
        c.setAttribute("data-drawn", "1");
        render(c, data(c.getAttribute("data-graph")), c.getAttribute("data-root"), function (n) { if (panel) describe(panel, n, anchors); });
      };
      var d = c.closest("details");
      if (d && !d.open) d.addEventListener("toggle", function () { if (d.open) draw(); });
      else draw();
    });
  });
})();
