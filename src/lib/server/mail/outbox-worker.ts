import type { Mail } from './transport.ts';
import { log } from '../log.ts';

export type OutboxItem = { id: string; kind: string; payload: unknown; attempts: number };

export type OutboxPorts = {
	/** Claims up to `limit` due items so no other worker (or app server) takes them. */
	claim(limit: number): Promise<OutboxItem[]>;
	finish(id: string): Promise<void>;
	fail(id: string, message: string, retryAt: Date): Promise<void>;
	send(mail: Mail): Promise<void>;
};

const MAX_ATTEMPTS = 8;

/**
 * Sends what the outbox holds, after the transaction that wrote it committed (ARCHITECTURE house rule 7).
 * Runs on every app server; the claim makes sure each item is sent once. Retries with exponential
 * backoff. Logs ids and errors, never mail bodies (they contain tokens).
 */
export class OutboxWorker {
	#ports: OutboxPorts;
	#timer: ReturnType<typeof setInterval> | undefined;
	#running: Promise<void> | undefined;
	#again = false;

	constructor(ports: OutboxPorts) {
		this.#ports = ports;
	}

	start(intervalMs = 5000): void {
		this.#timer ??= setInterval(() => this.kick(), intervalMs);
		this.#timer.unref();
		this.kick();
	}

	/** Process now (e.g. right after a mail was queued). */
	kick(): void {
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = this.#drain().finally(() => {
			this.#running = undefined;
			if (this.#again) {
				this.#again = false;
				this.kick();
			}
		});
	}

	/** Resolves when the current pass (if any) has finished. */
	async idle(): Promise<void> {
		while (this.#running) await this.#running;
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		await this.idle();
	}

	async #drain(): Promise<void> {
		for (;;) {
			let items: OutboxItem[];
			try {
				items = await this.#ports.claim(10);
			} catch (err) {
				log.warn({ msg: 'outbox claim failed', err: err instanceof Error ? err.message : String(err) });
				return;
			}
			if (items.length === 0) return;
			for (const item of items) {
				try {
					if (item.kind !== 'mail') throw new Error(`unknown outbox kind ${item.kind}`);
					await this.#ports.send(item.payload as Mail);
					await this.#ports.finish(item.id);
					log.info({ msg: 'outbox sent', id: item.id });
				} catch (err) {
					const message = err instanceof Error ? err.message : String(err);
					const attempts = item.attempts + 1;
					const delay = attempts >= MAX_ATTEMPTS ? 365 * 24 * 3600_000 : 2 ** attempts * 1000;
					log.warn({ msg: 'outbox send failed', id: item.id, attempts, err: message });
					await this.#ports.fail(item.id, message.slice(0, 500), new Date(Date.now() + delay)).catch(() => {});
				}
			}
		}
	}
}
