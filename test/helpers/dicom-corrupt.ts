/**
 * Small real PET and CT series written with the project's writer (src/io/dicom/write/write-series.ts), and
 * tools to damage copies of them: rewrite one file's elements with dcmjs (at the denaturalized
 * level, so values keep their bytes), and find each top-level element's header bytes with
 * pydicom (an independent parser) for the fuzz test.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Volume } from '../../src/core/volume.ts';
import { newSessionUids, type PetSeriesMeta } from '../../src/io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../../src/io/dicom/write/write-series.ts';

type Dict = Record<string, { vr: string; Value?: unknown[] }>;
interface DcmjsDict {
  meta: Dict;
  dict: Dict;
  write(): ArrayBuffer;
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMessage: { readFile(buffer: ArrayBuffer): DcmjsDict } };
  log: { setLevel(level: string): void };
};
dcmjs.log.setLevel('silent');

const session = newSessionUids();
/** Administration of the written PET (the manifest would give the same). */
export const ADMINISTERED_AT = '2024-03-04T09:15:00';
const base = {
  patient: { id: 'C01', name: 'Corrupt^Test', weightKg: 70 },
  study: {
    instanceUid: session.studyInstanceUid,
    id: 'S1',
    description: 'corrupt',
    at: '2024-03-05T09:00:00',
  },
  frameOfReferenceUid: session.frameOfReferenceUid,
  seriesDescription: 'corrupt test',
  acquiredAt: '2024-03-05T09:15:00',
};

/** A size[0] x size[1] x size[2] volume with distinct values (offset + 10 n). */
function volume(size: [number, number, number], offset: number): Volume {
  const data = new Float32Array(size[0] * size[1] * size[2]).map((_, n) => offset + 10 * n);
  return {
    size,
    spacingMm: [2, 2, 3],
    originLps: [-4, -3, 10],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
  };
}

/** Writes a 4 x 3 x `slices` PET (BQML, START) into `dir`; returns the file paths. */
export function writeSmallPet(dir: string, slices = 4): string[] {
  const meta: PetSeriesMeta = {
    ...base,
    seriesNumber: 2,
    administeredAt: ADMINISTERED_AT,
    activityBq: 37e6,
    decayCorrection: 'START',
  };
  const written = writePetSeries(volume([4, 3, slices], 1000), dir, meta);
  return written.files.map((name) => join(dir, name));
}

/** Writes a 4 x 3 x `slices` CT (HU) into `dir`; returns the file paths. */
export function writeSmallCt(dir: string, slices = 4): string[] {
  const written = writeCtSeries(volume([4, 3, slices], -500), dir, { ...base, seriesNumber: 1 });
  return written.files.map((name) => join(dir, name));
}

/** The .dcm files of a folder, sorted. */
export function dicomFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => join(dir, name));
}

/** Rewrites `path` after `edit` changed its (denaturalized, tag-keyed) elements. */
export function rewriteDicom(path: string, edit: (dict: Dict) => void): void {
  const bytes = readFileSync(path);
  const parsed = dcmjs.data.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  edit(parsed.dict);
  writeFileSync(path, Buffer.from(parsed.write()));
}

/** Byte ranges [start, end) of the header (tag, VR, length) of each top-level element. */
export function elementHeaders(path: string): [number, number][] {
  const script = `
import sys, json
from pydicom.filereader import data_element_generator
LONG = {'OB','OD','OF','OL','OV','OW','SQ','SV','UC','UN','UR','UT','UV'}
out = []
with open(sys.argv[1], 'rb') as fp:
    fp.seek(132)
    def stop(tag, vr, length):
        return tag.group != 2
    def add(el):
        # Raw elements keep value_tell; sequences come back parsed, with file_tell = value start.
        tell = getattr(el, 'value_tell', None) or el.file_tell
        out.append([tell - (12 if el.VR in LONG else 8), tell])
    for el in data_element_generator(fp, False, True, stop_when=stop):
        add(el)
    for el in data_element_generator(fp, False, True):
        add(el)
print(json.dumps(out))
`;
  const text = execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  return JSON.parse(text) as [number, number][];
}
