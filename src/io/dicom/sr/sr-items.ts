/**
 * SR content items (PS3.3 C.17.3 SR Document Content Module, C.18 Content Item Macros) as dcmjs
 * naturalised datasets. NUM items carry the value twice: Numeric Value (DS, at most 16
 * characters, PS3.5 6.2) and Floating Point Value (0040,A161, FD) with the full double, so a
 * reader gets the exact number (PS3.3 C.18.1 Numeric Measurement Macro).
 *
 * Written here rather than with dcmjs's sr.valueTypes: its NumContentItem puts the raw JS number
 * into Numeric Value (longer than the 16 characters DS allows) and ships no type declarations.
 */
import type { NaturalDataset } from '../write/write-file.ts';
import { decimalString } from '../write/write-format.ts';
import { SR, type CodeItem } from './sr-codes.ts';
import type { SrMeasurement } from './sr-types.ts';

export type Relationship = 'CONTAINS' | 'HAS CONCEPT MOD' | 'HAS OBS CONTEXT' | 'HAS PROPERTIES';

const named = (relationship: Relationship, valueType: string, concept: CodeItem) => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [concept],
});

/** A CONTAINER item (SEPARATE content), optionally with its template (DCMR). */
export function container(
  relationship: Relationship,
  concept: CodeItem,
  children: NaturalDataset[],
  templateId?: string,
): NaturalDataset {
  return {
    ...named(relationship, 'CONTAINER', concept),
    ContinuityOfContent: 'SEPARATE',
    ...(templateId === undefined
      ? {}
      : { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: templateId }] }),
    ContentSequence: children,
  };
}

/** A CODE item. */
export function codeItem(relationship: Relationship, concept: CodeItem, value: CodeItem) {
  return { ...named(relationship, 'CODE', concept), ConceptCodeSequence: [value] };
}

/** A TEXT item (UT: no length limit). */
export function textItem(relationship: Relationship, concept: CodeItem, text: string) {
  return { ...named(relationship, 'TEXT', concept), TextValue: text };
}

/** A UIDREF item. */
export function uidItem(relationship: Relationship, concept: CodeItem, uid: string) {
  return { ...named(relationship, 'UIDREF', concept), UID: uid };
}

/** A NUM item: DS and FD value, UCUM unit, optional children. */
export function numItem(
  relationship: Relationship,
  concept: CodeItem,
  value: number,
  unit: CodeItem,
  children: NaturalDataset[] = [],
): NaturalDataset {
  if (!Number.isFinite(value)) throw new Error(`${concept.CodeMeaning}: ${value} is not finite`);
  return {
    ...named(relationship, 'NUM', concept),
    MeasuredValueSequence: [
      {
        MeasurementUnitsCodeSequence: [unit],
        NumericValue: decimalString(value),
        FloatingPointValue: value,
      },
    ],
    ...(children.length === 0 ? {} : { ContentSequence: children }),
  };
}

/**
 * A measurement (TID 300 row 1, CONTAINS NUM) with its Derivation modifier and its 1-sd
 * uncertainty: HAS PROPERTIES NUM "+/-, range of measurement uncertainty" (TID 310) whose
 * Derivation is Standard Deviation.
 */
export function measurementItem(m: SrMeasurement): NaturalDataset {
  const children: NaturalDataset[] = [];
  if (m.derivation !== undefined)
    children.push(codeItem('HAS CONCEPT MOD', SR.derivation, m.derivation));
  if (m.sigma !== undefined) {
    children.push(
      numItem('HAS PROPERTIES', SR.rangeOfUncertainty, m.sigma, m.unit, [
        codeItem('HAS CONCEPT MOD', SR.derivation, SR.standardDeviation),
      ]),
    );
  }
  return numItem('CONTAINS', m.concept, m.value, m.unit, children);
}
