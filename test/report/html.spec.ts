// The HTML report in a real browser (playwright-core driving Debian's chromium): it loads offline without
// console errors, shows a lane per thread, the violating step and the matrix links; a screenshot is kept
// in test-artifacts/ for people to look at.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/program.js';
import { captureOutput } from '../cli/capture.js';

const CHROMIUM = '/usr/bin/chromium';
const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const H11 = 'corpus/scenarios/h11-rfc-breaks-pci-stub-override.json';

captureOutput();

async function matrixReport(): Promise<string> {
  const f = join(mkdtempSync(join(tmpdir(), 'hf-html-')), 'report.html');
  expect(await main(['matrix', H6, H11, '-k', '5.14,rfc-09of11', '--html', f])).toBe(1);
  return f;
}

describe('HTML report (static checks)', () => {
  it('is one self-contained file: no external scripts, styles, images or fetches', async () => {
    const html = readFileSync(await matrixReport(), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest/);
    expect(html).toContain('class="matrix"');
  });
});

/** The matrix's cells: row -> column -> the cell's HTML. */
function matrixCells(html: string): Map<string, Map<string, string>> {
  const table = /<table class="matrix">(.*?)<\/table>/s.exec(html)![1];
  const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1].matchAll(/<t[hd]>(.*?)<\/t[hd]>/gs)].map((c) => c[1]),
  );
  const [head, ...body] = rows;
  return new Map(body.map((r) => [r[0], new Map(head.slice(1).map((c, j) => [c, r[j + 1]]))]));
}

describe('HTML matrix and findings (static checks)', () => {
  it('cells name the scenario (hazard number) and link to the run that shows it; n/a where it does not apply', async () => {
    const html = readFileSync(await matrixReport(), 'utf8');
    const cells = matrixCells(html);
    expect(cells.get('5.14')!.get('no-regression')).toBe('n/a');
    const reg = cells.get('rfc-09of11')!.get('no-regression')!;
    const link = /^<a href="#run(\d+)">11<\/a>$/.exec(reg);
    expect(link, reg).not.toBeNull();
    const section = new RegExp(`<section id="run${link![1]}"><h2>([^<]*)`).exec(html)![1];
    expect(section).toMatch(/^no-regression in h11-rfc-breaks-pci-stub-override: /);
    const names = [...html.matchAll(/<td>(.*?)<\/td>/g)].flatMap((m) => [
      ...m[1].matchAll(/<a href="#run\d+">([^<]+)<\/a>/g),
    ]);
    expect(new Set(names.map((n) => n[1]))).toEqual(new Set(['6', '11']));
  });

  it('every table scrolls inside its own box', async () => {
    const html = readFileSync(await matrixReport(), 'utf8');
    expect((html.match(/<table/g) ?? []).length).toBeGreaterThan(1);
    expect((html.match(/<div class="scroll"><table/g) ?? []).length).toBe((html.match(/<table/g) ?? []).length);
    expect(html).toContain('.scroll{overflow-x:auto');
  });

  it("a finding's section names its own property in the heading, the first bullet and the command", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-html-'));
    const f = join(dir, 'fuzz.html');
    await main(['fuzz', H6, '--seed', '1', '--runs', '300', '--corpus', dir, '--html', f]);
    const html = readFileSync(f, 'utf8');
    const det = /<section id="run\d+"><h2>deterministic in h06[^]*?<\/section>/.exec(html)![0];
    expect(det).toMatch(/<ul><li class="viol"><b>deterministic<\/b>: two schedules end differently/);
    expect(det).toMatch(/<small>hotplug-fuzz replay \S+\/deterministic-6\.1-[0-9a-f]{12}\.json<\/small>/);
    expect(det).toMatch(/Also violated in this execution:<\/p><ul class="also"><li class="also"><b>intent<\/b>/);
    expect(det).not.toMatch(/<li class="viol"><b>intent/);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  `HTML report in headless Chromium${existsSync(CHROMIUM) ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`,
  () => {
    it('loads without console errors; lanes, the violation, the token and the matrix links are there', async () => {
      const { chromium } = await import('playwright-core');
      const file = await matrixReport();
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(resolve(file)).href);
        expect(errors).toEqual([]);
        expect(await page.locator('h1').textContent()).toBe('hotplug-fuzz matrix');
        expect(await page.locator('table.matrix a').count()).toBeGreaterThan(0);
        const h6 = page.locator('section', { hasText: 'h06-driverctl-unbind-window' }).first();
        expect(await h6.locator('table.timeline').first().locator('th.lane-head').allTextContents()).toEqual([
          'driverctl',
          'other-tool',
        ]);
        // A deterministic finding shows both outcomes, each with its own timeline.
        const det = page.locator('section', { hasText: 'deterministic in h06-driverctl-unbind-window' }).first();
        expect(await det.locator('table.timeline').count()).toBe(2);
        expect(await page.locator('tr.violation').count()).toBeGreaterThan(0);
        expect(await page.locator('button.copy').first().getAttribute('data-token')).toMatch(/^hf1\./);
        expect(await page.locator('table.matrix a').first().textContent()).toMatch(/^\d+[a-z]?$/); // a hazard number
        mkdirSync('test-artifacts', { recursive: true });
        // The page never scrolls sideways: at 1400 px nothing is wider, at 700 px the matrix scrolls in its box.
        const overflow = (): Promise<{ page: number; view: number; box: number; boxView: number }> =>
          page.evaluate(() => {
            const box = document.querySelector('table.matrix')!.parentElement!;
            const root = document.documentElement;
            return { page: root.scrollWidth, view: root.clientWidth, box: box.scrollWidth, boxView: box.clientWidth };
          });
        await page.setViewportSize({ width: 1400, height: 900 });
        const wide = await overflow();
        expect(wide.page).toBeLessThanOrEqual(wide.view);
        await page.screenshot({ path: 'test-artifacts/html-report.png', fullPage: false });
        await page.setViewportSize({ width: 700, height: 900 });
        const narrow = await overflow();
        expect(narrow.page).toBeLessThanOrEqual(narrow.view);
        expect(narrow.box).toBeGreaterThan(narrow.boxView);
        await page.screenshot({ path: 'test-artifacts/html-report-700.png', fullPage: false });
        await page.locator('table.matrix a').first().click();
        expect(page.url()).toMatch(/#run\d+$/);
        expect(existsSync('test-artifacts/html-report.png')).toBe(true);
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);
