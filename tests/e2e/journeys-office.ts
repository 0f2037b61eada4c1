/** End-to-end journeys of the office area (see all.ts). */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
