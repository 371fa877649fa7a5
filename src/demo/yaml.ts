/**
 * YAML as a person would write it: block style, with short lists of scalars (LPS points, seeds)
 * in flow style "[x, y, z]"; optionally also records of scalars (a measurement, a sample) on one
 * line "{ at: ..., concBqPerMl: ... }", as in examples/demo-cohort.
 */
import { Document, isScalar, visit } from 'yaml';

/** YAML text of `value`; lists of scalars in flow style, and with `flowRecords` nested records too. */
export function toYaml(value: unknown, options: { flowRecords?: boolean } = {}): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map(_, node, path) {
      if (options.flowRecords !== true || path.length <= 1) return;
      if (node.items.every((pair) => isScalar(pair.value))) node.flow = true;
    },
  });
  if (options.flowRecords !== true) return doc.toString();
  // Flow lists as Prettier writes them ("[a, b]"), flow maps padded ("{ a: 1 }").
  return doc.toString({ lineWidth: 0 }).replace(/\[ ([^\]\n]*) \]/g, '[$1]');
}
