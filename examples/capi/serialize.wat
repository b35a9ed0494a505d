;; serialize: a module that calls a host function with a computed value.
(module
  (func $report (import "" "report") (param i32))
  (func (export "run") (param i32) (call $report (i32.mul (local.get 0) (i32.const 3)))))
