;; The runner must fail each command marked ";; FAIL" (and nothing else): a wrong value,
;; a trap that does not happen, a module that should be malformed or invalid but is not,
;; a NaN of the wrong class, an either without a match, a wrong v128 lane, a wrong trap,
;; a module that links or instantiates when it should not, a call that does not exhaust.
;; expect: 2 passed, 13 failed, 0 skipped
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "arith-nan") (result f32) (f32.const nan:0x200000))
  (func (export "seven") (result i32) (i32.const 7))
  (func (export "vec") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const 2))
)
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))           ;; FAIL
(assert_trap (invoke "seven") "unreachable")                                       ;; FAIL
(assert_malformed (module quote "(func)") "not malformed")                         ;; FAIL
(assert_invalid (module (func (result i32) (i32.const 0))) "not invalid")          ;; FAIL
(assert_return (invoke "arith-nan") (f32.const nan:canonical))                     ;; FAIL
(assert_return (invoke "seven") (either (i32.const 1) (i32.const 2)))              ;; FAIL
(assert_return (invoke "vec") (v128.const i32x4 1 2 3 5))                          ;; FAIL
(assert_trap (invoke "div" (i32.const 0)) "integer overflow")                      ;; FAIL
(assert_return (invoke "two") (i32.const 1))                                       ;; FAIL
(assert_return (invoke "two") (i32.const 1) (i64.const 2))
(assert_unlinkable (module (func)) "unknown import")                                ;; FAIL
(assert_malformed (module binary "\00asm\01\00\00\00") "not malformed")            ;; FAIL
(assert_exhaustion (invoke "seven") "call stack exhausted")                        ;; FAIL
(assert_uninstantiable (module (func)) "unreachable")                              ;; FAIL
