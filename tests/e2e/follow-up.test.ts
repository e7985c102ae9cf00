import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { devanagariDigits } from '../support/devanagari';
import { makePhoto } from './support/files';
import { readStore } from './support/indexeddb';
import { screenshots } from './support/audit';
import { captureFiling, eventually, goHome } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';

/** The server's own record of an application, read from its SQLite file. */
function serverRow(server: ServerProcess, id: string): { status: string; mobile_verified_at: string | null } {
  const db = new BetterSqlite3(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select status, mobile_verified_at from applications where id = ?').get(id) as never;
  } finally {
    db.close();
  }
}

/** The codes the server's development SMS provider wrote, newest last. */
function smsCodes(server: ServerProcess, mobile: string): string[] {
  const file = path.join(server.dir, 'sms.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { to: string; text: string })
    .filter((message) => message.to === mobile)
    // The same file holds the status messages (server/notify): only the code SMS carry a code.
    .flatMap((message) => /(\d{6}) is the code/.exec(message.text)?.[1] ?? []);
}

describe('after capture, at the kiosk: an objection answered offline, the mobile confirmed', () => {
  const kiosk = useKioskSession();
  let page: Page;
  let context: BrowserContext;
  let server: ServerProcess;
  let filingId: string;
  beforeAll(async () => {
    ({ page, context, server } = kiosk);
    ({ filingId } = await captureFiling(page, { name: 'सीता देवी' }));
    await eventually(() => server.applications().some((row) => row.id === filingId), 30_000, 'the filing to reach the server');
  });

  it('shows the office’s objection, takes the answer and a photo offline, and the synced answer reopens the filing', async () => {
    const applicationNo = server.applications().find((row) => row.id === filingId)!.application_no;
    await server.cli('set-status', applicationNo, 'objection', '--note', 'बिजली का बिल साफ़ नहीं दिख रहा — नई फ़ोटो लाएँ');
    await page.reload();
    await page.getByTestId('objection-reason').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('objection-reason').textContent()).toBe('बिजली का बिल साफ़ नहीं दिख रहा — नई फ़ोटो लाएँ');
    // Up front: the objection comes before the receipt itself, and the home list marks the filing in words.
    expect(await page.locator('main.receipt > :first-child').getAttribute('data-testid')).toBe('objection');
    await goHome(page);
    expect(await page.locator(`[data-filing-id="${filingId}"] [data-testid="objection-flag"]`).textContent()).toBe('आपत्ति — उत्तर दें');
    await screenshots(page, 'home-objection');
    await page.locator(`[data-filing-id="${filingId}"] a`).click();
    await page.getByTestId('objection-reason').waitFor();
    await screenshots(page, 'receipt-objection');

    await context.setOffline(true);
    const header = page.getByTestId('pending-count');
    await eventually(async () => (await header.getAttribute('data-state')) === 'offline', 5_000, 'the header to say offline');
    await page.getByRole('button', { name: 'उत्तर सहेजें और भेजें' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toBe('यह भरना ज़रूरी है');
    await page.fill('#objection-text', 'नई फ़ोटो लगा दी है');
    await page.setInputFiles('#objection-files', await makePhoto(page, 1200, 900));
    // The same capture as the form's: compressed, with a thumbnail.
    await page.getByTestId('objection-picked').locator('img[data-testid="document-thumb"]').waitFor();
    await screenshots(page, 'objection-answer-offline');
    await page.getByRole('button', { name: 'उत्तर सहेजें और भेजें' }).click();
    await page.getByTestId('objection-answer').waitFor();
    await page.reload();
    const answer = page.getByTestId('objection-answer');
    await answer.waitFor();
    // The engine may be mid-attempt just after the reload ('sending'); offline, it settles back to waiting.
    await eventually(async () => (await answer.getAttribute('data-state')) === 'pending', 10_000, 'the answer to wait offline');
    // The answer and its state are laid out apart, never run together.
    expect(await answer.innerText()).toMatch(/नई फ़ोटो लगा दी है\s+भेजा जाना बाकी/);
    // The answer waits like a filing: the header counts it and never says "all sent".
    await eventually(async () => (await header.textContent()) === 'ऑफ़लाइन — 1 भेजना बाकी, इस उपकरण पर सुरक्षित', 5_000, 'the header to count the answer');
    const stored = await readStore<{ state: string; addition: { documents: unknown[] } }>(page, 'additions');
    expect(stored).toEqual([expect.objectContaining({ state: 'pending', addition: expect.objectContaining({ documents: [expect.objectContaining({ kind: 'other', mime: 'image/jpeg' })] }) })]);

    await context.setOffline(false);
    await eventually(() => serverRow(server, filingId).status === 'under_review', 40_000, 'the answer to reopen the filing on the server');
    await eventually(async () => (await answer.getAttribute('data-state')) === 'received', 20_000, 'the answer to show as received');
    await eventually(async () => (await header.getAttribute('data-state')) === 'all-sent', 20_000, 'the header to say all sent once the server has the answer');
    await eventually(async () => (await page.getByTestId('receipt-server-status').textContent())?.startsWith('जाँच में'), 40_000, 'the new status on the kiosk');
    // Confirmed: the receipt says which number to quote now.
    expect(await page.getByTestId('receipt-note').textContent()).toContain(`आवेदन संख्या ${applicationNo} बताएँ`);
    // The system's note is the kiosk's own Hindi sentence, the applicant's words in it; no English from the server.
    expect(await page.getByTestId('receipt-server-status').textContent()).toBe('जाँच में — आपत्ति का उत्तर मिला: नई फ़ोटो लगा दी है');
  });

  it('confirms the mobile with the code from the SMS, after a wrong one', async () => {
    await page.reload();
    const codes = await eventually(() => smsCodes(server, '9876543210').length && smsCodes(server, '9876543210'), 20_000, 'the SMS with the code');
    const code = codes.at(-1)!;
    await page.fill('#mobile-code', code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'पुष्टि करें' }).click();
    await expect(page.getByTestId('mobile-check').getByRole('alert').textContent()).resolves.toBe('यह कोड सही नहीं है 4 कोशिश बाकी।');
    // The right code, typed on a Hindi keyboard.
    await page.fill('#mobile-code', devanagariDigits(code));
    await page.getByRole('button', { name: 'पुष्टि करें' }).click();
    await page.getByTestId('mobile-verified').waitFor();
    expect(serverRow(server, filingId).mobile_verified_at).not.toBeNull();
  });
});
