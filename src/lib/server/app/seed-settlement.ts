/**
 * Demo data of implementation and settlement (issue 6), called from seed.ts inside its transaction. The
 * projects are real funded Kiezkasse examples of Adlershof (data/berlin/kiezkassen/beispielprojekte.csv);
 * the receipts, amounts spent and texts are invented for the demo.
 */
import { createHash } from 'node:crypto';
import type { DbOrTx } from '../db/client.ts';
import { seedSettlementDemo } from '../db/repositories/settlement.ts';
import { DEMO_LOGINS } from './demo-logins.ts';

/** A one-page PDF "receipt" (ISO 32000 minimal structure) so the demo files open in any reader. */
export function demoReceiptPdf(text: string): Uint8Array {
	const stream = `BT /F1 14 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(out);
}

export async function seedSettlement(tx: DbOrTx, o: { year: number; at: Date }): Promise<{ settlements: number }> {
	return seedSettlementDemo(tx, {
		year: o.year,
		at: o.at,
		residentEmail: DEMO_LOGINS.find((l) => l.role === 'resident')!.email,
		caseWorkerEmail: DEMO_LOGINS.find((l) => l.role === 'case_worker')!.email,
		roundSlug: `kiezkasse-${o.year}-adlershof`,
		closed: 'Zwei Pavillons für Außenveranstaltungen des Kiezklubs',
		running: 'Zwei Hochbeete für eine Kita',
		waiting: ['Gedenktafel auf dem Waldfriedhof', 'Informationstafel am Friedhofseingang', 'Digitalisierung von ca. 1000 historischen Ortsfotos', 'Supervision für Ehrenamtliche am Übergangswohnheim'],
		receipt: demoReceiptPdf('Quittung / Receipt - Kiezbudget Demo'),
		sha256: (b) => createHash('sha256').update(b).digest('hex')
	});
}
