/**
 * Printable paper ballots (issue 5: "paper ballots (printable PDF, entered by staff with a second person's
 * check)"). One A4 page per ballot with its number, the rule in plain German and English, and every project
 * with its cost and a box to tick (or to write points in). The projects stay in list order: paper cannot
 * shuffle per voter. Large type and the same embedded font as the voting letters (vote-letters.ts; A-09).
 * Where the round asks it (issue 7), the voluntary age band follows as tick boxes, as on the online ballot and
 * at the kiosk, so that paper voters are not left out of the re-weighted analysis (docs/evaluation.md).
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import type { BallotRule } from '../../core/ballot/ballot.ts';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

const euro = (cents: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

function rule(b: BallotRule): { de: string; en: string; points: boolean } {
	switch (b.kind) {
		case 'knapsack':
			return { de: `Kreuzen Sie Projekte an, die zusammen höchstens ${euro(b.budgetCents)} kosten.`, en: `Tick projects that together cost at most ${euro(b.budgetCents)}.`, points: false };
		case 'approval':
			return { de: `Kreuzen Sie höchstens ${b.maxPicks} Projekte an.`, en: `Tick at most ${b.maxPicks} projects.`, points: false };
		case 'cumulative':
			return { de: `Verteilen Sie bis zu ${b.totalPoints} Punkte, höchstens ${b.maxPerProject} auf ein Projekt. Schreiben Sie die Zahl in das Kästchen.`, en: `Give up to ${b.totalPoints} points, at most ${b.maxPerProject} to one project. Write the number in the box.`, points: true };
		case 'score':
			return { de: `Geben Sie jedem Projekt 0 bis ${b.maxScore} Punkte. Schreiben Sie die Zahl in das Kästchen.`, en: `Give each project 0 to ${b.maxScore} points. Write the number in the box.`, points: true };
	}
}

/** One answer of the age question in both languages of the paper, e.g. { de: '27 bis 44 Jahre', en: '27 to 44' }. */
export type AgeChoiceLabel = { de: string; en: string };

export async function paperBallotsPdf(o: {
	roundTitle: string;
	ballot: BallotRule;
	projects: { id: string; title: string; costCents: number }[];
	serials: string[];
	/** The age bands and "prefer not to say", when the round asks the question; null otherwise. */
	ageChoices?: AgeChoiceLabel[] | null;
}): Promise<Uint8Array> {
	const doc = new PDFDocument({ size: 'A4', margin: 56, font: REGULAR, info: { Title: `Stimmzettel – ${o.roundTitle}`, Subject: `Nr. ${o.serials[0]}–${o.serials.at(-1)}` }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((res, rej) => {
		doc.on('end', () => res());
		doc.on('error', rej);
	});
	const r = rule(o.ballot);
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const continued = (serial: string) => {
		// A long list goes on over the next sheet, which carries the same number.
		doc.addPage();
		doc.font('bold').fontSize(12).text(`Stimmzettel-Nr. / Ballot no. ${serial.padStart(6, '0')} (Fortsetzung / continued)`, left, doc.page.margins.top, { width, align: 'right' });
		doc.moveDown(1);
	};
	const bottom = () => doc.page.height - doc.page.margins.bottom - 60;
	o.serials.forEach((serial, i) => {
		if (i > 0) doc.addPage();
		doc.font('bold').fontSize(12).text(`Stimmzettel-Nr. / Ballot no. ${serial.padStart(6, '0')}`, left, doc.page.margins.top, { width, align: 'right' });
		doc.moveDown(0.5).font('bold').fontSize(22).text(`Stimmzettel – ${o.roundTitle}`, left, doc.y, { width });
		doc.font('regular').fontSize(14).fillColor('#333').text(`Ballot paper – ${o.roundTitle}`, { width }).fillColor('black');
		doc.moveDown(0.8).fontSize(14).text(r.de, { width });
		doc.fontSize(12).text(r.en, { width });
		doc.moveDown(0.8);
		const box = 22;
		for (const p of o.projects) {
			if (doc.y + box + 12 > bottom()) continued(serial);
			const y = doc.y;
			doc.lineWidth(1.5).rect(left, y, box, box).stroke();
			doc.font('bold').fontSize(14).text(p.title, left + box + 14, y + 2, { width: width - box - 130 });
			const after = doc.y;
			doc.font('regular').fontSize(14).text(euro(p.costCents), left + width - 110, y + 2, { width: 110, align: 'right' });
			doc.y = Math.max(after, y + box) + 12;
		}
		if (o.ageChoices?.length) {
			// The question is kept on one sheet: its boxes are read together.
			const small = 16;
			const needed = 70 + o.ageChoices.length * (small + 8);
			if (doc.y + needed > bottom()) continued(serial);
			doc.moveDown(0.5).font('bold').fontSize(14).text('Freiwillig: Wie alt sind Sie? / Optional: How old are you?', left, doc.y, { width });
			// German first, English below, as the rule at the top of the sheet.
			doc.font('regular').fontSize(12).text('Kreuzen Sie höchstens ein Kästchen an. Die Frage ändert nichts an Ihrer Stimme. Ohne Kreuz zählt Ihr Stimmzettel genauso.', { width });
			doc.fontSize(11).fillColor('#333').text('Tick one box at most. It does not change your vote. Without a tick your ballot counts just the same.', { width });
			doc.fillColor('black').moveDown(0.4);
			for (const c of o.ageChoices) {
				const y = doc.y;
				doc.lineWidth(1.2).rect(left, y, small, small).stroke();
				doc.font('regular').fontSize(12).text(`${c.de} / ${c.en}`, left + small + 10, y + 2, { width: width - small - 10 });
				doc.y = Math.max(doc.y, y + small) + 8;
			}
		}
		doc.moveDown(0.5).font('regular').fontSize(11).fillColor('#333');
		doc.text(r.points ? 'Leere Kästchen zählen als 0 Punkte. / Empty boxes count as 0 points.' : 'Ein Kreuz im Kästchen heißt Ja. / A cross in the box means yes.', left, doc.y, { width });
		doc.text('Der Stimmzettel ist geheim: Schreiben Sie Ihren Namen nicht darauf. / The ballot is secret: do not write your name on it.', { width });
		doc.fillColor('black');
	});
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
