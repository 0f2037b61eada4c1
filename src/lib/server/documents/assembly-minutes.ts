/**
 * The minutes (Protokoll) of a Kiezkassenversammlung as a PDF (issue 5; public-sector.md §5.1: "recording the
 * assembly result — votes per proposal, attendance count, signed by the two Kiezpat:innen — and publishing it").
 * German first with English headings (PRODUCT.md "German first, English from the start"). Same font and set-up as
 * the voting letters (vote-letters.ts): DejaVu Sans from assets/fonts, embedded as a subset, tagged, so the text
 * can be copied, searched and read out.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export type MinutesInput = {
	roundTitle: string;
	sitting: number;
	heldAt: Date;
	place: string;
	method: string;
	electorate: string;
	attendance: { residents: number; others: number; eligible: number; cards: number };
	budgetCents: number;
	items: { title: string; channel: string; requestedCents: number; votes: string; approvedCents: number | null; decision: string; fundedCents: number }[];
	spentCents: number;
	remainingCents: number;
	inputHash: string;
	closedAt: Date;
};

const euro = (c: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(c / 100);
const when = (d: Date) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(d);

export async function assemblyMinutesPdf(o: MinutesInput): Promise<Uint8Array> {
	const title = `Protokoll der Kiezkassenversammlung – ${o.roundTitle}`;
	const doc = new PDFDocument({ size: 'A4', margin: 56, font: REGULAR, info: { Title: title, Subject: `${o.sitting}. Versammlung` }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((res, rej) => {
		doc.on('end', () => res());
		doc.on('error', rej);
	});
	const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	const heading = (de: string, en: string) => {
		doc.moveDown(0.8).font('bold').fontSize(13).text(de, { width });
		doc.font('regular').fontSize(9).fillColor('#333').text(en, { width }).fillColor('black').fontSize(11);
		doc.moveDown(0.3);
	};
	const line = (k: string, v: string) => doc.font('bold').fontSize(11).text(`${k}: `, { continued: true, width }).font('regular').text(v, { width });

	doc.font('bold').fontSize(18).text(title, { width });
	doc.font('regular').fontSize(10).fillColor('#333').text(`Minutes of the Kiezkasse assembly – ${o.roundTitle}`, { width }).fillColor('black');
	doc.moveDown(0.6).fontSize(11);
	line('Sitzung', `${o.sitting}. Versammlung`);
	line('Datum und Zeit', when(o.heldAt));
	line('Ort', o.place);
	line('Verfahren', o.method);
	line('Stimmberechtigt', o.electorate);
	line('Zur Verfügung stehender Betrag', euro(o.budgetCents));

	heading('Anwesenheit', 'Attendance (self-declared residence, counted at the door)');
	line('Anwohnende der Bezirksregion', String(o.attendance.residents));
	line('Weitere Anwesende', String(o.attendance.others));
	line('Anwesend insgesamt', String(o.attendance.residents + o.attendance.others));
	line('Davon stimmberechtigt', String(o.attendance.eligible));
	if (o.attendance.cards > 0) line('Karten mit freiwilligen anonymen Angaben zur Person', String(o.attendance.cards));

	heading('Beschlüsse', 'Decisions per proposal: votes, approved amount, outcome');
	o.items.forEach((it, i) => {
		if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
		doc.font('bold').fontSize(11).text(`${i + 1}. ${it.title}`, { width });
		doc.font('regular').fontSize(10);
		doc.text(`Beantragt: ${euro(it.requestedCents)}${it.channel === 'assembly' ? ' (in der Versammlung eingebracht)' : ''}`, { width });
		doc.text(`Abstimmung: ${it.votes}`, { width });
		doc.text(`Beschlossener Betrag: ${it.approvedCents === null ? '–' : euro(it.approvedCents)}`, { width });
		doc.font('bold').text(`Ergebnis: ${it.decision}${it.fundedCents > 0 ? ` – gefördert mit ${euro(it.fundedCents)}` : ''}`, { width });
		doc.font('regular').moveDown(0.4);
	});
	if (o.items.length === 0) doc.text('Keine Vorschläge auf der Tagesordnung.', { width });

	heading('Ergebnis', 'Result: funded total and money left');
	line('Gefördert insgesamt', euro(o.spentCents));
	line('Verbleibender Betrag', euro(o.remainingCents));
	if (o.remainingCents > 0) {
		doc.text(`Der verbleibende Betrag von ${euro(o.remainingCents)} kann in einer weiteren Versammlung vergeben werden. (The money left can be distributed at a second assembly.)`, { width });
	}
	doc.moveDown(0.4).fontSize(8).fillColor('#333').text(`Prüfsumme der Eingaben (SHA-256, Zählregel „assembly“): ${o.inputHash}. Protokoll erstellt am ${when(o.closedAt)}.`, { width }).fillColor('black');

	if (doc.y > doc.page.height - doc.page.margins.bottom - 140) doc.addPage();
	heading('Unterschriften', 'Signatures of the two Kiezpat:innen');
	const y = doc.y + 40;
	const half = (width - 32) / 2;
	for (const [i, who] of ['Kiezpatin / Kiezpate', 'Stellvertretung'].entries()) {
		const x = doc.page.margins.left + i * (half + 32);
		doc.moveTo(x, y).lineTo(x + half, y).lineWidth(0.8).stroke();
		doc.fontSize(10).text(`${who} – Ort, Datum, Unterschrift`, x, y + 6, { width: half });
	}
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
