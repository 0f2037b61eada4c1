import { paymentFile } from '../payment-file.ts';

export const GET = paymentFile('csv');
