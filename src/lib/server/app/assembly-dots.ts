/**
 * Dot voting from phones at a Kiezkassenversammlung (issue 5: "one-time QR codes handed out at the door;
 * attendees place their points; paper dots are added as counts; results appear when the moderator closes").
 * The moderator prints cards with one-time codes; an attendee scans one, places up to k points on the agenda
 * and sends them once. The phones' points stay hidden until the close, when they are added to the paper dots
 * and the tally engine decides (assembly.ts `withPhoneDots`, `decide`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { can, type Actor } from '../../core/access/policy.ts';
import { dotCodeFromBytes, parseDotCode } from '../../core/assembly/dot-codes.ts';
import { checkBallot, type BallotProblem } from '../../core/ballot/ballot.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/assembly.ts';
import * as dots from '../db/repositories/assembly-dots.ts';

export const MAX_DOT_CODES = 500;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);
export const hashDotCode = (code: string) => createHash('sha256').update(`assembly-dots\u0000${code}`).digest('hex');

function newCode(): string {
	for (;;) {
		const c = dotCodeFromBytes(randomBytes(48));
		if (c) return c;
	}
}

async function moderated(db: Db, actor: Actor | null, id: string) {
	if (!isUuid(id)) return { kind: 'not_found' } as const;
	const found = await repo.assemblyWithRound(db, id);
	if (!found) return { kind: 'not_found' } as const;
	const r = found.round;
	const d = can(actor, 'assembly.moderate', { districtId: r.districtId, regionId: r.regionId ?? undefined, roundId: r.id });
	if (!d.allowed || !actor) return { kind: 'forbidden' } as const;
	return { kind: 'ok', actor, a: found.a, round: r } as const;
}

export type DotCastOutcome =
	| { kind: 'not_found' }
	| { kind: 'not_running' }
	| { kind: 'invalid'; errors: Record<string, string>; problems: BallotProblem[]; values: Record<string, string> }
	| { kind: 'ok' };

export function createAssemblyDots(db: Db, now: () => Date) {
	return {
		/** Codes for the door, returned once as plaintext for the PDF; only their hashes are kept. */
		async dotCodes(actor: Actor | null, id: string, form: FormData) {
			const s = await moderated(db, actor, id);
			if (s.kind !== 'ok') return s;
			if (s.a.method.method !== 'dots' || s.a.state === 'closed') return { kind: 'conflict' } as const;
			const raw = String(form.get('dot-count') ?? form.get('count') ?? '').trim().slice(0, 6);
			const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
			if (!(n >= 1 && n <= MAX_DOT_CODES)) return { kind: 'invalid', errors: { count: 'assembly_dots_error_count' }, value: raw } as const;
			const codes = Array.from({ length: n }, newCode);
			await dots.insertDotCodes(db, { assemblyId: id, roundId: s.round.id, districtId: s.round.districtId, by: s.actor.userId, hashes: codes.map(hashDotCode) }, now());
			return { kind: 'ok', codes, sitting: s.a.sitting, place: s.a.place, points: s.a.method.points, heldAt: s.a.heldAt } as const;
		},
		/** For the moderator page: how many codes went out and how many phones voted — never their points. */
		async dotStatus(actor: Actor | null, id: string) {
			const s = await moderated(db, actor, id);
			if (s.kind !== 'ok') return null;
			return s.a.method.method === 'dots' ? dots.dotCounts(db, id) : null;
		},
		/** The phone page: the agenda and how many points each attendee has. Public, like the projector. */
		async phoneBallot(id: string) {
			if (!isUuid(id)) return null;
			const found = await repo.assemblyWithRound(db, id);
			if (!found || found.a.method.method !== 'dots') return null;
			const items = await repo.items(db, id);
			return {
				id,
				state: found.a.state as 'preparing' | 'running' | 'closed',
				points: found.a.method.points,
				place: found.a.place,
				sitting: found.a.sitting,
				roundSlug: found.round.slug,
				items: items.map((it) => ({ id: it.proposalId, title: it.title, requestedCents: it.requestedCents }))
			};
		},
		/** An attendee's points with their one-time code: checked like a cumulative ballot (k points in all). */
		async castDots(id: string, form: FormData): Promise<DotCastOutcome> {
			if (!isUuid(id)) return { kind: 'not_found' };
			const found = await repo.assemblyWithRound(db, id);
			if (!found || found.a.method.method !== 'dots') return { kind: 'not_found' };
			if (found.a.state !== 'running') return { kind: 'not_running' };
			const k = found.a.method.points;
			const items = await repo.items(db, id);
			const values: Record<string, string> = {};
			const choices = [];
			for (const it of items) {
				const v = String(form.get(`p.${it.proposalId}`) ?? '').trim().slice(0, 6);
				if (v === '') continue;
				values[it.proposalId] = v;
				choices.push({ projectId: it.proposalId, points: /^\d+$/.test(v) ? Number(v) : -1 });
			}
			const rawCode = String(form.get('code') ?? '').slice(0, 60);
			values.code = rawCode;
			const code = parseDotCode(rawCode);
			const errors: Record<string, string> = {};
			if (!code) errors.code = 'assembly_dots_error_code';
			const checked = checkBallot({ kind: 'cumulative', totalPoints: k, maxPerProject: k }, items.map((it) => ({ id: it.proposalId, costCents: it.requestedCents })), choices);
			if (checked.ok && checked.choices.every((c) => c.points === 0)) errors.form = 'assembly_dots_error_empty';
			if (!checked.ok || !code || Object.keys(errors).length) return { kind: 'invalid', errors, problems: checked.ok ? [] : checked.problems, values };
			const points = Object.fromEntries(checked.choices.filter((c) => c.points > 0).map((c) => [c.projectId, c.points]));
			const r = await dots.castDots(db, id, hashDotCode(code), points);
			if (r === 'ok') return { kind: 'ok' };
			if (r === 'not_running') return { kind: 'not_running' };
			return { kind: 'invalid', errors: { code: r === 'used' ? 'assembly_dots_error_used' : 'assembly_dots_error_unknown' }, problems: [], values };
		}
	};
}
