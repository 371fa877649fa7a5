/**
 * A small XML well-formedness check for the SVG the report writes: every tag closed in order,
 * attributes quoted, no stray "<" or ">" in text, every "&" an entity. Returns the problems found.
 */

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

/** Problems in `xml` as XML (empty when well-formed with a single root element). */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const ch = xml[i];
    if (ch === '<') {
      TAG.lastIndex = i;
      const match = TAG.exec(xml);
      if (match === null) {
        problems.push(`malformed tag at ${i}: ${xml.slice(i, i + 40)}`);
        break;
      }
      const [whole, closing, name = '', attributes = '', selfClosing] = match;
      for (const value of attributes.matchAll(/="([^"]*)"/g)) {
        const text = value[1] ?? '';
        for (const amp of text.matchAll(/&/g)) {
          if (!ENTITY.test(text.slice(amp.index)))
            problems.push(`bare & in attribute of <${name}>`);
        }
      }
      if (closing === '/') {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      } else if (selfClosing !== '/') {
        if (stack.length === 0) roots++;
        stack.push(name);
      } else if (stack.length === 0) {
        roots++;
      }
      i += whole.length;
    } else if (ch === '>') {
      problems.push(`stray > at ${i}`);
      i++;
    } else if (ch === '&') {
      if (!ENTITY.test(xml.slice(i))) problems.push(`bare & at ${i}`);
      i++;
    } else {
      i++;
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

/** The inline <svg>...</svg> elements of an HTML page. */
export function svgElements(html: string): string[] {
  return [...html.matchAll(/<svg[\s>][\s\S]*?<\/svg>/g)].map((m) => m[0]);
}
