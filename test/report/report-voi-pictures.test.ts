// The VOI pictures as the report embeds them: each plane an inline SVG holding a PNG data URI
// (decoded by the independent Python reader) with the orientation letters. A bright voxel at the
// patient's left must show in the half of the decoded picture where the letter L is drawn. And
// the report's other signing aids: the sign-off block inside the decision, the DICOM patient in
// the header, the series table.
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../src/core/volume.ts';
import { voiPicture, type PicturePlane } from '../../src/imaging/voi-picture.ts';
import { renderReportHtml } from '../../src/report/study/html-report.ts';
import { renderPlaneSvg } from '../../src/report/study/report-voi-pictures.ts';
import { decodePngWithPython, hasPython, warnMissing } from '../helpers/external-tools.ts';
import { makeResults } from './fixture.ts';
import { svgElements, xmlProblems } from './xml-check.ts';

const python = hasPython();

/** 2 mm PET, LPS-ordered: a 3-voxel cube VOI at the centre and a hot voxel 20 mm to the left. */
function picture() {
  const size = [41, 41, 41] as const;
  const pet: Volume = {
    size,
    spacingMm: [2, 2, 2],
    originLps: [-40, -40, -40],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data: new Float32Array(41 ** 3),
  };
  const at = (i: number, j: number, k: number) => i + 41 * (j + 41 * k);
  for (let k = 19; k <= 21; k++)
    for (let j = 19; j <= 21; j++) for (let i = 19; i <= 21; i++) pet.data[at(i, j, k)] = 1000;
  pet.data[at(30, 20, 20)] = 900; // x = +20 mm: the patient's left
  const mask: Volume<Uint8Array> = {
    size: [3, 3, 3],
    spacingMm: [2, 2, 2],
    originLps: [-2, -2, -2],
    direction: pet.direction,
    data: new Uint8Array(27).fill(1),
  };
  return voiPicture(pet, null, { mask, maxConcBqPerMl: 1000 });
}

function attribute(tag: string, name: string): number {
  return Number(new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1]);
}

describe('a plane as the report draws it', () => {
  const pic = picture();
  const axial = pic.planes[0] as PicturePlane;
  const svg = renderPlaneSvg(axial, pic.fieldMm, 'axial test');

  it('is well-formed SVG sized in mm, with a 10 mm scale bar', () => {
    expect(xmlProblems(svg)).toEqual([]);
    const width = axial.width * axial.pixelMm[0];
    expect(svg).toContain(`viewBox="0 0 ${Number(width.toFixed(2))} `);
    expect(svg).toMatch(/<rect [^>]*width="10"/);
    expect(svg).toContain('>10 mm</text>');
  });

  it('draws the patient-left voxel on the side of the letter L (decoded PNG)', () => {
    if (!python) {
      warnMissing('python3', 'PNG decode of the embedded picture');
      return;
    }
    const png = /href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1] ?? '';
    const info = decodePngWithPython(Buffer.from(png, 'base64'));
    const rgb = info.rgb;
    expect(Buffer.compare(rgb, Buffer.from(axial.rgb))).toBe(0);
    // The marker: the brightest red pixels outside the central VOI block.
    let markerU = -1;
    for (let n = 0; n < info.width * info.height; n++) {
      const u = n % info.width;
      const v = Math.floor(n / info.width);
      const central = Math.abs(u - info.width / 2) < info.width / 8;
      if (!central && (rgb[3 * n] ?? 0) > 150 && Math.abs(v - info.height / 2) < 5) markerU = u;
    }
    const tags = [...svg.matchAll(/<text [^>]*>([A-Z])<\/text>/g)];
    const letterL = tags.find((t) => t[1] === 'L')?.[0] ?? '';
    const letterR = tags.find((t) => t[1] === 'R')?.[0] ?? '';
    const width = axial.width * axial.pixelMm[0];
    expect(markerU).toBeGreaterThan(info.width / 2);
    expect(attribute(letterL, 'x')).toBeGreaterThan(width / 2);
    expect(attribute(letterR, 'x')).toBeLessThan(width / 2);
  });
});

describe('the report with pictures and provenance', () => {
  const results = makeResults();
  results.patient.dicom = {
    name: 'Doe^Alice',
    id: 'MRN123',
    birthDate: '1961-07-14',
    sex: 'F',
    matchesManifestId: false,
    consistent: true,
    series: ['pet24 PET'],
  };
  const pet = {
    modality: 'PT',
    seriesInstanceUid: '1.2.3.4.5',
    studyInstanceUid: '1.2.3.4',
    frameOfReferenceUid: '1.2.3.9',
    seriesDescription: 'PET WB',
    seriesNumber: 2,
    scanner: { manufacturer: 'ACME', model: 'Scan 9000', stationName: null },
    reconstruction: {
      method: 'OSEM 4i16s',
      convolutionKernel: null,
      sliceThicknessMm: 4,
      pixelSpacingMm: [4, 4] as [number, number],
      sliceSpacingMm: 4,
      matrix: { columns: 128, rows: 128, slices: 100 },
    },
    files: 100,
  };
  results.provenance.scans = [{ id: 'pet24', pet, ct: null }];
  results.provenance.recovery = { path: './rc.json', sha256: 'ab'.repeat(32), scanner: {} };
  const pic = picture();
  const html = renderReportHtml(results, {
    pictures: [
      { lesionId: 'L1', scanId: 'pet24', picture: pic },
      { lesionId: 'L1', scanId: 'pet108', picture: pic },
    ],
  });

  it('embeds three planes per scan and stays one self-contained file', () => {
    expect(html).toContain('<section id="voi-pictures">');
    expect(html.match(/href="data:image\/png;base64,/g)).toHaveLength(6);
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|@import|url\(http|href="http/i);
    for (const svg of svgElements(html)) expect(xmlProblems(svg)).toEqual([]);
    expect(html).toContain("Radiological convention: the patient's right on the image's left");
  });

  it('ends the decision section with empty reviewed-by, date and signature lines', () => {
    const start = html.indexOf('<section class="decision');
    const decision = html.slice(start, html.indexOf('</section>', start));
    expect(decision).toContain('Reviewed by (name)');
    expect(decision).toContain('>Date<');
    expect(decision).toContain('>Signature<');
  });

  it('shows the DICOM patient beside the manifest id, flagged when they differ', () => {
    const header = html.slice(0, html.indexOf('</header>'));
    expect(header).toContain('Patient (manifest)');
    expect(header).toContain('Doe^Alice');
    expect(header).toContain('MRN123');
    expect(header).toContain('1961-07-14');
    expect(header).toContain('Patient ID differs from the manifest');
  });

  it('lists the series and recovery file used', () => {
    expect(html).toContain('1.2.3.4.5');
    expect(html).toContain('OSEM 4i16s');
    expect(html).toContain('ACME Scan 9000');
    expect(html).toContain('128 &times; 128 &times; 100');
    expect(html).toContain('<code>./rc.json</code>');
    expect(html).toContain('ab'.repeat(32));
  });
});
