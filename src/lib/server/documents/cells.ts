// Cell helpers shared by the payment exports (round list and district-wide cashier file), issue 6.

/** Euro amount with a decimal comma, as German spreadsheets read it. */
export const amount = (c: number) => (c / 100).toFixed(2).replace('.', ',');
/** Cells starting with = + - @ (or tab/CR) are formulas to a spreadsheet: prefix them (OWASP "CSV injection"). */
export const safeCell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
export const csvField = (s: string) => (/[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
export const MODE_DE: Record<string, string> = { advance: 'Vorauszahlung', reimbursement: 'Erstattung' };
