/**
 * Phases of a round over time (ARCHITECTURE house rule 6: one table says what each phase allows; changing
 * phase is an explicit use case that validates the timeline). Pure: `now` comes in as an argument.
 *
 * - `PHASE_ALLOWS` (programme.ts) says what residents and staff may do while a phase runs.
 * - `PHASE_LOCKS_VOTING_RULES` says which phases freeze the rules that decide how votes count once they have
 *   started (PRODUCT.md "Rules are locked once voting opens"; an assembly is where a Kiezkasse votes).
 * - Phases only move forward: the next phase can be started early, a started phase keeps its start, a
 *   finished phase keeps its end (the timeline is published; residents plan by it).
 */
import { PHASE_ALLOWS, PHASES, type PhaseCapability, type PhaseKey } from './programme.ts';

export type Phase = { key: string; startsAt: string; endsAt: string | null };

export const PHASE_LOCKS_VOTING_RULES: Record<PhaseKey, boolean> = {
	announcement: false,
	ideas: false,
	review: false,
	assembly: true,
	voting: true,
	implementation: false,
	settlement: false,
	closed: false
};

/** The capability table for display: each phase with what it allows and whether it locks the voting rules. */
export function phaseTable(): { key: PhaseKey; allows: readonly PhaseCapability[]; locksVotingRules: boolean }[] {
	return PHASES.map((key) => ({ key, allows: PHASE_ALLOWS[key], locksVotingRules: PHASE_LOCKS_VOTING_RULES[key] }));
}

const t = (iso: string) => new Date(iso).getTime();
const isPhaseKey = (k: string): k is PhaseKey => (PHASES as readonly string[]).includes(k);

/** When a phase ends: its own end, or (without one) the start of the next phase, as public-read's phaseStates. */
function endOf(phases: readonly Phase[], i: number): number {
	const p = phases[i]!;
	if (p.endsAt) return t(p.endsAt);
	const next = phases[i + 1];
	return next ? t(next.startsAt) : Infinity;
}

/** A round is over when every phase has ended; its results are stored with the rule they were counted by. */
export function roundOver(phases: readonly Phase[], now: Date): boolean {
	return phases.length > 0 && phases.every((_, i) => endOf(phases, i) <= now.getTime());
}

/** Whether this round, at `now`, forbids changing the voting rules: a locking phase started and the round is not over. */
export function roundLocksVotingRules(phases: readonly Phase[], now: Date): PhaseKey | null {
	if (roundOver(phases, now)) return null;
	const started = phases.find((p) => isPhaseKey(p.key) && PHASE_LOCKS_VOTING_RULES[p.key] && t(p.startsAt) <= now.getTime());
	return started ? (started.key as PhaseKey) : null;
}

/** The programme's voting rules are locked while any of its rounds locks them; the answer names the round. */
export function votingRulesLock<R extends { phases: readonly Phase[] }>(rounds: readonly R[], now: Date): { round: R; phase: PhaseKey } | null {
	for (const round of rounds) {
		const phase = roundLocksVotingRules(round.phases, now);
		if (phase) return { round, phase };
	}
	return null;
}

export type PhaseState = 'planned' | 'running' | 'finished';
export function phaseStatesAt(phases: readonly Phase[], now: Date): PhaseState[] {
	const n = now.getTime();
	return phases.map((p, i) => (n < t(p.startsAt) ? 'planned' : n < endOf(phases, i) ? 'running' : 'finished'));
}

/** The phase that can be started now by hand: the first one that has not started. */
export function nextPhase(phases: readonly Phase[], now: Date): Phase | null {
	return phases.find((p) => t(p.startsAt) > now.getTime()) ?? null;
}

export type StartPhaseError = 'unknown_phase' | 'already_started' | 'not_next';

/**
 * Starts `key` now. Only the next phase may start (no skipping, no going back); phases before it that still
 * run end now, so no two phases of the sequence overlap by accident.
 */
