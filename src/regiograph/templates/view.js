// regiograph view: search, filters, neighbourhood focus, tooltips and details.
// Every text from the data goes into the page with textContent, never as HTML.
"use strict";
(function () {
  performance.mark("rg-script");
  const data = JSON.parse(document.getElementById("rg-data").textContent);
  performance.mark("rg-data");
  const info = data.info;
  const edgeInfo = data.edgeInfo;
  const container = document.getElementById("rg-network");
  const status = document.getElementById("rg-status");
  const details = document.getElementById("rg-details");
  const search = document.getElementById("rg-search");
  const faded = 0.18;

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  performance.mark("rg-network");
  const state = { network: network, nodes: nodes, edges: edges, firstDraw: null, focused: null,
    drawn: () => network.body.nodeIndices.length };
  window.regiograph = state;
  // physics settles the last nodes after the first drawing: fit them once, when they stop
  network.once("stabilized", () => { if (state.focused === null) network.fit({ animation: false }); });
  network.once("afterDrawing", () => {
    state.firstDraw = performance.now();
    document.documentElement.setAttribute("data-drawn", "true");
  });

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function tip(title, lines) {
    const box = element("div", undefined, "rg-tip");
    box.appendChild(element("strong", title));
    for (const line of lines) box.appendChild(element("div", line));
    return box;
  }

  function say(text) { status.textContent = text; }

  // Tooltips are built when first hovered: thousands of them up front would delay the first draw.
  network.on("hoverNode", (p) => {
    const node = nodes.get(p.node);
    if (node && !node.title) nodes.update({ id: p.node, title: tip(info[p.node].label, info[p.node].lines) });
  });
  network.on("hoverEdge", (p) => {
    const meta = edgeInfo[p.edge];
    const edge = edges.get(p.edge);
    const update = { id: p.edge, label: meta.label };
    if (edge && !edge.title) update.title = tip(meta.title, meta.lines);
    edges.update(update);
  });
  network.on("blurEdge", (p) => { edges.update({ id: p.edge, label: null }); });

  function neighbours(id) { return network.getConnectedNodes(id); }

  function focusOn(id) {
    const keep = new Set(neighbours(id));
    keep.add(id);
    nodes.update(data.nodes.map((n) => ({ id: n.id, opacity: keep.has(n.id) ? 1 : faded })));
    edges.update(data.edges.map((e) => ({ id: e.id, color: (e.from === id || e.to === id)
      ? { color: "#555555", opacity: 1 } : { color: data.edgeColour, opacity: faded } })));
    state.focused = id;
  }

  function unfocus() {
    if (state.focused === null) return;
    nodes.update(data.nodes.map((n) => ({ id: n.id, opacity: 1 })));
    edges.update(data.edges.map((e) => ({ id: e.id, color: { color: data.edgeColour, opacity: 1 } })));
    state.focused = null;
  }

  function showDetails(id) {
    const meta = info[id];
    details.replaceChildren();
    details.appendChild(element("h2", meta.label));
    for (const line of meta.lines) details.appendChild(element("div", line));
    if (meta.href) {
      const link = element("a", "Open the page of " + meta.label);
      link.href = meta.href;
      details.appendChild(link);
    }
    const around = neighbours(id).filter((n) => !nodes.get(n).hidden);
    if (around.length) {
      details.appendChild(element("h3", "Linked to " + around.length));
      const list = element("ul");
      around.sort((a, b) => info[a].label.localeCompare(info[b].label));
      for (const other of around) {
        const item = element("li");
        const button = element("button", info[other].label);
        button.type = "button";
        button.addEventListener("click", () => select(other));
        item.appendChild(button);
        list.appendChild(item);
      }
      details.appendChild(list);
    }
    details.hidden = false;
  }

  function select(id) {
    network.selectNodes([id]);
    focusOn(id);
    const keep = neighbours(id).filter((n) => !nodes.get(n).hidden).concat([id]);
    if (keep.length > 1) network.fit({ nodes: keep, animation: false });
    else network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
    const count = neighbours(id).length;
    say(info[id].label + ": " + count + (count === 1 ? " neighbour" : " neighbours") + " in this view.");
  }

  function find(text) {
    const wanted = text.trim().toLocaleLowerCase();
    if (!wanted) return null;
    let prefix = null;
    let part = null;
    for (const n of data.nodes) {
      const label = info[n.id].label.toLocaleLowerCase();
      if (label === wanted || n.id === wanted) return n.id;
      if (prefix === null && label.startsWith(wanted)) prefix = n.id;
      if (part === null && label.includes(wanted)) part = n.id;
    }
    return prefix !== null ? prefix : part;
  }

  document.getElementById("rg-search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const id = find(search.value);
    if (id === null) { say("No stakeholder matches “" + search.value + "”."); return; }
    if (nodes.get(id).hidden) {
      say(info[id].label + " is hidden by the filters: tick its kind and sector to show it.");
      return;
    }
    select(id);
  });

  network.on("click", (p) => {
    if (p.nodes.length) select(p.nodes[0]);
    else if (!p.edges.length) { unfocus(); details.hidden = true; }
  });

  function ticked(name) {
    const boxes = document.querySelectorAll("input[name='" + name + "']");
    return new Set(Array.from(boxes).filter((b) => b.checked).map((b) => b.value));
  }

  function applyFilters() {
    const kinds = ticked("rg-kind");
    const sectors = ticked("rg-sector");
    const hidden = new Set();
    for (const n of data.nodes) {
      const meta = info[n.id];
      const sectorShown = meta.sectors.length ? meta.sectors.some((s) => sectors.has(s)) : sectors.has("");
      if (!(kinds.has(meta.group) && sectorShown)) hidden.add(n.id);
    }
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: hidden.has(n.id) })));
    for (const row of document.querySelectorAll("#rg-node-table tbody tr")) {
      row.hidden = hidden.has(row.dataset.node);
    }
    for (const row of document.querySelectorAll("#rg-link-table tbody tr")) {
      row.hidden = hidden.has(row.dataset.from) || hidden.has(row.dataset.to);
    }
    say("Showing " + (data.nodes.length - hidden.size) + " of " + data.nodes.length + " nodes.");
  }

  for (const box of document.querySelectorAll("input[name='rg-kind'], input[name='rg-sector']")) {
    box.addEventListener("change", applyFilters);
  }

  document.getElementById("rg-physics").addEventListener("change", (event) => {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });

  document.getElementById("rg-reset").addEventListener("click", () => {
    for (const box of document.querySelectorAll("input[name='rg-kind'], input[name='rg-sector']")) {
      box.checked = true;
    }
    applyFilters();
    unfocus();
    network.unselectAll();
    details.hidden = true;
    search.value = "";
    network.fit({ animation: false });
    say("Showing all " + data.nodes.length + " nodes.");
  });

  document.querySelector("a[href='#rg-tables']").addEventListener("click", () => {
    document.getElementById("rg-tables").open = true;
  });

  if (data.focus !== null) network.selectNodes([data.focus]);
})();
