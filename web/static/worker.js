// A Web Worker of the figure: it runs dist/worker.wasm (wasm/worker), the
// simulator without the figure, which takes its share of the units of a
// link's experiment (the messages are described in wasm/worker/main.go).
// Messages that arrive before the program runs wait in sgdlabWorkerQueue.
'use strict';
self.sgdlabWorkerQueue = [];
self.onmessage = (e) => {
  if (typeof self.sgdlabWorkerReceive === 'function') self.sgdlabWorkerReceive(e.data);
  else self.sgdlabWorkerQueue.push(e.data);
};
importScripts('dist/wasm_exec.js');
(async () => {
  try {
    const resp = await fetch('dist/worker.wasm');
    if (!resp.ok) throw new Error(`dist/worker.wasm: HTTP ${resp.status}`);
    const go = new Go();
    const { instance } = await WebAssembly.instantiateStreaming(resp, go.importObject);
    go.run(instance);
  } catch (e) {
    self.postMessage({ type: 'error', message: 'the worker could not start: ' + e.message });
  }
})();
