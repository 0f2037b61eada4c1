import { openDb } from '../../src/lib/server/db/client.ts';
import { rotateDataKey } from '../../src/lib/server/app/key-rotation.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { dataCipher } from '../../src/lib/server/crypto/data-key.ts';

const USAGE = `kiezbudget keys rotate
  Re-encrypts all stored bank details with the key in KIEZBUDGET_DATA_KEY. Values sealed with the previous
  key are read with KIEZBUDGET_DATA_KEY_OLD. Safe to interrupt and to run again: values already under the new
  key are skipped. Prints counts only. Exit code 1 if a value could not be decrypted with either key.
  See docs/operations.md, "Rotating the data key".
`;

export async function keysCommand(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub !== 'rotate' || rest.length > 0) {
		process.stderr.write(USAGE);
		return 2;
	}
	// Rotating to the built-in development key would be a silent downgrade: the new key must be given.
	if (!process.env.KIEZBUDGET_DATA_KEY) {
		process.stderr.write(`KIEZBUDGET_DATA_KEY must be set to the new key.\n\n${USAGE}`);
		return 2;
	}
	const config = readConfig();
	const cipher = dataCipher(config.dataKey, config.dataKeyOld);
	const handle = await openDb(config.databaseUrl);
	try {
		const r = await rotateDataKey(handle.db, cipher, () => new Date());
		process.stdout.write(`key ${r.keyId}: re-encrypted ${r.rotated}, already current ${r.alreadyCurrent}, changed meanwhile ${r.changedMeanwhile}, failed ${r.failed}\n`);
		return r.failed > 0 ? 1 : 0;
	} finally {
		await handle.close();
	}
}
