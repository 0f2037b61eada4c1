/**
 * A small in-memory sliding window per key (e.g. the client address), for public forms without an account.
 * The key is never stored or logged beyond the window, and it is process-local: with several app servers each
 * counts alone, which is enough to stop a script flooding one form (issue 7: answers must stay honest).
 */
export function rateWindow(limit: number, windowMs: number) {
	const hits = new Map<string, number[]>();
	return {
		/** Records a hit and says whether it is within the limit. */
		allow(key: string, now: number): boolean {
			const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
			if (recent.length >= limit) {
				hits.set(key, recent);
				return false;
			}
			recent.push(now);
			hits.set(key, recent);
			// Forget old keys now and then so the map cannot grow without bound.
			if (hits.size > 10_000) for (const [k, v] of hits) if (v.every((t) => now - t >= windowMs)) hits.delete(k);
			return true;
		}
	};
}
