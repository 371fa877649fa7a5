/**
 * The content tree of iodose's Measurement Report (PS3.16 TID 1500), root included:
 * language (TID 1204), device observer (TID 1001/1004), procedure reported, Imaging Measurements
 * with one group per SrGroup (TID 1411 with its Referenced Segment when it has one, else TID
 * 1501), and the report's Qualitative Evaluations. Returns the root's attributes for the SR
 * Document Content Module (PS3.3 C.17.3) and the instances it references (for the evidence).
 */
import type { NaturalDataset } from '../write/write-file.ts';
import { SR } from './sr-codes.ts';
import { codeItem, container, measurementItem, textItem, uidItem } from './sr-items.ts';
import type { SrDocument, SrEvaluation, SrGroup, SrSegmentReference } from './sr-types.ts';

function evaluationItem(e: SrEvaluation): NaturalDataset {
  return 'code' in e
    ? codeItem('CONTAINS', e.concept, e.code)
    : textItem('CONTAINS', e.concept, e.text);
}

/** Referenced Segment (121191, DCM): an IMAGE item with its Referenced Segment Number. */
function segmentItem(s: SrSegmentReference): NaturalDataset {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ConceptNameCodeSequence: [SR.referencedSegment],
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: s.sopClassUid,
        ReferencedSOPInstanceUID: s.sopInstanceUid,
        ReferencedSegmentNumber: s.segmentNumber,
      },
    ],
  };
}

/** One measurement group (TID 1411 rows 1-9 and 11, or TID 1501 rows 1-7). */
function groupItem(g: SrGroup): NaturalDataset {
  const items: NaturalDataset[] = [
    textItem('HAS OBS CONTEXT', SR.trackingIdentifier, g.trackingId),
    uidItem('HAS OBS CONTEXT', SR.trackingUid, g.trackingUid),
  ];
  if (g.finding !== undefined) items.push(codeItem('CONTAINS', SR.finding, g.finding));
  if (g.timePoint !== undefined) items.push(textItem('HAS OBS CONTEXT', SR.timePoint, g.timePoint));
  if (g.segment !== undefined) {
    items.push(segmentItem(g.segment));
    items.push(
      uidItem('CONTAINS', SR.sourceSeriesForSegmentation, g.segment.sourceSeriesInstanceUid),
    );
  }
  items.push(...g.measurements.map(measurementItem));
  items.push(...g.evaluations.map(evaluationItem));
  return container(
    'CONTAINS',
    SR.measurementGroup,
    items,
    g.segment === undefined ? '1501' : '1411',
  );
}

/** The root content item's attributes and the SEG instances the tree references. */
export function reportContent(
  doc: SrDocument,
  deviceObserverUid: string,
): {
  root: NaturalDataset;
  referenced: SrSegmentReference[];
} {
  const children: NaturalDataset[] = [
    codeItem('HAS CONCEPT MOD', SR.languageOfContent, SR.english),
    codeItem('HAS OBS CONTEXT', SR.observerType, SR.device),
    uidItem('HAS OBS CONTEXT', SR.deviceObserverUid, deviceObserverUid),
    textItem('HAS OBS CONTEXT', SR.deviceObserverName, 'iodose'),
    codeItem('HAS CONCEPT MOD', SR.procedureReported, SR.petWholeBody),
    container('CONTAINS', SR.imagingMeasurements, doc.groups.map(groupItem)),
  ];
  if (doc.evaluations.length > 0) {
    children.push(
      container('CONTAINS', SR.qualitativeEvaluations, doc.evaluations.map(evaluationItem)),
    );
  }
  const root = container('CONTAINS', SR.imagingMeasurementReport, children, '1500');
  delete root['RelationshipType'];
  const referenced = new Map<string, SrSegmentReference>();
  for (const g of doc.groups) {
    if (g.segment !== undefined) referenced.set(g.segment.sopInstanceUid, g.segment);
  }
  return { root, referenced: [...referenced.values()] };
}
