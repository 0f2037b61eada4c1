/**
 * Use cases of implementation and settlement (issue 6; PRODUCT.md steps 6–8). Each starts with its policy
 * (house rule 5): the applicant is the proposal's account holder and sees only their own project (anyone
 * else gets not_found, never a hint that it exists); staff need `grant.manage` in the project's place;
 * progress updates are moderated by whoever moderates comments there. The numbers come from core
 * (core/ledger/settlement.ts), the storage from the repository.
 */
import { createHash } from 'node:crypto';
import { DISTRICT_WIDE, mayModerateComments } from '../../core/access/engage.ts';
import { can, type Actor } from '../../core/access/policy.ts';
import {
	checkReceiptFile,
	closeCheck,
	DEFAULT_RETENTION,
	isIsoDay,
	isOverdue,
	parseReceipt,
	RECEIPT_LIMITS,
	remindersDue,
	retentionDue,
	safeFileName,
	statement,
	type ReceiptStatus,
	type Retention,
	type Statement
} from '../../core/ledger/settlement.ts';
import { replay, totals, type LedgerEntry, type LedgerTotals } from '../../core/ledger/ledger.ts';
import { checkImageBytes, IMAGE_LIMITS } from '../../core/proposal/image.ts';
import { parseEuroInput } from '../../core/shared/money.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/settlement.ts';
import { ImageDecodeError, reencodeImage } from '../images/reencode.ts';
import { messageNotice, reminderMail } from '../mail/settlement-mails.ts';

