// Issue 8, organisations: directory and profile, creating and joining, accepting members, staff verification
// (audited), the contact form through the outbox with Reply-To, the rule for acting for an organisation on
// the idea form, and concurrent join requests — on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { orgsService, type OrgsService } from '../../src/lib/server/app/orgs.ts';
import { submitIdea } from '../../src/lib/server/app/ideas.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { DEMO_ORGS } from '../../src/lib/server/app/seed-orgs.ts';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import { event, organisation, organisationMember, outbox, proposal } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const OPEN = 'buergerhaushalt-2027-treptow-koepenick';
const ALT_TREPTOW = '091001';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const idea = (title: string, organisationId: string) =>
	form({
		title,
		description: 'Ein Lastenrad für die Nachbarschaft, das alle ausleihen können.',
		'items.0.category': 'material',
		'items.0.description': 'Lastenrad',
		'items.0.amount': '900',
		organisationId
	});

type Mail = { to: string; subject: string; text: string; headers?: Record<string, string> };

describe.each(BACKENDS)('organisations on %s', (backend) => {
	let h: DbHandle;
	let orgs: OrgsService;
	let kicks = 0;
	let worker: Actor;
	let kiezpatin: Actor;
	async function user(grants: { role: 'case_worker' | 'moderator'; scopeKind: string; scopeId: string }[] = [], verified = true): Promise<Actor & { email: string }> {
		const id = randomUUID();
		const email = `o-${id}@example.org`;
		await ensureUserWithPassword(h.db, { id, email, pseudonym: `O ${id.slice(0, 8)}`, passwordHash: 'x', grants }, NOW);
		const scopes = grants.map((g) => ({
			role: g.role,
			scope: g.scopeKind === 'district' ? ({ kind: 'district', id: g.scopeId } as const) : ({ kind: 'region', id: g.scopeId, districtId: '09' } as const)
		}));
		return { userId: id, emailVerified: verified, grants: scopes, email };
	}
	const mails = async (since: number) =>
		(await h.db.select().from(outbox).where(sql`${outbox.id} > ${since}`)).map((r) => r.payload as Mail);
	const lastOutboxId = async () => (await h.db.select({ n: sql<number>`coalesce(max(${outbox.id}), 0)::int` }).from(outbox))[0]!.n;
	const newOrg = (name: string, extra: Record<string, string> = {}) =>
		form({ name, kind: 'initiative', description: 'Wir pflanzen Bäume und gießen sie im Sommer gemeinsam.', regionId: ALT_TREPTOW, website: '', contactEmail: '', ...extra });

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		orgs = orgsService({ db: h.db, origin: 'https://kiezbudget.example', now: () => NOW, kick: () => kicks++ });
		worker = await user([{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }]);
		kiezpatin = await user([{ role: 'moderator', scopeKind: 'region', scopeId: ALT_TREPTOW }]);
	}, 120_000);
	afterAll(async () => {
		await h?.close();
	});

	it('seeds the demo organisations once, some verified', async () => {
		await seedDemo(h.db, { now: NOW });
		const rows = await h.db.select().from(organisation).where(sql`${organisation.slug} IN ${DEMO_ORGS.map((d) => d.slug)}`);
		expect(rows).toHaveLength(DEMO_ORGS.length);
		expect(rows.filter((r) => r.verifiedAt).length).toBe(DEMO_ORGS.filter((d) => d.verified).length);
	});

	it('lists organisations for everyone and filters by region', async () => {
		const all = await orgs.directory('');
		expect(all!.orgs.length).toBeGreaterThanOrEqual(DEMO_ORGS.length);
		const some = await orgs.directory(ALT_TREPTOW);
		expect(some!.region?.id).toBe(ALT_TREPTOW);
		expect(some!.orgs.every((o) => o.regionId === ALT_TREPTOW)).toBe(true);
		expect(some!.orgs.map((o) => o.slug)).toContain('nachbarschaftsinitiative-alt-treptow');
		// An unknown region shows everything rather than failing.
		expect((await orgs.directory('<script>'))!.region).toBeNull();
	});

	it('creates an organisation with its creator as first admin, keeps input on bad fields, and makes unique addresses', async () => {
		const anna = await user();
		const bad = await orgs.create(anna, newOrg('A', { description: 'kurz', website: 'javascript:alert(1)' }));
		expect(bad.kind === 'invalid' && bad.errors).toEqual({ name: 'orgs_error_name', description: 'orgs_error_description', website: 'orgs_error_website' });
		expect(bad.kind === 'invalid' && bad.values.website).toBe('javascript:alert(1)');
		const a = await orgs.create(anna, newOrg('Baumpaten Alt-Treptow'));
		const b = await orgs.create(anna, newOrg('Baumpaten Alt-Treptow'));
		if (a.kind !== 'ok' || b.kind !== 'ok') throw new Error('create failed');
		expect(a.slug).toBe('baumpaten-alt-treptow');
		expect(b.slug).toBe('baumpaten-alt-treptow-2');
		const [m] = await h.db.select().from(organisationMember).where(eq(organisationMember.organisationId, a.id));
		expect(m).toMatchObject({ userId: anna.userId, role: 'admin' });
		expect(m!.acceptedAt).not.toBeNull();
		const p = await orgs.profile(a.slug, anna);
		expect(p!.org.verified).toBe(false);
		expect(p!.viewer).toEqual({ membership: { role: 'admin', accepted: true }, canAct: false });
		// Residents must have confirmed their address; anonymous people cannot create.
		expect((await orgs.create(await user([], false), newOrg('Ohne Bestätigung'))).kind).toBe('forbidden');
		expect((await orgs.create(null, newOrg('Anonym'))).kind).toBe('forbidden');
	});

	it('acting for an organisation needs staff verification and an accepted membership; the idea form enforces it on the server', async () => {
		const admin = await user();
		const ben = await user();
		const created = await orgs.create(admin, newOrg('Lastenrad Treptow'));
		if (created.kind !== 'ok') throw new Error(created.kind);
		const orgId = created.id;
		// Unverified: not even the admin may hand in an idea for it.
		const early = await submitIdea(h.db, admin, OPEN, idea('Lastenrad (zu früh)', orgId), NOW);
		expect(early.kind === 'invalid' && early.errors).toEqual({ organisationId: 'ideaform_error_organisation' });

		// Ben asks to join: the admin gets a mail; until accepted Ben cannot act for it.
		const before = await lastOutboxId();
		const j = await orgs.join(ben, orgId);
		expect(j.kind === 'ok' && j.state).toBe('requested');
		const sent = await mails(before);
		expect(sent.map((m) => m.to)).toEqual([admin.email]);
		expect(sent[0]!.text).toContain('https://kiezbudget.example/konto/initiativen');

		// Staff verify with a note; a Kiezpatin and a resident cannot.
		expect((await orgs.verify(kiezpatin, form({ orgId, decision: 'verify', [`note-${orgId}`]: 'ok' }))).kind).toBe('forbidden');
		expect((await orgs.verify(ben, form({ orgId, decision: 'verify', [`note-${orgId}`]: 'ok' }))).kind).toBe('forbidden');
		const noNote = await orgs.verify(worker, form({ orgId, decision: 'verify', [`note-${orgId}`]: '' }));
		expect(noNote.kind === 'invalid' && noNote.errors).toEqual({ [`note-${orgId}`]: 'orgs_error_note' });
		expect((await orgs.verify(worker, form({ orgId, decision: 'verify', [`note-${orgId}`]: 'Gespräch im Bezirksamt am 20.11.' }))).kind).toBe('ok');
		const [verified] = await h.db.select().from(event).where(and(eq(event.type, 'organisation.verified'), eq(event.subjectId, orgId)));
		expect(verified).toMatchObject({ actorId: worker.userId, districtId: '09', payload: { note: 'Gespräch im Bezirksamt am 20.11.' } });

		// Verified but Ben only requested: still refused for him, allowed for the admin.
		const pending = await submitIdea(h.db, ben, OPEN, idea('Lastenrad (Anfrage offen)', orgId), NOW);
		expect(pending.kind === 'invalid' && pending.errors).toEqual({ organisationId: 'ideaform_error_organisation' });
		const ok = await submitIdea(h.db, admin, OPEN, idea('Lastenrad für den Kiez', orgId), NOW);
		if (ok.kind !== 'ok') throw new Error(ok.kind);

		// Only an accepted admin decides; Ben cannot accept himself.
		expect((await orgs.decide(ben, orgId, ben.userId, true)).kind).toBe('forbidden');
		expect((await orgs.decide(admin, orgId, ben.userId, true)).kind).toBe('ok');
		expect((await orgs.decide(admin, orgId, ben.userId, true)).kind).toBe('not_found');
		const mine = await orgs.mine(ben);
		expect(mine.kind === 'ok' && mine.value.memberships.find((m) => m.id === orgId)).toMatchObject({ accepted: true, verified: true, canAct: true });
		const byBen = await submitIdea(h.db, ben, OPEN, idea('Zweites Lastenrad', orgId), NOW);
		if (byBen.kind !== 'ok') throw new Error(byBen.kind);

		// Taking the badge away stops acting for it again, and is audited.
		expect((await orgs.verify(worker, form({ orgId, decision: 'unverify', [`note-${orgId}`]: 'Ansprechperson nicht mehr erreichbar' }))).kind).toBe('ok');
		const after = await submitIdea(h.db, ben, OPEN, idea('Drittes Lastenrad', orgId), NOW);
		expect(after.kind === 'invalid' && after.errors).toEqual({ organisationId: 'ideaform_error_organisation' });
		expect(await h.db.select().from(event).where(and(eq(event.type, 'organisation.unverified'), eq(event.subjectId, orgId)))).toHaveLength(1);

		// The profile lists the ideas handed in for it (drafts and unconfirmed ones stay out).
		const p = await orgs.profile(created.slug, null);
		const [stored] = await h.db.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, ok.id));
		expect(p!.ideas.map((i) => i.title).includes('Lastenrad für den Kiez')).toBe(!['draft', 'unconfirmed'].includes(stored!.status));
		expect(p!.viewer).toBeNull();
	});

	it('a declined request is gone; a member may ask again', async () => {
		const admin = await user();
		const carla = await user();
		const c = await orgs.create(admin, newOrg('Hofgemeinschaft Kiefholzstraße'));
		if (c.kind !== 'ok') throw new Error(c.kind);
		await orgs.join(carla, c.id);
		expect((await orgs.decide(admin, c.id, carla.userId, false)).kind).toBe('ok');
		expect(await h.db.select().from(organisationMember).where(and(eq(organisationMember.organisationId, c.id), eq(organisationMember.userId, carla.userId)))).toHaveLength(0);
		expect(await h.db.select().from(event).where(and(eq(event.type, 'organisation.member_declined'), eq(event.subjectId, c.id)))).toHaveLength(1);
		const again = await orgs.join(carla, c.id);
		expect(again.kind === 'ok' && again.state).toBe('requested');
		// Joining something that is not an organisation points at the field.
		const bad = await orgs.join(carla, 'nope');
		expect(bad.kind === 'invalid' && bad.errors).toEqual({ orgId: 'orgs_error_pick_org' });
	});

	it('concurrent join requests of one person give one request, one event and one mail per admin', async () => {
		const admin = await user();
		const dora = await user();
		const c = await orgs.create(admin, newOrg('Kiezchor Plänterwald', { contactEmail: 'chor@example.org' }));
		if (c.kind !== 'ok') throw new Error(c.kind);
		const before = await lastOutboxId();
		const results = await Promise.all(Array.from({ length: 12 }, () => orgs.join(dora, c.id)));
		expect(results.filter((r) => r.kind === 'ok' && r.state === 'requested')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'ok' && r.state === 'exists')).toHaveLength(11);
		expect(await h.db.select().from(organisationMember).where(and(eq(organisationMember.organisationId, c.id), eq(organisationMember.userId, dora.userId)))).toHaveLength(1);
		expect(await h.db.select().from(event).where(and(eq(event.type, 'organisation.join_requested'), eq(event.subjectId, c.id)))).toHaveLength(1);
		expect((await mails(before)).map((m) => m.to).sort()).toEqual([admin.email, 'chor@example.org'].sort());
		// Two admins deciding the same request at once: exactly one wins.
		const decisions = await Promise.all([orgs.decide(admin, c.id, dora.userId, true), orgs.decide(admin, c.id, dora.userId, false)]);
		expect(decisions.filter((d) => d.kind === 'ok')).toHaveLength(1);
	});

	it('an admin edits the profile (same checks, same address, fields named in the audit log) and others may not', async () => {
		const admin = await user();
		const member = await user();
		const c = await orgs.create(admin, newOrg('Nachbarschaftsgarten Johannisthal', { contactEmail: 'garten@example.org' }));
		if (c.kind !== 'ok') throw new Error(c.kind);
		await orgs.join(member, c.id);
		await orgs.decide(admin, c.id, member.userId, true);
		const page = await orgs.manage(admin, c.id);
		expect(page.kind === 'ok' && page.value.values).toMatchObject({ name: 'Nachbarschaftsgarten Johannisthal', contactEmail: 'garten@example.org', regionId: ALT_TREPTOW });
		expect(page.kind === 'ok' && page.value.members.map((x) => x.role).sort()).toEqual(['admin', 'member']);
		expect((await orgs.manage(member, c.id)).kind).toBe('forbidden');
		expect((await orgs.edit(member, c.id, newOrg('Übernommen'))).kind).toBe('forbidden');
		expect((await orgs.manage(admin, randomUUID())).kind).toBe('not_found');
		// Bad input: every field keeps what was typed, the errors point at the fields.
		const bad = await orgs.edit(admin, c.id, newOrg('G', { website: 'kein web', description: 'kurz' }));
		expect(bad.kind === 'invalid' && Object.keys(bad.errors).sort()).toEqual(['description', 'name', 'website']);
		expect(bad.kind === 'invalid' && bad.values.website).toBe('kein web');
		const ok = await orgs.edit(admin, c.id, newOrg('Garten der Nachbarn Johannisthal', { website: 'garten.example.org', contactEmail: 'garten@example.org' }));
		expect(ok.kind === 'ok' && ok.changed.sort()).toEqual(['name', 'website']);
		const [row] = await h.db.select().from(organisation).where(eq(organisation.id, c.id));
		expect(row).toMatchObject({ name: 'Garten der Nachbarn Johannisthal', slug: c.slug, website: 'https://garten.example.org/' });
		const [ev] = await h.db.select().from(event).where(and(eq(event.type, 'organisation.updated'), eq(event.subjectId, c.id)));
		expect(ev?.payload).toEqual({ fields: ['name', 'website'] });
		// Saving the same again changes nothing and writes no event.
		const same = await orgs.edit(admin, c.id, newOrg('Garten der Nachbarn Johannisthal', { website: 'garten.example.org', contactEmail: 'garten@example.org' }));
		expect(same.kind === 'ok' && same.changed).toEqual([]);
		expect(await h.db.select().from(event).where(and(eq(event.type, 'organisation.updated'), eq(event.subjectId, c.id)))).toHaveLength(1);
	});

	it('members leave, admins hand over and remove, and the organisation always keeps someone who manages it', async () => {
		const ada = await user();
		const ben = await user();
		const cem = await user();
		const c = await orgs.create(ada, newOrg('Repair-Café Schöneweide'));
		if (c.kind !== 'ok') throw new Error(c.kind);
		for (const p of [ben, cem]) {
			await orgs.join(p, c.id);
			await orgs.decide(ada, c.id, p.userId, true);
		}
		const roles = async () =>
			Object.fromEntries(
				(await h.db.select().from(organisationMember).where(eq(organisationMember.organisationId, c.id))).map((r) => [r.userId === ada.userId ? 'ada' : r.userId === ben.userId ? 'ben' : 'cem', r.role])
			);
		// The only admin may neither leave nor give up the role.
		expect(await orgs.changeMember(ada, c.id, '', 'leave')).toMatchObject({ kind: 'conflict', reason: 'last_admin' });
		expect(await orgs.changeMember(ada, c.id, ada.userId, 'make_member')).toMatchObject({ kind: 'conflict', reason: 'last_admin' });
		// Members cannot change roles or remove anyone.
		expect((await orgs.changeMember(ben, c.id, cem.userId, 'make_admin')).kind).toBe('forbidden');
		expect((await orgs.changeMember(ben, c.id, ada.userId, 'remove')).kind).toBe('forbidden');
		// Ada hands over to Ben, then leaves.
		expect((await orgs.changeMember(ada, c.id, ben.userId, 'make_admin')).kind).toBe('ok');
		expect(await orgs.changeMember(ada, c.id, ben.userId, 'make_admin')).toMatchObject({ kind: 'conflict', reason: 'already' });
		expect((await orgs.changeMember(ada, c.id, '', 'leave')).kind).toBe('ok');
		expect(await roles()).toEqual({ ben: 'admin', cem: 'member' });
		expect((await orgs.manage(ada, c.id)).kind).toBe('forbidden');
		// Ben makes Cem admin; both then try to give up the role at the same moment: one of them stays admin.
		expect((await orgs.changeMember(ben, c.id, cem.userId, 'make_admin')).kind).toBe('ok');
		const both = await Promise.all([orgs.changeMember(ben, c.id, ben.userId, 'make_member'), orgs.changeMember(cem, c.id, cem.userId, 'make_member')]);
		expect(both.map((r) => r.kind).sort()).toEqual(['conflict', 'ok']);
		expect(Object.values(await roles()).sort()).toEqual(['admin', 'member']);
		// A request can be withdrawn; removing someone who is not a member is "not found".
		const dan = await user();
		await orgs.join(dan, c.id);
		expect((await orgs.changeMember(dan, c.id, '', 'leave')).kind).toBe('ok');
		const admin = (await roles()).ben === 'admin' ? ben : cem;
		const other = admin === ben ? cem : ben;
		expect((await orgs.changeMember(admin, c.id, dan.userId, 'remove')).kind).toBe('not_found');
		expect((await orgs.changeMember(admin, c.id, other.userId, 'remove')).kind).toBe('ok');
		const types = (await h.db.select().from(event).where(eq(event.subjectId, c.id))).map((e) => e.type);
		expect(types.filter((t) => t === 'organisation.role_changed')).toHaveLength(3);
		expect(types.filter((t) => t === 'organisation.member_left')).toHaveLength(2);
		expect(types.filter((t) => t === 'organisation.member_removed')).toHaveLength(1);
		expect((await orgs.changeMember(null, c.id, '', 'leave')).kind).toBe('not_found');
	});

	it('the contact form mails the organisation with the sender as Reply-To and never exposes its address', async () => {
		const slug = 'kiezgarten-plaenterwald';
		const bad = await orgs.contact(slug, null, form({ name: 'Eva', email: 'eva@example.org\r\nBcc: x@example.org', message: 'kurz' }));
		expect(bad.kind === 'invalid' && bad.errors).toEqual({ email: 'orgs_error_email', message: 'orgs_error_message' });
		expect(bad.kind === 'invalid' && bad.values.name).toBe('Eva');
		const before = await lastOutboxId();
		const kicked = kicks;
		expect((await orgs.contact(slug, null, form({ name: 'Eva Nachbarin', email: 'eva@example.org', message: 'Darf ich beim Gartentag mitmachen?' }))).kind).toBe('ok');
		const [m, ...rest] = await mails(before);
		expect(rest).toHaveLength(0);
		expect(m).toMatchObject({ to: `${slug}@kiezbudget.localhost`, headers: { 'Reply-To': 'eva@example.org' } });
		expect(m!.text).toContain('Darf ich beim Gartentag mitmachen?');
		expect(kicks).toBe(kicked + 1);
		const p = await orgs.profile(slug, null);
		expect(JSON.stringify(p)).not.toContain('@kiezbudget.localhost');
		// Staff's verification note is internal, on the profile and in the directory.
		expect(JSON.stringify(p)).not.toContain('Ansprechperson persönlich getroffen');
		expect(JSON.stringify(await orgs.directory(''))).not.toContain('Ansprechperson persönlich getroffen');
		const [contacted] = await h.db.select().from(event).where(eq(event.type, 'organisation.contacted')).orderBy(sql`${event.id} DESC`).limit(1);
		expect(JSON.stringify(contacted!.payload)).not.toContain('Gartentag');
		expect((await orgs.contact('gibt-es-nicht', null, form({ name: 'Eva', email: 'eva@example.org', message: 'Hallo zusammen!' }))).kind).toBe('not_found');
	});

	it('staff see their district; other roles are refused', async () => {
		const list = await orgs.adminList(worker);
		expect(list.kind === 'ok' && list.value.orgs.some((o) => o.slug === 'kiezgarten-plaenterwald' && o.verified)).toBe(true);
		expect((await orgs.adminList(kiezpatin)).kind).toBe('forbidden');
		expect((await orgs.adminList(null)).kind).toBe('forbidden');
		const other = await user([{ role: 'case_worker', scopeKind: 'district', scopeId: '12' }]);
		await h.db.execute(sql`INSERT INTO district (id, slug, name) VALUES ('12', 'reinickendorf', 'Reinickendorf') ON CONFLICT DO NOTHING`);
		expect((await orgs.adminList(other)).kind).toBe('not_found');
	});
});
