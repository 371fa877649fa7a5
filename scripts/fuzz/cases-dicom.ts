/**
 * Fuzz cases on the demo patient's DICOM: one series is copied into the case folder and damaged
 * (truncation, byte flips in the header or the pixels, dropped or duplicated slices, foreign
 * files, links and pipes), then the whole `iodose run` path runs on it.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { imageManifest, type Base, type FuzzCase } from './cases.ts';
import type { Rng } from './rng.ts';

/** Offset of the Pixel Data element (7FE0,0010), little endian; the file length if none. */
function pixelDataOffset(bytes: Buffer): number {
  const at = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  return at < 0 ? bytes.length : at;
}

function flip(bytes: Buffer, from: number, to: number, count: number, rng: Rng): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < count && to > from; i += 1) {
    const at = from + rng.int(to - from);
    bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(8));
    offsets.push(at);
  }
  return offsets;
}

/** Damages the series in `folder`; returns the label and whether only the header changed. */
function damage(folder: string, other: string, rng: Rng): { label: string; header: boolean } {
  const files = readdirSync(folder).sort();
  const name = rng.pick(files);
  const file = join(folder, name);
  const bytes = readFileSync(file);
  const pixels = pixelDataOffset(bytes);
  switch (rng.int(13)) {
    case 0: {
      const size = rng.int(bytes.length);
      writeFileSync(file, bytes.subarray(0, size));
      return { label: `truncate ${name} to ${size} of ${bytes.length} bytes`, header: false };
    }
    case 1:
    case 2:
    case 3: {
      const at = flip(bytes, 132, pixels, 1 + rng.int(4), rng);
      writeFileSync(file, bytes);
      return { label: `flip header bytes of ${name} at ${at.join(',')}`, header: true };
    }
    case 4: {
      const at = flip(bytes, pixels + 12, bytes.length, 1 + rng.int(4), rng);
      writeFileSync(file, bytes);
      return { label: `flip pixel bytes of ${name} at ${at.join(',')}`, header: false };
    }
    case 5: {
      const from = 132 + rng.int(Math.max(1, pixels - 196));
      bytes.fill(0, from, from + 64);
      writeFileSync(file, bytes);
      return { label: `zero 64 header bytes of ${name} from ${from}`, header: true };
    }
    case 6:
      rmSync(file);
      return { label: `delete slice ${name}`, header: false };
    case 7:
      writeFileSync(join(folder, `copy-${name}`), bytes);
      return { label: `duplicate slice ${name}`, header: true };
    case 8: {
      const junk = Buffer.alloc(1 + rng.int(4000));
      for (let i = 0; i < junk.length; i += 1) junk[i] = rng.int(256);
      writeFileSync(join(folder, rng.pick(['junk.dcm', 'README', '.DS_Store'])), junk);
      return { label: 'junk file added', header: true };
    }
    case 9:
      writeFileSync(file, '');
      return { label: `empty ${name}`, header: false };
    case 10: {
      const kind = rng.int(3);
      if (kind === 0) {
        symlinkSync(join(folder, 'loop-b'), join(folder, 'loop-a'));
        symlinkSync(join(folder, 'loop-a'), join(folder, 'loop-b'));
      } else if (kind === 1) execFileSync('mkfifo', [join(folder, 'pipe.dcm')]);
      else symlinkSync(folder, join(folder, 'self'));
      return {
        label: ['symlink loop', 'FIFO', 'link to its own folder'][kind] ?? '',
        header: true,
      };
    }
    case 11: {
      const foreign = rng.pick(readdirSync(other).sort());
      cpSync(join(other, foreign), join(folder, `foreign-${foreign}`));
      return { label: `slice of the other modality added (${foreign})`, header: true };
    }
    default: {
      // The 'DICM' magic or the meta group length.
      const at = flip(bytes, 128, 160, 1, rng);
      writeFileSync(file, bytes);
      return { label: `flip meta bytes of ${name} at ${at.join(',')}`, header: true };
    }
  }
}

export function dicomCase(dir: string, rng: Rng, base: Base): Omit<FuzzCase, 'index' | 'kind'> {
  const tree = imageManifest(base) as { scans: { id: string; pet: string; ct?: string }[] };
  const scan = rng.pick(tree.scans);
  const modality = rng.next() < 0.6 ? 'pet' : 'ct';
  const source = modality === 'pet' ? scan.pet : (scan.ct ?? scan.pet);
  const other = modality === 'pet' ? (scan.ct ?? scan.pet) : scan.pet;
  const folder = join(dir, `${scan.id}-${modality}`);
  mkdirSync(folder, { recursive: true });
  cpSync(source, folder, { recursive: true });
  const { label, header } = damage(folder, other, rng);
  if (modality === 'pet') scan.pet = folder;
  else scan.ct = folder;
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, stringify(tree));
  const out = join(dir, 'out');
  return {
    label: `${scan.id} ${modality}: ${label}`,
    args: ['run', manifest, '--out', out, '--no-pdf'],
    resultsPath: join(out, 'results.json'),
    baseline: 'image',
    dicomHeaderDamage: header,
  };
}
