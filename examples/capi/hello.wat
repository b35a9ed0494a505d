;; hello: one imported host function, called by the exported "run".
(module
  (func $hello (import "" "hello"))
  (func (export "run") (call $hello)))
