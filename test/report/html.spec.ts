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
        expect(await h6.locator('th.lane-head').allTextContents()).toEqual(['driverctl', 'other-tool']);
        expect(await page.locator('tr.violation').count()).toBeGreaterThan(0);
        expect(await page.locator('button.copy').first().getAttribute('data-token')).toMatch(/^hf1\./);
        await page.locator('table.matrix a').first().click();
        expect(page.url()).toMatch(/#run\d+$/);
        mkdirSync('test-artifacts', { recursive: true });
        await page.screenshot({ path: 'test-artifacts/html-report.png', fullPage: false });
        expect(existsSync('test-artifacts/html-report.png')).toBe(true);
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);
