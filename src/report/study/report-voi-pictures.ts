/**
 * The VOI pictures of the report: per lesion and scan the axial, coronal and sagittal PET/CT
 * planes through the VOI centre (imaging/voi-picture.ts), each a PNG (png.ts) inside an inline
 * SVG that adds the orientation letters, the plane name and a scale bar - so report.html stays
 * one self-contained file and the VOIs can be checked without a viewer.
 */
import { inferno } from '../../imaging/colour-map.ts';
import type { PicturePlane, VoiPicture } from '../../imaging/voi-picture.ts';
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml, formatNumber } from '../format.ts';
import { encodePngRgb } from '../png.ts';

/** One lesion's picture on one scan, as measure-lesions.ts gives it. */
export interface ReportPicture {
  lesionId: string;
  scanId: string;
  picture: VoiPicture;
}

/** CSS of the picture grid (screen and print). */
export const VOI_PICTURE_CSS = `
.voi-lesion { break-inside: avoid; margin: 2mm 0 3mm 0; }
.voi-grid { display: grid; grid-template-columns: 16mm repeat(3, minmax(0, 45mm)); gap: 1.2mm; align-items: center; }
.voi-grid .scan-label { font-size: 8pt; color: #333; }
.voi-grid svg { width: 100%; height: auto; display: block; background: #000; }
.voi-legend { display: flex; align-items: center; gap: 2mm; font-size: 8pt; color: #444; margin: 1mm 0 2mm 0; }
.voi-legend svg { width: 40mm; height: 3mm; display: block; }
`;

/** Scale bar length: 10, 20 or 50 mm, about a fifth of the field. */
function scaleBarMm(fieldMm: number): number {
  return fieldMm >= 200 ? 50 : fieldMm >= 90 ? 20 : 10;
}

function fmt(value: number): string {
  return Number(value.toFixed(2)).toString();
}

