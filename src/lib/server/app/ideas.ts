/**
 * Use cases: a resident hands in an idea online (issue 4, PRODUCT.md lifecycle step 2) — with an account
 * (as a draft first, if they like) or without one (confirmed by a one-time mail link), for themselves or an
 * organisation, with images and an optional point on the map; and later edits, submits or withdraws it.
 * Checks, in order: the round exists, its ideas phase runs (core/process PHASE_ALLOWS), the actor may act
 * (core/access, core/proposal/own-idea), the form's shape (forms/idea.ts), the programme's cost rules
 * (core/process/cost-items.ts), the point lies in the round's area (core/proposal/geo.ts), the images are
 * what their bytes say (core/proposal/image.ts) and are re-encoded (server/images).
 */
import { createHash, randomBytes } from 'node:crypto';
import { can, type Actor } from '../../core/access/policy.ts';
import { checkCostItems } from '../../core/process/cost-items.ts';
import { phaseAllows, type PhaseKey } from '../../core/process/programme.ts';
import { EDITABLE_STATUSES, isProposalStatus, isPublicStatus } from '../../core/process/proposal-status.ts';
import { boundsOf, makeView, pointInAny, svgPath, type Bounds, type PolygonRings } from '../../core/proposal/geo.ts';
import { checkImageBytes, IMAGE_LIMITS } from '../../core/proposal/image.ts';
import { ownIdeaDecision, WITHDRAWABLE_STATUSES, type OwnIdeaAction } from '../../core/proposal/own-idea.ts';
import {
	intentOf,
	parseContact,
	parseIdea,
	parseImageSlots,
	type ContactValues,
	type IdeaErrors,
	type IdeaInput,
	type IdeaValues
} from '../../forms/idea.ts';
import type { Db } from '../db/client.ts';
import {
	confirmByToken,
	deleteExpiredUnconfirmed,
	ideaForOwner,
	ideasOfUser,
	ideaVisibility,
	imageForServing,
	imageList,
	insertIdea,
	roundArea,
	roundForSubmission,
	updateIdea,
	userOrganisations,
	withdrawIdea,
	type NewImage,
	type OwnIdea,
	type RoundForSubmission
} from '../db/repositories/proposals.ts';
import { reencodeImage, ImageDecodeError } from '../images/reencode.ts';
import { ideaConfirmationMail } from '../mail/idea-mails.ts';
import { phaseStates } from './public-read.ts';

/** A small map of the round's area, drawn by the form itself (no tiles, no third party: public-sector.md D-08). */
export type AreaMap = { width: number; height: number; path: string; bounds: Bounds };

export type IdeaForm = {
	round: { slug: string; title: string; budgetCents: number; capCents: number | null };
	categories: { key: string; label: string; eligible: boolean; reason: string | null }[];
	map: AreaMap | null;
};

export type IdeaGate = { kind: 'not_found' } | { kind: 'closed'; form: IdeaForm } | { kind: 'open'; form: IdeaForm; round: RoundForSubmission };

/** How long the one-time link of a submission without an account works, and how many an address may ask for. */
export const CONFIRM_DAYS = 7;
export const CONFIRM_LIMIT = { perHours: 24, max: 5 };

function currentPhase(r: RoundForSubmission, now: Date): PhaseKey | null {
	const states = phaseStates(r.phases, now);
	const i = states.indexOf('running');
	return i >= 0 ? (r.phases[i]!.key as PhaseKey) : null;
}

// The LOR polygons change once in years; the drawn map of a round is kept per process (20 regions are ~19,000
// points, simplified to a few hundred).
const areaCache = new Map<string, { polygons: PolygonRings[]; map: AreaMap | null }>();
async function areaOf(db: Db, r: RoundForSubmission) {
	const hit = areaCache.get(r.id);
	if (hit) return hit;
	const polygons = await roundArea(db, r);
	const bounds = boundsOf(polygons);
	let map: AreaMap | null = null;
	if (bounds) {
		const view = makeView(bounds, 320);
		map = { width: view.width, height: view.height, path: svgPath(polygons, view, 0.6), bounds };
	}
	const entry = { polygons, map };
	if (areaCache.size > 200) areaCache.clear();
	areaCache.set(r.id, entry);
	return entry;
}

