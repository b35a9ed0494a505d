;; mixed_a.wat — module A of tests/aot/test_mixed.c: compiled to native code
;; (minwasm compile) and, for reference runs, also loaded interpreted. It imports
;; functions, the memory and the table of interpreted module B (mixed_b.wat) and host
;; functions; interpreted module C (mixed_c.wat) imports its functions.
(module $A
  (type $ii (func (param i32) (result i32)))
  (type $ll (func (param i64) (result i64)))
  (type $mix (func (param i32 i64 f32 f64) (result i32 i64 f32 f64)))
  (import "host" "hfma" (func $hfma (param i32 i64 f32 f64) (result f64 i64)))
  (import "host" "hsub" (func $hsub (type $ii)))
  (import "host" "hgrow" (func $hgrow (param i32) (result i32)))
  (import "b" "bmul" (func $bmul (param i32 i64 f32 f64) (result i32 i64 f32 f64)))
  (import "b" "b_div" (func $b_div (param i32 i32) (result i32)))
  (import "b" "b_unreach" (func $b_unreach))
  (import "b" "b_load" (func $b_load (param i32) (result i32)))
  (import "b" "b_grow" (func $b_grow (param i32) (result i32)))
  (import "b" "b_step" (func $b_step (param i32) (result i32)))
  (import "b" "b_rec" (func $b_rec (param i32) (result i32)))
  (import "b" "b_vadd" (func $b_vadd (param i32 v128 f64) (result v128 i32)))
  (import "b" "mem" (memory 1 16))
  (import "b" "tab" (table 8 funcref))
  (elem (i32.const 0) $a_sig_ii)
  (elem (i32.const 2) $hsub)
  (elem (i32.const 4) $a_sig_ll)
  (elem (i32.const 6) $a_rec)

  (func $a_sig_ii (type $ii) (i32.mul (local.get 0) (i32.const 7)))
  (func $a_sig_ll (type $ll) (i64.add (local.get 0) (i64.const 1)))

  ;; (a) native -> interpreted (B) and native -> host, every value type, multi-value
  (func $a_mix (export "a_mix") (param i32 i64 f32 f64) (result i32 i64 f32 f64 f64 i64)
    (local i32 i64 f32 f64)
    (call $bmul (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (local.set 7) (local.set 6) (local.set 5) (local.set 4)
    (local.get 4) (local.get 5) (local.get 6) (local.get 7)
    (call $hfma (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  ;; called by interpreted C and by the embedder
  (func $a_add (export "a_add") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (f64.add (local.get 3) (f64.promote_f32 (local.get 2)))
    (f32.mul (local.get 2) (f32.const 2))
    (i64.add (local.get 1) (i64.extend_i32_s (local.get 0)))
    (i32.xor (local.get 0) (i32.const 0x55)))

  ;; v128 (two slots) across tiers: A -> B and, from C, C -> A
  (func $a_v (export "a_v") (param v128 i32) (result i32 v128 i64)
    (local v128 i32)
    (call $b_vadd (local.get 1) (local.get 0) (f64.const 1.5))
    (local.set 3) (local.set 2)
    (i32.add (local.get 3) (i32.const 1))
    (local.get 2)
    (i64.extend_i32_u (i32x4.extract_lane 3 (local.get 2))))

  ;; (b) call_indirect from native code: (index, argument)
  (func $a_ci (export "a_ci") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func $a_ci_mix (export "a_ci_mix") (param i32 i32 i64 f32 f64) (result i32 i64 f32 f64)
    (call_indirect (type $mix) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
                   (local.get 0)))
  ;; for slots the embedder sets: four results; and one that traps when given 0
  (func $a_mix4 (export "a_mix4") (type $mix)
    (i32.add (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 1))
    (f32.neg (local.get 2)) (f64.neg (local.get 3)))
  (func $a_sig_trap (export "a_sig_trap") (type $ii)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.div_u (i32.const 100) (i32.sub (local.get 0) (i32.const 1))))
  (func $a_ci_ll (export "a_ci_ll") (param i32 i64) (result i64)
    (call_indirect (type $ll) (local.get 1) (local.get 0)))

  ;; (c) traps in A (each in a callee, so the backtrace has two native frames)
  (func $a_unreach_inner unreachable)
  (func $a_unreach (export "a_unreach") (call $a_unreach_inner))
  (func $a_div_inner (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $a_div (export "a_div") (param i32 i32) (result i32)
    (i32.add (call $a_div_inner (local.get 0) (local.get 1)) (i32.const 1)))
  (func $a_load_inner (param i32) (result i32) (i32.load (local.get 0)))
  (func $a_load (export "a_load") (param i32) (result i32)
    (i32.add (call $a_load_inner (local.get 0)) (i32.const 1)))
  ;; traps in B called from A
  (func $a_call_b_div (export "a_call_b_div") (param i32 i32) (result i32)
    (i32.add (call $b_div (local.get 0) (local.get 1)) (i32.const 1)))
  (func $a_call_b_unreach (export "a_call_b_unreach") (call $b_unreach) (nop))
  (func $a_call_b_load (export "a_call_b_load") (param i32) (result i32)
    (i32.add (call $b_load (local.get 0)) (i32.const 1)))

  ;; (f) memory shared with B
  (func $a_grow (export "a_grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func $a_size (export "a_size") (result i32) (memory.size))
  (func $a_store (export "a_store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func $a_peek (export "a_peek") (param i32) (result i32) (i32.load (local.get 0)))
  ;; grow through a callee (B, or the host), then use the new last word in the same
  ;; function: (pages << 16) | the 16 bits read back
  (func $a_grow_via_b (export "a_grow_via_b") (param i32) (result i32)
    (local $last i32)
    (i32.store (i32.const 16) (memory.size))
    (if (i32.eq (call $b_grow (local.get 0)) (i32.const -1)) (then (return (i32.const -1))))
    (local.set $last (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.store (local.get $last) (i32.const 0x5a5a))
    (i32.or (i32.shl (memory.size) (i32.const 16)) (i32.load16_u (local.get $last))))
  (func $a_grow_via_host (export "a_grow_via_host") (param i32) (result i32)
    (local $last i32)
    (i32.store (i32.const 16) (memory.size))
    (if (i32.eq (call $hgrow (local.get 0)) (i32.const -1)) (then (return (i32.const -1))))
    (local.set $last (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.store (local.get $last) (i32.const 0x6b6b))
    (i32.or (i32.shl (memory.size) (i32.const 16)) (i32.load16_u (local.get $last))))

  ;; (e) recursion. a_inf never ends; the store before and the load after the call keep
  ;; the C compiler from turning it into a loop.
  (func $a_inf (export "a_inf") (param i32) (result i32)
    (i32.store (i32.and (local.get 0) (i32.const 0xfc)) (local.get 0))
    (i32.add (call $a_inf (i32.add (local.get 0) (i32.const 1)))
             (i32.load (i32.and (local.get 0) (i32.const 0xfc)))))
  ;; a_depth(n) recurses n deep and returns n
  (func $a_depth (export "a_depth") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else
        (i32.store (i32.const 0x100) (local.get 0))
        (i32.add (call $a_depth (i32.sub (local.get 0) (i32.const 1)))
                 (i32.load (i32.const 0x100))))))
  ;; mixed recursion with B.b_rec: a_rec(n) = n ? b_rec(n - 1) + 1 : 0
  (func $a_rec (export "a_rec") (type $ii)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $b_rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))

  ;; (d) fuel
  (func $a_step (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (local.set 5 (i32.mul (local.get 0) (i32.const 5)))
    (local.set 69 (i32.xor (local.get 5) (i32.const 0x4321)))
    (i32.add (local.get 69) (local.get 70)))
  (func $a_fuel_loop (export "a_fuel_loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $a_step (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  ;; each iteration: a native callee, an interpreted one (B), a host one, a bulk memory
  ;; operation (200 bytes: 4 units) and a call_indirect to slot i % 3 (A, B or host)
  (func $a_fuel_mixed (export "a_fuel_mixed") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $a_step (local.get $i))))
        (local.set $acc (i32.add (local.get $acc) (call $b_step (local.get $i))))
        (local.set $acc (i32.add (local.get $acc) (call $hsub (local.get $i))))
        (memory.fill (i32.const 1024) (local.get $i) (i32.const 200))
        (local.set $acc (i32.add (local.get $acc)
          (call_indirect (type $ii) (local.get $i) (i32.rem_u (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $acc) (i32.load (i32.const 1024)))))
