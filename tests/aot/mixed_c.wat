;; mixed_c.wat — module C of tests/aot/test_mixed.c, always interpreted: it imports
;; functions of native module A (mixed_a.wat) and the memory of B, so the interpreter
;; calls native code through imports. (A imports from B, so B cannot also import from A:
;; instantiation needs the exporter first. C is the interpreted importer of A.)
(module $C
  (import "a" "a_add" (func $a_add (param i32 i64 f32 f64) (result f64 f32 i64 i32)))
  (import "a" "a_mix" (func $a_mix (param i32 i64 f32 f64) (result i32 i64 f32 f64 f64 i64)))
  (import "a" "a_unreach" (func $a_unreach))
  (import "a" "a_div" (func $a_div (param i32 i32) (result i32)))
  (import "a" "a_load" (func $a_load (param i32) (result i32)))
  (import "a" "a_peek" (func $a_peek (param i32) (result i32)))
  (import "a" "a_v" (func $a_v (param v128 i32) (result i32 v128 i64)))
  (import "a" "a_call_b_div" (func $a_call_b_div (param i32 i32) (result i32)))
  (import "a" "a_call_b_unreach" (func $a_call_b_unreach))
  (import "a" "a_call_b_load" (func $a_call_b_load (param i32) (result i32)))
  (import "a" "a_grow" (func $a_grow (param i32) (result i32)))
  (import "a" "a_inf" (func $a_inf (param i32) (result i32)))
  (import "a" "a_rec" (func $a_rec (param i32) (result i32)))
  (import "a" "a_fuel_loop" (func $a_fuel_loop (param i32) (result i32)))
  (import "b" "mem" (memory 1 16))

  ;; (a) interpreted -> native, every value type, multi-value both ways: the results are
  ;; fed back into a second call with the parameter order rotated
  (func $c_add (export "c_add") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (call $a_add (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func $c_add2 (export "c_add2") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (local f64 f32 i64 i32)
    (call $a_add (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (local.set 7) (local.set 6) (local.set 5) (local.set 4)
    (call $a_add (local.get 7) (local.get 6) (local.get 5) (local.get 4)))
  (func $c_mix (export "c_mix") (param i32 i64 f32 f64) (result i32 i64 f32 f64 f64 i64)
    (call $a_mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))

  (func $c_v (export "c_v") (param v128 i32) (result i32 v128 i64)
    (call $a_v (local.get 0) (local.get 1)))

  ;; (c) traps in A (and in B through A), called from the interpreter
  (func $c_unreach (export "c_unreach") (call $a_unreach) (nop))
  (func $c_div (export "c_div") (param i32 i32) (result i32)
    (i32.add (call $a_div (local.get 0) (local.get 1)) (i32.const 1)))
  (func $c_load (export "c_load") (param i32) (result i32)
    (i32.add (call $a_load (local.get 0)) (i32.const 1)))
  (func $c_peek (export "c_peek") (param i32) (result i32)
    (i32.add (call $a_peek (local.get 0)) (i32.const 1)))
  (func $c_b_div (export "c_b_div") (param i32 i32) (result i32)
    (i32.add (call $a_call_b_div (local.get 0) (local.get 1)) (i32.const 1)))
  (func $c_b_unreach (export "c_b_unreach") (call $a_call_b_unreach) (nop))
  (func $c_b_load (export "c_b_load") (param i32) (result i32)
    (i32.add (call $a_call_b_load (local.get 0)) (i32.const 1)))

  ;; (f) native grows, the interpreter uses the new page in the same function:
  ;; (pages << 16) | the 16 bits read back
  (func $c_grow_a (export "c_grow_a") (param i32) (result i32)
    (local $last i32)
    (i32.store (i32.const 16) (memory.size))
    (if (i32.eq (call $a_grow (local.get 0)) (i32.const -1)) (then (return (i32.const -1))))
    (local.set $last (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.store (local.get $last) (i32.const 0x7c7c))
    (i32.or (i32.shl (memory.size) (i32.const 16)) (i32.load16_u (local.get $last))))

  ;; (e) deep recursion in native code under an interpreted frame
  (func $c_inf (export "c_inf") (result i32) (call $a_inf (i32.const 0)))
  (func $c_rec (export "c_rec") (param i32) (result i32) (call $a_rec (local.get 0)))

  ;; (d) fuel through an interpreted caller
  (func $c_fuel (export "c_fuel") (param i32) (result i32)
    (i32.add (call $a_fuel_loop (local.get 0)) (call $a_fuel_loop (i32.const 3)))))
