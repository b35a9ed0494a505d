// diff_run.mjs — the V8 side of the differential fuzzer: prints, for a module, the same
// canonical transcript as diff_run.c (see there for the format and the fixed arguments).
// Needs node --experimental-wasm-type-reflection (for the types of exported functions).
// v128 cannot cross into JavaScript: exports with v128 in their type print "-> skip v128",
// v128 globals only their type, and a call of a v128-taking import is a trap.
//
//   node --experimental-wasm-type-reflection diff_run.mjs FILE.wasm
import { readFileSync } from 'node:fs';

const out = [];
const view = new DataView(new ArrayBuffer(8));

function hex(n, digits) { return n.toString(16).padStart(digits, '0'); }

function fmt(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + hex(v >>> 0, 8);
    case 'i64': return 'i64:' + hex(BigInt.asUintN(64, BigInt(v)), 16);
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      view.setFloat32(0, v, true);
      return 'f32:' + hex(view.getUint32(0, true), 8);
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      view.setFloat64(0, v, true);
      return 'f64:' + hex(view.getBigUint64(0, true), 16);
    default: return 'ref:' + (v === null ? 'null' : 'nonnull');
  }
}

function fixedArg(type, k) {
  switch (type) {
    case 'i32': return k + 1;
    case 'i64': return -BigInt(k + 1);
    case 'f32': return (k + 1) / 2;
    case 'f64': return -1.5 * (k + 1);
    default: return null;
  }
}

function logImport(name, params) {
  return (...args) => {
    out.push(['log ' + name, ...args.map((a, k) => fmt(params[k], a))].join(' '));
  };
}

function run(bytes) {
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    return out.push('invalid');
  }
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok = imp.kind === 'function' && imp.module === 'fuzzing-support' &&
               imp.name.startsWith('log-') && imp.type.results.length === 0;
    if (!ok) return out.push(`skip: import ${imp.module} ${imp.name}`);
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = logImport(imp.name, imp.type.parameters);
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    return out.push('instantiation failed');
  }
  const exports = WebAssembly.Module.exports(module);
  for (const e of exports) {
    if (e.kind !== 'function') continue;
    const fn = instance.exports[e.name];
    const type = WebAssembly.Function.type(fn);
    out.push('call ' + e.name);
    if ([...type.parameters, ...type.results].includes('v128')) {
      out.push('-> skip v128');   // JavaScript cannot call it (a TypeError)
      continue;
    }
    try {
      let r = fn(...type.parameters.map(fixedArg));
      if (type.results.length === 1) r = [r];
      out.push(['-> ok', ...type.results.map((t, k) => fmt(t, r[k]))].join(' '));
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(err.message)) out.push('-> trap stack');
      else if (err instanceof WebAssembly.RuntimeError) out.push('-> trap');
      // a logging import with a v128 parameter: V8 throws where it would call it
      else if (err instanceof TypeError && /type incompatibility/.test(err.message)) out.push('-> trap');
      else out.push('-> error ' + err);
    }
  }
  for (const e of exports) {
    const v = instance.exports[e.name];
    if (e.kind === 'memory') {
      const mem = new Uint8Array(v.buffer);
      let h = 0x811c9dc5;
      for (let i = 0; i < mem.length; i++) h = Math.imul(h ^ mem[i], 0x01000193) >>> 0;
      out.push(`memory ${e.name} pages=${mem.length / 65536} hash=${hex(h, 8)}`);
    } else if (e.kind === 'global') {
      const t = v.type().value;   // a v128 global cannot be read from JavaScript
      out.push(`global ${e.name} ${t === 'v128' ? 'v128' : fmt(t, v.value)}`);
    } else if (e.kind === 'table') {
      out.push(`table ${e.name} size=${v.length}`);
    }
  }
}

run(readFileSync(process.argv[2]));
process.stdout.write(out.join('\n') + '\n');
