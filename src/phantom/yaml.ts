/**
 * YAML for the phantom manifests: block style, with short lists of scalars (LPS points, seeds)
 * in flow style, "[x, y, z]", as a person would write them.
 */
import { Document, isScalar, visit } from 'yaml';

/** YAML text of `value`, lists of scalars in flow style. */
export function toYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString();
}
