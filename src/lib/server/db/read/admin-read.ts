import { desc, sql } from 'drizzle-orm';
import type { AdminReadPort } from '../../app/admin-start.ts';
import type { Db } from '../client.ts';
import { pendingOutboxCount } from '../repositories/outbox.ts';
import { event, proposal, round, user } from '../schema/index.ts';

export function createAdminRead(db: Db): AdminReadPort {
	return {
		async counts() {
			const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(round);
			const [p] = await db.select({ n: sql<number>`count(*)::int` }).from(proposal);
			return { rounds: r?.n ?? 0, proposals: p?.n ?? 0, outboxPending: await pendingOutboxCount(db) };
		},
		async recentEvents(limit) {
			const rows = await db
				.select({ id: event.id, type: event.type, at: event.at, actor: user.pseudonym })
				.from(event)
				.leftJoin(user, sql`${user.id} = ${event.actorId}`)
				.orderBy(desc(event.id))
				.limit(limit);
			return rows.map((r) => ({ id: String(r.id), type: r.type, actor: r.actor, at: r.at.toISOString() }));
		}
	};
}
