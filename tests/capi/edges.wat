;; edges: what wasm.h cannot carry (v128), host re-entry with traps, host mistakes.
(module
  (func $h (import "" "h") (param i32) (result i32))
  (func (export "v128") (param v128) (result v128) (local.get 0))
  (func (export "outer") (param i32) (result i32) (call $h (local.get 0)))
  (func (export "inner") (param i32) (result i32)
    (if (local.get 0) (then unreachable))
    (i32.const 5)))
