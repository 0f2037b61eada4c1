/**
 * Use cases of the public record (issue 8): calendar entries, documents, the mobile participation office
 * with its kiosk, and the knowledge base. Every staff use case starts with the policy (house rule 5): role
 * missing → forbidden (403), role held for another district → not found (404), so nothing leaks.
 */
import { createHash } from 'node:crypto';
import { can, type Actor, type Capability } from '../../core/access/policy.ts';
import { entryView, checkDocument, DOCUMENT_KINDS, ENTRY_KINDS, KNOWLEDGE_LANGS, VISIBILITIES, safeFileName } from '../../core/record/record.ts';
import { plainText, renderMarkdown } from '../../core/record/markdown.ts';
import type { DateStatus } from '../../core/calendar/dates.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/record.ts';
import { pdfText } from '../documents/pdf-text.ts';
import { assistedForm, enterAssisted } from './office.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION_ID = /^[0-9]{6,8}$/;
const SLUG = /^[a-z0-9-]{1,120}$/;

export type Gate = 'ok' | 'forbidden' | 'not_found';
export function gate(actor: Actor | null, cap: Capability, districtId: string): Gate {
	const d = can(actor, cap, { districtId });
	if (d.allowed) return 'ok';
	return d.reason === 'out_of_scope' ? 'not_found' : 'forbidden';
}

const text = (form: FormData, key: string, max: number) => {
	const v = form.get(key);
	return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

// ── Calendar entries ─────────────────────────────────────────────────────────────────────────────

export type EntryView = Omit<repo.EntryRow, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string; first: string; last: string; status: DateStatus };

export const toEntryView = (r: repo.EntryRow, now: Date): EntryView => entryView(r, now);

export type EntryValues = {
	kind: string;
	title: string;
	description: string;
	placeName: string;
	address: string;
	lat: string;
	lng: string;
	day: string;
	from: string;
	to: string;
	roundId: string;
	regionId: string;
	season: string;
};

/**
 * The wall-clock time in Berlin as an instant. Staff type local times; the offset is found by asking Intl
 * what Berlin's clock shows at the naive UTC instant (correct except within the hour of a DST switch,
 * when no participation dates are held).
 */
export function berlinInstant(day: string, time: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return null;
	const naive = new Date(`${day}T${time}:00Z`);
	if (Number.isNaN(naive.getTime()) || naive.toISOString().slice(0, 10) !== day) return null;
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(naive);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return new Date(naive.getTime() - (shown - naive.getTime()));
}

