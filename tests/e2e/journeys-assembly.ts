/** End-to-end journeys of the assembly area (see all.ts). */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
