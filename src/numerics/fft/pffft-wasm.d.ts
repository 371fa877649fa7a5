// Types for @echogarden/pffft-wasm (it ships none): the Emscripten build of PFFFT (J. Pommier,
// BSD-3-Clause), with the C functions listed in the package's Makefile (EXPORTED_FUNCTIONS).
declare module '@echogarden/pffft-wasm/simd' {
  export interface PffftModule {
    HEAPF32: Float32Array;
    HEAPF64: Float64Array;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(pointer: number): void;
    _pffft_simd_size(): number;
    _pffft_new_setup(n: number, transform: number): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_transform(
      setup: number,
      input: number,
      output: number,
      work: number,
      direction: number,
    ): void;
    _pffft_transform_ordered(
      setup: number,
      input: number,
      output: number,
      work: number,
      direction: number,
    ): void;
  }
  const factory: () => Promise<PffftModule>;
  export default factory;
}
declare module '@echogarden/pffft-wasm' {
  import type { PffftModule } from '@echogarden/pffft-wasm/simd';
  const factory: () => Promise<PffftModule>;
  export default factory;
}
