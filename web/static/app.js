// The lab page: controls generated from the lab's parameter table, the share
// link in the address bar, the readout, exports. The simulator runs in the
// figure iframe (same origin) and is reached through frame.contentWindow.sgdlab
// (contract: wasm/bridge.go). Test hooks: window.sgdlabPage, body.dataset.ready
// and body.dataset.status.
'use strict';
(() => {
  const $ = (s) => document.querySelector(s);
  const frame = $('#figure');
  const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  const state = { lab: null, values: {}, readout: null, notices: [], status: 'loading', polling: null };
  const initial = new URLSearchParams(location.search);
  const embed = initial.get('embed') === '1';
  if (embed) document.body.classList.add('embed');

  window.sgdlabPage = {
    get ready() { return document.body.dataset.ready === '1'; },
    readout: () => state.readout,
    notices: () => state.notices.slice(),
  };

  const sim = () => (frame.contentWindow && frame.contentWindow.sgdlab) || null;
  const call = (name, ...args) => {
    const api = sim();
    if (!api) throw new Error('the simulator is not running');
    return api[name](...args);
  };
  const showError = (text) => {
    const e = $('#error');
    e.textContent = text;
    e.hidden = !text;
  };

  // --- controls -------------------------------------------------------------
  function buildControls(lab) {
    const form = $('#controls');
    form.textContent = '';
    const groups = new Map();
    for (const p of lab.params) {
      if (p.page || p.name === 'v' || p.name === 'lab') continue;
      if (!groups.has(p.group)) {
        const fs = document.createElement('fieldset');
        const lg = document.createElement('legend');
        lg.textContent = p.group || 'Parameters';
        fs.append(lg);
        groups.set(p.group, fs);
        form.append(fs);
      }
      const row = document.createElement('div');
      row.className = 'field';
      const id = 'p-' + p.name;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = p.name;
      let input;
      if (p.kind === 'enum') {
        input = document.createElement('select');
        for (const c of p.choices) input.append(new Option(c, c));
      } else {
        input = document.createElement('input');
        if (p.kind === 'bool') input.type = 'checkbox';
        else if (p.kind === 'int' || p.kind === 'float') {
          input.type = 'number';
          input.min = p.min;
          input.max = p.max;
          input.step = p.kind === 'int' ? '1' : 'any';
        } else {
          input.type = 'text';
          input.spellcheck = false;
          if (p.kind === 'seed') input.inputMode = 'numeric';
        }
      }
      input.id = id;
      input.name = p.name;
      input.title = p.help;
      const help = document.createElement('span');
      help.className = 'vh';
      help.id = id + '-help';
      help.textContent = p.help;
      input.setAttribute('aria-describedby', help.id);
      input.addEventListener('change', onControlChange);
      row.append(label, input, help);
      groups.get(p.group).append(row);
    }
  }

  function fillControls(values) {
    for (const [name, v] of Object.entries(values)) {
      const el = document.getElementById('p-' + name);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = v === '1';
      else el.value = v;
    }
  }

  function queryFromControls() {
    const q = new URLSearchParams();
    q.set('v', state.values.v || '1');
    q.set('lab', state.lab.lab);
    q.set('embed', state.values.embed || '0');
    q.set('autoplay', state.values.autoplay || '0');
    for (const p of state.lab.params) {
      const el = document.getElementById('p-' + p.name);
      if (!el) continue;
      q.set(p.name, el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value);
    }
    return q.toString();
  }

  function onControlChange() {
    try {
      apply(queryFromControls(), false);
    } catch (e) {
      showError(String(e.message || e));
    }
  }

  // --- link -----------------------------------------------------------------
  function apply(query, fromLink) {
    const res = JSON.parse(call('load', query));
    state.values = res.values || {};
    history.replaceState(null, '', '?' + res.query);
    fillControls(state.values);
    showNotices(res.notices || [], fromLink);
    showError(res.error ? 'This experiment cannot run: ' + res.error : '');
    $('#openfull').href = '?' + res.query.replace('embed=1', 'embed=0');
    refresh();
    return res;
  }

  function showNotices(list, replace) {
    state.notices = replace ? list.slice() : state.notices.concat(list);
    const box = $('#notices');
    const ul = $('#noticelist');
    ul.textContent = '';
    for (const n of state.notices) {
      const li = document.createElement('li');
      li.textContent = n;
      ul.append(li);
    }
    box.hidden = state.notices.length === 0;
  }

  // --- state and readout ------------------------------------------------------
  function refresh() {
    let st;
    try {
      st = JSON.parse(call('state'));
    } catch (e) {
      return;
    }
    state.status = st.status;
    document.body.dataset.status = st.status;
    $('#progress').value = st.progress || 0;
    let text = st.status;
    if (st.status === 'running') text += ` — ${Math.round(100 * st.progress)}%`;
    if (st.status === 'error') text += ': ' + st.error;
    $('#status').textContent = text;
    const has = st.status !== 'error' && st.status !== 'loading';
    $('#run').disabled = !(st.status === 'ready' || st.status === 'paused');
    $('#pause').disabled = st.status !== 'running';
    $('#step').disabled = !(has && st.status !== 'done');
    $('#reset').disabled = !has;
    if (st.readout) renderReadout(st.readout);
    const running = st.status === 'running';
    if (running && !state.polling) state.polling = setInterval(refresh, 250);
    if (!running && state.polling) {
      clearInterval(state.polling);
      state.polling = null;
    }
  }

  function renderReadout(ro) {
    state.readout = ro;
    const dl = $('#items');
    dl.textContent = '';
    for (const it of ro.items || []) {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = it.label;
      dt.title = it.help || '';
      dd.textContent = it.value;
      dd.dataset.key = it.key;
      div.append(dt, dd);
      dl.append(div);
    }
    const thead = $('#runs thead');
    const tbody = $('#runs tbody');
    thead.textContent = '';
    tbody.textContent = '';
    const hr = document.createElement('tr');
    for (const c of ro.columns || []) {
      const th = document.createElement('th');
      th.textContent = c;
      th.scope = 'col';
      hr.append(th);
    }
    thead.append(hr);
    (ro.rows || []).forEach((row, i) => {
      const tr = document.createElement('tr');
      row.forEach((cell, j) => {
        const td = document.createElement('td');
        if (j === 0) {
          const sw = document.createElement('span');
          sw.className = 'swatch';
          sw.style.background = palette[i % palette.length];
          td.append(sw);
        }
        td.append(cell);
        tr.append(td);
      });
      tbody.append(tr);
    });
    const notes = $('#notes');
    notes.textContent = '';
    for (const n of ro.notes || []) {
      const li = document.createElement('li');
      li.textContent = n;
      notes.append(li);
    }
  }

  // --- buttons --------------------------------------------------------------
  const action = (name) => () => {
    try {
      call(name);
    } catch (e) {
      showError(String(e.message || e));
    }
    refresh();
  };
  $('#run').addEventListener('click', action('run'));
  $('#pause').addEventListener('click', action('pause'));
  $('#step').addEventListener('click', action('step'));
  $('#reset').addEventListener('click', action('reset'));
  $('#dismiss').addEventListener('click', () => { $('#notices').hidden = true; });

  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
      $('#copied').textContent = what + ' copied.';
      $('#copybox').hidden = true;
    } catch (e) {
      const box = $('#copybox');
      box.value = text;
      box.hidden = false;
      box.select();
      $('#copied').textContent = 'Copy the selected text (Ctrl+C).';
    }
  }
  const pageURL = (embedded) => {
    const q = new URLSearchParams(location.search);
    q.set('embed', embedded ? '1' : '0');
    q.set('autoplay', embedded ? '1' : q.get('autoplay') || '0');
    return location.origin + location.pathname + '?' + q.toString().replace(/%2C/g, ',');
  };
  $('#copylink').addEventListener('click', () => copy(location.href, 'Link'));
  $('#copyembed').addEventListener('click', () => {
    const title = state.lab ? 'sgdlab: ' + state.lab.title : 'sgdlab';
    copy(`<iframe src="${pageURL(true)}" width="720" height="480" style="border:0" title="${title}" loading="lazy"></iframe>`, 'Embed code');
  });

  function download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  const fileBase = () => 'sgdlab-' + (state.lab ? state.lab.lab : 'run');
  $('#csv').addEventListener('click', () => {
    try { download(new Blob([call('exportCSV')], { type: 'text/csv' }), fileBase() + '.csv'); } catch (e) { showError(String(e.message || e)); }
  });
  $('#json').addEventListener('click', () => {
    try { download(new Blob([call('exportJSON')], { type: 'application/json' }), fileBase() + '.json'); } catch (e) { showError(String(e.message || e)); }
  });
  $('#png').addEventListener('click', async () => {
    try { download(new Blob([await call('exportPNG')], { type: 'image/png' }), fileBase() + '.png'); } catch (e) { showError(String(e.message || e)); }
  });

  // --- start ------------------------------------------------------------------
  function start() {
    try {
      const labs = JSON.parse(call('params'));
      const res = JSON.parse(call('load', location.search));
      state.lab = labs.find((l) => l.lab === res.lab) || labs[0];
      $('#labtitle').textContent = state.lab.title;
      $('#labhelp').textContent = state.lab.help;
      document.title = 'sgdlab — ' + state.lab.title;
      buildControls(state.lab);
      // Apply the canonical link once more so controls, address and notices agree.
      state.values = res.values;
      history.replaceState(null, '', '?' + res.query);
      fillControls(state.values);
      showNotices(res.notices || [], true);
      showError(res.error ? 'This experiment cannot run: ' + res.error : '');
      $('#openfull').href = '?' + res.query.replace('embed=1', 'embed=0');
      if (state.values.autoplay === '1' && !res.error) call('run');
      document.body.dataset.ready = '1';
      refresh();
    } catch (e) {
      showError('The page could not start the simulator: ' + (e.message || e));
    }
  }

  const waitForFigure = setInterval(() => {
    const w = frame.contentWindow;
    if (!w) return;
    if (w.sgdlabError) {
      clearInterval(waitForFigure);
      showError(w.sgdlabError);
      $('#status').textContent = 'the simulator did not start';
      return;
    }
    if (w.sgdlabReady && w.sgdlab) {
      clearInterval(waitForFigure);
      start();
    }
  }, 100);
})();
