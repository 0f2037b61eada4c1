import * as m from '#lib/paraglide/messages.js';
import type { Texts } from '#lib/server/documents/evaluation-report.ts';

type Messages = Record<string, unknown>;

/** The evaluation messages by key, in the request's locale, for documents built on the server (PDF, XLSX). */
export const evaluationTexts: Texts = (key, params = {}) => {
	const fn = (m as unknown as Messages)[key];
	return typeof fn === 'function' ? (fn as (p: Record<string, string>) => string)(params) : key;
};
