;; mixed_b.wat — module B of tests/aot/test_mixed.c, always interpreted. Instantiated
;; first: it exports the shared memory and table and the functions native module A
;; imports (mixed_a.wat). Function names (name section, wat2wasm --debug-names) are
;; what test_mixed.c looks frame indices up by.
(module $B
  (type $ii (func (param i32) (result i32)))
  (type $ll (func (param i64) (result i64)))
  (type $ff (func (param f32) (result f32)))
  (type $mix (func (param i32 i64 f32 f64) (result i32 i64 f32 f64)))
  (memory (export "mem") 1 16)
  (table (export "tab") 8 funcref)
  ;; table: 0 A.a_sig_ii, 1 B.b_sig_ii, 2 host hsub, 3 null, 4 A.a_sig_ll, 5 B.b_sig_ff,
  ;; 6 A.a_rec, 7 null (A's segments fill 0, 2, 4, 6)
  (elem (i32.const 1) $b_sig_ii)
  (elem (i32.const 5) $b_sig_ff)

  (func $b_sig_ii (type $ii) (i32.add (local.get 0) (i32.const 1000)))
  (func $b_sig_ff (type $ff) (f32.neg (local.get 0)))

  ;; (a) called by native A: every value type, four results (neg keeps NaN payloads)
  (func $bmul (export "bmul") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    (i32.mul (local.get 0) (i32.const 3))
    (i64.mul (local.get 1) (i64.const 5))
    (f32.neg (local.get 2))
    (f64.neg (local.get 3)))

  ;; v128 (two slots) between other values: (v + splat(x), x + trunc(d))
  (func $b_vadd (export "b_vadd") (param i32 v128 f64) (result v128 i32)
    (i32x4.add (local.get 1) (i32x4.splat (local.get 0)))
    (i32.add (local.get 0) (i32.trunc_f64_s (local.get 2))))

  ;; (c) traps in B, called from A
  (func $b_div (export "b_div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $b_unreach (export "b_unreach") unreachable)
  (func $b_load (export "b_load") (param i32) (result i32) (i32.load (local.get 0)))

  ;; (f) memory
  (func $b_grow (export "b_grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func $b_size (export "b_size") (result i32) (memory.size))
  (func $b_store (export "b_store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))

  ;; (b) call_indirect from the interpreter: (index, argument)
  (func $b_ci (export "b_ci") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func $b_ci_mix (export "b_ci_mix") (param i32 i32 i64 f32 f64) (result i32 i64 f32 f64)
    (call_indirect (type $mix) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
                   (local.get 0)))
  (func $b_ci_ll (export "b_ci_ll") (param i32 i64) (result i64)
    (call_indirect (type $ll) (local.get 1) (local.get 0)))

  ;; (d) a callee of A's fuel loop; 64+ locals cost extra fuel on entry
  (func $b_step (export "b_step") (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (local.set 5 (i32.mul (local.get 0) (i32.const 3)))
    (local.set 69 (i32.xor (local.get 5) (i32.const 0x1234)))
    (i32.add (local.get 69) (local.get 70)))

  ;; (e) mixed recursion: b_rec(n) = n ? a_rec(n - 1) + 1 : 0, A.a_rec through table slot 6
  (func $b_rec (export "b_rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1))
                                    (i32.const 6))
                     (i32.const 1))))))
