// The workbench of `aiact-foss serve`: the form becomes the JSON body of POST /solve,
// /diff or /explain; results are drawn from the same JSON the command line prints.
// A link may carry the form in its fragment (#run=solve&drafts=aia-2024&scenario=...),
// and an explanation to draw once solved (&explain=DRAFT/OUTCOME/CONCLUSION).
"use strict";
(function () {
  var offer = JSON.parse(document.getElementById("offer").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var filename = "scenario.yaml";

  function make(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function setup() {
    offer.drafts.forEach(function (d) {
      var l = make("label"), box = make("input");
      box.type = "checkbox"; box.value = d.id; box.checked = true; box.name = "draft";
      l.title = d.title + " (" + d.date + ")";
      l.appendChild(box); l.appendChild(document.createTextNode(" " + d.id));
      $("drafts").appendChild(l);
    });
    offer.readings.forEach(function (r) { var o = make("option", r.id); o.value = r.id; $("reading").appendChild(o); });
    offer.questions.forEach(function (q) {
      var row = make("div", undefined, "pin"), name = make("span", q.id), sel = make("select");
      name.title = "true means: " + q.question;
      ["open", "true", "false"].forEach(function (v) { var o = make("option", v); o.value = v === "open" ? "" : v; sel.appendChild(o); });
      sel.dataset.question = q.id;
      row.appendChild(name); row.appendChild(sel); $("pins").appendChild(row);
    });
    $("file").addEventListener("change", function () {
      var f = this.files[0];
      if (!f) return;
      filename = f.name;
      f.text().then(function (t) { $("scenario").value = t; });
    });
    $("scenario").addEventListener("input", function () { filename = /^\s*[{[]/.test(this.value) ? "scenario.json" : "scenario.yaml"; });
    $("form").addEventListener("submit", function (ev) { ev.preventDefault(); run("solve"); });
    $("diff").addEventListener("click", function () { run("diff"); });
  }

  function lines(text) { return text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean); }

  function body() {
    var drafts = Array.prototype.filter.call(document.querySelectorAll("input[name=draft]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    var assume = Array.prototype.filter.call(document.querySelectorAll("#pins select"), function (s) { return s.value; })
      .map(function (s) { return s.dataset.question + "=" + s.value; });
    return {
      scenario: $("scenario").value, filename: filename, drafts: drafts.join(",") || "all", assume: assume,
      reading: $("reading").value || null, set: lines($("sets").value), as_of: $("as-of").value || null,
      conclusion: $("only").value.split(/,(?![^(]*\))/).map(function (s) { return s.trim(); }).filter(Boolean)
    };
  }

  function post(path, doc) {
    $("error").hidden = true;
    return fetch(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(doc)})
      .then(function (r) {
        return r.text().then(function (t) {
          if (!r.ok) { $("error").textContent = t.trim(); $("error").hidden = false; throw new Error(t); }
          return JSON.parse(t);
        });
      });
  }

  function run(what) {
    $("outcomes").textContent = ""; $("differences").textContent = ""; $("explanation").hidden = true;
    document.body.dataset.state = "running";
    return post("/" + what, body()).then(function (doc) {
      (what === "solve" ? showSolve : showDiff)(doc);
      document.body.dataset.state = "done";
      return doc;
    }, function () { document.body.dataset.state = "error"; });
  }

  function conclusionText(c) { return c.predicate + "(" + c.args.join(", ") + ")"; }

  function when(o) {
    var alts = o.because || [{questions: o.questions || {}, unknowns: o.unknowns || []}];
    return alts.map(function (a) {
      var parts = Object.keys(a.questions).map(function (q) { return q + "=" + a.questions[q]; })
        .concat(a.unknowns.map(function (u) { return u.path + "=" + JSON.stringify(u.value); }));
      return parts.join(" and ") || "every reading";
    }).join("; or ");
  }

  function showSolve(doc) {
    var out = $("outcomes");
    out.appendChild(make("h2", "Outcomes: " + doc.scenario));
    doc.results.forEach(function (r) {
      var sec = make("div", undefined, "result"), h = make("h3", r.draft + " ");
      h.appendChild(make("span", r.status + ", " + r.outcomes.length + " outcome(s)", "status"));
      sec.appendChild(h);
      var t = make("table"), head = make("tr");
      ["outcome", "conclusions (click to explain)", "when"].forEach(function (x) { head.appendChild(make("th", x)); });
      t.appendChild(head);
      if (r.status === "inconsistent") {
        var tr = make("tr");
        tr.appendChild(make("td", "-"));
        tr.appendChild(make("td", "the facts contradict each other"));
        tr.appendChild(make("td", r.conflict.map(function (c) { return c.path + "=" + JSON.stringify(c.value); }).join(", ")));
        t.appendChild(tr);
      }
      r.outcomes.forEach(function (o, i) {
        var tr = make("tr", undefined, "outcome"), cell = make("td");
        tr.appendChild(make("td", String(i + 1)));
        o.conclusions.forEach(function (c) {
          var b = make("button", conclusionText(c), "conclusion");
          b.type = "button";
          b.addEventListener("click", function () { explain(r.draft, c, i + 1); });
          cell.appendChild(b); cell.appendChild(make("br"));
        });
        if (!o.conclusions.length) cell.textContent = "(nothing)";
        tr.appendChild(cell); tr.appendChild(make("td", when(o)));
        t.appendChild(tr);
      });
      sec.appendChild(t); out.appendChild(sec);
    });
  }

  function showDiff(doc) {
    var out = $("differences");
    out.appendChild(make("h2", "Differences: " + doc.scenario));
    doc.pairs.forEach(function (p) {
      out.appendChild(make("h3", p.a + " vs " + p.b + ": " + p.differences.length + " difference(s)"));
      var groups = {}, order = [];
      p.differences.forEach(function (d) {
        var key = d.conclusion.predicate + "|" + d.a + "|" + d.b;
        if (!groups[key]) { groups[key] = []; order.push(key); }
        groups[key].push(d);
      });
      var ul = make("ul");
      order.forEach(function (k) {
        var ds = groups[k], d = ds[0];
        var li = make("li", ds.length + " x " + d.conclusion.predicate + ": " + d.a + " in " + p.a + ", " + d.b + " in " + p.b + ": ");
        li.appendChild(make("code", ds.map(function (x) { return conclusionText(x.conclusion); }).join(", ")));
        var refs = {};
        ds.forEach(function (x) { x.provisions.forEach(function (r) { refs[r.role + ": " + r.ref] = true; }); });
        li.appendChild(make("div", Object.keys(refs).join("; "), "kind"));
        ul.appendChild(li);
      });
      out.appendChild(ul);
    });
  }

  function explain(draft, c, outcome) {
    var doc = body();
    doc.drafts = draft; doc.explain = JSON.stringify(c); doc.outcome = outcome; doc.conclusion = [];
    return post("/explain", doc).then(function (g) {
      $("explanation").hidden = false;
      $("explanation-title").textContent = "Why " + conclusionText(c) + " holds in " + draft + ", outcome " + outcome;
      $("graph").textContent = ""; $("graph").removeAttribute("data-drawn");
      window.aiactFossGraph.render($("graph"), g, null, function (n) { window.aiactFossGraph.describe($("details"), n, {}); });
      $("explanation").scrollIntoView();
      document.body.dataset.explained = conclusionText(c);
    }, function () {});
  }

  function fromFragment() {
    var h = new URLSearchParams(location.hash.slice(1));
    if (h.has("scenario")) $("scenario").value = h.get("scenario");
    if (h.has("filename")) filename = h.get("filename");
    if (h.has("drafts")) {
      var want = h.get("drafts").split(",");
      Array.prototype.forEach.call(document.querySelectorAll("input[name=draft]"), function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    if (h.get("run") !== "solve" && h.get("run") !== "diff") return;
    run(h.get("run")).then(function (doc) {
      var want = (h.get("explain") || "").split("/");
      if (!doc || want.length < 3) return;
      var r = doc.results.filter(function (x) { return x.draft === want[0]; })[0], k = parseInt(want[1], 10);
      var text = want.slice(2).join("/"), o = r && r.outcomes[k - 1];
      var c = o && o.conclusions.filter(function (x) { return conclusionText(x) === text; })[0];
      if (c) explain(want[0], c, k);
    });
  }

  setup();
  fromFragment();
})();
