;; out_of_bounds: one 64 KiB page; load(addr) reads an i32. The last word is "****".
(module
  (memory 1 1)
  (data (i32.const 65532) "****")
  (func (export "load") (param i32) (result i32)
    local.get 0
    i32.load))
