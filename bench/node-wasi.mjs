// node-wasi.mjs — run a WASI (preview1) command module in Node.js (V8).
//   node --no-warnings bench/node-wasi.mjs FILE.wasm [ARGS...]
// argv[0] seen by the program is FILE.wasm; stdio is inherited; the exit status is the
// program's (proc_exit or the return of main), 1 on a trap or load error.
import { readFile } from 'node:fs/promises';
import process, { argv, exit, stderr } from 'node:process';
import { WASI } from 'node:wasi';

const [file, ...args] = argv.slice(2);
if (!file) {
  stderr.write('usage: node --no-warnings node-wasi.mjs FILE.wasm [ARGS...]\n');
  exit(2);
}
try {
  const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
  const module = await WebAssembly.compile(await readFile(file));
  const instance = await WebAssembly.instantiate(module, {
    wasi_snapshot_preview1: wasi.wasiImport,
  });
  process.exitCode = wasi.start(instance) ?? 0;
} catch (e) {
  stderr.write(`node-wasi: ${e && e.stack ? e.stack : e}\n`);
  exit(1);
}
