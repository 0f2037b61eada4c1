/**
 * Text of a PDF for the German full-text search (issue 8: "PDF text extracted"), with `pdftotext` from
 * poppler-utils (installed by .ci/run and by the Debian package list in docs/operations.md). It runs as a
 * separate process with a time limit and a size limit on its output, so a hostile or broken PDF cannot hang
 * or exhaust the app server; the file goes in on stdin, never through a path we would have to write.
 */
import { spawn } from 'node:child_process';
import { log } from '../log.ts';

const TIMEOUT_MS = 20_000;
/** Far more than any minutes or annual accounts; the rest is cut off, search still finds the beginning. */
const MAX_TEXT_CHARS = 1_000_000;

export async function pdfText(bytes: Uint8Array, bin = process.env.PDFTOTEXT ?? 'pdftotext'): Promise<string> {
	return new Promise((resolve) => {
		let out = '';
		let done = false;
		const finish = (text: string) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			resolve(text.replace(/\f/g, '\n').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim().slice(0, MAX_TEXT_CHARS));
		};
		let child: ReturnType<typeof spawn>;
		try {
			child = spawn(bin, ['-enc', 'UTF-8', '-q', '-', '-'], { stdio: ['pipe', 'pipe', 'ignore'] });
		} catch (err) {
			log.warn({ msg: 'pdftotext could not start; the document is stored without searchable text', err: String(err) });
			resolve('');
			return;
		}
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			log.warn({ msg: 'pdftotext took too long; the document is stored without searchable text' });
			finish('');
		}, TIMEOUT_MS);
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			if (out.length < MAX_TEXT_CHARS) out += chunk;
		});
		child.on('error', (err) => {
			log.warn({ msg: 'pdftotext is not available; the document is stored without searchable text', err: String(err) });
			finish('');
		});
		child.on('close', (code) => finish(code === 0 ? out : ''));
		child.stdin!.on('error', () => undefined);
		child.stdin!.end(Buffer.from(bytes));
	});
}
