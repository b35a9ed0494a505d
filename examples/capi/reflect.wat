;; reflect: imports and exports of every kind, for type reflection.
(module
  (import "env" "func" (func (param i32 f64) (result i64)))
  (import "env" "global" (global (mut f32)))
  (import "env" "table" (table 1 5 funcref))
  (import "env" "memory" (memory $m 1))
  (func (export "func") (param i32 i64 f32 f64) (result i32) (i32.const 0))
  (global (export "global") f64 (f64.const 0))
  (table (export "table") 0 50 externref)
  (export "memory" (memory $m)))
