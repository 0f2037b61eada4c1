import { error } from '@sveltejs/kit';
import { container } from '#lib/server/container.ts';
import type { RequestHandler } from './$types';

/**
 * The projector's live feed as server-sent events (issue 5). The state always comes from the database: the stream
 * polls the assembly's `version` once a second and sends a fresh snapshot when it changed, so any number of app
 * servers on one PostgreSQL show the same thing (ARCHITECTURE "Scale-out"; works the same on PGlite). A poll of one
 * integer per viewer per second is cheap for the handful of screens an assembly has; LISTEN/NOTIFY would need a
 * dedicated connection per server and does not exist in the embedded database.
 */
const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;
/** The browser's EventSource reconnects by itself; a bounded stream frees server resources of forgotten tabs. */
const MAX_MS = 60 * 60 * 1000;

export const GET: RequestHandler = async ({ params }) => {
	const c = await container();
	const first = await c.assemblies.publicView(params.id);
	if (!first) error(404, 'Not found');
	const id = params.id;
	let timer: ReturnType<typeof setInterval> | undefined;
	let stopped = false;
	const enc = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let version = first.version;
			let lastSent = Date.now();
			const started = Date.now();
			const send = (chunk: string) => {
				if (stopped) return;
				try {
					controller.enqueue(enc.encode(chunk));
					lastSent = Date.now();
				} catch {
					stop();
				}
			};
			const stop = () => {
				if (stopped) return;
				stopped = true;
				clearInterval(timer);
				try {
					controller.close();
				} catch {
					/* already closed by the client */
				}
			};
			send(`retry: 2000\nevent: state\ndata: ${JSON.stringify(first)}\n\n`);
			let busy = false;
			timer = setInterval(() => {
				if (busy || stopped) return;
				busy = true;
				void (async () => {
					try {
						if (Date.now() - started > MAX_MS) return stop();
						const v = await c.assemblies.version(id);
						if (v === null) return stop();
						if (v !== version) {
							const s = await c.assemblies.publicView(id);
							if (s) {
								version = s.version;
								send(`event: state\ndata: ${JSON.stringify(s)}\n\n`);
							}
						} else if (Date.now() - lastSent > KEEPALIVE_MS) send(': keep-alive\n\n');
					} catch {
						stop();
					} finally {
						busy = false;
					}
				})();
			}, POLL_MS);
		},
		cancel() {
			stopped = true;
			clearInterval(timer);
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' }
	});
};
