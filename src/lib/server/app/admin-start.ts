import { can } from '#lib/core/access/policy.ts';
import { toActor, type SessionUser } from '#lib/server/auth/session.ts';

export type AdminReadPort = {
	counts(): Promise<{ rounds: number; proposals: number; outboxPending: number }>;
	recentEvents(limit: number): Promise<{ id: string; type: string; actor: string | null; at: string }[]>;
};

/** The admin start page: counts for everyone on staff, the audit log only for those allowed to read it. */
export async function adminStart(port: AdminReadPort, user: SessionUser) {
	const overview = await port.counts();
	const events = can(toActor(user), 'audit.read').allowed ? await port.recentEvents(20) : null;
	return { overview, events };
}
