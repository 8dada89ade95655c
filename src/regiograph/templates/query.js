// regiograph query page and widget: SPARQL answered in the browser by Oxigraph (WebAssembly) on
// the site's own dataset. Every element is built with textContent: data never becomes markup.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("rg-data").textContent);
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
    "unsignedLong", "unsignedShort", "unsignedByte"].map((t) => XSD + t));
  const SHOWN_ROWS = 1000;
  const PROLOGUE_LINES = config.prologue.split("\n").length - 1;
  const state = { store: null, loading: null, timings: {}, last: null, runs: 0, done: 0 };
  window.regiograph = state;
  const $ = (id) => document.getElementById(id);

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // -- the engine and the data, on first use ------------------------------------------------------

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("could not load " + src));
      document.body.appendChild(script);
    });
  }

  async function gunzip(base64) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function step(number, text) {
    $("rg-loading").hidden = false;
    $("rg-progress").value = number;
    $("rg-loading-step").textContent = text;
    return new Promise((resolve) => setTimeout(resolve, 0)); // let the browser show it
  }

  function megabytes(key) {
    const size = (config.sizes || {})[key];
    return size ? " (" + (size / 1e6).toFixed(1) + " MB)" : "";
  }

  async function openStore() {
    const start = performance.now();
    const assets = (globalThis.regiographAssets = globalThis.regiographAssets || {});
    await step(0, "Loading the SPARQL engine" + megabytes("engine") + "…");
    if (typeof globalThis.oxigraph === "undefined") await loadScript(config.assets.glue);
    if (!assets.engine) await loadScript(config.assets.engine);
    await step(1, "Starting the SPARQL engine…");
    await globalThis.oxigraph.init({ module_or_path: await gunzip(assets.engine) });
    delete assets.engine;
    state.timings.engineMs = performance.now() - start;
    await step(2, "Loading the data" + megabytes("dataset") + "…");
    if (!assets.dataset) await loadScript(config.assets.dataset);
    const data = await gunzip(assets.dataset);
    delete assets.dataset;
    await step(3, "Reading " + (data.length / 1e6).toFixed(1) + " MB of facts…");
    const store = new globalThis.oxigraph.Store();
    store.load(data, { format: "application/trig" });
    // the default graph is the merge of the named graphs, as in regiograph's own store
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }");
    state.timings.loadMs = performance.now() - start;
    state.timings.readyAt = performance.now();
    state.quads = store.size;
    await step(4, "Ready.");
    $("rg-loading").hidden = true;
    state.store = store;
    return store;
  }

  function engine() {
    if (!state.loading) {
      state.loading = openStore().catch((error) => { state.loading = null; throw error; });
    }
    return state.loading;
  }

  // -- parameters, as regiograph binds them --------------------------------------------------------

  function iriOf(name, value) {
    const colon = value.indexOf(":");
    const prefix = colon < 0 ? "" : value.slice(0, colon);
    const local = colon < 0 ? "" : value.slice(colon + 1);
    if (colon < 0 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)) value = config.idBase + value;
    else if (colon >= 0 && Object.hasOwn(config.prefixes, prefix) && !local.startsWith("//")) {
      value = config.prefixes[prefix] + local;
    }
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) || /[\x00-\x20<>"{}|^`\\]/.test(value)) {
      throw new Error("parameter " + name + ": '" + value + "' is not an id, a prefixed name or an " +
        "absolute IRI (write an id such as ku-leuven, a prefixed name such as rg:University, or an IRI)");
    }
    return globalThis.oxigraph.namedNode(value);
  }

  const PATTERNS = { integer: [/^[+-]?[0-9]+$/, "an integer (write digits, such as 2021)"],
    decimal: [/^[+-]?[0-9]+(?:\.[0-9]+)?$/, "a decimal (write digits with '.' as the decimal point)"],
    boolean: [/^(?:true|false)$/, "a boolean (write true or false)"],
    date: [/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "a date (write YYYY-MM-DD, such as 2021-03-01)"] };

  function termOf(parameter, value) {
    const ox = globalThis.oxigraph;
    if (parameter.type === "iri") return iriOf(parameter.name, value);
    if (parameter.type === "literal") return ox.literal(value);
    const pattern = PATTERNS[parameter.type];
    if (pattern) {
      const real = parameter.type !== "date" || (!isNaN(Date.parse(value + "T00:00:00Z")) &&
        new Date(value + "T00:00:00Z").toISOString().startsWith(value));
      if (!pattern[0].test(value) || !real) {
        throw new Error("parameter " + parameter.name + ": '" + value + "' is not " + pattern[1]);
      }
      return ox.literal(value, ox.namedNode(XSD + parameter.type));
    }
    return ox.literal(value, parameter.type); // a language tag
  }

  // A VALUES block opening the WHERE clause, its terms written by the engine: the way regiograph
  // binds parameters on an endpoint (regiograph.store.sparql_text.with_values).
  function bound(query, values) {
    if (!query.parameters.length) return query.text;
    const terms = query.parameters.map((p) => {
      const value = (values[p.name] || "").trim() || p.default;
      if (!value) throw new Error("query " + query.name + " needs the parameter '" + p.name + "'");
      return termOf(p, value).toString();
    });
    if (query.valuesAt === null) throw new Error("cannot bind parameters: the query has no WHERE clause");
    const clause = " VALUES (" + query.parameters.map((p) => "?" + p.variable).join(" ") + ") { (" +
      terms.join(" ") + ") } ";
    return query.text.slice(0, query.valuesAt) + clause + query.text.slice(query.valuesAt);
  }

  // -- running -------------------------------------------------------------------------------------

  function formOf(text) {
    const match = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(text.replace(/#[^\n]*/g, ""));
    return match ? match[1].toUpperCase() : "SELECT";
  }

  function answer(store, text, hidden) {
    const form = formOf(text);
    const sparql = config.prologue + text;
    if (form === "CONSTRUCT" || form === "DESCRIBE") {
      const lines = store.query(sparql, { results_format: "application/n-triples" })
        .split("\n").filter((line) => line.trim());
      lines.sort();
      return { form: form, triples: lines };
    }
    const json = JSON.parse(store.query(sparql, { results_format: "application/sparql-results+json" }));
    if ("boolean" in json) return { form: "ASK", json: { head: {}, boolean: json.boolean } };
    const vars = json.head.vars.filter((v) => !hidden.includes(v));
    const bindings = json.results.bindings.map((row) => {
      const kept = {};
      for (const v of vars) if (v in row) kept[v] = row[v];
      return kept;
    });
    return { form: "SELECT", json: { head: { vars: vars }, results: { bindings: bindings } } };
  }

  function where(message) {
    const at = /^error at (\d+):(\d+): ([\s\S]*)$/.exec(message);
    if (!at) return { text: message };
    const line = Math.max(1, Number(at[1]) - PROLOGUE_LINES);
    const column = Number(at[2]);
    return { line: line, column: column,
      text: "SPARQL syntax error at line " + line + ", column " + column + ": " + at[3] };
  }

  async function run(makeText, hidden, editor) {
    const error = $("rg-error");
    error.hidden = true;
    const started = performance.now();
    $("rg-status").textContent = "Running…";
    let result;
    try {
      const store = await engine();
      const text = makeText();
      const begun = performance.now();
      result = answer(store, text, hidden);
      result.ms = performance.now() - begun;
    } catch (problem) {
      const message = String(problem && problem.message !== undefined ? problem.message : problem)
        .replace(/^Error: /, "").split("\n")[0];
      const place = where(message);
      $("rg-loading").hidden = true;
      error.textContent = place.text;
      error.hidden = false;
      $("rg-answer").replaceChildren();
      $("rg-downloads").replaceChildren();
      $("rg-downloads").hidden = true;
      $("rg-status").textContent = "The query did not run.";
      state.last = { error: place };
      if (editor && place.line) caretAt(editor, place.line, place.column);
      finished();
      return;
    }
    state.runs += 1;
    if (state.timings.firstResultMs === undefined) {
      state.timings.firstResultMs = performance.now();
      state.timings.firstRunMs = performance.now() - started;
    }
    state.last = result;
    show(result);
    finished();
  }

  // Each run, answered or not, is counted on the page's root element: tests and the benchmark
  // wait for it with a selector (the policy rightly refuses their evaluated functions).
  function finished() {
    state.done += 1;
    document.documentElement.setAttribute("data-runs", String(state.done));
  }

  function caretAt(editor, line, column) {
    const lines = editor.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    editor.focus();
    editor.setSelectionRange(offset, Math.min(offset + 1, editor.value.length));
  }

  // -- the answer ----------------------------------------------------------------------------------

  function compact(iri) {
    for (const [prefix, namespace] of Object.entries(config.prefixes)) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return prefix + ":" + iri.slice(namespace.length);
      }
    }
    return iri;
  }

  function cell(term) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const id = term.value.startsWith(config.idBase) ? term.value.slice(config.idBase.length) : null;
      const href = id === null || !config.labels || !Object.hasOwn(config.labels, id) ? undefined
        : Object.hasOwn(config.pages, id) ? config.pages[id] : "stakeholders/" + id + ".html";
      if (href !== undefined && config.linkPages !== false) {
        const link = element("a", config.labels[id] || id);
        link.href = href;
        link.title = term.value;
        td.appendChild(link);
      } else if (href !== undefined) {
        const label = element("span", config.labels[id] || id);
        label.title = term.value;
        td.appendChild(label);
      } else {
        const text = element("span", compact(term.value));
        text.title = term.value;
        td.appendChild(text);
      }
    } else if (term.type === "literal") {
      td.appendChild(document.createTextNode(term.value));
      if (term["xml:lang"]) td.appendChild(element("span", "@" + term["xml:lang"], "rg-type"));
      else if (term.datatype) td.appendChild(element("span", compact(term.datatype), "rg-type"));
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : JSON.stringify(term.value);
    }
    return td;
  }

  function sortKey(term) {
    if (!term) return [2, ""];
    if (term.type === "literal" && NUMERIC.has(term.datatype) && !isNaN(Number(term.value))) {
      return [0, Number(term.value)];
    }
    const id = term.type === "uri" && term.value.startsWith(config.idBase)
      ? term.value.slice(config.idBase.length) : null;
    const label = id !== null && config.labels && Object.hasOwn(config.labels, id) && config.labels[id];
    return [1, String(label || term.value).toLowerCase()];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }

  function table(vars, rows) {
    const wrap = element("div", null, "rg-scroll rg-answer");
    const tableElement = element("table");
    const head = element("thead");
    const headRow = element("tr");
    const body = element("tbody");
    let order = rows;
    function fill() {
      body.replaceChildren();
      for (const row of order.slice(0, SHOWN_ROWS)) {
        const tr = element("tr");
        for (const v of vars) tr.appendChild(cell(row[v]));
        body.appendChild(tr);
      }
    }
    vars.forEach((v) => {
      const th = element("th");
      th.scope = "col";
      th.setAttribute("aria-sort", "none");
      const button = element("button", v);
      button.type = "button";
      button.title = "Sort by " + v;
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headRow.querySelectorAll("th").forEach((other) => other.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const keyed = rows.map((row, i) => [sortKey(row[v]), i, row]);
        keyed.sort((a, b) => compare(a[0], b[0]) * (ascending ? 1 : -1) || a[1] - b[1]);
        order = keyed.map((entry) => entry[2]);
        fill();
      });
      th.appendChild(button);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    tableElement.append(head, body);
    fill();
    wrap.appendChild(tableElement);
    return wrap;
  }

  function show(result) {
    const target = $("rg-answer");
    target.replaceChildren();
    const downloads = $("rg-downloads");
    downloads.replaceChildren();
    const took = " (" + Math.round(result.ms) + " ms in your browser)";
    if (result.form === "ASK") {
      $("rg-status").textContent = "Answer: " + (result.json.boolean ? "yes" : "no") + took;
      target.appendChild(element("p", result.json.boolean ? "yes" : "no", "rg-boolean"));
      offer(downloads, "answer.srj", "SPARQL JSON", JSON.stringify(result.json, null, 1),
        "application/sparql-results+json");
    } else if (result.form === "SELECT") {
      const rows = result.json.results.bindings;
      const more = rows.length > SHOWN_ROWS ? "; the first " + SHOWN_ROWS + " are shown, the downloads " +
        "hold them all" : "";
      $("rg-status").textContent = rows.length + " row" + (rows.length === 1 ? "" : "s") + took + more + ".";
      target.appendChild(table(result.json.head.vars, rows));
      offer(downloads, "answer.csv", "CSV", csv(result.json), "text/csv");
      offer(downloads, "answer.srj", "SPARQL JSON", JSON.stringify(result.json, null, 1),
        "application/sparql-results+json");
    } else {
      $("rg-status").textContent = result.triples.length + " triples" + took + ".";
      target.appendChild(element("pre", result.triples.slice(0, SHOWN_ROWS).join("\n")));
      offer(downloads, "answer.nt", "N-Triples", result.triples.map((t) => t + "\n").join(""),
        "application/n-triples");
    }
    downloads.hidden = config.mode === "embed" || !downloads.childElementCount;
  }

  function offer(target, name, label, content, type) {
    if (config.mode === "embed") return; // a sandboxed frame may not download
    const link = element("a", "Download " + label);
    link.href = URL.createObjectURL(new Blob([content], { type: type }));
    link.download = name;
    target.appendChild(link);
  }

  // CSV as `regiograph query --format csv` writes it: values only, formula-like text made inert.
  const FORMULA = ["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"];
  function spreadsheetSafe(value) {
    const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value);
    return FORMULA.some((start) => value.startsWith(start)) && !number ? "'" + value : value;
  }

  function csv(json) {
    const quote = (value) => (/[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value);
    const lines = [json.head.vars.map(quote).join(",")];
    for (const row of json.results.bindings) {
      lines.push(json.head.vars.map((v) => quote(row[v] ? spreadsheetSafe(String(row[v].value)) : ""))
        .join(","));
    }
    return lines.join("\n") + "\n";
  }

  // -- the library's forms -------------------------------------------------------------------------

  function libraryForms() {
    const select = $("rg-query-select");
    const groups = {};
    for (const query of config.queries) {
      const folder = query.name.includes("/") ? query.name.split("/")[0] : "queries";
      if (!groups[folder]) {
        groups[folder] = element("optgroup");
        groups[folder].label = folder;
        select.appendChild(groups[folder]);
      }
      const option = element("option", query.name.split("/").pop() + (query.summary ? ": " + query.summary : ""));
      option.value = query.name;
      groups[folder].appendChild(option);
    }
    const lists = {};
    function datalist(key) {
      if (!lists[key]) {
        const list = element("datalist");
        list.id = "rg-choices-" + key;
        for (const [value, label] of config.choices[key]) {
          const option = element("option", label || value);
          option.value = value;
          list.appendChild(option);
        }
        document.body.appendChild(list);
        lists[key] = list;
      }
      return lists[key].id;
    }
    function current() {
      return config.queries.find((query) => query.name === select.value);
    }
    function choose() {
      const query = current();
      $("rg-query-summary").textContent = query.summary;
      $("rg-query-description").textContent = query.description;
      $("rg-query-text").textContent = query.text;
      const params = $("rg-params");
      params.replaceChildren();
      for (const p of query.parameters) {
        const box = element("div", null, "rg-param");
        const label = element("label", p.name);
        const input = element("input");
        input.id = "rg-param-" + p.name;
        input.name = p.name;
        input.value = p.default;
        input.placeholder = p.default;
        input.autocomplete = "off";
        input.spellcheck = false;
        label.htmlFor = input.id;
        if (p.choices) input.setAttribute("list", datalist(p.choices));
        const kind = p.type === "iri" ? "an id, a prefixed name or an IRI" : p.type === "literal" ? "text"
          : PATTERNS[p.type] ? PATTERNS[p.type][1].replace(/ \(.*/, "") : "text in the language '" + p.type + "'";
        box.append(label, input, element("p", kind + (p.default ? "; default " + p.default : ""), "rg-note"));
        params.appendChild(box);
      }
    }
    select.addEventListener("change", () => {
      choose();
      history.replaceState(null, "", "#" + encodeURIComponent(select.value));
    });
    $("rg-query-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const query = current();
      const values = {};
      for (const input of $("rg-params").querySelectorAll("input")) values[input.name] = input.value;
      run(() => bound(query, values), query.parameters.map((p) => p.variable), null);
    });
    $("rg-to-editor").addEventListener("click", () => {
      const editor = $("rg-sparql");
      editor.value = current().text;
      editor.dispatchEvent(new Event("input"));
      editor.focus();
    });
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (config.queries.some((query) => query.name === wanted)) select.value = wanted;
    choose();
  }

  // -- the editor: highlighting and prefix completion ----------------------------------------------

  const TOKENS = new RegExp([
    "(#[^\\n]*)", // comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // string
    "(<[^<>\"{}|^`\\\\\\s]*>)", // IRI
    "([?$][A-Za-z0-9_\\u00B7-\\uFFFF]+)", // variable
    "([A-Za-z][\\w.-]*:[\\w.%-]*|:[\\w.%-]+)", // prefixed name
    "\\b(SELECT|DISTINCT|REDUCED|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|BIND|VALUES|AS|ORDER|BY|" +
      "ASC|DESC|LIMIT|OFFSET|GROUP|HAVING|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE|FROM|NAMED|NOT|EXISTS|IN|" +
      "COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|STR|LANG|LANGMATCHES|DATATYPE|BOUND|IRI|URI|" +
      "BNODE|IF|COALESCE|REGEX|CONTAINS|STRSTARTS|STRENDS|LCASE|UCASE|YEAR|isIRI|isLiteral|isBlank|a)\\b", // keyword
    "(\\b\\d+(?:\\.\\d+)?\\b)", // number
  ].join("|"), "gi");
  const CLASSES = [null, "rg-c", "rg-s", "rg-i", "rg-v", "rg-p", "rg-k", "rg-n"];

  function highlight(text, target) {
    target.replaceChildren();
    let at = 0;
    for (const match of text.matchAll(TOKENS)) {
      if (match.index > at) target.appendChild(document.createTextNode(text.slice(at, match.index)));
      const group = match.findIndex((value, i) => i > 0 && value !== undefined);
      target.appendChild(element("span", match[0], CLASSES[group]));
      at = match.index + match[0].length;
    }
    target.appendChild(document.createTextNode(text.slice(at) + "\n"));
  }

  function editorForm() {
    const editor = $("rg-sparql");
    const code = $("rg-highlight");
    const pre = code.parentElement;
    const list = $("rg-complete");
    const names = Object.keys(config.prefixes);
    $("rg-prefixes").textContent = "Known prefixes: " + names.map((n) => n + ": <" + config.prefixes[n] + ">")
      .join(", ") + ".";
    let choices = [];
    let chosen = 0;
    let navigated = false; // Enter takes a prefix only once the list was moved in: else a new line
    function word() {
      const before = editor.value.slice(0, editor.selectionStart);
      const match = /(?:^|[\s{}().;,/^|!=<>])([A-Za-z][\w-]*)$/.exec(before);
      return match ? match[1] : null;
    }
    function refresh() {
      highlight(editor.value, code);
      pre.scrollTop = editor.scrollTop;
      const typed = word();
      choices = typed ? names.filter((n) => n.startsWith(typed)) : [];
      chosen = 0;
      navigated = false;
      render();
    }
    function render() {
      list.replaceChildren();
      choices.forEach((name, i) => {
        const item = element("li", name + ":");
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(i === chosen));
        item.addEventListener("mousedown", (event) => { event.preventDefault(); accept(name); });
        list.appendChild(item);
      });
      list.hidden = !choices.length;
    }
    function accept(name) {
      const typed = word() || "";
      const at = editor.selectionStart;
      editor.setRangeText(name.slice(typed.length) + ":", at, at, "end");
      choices = [];
      render();
      highlight(editor.value, code);
    }
    editor.addEventListener("input", refresh);
    editor.addEventListener("scroll", () => { pre.scrollTop = editor.scrollTop; });
    editor.addEventListener("blur", () => { choices = []; render(); });
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("rg-editor-form").requestSubmit();
      } else if (choices.length && (event.key === "Tab" || (event.key === "Enter" && navigated))) {
        event.preventDefault();
        accept(choices[chosen]);
      } else if (choices.length && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        chosen = (chosen + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
        navigated = true;
        render();
      } else if (event.key === "Escape" && choices.length) {
        choices = [];
        render();
      }
    });
    $("rg-editor-form").addEventListener("submit", (event) => {
      event.preventDefault();
      choices = [];
      render();
      run(() => editor.value, [], editor);
    });
    highlight(editor.value, code);
  }

  // -- the page ------------------------------------------------------------------------------------

  if (config.mode === "embed") {
    run(() => config.embed.text, config.embed.hidden, null);
  } else {
    libraryForms();
    editorForm();
  }
  state.ready = true;
  document.documentElement.setAttribute("data-ready", "true");
})();
