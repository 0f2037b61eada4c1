import type { DomainEvent } from '../../../core/events.ts';
import type { DbOrTx } from '../client.ts';
import { event } from '../schema/index.ts';

/** Appends an event to the audit log; call it inside the transaction of the change it records. */
export async function appendEvent(db: DbOrTx, e: DomainEvent, at: Date): Promise<void> {
	await db.insert(event).values({
		type: e.type,
		actorId: e.actorId,
		subjectType: e.subject.type,
		subjectId: e.subject.id,
		districtId: e.districtId,
		payload: e.payload,
		at
	});
}
