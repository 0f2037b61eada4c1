import { json } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { RequestHandler } from './$types';

// For load balancers and monitoring: 200 when the database answers, 503 otherwise. No details leak.
export const GET: RequestHandler = async () => {
	try {
		const c = await container();
		await c.ping();
		return json({ status: 'ok', database: c.databaseKind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
