/**
 * Converts the Lanconelli et al. (2012, Phys Med Biol 57:517) 131I soft-tissue voxel S-value files
 * (data/voxel-s-values/131I/131I{size}mmsoft.txt, as shipped by the MIT-licensed repository
 * MGHPhysicsResearch/MIRDCalculation, MIRD/VoxelSValues/) into one JSON data file,
 * data/voxel-s-values/I-131-voxel-s-values-soft.json, with the source files and their SHA-256.
 * Values are copied unchanged (mGy/(MBq s)); src/physics/s-values/voxel-kernels.ts converts units.
 * Run: `npm run voxel-s-values`. The output is deterministic (no date), so its checksum is stable.
 *
 * File format (Latin-1, CRLF): a header "I131 - 4.42mm - Soft tissue", a column line
 * "i j k S [mGy/(MBq·s)]", then one tab-separated row i j k S per offset of one octant, 0..5 each.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = 'data/voxel-s-values/131I';
const OUTPUT = 'data/voxel-s-values/I-131-voxel-s-values-soft.json';
const OCTANT = 6;

interface Kernel {
  voxelMm: number;
  file: string;
  header: string;
  octant: number[][][];
}

function parse(file: string): Kernel {
  const text = readFileSync(join(root, SOURCE_DIR, file), 'latin1');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim();
  const size = /^I131 - ([\d.]+)mm - Soft tissue$/.exec(header);
  if (size?.[1] === undefined) throw new Error(`${file}: unexpected header "${header}"`);
  const octant = Array.from({ length: OCTANT }, () =>
    Array.from({ length: OCTANT }, () => new Array<number>(OCTANT).fill(NaN)),
  );
  let rows = 0;
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(/\s+/);
    const [i, j, k, s] = parts.map(Number);
    const ok = [i, j, k].every((v) => Number.isInteger(v) && v! >= 0 && v! < OCTANT);
    if (parts.length !== 4 || !ok || !(s! > 0)) throw new Error(`${file}: bad row "${line}"`);
    if (!Number.isNaN(octant[i!]![j!]![k!])) throw new Error(`${file}: duplicate row "${line}"`);
    octant[i!]![j!]![k!] = s!;
    rows++;
  }
  if (rows !== OCTANT ** 3) throw new Error(`${file}: ${rows} rows, expected ${OCTANT ** 3}`);
  return { voxelMm: Number(size[1]), file, header, octant };
}

const files = readdirSync(join(root, SOURCE_DIR))
  .filter((f) => /^131I[\d.]+mmsoft\.txt$/.test(f))
  .sort();
const kernels = files.map(parse).sort((a, b) => a.voxelMm - b.voxelMm);
const output = {
  provenance: {
    quantity:
      'voxel S-value S(target voxel <- source voxel at offset i, j, k), 131I, cubic voxels of soft tissue',
    unit: 'mGy/(MBq s)',
    source:
      'Lanconelli N, Pacilio M, Lo Meo S, et al. A free database of radionuclide voxel S values for the dosimetry of nonuniform activity distributions. Phys Med Biol 2012;57:517-533',
    distributedBy:
      'MGHPhysicsResearch/MIRDCalculation (MIT licence), MIRD/VoxelSValues/, copied unchanged to data/voxel-s-values/131I/',
    medium:
      'soft tissue (ICRU), density 1.04 g/mL (see physics.md section 3 and the sphere comparison test)',
    densityGPerMl: 1.04,
    layout:
      'octant[i][j][k], i, j, k = 0..5 voxel offsets; the full 11 x 11 x 11 kernel by symmetry S(i, j, k) = S(|i|, |j|, |k|)',
    convertedBy: 'scripts/convert-voxel-s-values.ts (values copied unchanged)',
    files: kernels.map((k) => ({
      file: `${SOURCE_DIR}/${k.file}`,
      sha256: createHash('sha256')
        .update(readFileSync(join(root, SOURCE_DIR, k.file)))
        .digest('hex'),
    })),
  },
  kernels: kernels.map((k) => ({ voxelMm: k.voxelMm, header: k.header, octant: k.octant })),
};
// Two-space JSON with each innermost row of numbers on one line (readable, stable).
const json = JSON.stringify(output, null, 2).replace(
  /\[\s+([-+\d.e]+(?:,\s+[-+\d.e]+)*)\s+\]/g,
  (_, row: string) => `[${row.split(/,\s+/).join(', ')}]`,
);
writeFileSync(join(root, OUTPUT), `${json}\n`);
console.log(
  `wrote ${OUTPUT}: ${kernels.length} kernels (${kernels.map((k) => k.voxelMm).join(', ')} mm)`,
);
