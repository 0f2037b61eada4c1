/**
 * A file the browser saves (an export for the district's accounting, the cashier's payment file): never
 * cached, since these files carry personal or payment data (PRODUCT.md privacy).
 */
export function attachment(file: { body: Uint8Array; type: string; filename: string }): Response {
	return new Response(file.body as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': file.type,
			'Content-Length': String(file.body.length),
			'Content-Disposition': `attachment; filename="${file.filename}"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
