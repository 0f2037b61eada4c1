/**
 * The grant notice (Zuwendungsbescheid) as a PDF (issue 6; PRODUCT.md lifecycle step 5; domain.md §1.4: "the
 * notice contains the rules for implementation and settlement"). Letterhead and conditions come from the
 * programme's template (grant_notice_template), falling back to Treptow-Köpenick defaults. Same font and set-up
 * as the assembly minutes: DejaVu Sans embedded as a subset, tagged, German with English subheadings.
 *
 * The notice shows the bank account only masked: the PDF is handed to the applicant and may travel by mail.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export type Letterhead = {
	authorityName: string;
	authorityUnit: string;
	authorityAddress: string;
	contact: string;
	/** Sender line printed small above the addressee (Absenderzeile). */
	sender: string;
	/** Rechtsbehelfsbelehrung (§ 37 (6) VwVfG): how and where to object, and within which time. */
	legalRemedy: string;
	/** Lines under "Mit freundlichen Grüßen" (e.g. "Im Auftrag" and a name). */
	signature: string;
};

/** Defaults for the first home of the platform; a district sets its own in the programme's notice template. */
export const DEFAULT_LETTERHEAD: Letterhead = {
	authorityName: 'Bezirksamt Treptow-Köpenick von Berlin',
	authorityUnit: 'Sozialraumorientierte Planungskoordination (SPK) – Kiezkasse',
	authorityAddress: 'Rathaus Köpenick\nAlt-Köpenick 21\n12555 Berlin',
	contact: 'www.berlin.de/ba-treptow-koepenick',
	sender: 'Bezirksamt Treptow-Köpenick von Berlin · Alt-Köpenick 21 · 12555 Berlin',
	legalRemedy:
		'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift beim Bezirksamt Treptow-Köpenick von Berlin einzulegen.',
	signature: 'Im Auftrag'
};

/**
 * Standard conditions (Nebenbestimmungen) of a micro-grant, after the Berlin practice quoted in domain.md §2
 * (written application with cost plan, no start before the notice, subsidy-fraud notice, simple proof of use)
 * and the Treptow-Köpenick Kiezkasse exclusions (§1.3: no food and drink, no running staff costs).
 */
export const DEFAULT_CONDITIONS = [
	'Die Zuwendung darf nur für den oben genannten Zweck verwendet werden; sie ist wirtschaftlich und sparsam einzusetzen.',
	'Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P) sind Bestandteil dieses Bescheids.',
	'Ausgaben für Essen und Getränke sowie laufende Personalkosten werden nicht gefördert.',
	'Die Verwendung ist mit einem einfachen Verwendungsnachweis zu belegen: Sachbericht, zahlenmäßiger Nachweis und Belege (Rechnungen, Quittungen).',
	'Nicht verbrauchte Mittel sind unverzüglich zurückzuzahlen.',
	'Änderungen am Projekt (Zweck, Zeitraum, Kosten) sind vorher mitzuteilen.',
	'Die im Antrag gemachten Angaben sind subventionserheblich im Sinne von § 264 Strafgesetzbuch; unrichtige Angaben sind strafbar.'
];
export const DEFAULT_SETTLEMENT_DAYS = 31;

export type NoticeInput = {
	letterhead: Letterhead;
	reference: string;
	issuedOn: string;
	addressee: { name: string; organisation: string | null; address: string };
	programmeName: string;
	roundTitle: string;
	projectTitle: string;
	purpose: string;
	amountCents: number;
	costPlan: { category: string; description: string; amountCents: number }[];
	periodStart: string;
	periodEnd: string;
	settlementDue: string;
	paymentMode: 'advance' | 'reimbursement';
	maskedIban: string;
	accountHolder: string;
	conditions: string[];
};

