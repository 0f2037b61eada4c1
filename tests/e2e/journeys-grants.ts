/** End-to-end journeys of the grants area; each journey's name starts with "grants:" so E2E_ONLY picks them. */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
