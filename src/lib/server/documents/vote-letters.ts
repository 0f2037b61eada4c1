/**
 * Letters with voting codes as one PDF (public-sector.md E-03: plaintext exists only in this export; A-09:
 * large type, plain language, German and English). One A4 page per code with the code in large letters and
 * a QR code that opens the ballot page with the code after '#', so it never reaches a server log (S-11).
 * The font is DejaVu Sans, shipped in assets/fonts (no third-party requests; a TrueType file because fontkit
 * 2.0 cannot subset the KERN package's WOFF2 fonts — it fails on composite glyphs). Embedded as a subset
 * with a Unicode map, so the text can be copied and read out.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export async function voteLettersPdf(o: { roundTitle: string; batchLabel: string; ballotUrl: string; codes: string[] }): Promise<Uint8Array> {
	const doc = new PDFDocument({ size: 'A4', margin: 56, font: REGULAR, info: { Title: `Abstimmungscodes – ${o.roundTitle}`, Subject: o.batchLabel }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', () => resolve());
		doc.on('error', reject);
	});
	o.codes.forEach((code, i) => {
		if (i > 0) doc.addPage();
		doc.font('bold').fontSize(22).text(`Ihr Abstimmungscode – ${o.roundTitle}`);
		doc.moveDown(0.3).font('regular').fontSize(14).fillColor('#333').text(`Your voting code – ${o.roundTitle}`).fillColor('black');
		doc.moveDown(1.2).font('bold').fontSize(26).text(code, { characterSpacing: 1 });
		const qr = QRCode.create(`${o.ballotUrl}#code=${code}`, { errorCorrectionLevel: 'M' });
		const n = qr.modules.size;
		const cell = 4;
		const x0 = doc.page.width - doc.page.margins.right - n * cell;
		const y0 = doc.y + 16;
		for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell).fill('black');
		doc.y = y0;
		const w = x0 - doc.page.margins.left - 24;
		doc.font('regular').fontSize(14);
		doc.text('So stimmen Sie ab:', doc.page.margins.left, y0, { width: w });
		doc.text(`1. Öffnen Sie ${o.ballotUrl} oder scannen Sie den QR-Code.`, { width: w });
		doc.text('2. Geben Sie den Code ein. Groß- und Kleinschreibung ist egal.', { width: w });
		doc.text('3. Wählen Sie Projekte und geben Sie Ihre Stimme ab. Der Code gilt für eine Stimme.', { width: w });
		doc.moveDown(0.8).fontSize(12).text('How to vote: open the address above or scan the QR code, enter the code (upper or lower case), choose projects and cast your vote. The code is valid for one vote.', { width: w });
		doc.moveDown(1).fontSize(11).fillColor('#333').text('Der Code ist anonym: Niemand kann sehen, wie Sie abgestimmt haben. / The code is anonymous: nobody can see how you voted.', doc.page.margins.left, Math.max(doc.y, y0 + n * cell + 24)).fillColor('black');
		doc.moveDown(0.5).fontSize(9).text(`${o.batchLabel} · ${i + 1}/${o.codes.length}`);
	});
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
