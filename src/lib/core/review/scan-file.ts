/**
 * Scans of paper forms attached to assisted entries (issue 4). The type is taken from the first bytes
 * (magic numbers of PDF 1.x/2.0 "%PDF-", JPEG SOI+marker FF D8 FF, PNG's 8-byte signature), never from the
 * file name or the browser's claim: a PDF renamed ".png" is still a PDF, an HTML file named ".pdf" is refused.
 */
export type ScanType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const SCAN_MAX_BYTES = 10 * 1024 * 1024;

const starts = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

export function sniffScan(bytes: Uint8Array): ScanType | null {
	if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	if (starts(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	return null;
}

export type ScanProblem = 'scan_empty' | 'scan_too_large' | 'scan_type';

export function checkScan(bytes: Uint8Array): { ok: true; type: ScanType } | { ok: false; problem: ScanProblem } {
	if (bytes.length === 0) return { ok: false, problem: 'scan_empty' };
	if (bytes.length > SCAN_MAX_BYTES) return { ok: false, problem: 'scan_too_large' };
	const type = sniffScan(bytes);
	return type ? { ok: true, type } : { ok: false, problem: 'scan_type' };
}

export const scanExtension = (t: ScanType) => (t === 'application/pdf' ? 'pdf' : t === 'image/jpeg' ? 'jpg' : 'png');
