/** End-to-end journeys of the record area; each journey's name starts with "record:" so E2E_ONLY picks them. */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
