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
import { journeys as evaluation } from './journeys-evaluation.ts';
import { journeys as grants } from './journeys-grants.ts';
import { journeys as settlement } from './journeys-settlement.ts';
import { journeys as record } from './journeys-record.ts';
import { journeys as orgs } from './journeys-orgs.ts';
import { journeys as follow } from './journeys-follow.ts';

const ordered: Journey[] = [...base, ...ideaform, ...engage, ...office, ...programmes, ...voting, ...assembly, ...calendar, ...evaluation, ...grants, ...settlement, ...record, ...orgs, ...follow];
// The staff-route table crawls the pages the other journeys left behind, so it runs after all of them.
const last = (j: Journey) => j.name.includes('(runs last');
export const journeys: Journey[] = [...ordered.filter((j) => !last(j)), ...ordered.filter(last)];
