// Meshlog dashboard: polls the JSON APIs of `meshlog up` and draws three panels. Plain JavaScript,
// no framework and no build step. Every piece of data reaches the page through textContent or
// setAttribute (never innerHTML), so names and reasons can hold any characters.
'use strict';

const GRAPH_EVERY_MS = 2000;
const TABLES_EVERY_MS = 5000;
// The namespace of the inline <svg> as the HTML parser created it: new shapes must share it.
const SVG_NS = document.getElementById('graph').namespaceURI;

function el(tag, attrs, text) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

async function api(path) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-store' });
  } catch (error) {
    // No answer at all (server stopped, network down): say which call failed.
    throw new Error(path + ': ' + error.message + ' (is meshlog up still running?)');
  }
  const body = await response.text();
  if (!response.ok) {
    throw new Error(path + ': HTTP ' + response.status + ' ' + body.trim());
  }
  return JSON.parse(body);
}

function showError(id, error) {
  const line = document.getElementById(id);
  if (error) {
    line.textContent = 'Could not load: ' + error.message + ' (retrying)';
    line.hidden = false;
  } else {
    line.textContent = '';
    line.hidden = true;
  }
}

function stamp() {
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function percent(rate) {
  return (rate * 100).toFixed(rate > 0 && rate < 0.001 ? 2 : 1) + '%';
}

function errorClass(edge) {
  if (edge.rps <= 0) return 'idle';
  if (edge.errorRate >= 0.05) return 'bad';
  if (edge.errorRate >= 0.01) return 'warn';
  return 'ok';
}

// Deterministic layout in three columns: workloads that only send on the left, services in the
// middle, workloads that receive on the right; each column sorted by node id.
function layout(graph) {
  const receives = new Set(graph.edges.map(e => e.target));
  const columns = [[], [], []];
  const nodes = graph.nodes.slice().sort((a, b) => a.id.localeCompare(b.id));
  for (const node of nodes) {
    columns[node.type === 'service' ? 1 : receives.has(node.id) ? 2 : 0].push(node);
  }
  const rowHeight = 70, nodeWidth = 170, nodeHeight = 34, width = 960;
  const height = Math.max(1, ...columns.map(c => c.length)) * rowHeight + 20;
  const xs = [20, (width - nodeWidth) / 2, width - nodeWidth - 20];
  const places = new Map();
  columns.forEach((column, i) => column.forEach((node, j) => {
    const top = (height - column.length * rowHeight) / 2 + j * rowHeight + (rowHeight - nodeHeight) / 2;
    places.set(node.id, { node, column: i, x: xs[i], y: top, w: nodeWidth, h: nodeHeight });
  }));
  return { places, width, height };
}

function drawGraph(graph) {
  const svg = document.getElementById('graph');
  const { places, width, height } = layout(graph);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  const shapes = [];
  for (const edge of graph.edges) {
    const from = places.get(edge.source), to = places.get(edge.target);
    if (!from || !to) continue;
    const g = el('svg:g', {
      class: 'edge ' + errorClass(edge), 'data-testid': 'edge',
      'data-source': edge.source, 'data-destination': edge.target,
      'data-source-name': from.node.name, 'data-destination-name': to.node.name,
      'data-rps': edge.rps, 'data-error-rate': edge.errorRate,
    });
    const x1 = from.x + from.w, y1 = from.y + from.h / 2, x2 = to.x, y2 = to.y + to.h / 2;
    g.appendChild(el('svg:line', { x1, y1, x2, y2 }));
    g.appendChild(el('svg:title', {}, from.node.name + ' → ' + to.node.name + ': ' + edge.requests + ' requests, p99 '
        + (edge.p99Ms === null || edge.p99Ms === undefined ? '-' : edge.p99Ms + ' ms')));
    g.appendChild(el('svg:text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', 'data-testid': 'edge-label' },
        edge.rps + ' rps · ' + percent(edge.errorRate) + ' err'));
    shapes.push(g);
  }
  const nodes = [];
  const names = new Map();
  for (const { node } of places.values()) names.set(node.name, (names.get(node.name) || 0) + 1);
  for (const { node, x, y, w, h } of places.values()) {
    const g = el('svg:g', { class: 'node ' + node.type, 'data-testid': 'node', 'data-node': node.id, 'data-type': node.type });
    g.appendChild(el('svg:rect', { x, y, width: w, height: h, rx: 6 }));
    const label = shortName(node) + (names.get(node.name) > 1 ? ' · ' + node.namespace : '');
    g.appendChild(el('svg:text', { x: x + w / 2, y: y + h / 2 + 4, 'text-anchor': 'middle' }, label));
    g.appendChild(el('svg:title', {}, node.type + ' ' + node.name + ' (namespace ' + node.namespace + ')'));
    nodes.push(g);
  }
  // Nodes before edges in the list, so the edges (and their labels) are painted on top.
  svg.replaceChildren(...nodes, ...shapes);
  document.getElementById('graph-empty').hidden = graph.edges.length > 0;
}

