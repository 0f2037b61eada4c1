/** End-to-end journeys of the voting area (see all.ts). */
import type { Journey } from './harness.ts';

export const journeys: Journey[] = [];
