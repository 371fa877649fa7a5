/**
 * The generated tables of README.md's manifest reference (npm run docs; test/readme.test.ts
 * checks they are current): the plausible ranges and list limits (core/plausible-ranges.ts) and
 * the points each kinetic model needs (parameter counts of kinetics/exponential-models.ts, the
 * AICc condition of numerics/aicc.ts).
 */
import { parameterCount } from '../../kinetics/exponential-models.ts';
import type { ExponentialModelName } from '../../kinetics/types.ts';
import { aiccParameterCount } from '../../numerics/aicc.ts';

export { rangesMarkdownTable } from '../../core/plausible-ranges.ts';

const MODELS: readonly { name: ExponentialModelName; curve: string }[] = [
  { name: 'mono', curve: 'A e^(-l t)' },
  { name: 'bi', curve: 'A1 e^(-l1 t) + A2 e^(-l2 t)' },
  { name: 'tri', curve: 'three exponential terms' },
  { name: 'mono-uptake', curve: 'A (e^(-l t) - e^(-lu t)) (lesions and blood only)' },
];

/** Fewest points for a model: named in `models`, and for the automatic AICc choice. */
export function modelsMarkdownTable(): string {
  const rows = MODELS.map(({ name, curve }) => {
    const p = parameterCount(name, false);
    // mono is always a candidate once it is determined; the others need the AICc defined.
    const aicc = name === 'mono' ? `${p} (always a candidate)` : String(aiccParameterCount(p) + 2);
    const pn = parameterCount(name, true);
    const wholeBody =
      name === 'mono-uptake'
        ? 'not offered'
        : `${pn} parameter(s): ${pn + 1} counts named, ${name === 'mono' ? pn + 1 : aiccParameterCount(pn) + 3} for the AICc choice`;
    return `| \`${name}\` | ${curve} | ${p} | ${p} | ${aicc} | ${wholeBody} |`;
  });
  return [
    '| model | curve | parameters | fewest points when named in `models` | fewest points for the AICc choice | whole body (normalised at the first count) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '| `trapezoid` | straight lines between points, tail by `tailRule` | 0 | 2 | not in the AICc choice | 2 counts |',
  ].join('\n');
}