/** A real calendar day as YYYY-MM-DD (2026-02-30 is not one). */
export function validDay(day: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
	const d = new Date(`${day}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

export function berlinParts(d: Date): { day: string; time: string } {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d);
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

function parseEntry(form: FormData, regions: { id: string }[], rounds: { id: string; regionId: string | null }[]) {
	const values: EntryValues = {
		kind: text(form, 'kind', 30),
		title: text(form, 'title', 200),
		description: text(form, 'description', 4000),
		placeName: text(form, 'placeName', 200),
		address: text(form, 'address', 300),
		lat: text(form, 'lat', 30),
		lng: text(form, 'lng', 30),
		day: text(form, 'day', 10),
		from: text(form, 'from', 5),
		to: text(form, 'to', 5),
		roundId: text(form, 'roundId', 40),
		regionId: text(form, 'regionId', 10),
		season: text(form, 'season', 60)
	};
	const errors: Record<string, string> = {};
	if (!(ENTRY_KINDS as readonly string[]).includes(values.kind)) errors.kind = 'record_error_kind';
	if (values.title.length < 3) errors.title = 'record_error_title';
	if (values.placeName === '') errors.placeName = 'record_error_place';
	if (values.address === '') errors.address = 'record_error_address';
	let lat: number | null = null;
	let lng: number | null = null;
	if (values.lat !== '' || values.lng !== '') {
		lat = Number(values.lat.replace(',', '.'));
		lng = Number(values.lng.replace(',', '.'));
		// Both or none; a point must lie on Earth (WGS 84 ranges).
		if (values.lat === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.lat = 'record_error_lat';
		if (values.lng === '' || !Number.isFinite(lng) || lng < -180 || lng > 180) errors.lng = 'record_error_lng';
	}
	const startsAt = berlinInstant(values.day, values.from);
	const endsAt = berlinInstant(values.day, values.to);
	if (!validDay(values.day)) errors.day = 'record_error_day';
	else if (!startsAt) errors.from = 'record_error_time';
	if (!endsAt && !errors.day) errors.to = 'record_error_time';
	else if (startsAt && endsAt && endsAt <= startsAt) errors.to = 'record_error_end_before_start';
	if (values.regionId !== '' && !regions.some((r) => r.id === values.regionId)) errors.regionId = 'record_error_region';
	const rnd = values.roundId !== '' ? rounds.find((r) => r.id === values.roundId) : undefined;
	if (values.roundId !== '' && !rnd) errors.roundId = 'record_error_round';
	if (Object.keys(errors).length > 0) return { ok: false as const, values, errors };
	// A round in a region implies the region, so the per-region calendar shows it.
	const regionId = values.regionId || rnd?.regionId || null;
	return {
		ok: true as const,
		values,
		input: {
			kind: values.kind,
			title: values.title,
			description: values.description,
			placeName: values.placeName,
			address: values.address,
			lat,
			lng,
			startsAt: startsAt!,
			endsAt: endsAt!,
			roundId: rnd?.id ?? null,
			regionId,
			season: values.season || null
		} satisfies repo.EntryInput
	};
}

// ── Documents ────────────────────────────────────────────────────────────────────────────────────

export type DocumentValues = { kind: string; title: string; visibility: string; roundId: string; regionId: string; calendarEntryId: string; dated: string; note: string };

function parseDocMeta(form: FormData, regions: { id: string }[], rounds: { id: string; regionId: string | null }[]) {
	const values: DocumentValues = {
		kind: text(form, 'kind', 30),
		title: text(form, 'title', 200),
		visibility: text(form, 'visibility', 10),
		roundId: text(form, 'roundId', 40),
		regionId: text(form, 'regionId', 10),
		calendarEntryId: text(form, 'calendarEntryId', 40),
		dated: text(form, 'dated', 10),
		note: text(form, 'note', 300)
	};
	const errors: Record<string, string> = {};
	if (!(DOCUMENT_KINDS as readonly string[]).includes(values.kind)) errors.kind = 'record_error_doc_kind';
	if (values.title.length < 3) errors.title = 'record_error_title';
	if (!(VISIBILITIES as readonly string[]).includes(values.visibility)) errors.visibility = 'record_error_visibility';
	if (!validDay(values.dated)) errors.dated = 'record_error_day';
	if (values.regionId !== '' && !regions.some((r) => r.id === values.regionId)) errors.regionId = 'record_error_region';
	const rnd = values.roundId !== '' ? rounds.find((r) => r.id === values.roundId) : undefined;
	if (values.roundId !== '' && !rnd) errors.roundId = 'record_error_round';
	if (values.calendarEntryId !== '' && !UUID.test(values.calendarEntryId)) errors.calendarEntryId = 'record_error_entry';
	const meta: repo.DocumentMeta = {
		kind: values.kind,
		title: values.title,
		visibility: values.visibility,
		roundId: rnd?.id ?? null,
		regionId: values.regionId || rnd?.regionId || null,
		calendarEntryId: values.calendarEntryId || null,
		dated: values.dated
	};
	return { values, errors, meta };
}

async function readUpload(form: FormData): Promise<{ ok: true; version: Omit<repo.VersionInput, 'note'> } | { ok: false; error: string }> {
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return { ok: false, error: 'record_error_document_missing' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const c = checkDocument(bytes);
	if (!c.ok) return { ok: false, error: `record_error_${c.problem}` };
	return {
		ok: true,
		version: { fileName: safeFileName(file.name), mime: c.mime, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), text: await pdfText(bytes), origin: 'upload' }
	};
}

export type DocumentSearch = { q: string; kind: string; region: string; runde: string };

export function documentQuery(url: URL): DocumentSearch {
	const get = (k: string, max: number) => (url.searchParams.get(k) ?? '').trim().slice(0, max);
	return { q: get('q', 200), kind: get('art', 30), region: get('region', 10), runde: get('runde', 120) };
}

// ── Service ──────────────────────────────────────────────────────────────────────────────────────

export type RecordDeps = { db: Db; now: () => Date };

export function recordService({ db, now }: RecordDeps) {
	/** The district the public pages show and the admin pages manage (one district per installation so far). */
	async function homeDistrict() {
		const [d] = await repo.firstDistrict(db);
		return d ?? null;
	}
	async function choices(districtId: string) {
		const [regions, rounds] = await Promise.all([repo.regionsOf(db, districtId), repo.roundsOf(db, districtId)]);
		return { regions, rounds: rounds.map((r) => ({ id: r.id, slug: r.slug, regionId: r.regionId, label: `${r.programmeName} ${r.regionName ?? ''} ${r.year}`.replace(/\s+/g, ' ').trim() })) };
	}
	async function staffDistrict(actor: Actor | null, cap: Capability = 'record.manage') {
		const d = await homeDistrict();
		if (!d) return { kind: 'not_found' } as const;
		const g = gate(actor, cap, d.id);
		if (g !== 'ok') return { kind: g } as const;
		return { kind: 'ok', district: d } as const;
	}
	/** Staff of the district (any staff role) may read staff-only documents. */
	const readsInternal = (actor: Actor | null, districtId: string) => can(actor, 'admin.enter', { districtId }).allowed;

	return {
		homeDistrict,

		// Calendar ------------------------------------------------------------------------------

		async entries(districtId: string, f: repo.EntryFilter) {
			const t = now();
			return (await repo.entries(db, districtId, f)).map((r) => toEntryView(r, t));
		},

		async entry(id: string) {
			if (!UUID.test(id)) return null;
			const d = await homeDistrict();
			if (!d) return null;
			const [r] = await repo.entries(db, d.id, { id });
			let row = r;
			if (!row) {
				// An assembly sitting has its own id in the assembly table.
				row = (await repo.entries(db, d.id, { kind: 'assembly' })).find((x) => x.id === id);
			}
			if (!row) return null;
			const docs = row.source === 'entry' ? await repo.searchDocuments(db, d.id, { includeStaff: false, calendarEntryId: row.id }) : [];
			return { entry: toEntryView(row, now()), documents: docs };
		},

		async entryForm(actor: Actor | null, id?: string) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const c = await choices(s.district.id);
			let entry: EntryValues | null = null;
			if (id) {
				if (!UUID.test(id)) return { kind: 'not_found' } as const;
				const [r] = await repo.entries(db, s.district.id, { id });
				if (!r) return { kind: 'not_found' } as const;
				const a = berlinParts(r.startsAt);
				const b = berlinParts(r.endsAt);
				entry = {
					kind: r.kind,
					title: r.title,
					description: r.description,
					placeName: r.placeName,
					address: r.address,
					lat: r.lat === null ? '' : String(r.lat),
					lng: r.lng === null ? '' : String(r.lng),
					day: a.day,
					from: a.time,
					to: b.time,
					roundId: r.roundId ?? '',
					regionId: r.regionId ?? '',
					season: r.season ?? ''
				};
			}
			const list = (await repo.entries(db, s.district.id, {})).filter((e) => e.source === 'entry').map((e) => toEntryView(e, now()));
			return { kind: 'ok', value: { ...c, entry, list } } as const;
		},

		async saveEntry(actor: Actor | null, form: FormData, id?: string) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const c = await choices(s.district.id);
			const p = parseEntry(form, c.regions, c.rounds);
			if (!p.ok) return { kind: 'invalid', values: p.values, errors: p.errors } as const;
			if (id) {
				if (!UUID.test(id)) return { kind: 'not_found' } as const;
				const done = await repo.updateEntry(db, id, s.district.id, p.input, actor!.userId, now());
				return done ? ({ kind: 'ok', id } as const) : ({ kind: 'not_found' } as const);
			}
			const newId = await repo.insertEntry(db, s.district.id, p.input, actor!.userId, now());
			return { kind: 'ok', id: newId } as const;
		},

		/** Cancels an entry with a reason (shown on the entry page, the month view and in iCal). */
		async cancelEntry(actor: Actor | null, id: string, form: FormData) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const reason = text(form, 'reason', 500);
			if (reason.length < 3) return { kind: 'invalid', errors: { reason: 'follow_cancel_reason_required' }, values: { reason } } as const;
			const r = await repo.cancelEntry(db, id, s.district.id, reason, actor!.userId, now());
			if (r === 'not_found') return { kind: 'not_found' } as const;
			if (r === 'already') return { kind: 'conflict', reason: 'already_cancelled' } as const;
			return { kind: 'ok' } as const;
		},

		/** Deletes a mistaken entry; one where the mobile office took contributions can only be cancelled. */
		async deleteEntry(actor: Actor | null, id: string) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const r = await repo.deleteEntry(db, id, s.district.id, actor!.userId, now());
			if (r === 'not_found') return { kind: 'not_found' } as const;
			if (r === 'in_use') return { kind: 'conflict', reason: 'in_use' } as const;
			return { kind: 'ok' } as const;
		},

		// Documents -----------------------------------------------------------------------------

		async documents(actor: Actor | null, raw: DocumentSearch) {
			const d = await homeDistrict();
			if (!d) return { kind: 'not_found' } as const;
			// Minutes the assembly area generated at the close are filed as documents the first time anyone looks.
			await this.fileAssemblyMinutes(d.id);
			const c = await choices(d.id);
			// Unknown filter values are ignored, not refused: a stale link still shows the documents.
			const filter: repo.DocumentFilter = { includeStaff: false };
			if (raw.q) filter.q = raw.q;
			if ((DOCUMENT_KINDS as readonly string[]).includes(raw.kind)) filter.kind = raw.kind;
			if (REGION_ID.test(raw.region) && c.regions.some((r) => r.id === raw.region)) filter.regionId = raw.region;
			if (SLUG.test(raw.runde)) filter.roundSlug = raw.runde;
			const rows = await repo.searchDocuments(db, d.id, filter);
			return { kind: 'ok', value: { district: d, regions: c.regions, query: { q: filter.q ?? '', kind: filter.kind ?? '', region: filter.regionId ?? '', runde: filter.roundSlug ?? '' }, documents: rows, staff: readsInternal(actor, d.id) } } as const;
		},

		async document(actor: Actor | null, id: string) {
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const doc = await repo.documentById(db, id);
			// Staff-only documents do not exist for the public (issue 8): 404, not 403, so a guess reveals nothing.
			if (!doc || (doc.visibility !== 'public' && !readsInternal(actor, doc.districtId))) return { kind: 'not_found' } as const;
			return { kind: 'ok', value: doc } as const;
		},

		async documentFile(actor: Actor | null, id: string, version: number | null) {
			const d = await this.document(actor, id);
			if (d.kind !== 'ok') return d;
			const v = version ?? d.value.currentVersion;
			if (!Number.isInteger(v) || v < 1 || v > d.value.currentVersion) return { kind: 'not_found' } as const;
			const f = await repo.documentFile(db, id, v);
			return f ? ({ kind: 'ok', value: { ...f, visibility: d.value.visibility, version: v } } as const) : ({ kind: 'not_found' } as const);
		},

		async documentAdmin(actor: Actor | null) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const c = await choices(s.district.id);
			const entries = (await repo.entries(db, s.district.id, {})).filter((e) => e.source === 'entry').map((e) => ({ id: e.id, label: `${berlinParts(e.startsAt).day} ${e.title}` }));
			const documents = await repo.searchDocuments(db, s.district.id, { includeStaff: true }, 500);
			return { kind: 'ok', value: { ...c, entries, documents } } as const;
		},

		async uploadDocument(actor: Actor | null, form: FormData) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const c = await choices(s.district.id);
			const { values, errors, meta } = parseDocMeta(form, c.regions, c.rounds);
			const up = await readUpload(form);
			if (!up.ok) errors.file = up.error;
			if (Object.keys(errors).length > 0 || !up.ok) return { kind: 'invalid', values, errors } as const;
			const id = await repo.insertDocument(db, s.district.id, meta, { ...up.version, note: values.note || null }, actor!.userId, now());
			return { kind: 'ok', id } as const;
		},

		async documentEdit(actor: Actor | null, id: string) {
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const doc = await repo.documentById(db, id);
			if (!doc) return { kind: 'not_found' } as const;
			const g = gate(actor, 'record.manage', doc.districtId);
			if (g !== 'ok') return { kind: g } as const;
			const c = await choices(doc.districtId);
			return { kind: 'ok', value: { ...c, document: doc } } as const;
		},

		async newVersion(actor: Actor | null, id: string, form: FormData) {
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const doc = await repo.documentById(db, id);
			if (!doc) return { kind: 'not_found' } as const;
			const g = gate(actor, 'record.manage', doc.districtId);
			if (g !== 'ok') return { kind: g } as const;
			const note = text(form, 'note', 300);
			const up = await readUpload(form);
			if (!up.ok) return { kind: 'invalid', values: { note }, errors: { file: up.error } } as const;
			const version = await repo.addVersion(db, id, { ...up.version, note: note || null }, actor!.userId, now());
			return version === null ? ({ kind: 'not_found' } as const) : ({ kind: 'ok', id, version } as const);
		},

		async saveDocumentMeta(actor: Actor | null, id: string, form: FormData) {
			if (!UUID.test(id)) return { kind: 'not_found' } as const;
			const doc = await repo.documentById(db, id);
			if (!doc) return { kind: 'not_found' } as const;
			const g = gate(actor, 'record.manage', doc.districtId);
			if (g !== 'ok') return { kind: g } as const;
			const c = await choices(doc.districtId);
			const { values, errors, meta } = parseDocMeta(form, c.regions, c.rounds);
			if (Object.keys(errors).length > 0) return { kind: 'invalid', values, errors } as const;
			await repo.updateDocumentMeta(db, id, meta, now());
			return { kind: 'ok', id } as const;
		},

		/**
		 * Files the minutes the assembly area generated (PRODUCT.md step 4 "minutes generated and published") as
		 * documents of the record, once per sitting (the hash of the PDF makes a second run a no-op).
		 */
		async fileAssemblyMinutes(districtId: string) {
			if ((await repo.unfiledSittings(db, districtId)).length === 0) return 0;
			return repo.withMinutesLock(db, async (tx) => {
				let filed = 0;
				// Asked again under the lock: another request may have filed them meanwhile.
				for (const s of await repo.unfiledSittings(tx, districtId)) {
					const bytes = s.minutesPdf!;
					const sha256 = s.minutesSha256 ?? createHash('sha256').update(bytes).digest('hex');
					if (await repo.documentByHash(tx, districtId, sha256)) continue;
					const title = `Protokoll ${s.programmeName} ${s.regionName ?? ''} ${s.year}${s.sitting > 1 ? ` (${s.sitting}. Versammlung)` : ''}`.replace(/\s+/g, ' ');
					await repo.insertDocument(
						tx,
						districtId,
						{ kind: 'minutes', title, visibility: 'public', roundId: s.roundId, regionId: s.regionId, calendarEntryId: null, dated: berlinParts(s.heldAt).day },
						{ fileName: safeFileName(title), mime: 'application/pdf', bytes, sha256, text: await pdfText(bytes), origin: 'generated', note: null },
						null,
						now()
					);
					filed++;
				}
				return filed;
			});
		},

		// Mobile office -------------------------------------------------------------------------

		async mobileOffice() {
			const d = await homeDistrict();
			if (!d) return null;
			const t = now();
			const stops = (await repo.entries(db, d.id, { kind: 'mobile_office', from: new Date(t.getTime() - 180 * 24 * 3600_000) })).map((r) => toEntryView(r, t));
			const upcoming = stops.filter((s) => s.status !== 'finished');
			return { district: d, next: upcoming[0] ?? null, upcoming, past: stops.filter((s) => s.status === 'finished').reverse() };
		},

		async kiosk(actor: Actor | null, stopId: string) {
			if (!UUID.test(stopId)) return { kind: 'not_found' } as const;
			const s = await staffDistrict(actor, 'proposal.enter_on_behalf');
			if (s.kind !== 'ok') return s;
			const [row] = await repo.entries(db, s.district.id, { id: stopId, kind: 'mobile_office' });
			if (!row) return { kind: 'not_found' } as const;
			const ideas = row.roundId ? await repo.roundIdeasForKiosk(db, row.roundId) : [];
			const f = row.roundSlug ? await assistedForm(db, actor, row.roundSlug) : null;
			const categories = f?.kind === 'ok' ? f.value.categories : [];
			return { kind: 'ok', value: { stop: toEntryView(row, now()), ideas, categories, taken: await repo.stopContributions(db, stopId) } } as const;
		},

		/** An idea said at the stop: the office's assisted entry with the channel fixed to mobile_office. */
		async kioskIdea(actor: Actor | null, stopId: string, form: FormData) {
			const k = await this.kiosk(actor, stopId);
			if (k.kind !== 'ok') return k;
			if (!k.value.stop.roundSlug) return { kind: 'not_found' } as const;
			form.set('channel', 'mobile_office');
			form.delete('scan');
			const r = await enterAssisted(db, actor, k.value.stop.roundSlug, form, now());
			if (r.kind !== 'ok') return r;
			await repo.linkProposalToStop(db, r.id, stopId);
			return r;
		},

		async kioskComment(actor: Actor | null, stopId: string, form: FormData) {
			const k = await this.kiosk(actor, stopId);
			if (k.kind !== 'ok') return k;
			const proposalId = text(form, 'proposalId', 40);
			const body = text(form, 'body', 2000);
			const values = { proposalId, body };
			const errors: Record<string, string> = {};
			if (!k.value.ideas.some((i) => i.id === proposalId)) errors.proposalId = 'record_error_kiosk_idea';
			if (body.length < 2) errors.body = 'record_error_kiosk_comment';
			if (Object.keys(errors).length > 0) return { kind: 'invalid', values, errors } as const;
			const d = await homeDistrict();
			const id = await repo.insertKioskComment(db, { proposalId, body, actorId: actor!.userId, entryId: stopId, districtId: d!.id }, now());
			return { kind: 'ok', id, proposalId } as const;
		},

		commentChannels: (ids: string[]) => repo.commentChannels(db, ids),

		// Knowledge base ------------------------------------------------------------------------

		async knowledge() {
			const d = await homeDistrict();
			if (!d) return null;
			return { district: d, pages: await repo.knowledgePages(db, d.id) };
		},

		async knowledgePage(slug: string, lang: string) {
			if (!SLUG.test(slug)) return null;
			const d = await homeDistrict();
			if (!d) return null;
			const p = await repo.knowledgePageBySlug(db, d.id, slug);
			if (!p) return null;
			const available = KNOWLEDGE_LANGS.filter((l) => p.texts[l]);
			const shown = (KNOWLEDGE_LANGS as readonly string[]).includes(lang) && p.texts[lang] ? lang : (available[0] ?? null);
			if (!shown) return null;
			const t = p.texts[shown]!;
			return { slug: p.slug, lang: shown, available, title: t.title, html: renderMarkdown(t.body), summary: plainText(t.body).slice(0, 160), updatedAt: t.updatedAt.toISOString() };
		},

		async knowledgeEdit(actor: Actor | null, slug: string) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			if (!SLUG.test(slug)) return { kind: 'not_found' } as const;
			const p = await repo.knowledgePageBySlug(db, s.district.id, slug);
			const texts = Object.fromEntries(KNOWLEDGE_LANGS.map((l) => [l, { title: p?.texts[l]?.title ?? '', body: p?.texts[l]?.body ?? '' }]));
			return { kind: 'ok', value: { slug, exists: !!p, texts } } as const;
		},

		async knowledgeAdmin(actor: Actor | null) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			return { kind: 'ok', value: { pages: await repo.knowledgePages(db, s.district.id) } } as const;
		},

		async saveKnowledge(actor: Actor | null, slug: string, form: FormData) {
			const s = await staffDistrict(actor);
			if (s.kind !== 'ok') return s;
			const values: Record<string, string> = { slug: text(form, 'slug', 120) || slug };
			const errors: Record<string, string> = {};
			if (!SLUG.test(values.slug!)) errors.slug = 'record_error_slug';
			for (const l of KNOWLEDGE_LANGS) {
				values[`title_${l}`] = text(form, `title_${l}`, 200);
				values[`body_${l}`] = text(form, `body_${l}`, 20000);
			}
			// German is the page's first version (house style: German first); the others are optional.
			if (!values.title_de) errors.title_de = 'record_error_title';
			if (!values.body_de) errors.body_de = 'record_error_body';
			for (const l of ['en', 'ls'] as const) if (values[`body_${l}`] && !values[`title_${l}`]) errors[`title_${l}`] = 'record_error_title';
			if (Object.keys(errors).length > 0) return { kind: 'invalid', values, errors } as const;
			const at = now();
			const pageId = await repo.upsertKnowledgePage(db, s.district.id, values.slug!, 100);
			for (const l of KNOWLEDGE_LANGS) {
				if (values[`title_${l}`] && values[`body_${l}`]) await repo.saveKnowledgeText(db, pageId, l, values[`title_${l}`]!, values[`body_${l}`]!, actor!.userId, at, s.district.id);
			}
			return { kind: 'ok', slug: values.slug! } as const;
		}
	};
}

export type RecordService = ReturnType<typeof recordService>;
