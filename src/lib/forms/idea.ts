/**
 * Shape validation of the idea form (issue 4; ARCHITECTURE: forms/ holds input schemas only). Works on
 * plain form posts, so the same parser serves the page without JavaScript. Cost items come as numbered
 * rows (`items[N].category`, `.description`, `.amount`); fully empty rows are ignored, so a form can offer
 * spare rows without JavaScript. Programme rules (excluded categories, cap) are checked afterwards in core
 * (core/process/cost-items.ts), because they depend on the round.
 */
import { parseEuroInput, type Cents } from '../core/shared/money.ts';
import { parsePosition, type Position } from '../core/proposal/geo.ts';
import { IMAGE_LIMITS } from '../core/proposal/image.ts';

export const MAX_COST_ROWS = 8;
/** No Kiezkasse or citizens' budget project comes near this; above it a typo is far more likely. */
export const MAX_ITEM_CENTS: Cents = 100_000_000;

export type IdeaErrorKey =
	| 'error_idea_title_length'
	| 'error_idea_description_length'
	| 'error_idea_benefit_length'
	| 'error_idea_place_length'
	| 'error_idea_items_missing'
	| 'error_idea_item_category'
	| 'error_idea_item_description'
	| 'error_idea_item_amount'
	| 'error_idea_item_excluded'
	| 'error_idea_over_cap'
	| 'error_idea_over_budget'
	| 'ideaform_error_image_too_large'
	| 'ideaform_error_image_type'
	| 'ideaform_error_image_unreadable'
	| 'ideaform_error_image_alt'
	| 'ideaform_error_image_count'
	| 'ideaform_error_location_outside'
	| 'ideaform_error_organisation'
	| 'ideaform_error_contact_name'
	| 'ideaform_error_contact_email'
	| 'ideaform_error_rate_limited'
	| 'ideaform_error_body_too_large';

export type IdeaItem = { category: string; description: string; amount: string };
/** Everything typed, to fill the form again after a failed post (files cannot be refilled by a server). */
export type IdeaValues = {
	title: string;
	description: string;
	benefit: string;
	placeDescription: string;
	items: IdeaItem[];
	organisationId: string;
	lon: string;
	lat: string;
	/** Alt texts of the new image slots. */
	imageAlts: string[];
	/** Ids of stored images the proposer ticked for removal (edit form). */
	removeImages: string[];
};
export type IdeaInput = {
	title: string;
	description: string;
	benefit: string | null;
	placeDescription: string | null;
	items: { category: string; description: string; amountCents: Cents }[];
	/** '' = for oneself; otherwise an organisation id, checked against the memberships by the use case. */
	organisationId: string | null;
	location: Position | null;
	removeImages: string[];
};
/** `draft` keeps an unfinished idea; `submit` hands it in (the first button, so Enter submits). */
export type IdeaIntent = 'draft' | 'submit';
export const MAX_IMAGE_SLOTS = IMAGE_LIMITS.maxCount;
/** Field names as in the form, so errors point at the field: `title`, `items.2.amount` … */
export type IdeaErrors = Record<string, IdeaErrorKey>;

const str = (form: FormData, name: string, max: number) => {
	const v = form.get(name);
	// Normalise line endings and trim; cut absurd input early (a later length check reports it).
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max + 1) : '';
};
const len = (s: string) => [...s].length;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const intentOf = (form: FormData): IdeaIntent => (form.get('intent') === 'draft' ? 'draft' : 'submit');

/**
 * `values` always refills the form; `rows` gives the form row of each parsed cost item (empty rows are
 * skipped). A draft only needs a title: the rest may still be missing, but what is there must be valid
 * (a draft is stored, so an amount of "viel" cannot be).
 */
