;; threads: run by several threads, each in its own store, reporting its id.
(module
  (func $report (import "" "report") (param i32))
  (global $id (import "" "id") i32)
  (func (export "run") (call $report (global.get $id))))
