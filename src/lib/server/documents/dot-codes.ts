/**
 * Cards with one-time dot-voting codes for the door of an assembly (issue 5). Four cards per A4 page, to cut;
 * each with a QR code that opens the phone page with the code after '#', so the code never reaches a server
 * log (public-sector.md S-11), and the code in large type for typing it in. Same font as the voting letters.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export async function dotCodesPdf(o: { title: string; phoneUrl: string; points: number; codes: string[] }): Promise<Uint8Array> {
	const doc = new PDFDocument({ size: 'A4', margin: 36, font: REGULAR, info: { Title: `Punkte per Handy – ${o.title}` }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((res, rej) => {
		doc.on('end', () => res());
		doc.on('error', rej);
	});
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const cardH = (doc.page.height - doc.page.margins.top - doc.page.margins.bottom) / 4;
	o.codes.forEach((code, i) => {
		if (i > 0 && i % 4 === 0) doc.addPage();
		const y0 = doc.page.margins.top + (i % 4) * cardH;
		doc.lineWidth(0.5).dash(4, { space: 4 }).rect(left, y0, width, cardH - 6).stroke().undash();
		const qr = QRCode.create(`${o.phoneUrl}#code=${code}`, { errorCorrectionLevel: 'M' });
		const n = qr.modules.size;
		const cell = Math.min(3, (cardH - 30) / n);
		const x0 = left + width - n * cell - 12;
		for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + 12 + r * cell, cell, cell).fill('black');
		const w = x0 - left - 24;
		doc.font('bold').fontSize(14).text(`Ihre ${o.points} Punkte – ${o.title}`, left + 12, y0 + 12, { width: w });
		doc.font('regular').fontSize(10).fillColor('#333').text(`Your ${o.points} points`, { width: w }).fillColor('black');
		doc.moveDown(0.4).fontSize(11).text(`QR-Code scannen oder ${o.phoneUrl} öffnen und den Code eingeben. Der Code gilt einmal. / Scan the QR code or open the address and enter the code. It works once.`, { width: w });
		doc.moveDown(0.4).font('bold').fontSize(15).text(code, { width: w, characterSpacing: 0.5 });
	});
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
