/**
 * The evaluation of a round as XLSX (issue 7 "the data as XLSX/CSV"): the same rows as the CSV, numbers as
 * numbers and shares formatted as percentages, plus a sheet with the method notes. Hidden cells (fewer than k
 * people) are empty with a note, exactly as in the CSV, so nothing below k leaves the platform.
 */
import type { EvaluationView } from '../app/evaluation.ts';
import { COLUMNS, evaluationRows } from './evaluation-csv.ts';

export async function evaluationXlsx(v: EvaluationView, method: string[]): Promise<Uint8Array> {
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kiezbudget';
	const sheet = wb.addWorksheet('data');
	sheet.addRow([...COLUMNS]);
	sheet.getRow(1).font = { bold: true };
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
	for (const r of evaluationRows(v)) sheet.addRow(r.map((x) => x ?? null));
	for (const c of [5, 6, 7, 8]) sheet.getColumn(c).numFmt = '0.0%';
	sheet.getColumn(11).numFmt = '0.00';
	sheet.columns.forEach((col, i) => (col.width = i === 9 ? 26 : i < 3 ? 24 : 14));
	const about = wb.addWorksheet('method');
	about.addRow([`${v.round.programmeName} ${v.round.place} ${v.round.year}`]).font = { bold: true };
	about.addRow([`k = ${v.k}; population register as of ${v.populationAsOf ?? '–'}`]);
	for (const line of method) about.addRow([line]);
	about.getColumn(1).width = 120;
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}
