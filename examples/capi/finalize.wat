;; finalize: a module instantiated many times, with a global that can hold a host reference.
(module
  (func $f (import "" "f") (result i32))
  (global (export "keep") (mut externref) (ref.null extern))
  (func (export "run") (result i32) (call $f)))
