/**
 * The browser side of /dashboard, as plain ES2020 (no build step, no network but the feed).
 * It reads its settings from `window.ccpDashboardConfig` and renders only through
 * `textContent`, so model names and error messages cannot inject markup.
 */
export const dashboardPageScript = `
(function () {
  'use strict';
  var config = window.ccpDashboardConfig || { feedPath: '/feed' };
  var PHASES = ['parse', 'route', 'think', 'send', 'wait', 'receive'];
  var PHASE_LABEL = { parse: 'Parse', route: 'Route', think: 'Think', send: 'Send', wait: 'Wait', receive: 'Recv' };
  var PHASE_COLOR = { parse: '#8b949e', route: '#bc8cff', think: '#d29922', send: '#58a6ff', wait: '#f85149', receive: '#3fb950' };
  var SESSION_COLORS = ['#39c5cf', '#bc8cff', '#d29922', '#3fb950', '#58a6ff', '#f85149'];
  var LIMIT = 100;

  var state = emptyState();
  var connection = { socket: null, opened: false, delay: 250, timer: null };
  var dirty = true;

  function emptyState() {
    return {
      records: {}, order: [], errors: [],
      totals: { requests: 0, succeeded: 0, failed: 0, active: 0, inputTokens: 0, outputTokens: 0, thinkingTokens: 0, cacheReadTokens: 0, costUsd: 0 },
      durationSum: 0, finished: 0, rateSum: 0, rated: 0, models: {}, routes: {}
    };
  }

  // ---- reducer (same meaning as @ccp/dashboard-modules) ----
  function apply(event, countTotals) {
    var totals = state.totals;
    if (event.type === 'request-start') {
      state.records[event.requestId] = { start: event, phases: [], outputTokens: 0, thinkingTokens: 0, end: null, error: null, lastUsageAt: null };
      state.order.push(event.requestId);
      while (state.order.length > LIMIT) delete state.records[state.order.shift()];
      if (countTotals) { totals.requests += 1; totals.active += 1; }
      var model = state.models[event.routedModel] || (state.models[event.routedModel] = { model: event.routedModel, requests: 0, costUsd: 0 });
      model.requests += 1;
      var routeKey = event.claudeModel + ' → ' + event.routedModel + ' @' + event.provider;
      var route = state.routes[routeKey] || (state.routes[routeKey] = { claudeModel: event.claudeModel, routedModel: event.routedModel, provider: event.provider, requests: 0, failed: 0, inputTokens: 0, outputTokens: 0 });
      route.requests += 1;
      return;
    }
    var record = state.records[event.requestId];
    if (!record) return;
    if (event.type === 'request-phase') record.phases.push({ phase: event.phase, at: event.at });
    if (event.type === 'usage-update') {
      record.outputTokens = Math.max(record.outputTokens, event.outputTokens);
      record.thinkingTokens = Math.max(record.thinkingTokens, event.thinkingTokens);
      record.lastUsageAt = event.at;
    }
    if (event.type === 'request-end' || event.type === 'request-error') {
      if (record.end || record.error) return;
      var routeOf = state.routes[record.start.claudeModel + ' → ' + record.start.routedModel + ' @' + record.start.provider];
      var ok = event.type === 'request-end' && event.status < 400;
      if (countTotals) { totals.active = Math.max(0, totals.active - 1); if (ok) totals.succeeded += 1; else totals.failed += 1; }
      state.durationSum += event.durationMs; state.finished += 1;
      if (event.type === 'request-end') {
        record.end = event; record.outputTokens = event.outputTokens; record.thinkingTokens = event.thinkingTokens;
        if (countTotals) {
          totals.inputTokens += event.inputTokens; totals.outputTokens += event.outputTokens;
          totals.thinkingTokens += event.thinkingTokens; totals.cacheReadTokens += event.cacheReadTokens;
          totals.costUsd += event.costUsd || 0;
        }
        state.models[record.start.routedModel].costUsd += event.costUsd || 0;
        if (routeOf) { routeOf.inputTokens += event.inputTokens + event.cacheReadTokens; routeOf.outputTokens += event.outputTokens; }
        var rate = rateOf(record, Date.now());
        if (rate !== null) { state.rateSum += rate; state.rated += 1; }
      } else {
        record.error = event;
        state.errors.unshift({ record: record, error: event });
        if (state.errors.length > 20) state.errors.pop();
      }
      if (!ok && routeOf) routeOf.failed += 1;
    }
  }

  function onEvent(event) {
    if (!event || typeof event.type !== 'string') return;
    if (event.type === 'stats-snapshot') {
      state = emptyState();
      for (var i = 0; i < event.recentEvents.length; i += 1) apply(event.recentEvents[i], false);
      state.totals = Object.assign({}, event.totals);
    } else {
      apply(event, true);
    }
    dirty = true;
  }

  // ---- helpers ----
  function durationOf(record, now) {
    if (record.end) return record.end.durationMs;
    if (record.error) return record.error.durationMs;
    return Math.max(0, now - record.start.startedAt);
  }
  function rateOf(record, now) {
    if (record.end) {
      var generating = record.end.durationMs - (record.end.timeToFirstTokenMs || 0);
      return generating >= 50 && record.end.outputTokens > 0 ? record.end.outputTokens * 1000 / generating : null;
    }
    if (record.error) return null;
    var receiving = record.start.startedAt;
    for (var i = 0; i < record.phases.length; i += 1) if (record.phases[i].phase === 'receive') receiving = record.phases[i].at;
    var span = (record.lastUsageAt || now) - receiving;
    var tokens = record.outputTokens + record.thinkingTokens;
    return span >= 50 && tokens > 0 ? tokens * 1000 / span : null;
  }
  function fmtDuration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return Math.round(ms) + 'ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + 's';
    return Math.floor(ms / 60000) + 'm ' + String(Math.floor((ms % 60000) / 1000)).padStart(2, '0') + 's';
  }
  function fmtCost(usd) {
    if (usd === null || usd === undefined) return '—';
    if (usd === 0) return '$0';
    if (usd < 0.0001) return '<$0.0001';
    return usd < 1 ? '$' + usd.toFixed(4) : '$' + usd.toFixed(2);
  }
  function fmtTokens(n) {
    if (n === null || n === undefined) return '—';
    if (n < 1000) return String(Math.round(n));
    if (n < 1000000) return (n / 1000).toFixed(1) + 'K';
    return (n / 1000000).toFixed(1) + 'M';
  }
  function fmtRate(rate) { return rate === null ? '—' : (rate >= 100 ? Math.round(rate) : rate.toFixed(1)) + ' tok/s'; }
  function fmtClock(at) { return new Date(at).toLocaleTimeString([], { hour12: false }); }
  function sessionColor(sessionId) {
    if (!sessionId) return '#7d8896';
    var hash = 2166136261;
    for (var i = 0; i < sessionId.length; i += 1) { hash ^= sessionId.charCodeAt(i); hash = Math.imul(hash, 16777619); }
    return SESSION_COLORS[(hash >>> 0) % SESSION_COLORS.length];
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function $(id) { return document.getElementById(id); }
  function newest() {
    var list = [];
    for (var i = state.order.length - 1; i >= 0; i -= 1) { var r = state.records[state.order[i]]; if (r) list.push(r); }
    return list;
  }

  // ---- rendering ----
  function render() {
    var now = Date.now();
    var t = state.totals;
    var finished = t.succeeded + t.failed;
    $('stat-requests').textContent = String(t.requests);
    $('stat-success').textContent = finished ? (t.succeeded * 100 / finished).toFixed(1) + '%' : '—';
    $('stat-active').textContent = String(t.active);
    $('stat-cost').textContent = fmtCost(t.costUsd);
    $('stat-latency').textContent = state.finished ? fmtDuration(state.durationSum / state.finished) : '—';
    $('stat-rate').textContent = state.rated ? fmtRate(state.rateSum / state.rated) : '—';
    var records = newest();
    renderWaterfall(records.slice(0, 14), now);
    drawLatency(records.slice(0, 60).reverse(), now);
    drawRates(records.slice(0, 60).reverse(), now);
    renderRouting();
    renderModels();
    renderErrors();
    renderRecent(records.slice(0, 25), now);
  }

  function statusCell(record) {
    if (record.end) return el('span', record.end.status < 400 ? 'ok' : 'fail', (record.end.status < 400 ? '✓ ' : '✗ ') + record.end.status);
    if (record.error) return el('span', 'fail', '✗ ' + record.error.status);
    var phase = record.phases.length ? record.phases[record.phases.length - 1].phase : 'start';
    return el('span', 'live', '▶ ' + phase);
  }

  function renderWaterfall(records, now) {
    var box = $('waterfall');
    box.replaceChildren();
    if (!records.length) { box.appendChild(el('div', 'empty', 'Waiting for requests…')); return; }
    var scale = 1;
    records.forEach(function (r) { scale = Math.max(scale, durationOf(r, now)); });
    records.forEach(function (record) {
      var row = el('div', 'waterfall-row');
      row.dataset.requestId = record.start.requestId;
      var glyph = record.end ? (record.end.status < 400 ? '✓' : '✗') : record.error ? '✗' : '▶';
      row.appendChild(el('span', record.end && record.end.status < 400 ? 'ok' : (record.end || record.error) ? 'fail' : 'live', glyph));
      var label = el('span', null);
      var dot = el('span', 'session'); dot.style.background = sessionColor(record.start.sessionId);
      label.appendChild(dot);
      label.appendChild(document.createTextNode(record.start.routedModel));
      label.title = record.start.claudeModel + ' → ' + record.start.routedModel + ' @' + record.start.provider;
      row.appendChild(label);
      var track = el('div', 'waterfall-track');
      var origin = record.start.startedAt;
      var finishedAt = record.end ? record.end.at : record.error ? record.error.at : now;
      record.phases.forEach(function (entry, index) {
        if (entry.phase === 'done') return;
        var next = record.phases[index + 1] ? record.phases[index + 1].at : finishedAt;
        var segment = el('span');
        segment.style.left = ((entry.at - origin) * 100 / scale) + '%';
        segment.style.width = (Math.max(0, next - entry.at) * 100 / scale) + '%';
        segment.style.background = PHASE_COLOR[entry.phase];
        segment.title = PHASE_LABEL[entry.phase] + ' ' + fmtDuration(next - entry.at);
        track.appendChild(segment);
      });
      row.appendChild(track);
      row.appendChild(el('span', 'muted', fmtDuration(durationOf(record, now))));
      box.appendChild(row);
    });
  }

  function prepareCanvas(canvas) {
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 300, height = canvas.clientHeight || 160;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    var context = canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.font = '11px ui-monospace, monospace';
    return { context: context, width: width, height: height };
  }

  function axis(c, maximum, format) {
    c.context.strokeStyle = '#262c35'; c.context.fillStyle = '#7d8896';
    for (var i = 0; i <= 2; i += 1) {
      var y = 8 + (c.height - 24) * i / 2;
      c.context.beginPath(); c.context.moveTo(48, y); c.context.lineTo(c.width, y); c.context.stroke();
      c.context.fillText(format(maximum * (2 - i) / 2), 0, y + 4);
    }
  }

  function drawLatency(records, now) {
    var c = prepareCanvas($('latency-chart'));
    if (!records.length) { c.context.fillStyle = '#7d8896'; c.context.fillText('No requests yet', 56, 24); return; }
    var maximum = 1;
    records.forEach(function (r) { maximum = Math.max(maximum, durationOf(r, now)); });
    axis(c, maximum, fmtDuration);
    var plotWidth = c.width - 56, plotHeight = c.height - 24;
    var step = plotWidth / Math.max(records.length, 10);
    records.forEach(function (record, index) {
      var duration = durationOf(record, now);
      var height = Math.max(1, duration / maximum * plotHeight);
      var x = 52 + index * step;
      c.context.fillStyle = record.error || (record.end && record.end.status >= 400) ? '#f85149' : record.end ? '#3fb950' : '#39c5cf';
      c.context.fillRect(x, 8 + plotHeight - height, Math.max(2, step - 3), height);
      var ttft = record.end && record.end.timeToFirstTokenMs;
      if (ttft) {
        c.context.fillStyle = '#d29922';
        c.context.fillRect(x, 8 + plotHeight - ttft / maximum * plotHeight - 1, Math.max(2, step - 3), 2);
      }
    });
  }

  function drawRates(records, now) {
    var c = prepareCanvas($('rate-chart'));
    var points = [];
    records.forEach(function (record) { var rate = rateOf(record, now); if (rate !== null) points.push(rate); });
    if (!points.length) { c.context.fillStyle = '#7d8896'; c.context.fillText('No token rates yet', 56, 24); return; }
    var maximum = Math.max.apply(null, points.concat([1]));
    axis(c, maximum, function (v) { return Math.round(v) + '/s'; });
    var plotWidth = c.width - 56, plotHeight = c.height - 24;
    var step = plotWidth / Math.max(points.length - 1, 1);
    c.context.strokeStyle = '#58a6ff'; c.context.lineWidth = 2; c.context.beginPath();
    points.forEach(function (rate, index) {
      var x = 52 + index * step, y = 8 + plotHeight - rate / maximum * plotHeight;
      if (index === 0) c.context.moveTo(x, y); else c.context.lineTo(x, y);
    });
    c.context.stroke();
    c.context.fillStyle = '#58a6ff';
    points.forEach(function (rate, index) {
      c.context.beginPath();
      c.context.arc(52 + index * step, 8 + plotHeight - rate / maximum * plotHeight, 3, 0, Math.PI * 2);
      c.context.fill();
    });
  }

  function renderRouting() {
    var body = $('routing').querySelector('tbody');
    body.replaceChildren();
    var routes = Object.keys(state.routes).map(function (k) { return state.routes[k]; })
      .sort(function (a, b) { return b.requests - a.requests; });
    if (!routes.length) { var row = el('tr'); var cell = el('td', 'empty', 'No routes yet'); cell.colSpan = 4; row.appendChild(cell); body.appendChild(row); return; }
    routes.slice(0, 12).forEach(function (route) {
      var row = el('tr');
      row.appendChild(el('td', null, route.claudeModel));
      row.appendChild(el('td', null, '→ ' + route.routedModel + ' @' + route.provider));
      row.appendChild(el('td', null, route.requests + (route.failed ? ' (' + route.failed + ' ✗)' : '')));
      row.appendChild(el('td', 'muted', fmtTokens(route.inputTokens) + ' → ' + fmtTokens(route.outputTokens)));
      body.appendChild(row);
    });
  }

  function renderModels() {
    var box = $('models');
    box.replaceChildren();
    var models = Object.keys(state.models).map(function (k) { return state.models[k]; })
      .sort(function (a, b) { return b.requests - a.requests || b.costUsd - a.costUsd; }).slice(0, 8);
    if (!models.length) { box.appendChild(el('div', 'empty', 'No models yet')); return; }
    var maximum = models[0].requests || 1;
    models.forEach(function (model) {
      var row = el('div');
      row.style.marginBottom = '6px';
      row.appendChild(el('div', null, model.model + '  ×' + model.requests + '  ' + fmtCost(model.costUsd)));
      var bar = el('div', 'model-bar');
      bar.style.width = (model.requests * 100 / maximum) + '%';
      row.appendChild(bar);
      box.appendChild(row);
    });
  }

  function renderErrors() {
    var box = $('errors');
    box.replaceChildren();
    if (!state.errors.length) { box.appendChild(el('div', 'empty', 'No errors')); return; }
    state.errors.slice(0, 8).forEach(function (entry) {
      var item = el('div', 'error-item');
      item.appendChild(el('div', 'fail', fmtClock(entry.error.at) + '  ' + entry.error.status + ' ' + entry.error.errorType + '  ' + entry.record.start.routedModel));
      item.appendChild(el('div', 'message', entry.error.message));
      box.appendChild(item);
    });
  }

  function renderRecent(records, now) {
    var body = $('recent').querySelector('tbody');
    body.replaceChildren();
    if (!records.length) { var row = el('tr'); var cell = el('td', 'empty', 'Waiting for requests…'); cell.colSpan = 8; row.appendChild(cell); body.appendChild(row); return; }
    records.forEach(function (record) {
      var row = el('tr');
      row.dataset.requestId = record.start.requestId;
      row.appendChild(el('td', 'muted', fmtClock(record.start.startedAt)));
      var session = el('td');
      var dot = el('span', 'session'); dot.style.background = sessionColor(record.start.sessionId);
      session.appendChild(dot);
      session.appendChild(document.createTextNode(record.start.sessionId ? (record.start.sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 6) || record.start.sessionId.slice(0, 6)) : '—'));
      row.appendChild(session);
      row.appendChild(el('td', null, record.start.claudeModel + ' → ' + record.start.routedModel));
      var status = el('td'); status.appendChild(statusCell(record)); row.appendChild(status);
      row.appendChild(el('td', null, fmtDuration(durationOf(record, now))));
      row.appendChild(el('td', null, fmtTokens(record.outputTokens) + (record.thinkingTokens ? ' (+' + fmtTokens(record.thinkingTokens) + ' think)' : '')));
      row.appendChild(el('td', null, fmtRate(rateOf(record, now))));
      row.appendChild(el('td', null, record.end ? fmtCost(record.end.costUsd) : '—'));
      body.appendChild(row);
    });
  }

  // ---- connection ----
  function isLoopback() {
    var host = location.hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  }
  function storedKey() {
    var params = new URLSearchParams(location.search);
    var fromUrl = params.get('key');
    if (fromUrl) {
      // Keep the key for this tab, out of the address bar, history and screenshots.
      try { sessionStorage.setItem('ccp-feed-key', fromUrl); } catch (e) { /* private mode */ }
      params.delete('key');
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
      return fromUrl;
    }
    try { return sessionStorage.getItem('ccp-feed-key') || ''; } catch (e) { return ''; }
  }
  function setStatus(text, kind) { var s = $('status'); s.textContent = text; s.className = kind; }
  function askForKey(message) {
    $('key-message').textContent = message;
    $('key-form').classList.add('visible');
    $('key-input').focus();
  }

  function connect() {
    var key = storedKey();
    if (!key && !isLoopback()) { setStatus('key needed', 'disconnected'); askForKey('This proxy is not on loopback: enter the proxy key (PROXY_AUTH_KEY).'); return; }
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + config.feedPath + (key ? '?key=' + encodeURIComponent(key) : '');
    setStatus('connecting', 'connecting');
    var socket = new WebSocket(url);
    connection.socket = socket;
    connection.opened = false;
    socket.onopen = function () { connection.opened = true; connection.delay = 250; setStatus('connected', 'connected'); };
    socket.onmessage = function (message) {
      try { onEvent(JSON.parse(message.data)); } catch (e) { /* skip a message we cannot read */ }
    };
    socket.onclose = function () {
      if (connection.socket !== socket) return;
      setStatus('disconnected', 'disconnected');
      if (!connection.opened && !isLoopback()) { askForKey('The proxy refused the feed: check the key and try again.'); return; }
      connection.timer = setTimeout(connect, connection.delay);
      connection.delay = Math.min(5000, connection.delay * 2);
    };
  }

  $('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = $('key-input').value.trim();
    try { sessionStorage.setItem('ccp-feed-key', key); } catch (e) { /* private mode */ }
    var params = new URLSearchParams(location.search); params.delete('key');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    $('key-form').classList.remove('visible');
    connect();
  });

  var legend = $('waterfall-legend');
  PHASES.forEach(function (phase) {
    var item = el('span'); var swatch = el('i'); swatch.style.background = PHASE_COLOR[phase];
    item.appendChild(swatch); item.appendChild(document.createTextNode(PHASE_LABEL[phase])); legend.appendChild(item);
  });

  setInterval(function () {
    var live = state.totals.active > 0;
    if (dirty || live) { dirty = false; render(); }
  }, 250);
  window.ccpDashboard = { state: function () { return state; } };
  render();
  connect();
})();
`;