/** A placed idea on a round's map: its number (the list shows the same), id, title and point in the SVG box. */
export type MapMarker = { n: number; id: string; title: string; x: number; y: number };
export type IdeasMap = { width: number; height: number; path: string; markers: MapMarker[] };

/**
 * The round's area with the given ideas as numbered points (issue 4: "a map view with the list as its
 * accessible equivalent"). Drawn on the server, so it shows without JavaScript; ideas without a point or
 * (after a boundary change) outside the drawing are left off the map but stay in the list.
 */
export async function ideasMap(db: Db, slug: string, ideas: readonly { id: string; title: string; point: readonly [number, number] | null }[]): Promise<IdeasMap | null> {
	const r = await roundForSubmission(db, slug);
	if (!r) return null;
	const { map } = await areaOf(db, r);
	if (!map) return null;
	const view = makeView(map.bounds, map.width);
	const markers: MapMarker[] = [];
	for (const idea of ideas) {
		if (!idea.point) continue;
		const [x, y] = view.toSvg(idea.point);
		if (x < 0 || y < 0 || x > map.width || y > map.height) continue;
		markers.push({ n: markers.length + 1, id: idea.id, title: idea.title, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
	}
	return { width: map.width, height: map.height, path: map.path, markers };
}

export async function ideaGate(db: Db, slug: string, now: Date): Promise<IdeaGate> {
	const r = await roundForSubmission(db, slug);
	if (!r) return { kind: 'not_found' };
	const open = phaseAllows(currentPhase(r, now), 'submit_idea');
	const form: IdeaForm = {
		round: { slug: r.slug, title: r.title, budgetCents: r.budgetCents, capCents: r.rules.capPerProjectCents },
		categories: r.rules.costCategories.map((c) => ({ key: c.key, label: c.label, eligible: c.eligible, reason: c.reason ?? null })),
		map: open ? (await areaOf(db, r)).map : null
	};
	return open ? { kind: 'open', form, round: r } : { kind: 'closed', form };
}

/** Organisations the actor may propose for (the select is shown only when there are any). */
export async function organisationsOf(db: Db, actor: Actor | null) {
	return actor ? userOrganisations(db, actor.userId) : [];
}

export type SubmitOptions = {
	/** Public origin for the link in the confirmation mail (config.origin). */
	origin?: string;
	locale?: 'de' | 'en';
	/** Wakes the outbox worker after the transaction committed. */
	kickMail?: () => void;
};

export type Invalid = {
	kind: 'invalid';
	values: IdeaValues;
	errors: IdeaErrors;
	excluded: Record<string, string>;
	contact?: ContactValues;
	/** Files were chosen but not kept: the form must say "please choose them again" (browsers cannot refill them). */
	filesDropped: boolean;
	status?: number;
};

export type SubmitOutcome =
	| { kind: 'not_found' }
	| { kind: 'closed' }
	| { kind: 'forbidden'; reason: string }
	| Invalid
	| { kind: 'ok'; id: string; created: boolean; status: 'draft' | 'submitted' | 'unconfirmed' };

/** The programme's cost rules, reported at the row that broke them (with the programme's own reason). */
function costProblems(round: RoundForSubmission, value: IdeaInput, rows: number[]) {
	const errors: IdeaErrors = {};
	const excluded: Record<string, string> = {};
	for (const p of checkCostItems(round.rules, value.items, round.budgetCents)) {
		if ('index' in p) {
			const field = `items.${rows[p.index] ?? 0}.category`;
			errors[field] = p.kind === 'excluded_category' ? 'error_idea_item_excluded' : 'error_idea_item_category';
			if (p.kind === 'excluded_category') excluded[field] = p.reason;
		} else errors['items.0.amount'] = p.kind === 'over_cap' ? 'error_idea_over_cap' : 'error_idea_over_budget';
	}
	return { errors, excluded };
}

/**
 * Everything the idea form and the edit form share: shape, programme rules (not for drafts: a draft may
 * still hold an excluded cost, it is refused when handed in), organisation, location and images.
 */
async function checkIdeaForm(
	db: Db,
	round: RoundForSubmission,
	actor: Actor | null,
	form: FormData,
	draft: boolean
): Promise<{ ok: true; value: IdeaInput; images: NewImage[]; values: IdeaValues; chosen: number } | Omit<Invalid, 'contact'>> {
	const parsed = parseIdea(form, { draft });
	const slots = parseImageSlots(form);
	const errors: IdeaErrors = { ...(parsed.ok ? {} : parsed.errors), ...slots.errors };
	let excluded: Record<string, string> = {};
	if (parsed.ok) {
		if (!draft) {
			const c = costProblems(round, parsed.value, parsed.rows);
			Object.assign(errors, c.errors);
			excluded = c.excluded;
		}
		if (parsed.value.organisationId) {
			const mine = actor ? await userOrganisations(db, actor.userId) : [];
			if (!mine.some((o) => o.id === parsed.value.organisationId)) errors.organisationId = 'ideaform_error_organisation';
		}
		if (parsed.value.location) {
			const { polygons } = await areaOf(db, round);
			if (!pointInAny(parsed.value.location, polygons)) errors.location = 'ideaform_error_location_outside';
		}
	}
	// The type is read from the bytes of every chosen file, so all wrong files are named at once.
	const accepted: { slot: number; bytes: Uint8Array; type: 'image/jpeg' | 'image/png' | 'image/webp'; alt: string }[] = [];
	for (const s of slots.slots) {
		const bytes = new Uint8Array(await s.file.arrayBuffer());
		const c = checkImageBytes(bytes);
		if (!c.ok) errors[`images.${s.slot}.file`] = c.problem === 'too_large' ? 'ideaform_error_image_too_large' : 'ideaform_error_image_type';
		else accepted.push({ slot: s.slot, bytes, type: c.type, alt: s.alt });
	}
	if (Object.keys(errors).length > 0 || !parsed.ok) {
		return { kind: 'invalid', values: parsed.values, errors, excluded, filesDropped: slots.chosen > 0 };
	}
	// Decoding costs CPU, so it runs only once everything else is fine.
	const images: NewImage[] = [];
	for (const a of accepted) {
		try {
			const e = await reencodeImage(a.bytes, a.type);
			images.push({ ...e, alt: a.alt });
		} catch (err) {
			if (!(err instanceof ImageDecodeError)) throw err;
			errors[`images.${a.slot}.file`] = 'ideaform_error_image_unreadable';
		}
	}
	if (Object.keys(errors).length > 0) return { kind: 'invalid', values: parsed.values, errors, excluded, filesDropped: true };
	return { ok: true, value: parsed.value, images, values: parsed.values, chosen: slots.chosen };
}

const point = (p: IdeaInput['location']) => (p ? { type: 'Point' as const, coordinates: [p[0], p[1]] as [number, number] } : null);
const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

export async function submitIdea(db: Db, actor: Actor | null, slug: string, form: FormData, now: Date, opts: SubmitOptions = {}): Promise<SubmitOutcome> {
	const gate = await ideaGate(db, slug, now);
	if (gate.kind === 'not_found') return gate;
	if (gate.kind === 'closed') return { kind: 'closed' };
	// Without an account an idea is always handed in (a draft needs somewhere to come back to).
	const draft = actor !== null && intentOf(form) === 'draft';
	if (actor) {
		const decision = can(actor, 'proposal.submit', { districtId: gate.round.districtId });
		if (!decision.allowed) return { kind: 'forbidden', reason: decision.reason };
	}
	const contact = actor ? null : parseContact(form);
	const checked = await checkIdeaForm(db, gate.round, actor, form, draft);
	if (!('ok' in checked) || (contact && !contact.ok)) {
		const base = 'ok' in checked ? { values: checked.values, errors: {}, excluded: {}, filesDropped: checked.chosen > 0 } : checked;
		return {
			kind: 'invalid',
			values: base.values,
			errors: { ...(contact && !contact.ok ? contact.errors : {}), ...base.errors },
			excluded: base.excluded,
			filesDropped: base.filesDropped,
			...(contact ? { contact: contact.values } : {})
		};
	}
	const v = checked.value;
	let confirmation = null;
	if (contact?.ok) {
		const token = randomBytes(32).toString('base64url');
		const locale = opts.locale ?? 'de';
		const link = `${opts.origin ?? ''}${locale === 'en' ? '/en' : ''}/idee/bestaetigen?token=${token}`;
		confirmation = {
			tokenHash: hashToken(token),
			expiresAt: new Date(now.getTime() + CONFIRM_DAYS * 86_400_000),
			mail: ideaConfirmationMail({ to: contact.value.email, name: contact.value.name, title: v.title, link, days: CONFIRM_DAYS, locale })
		};
	}
	const status = actor ? (draft ? 'draft' : 'submitted') : 'unconfirmed';
	const r = await insertIdea(
		db,
		{
			roundId: gate.round.id,
			districtId: gate.round.districtId,
			status,
			applicantUserId: actor?.userId ?? null,
			contactEmail: contact?.ok ? contact.value.email : null,
			title: v.title,
			description: v.description,
			benefit: v.benefit,
			placeDescription: v.placeDescription,
			items: v.items,
			organisationId: actor ? v.organisationId : null,
			location: point(v.location),
			images: checked.images,
			confirmation,
			addressLimit: contact?.ok ? { since: new Date(now.getTime() - CONFIRM_LIMIT.perHours * 3_600_000), max: CONFIRM_LIMIT.max } : undefined
		},
		now
	);
	if (r.kind === 'rate_limited') {
		return {
			kind: 'invalid',
			values: checked.values,
			errors: { contactEmail: 'ideaform_error_rate_limited' },
			excluded: {},
			filesDropped: checked.chosen > 0,
			contact: contact?.values,
			status: 429
		};
	}
	if (confirmation) opts.kickMail?.();
	return { kind: 'ok', id: r.id, created: r.created, status };
}

// ---------------------------------------------------------------------------------------------------
// The proposer's own ideas

export type OwnIdeaView = {
	idea: OwnIdea;
	form: IdeaForm;
	organisations: { id: string; name: string }[];
	may: Record<OwnIdeaAction, boolean>;
	/** Why editing is not possible (shown on the page), or null. */
	editBlocked: 'not_editable' | 'phase_closed' | null;
};

async function loadOwn(db: Db, actor: Actor | null, id: string, now: Date) {
	if (!actor || !/^[0-9a-f-]{36}$/i.test(id)) return null;
	const idea = await ideaForOwner(db, id);
	if (!idea || idea.applicantUserId !== actor.userId || !isProposalStatus(idea.status)) return null;
	const gate = await ideaGate(db, idea.roundSlug, now);
	if (gate.kind === 'not_found') return null;
	const running = gate.kind === 'open';
	const status = idea.status;
	const decide = (a: OwnIdeaAction) => ownIdeaDecision(a, { isOwner: true, status, ideaPhaseRunning: running });
	return { idea, gate, decide };
}

export async function ownIdea(db: Db, actor: Actor | null, id: string, now: Date): Promise<{ kind: 'not_found' } | { kind: 'ok'; value: OwnIdeaView }> {
	const o = await loadOwn(db, actor, id, now);
	if (!o) return { kind: 'not_found' };
	// The edit form draws the map also when the phase closed (read-only then).
	const round = o.gate.kind === 'open' ? o.gate.round : null;
	const form = round ? o.gate.form : { ...o.gate.form, map: null };
	const edit = o.decide('edit');
	return {
		kind: 'ok',
		value: {
			idea: o.idea,
			form,
			organisations: await organisationsOf(db, actor),
			may: { view: true, edit: edit.allowed, submit: o.decide('submit').allowed, withdraw: o.decide('withdraw').allowed },
			editBlocked: edit.allowed ? null : edit.reason === 'phase_closed' ? 'phase_closed' : 'not_editable'
		}
	};
}

export type EditOutcome =
	| { kind: 'not_found' }
	| { kind: 'forbidden'; reason: 'not_editable' | 'phase_closed' }
	| Invalid
	| { kind: 'ok'; status: string };

/** Saves changes to one's own idea; `intent=submit` on a draft hands it in (after the full checks). */
export async function editIdea(db: Db, actor: Actor | null, id: string, form: FormData, now: Date): Promise<EditOutcome> {
	const o = await loadOwn(db, actor, id, now);
	if (!o || !actor) return { kind: 'not_found' };
	const submit = o.idea.status === 'draft' && intentOf(form) === 'submit';
	const d = o.decide(submit ? 'submit' : 'edit');
	if (!d.allowed) return d.reason === 'not_found' ? { kind: 'not_found' } : { kind: 'forbidden', reason: d.reason };
	if (o.gate.kind !== 'open') return { kind: 'forbidden', reason: 'phase_closed' };
	const checked = await checkIdeaForm(db, o.gate.round, actor, form, !submit);
	if (!('ok' in checked)) return checked;
	const v = checked.value;
	const r = await updateIdea(
		db,
		{
			id,
			districtId: o.gate.round.districtId,
			actorId: actor.userId,
			editable: EDITABLE_STATUSES,
			submit,
			title: v.title,
			description: v.description,
			benefit: v.benefit,
			placeDescription: v.placeDescription,
			items: v.items,
			organisationId: v.organisationId,
			location: point(v.location),
			addImages: checked.images,
			removeImages: v.removeImages,
			maxImages: IMAGE_LIMITS.maxCount
		},
		now
	);
	if (r.kind === 'not_editable') return { kind: 'forbidden', reason: 'not_editable' };
	if (r.kind === 'too_many_images') {
		return { kind: 'invalid', values: checked.values, errors: { 'images.0.file': 'ideaform_error_image_count' }, excluded: {}, filesDropped: true };
	}
	return { kind: 'ok', status: submit ? 'submitted' : o.idea.status };
}

export async function withdrawOwnIdea(db: Db, actor: Actor | null, id: string, now: Date): Promise<{ kind: 'not_found' } | { kind: 'forbidden' } | { kind: 'ok' }> {
	const o = await loadOwn(db, actor, id, now);
	if (!o || !actor) return { kind: 'not_found' };
	if (!o.decide('withdraw').allowed) return { kind: 'forbidden' };
	const districtId = o.gate.kind === 'open' ? o.gate.round.districtId : (await roundForSubmission(db, o.idea.roundSlug))!.districtId;
	return (await withdrawIdea(db, { id, districtId, actorId: actor.userId, from: WITHDRAWABLE_STATUSES }, now)) ? { kind: 'ok' } : { kind: 'forbidden' };
}

export async function myIdeas(db: Db, actor: Actor | null) {
	if (!actor) return null;
	return ideasOfUser(db, actor.userId);
}

/** The link from the mail: confirms exactly once, before it expires. The token itself is never stored or logged. */
export async function confirmIdea(db: Db, token: string, now: Date) {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { kind: 'invalid' as const };
	return confirmByToken(db, hashToken(token), now);
}

// ---------------------------------------------------------------------------------------------------
// Images

/** Images shown on the public idea page: only of ideas the public may see. */
export async function publicImages(db: Db, proposalId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(proposalId)) return [];
	const v = await ideaVisibility(db, proposalId);
	if (!v || !isPublicStatus(v.status)) return [];
	return imageList(db, proposalId);
}

/**
 * One image for the browser. Public ideas' images are public; drafts and unconfirmed ideas' images only for
 * their owner and the district's reviewing staff; everyone else gets 404, not 403, so nothing is revealed
 * (public-sector.md S-07: "every download must check the session and the permission at request time").
 */
export async function imageFile(db: Db, actor: Actor | null, proposalId: string, fileId: string) {
	const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	if (!uuid.test(proposalId) || !uuid.test(fileId)) return { kind: 'not_found' as const };
	const f = await imageForServing(db, proposalId, fileId);
	if (!f || f.kind !== 'image') return { kind: 'not_found' as const };
	const isPublic = isPublicStatus(f.status);
	const allowed = isPublic || (actor !== null && (actor.userId === f.applicantUserId || can(actor, 'proposal.review', { districtId: f.districtId }).allowed));
	if (!allowed) return { kind: 'not_found' as const };
	return { kind: 'ok' as const, bytes: f.bytes, mime: f.mime, etag: f.sha256, isPublic };
}

/** Housekeeping (`kiezbudget cleanup`): ideas whose address was never confirmed are deleted once every link expired. */
export async function purgeUnconfirmed(db: Db, now: Date): Promise<{ deleted: number }> {
	return { deleted: await deleteExpiredUnconfirmed(db, now) };
}
