// Issue 5: what a ballot shows of each project besides title and cost — the short text (start of the
// description), the whole description when the short text is cut, the first image with its alt text and
// size, the place description and the point on the round's area drawing. PGlite and PostgreSQL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { proposal, proposalFile } from '../../src/lib/server/db/schema/index.ts';
import { roundArea, roundForSubmission } from '../../src/lib/server/db/repositories/proposals.ts';
import { boundsOf } from '../../src/lib/core/proposal/geo.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'stadtteilbudget-2026-altstadt-kietz';
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');
const LONG = `Ein Trinkbrunnen mit Leitungswasser für heiße Sommertage.\n\n${'Er steht im Schatten der Bäume am Schlossplatz und ist barrierefrei erreichbar. '.repeat(5)}`;

describe.each(BACKENDS)('ballot cards on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		v = createVoting(h.db, secrets, () => NOW);
	});
	afterAll(async () => {
		await h.close();
	});

	it('shows short text, full text, first image, place and point of each project', async () => {
		const s = await v.state(ROUND);
		if (s.kind !== 'open') throw new Error('not open');
		const id = (t: string) => s.config.projects.find((p) => p.title.startsWith(t))!.id;
		const fountain = id('Trinkbrunnen');
		const benches = id('Sitzbänke');
		// A point in the round's area, two images (the one at position 0 is first) and a place description.
		const r = await roundForSubmission(h.db, ROUND);
		const b = boundsOf(await roundArea(h.db, r!))!;
		const inside: [number, number] = [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2];
		await h.db.update(proposal).set({ description: LONG, location: { type: 'Point', coordinates: inside }, placeDescription: ' Schlossplatz, Ecke Uferweg ' }).where(eq(proposal.id, fountain));
		const img = (position: number, alt: string) => ({ proposalId: fountain, kind: 'image', position, mime: 'image/webp', width: 800, height: 600, sizeBytes: 3, sha256: 'x', alt, bytes: Buffer.from([1, 2, 3]) });
		await h.db.insert(proposalFile).values([img(1, 'Zweites Bild'), img(0, 'Brunnen am Platz')]);
		await h.db.insert(proposalFile).values({ ...img(0, 'Scan'), kind: 'scan', proposalId: benches });

		const { cards, area } = await v.cards(ROUND, s.config);
		expect(Object.keys(cards).sort()).toEqual(s.config.projects.map((p) => p.id).sort());
		const f = cards[fountain]!;
		expect(f.blurb.startsWith('Ein Trinkbrunnen mit Leitungswasser für heiße Sommertage. Er steht')).toBe(true);
		expect(f.blurb.endsWith('…')).toBe(true);
		expect(f.blurb.length).toBeLessThanOrEqual(201);
		expect(f.description).toBe(LONG);
		expect(f.image).toMatchObject({ alt: 'Brunnen am Platz', width: 800, height: 600 });
		expect(f.place).toBe('Schlossplatz, Ecke Uferweg');
		expect(area).not.toBeNull();
		expect(area!.path.length).toBeGreaterThan(10);
		expect(f.point!.x).toBeGreaterThanOrEqual(0);
		expect(f.point!.x).toBeLessThanOrEqual(area!.width);
		expect(f.point!.y).toBeGreaterThanOrEqual(0);
		expect(f.point!.y).toBeLessThanOrEqual(area!.height);
		// A short description is the whole short text; a scan of a paper form is never shown.
		expect(cards[benches]).toEqual({ blurb: 'Vier Bänke am Uferweg, damit ältere Menschen unterwegs ausruhen können.', description: null, place: null, image: null, point: null });
	});

	it('draws no area when no project has a point', async () => {
		await h.db.update(proposal).set({ location: null });
		const s = await v.state(ROUND);
		if (s.kind !== 'open') throw new Error('not open');
		const { area } = await v.cards(ROUND, s.config);
		expect(area).toBeNull();
	});
});
