/** End-to-end journeys of the follow area (issue 8); each journey's name starts with "follow:" so E2E_ONLY picks them. */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
