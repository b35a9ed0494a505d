;; simple_floats: frob(a, b) = ceil(a) + floor(b); frob(1.4, 3.2) = 5.
(module
  (func (export "frob") (param f32 f32) (result f32)
    local.get 0
    f32.ceil
    local.get 1
    f32.floor
    f32.add))
