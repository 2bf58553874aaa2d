;; A JavaScript string's UTF-8 into wasm memory, for engines with the JS String Builtins
;; (`wasm:js-string`) and wasm GC: the engine copies the string's UTF-16 units into a GC array
;; (kept for the next call), then one loop writes their UTF-8. src/wasm/input.rs holds it
;; assembled (UTF8_WASM) and uses it for the slices of large arrays; tests/js/utf8-wat.test.mjs
;; checks the bytes are this file's:
;;   wasm-as --enable-gc --enable-reference-types utf8.wat -o a.wasm
;;   wasm-opt -Oz --strip-debug --strip-producers --enable-gc --enable-reference-types a.wasm -o b.wasm
;; e(string, units, at): writes the UTF-8 of the string's `units` units at `at` (3 bytes a unit
;; must be free there) and answers where it stopped. Unpaired surrogates become U+FFFD, as
;; TextEncoder makes them (the same bytes as `encodeInto` on 20 000 random strings in Chromium).
(module
  (type $units (array (mut i16)))
  (import "wasm:js-string" "intoCharCodeArray" (func $copy (param externref (ref null $units) i32) (result i32)))
  (import "m" "memory" (memory 0))
  (global $b (mut (ref null $units)) (ref.null $units))
  (func (export "e") (param $s externref) (param $n i32) (param $o i32) (result i32)
    (local $a (ref null $units)) (local $i i32) (local $c i32) (local $k i32)
    (local.set $a (global.get $b))
    (if (if (result i32) (ref.is_null (local.get $a)) (then (i32.const 1)) (else (i32.lt_u (array.len (local.get $a)) (local.get $n))))
      (then (global.set $b (local.tee $a (array.new_default $units (i32.shl (local.get $n) (i32.const 1)))))))
    (drop (call $copy (local.get $s) (local.get $a) (i32.const 0)))
    (loop $next
      (if (i32.lt_u (local.get $i) (local.get $n))
        (then
          (local.set $c (array.get_u $units (local.get $a) (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.lt_u (local.get $c) (i32.const 0x80))
            (then (i32.store8 (local.get $o) (local.get $c)))
            (else
              (if (i32.eq (i32.and (local.get $c) (i32.const 0xF800)) (i32.const 0xD800))
                (then
;; A surrogate: a high one and a low one after it make one code point
                  ;; ((hi << 10) + lo - (0xD800 << 10) - 0xDC00 + 0x10000); any other is U+FFFD.
                  (local.set $k (if (result i32) (i32.lt_u (local.get $i) (local.get $n))
                    (then (array.get_u $units (local.get $a) (local.get $i))) (else (i32.const 0))))
                  (if (i32.and (i32.lt_u (local.get $c) (i32.const 0xDC00)) (i32.eq (i32.and (local.get $k) (i32.const 0xFC00)) (i32.const 0xDC00)))
                    (then
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.add (i32.shl (local.get $c) (i32.const 10)) (i32.sub (local.get $k) (i32.const 0x35FDC00)))))
                    (else (local.set $c (i32.const 0xFFFD))))))
              ;; $k continuation bytes (1 to 3); the lead byte is 0xC0, 0xE0 or 0xF0 (the low byte of
              ;; 0xFF00 >> ($k + 1)) with the code point's top bits.
              (local.set $k (i32.add (i32.add (i32.const 1) (i32.ge_u (local.get $c) (i32.const 0x800))) (i32.ge_u (local.get $c) (i32.const 0x10000))))
              (i32.store8 (local.get $o) (i32.or (i32.shr_u (i32.const 0xFF00) (i32.add (local.get $k) (i32.const 1))) (i32.shr_u (local.get $c) (i32.mul (local.get $k) (i32.const 6)))))
              (loop $more
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (i32.store8 (local.get $o) (i32.or (i32.and (i32.shr_u (local.get $c) (i32.mul (local.tee $k (i32.sub (local.get $k) (i32.const 1))) (i32.const 6))) (i32.const 0x3F)) (i32.const 0x80)))
                (br_if $more (local.get $k)))))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (br $next))))
    (local.get $o))
)
