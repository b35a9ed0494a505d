;; start: a start function that calls the host, sets a global, and traps on request.
(module
  (func $hit (import "" "hit") (param i32))
  (global $fail (import "" "fail") i32)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $start
    (call $hit (i32.const 1))
    (if (global.get $fail) (then unreachable))
    (global.set $g (i32.const 42)))
  (start $start))