/** One plane as an inline SVG (coordinates in mm of the patient). */
export function renderPlaneSvg(plane: PicturePlane, fieldMm: number, label: string): string {
  const w = plane.width * plane.pixelMm[0];
  const h = plane.height * plane.pixelMm[1];
  const png = encodePngRgb(plane.width, plane.height, plane.rgb).toString('base64');
  const font = 0.075 * Math.min(w, h);
  const pad = 0.02 * Math.min(w, h);
  // White text on a dark translucent box: legible over black air, grey tissue and white bone.
  const tag = (
    x: number,
    y: number,
    anchor: 'start' | 'middle' | 'end',
    content: string,
    cls: string,
  ) => {
    const boxW = content.length * (content.length > 1 ? 0.52 : 0.7) * font + 0.5 * font;
    const boxX = anchor === 'start' ? x : anchor === 'end' ? x - boxW : x - boxW / 2;
    const textX = boxX + boxW / 2;
    return `<rect x="${fmt(boxX)}" y="${fmt(y)}" width="${fmt(boxW)}" height="${fmt(1.2 * font)}" rx="${fmt(font / 5)}" fill="#000" fill-opacity="0.55"/><text x="${fmt(textX)}" y="${fmt(y + 0.93 * font)}" text-anchor="middle" class="${cls}">${content}</text>`;
  };
  const bar = scaleBarMm(fieldMm);
  const barBox = Math.max(bar, 5 * 0.58 * 0.75 * font) + 2 * pad;
  const barRight = w - 2 * pad;
  const barY = h - pad - 0.45 * font;
  const e = plane.edges;
  const mid = (h - 1.2 * font) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${fmt(w)} ${fmt(h)}" role="img" aria-label="${escapeHtml(label)}" font-family="Helvetica, Arial, sans-serif" font-size="${fmt(font)}">
<image x="0" y="0" width="${fmt(w)}" height="${fmt(h)}" preserveAspectRatio="none" style="image-rendering: pixelated" href="data:image/png;base64,${png}"/>
<g fill="#fff" font-weight="bold">
${tag(pad, mid, 'start', e.left, 'edge-left')}
${tag(w - pad, mid, 'end', e.right, 'edge-right')}
${tag(w / 2, pad, 'middle', e.top, 'edge-top')}
${tag(w / 2, h - pad - 1.2 * font, 'middle', e.bottom, 'edge-bottom')}
${tag(pad, h - pad - 1.2 * font, 'start', plane.plane, 'plane-name')}
</g>
<g class="scale-bar"><rect x="${fmt(barRight - bar / 2 - barBox / 2)}" y="${fmt(barY - 1.05 * font)}" width="${fmt(barBox)}" height="${fmt(1.5 * font)}" rx="${fmt(font / 5)}" fill="#000" fill-opacity="0.55"/>
<rect x="${fmt(barRight - bar)}" y="${fmt(barY)}" width="${bar}" height="${fmt(font / 4)}" fill="#fff"/>
<text x="${fmt(barRight - bar / 2)}" y="${fmt(barY - 0.2 * font)}" text-anchor="middle" fill="#fff" font-size="${fmt(0.75 * font)}">${bar} mm</text></g>
</svg>`;
}

/** The PET colour scale: inferno from 0 to the VOI maximum. */
function legend(): string {
  const stops = Array.from({ length: 9 }, (_, n) => {
    const [r, g, b] = inferno(n / 8).map(Math.round) as [number, number, number];
    return `<stop offset="${n / 8}" stop-color="rgb(${r},${g},${b})"/>`;
  }).join('');
  return `<div class="voi-legend"><span>PET 0</span><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 3" preserveAspectRatio="none"><defs><linearGradient id="inferno-scale">${stops}</linearGradient></defs><rect width="40" height="3" fill="url(#inferno-scale)"/></svg><span>VOI maximum of that scan; <span style="color:#00a0a0;font-weight:bold">cyan</span>: VOI outline</span></div>`;
}

function scanAt(results: StudyResults, lesionId: string, scanId: string): string {
  const lesion = results.lesions.find((l) => l.id === lesionId);
  const at = lesion?.imaging?.scans.find((s) => s.scanId === scanId)?.at;
  return at === undefined ? '' : `<br>${escapeHtml(at.slice(0, 16).replace('T', ' '))}`;
}

/** Width x height a plane shows, mm. */
function shownMm(plane: PicturePlane | undefined): string {
  if (plane === undefined) return '-';
  const w = plane.width * plane.pixelMm[0];
  const h = plane.height * plane.pixelMm[1];
  return `${formatNumber(w)} &times; ${formatNumber(h)}`;
}

/** The pictures section body; empty string when there are none. */
export function renderVoiPictures(
  results: StudyResults,
  pictures: readonly ReportPicture[],
): string {
  if (pictures.length === 0) return '';
  const lesionIds = [...new Set(pictures.map((p) => p.lesionId))];
  const blocks = lesionIds.map((lesionId) => {
    const own = pictures.filter((p) => p.lesionId === lesionId);
    const site = results.lesions.find((l) => l.id === lesionId)?.site;
    const rows = own.map(({ scanId, picture }) => {
      const planes = picture.planes
        .map((plane) =>
          renderPlaneSvg(
            plane,
            picture.fieldMm,
            `lesion ${lesionId}, scan ${scanId}, ${plane.plane}`,
          ),
        )
        .join('\n');
      return `<div class="scan-label"><strong>${escapeHtml(scanId)}</strong>${scanAt(results, lesionId, scanId)}<br>max ${formatNumber(picture.petMaxBqPerMl / 1000)} kBq/mL${picture.hasCt ? '' : '<br>no CT'}</div>\n${planes}`;
    });
    const centre = own[0]?.picture.centreLps.map((v) => v.toFixed(0)).join(', ') ?? '';
    return `<div class="voi-lesion"><h3>Lesion ${escapeHtml(lesionId)}${site ? ` (${escapeHtml(site)})` : ''}</h3>
<div class="voi-grid">${rows.join('\n')}</div>
<p class="small muted">Planes through the VOI centre (first scan: LPS ${centre} mm); axial field ${shownMm(own[0]?.picture.planes[0])} mm (whole PET voxels around the centre voxel).</p></div>`;
  });
  const first = pictures[0]?.picture;
  const window = first?.ctWindow ?? { widthHu: 400, levelHu: 40 };
  const threshold =
    first === undefined ? 10 : (100 * first.petThresholdBqPerMl) / first.petMaxBqPerMl;
  return `${legend()}
<p class="small">Radiological convention: the patient's right on the image's left (axial seen from the feet, anterior up; sagittal with anterior on the left; superior up). CT in grey, window W${window.widthHu}/L${window.levelHu} HU; PET in colour (inferno) from 0 to the VOI maximum of each scan, not drawn below ${Math.round(threshold)}% of it so the CT shows through; one PET voxel is a block of pixels, so the cyan VOI outline follows the voxel edges. The field is three times the VOI's largest extent, at least 60 mm.</p>
${blocks.join('\n')}`;
}
