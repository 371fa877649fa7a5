/** Navigation the pages use (main.ts owns the routes and listens): no import cycle. */

export type Cleanup = () => void;

/** Re-renders the current route (after a change the page shows). */
export function refresh(): void {
  window.dispatchEvent(new Event('iodose:refresh'));
}

/** Goes to `hash` ("#/tp/3/seeds"), or re-renders when it is already there. */
export function navigate(hash: string): void {
  if (location.hash === hash) refresh();
  else location.hash = hash;
}
