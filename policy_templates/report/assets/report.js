/* lsgrisk HTML report: network graph (SVG, pan/zoom, details), heat-map filter, sortable and filterable risk table.
   No libraries, no network. All data comes from the JSON block #report-data; user text is only ever put into the
   page with textContent, never as HTML. */
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var T = data.texts;

  function svgEl(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function htmlEl(name, text, parent) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function colourOf(level) { return data.levels[level] ? data.levels[level].colour : data.noRiskColour; }
  function labelOf(level) { return data.levels[level] ? data.levels[level].label : T.noRisk; }

  /* ------------------------------------------------------------------ graph */
  var svg = document.getElementById('graph');
  var full = { x: 0, y: 0, w: data.graph.width, h: data.graph.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  function applyView() { svg.setAttribute('viewBox', [view.x, view.y, view.w, view.h].join(' ')); }
  applyView();
  var world = svgEl('g', { 'class': 'world' }, svg);
  var centres = {};
  data.graph.boxes.forEach(function (box) {
    centres[box.id] = [box.x + box.w / 2, box.y + box.h / 2];
  });
  var edgeLayer = svgEl('g', { 'class': 'edges' }, world);
  var boxLayer = svgEl('g', { 'class': 'boxes' }, world);
  var linkLayer = svgEl('g', { 'class': 'links' }, world);
  var nodeLayer = svgEl('g', { 'class': 'nodes' }, world);
  data.graph.boxes.forEach(function (box) {
    var pseudo = box.id.indexOf('__') === 0;
    svgEl('rect', { 'class': 'box' + (pseudo ? ' pseudo' : ''), x: box.x, y: box.y, width: box.w, height: box.h,
      rx: 8 }, boxLayer);
    var title = svgEl('text', { 'class': 'box-title', x: box.x + 8, y: box.y + 17 }, boxLayer);
    var room = Math.max(6, Math.floor((box.w - 12) / 7.2));
    title.textContent = box.title.length > room ? box.title.slice(0, room - 1) + '…' : box.title;
    var full = svgEl('title', {}, title);
    full.textContent = box.title;
  });
  var positions = {};
  data.graph.nodes.forEach(function (n) { positions[n.id] = [n.x, n.y]; });
  data.graph.edges.forEach(function (e) {
    var a = positions[e.source] || centres[e.source];
    var b = positions[e.target] || centres[e.target];
    if (!a || !b) { return; }
    var zoneEdge = !positions[e.source] || !positions[e.target];
    var line = svgEl('line', { 'class': 'edge ' + e.type, x1: a[0], y1: a[1], x2: b[0], y2: b[1] },
      zoneEdge ? edgeLayer : linkLayer);
    var tip = svgEl('title', {}, line);
    tip.textContent = e.label || e.type;
  });
  var selected = null;
  var details = document.getElementById('details');
  function showDetails(n) {
    details.textContent = '';
    htmlEl('h3', n.label, details);
    var dl = htmlEl('dl', null, details);
    [[T.id, n.id], [T.kind, n.kind], [T.zone, n.zoneName || '–'], [T.exposure, n.exposure],
      [T.level, labelOf(n.level)], [T.risks, n.risks.length]].forEach(function (pair) {
      htmlEl('dt', pair[0], dl);
      htmlEl('dd', pair[1], dl);
    });
    if (n.risks.length) {
      var ul = htmlEl('ul', null, details);
      n.risks.forEach(function (r) { htmlEl('li', r, ul); });
    }
  }
  data.graph.nodes.forEach(function (n) {
    var shape;
    if (n.type === 'entry') {
      shape = svgEl('rect', { 'class': 'node', x: n.x - 11, y: n.y - 11, width: 22, height: 22,
        transform: 'rotate(45 ' + n.x + ' ' + n.y + ')' }, nodeLayer);
    } else {
      shape = svgEl('circle', { 'class': 'node', cx: n.x, cy: n.y, r: 13 }, nodeLayer);
    }
    shape.setAttribute('fill', colourOf(n.level));
    shape.setAttribute('data-node', n.id);
    var tip = svgEl('title', {}, shape);
    tip.textContent = n.label + ' – ' + labelOf(n.level);
    var text = svgEl('text', { 'class': 'node-label', x: n.x, y: n.y + 27, 'text-anchor': 'middle' }, nodeLayer);
    text.textContent = n.label.length > 16 ? n.label.slice(0, 15) + '…' : n.label;
    shape.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (selected) { selected.classList.remove('selected'); }
      selected = shape;
      shape.classList.add('selected');
      showDetails(n);
    });
  });

  function toWorld(ev) {
    var rect = svg.getBoundingClientRect();
    var scale = Math.max(view.w / rect.width, view.h / rect.height);
    var offsetX = (rect.width * scale - view.w) / 2;
    var offsetY = (rect.height * scale - view.h) / 2;
    return [view.x - offsetX + (ev.clientX - rect.left) * scale, view.y - offsetY + (ev.clientY - rect.top) * scale,
      scale];
  }
  var drag = null;
  svg.addEventListener('pointerdown', function (ev) {
    if (ev.target.getAttribute && ev.target.getAttribute('data-node')) { return; }
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, scale: toWorld(ev)[2] };
    svg.classList.add('dragging');
  });
  window.addEventListener('pointermove', function (ev) {
    if (!drag) { return; }
    view.x = drag.vx - (ev.clientX - drag.x) * drag.scale;
    view.y = drag.vy - (ev.clientY - drag.y) * drag.scale;
    applyView();
  });
  window.addEventListener('pointerup', function () { drag = null; svg.classList.remove('dragging'); });
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = toWorld(ev);
    var factor = ev.deltaY < 0 ? 0.85 : 1 / 0.85;
    var w = Math.min(Math.max(view.w * factor, full.w / 20), full.w * 4);
    var k = w / view.w;
    view.x = p[0] - (p[0] - view.x) * k;
    view.y = p[1] - (p[1] - view.y) * k;
    view.w = w;
    view.h = view.h * k;
    applyView();
  }, { passive: false });
  document.getElementById('reset-view').addEventListener('click', function () {
    view = { x: full.x, y: full.y, w: full.w, h: full.h };
    applyView();
  });

  /* ------------------------------------------------------------------ risk table */
  var table = document.getElementById('risks');
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (row, index) { row.setAttribute('data-index', String(index)); });
  var filterText = document.getElementById('risk-filter');
  var filterLevel = document.getElementById('level-filter');
  var shown = document.getElementById('shown-count');
  var cellFilter = null;

  function applyFilter() {
    var needle = filterText.value.trim().toLowerCase();
    var level = filterLevel.value;
    var count = 0;
    rows.forEach(function (row) {
      var ok = (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1) &&
        (!level || row.getAttribute('data-level') === level) &&
        (!cellFilter || (row.getAttribute('data-l') === cellFilter[0] && row.getAttribute('data-i') === cellFilter[1]));
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
  }
  filterText.addEventListener('input', applyFilter);
  filterLevel.addEventListener('change', applyFilter);

  function sortValue(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell.getAttribute('data-sort');
    var value = raw !== null ? raw : cell.textContent;
    return numeric ? parseFloat(value) : value.toLowerCase();
  }
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    th.addEventListener('click', function () {
      var numeric = th.getAttribute('data-type') === 'num';
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = sortValue(a, column, numeric);
        var y = sortValue(b, column, numeric);
        var order = x < y ? -1 : (x > y ? 1 : 0);
        if (order === 0) {
          order = parseInt(a.getAttribute('data-index'), 10) - parseInt(b.getAttribute('data-index'), 10);
          return order;
        }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });

  /* ------------------------------------------------------------------ heat map filter */
  Array.prototype.slice.call(document.querySelectorAll('.heat td[data-l]')).forEach(function (td) {
    td.addEventListener('click', function () {
      var key = [td.getAttribute('data-l'), td.getAttribute('data-i')];
      var same = cellFilter && cellFilter[0] === key[0] && cellFilter[1] === key[1];
      Array.prototype.slice.call(document.querySelectorAll('.heat td.active')).forEach(function (c) {
        c.classList.remove('active');
      });
      cellFilter = same ? null : key;
      if (!same) { td.classList.add('active'); }
      applyFilter();
    });
  });
  applyFilter();
  document.documentElement.setAttribute('data-ready', 'true');
}());
