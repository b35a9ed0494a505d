;; trap: traps raised by a host function and by wasm, with their frames.
(module
  (func $fail (import "" "fail") (result i32))
  (func (export "callback") (result i32) (call $fail))
  (func (export "unreachable") (result i32) (call $inner))
  (func $inner (result i32) (unreachable))
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0))))
