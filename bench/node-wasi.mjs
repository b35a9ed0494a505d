// node-wasi.mjs — run a WASI (preview1) command module in Node.js (V8).
//   node --no-warnings --single-threaded-gc bench/node-wasi.mjs FILE.wasm [ARGS...]
// argv[0] seen by the program is FILE.wasm, the environment is empty, stdio is
// inherited; the exit status is the program's (proc_exit or the return of main), 1 on a
// trap or load error.
//
// --single-threaded-gc: with Node 20.20 (V8 11.3), a program that grows its memory to
// about 40 MiB (bench/src/sort.c at its default size) intermittently crashes node after
// _start returns (SIGSEGV in a JS inline cache, or "Check failed:
// new_map->is_dictionary_map()"), i.e. the JS heap gets corrupted; without concurrent GC
// threads it does not happen. Garbage collection plays no part in running wasm code.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node --no-warnings node-wasi.mjs FILE.wasm [ARGS...]\n');
  process.exit(2);
}
try {
  const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
  const module = await WebAssembly.compile(await readFile(file));
  const instance = await WebAssembly.instantiate(module, {
    wasi_snapshot_preview1: wasi.wasiImport,
  });
  // Not process.exit(): let node finish writing and tear down normally.
  process.exitCode = wasi.start(instance) ?? 0;
} catch (e) {
  process.stderr.write(`node-wasi: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
}
