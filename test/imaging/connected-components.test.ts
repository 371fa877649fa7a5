// Connected components with 6- and 26-connectivity on hand-built masks whose components are
// known by construction.
import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../../src/core/volume.ts';
import { voxelIndex } from '../../src/core/volume.ts';
import {
  componentAt,
  growRegion,
  labelComponents,
  neighbourOffsets,
} from '../../src/imaging/connected-components.ts';

function mask(size: Vec3, voxels: Vec3[]): Volume<Uint8Array> {
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (const [i, j, k] of voxels) data[voxelIndex(size, i, j, k)] = 1;
  return {
    size,
    spacingMm: [1, 1, 1],
    originLps: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
  };
}

describe('connected components', () => {
  it('has 6 face and 26 face/edge/corner neighbours', () => {
    expect(neighbourOffsets(6).length / 3).toBe(6);
    expect(neighbourOffsets(26).length / 3).toBe(26);
  });

  it('a diagonal chain of voxels is one component with 26- and three with 6-connectivity', () => {
    const m = mask(
      [5, 5, 5],
      [
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3],
      ],
    );
    expect(labelComponents(m, 26).count).toBe(1);
    const six = labelComponents(m, 6);
    expect(six.count).toBe(3);
    expect(six.sizes).toEqual([1, 1, 1]);
  });

  it('labels components largest first and finds the component holding a voxel', () => {
    const big: Vec3[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) big.push([i, j, 0]);
    const m = mask([8, 8, 3], [...big, [6, 6, 2], [7, 6, 2]]);
    const labels = labelComponents(m, 6);
    expect(labels.count).toBe(2);
    expect(labels.sizes).toEqual([12, 2]);
    expect(labels.labels[voxelIndex(m.size, 7, 6, 2)]).toBe(2);
    expect(labels.labels[voxelIndex(m.size, 0, 0, 0)]).toBe(1);
    expect(Array.from(componentAt(m, [6, 6, 2], 6))).toEqual([
      voxelIndex(m.size, 6, 6, 2),
      voxelIndex(m.size, 7, 6, 2),
    ]);
    expect(componentAt(m, [5, 5, 1]).length).toBe(0);
    expect(() => componentAt(m, [9, 0, 0])).toThrow(/outside/);
  });

  it('does not wrap around the image edge (voxel at i = nx-1 is not next to i = 0 of the next row)', () => {
    const m = mask(
      [4, 4, 1],
      [
        [3, 0, 0],
        [0, 1, 0],
      ],
    );
    expect(labelComponents(m, 26).count).toBe(2);
  });

  it('growRegion confined to a box reports that it touches the box', () => {
    const size: Vec3 = [10, 10, 10];
    const all = () => true;
    const { indices, touchesBox } = growRegion(
      size,
      voxelIndex(size, 5, 5, 5),
      all,
      6,
      [4, 6, 4, 6, 4, 6],
    );
    expect(indices.length).toBe(27);
    expect(touchesBox).toBe(true);
  });
});
