/**
 * A naturalized data set (the shape of walk-dataset.ts's dataSet: `_vrMap`, then keywords in
 * file order) whose values are read from the instance's bytes when first asked for, by the
 * general walker's elementAt, and then kept. A Proxy over a plain object: property reads, `in`,
 * Object.hasOwn, Object.keys/entries and spreading see every element as an own property; a
 * value written or deleted behaves as on a plain object.
 */
import type { TextCodec } from './element-values.ts';
import type { Dataset } from './instance.ts';
import { elementAt, natural, type ElementPlace, type Walk } from './walk-dataset.ts';

/** One top-level element, not yet read. */
export interface LazyElement {
  key: string;
  place: ElementPlace;
  /** The text codec in effect at the element ((0008,0005) before it). */
  codec: TextCodec;
  /** The (0008,0005) value bytes the codec comes from ('' for the default repertoire). */
  codecKey: string;
  /** A value fixed by the walk ((0008,0005) becomes 'ISO_IR 192', as dcmjs gives it; sequences read at once). */
  fixed?: unknown;
}

type Key = string | symbol;

/**
 * Values already read, by VR, character set and value bytes, shared by the data sets of one
 * folder scan: a series' headers repeat most values (UIDs, orientation, the radiopharmaceutical
 * sequence), read once. The values are shared, so these data sets are read, never written, by
 * the readers (they stay inside the folder reader).
 */
export type ValueCache = Map<string, unknown>;

/** The Proxy handler of one data set (methods on the prototype: nothing made per access). */
class LazyHandler implements ProxyHandler<Dataset> {
  private readonly pending = new Map<Key, LazyElement>();
  private readonly values = new Map<Key, unknown>();
  private readonly keys: Key[] = ['_vrMap'];

  constructor(
    private readonly walk: Walk,
    elements: readonly LazyElement[],
    private readonly cache: ValueCache,
  ) {
    for (const element of elements) {
      this.pending.set(element.key, element);
      this.keys.push(element.key);
    }
  }

  /** The value of a pending element, read (or found in the cache) and kept; false when none. */
  private read(key: Key): boolean {
    if (this.values.has(key)) return true;
    const element = this.pending.get(key);
    if (element === undefined) return false;
    this.pending.delete(key);
    if (element.fixed !== undefined) {
      this.values.set(key, element.fixed);
      return true;
    }
    const { vr, start, length } = element.place;
    const bytes = `${vr}\0${element.codecKey}\0${this.walk.buffer.toString('latin1', start, start + length)}`;
    let value = this.cache.get(bytes);
    if (value === undefined && !this.cache.has(bytes)) {
      value = natural(elementAt(this.walk, element.place, element.codec, this.walk.explicit)[0]);
      this.cache.set(bytes, value);
    }
    this.values.set(key, value);
    return true;
  }

  private written(key: Key): void {
    this.pending.delete(key);
    this.values.delete(key);
    if (!this.keys.includes(key)) this.keys.push(key);
  }

  get(t: Dataset, key: Key): unknown {
    return this.read(key) ? this.values.get(key) : t[key as string];
  }

  has(t: Dataset, key: Key): boolean {
    return this.values.has(key) || this.pending.has(key) || key in t;
  }

  ownKeys(): Key[] {
    return [...this.keys];
  }

  getOwnPropertyDescriptor(t: Dataset, key: Key): PropertyDescriptor | undefined {
    if (!this.read(key)) return Reflect.getOwnPropertyDescriptor(t, key);
    const value: unknown = this.values.get(key);
    return { value, writable: true, enumerable: true, configurable: true };
  }

  set(t: Dataset, key: Key, value: unknown): boolean {
    this.written(key);
    return Reflect.set(t, key, value);
  }

  defineProperty(t: Dataset, key: Key, descriptor: PropertyDescriptor): boolean {
    this.written(key);
    return Reflect.defineProperty(t, key, descriptor);
  }

  deleteProperty(t: Dataset, key: Key): boolean {
    this.pending.delete(key);
    this.values.delete(key);
    const n = this.keys.indexOf(key);
    if (n >= 0) this.keys.splice(n, 1);
    return Reflect.deleteProperty(t, key);
  }
}

/** The data set of `elements` (values read from `walk.bytes` on first use). */
export function lazyDataset(
  walk: Walk,
  vrMap: Record<string, string>,
  elements: readonly LazyElement[],
  cache: ValueCache = new Map(),
): Dataset {
  return new Proxy({ _vrMap: vrMap }, new LazyHandler(walk, elements, cache));
}
