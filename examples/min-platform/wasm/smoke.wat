;; smoke: the empty module.
(module)
