;; A module the core refuses as an unsupported feature is skipped under that feature's
;; name, and so is every command that needs it (by being current, by name, or through
;; an import of what it registered); nothing is counted as passed.
;; expect: 1 passed, 0 failed, 6 skipped (memory64 5, tail-call 1)
(module $m64 (memory (export "mem") i64 1) (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(register "m64" $m64)
(module (import "m64" "mem" (memory i64 1)))
(module $ok (func (export "g") (result i32) (i32.const 2)))
(assert_return (invoke $m64 "f") (i32.const 1))
(assert_invalid (module (func $f (return_call $f))) "type mismatch")
