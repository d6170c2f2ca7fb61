// Starts the wasm figure. The simulator sets globalThis.sgdlab (see
// wasm/bridge.go) and, once it has drawn, sgdlabReady = true.
'use strict';
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
    addEventListener('sgdlab-ready', () => msg.remove(), { once: true });
    go.run(instance).then(() => fail('The simulator stopped. Reload the page to start it again.'));
  } catch (e) {
    fail('The simulator could not start: ' + e.message);
  }
})();
