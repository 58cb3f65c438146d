// Opens cix's HTML pages in headless Chromium (playwright-core driving Debian's chromium) and
// reports what a reader would see, as JSON on stdout: per page, the charts with their sizes and
// shape counts, the tables' cells, console errors, and any request that left the page.
// Screenshots (the whole page, and each chart) go to the folder given.
//
// usage: node check.mjs SCREENSHOT_DIR PAGE.html [PAGE.html …]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const [shots, ...pages] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const result = [];
try {
  for (const page of pages) {
    // A fresh context per page: its own profile, nothing shared.
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    const errors = [];
    const requests = [];
    tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    tab.on('pageerror', (e) => errors.push(String(e)));
    tab.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await tab.goto('file://' + resolve(page), { waitUntil: 'load' });
    const name = basename(page, '.html');
    const charts = [];
    for (const [i, fig] of (await tab.$$('figure.chart')).entries()) {
      const kind = await fig.getAttribute('data-chart');
      const box = await (await fig.$('svg')).boundingBox();
      const shapes = await fig.$$eval('svg rect, svg polygon, svg line', (els) =>
        els.filter((e) => { const b = e.getBBox(); return b.width > 0 || b.height > 0; }).length);
      const texts = await fig.$$eval('svg text', (els) =>
        els.filter((e) => e.getBBox().width > 0).length);
      // A chart taller than a screen is shot in its first screenful.
      const clip = box && { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 700) };
      if (clip && clip.width > 0 && clip.height > 0) {
        await tab.screenshot({ path: join(shots, `${name}-${i}-${kind}.png`), clip, fullPage: true });
      }
      charts.push({ kind, width: box ? box.width : 0, height: box ? box.height : 0, shapes, texts });
    }
    const tables = await tab.$$eval('table.report', (ts) => ts.map((t) => ({
      report: t.getAttribute('data-report'),
      rows: [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent)),
    })));
    await tab.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    result.push({ page: name, charts, tables, errors, requests });
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));
