import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import { accountsXlsx } from '#lib/server/app/settlement.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const c = await container();
	const raw = url.searchParams.get('jahr');
	const year = raw && /^\d{4}$/.test(raw) ? Number(raw) : undefined;
	const a = await c.settlement.accounts({ district: params.district.slice(0, 100), year });
	if (!a) error(404, 'Not found');
	const name = `konten-${a.district.slug}${year ? `-${year}` : ''}.xlsx`;
	return new Response((await accountsXlsx(a)) as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${name}"` }
	});
};
