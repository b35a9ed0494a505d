;; hello: prints "Hello, world!\n" through the host's print function.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (memory 1)
  (data (i32.const 16) "Hello, world!\n")
  (func (export "run")
    i32.const 16
    i32.const 14
    call $print))
