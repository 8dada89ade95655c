// regiograph view: search, filters, neighbourhood focus, communities that open, tooltips and details.
// Every text from the data goes into the page with textContent, never as HTML.
"use strict";
(function () {
  performance.mark("rg-script");
  const data = JSON.parse(document.getElementById("rg-data").textContent);
  performance.mark("rg-data");
  // The view's controls and tables: our markup (view.html, no data in it), then every text
  // from the data set with textContent. One copy in this shared script, not one per page.
  const CHROME = "@@chrome@@";
  const SVG = "http://www.w3.org/2000/svg";
  const SHAPES = {
    dot: ["circle", { cx: 7, cy: 7, r: 6 }],
    square: ["rect", { x: 1.5, y: 1.5, width: 11, height: 11 }],
    diamond: ["polygon", { points: "7,0.5 13.5,7 7,13.5 0.5,7" }],
    triangle: ["polygon", { points: "7,1 13.5,12.5 0.5,12.5" }],
    triangleDown: ["polygon", { points: "0.5,1.5 13.5,1.5 7,13" }],
    hexagon: ["polygon", { points: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7" }],
    star: ["polygon", { points: "7,0.5 8.8,5.2 13.7,5.4 9.9,8.5 11.1,13.4 7,10.7 2.9,13.4 4.1,8.5 0.3,5.4 5.2,5.2" }],
  };

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // A small drawing of a node's shape and colour, for the filters and the legend (hidden from
  // screen readers: the text beside it says what it stands for).
  function swatch(shape, colour) {
    const svg = document.createElementNS(SVG, "svg");
    const attributes = { class: "rg-swatch", viewBox: "0 0 14 14", "aria-hidden": "true", fill: colour,
      stroke: "#333333", "stroke-width": "0.6" };
    for (const [key, value] of Object.entries(attributes)) svg.setAttribute(key, value);
    const [tag, points] = SHAPES[shape] || SHAPES.dot;
    const part = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(points)) part.setAttribute(key, String(value));
    svg.appendChild(part);
    return svg;
  }

  // A filter's or the legend's text: the name, which may wrap, and its count, kept on the line of
  // the name's last word.
  function named(label, count) {
    const outer = document.createElement("span");
    const number = document.createElement("span");
    number.className = "rg-count";
    number.textContent = "(" + count + ")";
    outer.append(label + "\u00a0", number);
    return outer;
  }

  function check(name, value, icon, label, count) {
    const box = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = value;
    input.checked = true;
    box.appendChild(input);
    if (icon) box.appendChild(icon);
    box.appendChild(named(label, count));
    return box;
  }

  function buildChrome() {
    const place = document.getElementById("rg-view");
    const markup = document.createElement("template");
    markup.innerHTML = CHROME;
    place.replaceWith(markup.content);
    const n = data.nodes.id.length;
    const m = data.edges.from.length;
    const byId = (id) => document.getElementById(id);
    byId("rg-physics").checked = data.physics;
    byId("rg-network").setAttribute("aria-label", "Network drawing of " + plural(n, "node") + " and "
      + plural(m, "link") + ": " + data.title);
    byId("rg-node-count").textContent = plural(n, "node");
    byId("rg-edge-count").textContent = plural(m, "link");
    for (const el of document.querySelectorAll(".rg-metric")) el.textContent = data.metric;
    byId("rg-kinds-title").textContent = data.colourBy === "kind" ? "Kinds: colour and shape" : "Kinds: shape";
    for (const [label, colour, shape, count] of data.kindFilter) {
      byId("rg-kinds").appendChild(check("rg-kind", label, swatch(shape, colour), label, count));
    }
    for (const [sector, count] of data.sectorFilter) {
      const label = sector ? (data.sectorLabels[sector] || sector) : "no sector";
      byId("rg-sectors").appendChild(check("rg-sector", sector, null, label, count));
    }
    if (data.legend) {
      const legend = byId("rg-legend");
      byId("rg-legend-heading").textContent = "Colour: " + data.colourBy;
      for (const [label, colour, shape, count] of data.legend) {
        const item = document.createElement("li");
        item.append(swatch(shape, colour), named(label, count));
        legend.querySelector("ul").appendChild(item);
      }
      legend.hidden = false;
    }
    if (data.groups) {
      byId("rg-collapse-row").hidden = false;
      byId("rg-community-keys").textContent = ", a community (a node with a thick border) to show its members";
      const heading = document.createElement("th");
      heading.scope = "col";
      heading.textContent = "Community";
      document.querySelector("#rg-node-table thead tr").appendChild(heading);
    }
  }

  // vis-network's options: the same for every view, but physics (on for small graphs), arrows
  // (directed graphs) and hiding links while dragging (large ones).
  function visOptions(large) {
    const face = "system-ui, sans-serif";
    return {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { enabled: data.physics, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
        stabilization: { enabled: data.physics, iterations: 300, fit: true } },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
        keyboard: { enabled: true, bindToWindow: false } },
      // the script sizes the labels (12 to 18 px on screen whatever the zoom) and places them,
      // never one over another
      nodes: { borderWidth: 1, font: { size: 14, face: face, color: "#1b1b1b", strokeWidth: 3, strokeColor: "#ffffff" },
        scaling: { min: 8, max: 36, label: { enabled: false, drawThreshold: 1, maxVisible: 100 } } },
      edges: { smooth: false, color: { color: data.edgeColour, highlight: "#333333", hover: "#333333", inherit: false },
        selectionWidth: 1.5, hoverWidth: 1.2, arrows: { to: { enabled: data.directed, scaleFactor: 0.5 } },
        font: { size: 12, face: face, align: "middle", strokeWidth: 4, strokeColor: "#ffffff" } },
    };
  }

  // A look's colours: selected and hovered nodes keep theirs (vis would turn them blue) and get a
  // dark border.
  function look(colour, shape) {
    const dark = { background: colour, border: "#111111" };
    return { shape: shape, color: { background: colour, border: "#555555", highlight: dark, hover: dark } };
  }

  buildChrome();
  data.options = visOptions(data.nodes.id.length > 1000);
  data.looks = data.looks.map(([colour, shape]) => look(colour, shape));
  const N = data.nodes; // one list per attribute, in node order
  const E = data.edges; // the same for links; their ends are node indices
  const C = data.groups; // the communities of an aggregated view, else null
  const count = N.id.length;
  const container = document.getElementById("rg-network");
  const status = document.getElementById("rg-status");
  const details = document.getElementById("rg-details");
  const search = document.getElementById("rg-search");
  const faded = 0.18;
  const arrow = data.directed ? " → " : " — ";
  // The tables are built after the first drawing, this many rows at a time (all at once when
  // they are opened or filtered), so that they neither delay it nor freeze the page.
  const ROWS_AT_ONCE = 2000;

  const byId = new Map();
  for (let i = 0; i < count; i++) byId.set(N.id[i], i);
  const communityOf = new Map(); // a community's node id -> its index
  if (C) C.id.forEach((id, c) => communityOf.set(id, c));
  const opened = new Set(); // communities shown as their members
  const filteredOut = new Uint8Array(count); // 1: hidden by the kind and sector filters
  let lowered = null; // the labels in lower case, for the search
  const merged = new Map(); // a link drawn to a closed community -> its ends and number of links
  const placed = new Map(); // node id -> where its label is drawn: "below", "above" or "none"

  function short(label, most = 40) {
    if (label.length <= most) return label;
    const chars = Array.from(label);
    return chars.length <= most ? label : chars.slice(0, most - 1).join("") + "…";
  }

  function isShown(i) { return !C || opened.has(N.community[i]); }
  function standIn(i) { return isShown(i) ? N.id[i] : C.id[N.community[i]]; }
  function nameOf(id) { return communityOf.has(id) ? C.label[communityOf.get(id)] : N.label[byId.get(id)]; }

  function nodeItem(i) {
    const item = { id: N.id[i], x: N.x[i], y: N.y[i], value: N.value[i], group: "s" + N.look[i],
      label: short(N.label[i]) };
    placed.delete(N.id[i]); // drawn with its label, until the labels are placed again
    if (filteredOut[i]) item.hidden = true;
    if (N.id[i] === data.focus) {
      item.borderWidth = 3;
      item.color = Object.assign({}, data.looks[N.look[i]].color, { border: "#111111" });
    }
    return item;
  }

  function communityShown(c) { return C.members[c].some((i) => !filteredOut[i]); }

  function communityItem(c) {
    placed.delete(C.id[c]);
    return { id: C.id[c], x: C.x[c], y: C.y[c], size: C.size[c], group: "k" + C.look[c],
      label: textOf(C.id[c]), hidden: !communityShown(c) };
  }

  function edgeItem(k) {
    const item = { id: "e" + k, from: N.id[E.from[k]], to: N.id[E.to[k]] };
    if (E.width[k]) item.width = E.width[k];
    if (E.curved[k]) item.smooth = { enabled: true, type: "curvedCW", roundness: 0.2 };
    return item;
  }

  function mergedItem(id) {
    const link = merged.get(id);
    return { id: id, from: link.from, to: link.to, width: Math.min(1 + Math.log2(link.links), 8),
      arrows: { to: { enabled: false } } };
  }

  // The links to draw: each link between two shown nodes, and the links to a closed community
  // merged into one per pair, as wide as they are many.
  function wantedEdges() {
    const wanted = new Set();
    merged.clear();
    for (let k = 0; k < E.from.length; k++) {
      const a = E.from[k];
      const b = E.to[k];
      if (isShown(a) && isShown(b)) { wanted.add("e" + k); continue; }
      const from = standIn(a);
      const to = standIn(b);
      if (from === to) continue; // inside a closed community
      const ends = from < to ? [from, to] : [to, from];
      const id = "m" + JSON.stringify(ends);
      const link = merged.get(id);
      if (link) link.links += 1;
      else merged.set(id, { from: ends[0], to: ends[1], links: 1 });
    }
    for (const id of merged.keys()) wanted.add(id);
    return wanted;
  }

  function edgeFor(id) { return id[0] === "e" ? edgeItem(Number(id.slice(1))) : mergedItem(id); }

  // What the first drawing shows: every node, or every community (the community of the focus
  // open).
  if (C && data.focus !== null && byId.has(data.focus)) opened.add(N.community[byId.get(data.focus)]);
  const initial = new Set(opened);
  const items = [];
  for (let i = 0; i < count; i++) if (isShown(i)) items.push(nodeItem(i));
  if (C) C.id.forEach((_id, c) => { if (!opened.has(c)) items.push(communityItem(c)); });
  const nodes = new vis.DataSet(items);
  const edges = new vis.DataSet(Array.from(wantedEdges(), edgeFor));
  const looks = {};
  data.looks.forEach((look, i) => { looks["s" + i] = look; });
  (data.groupLooks || []).forEach((look, i) => { looks["k" + i] = look; });
  data.options.groups = looks;
  // Arrow heads are drawn from this zoom on: at the first, zoomed-out drawing of a large directed
  // graph they are too small to see, and thousands of them cost a third of every redraw.
  const ARROWS_FROM = 0.4;
  let arrows = false;
  if (data.directed) data.options.edges.arrows.to.enabled = false;
  // vis-network sizes a node's label by its value: in 20 steps, not a different size for each
  // node, because the canvas re-reads its font for every new size (half a millisecond a label).
  data.options.nodes.scaling.customScalingFunction = (min, max, _total, value) => (max === min ? 0.5
    : Math.round(Math.max(0, (value - min) / (max - min)) * 20) / 20);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  performance.mark("rg-network");
  const state = { network: network, nodes: nodes, edges: edges, firstDraw: null, focused: null,
    drawn: () => network.body.nodeIndices.length, communities: null };
  window.regiograph = state;
  // physics settles the last nodes after the first drawing: fit them once, when they stop
  network.once("stabilized", () => { if (state.focused === null) network.fit({ animation: false }); });
  if (data.directed) {
    network.on("afterDrawing", () => {
      const wanted = network.getScale() >= ARROWS_FROM;
      if (wanted === arrows) return;
      arrows = wanted;
      setTimeout(() => network.setOptions({ edges: { arrows: { to: { enabled: arrows } } } }), 0);
    });
  }
  // -- labels that read and never overlap -----------------------------------------------------
  // vis-network scales labels with the zoom, so a dense centre is a smear of tiny text. Here a
  // label keeps its size on screen (LABEL_PX, larger for larger nodes) whatever the zoom, and
  // after each zoom the labels are placed most important first (the focus and the selected
  // node, then by size): below the node, else above it, else not at all until one zooms in; a
  // label never covers another label or another node (but specks, in a zoomed-out drawing).
  // Geometry as vis draws it: a node of size r spans r on each side of its centre; its label's
  // text hangs r + 4 + font/2 below it.
  const SCALING = data.options.nodes.scaling;
  const LABEL_PX = [12, 18]; // on screen: the smallest nodes' labels and the largest's
  const SPECK_PX = 6; // a node drawn smaller than this (its size, on screen) may be under a label
  const widths = new Map(); // node id -> width of its label at 100 px, bold (as when selected)
  const ruler = document.createElement("canvas").getContext("2d");
  ruler.font = "bold 100px " + data.options.nodes.font.face;
  let labelsDirty = true;
  let labelTimer = null;
  let lastView = "";
  let stable = false; // physics has come to rest at least once

  function textOf(id) {
    if (!communityOf.has(id)) return short(N.label[byId.get(id)]);
    const c = communityOf.get(id);
    return short(C.label[c], 30) + " (" + C.members[c].length + ")";
  }

  function widthAt100(id) {
    if (!widths.has(id)) widths.set(id, ruler.measureText(textOf(id)).width);
    return widths.get(id);
  }

  // Each shown node's centre, size (in the drawing's units) and importance (0 to 1).
  function geometry() {
    const items = nodes.get({ filter: (n) => !n.hidden, fields: ["id", "value", "size"] });
    let low = Infinity;
    let high = -Infinity;
    for (const n of items) {
      if (n.value === undefined) continue;
      low = Math.min(low, n.value);
      high = Math.max(high, n.value);
    }
    const where = network.getPositions(items.map((n) => n.id));
    return items.map((n) => {
      const step = n.value === undefined ? 1 : SCALING.customScalingFunction(low, high, 0, n.value);
      const size = n.value === undefined ? n.size : SCALING.min + (SCALING.max - SCALING.min) * step;
      return { id: n.id, x: where[n.id].x, y: where[n.id].y, size: size, step: step };
    });
  }

  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }

  // Boxes in a grid of square cells, to find those near a box without looking at them all.
  function grid(cell) {
    const cells = new Map();
    const keys = (b) => {
      const out = [];
      for (let i = Math.floor(b[0] / cell); i <= Math.floor(b[2] / cell); i++) {
        for (let j = Math.floor(b[1] / cell); j <= Math.floor(b[3] / cell); j++) out.push(i + " " + j);
      }
      return out;
    };
    return {
      add(b, owner) { for (const k of keys(b)) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push([b, owner]); } },
      hits(b, owner, counts) {
        return keys(b).some((k) => (cells.get(k) || []).some(([o, who]) => who !== owner
          && (!counts || counts(who)) && overlaps(o, b)));
      },
    };
  }

  // Where a label's text is drawn: its top hangs 4 + font/2 below the node (as vis draws it),
  // or, moved with vadjust, 3 above it, or across its middle (a community's disc).
  function labelTop(g, font, where) {
    if (where === "above") return g.y - g.size - 3 - font;
    return where === "middle" ? g.y - font / 2 : g.y + g.size + 4 + font / 2;
  }

  // A label's box, with a little room around it (in screen pixels: 3 across, 1 up and down).
  function labelBox(g, font, where) {
    const scale = network.getScale();
    const half = widthAt100(g.id) * font / 200 + 3 / scale;
    const top = labelTop(g, font, where);
    return [g.x - half, top - 1 / scale, g.x + half, top + font + 1 / scale];
  }

  function placeLabels() {
    const scale = network.getScale();
    const box = container.getBoundingClientRect();
    const corner = network.DOMtoCanvas({ x: 0, y: 0 });
    const far = network.DOMtoCanvas({ x: box.width, y: box.height });
    const margin = 2 * LABEL_PX[1] / scale;
    const view = [corner.x - margin, corner.y - margin, far.x + margin, far.y + margin];
    const all = geometry().filter((g) => overlaps([g.x - g.size, g.y - g.size, g.x + g.size,
      g.y + g.size], view));
    const cell = 4 * LABEL_PX[1] / scale;
    const shapes = grid(cell); // the nodes a label may cover: none but specks and much smaller ones
    const sizes = new Map(all.map((g) => [g.id, g.size]));
    all.forEach((g) => {
      if (g.size * scale >= SPECK_PX) shapes.add([g.x - g.size, g.y - g.size, g.x + g.size, g.y + g.size], g.id);
    });
    const taken = grid(cell);
    const first = new Set(network.getSelectedNodes().concat(data.focus === null ? [] : [data.focus]));
    all.sort((a, b) => (first.has(b.id) - first.has(a.id)) || (b.size - a.size) || (a.id < b.id ? -1 : 1));
    const updates = [];
    let shown = 0;
    for (const g of all) {
      const font = (LABEL_PX[0] + (LABEL_PX[1] - LABEL_PX[0]) * g.step) / scale;
      const own = first.has(g.id) ? 0 : g.size / 2; // a label may hide a node half its node's size
      const free = (place) => {
        const candidate = labelBox(g, font, place);
        return !taken.hits(candidate, null) && (place === "middle" // across discs, as on a map
          || !shapes.hits(candidate, g.id, (other) => sizes.get(other) > own));
      };
      let where = "none";
      for (const place of communityOf.has(g.id) ? ["middle", "below", "above"] : ["below", "above"]) {
        if (free(place)) { where = place; break; }
      }
      if (where === "none" && first.has(g.id)) { // the focus keeps its name: room is made
        where = "below";
        makeRoom(g, labelBox(g, font, where), all, shapes);
      }
      if (where !== "none") { taken.add(labelBox(g, font, where), g.id); shown += 1; }
      const key = where === "none" ? "none" : where + " " + font.toFixed(3);
      if (placed.get(g.id) === key) continue;
      placed.set(g.id, key);
      updates.push(where === "none" ? { id: g.id, label: "" } : { id: g.id, label: textOf(g.id),
        font: { size: font, vadjust: labelTop(g, font, where) - labelTop(g, font, "below") } });
    }
    if (updates.length) nodes.update(updates);
    state.labels = { shown: shown, hidden: all.length - shown };
    // for tests and tools: the labels are placed for the drawing as it stands
    if (!data.options.physics.enabled || stable) document.documentElement.setAttribute("data-labelled", "true");
  }

  // Move the nodes that the label of the focus would cover out of its way, up or down, whichever
  // is the shorter way.
  function makeRoom(focus, label, all, shapes) {
    for (const g of all) {
      const own = [g.x - g.size, g.y - g.size, g.x + g.size, g.y + g.size];
      if (g.id === focus.id || !overlaps(own, label)) continue;
      const down = label[3] + 2 - own[1];
      const up = label[1] - 2 - own[3];
      g.y += Math.abs(down) < Math.abs(up) ? down : up;
      shapes.add([g.x - g.size, g.y - g.size, g.x + g.size, g.y + g.size], g.id);
      network.moveNode(g.id, g.x, g.y);
    }
  }

  function labelsLater() {
    if (labelTimer !== null) return;
    labelTimer = setTimeout(() => { labelTimer = null; placeLabels(); }, 60);
  }

  function relabel() { labelsDirty = true; labelsLater(); }

  network.on("afterDrawing", () => {
    const at = network.getViewPosition();
    const view = network.getScale() + " " + at.x + " " + at.y;
    const now = performance.now();
    if (moving && now - lastMove > 400) { lastMove = now; labelsDirty = true; } // nodes drift
    if (view === lastView && !labelsDirty) return;
    lastView = view;
    labelsDirty = false;
    labelsLater();
  });
  let moving = false; // physics is moving the nodes
  let lastMove = 0;
  network.on("startStabilizing", () => { moving = true; });
  network.on("stabilized", () => { moving = false; stable = true; });
  network.on("stabilizationIterationsDone", () => { stable = true; relabel(); });
  for (const event of ["stabilized", "dragEnd", "resize", "animationFinished"]) network.on(event, relabel);
  state.placeLabels = placeLabels;

  network.once("afterDrawing", () => {
    state.firstDraw = performance.now();
    document.documentElement.setAttribute("data-drawn", "true");
    // the tables, once the frame is on screen
    requestAnimationFrame(() => setTimeout(() => fillTables(ROWS_AT_ONCE), 0));
  });

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function button(text, action) {
    const el = element("button", text);
    el.type = "button";
    el.addEventListener("click", action);
    return el;
  }

  function tip(title, lines) {
    const box = element("div", undefined, "rg-tip");
    box.appendChild(element("strong", title));
    for (const line of lines) box.appendChild(element("div", line));
    return box;
  }

  function say(text) { status.textContent = text; }

  // The titles of a link's sources, from the view's one table of titles.
  function citedBy(k) { return data.citations[E.sources[k]].map((t) => data.titles[t]).join("; "); }

  // A node's tooltip: its lines, then its first sources and how many more.
  function linesOf(i) {
    if (!N.sources || !N.sources[i].length) return N.lines[i];
    const more = N.moreSources[i] ? "; and " + N.moreSources[i] + " more" : "";
    return N.lines[i].concat(["Sources: " + N.sources[i].map((t) => data.titles[t]).join("; ") + more]);
  }

  function edgeMeta(id) {
    if (id[0] === "e") {
      const k = Number(id.slice(1));
      const label = data.relations[E.label[k]];
      const sources = citedBy(k);
      return { label: label, title: N.label[E.from[k]] + arrow + N.label[E.to[k]],
        lines: sources ? [label, "Sources: " + sources] : [label] };
    }
    const link = merged.get(id);
    const links = link.links + (link.links === 1 ? " link" : " links");
    return { label: links, title: nameOf(link.from) + " — " + nameOf(link.to), lines: [links + " between them"] };
  }

  // Tooltips are built when first hovered: thousands of them up front would delay the first draw.
  network.on("hoverNode", (p) => {
    const node = nodes.get(p.node);
    if (!node || node.title) return;
    if (communityOf.has(p.node)) {
      const c = communityOf.get(p.node);
      nodes.update({ id: p.node, title: tip(C.label[c], C.lines[c]) });
    } else {
      const i = byId.get(p.node);
      nodes.update({ id: p.node, title: tip(N.label[i], linesOf(i)) });
    }
  });
  network.on("hoverEdge", (p) => {
    const edge = edges.get(p.edge);
    if (!edge) return;
    const meta = edgeMeta(p.edge);
    const update = { id: p.edge, label: meta.label };
    if (!edge.title) update.title = tip(meta.title, meta.lines);
    edges.update(update);
  });
  network.on("blurEdge", (p) => { if (edges.get(p.edge)) edges.update({ id: p.edge, label: null }); });

  function neighbours(id) { return network.getConnectedNodes(id); }

  function focusOn(id) {
    const keep = new Set(neighbours(id));
    keep.add(id);
    nodes.update(nodes.getIds().map((n) => ({ id: n, opacity: keep.has(n) ? 1 : faded })));
    edges.update(edges.get().map((e) => ({ id: e.id, color: (e.from === id || e.to === id)
      ? { color: "#555555", opacity: 1 } : { color: data.edgeColour, opacity: faded } })));
    state.focused = id;
  }

  function unfocus() {
    if (state.focused === null) return;
    nodes.update(nodes.getIds().map((n) => ({ id: n, opacity: 1 })));
    edges.update(edges.getIds().map((e) => ({ id: e, color: { color: data.edgeColour, opacity: 1 } })));
    state.focused = null;
  }

  // Show the communities in ``wanted`` as their members and every other one as a single node.
  function showOnly(wanted) {
    unfocus();
    const removed = [];
    const added = [];
    for (const c of Array.from(opened)) {
      if (wanted.has(c)) continue;
      opened.delete(c);
      for (const i of C.members[c]) removed.push(N.id[i]);
      added.push(communityItem(c));
    }
    for (const c of wanted) {
      if (opened.has(c)) continue;
      opened.add(c);
      removed.push(C.id[c]);
      for (const i of C.members[c]) added.push(nodeItem(i));
    }
    nodes.remove(removed);
    nodes.add(added);
    const wantedLinks = wantedEdges();
    edges.remove(edges.getIds().filter((id) => !wantedLinks.has(id)));
    edges.add(Array.from(wantedLinks).filter((id) => edges.get(id) === null).map(edgeFor));
    relabel();
  }

  function openCommunity(c) { if (!opened.has(c)) showOnly(new Set(opened).add(c)); }

  function closeCommunity(c) {
    if (!opened.has(c)) return;
    const rest = new Set(opened);
    rest.delete(c);
    network.unselectAll();
    showOnly(rest);
    details.hidden = true;
    say("Closed " + C.label[c] + ".");
  }

  function showMembers(c) {
    openCommunity(c);
    const members = C.members[c].filter((i) => !filteredOut[i]).map((i) => N.id[i]);
    if (members.length) network.fit({ nodes: members, animation: false });
    showCommunity(c);
    say("Showing the " + C.members[c].length + " members of " + C.label[c] + ".");
  }

  function showCommunity(c) {
    details.replaceChildren();
    details.appendChild(element("h2", C.label[c]));
    for (const line of C.lines[c]) {
      if (!opened.has(c) || !line.startsWith("Click")) details.appendChild(element("div", line));
    }
    details.appendChild(opened.has(c) ? button("Close this community", () => closeCommunity(c))
      : button("Show its members", () => showMembers(c)));
    details.hidden = false;
  }

  function showDetails(id) {
    const i = byId.get(id);
    details.replaceChildren();
    details.appendChild(element("h2", N.label[i]));
    for (const line of linesOf(i)) details.appendChild(element("div", line));
    if (N.href && N.href[i]) {
      const link = element("a", "Open the page of " + N.label[i]);
      link.href = N.href[i];
      details.appendChild(link);
    }
    if (C) {
      const c = N.community[i];
      const line = element("p", "Community: " + C.label[c] + " ");
      line.appendChild(button("Close it", () => closeCommunity(c)));
      details.appendChild(line);
    }
    const around = neighbours(id).filter((n) => !nodes.get(n).hidden);
    if (around.length) {
      details.appendChild(element("h3", "Linked to " + around.length));
      const list = element("ul");
      around.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
      for (const other of around) {
        const item = element("li");
        item.appendChild(button(nameOf(other), () => (communityOf.has(other)
          ? showMembers(communityOf.get(other)) : select(other))));
        list.appendChild(item);
      }
      details.appendChild(list);
    }
    details.hidden = false;
  }

  function select(id) {
    network.selectNodes([id]);
    focusOn(id);
    relabel(); // the selected node's name first
    const keep = neighbours(id).filter((n) => !nodes.get(n).hidden).concat([id]);
    if (keep.length > 1) network.fit({ nodes: keep, animation: false });
    else network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
    const around = neighbours(id).length;
    say(N.label[byId.get(id)] + ": " + around + (around === 1 ? " neighbour" : " neighbours") + " in this view.");
  }

  function find(text) {
    const wanted = text.trim().toLocaleLowerCase();
    if (!wanted) return null;
    if (lowered === null) lowered = N.label.map((label) => label.toLocaleLowerCase());
    let prefix = null;
    let part = null;
    for (let i = 0; i < count; i++) {
      const label = lowered[i];
      if (label === wanted || N.id[i] === wanted) return i;
      if (prefix === null && label.startsWith(wanted)) prefix = i;
      if (part === null && label.includes(wanted)) part = i;
    }
    return prefix !== null ? prefix : part;
  }

  // The edit distance of two texts, or more than ``most`` when it is (computed no further).
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let previous = Array.from({ length: b.length + 1 }, (_v, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        least = Math.min(least, row[j]);
      }
      if (least > most) return most + 1;
      previous = row;
    }
    return previous[b.length];
  }

  // The (at most three) nodes whose name, or the start of it, is closest to a text that names
  // none: a letter wrong, left out or added in every four.
  function closest(text) {
    const wanted = text.trim().toLocaleLowerCase();
    if (!wanted) return [];
    if (lowered === null) lowered = N.label.map((label) => label.toLocaleLowerCase());
    const most = Math.max(1, Math.floor(wanted.length / 4));
    const found = [];
    for (let i = 0; i < count; i++) {
      const label = lowered[i];
      let best = distance(wanted, label, most);
      for (let cut = wanted.length - 1; cut <= wanted.length + 1 && best > 0; cut++) {
        if (cut > 0 && cut < label.length) best = Math.min(best, distance(wanted, label.slice(0, cut), most));
      }
      if (best <= most) found.push([best, N.label[i].length, i]);
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return found.slice(0, 3).map((f) => f[2]);
  }

  function notFound(text) {
    const near = closest(text);
    say("No stakeholder matches “" + text + "”." + (near.length ? " Did you mean " : ""));
    near.forEach((i, k) => {
      if (k) status.append(k === near.length - 1 ? " or " : ", ");
      status.appendChild(button(N.label[i], () => { search.value = N.label[i]; found(i); }));
    });
    if (near.length) status.append("?");
  }

  function found(i) {
    if (filteredOut[i]) {
      say(N.label[i] + " is hidden by the filters: tick its kind and sector to show it.");
      return;
    }
    if (C) openCommunity(N.community[i]);
    select(N.id[i]);
  }

  document.getElementById("rg-search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const i = find(search.value);
    if (i === null) { notFound(search.value); return; }
    found(i);
  });

  network.on("click", (p) => {
    if (p.nodes.length) {
      const id = p.nodes[0];
      if (communityOf.has(id)) showMembers(communityOf.get(id));
      else select(id);
    } else if (!p.edges.length) { unfocus(); details.hidden = true; }
  });

  const nodeRows = document.querySelector("#rg-node-table tbody");
  const linkRows = document.querySelector("#rg-link-table tbody");
  const sectorLabels = new Map(Object.entries(data.sectorLabels));
  const tables = { nodes: 0, links: 0, done: false };

  function nodeRow(i) {
    const row = element("tr");
    row.dataset.node = N.id[i];
    row.hidden = filteredOut[i] === 1;
    const name = element("th");
    name.scope = "row";
    if (N.href && N.href[i]) {
      const link = element("a", N.label[i]);
      link.href = N.href[i];
      name.appendChild(link);
    } else name.textContent = N.label[i];
    row.append(name, element("td", data.kindNames[N.kindName[i]]),
      element("td", N.sectors[i].map((s) => sectorLabels.get(s) || s).join(", ")),
      element("td", N.metric[i]), element("td", String(N.links[i])));
    if (C) row.appendChild(element("td", C.label[N.community[i]]));
    return row;
  }

  function linkRow(k) {
    const row = element("tr");
    row.dataset.from = N.id[E.from[k]];
    row.dataset.to = N.id[E.to[k]];
    row.hidden = filteredOut[E.from[k]] === 1 || filteredOut[E.to[k]] === 1;
    row.append(element("td", N.label[E.from[k]]), element("td", data.relations[E.label[k]]),
      element("td", N.label[E.to[k]]), element("td", citedBy(k)));
    return row;
  }

  // Add up to ``rows`` rows to the tables; when both are full, the search's suggestions too.
  function fillTables(rows) {
    if (tables.done) return;
    const part = document.createDocumentFragment();
    let budget = rows;
    for (; tables.nodes < count && budget > 0; tables.nodes++, budget--) part.appendChild(nodeRow(tables.nodes));
    nodeRows.appendChild(part);
    for (; tables.links < E.from.length && budget > 0; tables.links++, budget--) part.appendChild(linkRow(tables.links));
    linkRows.appendChild(part);
    if (tables.nodes < count || tables.links < E.from.length) {
      setTimeout(() => fillTables(ROWS_AT_ONCE), 0);
      return;
    }
    tables.done = true;
    const names = document.getElementById("rg-names");
    for (const label of Array.from(new Set(N.label)).sort()) {
      const option = element("option");
      option.value = label;
      part.appendChild(option);
    }
    names.appendChild(part);
    document.documentElement.setAttribute("data-tables", "true");
  }

  document.getElementById("rg-tables").addEventListener("toggle", () => fillTables(Infinity));

  function ticked(name) {
    const boxes = document.querySelectorAll("input[name='" + name + "']");
    return new Set(Array.from(boxes).filter((b) => b.checked).map((b) => b.value));
  }

  function applyFilters() {
    const kinds = ticked("rg-kind");
    const sectors = ticked("rg-sector");
    let hidden = 0;
    for (let i = 0; i < count; i++) {
      const own = N.sectors[i];
      const sectorShown = own.length ? own.some((s) => sectors.has(s)) : sectors.has("");
      filteredOut[i] = kinds.has(data.kinds[N.kind[i]]) && sectorShown ? 0 : 1;
      hidden += filteredOut[i];
    }
    nodes.update(nodes.getIds().map((id) => ({ id: id, hidden: communityOf.has(id)
      ? !communityShown(communityOf.get(id)) : filteredOut[byId.get(id)] === 1 })));
    fillTables(Infinity);
    const out = (id) => filteredOut[byId.get(id)] === 1;
    for (const row of document.querySelectorAll("#rg-node-table tbody tr")) row.hidden = out(row.dataset.node);
    for (const row of document.querySelectorAll("#rg-link-table tbody tr")) {
      row.hidden = out(row.dataset.from) || out(row.dataset.to);
    }
    say("Showing " + (count - hidden) + " of " + count + " nodes.");
    relabel();
  }

  for (const box of document.querySelectorAll("input[name='rg-kind'], input[name='rg-sector']")) {
    box.addEventListener("change", applyFilters);
  }

  document.getElementById("rg-physics").addEventListener("change", (event) => {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });

  document.getElementById("rg-collapse").addEventListener("click", () => {
    if (!C) return;
    network.unselectAll();
    showOnly(new Set());
    details.hidden = true;
    network.fit({ animation: false });
    say("Closed every community: " + C.id.length + " communities.");
  });

  document.getElementById("rg-reset").addEventListener("click", () => {
    for (const box of document.querySelectorAll("input[name='rg-kind'], input[name='rg-sector']")) {
      box.checked = true;
    }
    applyFilters();
    unfocus();
    network.unselectAll();
    if (C) showOnly(initial);
    details.hidden = true;
    search.value = "";
    network.fit({ animation: false });
    say("Showing all " + count + " nodes.");
  });

  document.querySelector("a[href='#rg-tables']").addEventListener("click", () => {
    document.getElementById("rg-tables").open = true;
  });

  if (C) {
    state.communities = { ids: C.id, opened: () => Array.from(opened, (c) => C.id[c]),
      open: (id) => showMembers(communityOf.get(id)), close: (id) => closeCommunity(communityOf.get(id)) };
  }
  if (data.focus !== null && nodes.get(data.focus) !== null) network.selectNodes([data.focus]);
})();
