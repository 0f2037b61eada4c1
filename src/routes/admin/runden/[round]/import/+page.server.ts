import { fail, redirect } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { toActor } from '#lib/server/auth/session.ts';
import { readForm } from '#lib/server/http/forms.ts';
import { refuse } from '#lib/server/http/office.ts';
import { decodeTable, encodeTable, readMapping, readTable, IMPORT_CHANNELS } from '#lib/server/app/office.ts';
import { IMPORT_FIELDS } from '#lib/core/review/import.ts';
import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Import ideas from a CSV or XLSX export (issue 4): upload → map columns → dry run → import, all steps as
// plain form posts so it works without JavaScript.
export const load: PageServerLoad = async ({ locals, params }) => {
	const c = await container();
	const g = await c.office.importGate(toActor(locals.user), params.round.slice(0, 200));
	if (g.kind !== 'ok') refuse(g.kind);
	return { round: { slug: g.round.slug, title: g.title }, fields: [...IMPORT_FIELDS], channels: [...IMPORT_CHANNELS] };
};

async function gateFor(event: RequestEvent) {
	const c = await container();
	const g = await c.office.importGate(toActor(event.locals.user), event.params.round.slice(0, 200));
	if (g.kind !== 'ok') refuse(g.kind);
	return { c, g };
}

const str = (form: FormData, name: string, max = 200) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, max) : '';
};

async function withTable(event: RequestEvent, run: 'preview' | 'import') {
	const form = await readForm(event);
	const { c, g } = await gateFor(event);
	const table = decodeTable(form.get('data'));
	if (!table) return fail(400, { step: 'upload' as const, errors: { file: 'office_error_import_unreadable' } });
	const mapping = readMapping(form, table.headers);
	const channel = str(form, 'channel', 30);
	const source = str(form, 'source');
	const base = { step: 'map' as const, headers: table.headers, sample: table.rows.slice(0, 3), data: encodeTable(table), mapping, channel, source };
	if (!mapping.title) return fail(400, { ...base, errors: { 'map.title': 'office_error_import_title_unmapped' } });
	if (!(IMPORT_CHANNELS as readonly string[]).includes(channel)) return fail(400, { ...base, errors: { channel: 'office_error_channel' } });
	const plan = await c.office.planImport(g.round.id, table, mapping);
	if (run === 'preview') return { ...base, plan };
	const r = await c.office.runImport(toActor(event.locals.user), g.round.slug, table, mapping, channel, source);
	if (r.kind === 'forbidden' || r.kind === 'not_found') refuse(r.kind);
	if (r.kind === 'invalid') return fail(400, { ...base, plan: 'plan' in r ? r.plan : plan, errors: r.errors });
	if (r.kind !== 'ok') return refuse(r.kind);
	redirect(303, localizeHref(`/admin/runden/${g.round.slug}?importiert=${r.created}`));
}

export const actions: Actions = {
	upload: async (event) => {
		const form = await readForm(event);
		await gateFor(event);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { step: 'upload' as const, errors: { file: 'office_error_import_empty' } });
		const t = await readTable(new Uint8Array(await file.arrayBuffer()));
		if (!t.ok) return fail(400, { step: 'upload' as const, errors: { file: `office_error_${t.problem}` } });
		return {
			step: 'map' as const,
			headers: t.table.headers,
			sample: t.table.rows.slice(0, 3),
			data: encodeTable(t.table),
			mapping: readMapping(null, t.table.headers),
			channel: 'online',
			source: file.name.slice(0, 200)
		};
	},
	preview: (event) => withTable(event, 'preview'),
	import: (event) => withTable(event, 'import')
};