export type SettlementDeps = { db: Db; origin: string; kick?: () => void; now?: () => Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MESSAGE_MAX = 4000;
const REPORT_MAX = 10_000;
const REASON_MAX = 500;
const PROGRESS_MAX = 3000;
/** Statuses from which a case worker opens the settlement: the grant is decided or notified. */
const OPENABLE = ['approved', 'applied', 'granted', 'in_implementation'] as const;

/** Berlin calendar day of an instant (deadlines are calendar days in Berlin). */
export const berlinDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};
const fileOf = (form: FormData, name: string): File | null => {
	const v = form.get(name);
	return v && typeof v === 'object' && 'arrayBuffer' in v && v.size > 0 ? (v as File) : null;
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export type Issues = Record<string, string>;
export type Result<T = void> = { kind: 'ok'; value: T } | { kind: 'invalid'; issues: Issues; values?: Record<string, string> } | { kind: 'not_found' } | { kind: 'conflict'; reason: string };

const isApplicant = (actor: Actor | null, f: repo.ProjectFacts) => !!actor && actor.emailVerified && !!f.applicantUserId && f.applicantUserId === actor.userId;
const place = (f: repo.ProjectFacts) => ({ districtId: f.districtId, regionId: f.regionId ?? DISTRICT_WIDE, roundId: f.roundId });
const isCaseWorker = (actor: Actor | null, f: repo.ProjectFacts) => can(actor, 'grant.manage', place(f)).allowed;

function districtsOf(actor: Actor): string[] | null {
	const out = new Set<string>();
	for (const g of actor.grants) {
		if (g.scope.kind === 'platform') return null;
		out.add(g.scope.kind === 'district' ? g.scope.id : g.scope.districtId);
	}
	return [...out];
}

/** With a grant notice (grants area) its amount and booked payments count; otherwise the figures entered at opening. */
function statementOf(f: repo.ProjectFacts, files: repo.FileMeta[], grant: { amountCents: number; paidCents: number } | null = f.grant): Statement {
	const s = f.settlement!;
	return statement({
		grantedCents: grant ? grant.amountCents : s.grantedCents,
		paidCents: grant ? grant.paidCents : s.paidCents,
		receipts: files.filter((x) => x.kind === 'receipt').map((x) => ({ amountCents: x.amountCents ?? 0, status: x.status as ReceiptStatus, category: x.category ?? '', replaced: x.replacedBy !== null })),
		categories: f.rules.costCategories
	});
}

export function createSettlement(deps: SettlementDeps) {
	const { db } = deps;
	const now = () => (deps.now ? deps.now() : new Date());
	const kick = () => deps.kick?.();

	async function facts(id: string) {
		if (!UUID.test(id)) return null;
		return repo.projectFacts(db, id);
	}

	/** The project as its applicant sees it; anyone else: not_found (guessed ids answer 404). */
	async function asApplicant(actor: Actor | null, id: string) {
		const f = await facts(id);
		if (!f || !isApplicant(actor, f) || !repo.FUNDED_STATUSES.includes(f.status as never)) return null;
		return f;
	}
	async function asStaff(actor: Actor | null, id: string) {
		const f = await facts(id);
		if (!f || !isCaseWorker(actor, f) || !repo.FUNDED_STATUSES.includes(f.status as never)) return null;
		return f;
	}

	async function view(f: repo.ProjectFacts, today: string) {
		const s = f.settlement;
		const files = s ? await repo.filesOf(db, s.id) : [];
		return {
			project: { id: f.id, title: f.title, status: f.status, year: f.year, roundSlug: f.roundSlug, regionName: f.regionName, programmeName: f.programmeName, settlementMode: f.rules.settlement },
			categories: f.rules.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible, reason: c.reason ?? null })),
			settlement: s
				? {
						id: s.id,
						deadline: s.deadline,
						report: s.report ?? '',
						submitted: s.submittedAt !== null,
						closed: s.closedAt !== null,
						overdue: isOverdue({ today, deadline: s.deadline, submitted: s.submittedAt !== null, closed: s.closedAt !== null }),
						statement: statementOf(f, files)
					}
				: null,
			receipts: files.filter((x) => x.kind === 'receipt').map((x) => ({ ...x, excluded: f.rules.costCategories.find((c) => c.key === x.category)?.eligible === false })),
			photos: files.filter((x) => x.kind === 'photo'),
			messages: s ? await repo.messagesOf(db, s.id) : [],
			progress: await repo.progressOf(db, f.id, false)
		};
	}

	async function addFile(actor: Actor, f: repo.ProjectFacts, form: FormData, kind: 'receipt' | 'photo'): Promise<Result<{ fileId: string }>> {
		const s = f.settlement!;
		const values = { date: text(form, 'date').slice(0, 20), amount: text(form, 'amount').slice(0, 30), category: text(form, 'category').slice(0, 50), description: text(form, 'description').slice(0, 400), replaces: text(form, 'replaces').slice(0, 40) };
		const issues: Issues = {};
		let parsed: ReturnType<typeof parseReceipt> | null = null;
		if (kind === 'receipt') {
			parsed = parseReceipt(values, { categories: f.rules.costCategories, year: f.year, today: berlinDay(now()) });
			if (!parsed.ok) for (const [k, v] of Object.entries(parsed.issues)) issues[k] = `settlement_error_${v}`;
		}
		const replacesId = kind === 'receipt' && values.replaces ? (UUID.test(values.replaces) ? values.replaces : 'invalid') : null;
		const field = kind === 'receipt' ? 'file' : 'photofile';
		const file = fileOf(form, field);
		let bytes: Uint8Array | null = null;
		let mime = '';
		if (!file) issues[field] = 'settlement_error_file_missing';
		else if (file.size > RECEIPT_LIMITS.maxBytes) issues[field] = 'settlement_error_file_too_large';
		else {
			const raw = new Uint8Array(await file.arrayBuffer());
			if (kind === 'receipt') {
				const c = checkReceiptFile(raw);
				if (!c.ok) issues.file = `settlement_error_${c.problem}`;
				else {
					bytes = raw;
					mime = c.type;
				}
			} else {
				const c = checkImageBytes(raw, { maxBytes: IMAGE_LIMITS.maxBytes });
				if (!c.ok) issues[field] = c.problem === 'too_large' ? 'settlement_error_file_too_large' : 'settlement_error_photo_type';
				else {
					try {
						// Photos are re-encoded like idea images: no EXIF (GPS, camera), nothing of the original container.
						const img = await reencodeImage(raw, c.type);
						bytes = img.bytes;
						mime = img.mime;
					} catch (e) {
						if (!(e instanceof ImageDecodeError)) throw e;
						issues[field] = 'settlement_error_photo_type';
					}
				}
			}
		}
		if (Object.keys(issues).length > 0 || !bytes) return { kind: 'invalid', issues, values };
		if (replacesId === 'invalid') return { kind: 'conflict', reason: 'not_replaceable' };
		const ext = mime === 'application/pdf' ? 'pdf' : mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
		const r = await repo.insertFile(
			db,
			{
				settlementId: s.id,
				proposalId: f.id,
				districtId: f.districtId,
				actorId: actor.userId,
				kind,
				receiptDate: parsed?.ok ? parsed.value.date : null,
				amountCents: parsed?.ok ? parsed.value.amountCents : null,
				category: parsed?.ok ? parsed.value.category : null,
				description: parsed?.ok ? parsed.value.description || null : null,
				excluded: parsed?.ok ? parsed.value.excluded : false,
				fileName: safeFileName(file!.name, ext),
				mime,
				bytes,
				sha256: sha256(bytes),
				replacesId,
				maxFiles: RECEIPT_LIMITS.maxFiles
			},
			now()
		);
		if (r.kind === 'ok') return { kind: 'ok', value: { fileId: r.id } };
		return { kind: 'conflict', reason: r.kind };
	}

	async function message(actor: Actor, f: repo.ProjectFacts, form: FormData, fromStaff: boolean): Promise<Result> {
		const body = text(form, 'body').trim();
		if (!body) return { kind: 'invalid', issues: { body: 'settlement_error_message_missing' } };
		if (body.length > MESSAGE_MAX) return { kind: 'invalid', issues: { body: 'settlement_error_message_long' }, values: { body: body.slice(0, MESSAGE_MAX + 100) } };
		const s = f.settlement!;
		const recipients = fromStaff ? [f.applicantEmail ?? f.contactEmail].filter((x): x is string => !!x) : await repo.staffContacts(db, s.id);
		const link = fromStaff ? `${deps.origin}/konto/ideen/${f.id}/abrechnung` : `${deps.origin}/admin/abrechnung/${f.id}`;
		const mails = recipients.map((to) => messageNotice({ to, title: f.title, link, fromStaff }));
		await repo.insertMessage(db, { settlementId: s.id, proposalId: f.id, districtId: f.districtId, actorId: actor.userId, fromStaff, body, mails }, now());
		kick();
		return { kind: 'ok', value: undefined };
	}

	return {
		// ——— applicant ———
		async mine(actor: Actor | null, id: string) {
			const f = await asApplicant(actor, id);
			return f ? view(f, berlinDay(now())) : null;
		},
		async addReceipt(actor: Actor | null, id: string, form: FormData, kind: 'receipt' | 'photo' = 'receipt'): Promise<Result<{ fileId: string }>> {
			const f = await asApplicant(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			if (f.settlement.closedAt) return { kind: 'conflict', reason: 'closed' };
			return addFile(actor!, f, form, kind);
		},
		async saveReport(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asApplicant(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			const report = text(form, 'report').trim();
			if (report.length > REPORT_MAX) return { kind: 'invalid', issues: { report: 'settlement_error_report_long' }, values: { report: report.slice(0, REPORT_MAX + 100) } };
			if (!(await repo.saveReport(db, { settlementId: f.settlement.id, report }))) return { kind: 'conflict', reason: 'closed' };
			return { kind: 'ok', value: undefined };
		},
		async submit(actor: Actor | null, id: string): Promise<Result> {
			const f = await asApplicant(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			const files = await repo.filesOf(db, f.settlement.id);
			const st = statementOf(f, files);
			const issues: Issues = {};
			if (!f.settlement.report?.trim()) issues.report = 'settlement_error_report_missing';
			if (!files.some((x) => x.kind === 'receipt')) issues.file = 'settlement_error_no_receipts';
			if (Object.keys(issues).length) return { kind: 'invalid', issues };
			const ok = await repo.submitSettlement(db, { settlementId: f.settlement.id, proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, claimedCents: st.claimedCents }, now());
			return ok ? { kind: 'ok', value: undefined } : { kind: 'conflict', reason: 'submitted' };
		},
		async applicantMessage(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asApplicant(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			return message(actor!, f, form, false);
		},
		async postProgress(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asApplicant(actor, id);
			if (!f || !['granted', 'in_implementation', 'settled'].includes(f.status)) return { kind: 'not_found' };
			const body = text(form, 'progress').trim();
			const alt = text(form, 'alt').trim();
			const issues: Issues = {};
			if (!body) issues.progress = 'settlement_error_progress_missing';
			else if (body.length > PROGRESS_MAX) issues.progress = 'settlement_error_progress_long';
			const file = fileOf(form, 'photo');
			const photos: Parameters<typeof repo.insertProgress>[1]['photos'] = [];
			if (file) {
				if (alt.length < IMAGE_LIMITS.altMin || alt.length > IMAGE_LIMITS.altMax) issues.alt = 'settlement_error_alt';
				if (file.size > IMAGE_LIMITS.maxBytes) issues.photo = 'settlement_error_file_too_large';
				else {
					const raw = new Uint8Array(await file.arrayBuffer());
					const c = checkImageBytes(raw);
					if (!c.ok) issues.photo = 'settlement_error_photo_type';
					else {
						try {
							const img = await reencodeImage(raw, c.type);
							photos.push({ bytes: img.bytes, mime: img.mime, width: img.width, height: img.height, sha256: img.sha256, alt });
						} catch (e) {
							if (!(e instanceof ImageDecodeError)) throw e;
							issues.photo = 'settlement_error_photo_type';
						}
					}
				}
			}
			if (Object.keys(issues).length) return { kind: 'invalid', issues, values: { progress: body.slice(0, PROGRESS_MAX + 100), alt: alt.slice(0, 400) } };
			await repo.insertProgress(db, { proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, body, photos }, now());
			return { kind: 'ok', value: undefined };
		},
		/** A receipt or photo for its applicant or the district's case workers; everyone else: null (404). */
		async file(actor: Actor | null, id: string, fileId: string) {
			if (!UUID.test(fileId)) return null;
			const f = await facts(id);
			if (!f || !f.settlement || !(isApplicant(actor, f) || isCaseWorker(actor, f))) return null;
			const b = await repo.fileBytes(db, f.settlement.id, fileId);
			return b && b.bytes ? { bytes: b.bytes, mime: b.mime, fileName: b.fileName } : null;
		},

		// ——— case worker ———
		async staffList(actor: Actor | null) {
			if (!actor) return null;
			const rows = (await repo.fundedProjects(db, districtsOf(actor))).filter((r) => can(actor, 'grant.manage', { districtId: r.districtId, regionId: r.regionId ?? DISTRICT_WIDE, roundId: r.roundId }).allowed);
			const today = berlinDay(now());
			const withFlags = rows.map((r) => ({
				...r,
				overdue: r.deadline !== null && isOverdue({ today, deadline: r.deadline, submitted: r.submittedAt !== null, closed: r.closedAt !== null })
			}));
			return { rows: withFlags, overdue: withFlags.filter((r) => r.overdue) };
		},
		async staffView(actor: Actor | null, id: string) {
			const f = await asStaff(actor, id);
			if (!f) return null;
			const v = await view(f, berlinDay(now()));
			const defaultDeadline = f.grant?.settlementDue ?? f.settlementPhaseEnd ?? `${f.year}-12-31`;
			const euro = (c: number) => (c / 100).toFixed(2).replace('.', ',');
			return {
				...v,
				hasGrant: f.grant !== null,
				openDefaults: { granted: euro(f.grant?.amountCents ?? f.requestedCents ?? 0), paid: euro(f.grant?.paidCents ?? 0), deadline: defaultDeadline },
				openable: !f.settlement && OPENABLE.includes(f.status as never)
			};
		},
		async open(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asStaff(actor, id);
			if (!f) return { kind: 'not_found' };
			const values = { granted: text(form, 'granted').slice(0, 30), paid: text(form, 'paid').slice(0, 30), deadline: text(form, 'deadline').slice(0, 20) };
			// With a grant notice the amounts are the notice's and its payments (grants area); only the deadline is asked.
			if (f.grant) {
				values.granted = (f.grant.amountCents / 100).toFixed(2);
				values.paid = (f.grant.paidCents / 100).toFixed(2);
				values.deadline ||= f.grant.settlementDue;
			}
			const issues: Issues = {};
			const granted = parseEuroInput(values.granted);
			const paid = parseEuroInput(values.paid || '0');
			if (granted === null || granted === 0) issues.granted = 'settlement_error_amount_invalid';
			if (paid === null) issues.paid = 'settlement_error_amount_invalid';
			else if (granted !== null && paid > granted) issues.paid = 'settlement_error_paid_above_grant';
			if (!isIsoDay(values.deadline)) issues.deadline = 'settlement_error_date_invalid';
			if (Object.keys(issues).length || granted === null || paid === null) return { kind: 'invalid', issues, values };
			const r = await repo.openSettlement(db, { proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, grantedCents: granted, paidCents: paid, deadline: values.deadline, fromStatuses: OPENABLE }, now());
			return r.kind === 'ok' ? { kind: 'ok', value: undefined } : { kind: 'conflict', reason: r.kind };
		},
		async recordPaid(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asStaff(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			if (f.grant) return { kind: 'conflict', reason: 'paid_in_grants' };
			const raw = text(form, 'paid').slice(0, 30);
			const paid = parseEuroInput(raw);
			if (paid === null) return { kind: 'invalid', issues: { paid: 'settlement_error_amount_invalid' }, values: { paid: raw } };
			if (paid > f.settlement.grantedCents) return { kind: 'invalid', issues: { paid: 'settlement_error_paid_above_grant' }, values: { paid: raw } };
			const ok = await repo.recordPaid(db, { settlementId: f.settlement.id, proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, paidCents: paid }, now());
			return ok ? { kind: 'ok', value: undefined } : { kind: 'conflict', reason: 'closed' };
		},
		async check(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asStaff(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			const fileId = text(form, 'file');
			const decision = text(form, 'decision');
			const reason = (text(form, `reason-${fileId.slice(0, 40)}`) || text(form, 'reason')).trim();
			if (!UUID.test(fileId) || (decision !== 'accepted' && decision !== 'rejected')) return { kind: 'invalid', issues: { [`reason-${fileId.slice(0, 40)}`]: 'settlement_error_decision' } };
			if (decision === 'rejected' && (reason.length < 3 || reason.length > REASON_MAX)) return { kind: 'invalid', issues: { [`reason-${fileId}`]: 'settlement_error_reason' }, values: { reason: reason.slice(0, REASON_MAX + 50), file: fileId } };
			const ok = await repo.checkFile(db, { settlementId: f.settlement.id, fileId, proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, status: decision, reason: decision === 'rejected' ? reason : null }, now());
			return ok ? { kind: 'ok', value: undefined } : { kind: 'conflict', reason: 'not_pending' };
		},
		async staffMessage(actor: Actor | null, id: string, form: FormData): Promise<Result> {
			const f = await asStaff(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			return message(actor!, f, form, true);
		},
		async close(actor: Actor | null, id: string): Promise<Result<{ refundCents: number }>> {
			const f = await asStaff(actor, id);
			if (!f || !f.settlement) return { kind: 'not_found' };
			const r = await repo.closeSettlement(
				db,
				{ settlementId: f.settlement.id, proposalId: f.id, districtId: f.districtId, actorId: actor!.userId },
				(s, files, grant) => {
					const st = statementOf({ ...f, settlement: s }, files, grant);
					const c = closeCheck({ statement: st, submitted: s.submittedAt !== null, closed: s.closedAt !== null });
					return c.ok ? { ok: true as const, paidCents: st.paidCents, provenCents: st.provenCents, refundCents: st.refundCents } : { ok: false as const, reason: c.reason as string };
				},
				now()
			);
			return r.ok ? { kind: 'ok', value: { refundCents: r.refundCents } } : { kind: 'conflict', reason: r.reason };
		},
		async progressQueue(actor: Actor | null) {
			if (!actor) return [];
			const q = await repo.progressQueue(db, districtsOf(actor));
			const withPhotos = [];
			for (const u of q.filter((u) => mayModerateComments(actor, { districtId: u.districtId, regionId: u.regionId, roundId: u.roundId }).allowed)) {
				const [p] = (await repo.progressOf(db, u.proposalId, false)).filter((x) => x.id === u.id);
				withPhotos.push({ ...u, photos: p?.photos ?? [] });
			}
			return withPhotos;
		},
		async moderateProgress(actor: Actor | null, form: FormData): Promise<Result> {
			const updateId = text(form, 'update');
			const decision = text(form, 'decision');
			const reason = (text(form, `reason-${updateId.slice(0, 40)}`) || text(form, 'reason')).trim();
			if (!UUID.test(updateId)) return { kind: 'not_found' };
			const u = await repo.progressFacts(db, updateId);
			const f = u ? await repo.projectFacts(db, u.proposalId) : null;
			if (!u || !f || !mayModerateComments(actor, { districtId: f.districtId, regionId: f.regionId, roundId: f.roundId }).allowed) return { kind: 'not_found' };
			if (decision !== 'published' && decision !== 'rejected') return { kind: 'invalid', issues: { [`reason-${updateId}`]: 'settlement_error_decision' } };
			if (decision === 'rejected' && (reason.length < 3 || reason.length > REASON_MAX)) return { kind: 'invalid', issues: { [`reason-${updateId}`]: 'settlement_error_reason' } };
			const ok = await repo.moderateProgress(db, { updateId, proposalId: f.id, districtId: f.districtId, actorId: actor!.userId, status: decision, reason: decision === 'rejected' ? reason : null }, now());
			return ok ? { kind: 'ok', value: undefined } : { kind: 'conflict', reason: 'not_pending' };
		},
		/** The moderation queue's photos (staff only) — the same check as moderating. */
		async queuePhoto(actor: Actor | null, proposalId: string, photoId: string) {
			if (!UUID.test(proposalId) || !UUID.test(photoId)) return null;
			const f = await repo.projectFacts(db, proposalId);
			if (!f || !mayModerateComments(actor, { districtId: f.districtId, regionId: f.regionId, roundId: f.roundId }).allowed) return null;
			return repo.progressPhotoBytes(db, proposalId, photoId);
		},

		// ——— public ———
		async publicProgress(id: string) {
			if (!UUID.test(id)) return [];
			return repo.progressOf(db, id, true);
		},
		/** A published update's photo for everyone; the applicant may also see their own pending ones. */
		async progressPhoto(actor: Actor | null, id: string, photoId: string) {
			if (!UUID.test(id) || !UUID.test(photoId)) return null;
			const p = await repo.progressPhotoBytes(db, id, photoId);
			if (!p) return null;
			if (p.status === 'published') return p;
			const f = await repo.projectFacts(db, id);
			return f && (isApplicant(actor, f) || mayModerateComments(actor, { districtId: f.districtId, regionId: f.regionId, roundId: f.roundId }).allowed) ? p : null;
		},
		accounts: (where: { district: string; year?: number; roundSlug?: string }) => publicAccounts(db, where),

		// ——— scheduled jobs (CLI) ———
		async sendReminders(): Promise<{ sent: number; skipped: number }> {
			const at = now();
			const today = berlinDay(at);
			let sent = 0;
			let skipped = 0;
			for (const s of await repo.openSettlements(db)) {
				const due = remindersDue({ today, deadline: s.deadline, year: s.year, submitted: s.submittedAt !== null, closed: false, sent: s.sent as never[] });
				for (const kind of due) {
					const mail = s.email ? reminderMail({ to: s.email, title: s.title, kind, deadline: s.deadline, year: s.year, link: `${deps.origin}/konto/ideen/${s.proposalId}/abrechnung` }) : null;
					if (await repo.sendReminderOnce(db, { settlementId: s.id, proposalId: s.proposalId, districtId: s.districtId, kind, mail }, at)) sent++;
					else skipped++;
				}
			}
			if (sent) kick();
			return { sent, skipped };
		},
		async runRetention(retention: Retention = DEFAULT_RETENTION): Promise<{ contact: number; receiptFiles: number; settlements: number }> {
			const at = now();
			let contact = 0;
			let receiptFiles = 0;
			let settlements = 0;
			for (const s of await repo.closedSettlements(db)) {
				const due = retentionDue({ closedAt: s.closedAt, now: at, retention, contactErased: s.contactErasedAt !== null, receiptsErased: s.receiptsErasedAt !== null });
				if (!due.contact && !due.receipts) continue;
				const r = await repo.applyRetention(db, { settlementId: s.id, proposalId: s.proposalId, districtId: s.districtId, contact: due.contact, receipts: due.receipts }, at);
				settlements++;
				if (due.contact) contact++;
				receiptFiles += r.receiptFilesErased;
			}
			return { contact, receiptFiles, settlements };
		}
	};
}

export type SettlementService = ReturnType<typeof createSettlement>;

// ——— public accounts ———

export type AnnualAccount = LedgerTotals & { roundSlug: string; title: string; year: number; projects: number; problem: string | null };

function rawTotals(entries: LedgerEntry[]): LedgerTotals {
	const sum = (k: LedgerEntry['kind']) => entries.reduce((a, e) => a + (e.kind === k && 'cents' in e ? e.cents : 0), 0);
	const budget = sum('budget');
	const committed = sum('commit') - sum('release');
	const paid = sum('payment');
	const settled = sum('settle') - sum('unsettle');
	const refunded = sum('refund');
	return { budget, committed, paid, settled, refunded, remaining: budget - committed, outstanding: paid - settled - refunded };
}

export type PublicAccounts = {
	district: { id: string; slug: string; name: string };
	year: number | null;
	years: number[];
	accounts: AnnualAccount[];
	total: LedgerTotals;
	projects: { roundSlug: string; roundTitle: string; title: string; id: string; status: string; grantedCents: number; paidCents: number; settledCents: number; refundedCents: number }[];
};

/**
 * The annual account per round and the funded projects (PRODUCT.md step 8; the district publishes "current and
 * annual accounts" per Kiezkasse, domain.md §1.4). The totals are replayed through the core ledger, so the
 * published numbers obey its invariants (committed ≤ budget, paid ≤ committed, settled + refunded = paid for
 * closed grants) or the page fails loudly instead of publishing wrong accounts. A funded project without a
 * settlement counts with its requested amount as committed (the assembly's decision).
 */
export async function publicAccounts(db: Db, where: { district: string; year?: number; roundSlug?: string }): Promise<PublicAccounts | null> {
	let districtId: string;
	if (where.roundSlug) {
		const r = await repo.roundDistrict(db, where.roundSlug);
		if (!r) return null;
		districtId = r.districtId;
	} else {
		const d = await repo.districtBySlug(db, where.district);
		if (!d) return null;
		districtId = d.id;
	}
	const d = await repo.districtBySlug(db, districtId);
	if (!d) return null;
	const years = await repo.accountYears(db, districtId);
	const { rounds, rows } = await repo.accountRows(db, { districtId, year: where.year, roundSlug: where.roundSlug });
	if (where.roundSlug && rounds.length === 0) return null;
	const title = (r: { programmeName: string; regionName: string | null; year: number }) => `${r.programmeName} ${r.regionName ?? d.name} ${r.year}`;
	const accounts: AnnualAccount[] = [];
	const projects: PublicAccounts['projects'] = [];
	for (const r of rounds) {
		const mine = rows.filter((x) => x.roundId === r.id);
		const entries: LedgerEntry[] = [{ kind: 'budget', cents: r.budgetCents }];
		for (const p of mine) {
			const granted = p.grantedCents ?? p.requestedCents ?? 0;
			const settled = p.closed ? (p.acceptedCents ?? 0) : 0;
			const refunded = p.closed ? (p.refundCents ?? 0) : 0;
			const g = p.proposalId;
			if (granted > 0) entries.push({ kind: 'commit', grantId: g, cents: granted });
			if (p.paidCents > 0) entries.push({ kind: 'payment', grantId: g, cents: p.paidCents });
			if (settled > 0) entries.push({ kind: 'settle', grantId: g, cents: settled });
			if (refunded > 0) entries.push({ kind: 'refund', grantId: g, cents: refunded });
			if (p.closed && granted > 0) entries.push({ kind: 'close', grantId: g });
			projects.push({ roundSlug: r.slug, roundTitle: title(r), title: p.title, id: p.proposalId, status: p.status, grantedCents: granted, paidCents: p.paidCents, settledCents: settled, refundedCents: refunded });
		}
		const res = replay(entries);
		// Data that breaks an invariant (e.g. decisions above the budget entered by hand) is published as it is,
		// with a flag, rather than hidden or silently corrected; the flag names the broken rule.
		const t = res.ok ? totals(res.state) : rawTotals(entries);
		accounts.push({ ...t, roundSlug: r.slug, title: title(r), year: r.year, projects: mine.length, problem: res.ok ? null : res.reason });
	}
	const sum = (k: keyof LedgerTotals) => accounts.reduce((a, x) => a + x[k], 0);
	const total: LedgerTotals = { budget: sum('budget'), committed: sum('committed'), paid: sum('paid'), settled: sum('settled'), refunded: sum('refunded'), remaining: sum('remaining'), outstanding: sum('outstanding') };
	return { district: { id: d.id, slug: d.slug, name: d.name }, year: where.year ?? null, years, accounts, total, projects };
}

const CSV_HEAD_ACCOUNTS = ['Kiezkasse / Fund', 'Jahr / Year', 'Budget', 'Bewilligt / Committed', 'Ausgezahlt / Paid', 'Abgerechnet / Settled', 'Zurückgezahlt / Refunded', 'Verfügbar / Remaining', 'Projekte / Projects'];
const CSV_HEAD_PROJECTS = ['Kiezkasse / Fund', 'Projekt / Project', 'Status', 'Bewilligt / Committed', 'Ausgezahlt / Paid', 'Abgerechnet / Settled', 'Zurückgezahlt / Refunded'];
const eur = (c: number) => (c / 100).toFixed(2);

/** CSV (RFC 4180) with the two tables one after the other; cells that start like a formula are quoted with ' (OWASP CSV injection). */
export function accountsCsv(a: PublicAccounts): string {
	const cell = (v: string | number) => {
		let s = String(v);
		if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
		return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	const line = (xs: (string | number)[]) => xs.map(cell).join(',');
	const out = [line(CSV_HEAD_ACCOUNTS)];
	for (const x of a.accounts) out.push(line([x.title, x.year, eur(x.budget), eur(x.committed), eur(x.paid), eur(x.settled), eur(x.refunded), eur(x.remaining), x.projects]));
	out.push('', line(CSV_HEAD_PROJECTS));
	for (const p of a.projects) out.push(line([p.roundTitle, p.title, p.status, eur(p.grantedCents), eur(p.paidCents), eur(p.settledCents), eur(p.refundedCents)]));
	return `${out.join('\r\n')}\r\n`;
}

export async function accountsXlsx(a: PublicAccounts): Promise<Uint8Array> {
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiezbudget';
	const money = '#,##0.00 "€"';
	const s1 = wb.addWorksheet('Jahresrechnung');
	s1.addRow(CSV_HEAD_ACCOUNTS).font = { bold: true };
	for (const x of a.accounts) s1.addRow([x.title, x.year, x.budget / 100, x.committed / 100, x.paid / 100, x.settled / 100, x.refunded / 100, x.remaining / 100, x.projects]);
	for (const c of [3, 4, 5, 6, 7, 8]) s1.getColumn(c).numFmt = money;
	s1.getColumn(1).width = 40;
	const s2 = wb.addWorksheet('Projekte');
	s2.addRow(CSV_HEAD_PROJECTS).font = { bold: true };
	for (const p of a.projects) s2.addRow([p.roundTitle, p.title, p.status, p.grantedCents / 100, p.paidCents / 100, p.settledCents / 100, p.refundedCents / 100]);
	for (const c of [4, 5, 6, 7]) s2.getColumn(c).numFmt = money;
	s2.getColumn(1).width = 40;
	s2.getColumn(2).width = 50;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
