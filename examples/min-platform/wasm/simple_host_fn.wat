;; simple_host_fn: the host supplies multiply; add_and_mul(a, b, c) = multiply(a, b) + c.
(module
  (import "host" "multiply" (func $multiply (param i32 i32) (result i32)))
  (func (export "add_and_mul") (param i32 i32 i32) (result i32)
    local.get 0
    local.get 1
    call $multiply
    local.get 2
    i32.add))