export function startPhase(phases: readonly Phase[], key: string, now: Date): { ok: true; phases: Phase[] } | { ok: false; error: StartPhaseError } {
	const i = phases.findIndex((p) => p.key === key);
	if (i < 0) return { ok: false, error: 'unknown_phase' };
	const n = now.getTime();
	if (t(phases[i]!.startsAt) <= n) return { ok: false, error: 'already_started' };
	if (nextPhase(phases, now)?.key !== key) return { ok: false, error: 'not_next' };
	const iso = now.toISOString();
	const out = phases.map((p, j) => {
		if (j < i && endOf(phases, j) > n) return { ...p, endsAt: iso };
		if (j === i) return { ...p, startsAt: iso, endsAt: p.endsAt && t(p.endsAt) > n ? p.endsAt : null };
		return { ...p };
	});
	return { ok: true, phases: out };
}

export type TimelineIssueCode = 'invalid_date' | 'end_before_start' | 'phase_order' | 'started_fixed' | 'finished_fixed' | 'start_in_past' | 'end_in_past';
export type TimelineIssue = { field: string; code: TimelineIssueCode };

/**
 * Checks new dates for a round's phases (same keys, same order) against the old ones at `now`. Field names:
 * `phases.<key>.start` / `.end`. Starting a phase now is `startPhase`, not a date edit, so a date edit may not
 * put an unstarted phase's start into the past.
 */
export function checkTimeline(before: readonly Phase[], after: readonly Phase[], now: Date): TimelineIssue[] {
	const issues: TimelineIssue[] = [];
	const n = now.getTime();
	after.forEach((p, i) => {
		const old = before.find((b) => b.key === p.key);
		const f = `phases.${p.key}`;
		const start = t(p.startsAt);
		const end = p.endsAt === null ? null : t(p.endsAt);
		if (Number.isNaN(start)) {
			issues.push({ field: `${f}.start`, code: 'invalid_date' });
			return;
		}
		if (end !== null && Number.isNaN(end)) {
			issues.push({ field: `${f}.end`, code: 'invalid_date' });
			return;
		}
		if (old) {
			const oldStart = t(old.startsAt);
			const oldIdx = before.indexOf(old);
			const oldEnd = endOf(before, oldIdx);
			if (oldStart <= n && start !== oldStart) issues.push({ field: `${f}.start`, code: 'started_fixed' });
			else if (oldStart > n && start !== oldStart && start <= n) issues.push({ field: `${f}.start`, code: 'start_in_past' });
			const endChanged = (old.endsAt === null ? null : t(old.endsAt)) !== end;
			if (endChanged && old.endsAt !== null && oldEnd <= n) issues.push({ field: `${f}.end`, code: 'finished_fixed' });
			else if (endChanged && end !== null && end <= n) issues.push({ field: `${f}.end`, code: 'end_in_past' });
		}
		if (end !== null && end <= start) issues.push({ field: `${f}.end`, code: 'end_before_start' });
		const prev = after[i - 1];
		if (prev && start < t(prev.startsAt)) issues.push({ field: `${f}.start`, code: 'phase_order' });
	});
	return issues;
}

/** What changed, for the audit log. */
export function diffPhases(before: readonly Phase[], after: readonly Phase[]): { key: string; startsAt?: [string, string]; endsAt?: [string | null, string | null] }[] {
	const out: { key: string; startsAt?: [string, string]; endsAt?: [string | null, string | null] }[] = [];
	for (const a of after) {
		const b = before.find((x) => x.key === a.key);
		if (!b) continue;
		const change: (typeof out)[number] = { key: a.key };
		if (t(b.startsAt) !== t(a.startsAt)) change.startsAt = [b.startsAt, a.startsAt];
		const be = b.endsAt === null ? null : t(b.endsAt);
		const ae = a.endsAt === null ? null : t(a.endsAt);
		if (be !== ae) change.endsAt = [b.endsAt, a.endsAt];
		if (change.startsAt || change.endsAt) out.push(change);
	}
	return out;
}
