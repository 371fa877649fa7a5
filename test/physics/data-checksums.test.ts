// Every data file the computation depends on is pinned by its SHA-256: a changed file must be
// noticed, its provenance in data/README.md checked, and the new checksum recorded here.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DATA = join(import.meta.dirname, '..', '..', 'data');

const PINNED: Record<string, string> = {
  // ICRP-107 as packaged by devhliu/GPUMCRPTDosimetry, unchanged (data/README.md).
  'icrp107/I-131.json': 'c8404c33b604b4dcedc3f9923bafac27d750d62da44ab8909d888e79363b692d',
  'icrp107/I-124.json': '56070f3dfd22fca63ee93d6d095b620e4e6a8658e9e96d97ede3bc4b6e79c13b',
  // Computed by scripts/compute-sphere-s-values.ts (provenance inside each file). Rerunning the
  // script changes the date in the provenance block: record the new checksum with the reason.
  's-values/I-131-spheres-rho1.04.json':
    '2fb035fe8e5927632263b53bda5bbca64b6ddd31fb0625a2c5765e7cd2a030df',
  's-values/I-131-spheres-rho1.00.json':
    '8a93effcd333bf1dddeffa387059a29beafd54d248389afdef7cac3caa0986bd',
  // Computed by scripts/compute-photon-point-kernel.ts (npm run photon-kernel; provenance inside):
  // the photon tail of the voxel kernel. Rerunning changes the date: record the new checksum.
  's-values/I-131-photon-point-kernel-soft.json':
    '406cab000bbbc5390d849c555f2bc8a327b7ceb0e2f68e9a435813af76ad06fc',
  // The 13 Lanconelli text files converted unchanged by scripts/convert-voxel-s-values.ts
  // (deterministic: rerunning it gives the same file).
  'voxel-s-values/I-131-voxel-s-values-soft.json':
    'e1f469da304c8c11084f5fdb83c9cdf2f7332b44b0a8597aba58d79d0467b5a1',
};

function sha256(relative: string): string {
  return createHash('sha256')
    .update(readFileSync(join(DATA, relative)))
    .digest('hex');
}

describe('data files keep their recorded checksums', () => {
  for (const [file, expected] of Object.entries(PINNED)) {
    it(`${file} is the file recorded in data/README.md`, () => {
      expect(sha256(file)).toBe(expected);
    });
  }

  it('the Lanconelli 131I soft-tissue voxel S-value files are the 13 shipped ones, unchanged', () => {
    const files = readdirSync(join(DATA, 'voxel-s-values', '131I')).sort();
    expect(files).toHaveLength(13);
    const digest = createHash('sha256');
    for (const file of files) digest.update(file).update(sha256(`voxel-s-values/131I/${file}`));
    expect(digest.digest('hex')).toBe(VOXEL_SET_SHA256);
  });
});

// SHA-256 over (name, SHA-256 of content) of the sorted voxel S-value files, as copied from
// shared/data/voxel-s-values/131I/*soft.txt.
const VOXEL_SET_SHA256 = '9df4303512d3e5eb18f7a01cc78b758e615aabb2bcc55947b860eaf055ff4cce';
