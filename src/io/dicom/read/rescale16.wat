;; The 16-bit rescale kernels of rescale16.ts (WebAssembly text; the bytes there are
;; `wat2wasm --enable-threads rescale16.wat` from wabt 1.0.32, base64): stored 16-bit samples
;; at $src, $n8 groups of 8, to x * m + b at $dst. x is the low (32 - $shift) bits of each sample, sign-extended when
;; $signed is 1 (PS3.5 8.1.1: ((s << shift) >> shift), as decode-into.ts computes it for other
;; widths); m and b are Rescale Slope and Intercept (PS3.3 C.11.1).
(module
  ;; Shared, so that a volume's own memory (rescale16.ts volumeMemory) can be faulted in by a
  ;; worker while the kernels write the volume's values straight into it (prefault.ts).
  (import "env" "memory" (memory 1 65536 shared))

  ;; Int16 out: m and b integers (the caller keeps |x * m + b| within i32); returns 1 when every
  ;; value lies within Int16 (else the values stored are clamped, and must not be used).
  (func (export "toInt16") (param $src i32) (param $dst i32) (param $n8 i32)
        (param $shift i32) (param $signed i32) (param $m i32) (param $b i32) (result i32)
    (local $v v128) (local $lo v128) (local $hi v128) (local $min v128) (local $max v128)
    (local $M v128) (local $B v128) (local $S v128)
    (local.set $M (i32x4.splat (local.get $m)))
    (local.set $B (i32x4.splat (local.get $b)))
    ;; all ones when signed: picks the arithmetic shift (bitselect), else the logical one
    (local.set $S (i32x4.splat (i32.sub (i32.const 0) (local.get $signed))))
    (local.set $min (i32x4.splat (i32.const 0x7fffffff)))
    (local.set $max (i32x4.splat (i32.const 0x80000000)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n8)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $lo (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (local.get $shift)))
        (local.set $hi (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (local.get $shift)))
        (local.set $lo (v128.bitselect
          (i32x4.shr_s (local.get $lo) (local.get $shift))
          (i32x4.shr_u (local.get $lo) (local.get $shift)) (local.get $S)))
        (local.set $hi (v128.bitselect
          (i32x4.shr_s (local.get $hi) (local.get $shift))
          (i32x4.shr_u (local.get $hi) (local.get $shift)) (local.get $S)))
        (local.set $lo (i32x4.add (i32x4.mul (local.get $lo) (local.get $M)) (local.get $B)))
        (local.set $hi (i32x4.add (i32x4.mul (local.get $hi) (local.get $M)) (local.get $B)))
        (local.set $min (i32x4.min_s (local.get $min) (i32x4.min_s (local.get $lo) (local.get $hi))))
        (local.set $max (i32x4.max_s (local.get $max) (i32x4.max_s (local.get $lo) (local.get $hi))))
        (v128.store (local.get $dst) (i16x8.narrow_i32x4_s (local.get $lo) (local.get $hi)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $n8 (i32.sub (local.get $n8) (i32.const 1)))
        (br $next)))
    ;; the smallest and largest of the four lanes
    (local.set $min (i32x4.min_s (local.get $min)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $min) (local.get $min))))
    (local.set $min (i32x4.min_s (local.get $min)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $min) (local.get $min))))
    (local.set $max (i32x4.max_s (local.get $max)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $max) (local.get $max))))
    (local.set $max (i32x4.max_s (local.get $max)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $max) (local.get $max))))
    (i32.and
      (i32.ge_s (i32x4.extract_lane 0 (local.get $min)) (i32.const -32768))
      (i32.le_s (i32x4.extract_lane 0 (local.get $max)) (i32.const 32767))))

  ;; Int16 out with slope 1 (most CTs): x + b in 16-bit lanes, for b within Int16 and x that is
  ;; an Int16 (signed, or unsigned of at most 15 bits stored); $shift16 = 16 - Bits Stored.
  ;; Returns 1 when no sum left Int16 (the saturating and the wrapping sums agree everywhere).
  (func (export "addInt16") (param $src i32) (param $dst i32) (param $n8 i32)
        (param $shift16 i32) (param $signed i32) (param $b i32) (result i32)
    (local $v v128) (local $w v128) (local $B v128) (local $S v128) (local $ok v128)
    (local.set $B (i16x8.splat (local.get $b)))
    (local.set $S (i16x8.splat (i32.sub (i32.const 0) (local.get $signed))))
    (local.set $ok (v128.const i32x4 -1 -1 -1 -1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n8)))
        (local.set $v (i16x8.shl (v128.load (local.get $src)) (local.get $shift16)))
        (local.set $v (v128.bitselect
          (i16x8.shr_s (local.get $v) (local.get $shift16))
          (i16x8.shr_u (local.get $v) (local.get $shift16)) (local.get $S)))
        (local.set $w (i16x8.add (local.get $v) (local.get $B)))
        (local.set $ok (v128.and (local.get $ok)
          (i16x8.eq (local.get $w) (i16x8.add_sat_s (local.get $v) (local.get $B)))))
        (v128.store (local.get $dst) (local.get $w))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $n8 (i32.sub (local.get $n8) (i32.const 1)))
        (br $next)))
    (i16x8.all_true (local.get $ok)))

  ;; Four i32 lanes to four f32 of x * m + b, computed in f64 (as JavaScript does: no fused
  ;; multiply-add) and rounded to nearest once, as a Float32Array store rounds.
  (func $f32 (param $q v128) (param $M v128) (param $B v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul
        (f64x2.convert_low_i32x4_s (local.get $q)) (local.get $M)) (local.get $B)))
      (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul
        (f64x2.convert_low_i32x4_s
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))
        (local.get $M)) (local.get $B)))))

  ;; Float32 out (32 bytes per group of 8 samples).
  (func (export "toFloat32") (param $src i32) (param $dst i32) (param $n8 i32)
        (param $shift i32) (param $signed i32) (param $m f64) (param $b f64)
    (local $v v128) (local $lo v128) (local $hi v128) (local $M v128) (local $B v128) (local $S v128)
    (local.set $M (f64x2.splat (local.get $m)))
    (local.set $B (f64x2.splat (local.get $b)))
    (local.set $S (i32x4.splat (i32.sub (i32.const 0) (local.get $signed))))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n8)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $lo (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (local.get $shift)))
        (local.set $hi (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (local.get $shift)))
        (local.set $lo (v128.bitselect
          (i32x4.shr_s (local.get $lo) (local.get $shift))
          (i32x4.shr_u (local.get $lo) (local.get $shift)) (local.get $S)))
        (local.set $hi (v128.bitselect
          (i32x4.shr_s (local.get $hi) (local.get $shift))
          (i32x4.shr_u (local.get $hi) (local.get $shift)) (local.get $S)))
        (v128.store (local.get $dst) (call $f32 (local.get $lo) (local.get $M) (local.get $B)))
        (v128.store offset=16 (local.get $dst) (call $f32 (local.get $hi) (local.get $M) (local.get $B)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $n8 (i32.sub (local.get $n8) (i32.const 1)))
        (br $next))))
)
