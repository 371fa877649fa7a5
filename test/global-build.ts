// Vitest global setup: compiles src/ to dist/ before any test runs (scripts/fresh-dist.ts),
// because bin/iodose runs dist/cli/main.js and the tests that spawn it (test/cli/demo-and-bin,
// kill-outputs) or pack the package (test/package) must check the JavaScript of the sources as
// they are now. Done here, not only in `npm test`, so that `npx vitest run test/cli` cannot run
// a stale dist/ either. (Running those tests on the sources through tsx would skip the build but
// would no longer test the executable that users run.)
import { freshDist } from '../scripts/fresh-dist.ts';

export default function setup(): void {
  freshDist();
}
