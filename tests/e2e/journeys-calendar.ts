/** End-to-end journeys of the calendar (issue 8): the dates page and its iCal feed, read by a real iCal library. */
import ICAL from 'ical.js';
import type { Ctx, Journey } from './harness.ts';

async function feedEvents(ctx: Ctx, href: string) {
	const res = await ctx.page.request.get(new URL(href, ctx.base).toString());
	ctx.expect(res.status() === 200, `the feed answers 200 (got ${res.status()})`);
	ctx.expect(res.headers()['content-type']?.startsWith('text/calendar'), `the feed is text/calendar (${res.headers()['content-type']})`);
	const cal = new ICAL.Component(ICAL.parse(await res.text()));
	return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

export const journeys: Journey[] = [
	{
		name: 'calendar: upcoming dates, filtered by region, subscribed as an iCal feed that matches the page',
		async run(ctx: Ctx) {
			const { page } = ctx;
			await ctx.visit('/');
			await Promise.all([page.waitForURL(/\/termine$/), page.click('nav a[href$="/termine"]')]);
			await ctx.audit();
			const all = await page.locator('li.calendar-item').count();
			ctx.expect(all > 0, 'the calendar lists upcoming dates');
			await page.selectOption('#calendar-region', { label: 'Adlershof' });
			await page.check('#calendar-past');
			await Promise.all([page.waitForURL(/region=\d+/), page.click('form.calendar-filter button[type=submit]')]);
			await ctx.audit('/termine?region');
			const items = page.locator('li.calendar-item');
			const n = await items.count();
			ctx.expect(n > 0 && n < all + 100, `the Adlershof calendar lists its dates (${n})`);
			for (const t of await items.allTextContents()) ctx.expect(t.includes("Adlershof"), `every listed date belongs to Adlershof: ${t}`);
			ctx.expect(await page.isChecked('#calendar-past'), 'the filter keeps what was chosen');
			const href = await page.getAttribute('a[type="text/calendar"]', 'href');
			ctx.expect(href?.includes('region='), `the subscribe link keeps the region (${href})`);
			const events = await feedEvents(ctx, href!);
			ctx.expect(events.length === n, `the feed has the same ${n} dates as the page (got ${events.length})`);
			for (const e of events) {
				ctx.expect(e.summary.includes('Adlershof'), `feed event is about Adlershof: ${e.summary}`);
				// Phases are all-day events; entries of their own (mobile office, info events) have a time and a place.
				if (e.uid.startsWith('entry-')) ctx.expect(!e.startDate.isDate && !!e.location, `an entry is a timed event with a place: ${e.summary}`);
				else ctx.expect(e.startDate.isDate, 'phase dates are all-day events');
			}
			ctx.expect(events.some((e) => e.uid.startsWith('entry-')), 'the Adlershof feed has the mobile-office stop there');
			const titles = (await items.allTextContents()).map((t) => t.replace(/\s+/g, ' '));
			for (const e of events) ctx.expect(titles.some((t) => t.includes(e.summary.split(': ').slice(1).join(': '))), `the page lists ${e.summary}`);

			await ctx.visit('/en/termine');
			await ctx.audit('/en/termine');
			ctx.expect((await page.textContent('h1'))?.includes('Dates'), 'the calendar speaks English under /en');
			const en = await feedEvents(ctx, (await page.getAttribute('a[type="text/calendar"]', 'href'))!);
			ctx.expect(en.some((e) => /Collecting ideas|ideas/i.test(e.summary)), `the English feed has English phase names (${en[0]?.summary})`);

			const missing = await page.request.get(new URL('/termine/kalender.ics?runde=keine-solche-runde', ctx.base).toString());
			ctx.expect(missing.status() === 404, `an unknown round's feed answers 404 (got ${missing.status()})`);
		}
	}
];
