/**
 * Re-encrypts all bank details with the current data key (issue 6; docs/operations.md "Rotating the data
 * key"). Each value is replaced on its own with a compare-and-swap UPDATE, so the run can be interrupted at
 * any point and started again: values already under the current key are skipped (idempotent), and a value
 * changed meanwhile (a new application, retention erasing it) is left alone. Nothing decrypted is logged or
 * returned; the result holds counts only, and the run is written to the audit log.
 */
import type { DataCipher } from '../crypto/data-key.ts';
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/grants.ts';

export type RotationResult = { keyId: string; rotated: number; alreadyCurrent: number; failed: number; changedMeanwhile: number };

export async function rotateDataKey(db: DbOrTx, cipher: DataCipher, now: () => Date, opts: { batch?: number; actorId?: string | null } = {}): Promise<RotationResult> {
	const batch = opts.batch ?? 200;
	const out: RotationResult = { keyId: cipher.keyId, rotated: 0, alreadyCurrent: 0, failed: 0, changedMeanwhile: 0 };
	let after: string | null = null;
	for (;;) {
		const rows = await repo.cipheredApplications(db, after, batch);
		if (rows.length === 0) break;
		for (const r of rows) {
			const sealed = r.ibanCipher!;
			if (!cipher.isStale(sealed)) {
				out.alreadyCurrent++;
				continue;
			}
			let plain: string;
			try {
				plain = cipher.decrypt(sealed);
			} catch {
				// Neither key opens it (wrong KIEZBUDGET_DATA_KEY_OLD?): count it, never print the value.
				out.failed++;
				continue;
			}
			if (await repo.swapIbanCipher(db, r.id, sealed, cipher.encrypt(plain))) out.rotated++;
			else out.changedMeanwhile++;
		}
		after = rows[rows.length - 1]!.id;
	}
	await repo.recordEvent(db, { type: 'grant.keys_rotated', actorId: opts.actorId ?? null, subject: { type: 'district', id: 'all' }, districtId: null, payload: { keyId: out.keyId, rotated: out.rotated, alreadyCurrent: out.alreadyCurrent } }, now());
	return out;
}
