/** Inline CSS of the HTML report: screen and print (A4 portrait), no external resources. */
export const REPORT_CSS = `
@page { size: A4; margin: 13mm 11mm 14mm 11mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #1b1b1b; margin: 0 auto;
  max-width: 190mm; padding: 6mm 0; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 12pt; margin: 6mm 0 2mm 0; padding-bottom: 1mm; border-bottom: 1.5px solid #1f5fa8; color: #12406f; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm 0; break-after: avoid; }
p { margin: 1mm 0; }
.muted { color: #555; }
.small { font-size: 8.5pt; }
header.report-header { border-bottom: 2px solid #12406f; padding-bottom: 2mm; }
.header-grid { display: grid; grid-template-columns: repeat(4, auto); gap: 0.5mm 6mm; justify-content: start; font-size: 9.5pt; margin-top: 1.5mm; }
.header-grid .label { color: #555; }
.decision { border: 3px solid; border-radius: 2mm; padding: 3mm 4mm; margin: 4mm 0; break-inside: avoid; }
.decision.eligible { border-color: #2e7d32; background: #eef7ee; }
.decision.not-eligible { border-color: #b3261e; background: #fcefee; }
.verdict { font-size: 19pt; font-weight: bold; letter-spacing: 0.02em; margin-bottom: 1.5mm; }
.eligible .verdict { color: #1f5e22; }
.not-eligible .verdict { color: #8c1d18; }
.decision.not-assessable { border-color: #8a5300; background: #fff6e5; }
.not-assessable .verdict { color: #8a5300; }
ul.reasons { margin: 1mm 0 2mm; padding-left: 5mm; }
.code { color: #777; font-size: 7pt; font-family: monospace; }
h3.severity-critical { color: #8c1d18; }
h3.severity-warning { color: #8a5300; }
.decision dl { display: grid; grid-template-columns: 44mm 1fr; gap: 1mm 3mm; margin: 2mm 0 1mm 0; }
.decision dt { font-weight: bold; }
.decision dd { margin: 0; }
.provisional { font-weight: bold; color: #8a5300; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 1mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.lesions { font-size: 7.6pt; }
table.lesions th { font-size: 7.2pt; }
table.lesions tr.lesion-warnings td { border-bottom: 1px solid #d0d0d0; color: #8a5300; font-size: 7.4pt; padding-top: 0; }
table.lesions tr.has-warnings td { border-bottom: none; }
.reaches { font-weight: bold; color: #1f5e22; }
tr.binding td, tr.binding th { font-weight: bold; }
table.lesions td.site, table.lesions th.site { min-width: 24mm; }
table.kv { width: auto; min-width: 60%; }
table.kv th { width: 62mm; background: none; font-weight: normal; color: #444; }
table.settings { font-size: 8pt; }
.changed { font-weight: bold; color: #8a5300; }
.plots { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #e0e0e0; }
figcaption { font-size: 8pt; color: #444; margin-top: 0.5mm; }
ul.warnings { margin: 1mm 0; padding-left: 5mm; }
ul.warnings li { margin: 0.6mm 0; }
.warn-source { font-weight: bold; color: #8a5300; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8pt; }
.hash { word-break: break-all; }
table.settings td:first-child { white-space: nowrap; }
footer { margin-top: 6mm; font-size: 8pt; color: #666; border-top: 1px solid #ccc; padding-top: 1.5mm; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } section { break-inside: auto; } }
`;
