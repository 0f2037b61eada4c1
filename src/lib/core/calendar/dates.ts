/**
 * Participation dates derived from the phases of rounds (issue 8 calendar): each phase becomes a dated
 * entry with its local (Berlin) first and last day and a status derived from the dates. Pure: "now" and the
 * time zone come in as arguments.
 */

export type PhaseInput = { key: string; startsAt: string; endsAt: string | null };
export type RoundInput = { slug: string; title: string; regionId: string | null; phases: PhaseInput[] };

export type DateStatus = 'planned' | 'running' | 'finished';

export type ParticipationDate = {
	uid: string;
	roundSlug: string;
	roundTitle: string;
	regionId: string | null;
	phase: string;
	first: string;
	last: string;
	startsAt: string;
	/** Exclusive end instant, or null for an open-ended phase. */
	endsAt: string | null;
	status: DateStatus;
};

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function localDay(instant: Date, timeZone: string): string {
	// en-CA formats as YYYY-MM-DD; Intl is deterministic for a given instant and zone.
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Phases that are not participation dates (a closed round has no end to subscribe to). */
const SKIP = new Set(['closed']);

export function participationDates(rounds: readonly RoundInput[], now: Date, timeZone = 'Europe/Berlin'): ParticipationDate[] {
	const out: ParticipationDate[] = [];
	for (const r of rounds) {
		r.phases.forEach((p, i) => {
			if (SKIP.has(p.key)) return;
			const next = r.phases[i + 1];
			const endsAt = p.endsAt ?? next?.startsAt ?? null;
			const start = new Date(p.startsAt);
			// The end is exclusive: a phase ending at midnight ends on the day before.
			const lastInstant = endsAt ? new Date(Math.max(start.getTime(), new Date(endsAt).getTime() - 1)) : start;
			const t = now.getTime();
			const status: DateStatus = t < start.getTime() ? 'planned' : endsAt === null || t < new Date(endsAt).getTime() ? 'running' : 'finished';
			out.push({
				uid: `${r.slug}-${p.key}`,
				roundSlug: r.slug,
				roundTitle: r.title,
				regionId: r.regionId,
				phase: p.key,
				first: localDay(start, timeZone),
				last: localDay(lastInstant, timeZone),
				startsAt: p.startsAt,
				endsAt,
				status
			});
		});
	}
	return out.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.uid < b.uid ? -1 : 1));
}
