// The demo's Kiezkassen stay in the implementation phase whatever day the demo is seeded (seed.ts
// demoKiezkassePhases): the e2e journeys comment on and apply for their funded ideas.
import { describe, expect, it } from 'vitest';
import { demoKiezkassePhases } from '../../src/lib/server/app/seed.ts';
import { TEMPLATES, defaultPhaseDates } from '../../src/lib/core/process/programme.ts';

const phaseAt = (phases: { key: string; startsAt: string; endsAt: string | null }[], t: Date) =>
	phases.find((p) => Date.parse(p.startsAt) <= t.getTime() && (p.endsAt === null || t.getTime() < Date.parse(p.endsAt)))?.key;

describe('demo Kiezkasse phases', () => {
	const template = defaultPhaseDates(TEMPLATES.kiezkasse, 2026);

	it('keeps the template dates while the seed date is well inside the implementation phase', () => {
		expect(demoKiezkassePhases(template, 2026, new Date('2026-09-01T10:00:00Z'))).toEqual(template);
		expect(demoKiezkassePhases(template, 2026, new Date('2026-11-23T10:00:00Z'))).toEqual(template);
	});

	it.each(['2026-12-07T02:00:00Z', '2026-12-31T23:00:00Z', '2026-01-10T08:00:00Z', '2026-03-15T12:00:00Z', '2026-11-29T12:00:00Z'])(
		'on %s the rounds are in implementation with about two weeks left, phases as long as the template’s',
		(iso) => {
			const now = new Date(iso);
			const moved = demoKiezkassePhases(template, 2026, now);
			expect(phaseAt(moved, now)).toBe('implementation');
			const impl = moved.find((p) => p.key === 'implementation')!;
			expect(Date.parse(impl.endsAt!) - now.getTime()).toBeGreaterThanOrEqual(13 * 86_400_000);
			const length = (p: { startsAt: string; endsAt: string | null }) => Date.parse(p.endsAt!) - Date.parse(p.startsAt);
			expect(moved.map(length)).toEqual(template.map(length));
		}
	);
});
