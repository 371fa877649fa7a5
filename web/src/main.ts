/**
 * The iodose browser UI (issue 10): hash routes over the pages, each a plain DOM module that
 * renders into #app and returns a clean-up (the viewer's destroy). Talks to `iodose serve` over
 * HTTP only (api.ts); the JSON contract is src/server/api-types.ts.
 */
import './style.css';
import { h, replace } from './dom.ts';
import { errorText } from './errors.ts';
import { asApiError } from './api.ts';
import { renderPatients } from './pages/patients.ts';
import { renderImport } from './pages/import.ts';
import { renderSessions } from './pages/sessions.ts';
import { renderSeeds } from './pages/seeds.ts';
import { renderData } from './pages/data.ts';
import { renderRun } from './pages/run.ts';
import { renderResults } from './pages/results.ts';
import { renderCohort } from './pages/cohort.ts';
import { renderAudit } from './pages/audit.ts';
import { renderSettings } from './pages/settings.ts';
import type { Cleanup } from './router.ts';

type Page = (root: HTMLElement, params: number[]) => Promise<Cleanup | void>;

const routes: [RegExp, Page][] = [
  [/^\/?$/, renderPatients],
  [/^\/tp\/(\d+)\/?$/, renderRun],
  [/^\/tp\/(\d+)\/import$/, renderImport],
  [/^\/tp\/(\d+)\/sessions$/, renderSessions],
  [/^\/tp\/(\d+)\/seeds$/, renderSeeds],
  [/^\/tp\/(\d+)\/seeds\/(\d+)$/, renderSeeds],
  [/^\/tp\/(\d+)\/data$/, renderData],
  [/^\/tp\/(\d+)\/run$/, renderRun],
  [/^\/runs\/(\d+)$/, renderResults],
  [/^\/cohort$/, renderCohort],
  [/^\/audit$/, renderAudit],
  [/^\/settings$/, renderSettings],
];

const root = document.getElementById('app') as HTMLElement;
let cleanup: Cleanup | void = undefined;
let generation = 0;

async function route(): Promise<void> {
  const path = decodeURIComponent(location.hash.replace(/^#/, ''));
  generation += 1;
  const mine = generation;
  if (cleanup) cleanup();
  cleanup = undefined;
  const match = routes
    .map(([pattern, page]) => ({ m: pattern.exec(path), page }))
    .find((r) => r.m !== null);
  if (!match || !match.m) {
    replace(root, h('p', {}, `No page at #${path}. `, h('a', { href: '#/' }, 'Patients')));
    return;
  }
  // The page is in the document while it renders, so the viewer measures a real size.
  const page = h('div', { class: 'page' }, h('p', { class: 'loading' }, 'Loading…'));
  replace(root, page);
  try {
    const done = await match.page(page, match.m.slice(1).map(Number));
    if (mine !== generation) {
      if (done) done();
      return;
    }
    cleanup = done;
  } catch (error) {
    if (mine !== generation) return;
    replace(page, h('p', { class: 'error-box', role: 'alert' }, errorText(asApiError(error))));
  }
}

window.addEventListener('hashchange', () => void route());
window.addEventListener('iodose:refresh', () => void route());
void route();
