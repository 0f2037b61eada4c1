/** End-to-end journeys of the orgs area (issue 8); each journey's name starts with "orgs:" so E2E_ONLY picks them. */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
