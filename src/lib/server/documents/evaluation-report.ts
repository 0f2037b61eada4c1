/**
 * The evaluation report of a round as a PDF (issue 7: "an evaluation report as PDF (charts, tables, method
 * notes)"). Same font and set-up as the other documents (assembly-minutes.ts): DejaVu Sans from assets/fonts,
 * embedded, tagged, so the text can be copied, searched and read out. Charts are drawn as vector graphics
 * (bars and columns), each followed by the table with the same numbers; small cells arrive already suppressed
 * in the EvaluationView and are printed as "fewer than k", never as a number or a bar.
 * Texts come from the page's messages (`t`), so the report speaks the language of the page it was taken from.
 */
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import type { EvaluationView } from '../app/evaluation.ts';

const FONT_DIR = resolve(process.env.KIEZBUDGET_ASSETS ?? 'assets', 'fonts');
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

/** A message by key (the page's own, e.g. `eval_title`), with its parameters. */
export type Texts = (key: string, params?: Record<string, string>) => string;

const BLUE = '#1a4f8b';
const BROWN = '#8a4b00';
const GREY = '#595959';

export async function evaluationReportPdf(v: EvaluationView, t: Texts, o: { locale: 'de' | 'en'; roundTitle: string; createdOn: string }): Promise<Uint8Array> {
	const loc = o.locale === 'de' ? 'de-DE' : 'en-GB';
	const num = (n: number) => new Intl.NumberFormat(loc).format(n);
	const pct = (x: number | null) => (x === null ? '–' : new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 }).format(x));
	const euro = (c: number) => new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR' }).format(c / 100);
	const hidden = t('eval_hidden', { k: String(v.k) });
	const count = (n: number | null) => (n === null ? hidden : num(n));
	const title = `${t('eval_title')} – ${o.roundTitle}`;

	const doc = new PDFDocument({ size: 'A4', margin: 50, font: REGULAR, info: { Title: title }, lang: o.locale === 'de' ? 'de-DE' : 'en-GB', pdfVersion: '1.7', tagged: true, displayTitle: true });
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
	const bottom = () => doc.page.height - doc.page.margins.bottom;
	const room = (h: number) => {
		if (doc.y + h > bottom()) doc.addPage();
	};
	const h2 = (s: string) => {
		room(80);
		doc.moveDown(0.8).font('bold').fontSize(14).fillColor('black').text(s, left, doc.y, { width });
		doc.font('regular').fontSize(10).moveDown(0.3);
	};
	const h3 = (s: string) => {
		room(60);
		doc.moveDown(0.5).font('bold').fontSize(11).text(s, left, doc.y, { width });
		doc.font('regular').fontSize(10).moveDown(0.2);
	};
	const para = (s: string) => doc.font('regular').fontSize(10).fillColor('black').text(s, left, doc.y, { width });

	/** A simple ruled table; the first column is the row header. */
	const table = (head: string[] | null, rows: string[][], widths: number[]) => {
		const total = widths.reduce((s, w) => s + w, 0);
		const cols = widths.map((w) => (w / total) * width);
		const rowH = (cells: string[], font: string) => {
			// Measured in the font each cell is drawn in (the row header is bold).
			return Math.max(...cells.map((c, i) => doc.font(i === 0 ? 'bold' : font).fontSize(9).heightOfString(c, { width: cols[i]! - 6 }))) + 6;
		};
		const draw = (cells: string[], font: string) => {
			const h = rowH(cells, font);
			if (doc.y + h > bottom()) doc.addPage();
			const y = doc.y;
			let x = left;
			cells.forEach((c, i) => {
				doc.font(i === 0 && font === 'regular' ? 'bold' : font).fontSize(9).fillColor('black').text(c, x + 3, y + 3, { width: cols[i]! - 6, align: i === 0 ? 'left' : 'right' });
				x += cols[i]!;
			});
			doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.4).strokeColor(GREY).stroke();
			doc.x = left;
			doc.y = y + h;
		};
		// Keep the header with at least its first row (no header alone at the foot of a page).
		if (head) {
			room(rowH(head, 'bold') + (rows[0] ? rowH(rows[0], 'regular') : 0));
			draw(head, 'bold');
		}
		for (const r of rows) draw(r, 'regular');
		doc.moveDown(0.5);
	};

	/** Diagonal hatching inside a rectangle: the second series differs by pattern, not only by colour. */
	const hatched = (x: number, y: number, w: number, h: number, colour: string) => {
		doc.save();
		doc.rect(x, y, w, h).clip();
		for (let d = -h; d < w; d += 4) doc.moveTo(x + d, y + h).lineTo(x + d + h, y).lineWidth(1.2).strokeColor(colour).stroke();
		doc.restore();
		doc.rect(x, y, w, h).lineWidth(0.6).strokeColor(colour).stroke();
	};
	const legend = (y: number, items: { label: string; hatch: string | null; fill: string | null }[]) => {
		let x = left;
		for (const it of items) {
			if (it.fill) doc.rect(x, y, 12, 8).fill(it.fill);
			if (it.hatch) hatched(x, y, 12, 8, it.hatch);
			doc.fillColor('black').font('regular').fontSize(8).text(it.label, x + 16, y, { lineBreak: false });
			x += 30 + doc.widthOfString(it.label);
		}
	};

	/** Participants' share (solid) against population share (hatched), one pair of bars per group. */
	const shareBars = (rows: { label: string; share: number | null; populationShare: number }[]) => {
		const labelW = 175;
		const barW = width - labelW - 50;
		const rowH = 26;
		room(rows.length * rowH + 24);
		const top = doc.y;
		legend(top, [
			{ label: t('eval_legend_participants'), fill: BLUE, hatch: null },
			{ label: t('eval_legend_population'), fill: null, hatch: GREY }
		]);
		rows.forEach((r, i) => {
			const y = top + 16 + i * rowH;
			doc.fillColor('black').font('regular').fontSize(8).text(r.label, left, y + (doc.widthOfString(r.label) > labelW - 8 ? 0 : 4), { width: labelW - 8, align: 'right', height: 22, ellipsis: true });
			if (r.share !== null) {
				doc.rect(left + labelW, y, Math.max(0.5, r.share * barW), 10).fill(BLUE);
				doc.fillColor('black').fontSize(7).text(pct(r.share), left + labelW + r.share * barW + 3, y + 1, { lineBreak: false });
			} else doc.fillColor('black').fontSize(7).text('–', left + labelW + 3, y + 1, { lineBreak: false });
			hatched(left + labelW, y + 11, Math.max(0.5, r.populationShare * barW), 9, GREY);
			doc.fillColor('black').fontSize(7).text(pct(r.populationShare), left + labelW + r.populationShare * barW + 3, y + 12, { lineBreak: false });
		});
		doc.x = left;
		doc.y = top + 20 + rows.length * rowH;
	};

	/** Columns per month: analog hatched, digital solid; hidden months get a dash, never a column. */
	const columns = (months: string[], analog: (number | null)[], digital: (number | null)[]) => {
		const plotH = 110;
		const axis = 28;
		const groupW = Math.min(48, (width - axis) / Math.max(1, months.length));
		const colW = Math.max(4, groupW / 2 - 4);
		room(plotH + 50);
		const top = doc.y;
		legend(top, [
			{ label: t('eval_analog'), fill: null, hatch: BROWN },
			{ label: t('eval_digital'), fill: BLUE, hatch: null }
		]);
		const base = top + 18 + plotH;
		const max = Math.max(1, ...analog.map((x) => x ?? 0), ...digital.map((x) => x ?? 0));
		const h = (x: number) => (x / max) * plotH;
		doc.moveTo(left + axis - 2, base).lineTo(left + axis + months.length * groupW, base).lineWidth(0.6).strokeColor(GREY).stroke();
		doc.fillColor('black').fontSize(7).text(String(max), left, top + 16, { width: axis - 6, align: 'right', lineBreak: false });
		doc.text('0', left, base - 6, { width: axis - 6, align: 'right', lineBreak: false });
		months.forEach((mo, i) => {
			const x = left + axis + i * groupW + 2;
			const a = analog[i] ?? null;
			const d = digital[i] ?? null;
			if (a === null) doc.fillColor('black').fontSize(7).text('–', x, base - 10, { width: colW, align: 'center', lineBreak: false });
			else if (a > 0) hatched(x, base - h(a), colW, h(a), BROWN);
			if (d === null) doc.fillColor('black').fontSize(7).text('–', x + colW + 2, base - 10, { width: colW, align: 'center', lineBreak: false });
			else if (d > 0) doc.rect(x + colW + 2, base - h(d), colW, h(d)).fill(BLUE);
			doc.fillColor('black').fontSize(6.5).text(mo, x - 4, base + 3, { width: groupW, align: 'center', lineBreak: false });
		});
		doc.x = left;
		doc.y = base + 16;
	};

	// Title page block.
	doc.font('bold').fontSize(18).fillColor('black').text(t('eval_title'), { width });
	doc.font('regular').fontSize(12).text(o.roundTitle, { width });
	doc.moveDown(0.4).fontSize(9).fillColor('#333').text(t('eval_report_meta', { date: o.createdOn, asOf: v.populationAsOf ?? '–', k: String(v.k) }), { width }).fillColor('black');
	doc.moveDown(0.4);
	para(t('eval_intro', { place: v.round.place, k: String(v.k) }));

	h2(t('eval_ideas'));
	table(
		null,
		[
			[t('eval_ideas_count'), num(v.ideas.count)],
			[t('eval_requested'), euro(v.ideas.requestedCents)],
			[t('eval_budget'), euro(v.ideas.budgetCents)],
			...([
				['eval_rate_eligibility', v.ideas.eligibility],
				['eval_rate_funding', v.ideas.funding],
				['eval_rate_settlement', v.ideas.settlement]
			] as const).map(([k, r]) => [t(k), r.share === null ? t('eval_rate_none') : t('eval_rate_value', { share: pct(r.share), numerator: num(r.numerator), denominator: num(r.denominator) })])
		],
		[3, 3]
	);

	h2(t('eval_participation'));
	table(
		[t('eval_col_channel'), t('eval_col_kind'), t('eval_col_ideas'), t('eval_col_responses')],
		v.participation.map((p) => [t(`eval_channel_${p.channel}`), p.analog ? t('eval_analog') : t('eval_digital'), count(p.ideas), count(p.responses)]),
		[3, 2, 2, 2]
	);

	h2(t('eval_timeline'));
	if (v.timeline.months.length === 0) para(t('eval_timeline_none'));
	else {
		para(t('eval_timeline_hint', { k: String(v.k) }));
		const s = (kind: string, side: string) => v.timeline.series.find((x) => x.kind === kind && x.side === side)?.values ?? [];
		room(190);
		h3(t('eval_col_ideas'));
		columns(v.timeline.months, s('ideas', 'analog'), s('ideas', 'digital'));
		room(190);
		h3(t('eval_col_responses'));
		columns(v.timeline.months, s('responses', 'analog'), s('responses', 'digital'));
		table(
			[t('eval_col_month'), `${t('eval_col_ideas')}, ${t('eval_analog')}`, `${t('eval_col_ideas')}, ${t('eval_digital')}`, `${t('eval_col_responses')}, ${t('eval_analog')}`, `${t('eval_col_responses')}, ${t('eval_digital')}`],
			v.timeline.months.map((mo, i) => [mo, ...[s('ideas', 'analog'), s('ideas', 'digital'), s('responses', 'analog'), s('responses', 'digital')].map((x) => count(x[i] ?? null))]),
			[2, 2, 2, 2, 2]
		);
	}

	h2(t('eval_representation'));
	para(t('eval_representation_hint', { asOf: v.populationAsOf ?? '–' }));
	for (const tb of v.representation) {
		room(120 + tb.rows.length * 26);
		h3(t(`eval_short_${tb.dimension}`));
		if (tb.answered === null) para(t('eval_answered_few', { k: String(v.k) }));
		else {
			para(t('eval_answered', { n: num(tb.answered), pnts: count(tb.preferNotToSay) }));
			para(t('eval_dissimilarity', { value: tb.dissimilarity === null ? '–' : String(Math.round(tb.dissimilarity * 100)) }));
		}
		doc.moveDown(0.3);
		shareBars(tb.rows.map((x) => ({ label: t(`eval_g_${x.group}`), share: x.share, populationShare: x.populationShare })));
		table(
			[t('eval_col_group'), t('eval_col_participants'), t('eval_col_share'), t('eval_col_interval'), t('eval_col_population'), t('eval_col_flag')],
			tb.rows.map((x) => [
				t(`eval_g_${x.group}`),
				tb.answered === null ? '–' : count(x.participants),
				pct(x.share),
				x.interval ? `${pct(x.interval[0])} – ${pct(x.interval[1])}` : '–',
				pct(x.populationShare),
				x.flag === 'under' ? t('eval_flag_under') : x.flag === 'over' ? t('eval_flag_over') : '–'
			]),
			[125, 68, 45, 102, 80, 75]
		);
	}

	h2(t('eval_weights'));
	para(t('eval_weights_intro'));
	const wt = v.weighting;
	if (wt.answered === null) para(t('eval_answered_few', { k: String(v.k) }));
	else {
		para(t('eval_weights_effective', { n: num(wt.answered), eff: num(Math.round(wt.effectiveSize ?? 0)), cap: String(wt.cap) }));
		const dec = (x: number) => new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);
		table(
			[t('eval_col_group'), t('eval_col_participants'), t('eval_col_population'), t('eval_col_weight')],
			wt.rows.map((x) => [t(`eval_g_${x.group}`), count(x.participants), pct(x.populationShare), x.participants === null ? '–' : x.weight === null ? t('eval_weight_none') : `${dec(x.weight)}${x.capped ? ` (${t('eval_weight_capped')})` : ''}`]),
			[4, 2, 2, 3]
		);
	}
	para(t('eval_weights_why'));

	// The re-weighted vote (core/evaluation/ballot-weights.ts): an analysis beside the official result.
	const rw = v.reweighted;
	if (rw.state !== 'not_asked') {
		h2(t('eval_rw_title'));
		para(t('eval_rw_not_binding'));
		para(t('eval_rw_intro'));
		if (rw.state === 'waiting') para(t('eval_rw_waiting'));
		else if (rw.state === 'not_online') para(t('eval_rw_not_online'));
		else {
			para(rw.changes === 0 ? t('eval_rw_no_change') : t('eval_rw_changes', { n: String(rw.changes) }));
			if (!rw.recountMatches) para(t('eval_rw_recount_differs'));
			const funded = (yes: boolean) => t(yes ? 'eval_rw_funded' : 'eval_rw_not_funded');
			table(
				[t('eval_rw_col_project'), t('eval_rw_col_official'), t('eval_rw_col_reweighted'), t('eval_rw_col_change')],
				rw.projects.map((p) => [p.title, funded(p.official), funded(p.reweighted), p.official === p.reweighted ? '–' : t(p.reweighted ? 'eval_rw_gained' : 'eval_rw_lost')]),
				[4, 2, 2, 2]
			);
			para(t('eval_rw_effective', { n: num(rw.weights.ballots), weighted: num(rw.weights.weightedBallots), eff: num(Math.round(rw.weights.effectiveSize)), cap: String(rw.weights.cap) }));
			const dec2 = (x: number) => new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);
			const rule = (r: string) => (r === 'weighted' ? t('eval_rw_rule_weighted') : r === 'no_answer' ? t('eval_rw_rule_no_answer') : r === 'no_population' ? t('eval_rw_rule_no_population') : t('eval_rw_rule_small', { k: String(v.k) }));
			table(
				[t('eval_col_group'), t('eval_rw_col_ballots'), t('eval_col_population'), t('eval_col_weight'), t('eval_rw_col_rule')],
				rw.weights.rows.map((x) => [x.rule === 'no_answer' ? t('eval_rw_band_no_answer') : t(`eval_g_${x.band}`), count(x.ballots), pct(x.populationShare), x.weight === null ? '–' : `${dec2(x.weight)}${x.capped ? ` (${t('eval_weight_capped')})` : ''}`, rule(x.rule)]),
				[3, 2, 2, 2, 4]
			);
		}
		para(t('eval_rw_limits'));
	}

	h2(t('eval_other_questions'));
	for (const d of v.distributions) {
		h3(t(`eval_short_${d.dimension}`));
		if (d.answered === null) para(t('eval_answered_few', { k: String(v.k) }));
		else table([t('eval_col_group'), t('eval_col_participants')], d.rows.map((x) => [t(`eval_g_${x.group}`), count(x.n)]), [4, 2]);
	}

	h2(t('eval_method'));
	para(t('eval_method_text', { k1: String(v.k - 1) }));
	doc.moveDown(0.3);
	para(t('eval_report_source'));

	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
