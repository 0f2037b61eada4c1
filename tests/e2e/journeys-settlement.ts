/** End-to-end journeys of the settlement area; each journey's name starts with "settlement:" so E2E_ONLY picks them. */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
