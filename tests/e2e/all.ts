/** Every journey the e2e run knows, in run order; each area keeps its own file so work on them does not collide. */
import type { Journey } from './harness.ts';
import { journeys as base } from './journeys.ts';
import { journeys as engage } from './journeys-engage.ts';
import { journeys as office } from './journeys-office.ts';
import { journeys as programmes } from './journeys-programmes.ts';
import { journeys as ideaform } from './journeys-ideaform.ts';
import { journeys as voting } from './journeys-voting.ts';
import { journeys as assembly } from './journeys-assembly.ts';
import { journeys as calendar } from './journeys-calendar.ts';

export const journeys: Journey[] = [...base, ...ideaform, ...engage, ...office, ...programmes, ...voting, ...assembly, ...calendar];