const euro = (c: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(c / 100);
const day = (iso: string) => {
	const [y, m, d] = iso.split('-');
	return `${d}.${m}.${y}`;
};

export const PAYMENT_TEXT: Record<NoticeInput['paymentMode'], string> = {
	advance: 'Die Zuwendung wird nach Bekanntgabe dieses Bescheids in einer Summe auf das unten genannte Konto überwiesen (Vorauszahlung). Die Verwendung ist anschließend nachzuweisen.',
	reimbursement: 'Die Zuwendung wird nach Vorlage des Verwendungsnachweises mit den Belegen auf das unten genannte Konto erstattet (Erstattungsprinzip). Ausgaben sind zunächst selbst vorzustrecken.'
};

export async function grantNoticePdf(o: NoticeInput): Promise<Uint8Array> {
	const title = `Zuwendungsbescheid ${o.reference}`;
	const doc = new PDFDocument({ size: 'A4', margin: 56, font: REGULAR, info: { Title: title, Subject: `${o.programmeName} – ${o.projectTitle}` }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
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
	const room = (h: number) => {
		if (doc.y > doc.page.height - doc.page.margins.bottom - h) doc.addPage();
	};
	const heading = (de: string, en: string) => {
		room(80);
		doc.moveDown(0.8).font('bold').fontSize(12).text(de, left, doc.y, { width });
		doc.font('regular').fontSize(8.5).fillColor('#333').text(en, { width }).fillColor('black').fontSize(10.5);
		doc.moveDown(0.3);
	};
	const line = (k: string, v: string) => doc.font('bold').fontSize(10.5).text(`${k}: `, left, doc.y, { continued: true, width }).font('regular').text(v, { width });

	// Letterhead: authority right, addressee left (DIN 5008 in spirit, without a window envelope grid).
	const top = doc.y;
	const rightW = width * 0.6;
	const leftW = width - rightW - 16;
	const right = { width: rightW, align: 'right' } as const;
	doc.font('bold').fontSize(11).text(o.letterhead.authorityName, left + width - rightW, top, right);
	doc.font('regular').fontSize(9).text(o.letterhead.authorityUnit, right);
	doc.text(o.letterhead.authorityAddress, right);
	doc.text(o.letterhead.contact, right);
	doc.moveDown(0.5).text(`Geschäftszeichen: ${o.reference}`, right);
	doc.text(`Datum: ${day(o.issuedOn)}`, right);
	const rightBottom = doc.y;
	let addresseeTop = top + 70;
	if (o.letterhead.sender) {
		doc.font('regular').fontSize(7).fillColor('#333').text(o.letterhead.sender, left, top + 52, { width: leftW }).fillColor('black');
		addresseeTop = Math.max(addresseeTop, doc.y + 4);
	}
	doc.font('regular').fontSize(10.5).text(o.addressee.name, left, addresseeTop, { width: leftW });
	if (o.addressee.organisation) doc.text(o.addressee.organisation, { width: leftW });
	doc.text(o.addressee.address, { width: leftW });
	doc.y = Math.max(doc.y, rightBottom) + 24;

	doc.font('bold').fontSize(16).text('Zuwendungsbescheid', left, doc.y, { width });
	doc.font('regular').fontSize(9).fillColor('#333').text('Grant notice (German original; English subheadings for orientation)', { width }).fillColor('black');
	doc.moveDown(0.5).fontSize(10.5);
	doc.text(`${o.programmeName} – ${o.roundTitle}`, { width });
	doc.font('bold').text(`Projekt: ${o.projectTitle}`, { width });
	doc.moveDown(0.6).font('regular');
	doc.text('Sehr geehrte Damen und Herren,', { width }).moveDown(0.4);
	doc.text(
		`auf Ihren Antrag bewillige ich Ihnen nach §§ 23 und 44 der Landeshaushaltsordnung (LHO) für die Durchführung des oben genannten Projekts eine Zuwendung in Höhe von`,
		{ width }
	);
	doc.moveDown(0.3).font('bold').fontSize(14).text(euro(o.amountCents), { width, align: 'center' });
	doc.font('regular').fontSize(9).text('als Festbetragsfinanzierung (fixed-amount grant) zur Projektförderung.', { width, align: 'center' });

	heading('1. Zweck', 'Purpose');
	doc.font('regular').text(o.purpose, { width });

	heading('2. Bewilligungszeitraum', 'Implementation period');
	doc.font('regular').text(`vom ${day(o.periodStart)} bis zum ${day(o.periodEnd)}. Das Projekt ist in diesem Zeitraum durchzuführen; Ausgaben außerhalb des Zeitraums sind nicht zuwendungsfähig.`, { width });

	heading('3. Finanzierungsplan', 'Cost plan as confirmed in the application');
	for (const c of o.costPlan) {
		room(30);
		const y = doc.y;
		doc.font('regular').fontSize(10).text(`${c.category} – ${c.description}`, left, y, { width: width - 110 });
		const after = doc.y;
		doc.text(euro(c.amountCents), left + width - 100, y, { width: 100, align: 'right' });
		doc.y = Math.max(after, doc.y);
	}
	doc.font('bold').fontSize(10).text(`Zuwendung: ${euro(o.amountCents)}`, left, doc.y + 4, { width, align: 'right' });

	heading('4. Auszahlung', 'Payment');
	doc.font('regular').text(PAYMENT_TEXT[o.paymentMode], { width });
	line('Kontoinhaber:in', o.accountHolder);
	line('IBAN', o.maskedIban);

	heading('5. Verwendungsnachweis', 'Settlement');
	doc.font('regular').text(`Der Verwendungsnachweis ist bis zum ${day(o.settlementDue)} vorzulegen.`, { width });

	heading('6. Nebenbestimmungen', 'Conditions');
	o.conditions.forEach((c, i) => {
		room(40);
		doc.font('regular').fontSize(10).text(`${i + 1}. ${c}`, left, doc.y, { width });
		doc.moveDown(0.2);
	});

	heading('Rechtsbehelfsbelehrung', 'How to object');
	doc.font('regular')
		.fontSize(10)
		.text(o.letterhead.legalRemedy, { width });
	room(90);
	doc.moveDown(1.2).text('Mit freundlichen Grüßen', { width });
	doc.text(o.letterhead.signature, { width });
	doc.moveDown(0.6).fontSize(8.5).fillColor('#333').text('Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.', { width }).fillColor('black');
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
