/**
 * A plain text document as a tagged PDF (same font and set-up as the minutes, assembly-minutes.ts): used for the
 * demo documents of the record (issue 8), so the seeded guidelines and accounts are real PDFs whose text the
 * search reads back with pdftotext, exactly as for an upload.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export async function textPdf(title: string, paragraphs: readonly string[]): Promise<Uint8Array> {
	const doc = new PDFDocument({ size: 'A4', margin: 56, font: REGULAR, info: { Title: title }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((res, rej) => {
		doc.on('end', () => res());
		doc.on('error', rej);
	});
	const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	doc.font('bold').fontSize(16).text(title, { width });
	doc.moveDown(0.6).font('regular').fontSize(11);
	for (const p of paragraphs) doc.text(p, { width }).moveDown(0.5);
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
