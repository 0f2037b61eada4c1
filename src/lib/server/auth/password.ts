import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1); public-sector.md S-01 / ASVS
// v5.0.0-11.4.2. Takes about 20 ms here (research/stack.md §6).
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, PARAMS);
}

export async function verifyPassword(data: { hash: string; password: string }): Promise<boolean> {
	try {
		return await verify(data.hash, data.password);
	} catch {
		// A malformed stored hash is a failed check, not a crash.
		return false;
	}
}