export function parseIdea(
	form: FormData,
	opts: { draft?: boolean } = {}
): { ok: true; value: IdeaInput; values: IdeaValues; rows: number[] } | { ok: false; values: IdeaValues; errors: IdeaErrors } {
	const draft = opts.draft ?? false;
	const title = str(form, 'title', 120).replace(/\s+/g, ' ');
	const description = str(form, 'description', 5000);
	const benefit = str(form, 'benefit', 2000);
	const placeDescription = str(form, 'placeDescription', 300);
	const items: IdeaItem[] = [];
	for (let i = 0; i < MAX_COST_ROWS; i++) {
		items.push({
			category: str(form, `items.${i}.category`, 40),
			description: str(form, `items.${i}.description`, 200),
			amount: str(form, `items.${i}.amount`, 20)
		});
	}
	const organisationId = str(form, 'organisationId', 40);
	const lon = str(form, 'location.lon', 20);
	const lat = str(form, 'location.lat', 20);
	const imageAlts = Array.from({ length: MAX_IMAGE_SLOTS }, (_, i) => str(form, `images.${i}.alt`, IMAGE_LIMITS.altMax));
	const removeImages = form
		.getAll('removeImage')
		.filter((v): v is string => typeof v === 'string' && UUID.test(v))
		.slice(0, 20);
	const errors: IdeaErrors = {};
	if (len(title) < 5 || len(title) > 120) errors.title = 'error_idea_title_length';
	if ((!draft && len(description) < 20) || len(description) > 5000) errors.description = 'error_idea_description_length';
	if (len(benefit) > 2000) errors.benefit = 'error_idea_benefit_length';
	if (len(placeDescription) > 300) errors.placeDescription = 'error_idea_place_length';

	const parsed: IdeaInput['items'] = [];
	const rows: number[] = [];
	items.forEach((row, i) => {
		// A row counts as filled when its description or amount is; the category select always has a value.
		if (row.description === '' && row.amount === '') return;
		const amountCents = parseEuroInput(row.amount);
		if (row.category === '') errors[`items.${i}.category`] = 'error_idea_item_category';
		if (len(row.description) < 2 || len(row.description) > 200) errors[`items.${i}.description`] = 'error_idea_item_description';
		if (amountCents === null || amountCents <= 0 || amountCents > MAX_ITEM_CENTS) errors[`items.${i}.amount`] = 'error_idea_item_amount';
		else {
			parsed.push({ category: row.category, description: row.description, amountCents });
			rows.push(i);
		}
	});
	const filled = items.filter((r) => r.description !== '' || r.amount !== '').length;
	if (filled === 0 && !draft) errors['items.0.description'] = 'error_idea_items_missing';
	if (organisationId !== '' && !UUID.test(organisationId)) errors.organisationId = 'ideaform_error_organisation';

	const values: IdeaValues = { title, description, benefit, placeDescription, items, organisationId, lon, lat, imageAlts, removeImages };
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return {
		ok: true,
		values,
		rows,
		value: {
			title,
			description,
			benefit: benefit || null,
			placeDescription: placeDescription || null,
			items: parsed,
			organisationId: organisationId || null,
			// A point that is not a coordinate at all is dropped; one outside the region is refused by the use case.
			location: parsePosition(lon, lat),
			removeImages
		}
	};
}

/** A new image as it came in the post; its bytes are read and checked by the use case. */
export type ImageSlot = { slot: number; file: File; alt: string };

/**
 * The image slots of the form (`images.N.file` + `images.N.alt`). Size and alt text are checked here from
 * the post alone; the type needs the bytes (core/proposal/image.ts). Every image needs a text alternative
 * (WCAG 2.2 SC 1.1.1), written by the person who knows what it shows.
 */
export function parseImageSlots(form: FormData): { slots: ImageSlot[]; errors: IdeaErrors; chosen: number } {
	const slots: ImageSlot[] = [];
	const errors: IdeaErrors = {};
	let chosen = 0;
	for (let i = 0; i < MAX_IMAGE_SLOTS; i++) {
		const f = form.get(`images.${i}.file`);
		// Browsers send an empty file part for an empty file input; that is "no image".
		if (!(f instanceof File) || (f.size === 0 && f.name === '')) continue;
		chosen++;
		const alt = str(form, `images.${i}.alt`, IMAGE_LIMITS.altMax);
		if (f.size > IMAGE_LIMITS.maxBytes) errors[`images.${i}.file`] = 'ideaform_error_image_too_large';
		if (len(alt) < IMAGE_LIMITS.altMin || len(alt) > IMAGE_LIMITS.altMax) errors[`images.${i}.alt`] = 'ideaform_error_image_alt';
		if (!errors[`images.${i}.file`] && !errors[`images.${i}.alt`]) slots.push({ slot: i, file: f, alt });
	}
	return { slots, errors, chosen };
}

export type ContactValues = { contactName: string; contactEmail: string };

/**
 * Name and address of someone without an account (issue 4). The address only has to look deliverable
 * (one @, a dot in the domain, no spaces): the mail link proves it works (WHATWG HTML's e-mail check is
 * no stricter in practice).
 */
export function parseContact(form: FormData): { ok: true; value: { name: string; email: string }; values: ContactValues } | { ok: false; values: ContactValues; errors: IdeaErrors } {
	const contactName = str(form, 'contactName', 60).replace(/\s+/g, ' ');
	const contactEmail = str(form, 'contactEmail', 254);
	const errors: IdeaErrors = {};
	if (len(contactName) < 2 || len(contactName) > 60) errors.contactName = 'ideaform_error_contact_name';
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail) || contactEmail.length > 254) errors.contactEmail = 'ideaform_error_contact_email';
	const values = { contactName, contactEmail };
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return { ok: true, values, value: { name: contactName, email: contactEmail.toLowerCase() } };
}
