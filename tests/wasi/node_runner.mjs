// node_runner.mjs — run a WASI command under Node.js's node:wasi, with the same command
// line as `minwasm run`, so tests/wasi/run.sh can compare the two:
//
//   node --no-warnings tests/wasi/node_runner.mjs [--dir HOST::GUEST] [--env K=V] FILE.wasm [ARGS...]
//
// Exit status: the guest's exit code.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length && argv[i].startsWith('--'); i++) {
  const opt = argv[i];
  if (opt === '--') { i++; break; }
  const val = argv[++i];
  if (opt === '--dir') {
    const sep = val.indexOf('::');
    const host = sep < 0 ? val : val.slice(0, sep);
    const guest = sep < 0 ? val : val.slice(sep + 2);
    preopens[guest] = host;
  } else if (opt === '--env') {
    const eq = val.indexOf('=');
    if (eq < 0) {
      if (process.env[val] !== undefined) env[val] = process.env[val];
    } else {
      env[val.slice(0, eq)] = val.slice(eq + 1);
    }
  } else {
    console.error(`node_runner: unknown option ${opt}`);
    process.exit(2);
  }
}
const file = argv[i];
const args = [file, ...argv.slice(i + 1)];

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
process.exitCode = code;
