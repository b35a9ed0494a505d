;; global: imported and exported globals of every number type, read and written from
;; both sides.
(module
  (global $f32_import (import "" "const f32") f32)
  (global $i64_import (import "" "const i64") i64)
  (global $var_f32_import (import "" "var f32") (mut f32))
  (global $var_i64_import (import "" "var i64") (mut i64))
  (global (export "const f32") f32 (f32.const 5))
  (global (export "const i64") i64 (i64.const 6))
  (global $var_f32_export (export "var f32") (mut f32) (f32.const 7))
  (global $var_i64_export (export "var i64") (mut i64) (i64.const 8))
  (func (export "get const f32 import") (result f32) (global.get $f32_import))
  (func (export "get var i64 import") (result i64) (global.get $var_i64_import))
  (func (export "get var f32 export") (result f32) (global.get $var_f32_export))
  (func (export "set var i64 import") (param i64) (global.set $var_i64_import (local.get 0)))
  (func (export "set var f32 export") (param f32) (global.set $var_f32_export (local.get 0)))
  (global (export "i32") (mut i32) (i32.const -1))
  (global (export "f64") (mut f64) (f64.const 2.5))
  (func (export "sum of imports") (result f64)
    (f64.add
      (f64.add (f64.promote_f32 (global.get $f32_import)) (f64.convert_i64_s (global.get $i64_import)))
      (f64.add (f64.promote_f32 (global.get $var_f32_import)) (f64.convert_i64_s (global.get $var_i64_import))))))