// Services are fully qualified; the first label is what people call them (the title has the rest).
function shortName(node) {
  return node.type === 'service' ? node.name.split('.')[0] + ' (svc)' : node.name;
}

function age(from, now) {
  if (!from) return '-';
  const seconds = Math.max(0, Math.round((Date.parse(now) - Date.parse(from)) / 1000));
  if (seconds < 120) return seconds + 's ago';
  if (seconds < 7200) return Math.round(seconds / 60) + 'm ago';
  return Math.round(seconds / 3600) + 'h ago';
}

function dash(value) {
  return value === null || value === undefined || value === '' ? '-' : value;
}

function drawProxies(data) {
  const rows = data.proxies.map(p => {
    const tr = el('tr', { 'data-testid': 'proxy-row', 'data-proxy': p.id, 'data-status': p.status });
    tr.appendChild(el('td', {}, p.id));
    tr.appendChild(el('td', {}, dash(p.namespace)));
    tr.appendChild(el('td', {}, dash(p.service)));
    const badge = el('span', { class: 'badge ' + p.status.toLowerCase().replace(' ', '-'), 'data-testid': 'proxy-status' }, p.status);
    tr.appendChild(el('td')).appendChild(badge);
    tr.appendChild(el('td', { class: 'num', 'data-testid': 'proxy-sent-version',
      title: p.sentHash ? 'hash ' + p.sentHash : null }, dash(p.sentVersion)));
    tr.appendChild(el('td', { class: 'num', 'data-testid': 'proxy-acked-version' }, dash(p.ackedVersion)));
    tr.appendChild(el('td', { title: dash(p.ackedTime) }, age(p.ackedTime, data.time)));
    tr.appendChild(el('td', { class: 'nack', 'data-testid': 'proxy-nack-error' },
        p.nackError ? 'v' + p.nackedVersion + ': ' + p.nackError : '-'));
    return tr;
  });
  document.getElementById('proxies').replaceChildren(...rows);
  document.getElementById('proxies-empty').hidden = rows.length > 0;
}

function drawHistory(data) {
  const items = data.entries.map(e => {
    const li = el('li', { 'data-testid': 'history-entry', 'data-subject': e.subject, 'data-sequence': e.sequence,
      class: e.operation.toLowerCase() });
    const head = el('div');
    head.appendChild(el('span', { class: 'when', title: e.time }, new Date(e.time).toLocaleString() + ' '));
    head.appendChild(el('span', { class: 'op', 'data-testid': 'history-operation' }, e.operation));
    head.appendChild(document.createTextNode(' '));
    head.appendChild(el('strong', { 'data-testid': 'history-subject' }, e.subject));
    head.appendChild(el('span', { class: 'where' }, ' generation ' + e.generation));
    li.appendChild(head);
    const who = el('div');
    who.appendChild(document.createTextNode('by '));
    who.appendChild(el('span', { 'data-testid': 'history-actor' }, e.actor));
    who.appendChild(document.createTextNode(' via ' + e.source + ': '));
    who.appendChild(el('span', { class: 'reason', 'data-testid': 'history-reason' }, e.reason === '' ? '(no reason given)' : e.reason));
    li.appendChild(who);
    li.appendChild(el('div', { class: 'where' }, 'chain #' + e.sequence + ' at ' + e.position));
    return li;
  });
  document.getElementById('history').replaceChildren(...items);
  document.getElementById('history-empty').hidden = items.length > 0;
}

// Each panel polls on its own, so a failing API leaves the others current and says so in its panel.
function poll(path, draw, errorId, every) {
  const tick = async () => {
    try {
      draw(await api(path));
      showError(errorId, null);
      stamp();
    } catch (error) {
      showError(errorId, error);
    } finally {
      setTimeout(tick, every);
    }
  };
  tick();
}

poll('api/graph', drawGraph, 'graph-error', GRAPH_EVERY_MS);
poll('api/proxies', drawProxies, 'proxies-error', TABLES_EVERY_MS);
poll('api/history?limit=50', drawHistory, 'history-error', TABLES_EVERY_MS);
