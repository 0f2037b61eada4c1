// Labels of the settlement area (issue 6): statuses of receipts and progress updates, and the notices shown
// after a successful post. Unknown keys fall back to the key, never to nothing.
import * as m from '#lib/paraglide/messages.js';

export const receiptStatus = (s: string) => (s === 'accepted' ? m.settlement_receipt_accepted() : s === 'rejected' ? m.settlement_receipt_rejected() : m.settlement_receipt_pending());

export const progressStatus = (s: string) => (s === 'published' ? m.settlement_progress_published() : s === 'rejected' ? m.settlement_progress_rejected() : m.settlement_progress_pending());

const NOTICES: Record<string, () => string> = {
	receipt: m.settlement_notice_receipt,
	photo: m.settlement_notice_photo,
	report: m.settlement_notice_report,
	submit: m.settlement_notice_submit,
	message: m.settlement_notice_message,
	progress: m.settlement_notice_progress,
	open: m.settlement_notice_open,
	paid: m.settlement_notice_paid,
	check: m.settlement_notice_check,
	close: m.settlement_notice_close,
	moderated: m.settlement_notice_moderated
};
export const noticeText = (k: string) => NOTICES[k]?.() ?? m.settlement_notice_saved();
