// The lab page: controls generated from the lab's parameter table, the whole
// experiment in the address bar, the readout, share and export.
//
// The simulator runs in the figure iframe (figure.html, same origin) and is
// reached through frame.contentWindow.sgdlab; its contract is documented at
// the top of wasm/bridge.go. Every call returns at once; JSON comes as strings.
//
// Test hooks (for the browser tests, which poll):
//   window.sgdlabPage = {ready, readout(), notices()}: ready is true once the
//     figure is ready and the first load() returned; readout() is the last
//     readout (lab.Readout as JSON) or null; notices() the notices on screen.
//   document.body.dataset.ready = "1" at the same moment as ready.
//   document.body.dataset.status = loading|ready|running|paused|done|error.
'use strict';
(() => {
  const $ = (s) => document.querySelector(s);
  const frame = $('#figure');
  // plot.Palette (Okabe–Ito): run i of the readout has the colour of curve i.
  const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#B87E00', '#2C8CC8', '#000000', '#9E8A00']; // sim/plot.Palette (web TestPalette)
  const state = {
    labs: [], // params(): every lab's parameter table
    lab: null, // the current lab's entry of labs
    query: '', // the canonical query of the current experiment
    values: {},
    controlsQuery: '', // queryFromControls() right after the last load
    readout: null,
    notices: [],
    status: 'loading',
    polling: null,
    started: false,
    dataGen: 0, // generation of the current link's data fetches
    dataText: '', // what loadData is doing, shown as the status
    autoplay: false, // run as soon as the data are there
    stopped: false, // the simulator is gone (crashed or never started)
  };

  window.sgdlabPage = {
    get ready() { return document.body.dataset.ready === '1'; },
    readout: () => state.readout,
    notices: () => state.notices.slice(),
  };

  // Guess embed mode from the raw link so the page does not flash the full
  // layout while the simulator loads; the canonical value decides later.
  const rawEmbed = (new URLSearchParams(location.search).get('embed') || '').trim().toLowerCase();
  const setEmbed = (on) => document.body.classList.toggle('embed', on);
  setEmbed(['1', 'true', 'yes', 'on'].includes(rawEmbed));

  const errText = (e) => String((e && e.message) || e);
  const showError = (text) => {
    const e = $('#error');
    e.textContent = text || '';
    e.hidden = !text;
  };

  // --- the bridge -----------------------------------------------------------
  const sim = () => {
    try {
      return (frame.contentWindow && frame.contentWindow.sgdlab) || null;
    } catch (e) {
      return null;
    }
  };
  const call = (name, ...args) => {
    const api = sim();
    if (!api || typeof api[name] !== 'function') throw new Error('the simulator is not running');
    return api[name](...args);
  };
  // callJSON calls a bridge function that returns JSON and parses it; a
  // panic inside the simulator comes back as {"error": …} (see bridge.go).
  const callJSON = (name, ...args) => {
    const raw = call(name, ...args);
    if (typeof raw !== 'string') throw new Error(`the simulator's ${name}() returned ${typeof raw}, not JSON`);
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw new Error(`the simulator's ${name}() returned malformed JSON`);
    }
  };

  // simulatorStopped reports that the figure's program is gone (a crash
  // ends the Go program and every later call throws).
  function simulatorStopped(e) {
    if (state.stopped) return;
    state.stopped = true;
    let why = '';
    try {
      why = frame.contentWindow.sgdlabError || '';
    } catch (_) { /* cross-origin or gone */ }
    showError(why || `The simulator stopped (${errText(e)}). Reload the page to start it again.`);
    setStatus({ status: 'error', progress: 0, error: 'the simulator stopped' });
    for (const b of document.querySelectorAll('.toolbar button')) b.disabled = true;
  }

  // --- links ------------------------------------------------------------------
  // setParam returns the query q with name=value (q is canonical: every
  // parameter is present once).
  function setParam(q, name, value) {
    let found = false;
    const parts = q.replace(/^\?/, '').split('&').filter(Boolean).map((kv) => {
      if (kv.split('=')[0] !== name) return kv;
      found = true;
      return name + '=' + encodeURIComponent(value);
    });
    if (!found) parts.push(name + '=' + encodeURIComponent(value));
    return parts.join('&');
  }
  const pageURL = (q) => location.origin + location.pathname + '?' + q;
  const embedQuery = () => setParam(setParam(state.query, 'embed', '1'), 'autoplay', '1');

  // --- theory links -----------------------------------------------------------
  // Help texts, notes and readout cells cite docs/theory.md as "THEORY §2.4",
  // "§2.1-2.5" or "§2.2/§2.6"; linkify turns each section number into a link
  // to its anchor on the theory page (theory#s2-4, a new tab, so the run goes
  // on). It builds DOM nodes from the text and never parses it as HTML, and a
  // link's address is made of the matched digits alone, so no text (a link's
  // values echoed in a notice, say) can inject markup. Paper sections ("Mitra
  // §III", "§II-A") are roman and stay text. The server's test
  // (server/internal/theorypage) checks that every cited section exists.
  const sectionRe = /^\d+(\.\d+)*$/;
  const citeRe = /§\s?(\d+(?:\.\d+)*)(?:(\s?[-–]\s?)(\d+(?:\.\d+)*))?/g;
  function theoryLink(text, num, what) {
    const a = document.createElement('a');
    a.href = 'theory#s' + num.replace(/\./g, '-');
    a.className = 'theory';
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = text;
    a.setAttribute('aria-label', `${what || text}: theory §${num} (opens in a new tab)`);
    return a;
  }
  function linkify(text) {
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(citeRe)) {
      frag.append(text.slice(last, m.index));
      const head = m[2] ? m[0].slice(0, m[0].length - m[2].length - m[3].length) : m[0];
      frag.append(theoryLink(head, m[1]));
      if (m[2]) frag.append(m[2], theoryLink(m[3], m[3]));
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  // --- controls ---------------------------------------------------------------
  function buildControls(lab) {
    const form = $('#controls');
    form.textContent = '';
    const groups = new Map();
    for (const p of lab.params) {
      if (p.page || p.name === 'v' || p.name === 'lab') continue;
      const g = p.group || 'Parameters';
      if (!groups.has(g)) {
        const fs = document.createElement('fieldset');
        const lg = document.createElement('legend');
        lg.textContent = g;
        fs.append(lg);
        groups.set(g, fs);
        form.append(fs);
      }
      const row = document.createElement('div');
      row.className = 'field' + (p.kind === 'bool' ? ' check' : '');
      const id = 'p-' + p.name;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = p.name;
      let input;
      if (p.kind === 'enum') {
        input = document.createElement('select');
        for (const c of p.choices || []) input.append(new Option(c, c));
      } else {
        input = document.createElement('input');
        if (p.kind === 'bool') {
          input.type = 'checkbox';
        } else if (p.kind === 'int' || p.kind === 'float') {
          input.type = 'number';
          input.min = String(p.min);
          input.max = String(p.max);
          input.step = p.kind === 'int' ? '1' : 'any';
        } else {
          input.type = 'text';
          input.spellcheck = false;
          input.autocomplete = 'off';
          input.placeholder = p.default;
          if (p.kind === 'seed') input.inputMode = 'numeric';
        }
      }
      input.id = id;
      input.name = p.name;
      input.dataset.kind = p.kind;
      const help = document.createElement('p');
      help.className = 'help';
      help.id = id + '-help';
      let text = p.help;
      if ((p.kind === 'int' || p.kind === 'float') && !text.includes(`${p.min}…${p.max}`)) text += ` [${p.min}…${p.max}]`;
      if (p.view) text += ' (figure only: the runs are kept)';
      help.append(linkify(text));
      input.setAttribute('aria-describedby', help.id);
      input.title = help.textContent;
      input.addEventListener('change', onControlChange);
      row.append(label, input, help);
      groups.get(g).append(row);
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

  // queryFromControls builds the link from the controls, the lab and the
  // page parameters (embed, autoplay) of the current link.
  function queryFromControls() {
    const q = [['v', state.values.v || '1'], ['lab', state.lab.lab],
      ['embed', state.values.embed || '0'], ['autoplay', state.values.autoplay || '0']];
    for (const p of state.lab.params) {
      const el = document.getElementById('p-' + p.name);
      if (!el) continue;
      q.push([p.name, el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value]);
    }
    return q.map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
  }

  function onControlChange() {
    const q = queryFromControls();
    if (q === state.controlsQuery) return; // Enter after change, or no change
    try {
      apply(q, 'control');
    } catch (e) {
      showError('The change could not be applied: ' + errText(e));
    }
  }
  $('#controls').addEventListener('submit', (e) => e.preventDefault());
  $('#controls').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('input:not([type=checkbox])')) {
      e.preventDefault();
      onControlChange();
    }
  });

  // --- the lab picker ---------------------------------------------------------
  function switchLab(name) {
    const lab = state.labs.find((l) => l.lab === name);
    if (!lab) throw new Error('unknown lab ' + name);
    state.lab = lab;
    // The title links to the section of the theory the lab is about.
    const title = $('#labtitle');
    title.textContent = '';
    title.append(sectionRe.test(lab.theory || '') ? theoryLink(lab.title, lab.theory, lab.title) : lab.title);
    const help = $('#labhelp');
    help.textContent = '';
    help.append(linkify(lab.help));
    document.title = 'sgdlab — ' + lab.title;
    $('#labpick').value = name;
    $('#figure').title = 'Figure: ' + lab.title;
    buildControls(lab);
    fillPresets(lab);
  }

  // fillPresets lists the lab's presets: ordinary links that load in place
  // (and open in a new tab with the usual gestures); CLI presets, past the
  // browser's limits, are shown as a command.
  function fillPresets(lab) {
    const ul = $('#presets');
    ul.textContent = '';
    for (const p of lab.presets || []) {
      const li = document.createElement('li');
      if (p.cli) {
        li.append(p.title + ': ');
        const code = document.createElement('code');
        code.textContent = `sgdlab -big -link '${p.query}'`;
        li.append(code);
      } else {
        const a = document.createElement('a');
        a.href = '?' + p.query;
        a.textContent = p.title;
        a.addEventListener('click', (e) => {
          if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          try {
            apply(p.query, 'link');
          } catch (err) {
            showError('The preset could not be opened: ' + errText(err));
          }
        });
        li.append(a);
      }
      ul.append(li);
    }
    $('#presetbox').hidden = ul.childElementCount === 0;
  }
  function fillLabPicker() {
    const sel = $('#labpick');
    sel.textContent = '';
    for (const l of state.labs) sel.append(new Option(l.title, l.lab));
    sel.disabled = state.labs.length < 2;
    sel.parentElement.hidden = false;
  }
  // The lab picker opens a lab on confirmation: a click on an option, Enter,
  // or leaving the list. Arrow keys only browse it, as in a form, because
  // Chromium fires 'change' on every arrow press of a closed select.
  const pick = $('#labpick');
  let browsing = false;
  const openPicked = () => {
    browsing = false;
    if (!state.lab || pick.value === state.lab.lab) return;
    try {
      apply(`v=1&lab=${encodeURIComponent(pick.value)}&embed=0&autoplay=0`, 'lab');
    } catch (err) {
      showError('The lab could not be opened: ' + errText(err));
    }
  };
  pick.addEventListener('keydown', (e) => {
    if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key)) {
      browsing = true;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      openPicked();
    }
  });
  pick.addEventListener('pointerdown', () => { browsing = false; });
  pick.addEventListener('change', () => { if (!browsing) openPicked(); });
  pick.addEventListener('blur', () => { if (browsing) openPicked(); });

  // --- load a link --------------------------------------------------------------
  // apply loads query into the simulator and makes the page agree with the
  // canonical result: controls, address bar (replaceState, never pushState),
  // notices, links, readout. source is 'link', 'control' or 'lab'.
  function apply(query, source) {
    const res = callJSON('load', query);
    if (typeof res.query !== 'string') throw new Error(res.error || 'the simulator could not read the link');
    if (!state.lab || res.lab !== state.lab.lab) switchLab(res.lab);
    const changed = res.query !== state.query;
    state.query = res.query;
    state.values = res.values || {};
    history.replaceState(history.state, '', '?' + res.query + location.hash);
    setEmbed(state.values.embed === '1');
    fillControls(state.values);
    state.controlsQuery = queryFromControls();
    const notices = Array.isArray(res.notices) ? res.notices : [];
    if (source !== 'control' || changed || notices.length > 0) showNotices(notices, source);
    showError(res.error ? 'This experiment cannot run: ' + res.error : '');
    $('#openfull').href = pageURL(setParam(res.query, 'embed', '0'));
    state.dataGen++; // a newer link cancels the fetches of an older one
    state.dataText = '';
    if (Array.isArray(res.fetch) && res.fetch.length > 0) loadData(res.fetch, state.dataGen);
    refresh();
    return res;
  }

  // --- data shards ------------------------------------------------------------------
  // loadData fetches the files the simulator asked for (a manifest, then the
  // shards it lists), with a progress bar over their bytes, and hands each to
  // addData. The simulator checks size and SHA-256 against the manifest; a bad
  // file or a failed fetch becomes status error with a message naming it.
  async function loadData(fetchList, gen) {
    const mb = (b) => (b / 1048576).toFixed(1) + ' MB';
    let list = fetchList;
    try {
      while (list.length > 0) {
        const total = list.reduce((s, f) => s + (f.bytes || 0), 0);
        let got = 0;
        for (const f of list) {
          if (gen !== state.dataGen) return;
          const what = f.file === 'manifest.json' ? `the ${f.dataset} manifest` : `${f.dataset} data`;
          const show = () => {
            state.dataText = total > 0 ? `loading ${what}: ${mb(got)} of ${mb(total)}` : `loading ${what}…`;
            $('#progress').value = total > 0 ? got / total : 0;
            $('#status').textContent = state.dataText;
          };
          show();
          let resp;
          try {
            resp = await fetch(f.path, { cache: 'no-cache' });
          } catch (e) {
            throw { path: f.path, why: errText(e) };
          }
          if (!resp.ok) throw { path: f.path, why: `HTTP ${resp.status} ${resp.statusText}`.trim() };
          const parts = [];
          let n = 0;
          const reader = resp.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parts.push(value);
            n += value.length;
            got += value.length;
            show();
          }
          const bytes = new Uint8Array(n);
          let off = 0;
          for (const p of parts) {
            bytes.set(p, off);
            off += p.length;
          }
          if (gen !== state.dataGen) return;
          const res = callJSON('addData', f.dataset, f.file, bytes);
          if (res.error) {
            state.dataText = '';
            showError(res.error);
            refresh();
            return;
          }
          list = res.fetch || [];
          if (f.file === 'manifest.json') break; // the manifest's shards come next
        }
      }
    } catch (e) {
      if (gen !== state.dataGen) return;
      state.dataText = '';
      if (e && e.path) {
        try { call('dataFailed', e.path, e.why); } catch (_) { /* reported below */ }
        showError(`Could not fetch ${e.path}: ${e.why}. The server may be down; reload to try again.`);
      } else {
        showError('Loading the data failed: ' + errText(e));
      }
      refresh();
      return;
    }
    if (gen !== state.dataGen) return;
    state.dataText = '';
    refresh();
    if (state.autoplay && state.status === 'ready') {
      state.autoplay = false; // only the opening link plays by itself
      call('run');
      refresh();
    }
  }

  function showNotices(list, source) {
    state.notices = list.map(String);
    $('#noticetitle').textContent = source === 'link'
      ? 'The link was adjusted:' : 'Your change was adjusted:';
    const ul = $('#noticelist');
    ul.textContent = '';
    for (const n of state.notices) {
      const li = document.createElement('li');
      li.textContent = n;
      ul.append(li);
    }
    $('#notices').hidden = state.notices.length === 0;
  }
  $('#dismiss').addEventListener('click', () => { $('#notices').hidden = true; });

  // --- state and readout ----------------------------------------------------------
  const statusWords = {
    loading: 'loading the simulator…',
    ready: 'ready — press Run',
    running: 'running',
    paused: 'paused',
    done: 'done',
    error: 'error',
  };

  // setStatus shows the state: the status word, the progress, the phase the
  // lab is computing and the time left (running — 42% · computing the
  // 2000×2000 kernel matrix · about 20 s left). The screen reader hears the
  // status and the phase when they change, not every percent or second: a
  // phase whose words stay the same while its counts change is not repeated.
  // On a phone the figure gets phonePanel px of height per panel (its panels
  // stack), so a legend under each plot fits (wasm/draw's legend test
  // assumes the same height).
  const phonePanel = 260;
  const phone = window.matchMedia('(max-width: 520px)');
  function sizeFigure(panels) {
    const h = phone.matches && panels > 1 && !document.body.classList.contains('embed') ? Math.max(340, phonePanel * panels) + 'px' : '';
    if (frame.style.height !== h) frame.style.height = h;
  }

  function setStatus(st) {
    sizeFigure(st.panels || 0);
    // timeLeft words the driver's estimate of the seconds left (−1: none).
    const timeLeft = (left) => {
      if (!(left >= 0)) return '';
      if (left < 10) return 'a few seconds left';
      if (left < 60) return `about ${Math.max(10, 5 * Math.round(left / 5))} s left`;
      if (left < 5400) return `about ${Math.round(left / 60)} min left`;
      return `about ${Math.round(left / 3600)} h left`;
    };
    const prev = state.status;
    state.status = st.status;
    document.body.dataset.status = st.status;
    const pct = Math.floor(100 * (st.progress || 0)); // 100% only when done
    if (!(st.status === 'loading' && state.dataText)) $('#progress').value = st.progress || 0;
    let text = statusWords[st.status] || st.status;
    if (st.status === 'loading' && state.dataText) text = state.dataText;
    if (st.status === 'running') text += ` — ${pct}%`;
    if (st.status === 'paused') text += ` at ${pct}%`;
    if (st.status === 'error' && st.error) text += ': ' + st.error;
    const phase = (st.status === 'running' || st.status === 'paused') && st.phase ? st.phase : '';
    if (phase) text += ' · ' + phase;
    const left = st.status === 'running' ? timeLeft(st.left) : '';
    // Why the run goes without its Web Workers (they could not start or
    // failed): said on screen, not announced.
    const alone = (st.status === 'running' || st.status === 'paused') && st.workerNote ? ` · ${st.workerNote}` : '';
    $('#status').textContent = (left ? `${text} · ${left}` : text) + alone;
    const phaseKey = phase.replace(/\d+/g, '#');
    if (prev !== st.status || phaseKey !== state.phaseKey) $('#announce').textContent = text;
    state.phaseKey = phaseKey;
    const live = !state.stopped && st.status !== 'loading';
    $('#run').disabled = !live || !(st.status === 'ready' || st.status === 'paused');
    $('#run').textContent = st.status === 'paused' ? 'Resume' : 'Run';
    $('#pause').disabled = !live || st.status !== 'running';
    $('#step').disabled = !live || !['ready', 'paused', 'running'].includes(st.status);
    $('#reset').disabled = !live;
  }

  function refresh() {
    if (state.stopped) return;
    let st;
    try {
      st = callJSON('state');
    } catch (e) {
      simulatorStopped(e);
      return;
    }
    setStatus(st);
    if (st.readout) renderReadout(st.readout);
    const running = st.status === 'running';
    if (running && !state.polling) state.polling = setInterval(refresh, 250);
    if (!running && state.polling) {
      clearInterval(state.polling);
      state.polling = null;
    }
  }

  const numeric = /^[-+−]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i;
  function renderReadout(ro) {
    state.readout = ro;
    const dl = $('#items');
    dl.textContent = '';
    for (const it of ro.items || []) {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = it.label;
      if (it.help) dt.title = it.help;
      dd.append(linkify(it.value));
      dd.dataset.key = it.key;
      // A long label or value takes a whole row instead of a narrow cell.
      if (it.label.length + it.value.length > 36) div.className = 'wide';
      div.append(dt, dd);
      dl.append(div);
    }
    const thead = $('#runs thead');
    const tbody = $('#runs tbody');
    thead.textContent = '';
    tbody.textContent = '';
    const rows = ro.rows || [];
    // Numbers align right, words left, decided by the first row.
    const isNum = (s) => s === '' || s === '—' || numeric.test(s);
    const align = (j) => (rows.length && isNum(String(rows[0][j]).trim()) ? 'num' : 'txt');
    const hr = document.createElement('tr');
    (ro.columns || []).forEach((c, j) => {
      const th = document.createElement('th');
      th.append(linkify(c));
      th.scope = 'col';
      th.className = align(j);
      hr.append(th);
    });
    thead.append(hr);
    rows.forEach((row, i) => {
      const tr = document.createElement('tr');
      row.forEach((cell, j) => {
        const td = document.createElement('td');
        // Numbers never break; a cell with words may ("0.97 (no guarantee)").
        td.className = align(j) + (/\s/.test(String(cell).trim()) ? ' wrap' : '');
        if (j === 0) {
          const sw = document.createElement('span');
          sw.className = 'swatch';
          sw.style.backgroundColor = palette[i % palette.length];
          td.append(sw);
        }
        td.append(linkify(String(cell)));
        tr.append(td);
      });
      tbody.append(tr);
    });
    const notes = $('#notes');
    notes.textContent = '';
    for (const n of ro.notes || []) {
      const li = document.createElement('li');
      li.append(linkify(n));
      notes.append(li);
    }
    tableKeys();
  }

  // A table wider than its box scrolls sideways; keyboard users scroll it
  // once it has the focus, so it takes a tab stop then, and only then.
  const tableWrap = $('.tablewrap');
  function tableKeys() {
    if (tableWrap.scrollWidth > tableWrap.clientWidth + 1) tableWrap.tabIndex = 0;
    else tableWrap.removeAttribute('tabindex');
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(tableKeys).observe(tableWrap);

  // --- run controls -------------------------------------------------------------
  const action = (name) => () => {
    try {
      const r = call(name);
      if (typeof r === 'string' && r.startsWith('{')) {
        const res = JSON.parse(r);
        if (res.error) showError(res.error);
      }
    } catch (e) {
      simulatorStopped(e);
      return;
    }
    refresh();
  };
  $('#run').addEventListener('click', action('run'));
  $('#pause').addEventListener('click', action('pause'));
  $('#step').addEventListener('click', action('step'));
  $('#reset').addEventListener('click', action('reset'));

  // --- share ----------------------------------------------------------------------
  const say = (text) => {
    $('#copied').textContent = text;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { $('#copied').textContent = ''; }, 6000);
  };
  async function copy(text, what) {
    const box = $('#copybox');
    try {
      await navigator.clipboard.writeText(text);
      box.hidden = true;
      say(what + ' copied to the clipboard.');
    } catch (e) {
      // No clipboard (plain http on another host, or denied): show the text.
      box.value = text;
      box.hidden = false;
      box.focus();
      box.select();
      say(`Press Ctrl+C (⌘C) to copy the ${what.toLowerCase()}.`);
    }
  }
  const escAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  $('#copylink').addEventListener('click', () => copy(pageURL(state.query), 'Link'));
  $('#copyembed').addEventListener('click', () => {
    const title = 'sgdlab: ' + (state.lab ? state.lab.title : 'figure');
    copy(`<iframe src="${escAttr(pageURL(embedQuery()))}" width="720" height="480" style="border:0" ` +
      `title="${escAttr(title)}" loading="lazy"></iframe>`, 'Embed code');
  });

  // --- export ---------------------------------------------------------------------
  function download(blob, ext) {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `sgdlab-${state.lab ? state.lab.lab : 'run'}-${stamp}.${ext}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 30000);
    say('Saved ' + a.download + '.');
  }
  function exportText(name, type, ext) {
    try {
      const text = call(name);
      if (typeof text !== 'string' || text === '') throw new Error('there is nothing to export yet');
      download(new Blob([text], { type }), ext);
    } catch (e) {
      showError('Export failed: ' + errText(e));
    }
  }
  $('#csv').addEventListener('click', () => exportText('exportCSV', 'text/csv', 'csv'));
  $('#json').addEventListener('click', () => exportText('exportJSON', 'application/json', 'json'));
  $('#png').addEventListener('click', async () => {
    const btn = $('#png');
    btn.disabled = true;
    try {
      // The figure answers from its next frame; a hidden tab may not draw.
      const timeout = new Promise((_, reject) => setTimeout(
        () => reject(new Error('the figure did not answer (is the tab in the background?)')), 15000));
      const bytes = await Promise.race([call('exportPNG'), timeout]);
      download(new Blob([bytes], { type: 'image/png' }), 'png');
    } catch (e) {
      showError('Export failed: ' + errText(e));
    } finally {
      btn.disabled = false;
    }
  });

  // --- help text ------------------------------------------------------------------
  const helpKey = 'sgdlab.help';
  function setHelp(on) {
    document.body.classList.toggle('nohelp', !on);
    const b = $('#helptoggle');
    b.textContent = on ? 'Hide help' : 'Show help';
    b.setAttribute('aria-pressed', String(on));
    try { localStorage.setItem(helpKey, on ? '1' : '0'); } catch (e) { /* storage may be off */ }
  }
  try { setHelp(localStorage.getItem(helpKey) !== '0'); } catch (e) { setHelp(true); }
  $('#helptoggle').addEventListener('click', () => setHelp(document.body.classList.contains('nohelp')));

  // --- cores ----------------------------------------------------------------------
  // The Web Workers that run a link's independent units (wasm/crew.go): a
  // setting of this browser (localStorage 'sgdlab-workers': 'auto' or a
  // number of workers), never part of the link. k cores are the page and
  // k − 1 workers; auto is all the cores but one for workers, at most 8.
  const workersKey = 'sgdlab-workers';
  const maxWorkers = 8;
  const autoWorkers = Math.max(1, Math.min((navigator.hardwareConcurrency || 2) - 1, maxWorkers));
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  function fillCores() {
    const sel = $('#cores');
    sel.textContent = '';
    sel.append(new Option(`auto: ${autoWorkers + 1} (the page and ${plural(autoWorkers, 'worker')})`, 'auto'));
    sel.append(new Option('1 (the page only)', '0'));
    for (let w = 1; w <= maxWorkers; w++) sel.append(new Option(`${w + 1} (the page and ${plural(w, 'worker')})`, String(w)));
    let v = 'auto';
    try { v = localStorage.getItem(workersKey) || 'auto'; } catch (e) { /* storage may be off */ }
    if (![...sel.options].some((o) => o.value === v)) v = 'auto';
    sel.value = v;
  }
  fillCores();
  $('#pagesettings').addEventListener('submit', (e) => e.preventDefault());
  $('#cores').addEventListener('change', () => {
    const v = $('#cores').value;
    try { localStorage.setItem(workersKey, v); } catch (e) { /* storage may be off: this page only */ }
    try {
      call('setWorkers', v === 'auto' ? autoWorkers : Number(v));
    } catch (e) {
      simulatorStopped(e);
    }
  });

  // --- start ----------------------------------------------------------------------
  function start() {
    if (state.started) return;
    state.started = true;
    try {
      state.labs = callJSON('params');
      if (!Array.isArray(state.labs) || state.labs.length === 0) throw new Error('the simulator has no labs');
      fillLabPicker();
      // A click or a drag on the figure (a pinned node, the frame shown)
      // changed a view parameter: the address bar and the controls follow.
      frame.contentWindow.addEventListener('sgdlab-link', (e) => {
        if (typeof e.detail === 'string') apply(e.detail, 'control');
      });
      const res = apply(location.search, 'link');
      state.autoplay = state.values.autoplay === '1';
      if (state.autoplay && !res.error && !(res.fetch && res.fetch.length)) {
        state.autoplay = false;
        call('run');
        refresh();
      }
      for (const id of ['copylink', 'copyembed', 'csv', 'json', 'png']) $('#' + id).disabled = false;
      document.body.dataset.ready = '1';
    } catch (e) {
      showError('The page could not start the simulator: ' + errText(e));
      setStatus({ status: 'error', progress: 0, error: 'the simulator did not start' });
    }
  }

  // The figure says it is ready with a flag and an event on its window. The
  // window object changes when figure.html replaces about:blank, so poll the
  // flag (robust) and also listen on each new window (fast).
  const loadingSince = Date.now();
  const waitForFigure = setInterval(() => {
    let w;
    try {
      w = frame.contentWindow;
    } catch (e) {
      return;
    }
    if (!w) return;
    if (w.sgdlabError) {
      clearInterval(waitForFigure);
      showError(w.sgdlabError);
      $('#labtitle').textContent = '';
      state.stopped = true;
      setStatus({ status: 'error', progress: 0, error: 'the simulator did not start' });
      return;
    }
    if (w.sgdlabReady && w.sgdlab) {
      clearInterval(waitForFigure);
      start();
    } else if (Date.now() - loadingSince > 20000) {
      $('#status').textContent = 'still loading the simulator (a few MB, once)…';
    }
  }, 100);
  frame.addEventListener('load', () => {
    try {
      frame.contentWindow.addEventListener('sgdlab-ready', () => {
        clearInterval(waitForFigure);
        start();
      }, { once: true });
    } catch (e) { /* the poll above still works */ }
  });
})();
