/**
 * The isodose picture of a lesion as the report shows it: the axial plane (imaging/
 * dose-picture.ts) as a PNG inside an inline SVG with the orientation letters and a scale bar
 * (as the VOI pictures, report-voi-pictures.ts), and beneath it a legend of the isodose levels
 * in their colours, the ones above the slice maximum marked "not reached".
 */
import type { DosePicture } from '../../imaging/dose-picture.ts';
import { escapeHtml, formatGiven, formatNumber, formatQuantity } from '../format.ts';
import { px } from '../svg/svg-legend.ts';
import { renderPlaneSvg } from './report-voi-pictures.ts';

const ROW = 15;
const COLUMN = 58;

/** The levels legend: a line sample and label per level drawn, then the levels not reached (SVG). */
export function isodoseLegendSvg(picture: DosePicture): string {
  const drawn = picture.levels.filter((level) => level.drawn);
  const missing = picture.levels.filter((level) => !level.drawn);
  const items = drawn.map((level, n) => {
    const x = 4 + n * COLUMN;
    const colour = `rgb(${level.rgb.join(',')})`;
    return `<line x1="${px(x)}" y1="10" x2="${px(x + 18)}" y2="10" stroke="${colour}" stroke-width="3"/><text x="${px(x + 22)}" y="14" fill="#222">${escapeHtml(`${formatGiven(level.doseGy)} Gy`)}</text>`;
  });
  const gy = (levels: typeof drawn) => levels.map((l) => formatGiven(l.doseGy)).join(', ');
  if (missing.length > 0) {
    items.push(
      `<text x="${px(4 + drawn.length * COLUMN)}" y="14" fill="#777">${escapeHtml(`not reached: ${gy(missing)} Gy`)}</text>`,
    );
  }
  const width = 8 + drawn.length * COLUMN + (missing.length > 0 ? 90 + 30 * missing.length : 0);
  const name =
    drawn.length > 0
      ? `isodose lines at ${gy(drawn)} Gy`
      : 'no isodose level reached in this slice';
  const tail = missing.length > 0 ? `; not reached: ${gy(missing)} Gy` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="isodose-legend" viewBox="0 0 ${width} ${ROW + 6}" role="img" aria-label="${escapeHtml(name + tail)}" font-family="Helvetica, Arial, sans-serif" font-size="11">${items.join('')}</svg>`;
}

/** The figure (picture, legend, caption) of one lesion's isodose picture. */
export function renderDosePictureFigure(lesionId: string, picture: DosePicture): string {
  const where =
    picture.through === 'dose-maximum'
      ? 'through the VOI voxel of highest dose'
      : 'through the VOI centre';
  const label = `lesion ${lesionId}: axial dose map ${where}, isodose lines over the CT`;
  const plane = renderPlaneSvg(picture.plane, picture.fieldMm, label);
  const window = picture.ctWindow;
  const ct = picture.hasCt
    ? `CT in grey (W${formatGiven(window.widthHu)}/L${formatGiven(window.levelHu)} HU)`
    : 'No CT (black background)';
  const caption = `Lesion ${escapeHtml(lesionId)}: axial slice ${where} (LPS z ${formatNumber(picture.centreLps[2])} mm), dose at ${formatQuantity(picture.activityGBq, 'GBq', 'given')}. ${ct}; dose wash: each band between two isodose levels in the lower level's colour at ${Math.round(100 * picture.washOpacity)}% opacity; lines: isodose levels; <span style="color:#00a0a0;font-weight:bold">cyan</span>: VOI outline. Maximum ${formatQuantity(picture.voiMaxGy, 'Gy')} in the VOI, ${formatQuantity(picture.sliceMaxGy, 'Gy')} in this slice (interpolated).`;
  return `<figure class="dose-figure">${plane}${isodoseLegendSvg(picture)}<figcaption>${caption}</figcaption></figure>`;
}
