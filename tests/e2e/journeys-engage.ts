/** End-to-end journeys of the engage area (see all.ts). */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
