// Starts the wasm figure. The simulator sets globalThis.sgdlab (see
// wasm/bridge.go) and, once it has drawn, sgdlabReady = true.
'use strict';
// Ebiten's canvas cancels every key it is sent, Tab included, which would
// trap keyboard users in the figure (WCAG 2.1.2). Tab and Shift+Tab are
// stopped here, in the capture phase, before they reach the canvas, so focus
// moves on as it does everywhere else; other keys still reach the figure.
for (const type of ['keydown', 'keyup']) {
  addEventListener(type, (e) => { if (e.key === 'Tab') e.stopPropagation(); }, true);
}
// The text alternative of the figure: #summary (visually hidden) holds the
// run's status and the readout's named values, refreshed every second. It
// is the canvas's description, read when the canvas takes the focus; it is
// no live region, which would speak every second of a run (the lab page
// announces the status changes itself).
const statusWords = {
  loading: 'No experiment is loaded.',
  ready: 'Ready to run.',
  running: 'Running',
  paused: 'Paused',
  done: 'Done.',
  error: 'Error.',
};
function summarize() {
  if (document.hidden) return; // a background tab: no one reads it now
  const el = document.getElementById('summary');
  let st;
  try {
    st = JSON.parse(window.sgdlab.state());
  } catch (e) {
    return; // the simulator stopped: figure.js says so in #msg
  }
  let text = statusWords[st.status] || '';
  if (st.status === 'running' || st.status === 'paused') text += ` at ${Math.round(100 * (st.progress || 0))}%.`;
  if (st.error) text += ' ' + st.error;
  const items = (st.readout && st.readout.items) || [];
  if (items.length > 0) text += ' ' + items.map((it) => `${it.label}: ${it.value}`).join('; ') + '.';
  const rows = (st.readout && st.readout.rows) || [];
  if (rows.length > 0) text += ` ${rows.length} run${rows.length === 1 ? '' : 's'} in the readout's table.`;
  if (el.textContent !== text) el.textContent = text;
}
(async () => {
  const msg = document.getElementById('msg');
  const fail = (text) => {
    window.sgdlabError = text;
    msg.textContent = text;
    msg.className = 'error';
  };
  if (typeof WebAssembly !== 'object' || typeof Go !== 'function') {
    fail('This browser cannot run the simulator (WebAssembly or wasm_exec.js missing).');
    return;
  }
  // The simulator calls this when a click or a drag on the figure changed a
  // view parameter (a pinned node, the frame shown): the page (app.js)
  // hears 'sgdlab-link' with the new link. Asynchronous, because the
  // simulator calls it while it holds its lock.
  window.sgdlabNotify = (query) => setTimeout(() => dispatchEvent(new CustomEvent('sgdlab-link', { detail: query })), 0);
  try {
    const resp = await fetch('dist/main.wasm');
    if (!resp.ok) {
      fail(`The simulator could not be loaded (dist/main.wasm: HTTP ${resp.status}). Build it with “make run”.`);
      return;
    }
    const go = new Go();
    const { instance } = await WebAssembly.instantiateStreaming(resp, go.importObject);
    addEventListener('sgdlab-ready', () => {
      msg.remove();
      // Ebiten makes its canvas focusable with tabindex=1, which jumps the
      // natural order: 0 keeps it where it stands. It gets a name, and the
      // summary (the readout's named values, in words) as its description.
      const canvas = document.querySelector('canvas');
      if (canvas) {
        canvas.tabIndex = 0;
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', 'Figure of the experiment');
        canvas.setAttribute('aria-describedby', 'summary');
      }
      summarize();
      setInterval(summarize, 1000);
    }, { once: true });
    go.run(instance).then(() => fail('The simulator stopped. Reload the page to start it again.'));
  } catch (e) {
    fail('The simulator could not start: ' + e.message);
  }
})();
