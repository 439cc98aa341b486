"""The page of ``aireg export --format html``: markup, style and script in one string.

Kept as a Python string (not a package data file) so it ships with the code in
every install. Placeholders ``@@NAME@@`` are filled by ``aireg.export.html``.
The script exposes ``window.aireg`` (network, nodes, edges, search, setLang)
for the browser test and for researchers' own console work.
"""

PAGE = r"""<!DOCTYPE html>
<html lang="@@LANG@@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aireg export">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>
  html, body { margin: 0; height: 100%; font-family: "DejaVu Sans", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; font-size: 14px; color: #222; }
  body { display: flex; flex-direction: column; }
  header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #ccc; background: #f7f7f7; }
  header h1 { font-size: 16px; margin: 0; font-weight: 600; }
  #search { width: 22em; padding: 4px 6px; font-size: 14px; }
  #hits { color: #555; font-size: 12px; min-width: 8em; }
  .langs button { font-size: 13px; padding: 3px 10px; border: 1px solid #888; background: #fff; cursor: pointer; }
  .langs button[aria-pressed="true"] { background: #1f77b4; color: #fff; border-color: #1f77b4; }
  main { flex: 1; display: flex; min-height: 0; }
  #graph { flex: 1; min-width: 0; height: 100%; }
  aside { width: 320px; overflow: auto; border-left: 1px solid #ccc; padding: 8px 12px; background: #fcfcfc; }
  aside h2 { font-size: 14px; margin: 12px 0 6px; }
  #legend { list-style: none; padding: 0; margin: 0; }
  #legend li { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; user-select: none; }
  #legend li.off { opacity: 0.35; }
  .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid #555; }
  #details dl { margin: 0; }
  #details dt { font-weight: 600; margin-top: 6px; font-size: 12px; color: #555; }
  #details dd { margin: 0; word-break: break-word; white-space: pre-line; }
  #hit-list { margin: 0 0 8px; padding-left: 1.6em; max-height: 40vh; overflow: auto; }
  #hit-list:empty { display: none; }
  #hit-list li { cursor: pointer; margin: 2px 0; }
  #hit-list li:hover, #hit-list li.current { text-decoration: underline; }
  #hit-list .hit-kind { color: #666; font-size: 12px; }
  .toggle { font-size: 13px; color: #333; }
  .tip { max-width: 360px; white-space: normal; font-size: 12px; line-height: 1.35; }
  .tip b { display: block; margin-bottom: 2px; }
</style>
</head>
<body>
<header>
  <h1 id="title">@@TITLE@@</h1>
  <input id="search" type="search" autocomplete="off" placeholder="">
  <span id="hits" aria-live="polite"></span>
  <label class="toggle"><input type="checkbox" id="all-labels"> <span id="all-labels-text"></span></label>
  <span class="langs" role="group" aria-label="language">
    <button type="button" id="lang-en" data-lang="en">English</button>
    <button type="button" id="lang-zh" data-lang="zh">中文</button>
  </span>
</header>
<main>
  <div id="graph"></div>
  <aside>
    <ol id="hit-list"></ol>
    <h2 id="legend-title"></h2>
    <ul id="legend"></ul>
    <h2 id="details-title"></h2>
    <div id="details"></div>
  </aside>
</main>
<script type="application/json" id="aireg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("aireg-data").textContent);
  var UI = {
    en: { search: "Search labels or ids (e.g. 14110)", hits: " match(es)", none: "no match", legend: "Kinds",
          details: "Details", pick: "Click a node to see its details.", kind: "kind", type: "class", date: "date",
          jurisdiction: "jurisdiction", citation: "source", comment: "note", id: "identifier", iri: "IRI",
          other_label: "中文名稱", identifiers: "identifiers", all_labels: "all labels", periods: "time" },
    zh: { search: "搜尋名稱或識別碼（例如 14110）", hits: " 筆符合", none: "無符合項目", legend: "類別",
          details: "詳細資料", pick: "點選節點以查看詳細資料。", kind: "類別", type: "類", date: "日期",
          jurisdiction: "管轄", citation: "來源", comment: "說明", id: "識別碼", iri: "IRI",
          other_label: "English name", identifiers: "識別碼", all_labels: "顯示全部名稱", periods: "時程" }
  };
  var lang = DATA.lang === "zh" ? "zh" : "en";
  var byId = {};
  DATA.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function label(n) { return (lang === "zh" ? n.label_zh : n.label_en) || n.curie; }
  function inLang(n, key) { return (lang === "zh" ? n[key + "_zh"] : n[key + "_en"]) || n[key] || ""; }
  var KINDS = {};
  DATA.legend.forEach(function (item) { KINDS[item.kind] = item; });
  function kindName(k) { var it = KINDS[k]; return it ? (lang === "zh" ? it.label_zh : it.label_en) : k; }
  function place(code) {
    var j = (DATA.jurisdictions || {})[code];
    return code && j ? (lang === "zh" ? j.zh : j.en) : code;
  }
  function edgeLabel(e) { return (lang === "zh" ? e.label_zh : e.label_en) || ""; }
  function tip(n) {
    var box = el("div", null, "tip");
    box.appendChild(el("b", label(n)));
    var t = UI[lang];
    [["kind", kindName(n.kind) + (n.type ? " (" + inLang(n, "type") + ")" : "")], ["date", n.date],
     ["jurisdiction", place(n.jurisdiction)],
     ["citation", n.citation], ["id", n.curie]].forEach(function (kv) {
      if (kv[1]) { box.appendChild(el("div", t[kv[0]] + ": " + kv[1])); }
    });
    (n.periods || []).forEach(function (line) { box.appendChild(el("div", line)); });
    return box;
  }
  // -- which labels are drawn -------------------------------------------------------------
  // At first view only instruments and norms (and the view's focus) wear their labels, and of
  // two labels whose boxes would overlap the less important one is muted (declutter); the rest
  // show on hover, in the details panel, when found by search, or with "all labels".
  var LABEL_KINDS = { instrument: 0, norm: 1 };
  var FIRST_VIEW_LABELS = 6, MIN_FIRST_SCALE = 0.6, MAX_FIRST_SCALE = 1.2;
  var muted = {}, pinned = {}, allLabels = false;
  function rank(n) {
    if (n.id === DATA.focus) { return -1; }
    return n.kind in LABEL_KINDS ? LABEL_KINDS[n.kind] : 2;
  }
  function wantsLabel(n) { return allLabels || pinned[n.id] || n.id === DATA.focus || n.kind in LABEL_KINDS; }
  // an unlabelled node gets a single space: vis-network keeps the old size of a label set to ""
  var NO_LABEL = " ";
  function shownLabel(n) { return wantsLabel(n) && (!muted[n.id] || pinned[n.id]) ? label(n) : NO_LABEL; }
  function degree(id) { return (DATA.degree || {})[id] || 0; }

  function visNode(n) {
    return { id: n.id, label: shownLabel(n), title: tip(n), shape: n.shape,
             color: { background: n.color, border: "#333333",
                      highlight: { background: n.color, border: "#000000" } },
             font: { color: n.shape === "box" || n.shape === "ellipse" ? n.font : "#222222", size: 14 },
             borderWidth: n.id === DATA.focus ? 4 : 1, widthConstraint: { maximum: 220 } };
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: edgeLabel(e), title: e.predicate, arrows: "to",
             font: { size: 10, color: "#444444", strokeWidth: 3, align: "middle" }, color: { color: "#888888" } };
  }

  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    layout: { randomSeed: 7, improvedLayout: DATA.nodes.length < 300 },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 500, fit: true },
               forceAtlas2Based: { gravitationalConstant: -50, centralGravity: 0.015, springLength: 70,
                                   springConstant: 0.08, avoidOverlap: 1 } },
    interaction: { hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: false },
    edges: { smooth: { type: "dynamic" } }
  });
  var api = { network: network, nodes: nodes, edges: edges, data: DATA, ready: false, lang: function () { return lang; } };
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  // Mute the labels whose boxes would overlap a more important label's box. Boxes come from
  // the last drawing (vis-network measures labels as it draws), so this runs after one.
  function declutter(done) {
    muted = {};
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, label: wantsLabel(n) ? label(n) : NO_LABEL }; }));
    network.once("afterDrawing", function () {
      var order = DATA.nodes.filter(function (n) { return wantsLabel(n) && !(nodes.get(n.id) || {}).hidden; })
        .sort(function (a, b) { return rank(a) - rank(b) || degree(b.id) - degree(a.id) || (a.id < b.id ? -1 : 1); });
      var kept = [];
      order.forEach(function (n) {
        var box = network.getBoundingBox(n.id);
        if (!box) { return; }
        if (!pinned[n.id] && kept.some(function (k) { return overlaps(k, box); })) { muted[n.id] = true; }
        else { kept.push(box); }
      });
      nodes.update(DATA.nodes.map(function (n) { return { id: n.id, label: shownLabel(n) }; }));
      if (done) { done(); }
    });
    network.fit({ animation: false });
    network.redraw();
  }
  api.declutter = declutter;
  // The first view: the focus (or the most connected instrument) at a readable scale.
  function firstView() {
    var start = DATA.focus;
    if (!start) {
      DATA.nodes.forEach(function (n) {
        if (n.kind === "instrument" && (!start || degree(n.id) > degree(start))) { start = n.id; }
      });
    }
    api.start = start || null;
    if (!start) { network.fit({ animation: false }); return; }
    // fit the start, its nearest labelled norm and the labelled nodes nearest to it (those within
    // two links first: an order's norms hang on its provisions), at a scale where labels stay readable
    var pos = network.getPositions(), here = pos[start], ring = {}, frontier = [start];
    ring[start] = 0;
    for (var step = 1; step <= 2; step++) {
      var next = [];
      frontier.forEach(function (id) {
        network.getConnectedNodes(id).forEach(function (m) { if (!(m in ring)) { ring[m] = step; next.push(m); } });
      });
      frontier = next;
    }
    function dist(id) { var p = pos[id]; return Math.hypot(p.x - here.x, p.y - here.y); }
    var labelled = DATA.nodes.filter(function (n) { return n.id !== start && shownLabel(n).trim(); })
      .sort(function (a, b) { return (a.id in ring ? 0 : 1) - (b.id in ring ? 0 : 1) || dist(a.id) - dist(b.id); });
    // at least one norm in view beside the instrument: the nearest of its norms
    var norm = labelled.filter(function (n) { return n.kind === "norm"; })[0];
    var near = labelled.filter(function (n) { return n !== norm; }).slice(0, FIRST_VIEW_LABELS)
      .map(function (n) { return n.id; });
    var must = [start].concat(norm ? [norm.id] : []);
    network.fit({ nodes: must.concat(near), animation: false });
    if (network.getScale() < MIN_FIRST_SCALE) { network.fit({ nodes: must, animation: false }); }
    var scale = Math.min(MAX_FIRST_SCALE, Math.max(MIN_FIRST_SCALE, network.getScale()));
    network.moveTo({ position: network.getViewPosition(), scale: scale, animation: false });
  }
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    declutter(function () {
      firstView();
      api.ready = true;
      document.body.setAttribute("data-ready", "true");
    });
  });

  // -- search -------------------------------------------------------------------------
  function norm(s) { return String(s || "").toLowerCase().replace(/\s+/g, " ").trim(); }
  function haystack(n) {
    return [n.label_en, n.label_zh, n.curie, n.id, n.type, n.jurisdiction].concat(n.identifiers || []).map(norm);
  }
  var hay = {};
  DATA.nodes.forEach(function (n) { hay[n.id] = haystack(n); });
  function search(q) {
    var needle = norm(q);
    if (!needle) { return []; }
    var exact = [], partial = [];
    DATA.nodes.forEach(function (n) {
      var h = hay[n.id];
      if (h.some(function (s) { return s === needle || s.split(/[:\/#]/).pop() === needle; })) { exact.push(n.id); }
      else if (h.some(function (s) { return s.indexOf(needle) >= 0; })) { partial.push(n.id); }
    });
    // Instruments first among partial matches: typing a number most often means the order or act.
    partial.sort(function (a, b) {
      var ka = byId[a].kind === "instrument" ? 0 : 1, kb = byId[b].kind === "instrument" ? 0 : 1;
      return ka - kb || label(byId[a]).localeCompare(label(byId[b]));
    });
    return exact.concat(partial);
  }
  var HIT_LIST_MAX = 30;
  function go(id) {
    pinned = {};
    pinned[id] = true;
    nodes.update([{ id: id, label: shownLabel(byId[id]) }]);
    network.selectNodes([id], false);
    network.focus(id, { scale: 1.2, animation: false });
    details(id);
    Array.prototype.forEach.call(document.querySelectorAll("#hit-list li"), function (li) {
      li.classList.toggle("current", li.getAttribute("data-id") === id);
    });
  }
  api.go = go;
  function hitList(ids) {
    var list = document.getElementById("hit-list");
    list.textContent = "";
    ids.slice(0, HIT_LIST_MAX).forEach(function (id) {
      var n = byId[id], li = el("li");
      li.setAttribute("data-id", id);
      li.appendChild(el("span", label(n) + " "));
      li.appendChild(el("span", kindName(n.kind), "hit-kind"));
      li.addEventListener("click", function () { go(id); });
      list.appendChild(li);
    });
  }
  function show(q) {
    var ids = search(q), hits = document.getElementById("hits");
    if (!norm(q)) { hits.textContent = ""; hitList([]); network.unselectAll(); return ids; }
    hits.textContent = ids.length ? ids.length + UI[lang].hits : UI[lang].none;
    var visible = ids.filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
    hitList(visible);
    network.selectNodes(visible, false);
    if (visible.length) { go(visible[0]); network.selectNodes(visible, false); }
    return ids;
  }
  api.search = search;
  api.show = show;
  var input = document.getElementById("search");
  input.addEventListener("input", function () { show(input.value); });

  // -- details panel --------------------------------------------------------------------
  function details(id) {
    var n = byId[id], box = document.getElementById("details"), t = UI[lang];
    box.textContent = "";
    if (!n) { box.appendChild(el("p", t.pick)); return; }
    var dl = el("dl");
    function row(k, v) { if (v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); } }
    box.appendChild(el("h3", label(n)));
    row(t.other_label, lang === "zh" ? n.label_en : n.label_zh);
    row(t.kind, kindName(n.kind));
    row(t.type, inLang(n, "type"));
    row(t.date, n.date);
    row(t.jurisdiction, place(n.jurisdiction));
    row(t.periods, (n.periods || []).join("\n"));
    row(t.citation, n.citation);
    row(t.comment, inLang(n, "comment"));
    row(t.identifiers, (n.identifiers || []).join("; "));
    var props = (lang === "zh" ? n.properties_zh : n.properties_en) || n.properties || {};
    Object.keys(props).forEach(function (k) { row(k, props[k]); });
    row(t.id, n.curie);
    row(t.iri, n.id);
    box.appendChild(dl);
  }
  network.on("click", function (p) { if (p.nodes.length) { details(p.nodes[0]); } });

  // -- legend ---------------------------------------------------------------------------
  var legend = document.getElementById("legend");
  DATA.legend.forEach(function (item) {
    var li = el("li");
    var sw = el("span", null, "swatch");
    sw.style.background = item.color;
    li.appendChild(sw);
    li.appendChild(el("span", kindName(item.kind) + " (" + item.count + ")", "kind-name"));
    li.setAttribute("data-kind", item.kind);
    li.title = item.kind;
    li.addEventListener("click", function () {
      var off = li.classList.toggle("off");
      nodes.update(DATA.nodes.filter(function (n) { return n.kind === item.kind; })
        .map(function (n) { return { id: n.id, hidden: off }; }));
    });
    legend.appendChild(li);
  });

  // -- language -------------------------------------------------------------------------
  var allBox = document.getElementById("all-labels");
  allBox.addEventListener("change", function () {
    allLabels = allBox.checked;
    var view = { position: network.getViewPosition(), scale: network.getScale() };
    declutter(function () { network.moveTo({ position: view.position, scale: view.scale, animation: false }); });
  });
  function setLang(l) {
    lang = l === "zh" ? "zh" : "en";
    document.documentElement.lang = lang === "zh" ? "zh-Hant" : "en";
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, label: shownLabel(n), title: tip(n) }; }));
    if (api.ready) {  // labels of the other language have other widths: declutter again, keep the view
      var view = { position: network.getViewPosition(), scale: network.getScale() };
      declutter(function () { network.moveTo({ position: view.position, scale: view.scale, animation: false }); });
    }
    edges.update(DATA.edges.map(function (e) { return { id: e.id, label: edgeLabel(e) }; }));
    var t = UI[lang];
    input.placeholder = t.search;
    document.getElementById("legend-title").textContent = t.legend;
    document.getElementById("title").textContent = lang === "zh" ? DATA.title_zh : DATA.title_en;
    document.title = lang === "zh" ? DATA.title_zh : DATA.title_en;
    Array.prototype.forEach.call(document.querySelectorAll("#legend li"), function (li) {
      var item = KINDS[li.getAttribute("data-kind")];
      li.querySelector(".kind-name").textContent = kindName(item.kind) + " (" + item.count + ")";
    });
    document.getElementById("details-title").textContent = t.details;
    document.getElementById("all-labels-text").textContent = t.all_labels;
    if (input.value) { hitList(search(input.value)); }
    ["en", "zh"].forEach(function (k) {
      document.getElementById("lang-" + k).setAttribute("aria-pressed", String(k === lang));
    });
    var sel = network.getSelectedNodes();
    details(sel.length ? sel[0] : (DATA.focus || null));
    if (input.value) { show(input.value); }
    return lang;
  }
  api.setLang = setLang;
  ["en", "zh"].forEach(function (k) {
    document.getElementById("lang-" + k).addEventListener("click", function () { setLang(k); });
  });
  setLang(lang);
  window.aireg = api;
})();
</script>
</body>
</html>
"""
