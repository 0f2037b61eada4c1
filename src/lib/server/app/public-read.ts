/**
 * Read use cases for the public pages (PRODUCT.md: read everything without an account). They return
 * plain data for the pages; the queries behind them live in server/db (the `PublicReadPort`).
 */

export type PhaseState = 'planned' | 'running' | 'finished';

/** A phase runs from its start until its end (or, without an end, until the next phase starts). */
export function phaseStates(phases: readonly { startsAt: string; endsAt: string | null }[], now: Date): PhaseState[] {
	const t = now.getTime();
	return phases.map((p, i) => {
		const start = new Date(p.startsAt).getTime();
		const next = phases[i + 1];
		const end = p.endsAt ? new Date(p.endsAt).getTime() : next ? new Date(next.startsAt).getTime() : Infinity;
		return t < start ? 'planned' : t < end ? 'running' : 'finished';
	});
}

export type RegionRow = {
	roundSlug: string;
	regionName: string;
	lorId: string;
	residents: number;
	budgetCents: number;
	proposals: number;
	phases: { key: string; startsAt: string; endsAt: string | null }[];
};

export type PublicReadPort = {
	districtBySlug(slug: string): Promise<{ id: string; slug: string; name: string } | null>;
	defaultDistrict(): Promise<{ id: string; slug: string; name: string } | null>;
	/** The rounds of the district's main programme in a year (one per region), with counts. */
	districtRounds(
		districtId: string,
		year: number | null
	): Promise<{ year: number; floorCents: number; populationDate: string | null; rows: RegionRow[] } | null>;
	roundBySlug(slug: string): Promise<{
		id: string;
		slug: string;
		year: number;
		budgetCents: number;
		districtSlug: string;
		districtName: string;
		programmeName: string;
		regionName: string;
		residents: number | null;
		phases: { key: string; startsAt: string; endsAt: string | null }[];
		proposals: { id: string; title: string; requestedCents: number | null; status: string }[];
	} | null>;
	proposalById(id: string): Promise<{
		id: string;
		title: string;
		description: string;
		benefit: string | null;
		channel: string;
		status: string;
		requestedCents: number | null;
		/** Entered by staff on the proposer's behalf (issue 4, assisted channels). */
		assisted: boolean;
		/** Where: a described place and/or a point inside the region (issue 4). */
		placeDescription: string | null;
		point: [number, number] | null;
		costItems: { label: string; category: string; amountCents: number }[];
		history: { status: string; at: string }[];
		roundSlug: string;
		regionName: string;
		districtName: string;
		programmeName: string;
		year: number;
	} | null>;
};

type Phase = { key: string; startsAt: string; endsAt: string | null };
const withStates = (phases: Phase[], now: Date): (Phase & { state: PhaseState })[] => {
	const states = phaseStates(phases, now);
	return phases.map((p, i) => ({ ...p, state: states[i] ?? 'planned' }));
};

export async function homePage(port: PublicReadPort, now: Date) {
	const district = await port.defaultDistrict();
	if (!district) return { district: null, upcoming: [] };
	const overview = await port.districtRounds(district.id, null);
	const rows = overview?.rows ?? [];
	const upcoming = rows
		.flatMap((r) =>
			r.phases
				.filter((p) => new Date(p.startsAt) >= now)
				.map((p) => ({ date: p.startsAt, phase: p.key, roundSlug: r.roundSlug, regionName: r.regionName }))
		)
		.sort((a, b) => a.date.localeCompare(b.date) || a.regionName.localeCompare(b.regionName, 'de'))
		.slice(0, 6);
	return {
		district: {
			slug: district.slug,
			name: district.name,
			rounds: rows.length,
			totalCents: rows.reduce((s, r) => s + r.budgetCents, 0)
		},
		upcoming
	};
}

export async function districtPage(port: PublicReadPort, slug: string, now: Date, year: number | null = null) {
	const district = await port.districtBySlug(slug);
	if (!district) return { kind: 'not_found' } as const;
	const overview = await port.districtRounds(district.id, year);
	if (!overview) return { kind: 'not_found' } as const;
	const rows = overview.rows.map((r) => {
		const phases = withStates(r.phases, now);
		const current = phases.find((p) => p.state === 'running') ?? phases.find((p) => p.state === 'planned');
		// Only what the page shows: the phase list stays on the server (smaller page and hydration data).
		const { phases: _all, ...shown } = r;
		return { ...shown, phase: current?.key ?? null };
	});
	return {
		kind: 'ok',
		value: {
			district,
			year: overview.year,
			floorCents: overview.floorCents,
			populationDate: overview.populationDate,
			rows,
			totalCents: rows.reduce((s, r) => s + r.budgetCents, 0),
			totalResidents: rows.reduce((s, r) => s + r.residents, 0),
			totalProposals: rows.reduce((s, r) => s + r.proposals, 0)
		}
	} as const;
}

export async function roundPage(port: PublicReadPort, slug: string, now: Date) {
	const round = await port.roundBySlug(slug);
	if (!round) return { kind: 'not_found' } as const;
	const { proposals, ...rest } = round;
	return {
		kind: 'ok',
		value: {
			round: {
				...rest,
				phases: withStates(round.phases, now),
				ideasOpen: withStates(round.phases, now).some((p) => p.key === 'ideas' && p.state === 'running'),
				requestedCents: proposals.filter((p) => p.status !== 'withdrawn').reduce((s, p) => s + (p.requestedCents ?? 0), 0)
			},
			proposals
		}
	} as const;
}

export async function proposalPage(port: PublicReadPort, id: string) {
	const proposal = await port.proposalById(id);
	return proposal ? ({ kind: 'ok', value: { proposal } } as const) : ({ kind: 'not_found' } as const);
}
