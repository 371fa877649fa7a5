/**
 * A series from instances in memory (uploads, DICOMweb responses, files read by the caller):
 * each parsed from its bytes, grouped by Series Instance UID, one chosen, decoded into a volume.
 * No disk: the same path as the folder reader without its I/O.
 */
import { InputError } from '../../../core/errors.ts';
import { NOT_DICOM_REASON } from './part10-prefix.ts';
import { loadedSeries, planSeries } from './assemble-series.ts';
import { allocateVolume, decodeInstanceInto } from './decode-series.ts';
import type { DicomInstance, InstanceBytes } from './instance.ts';
import { parseInstance } from './parse-instance.ts';
import { addToSeries, chooseSeries, skippedWarning, type SeriesGroups } from './series-choice.ts';
import type { LoadedSeries, ReadSeriesOptions, SkippedFile } from './series-types.ts';

/** Options of assembleSeries: the series choice, and a label for messages (default "instances"). */
export interface AssembleOptions extends ReadSeriesOptions {
  label?: string;
}

/** Assemble one series from `inputs` (its `source` names each instance in messages). */
export function assembleSeries(
  inputs: readonly InstanceBytes[],
  options: AssembleOptions = {},
): LoadedSeries {
  const label = options.label ?? 'the instances';
  const groups: SeriesGroups = new Map();
  const skipped: SkippedFile[] = [];
  const sources = new Set<string>();
  for (const input of inputs) {
    // The source names a slice and its hash: two instances under one name would overwrite one.
    if (sources.has(input.source)) {
      throw new InputError(
        { file: input.source },
        'two instances have this same source name',
        'give each instance its own source (a file name or URL)',
      );
    }
    sources.add(input.source);
    const instance = parseInstance(input);
    if (instance === null) skipped.push({ path: input.source, reason: NOT_DICOM_REASON });
    else addToSeries(groups, instance, skipped);
  }
  const [uid, instances] = chooseSeries(label, groups, options);
  const plan = planSeries(label, uid, instances);
  const target = allocateVolume(plan);
  for (const instance of instances) decodeInstanceInto(plan, instance, target);
  const hashes = new Map(instances.map((i: DicomInstance) => [i.path, i.sha256]));
  const warnings = skipped.length > 0 ? [skippedWarning(label, skipped)] : [];
  return loadedSeries(plan, target.data, hashes, skipped, warnings);
}
