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
  /** A value fixed by the walk ((0008,0005) becomes 'ISO_IR 192', as dcmjs gives it). */
  fixed?: string;
}

type Key = string | symbol;

/** The Proxy handler of one data set (methods on the prototype: nothing made per access). */
class LazyHandler implements ProxyHandler<Dataset> {
  private readonly pending = new Map<Key, LazyElement>();
  private readonly keys: Key[] = ['_vrMap'];

  constructor(
    private readonly walk: Walk,
    elements: readonly LazyElement[],
  ) {
    for (const element of elements) {
      this.pending.set(element.key, element);
      this.keys.push(element.key);
    }
  }

  private read(t: Dataset, key: Key): void {
    const element = this.pending.get(key);
    if (element === undefined) return;
    this.pending.delete(key);
    t[key as string] =
      element.fixed ?? natural(elementAt(this.walk, element.place, element.codec, true)[0]);
  }

  private added(key: Key): void {
    this.pending.delete(key);
    if (!this.keys.includes(key)) this.keys.push(key);
  }

  get(t: Dataset, key: Key): unknown {
    this.read(t, key);
    return t[key as string];
  }

  has(t: Dataset, key: Key): boolean {
    return this.pending.has(key) || key in t;
  }

  ownKeys(): Key[] {
    return [...this.keys];
  }

  getOwnPropertyDescriptor(t: Dataset, key: Key): PropertyDescriptor | undefined {
    this.read(t, key);
    return Reflect.getOwnPropertyDescriptor(t, key);
  }

  set(t: Dataset, key: Key, value: unknown): boolean {
    this.added(key);
    return Reflect.set(t, key, value);
  }

  defineProperty(t: Dataset, key: Key, descriptor: PropertyDescriptor): boolean {
    this.added(key);
    return Reflect.defineProperty(t, key, descriptor);
  }

  deleteProperty(t: Dataset, key: Key): boolean {
    this.pending.delete(key);
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
): Dataset {
  return new Proxy({ _vrMap: vrMap }, new LazyHandler(walk, elements));
}
