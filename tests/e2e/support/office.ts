import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ServerProcess } from '../../../scripts/server-process';
import { layoutProblems, SCREENSHOT_DIR, screenshot, seriousAxeFindings } from './audit';
import { eventually } from './kiosk';

export const OFFICER_PASSWORD = 'correct horse battery';

/** A console user made with the CLI, as an office would (the CLI reads the password from SAHEJ_PASSWORD). */
export async function createOfficer(server: ServerProcess, username: string, options: { office?: string; name: string; role?: 'officer' | 'admin' }): Promise<void> {
  process.env.SAHEJ_PASSWORD = OFFICER_PASSWORD;
  try {
    await server.cli('create-user', username, '--role', options.role ?? 'officer', ...(options.office ? ['--office', options.office] : []), '--name', options.name);
  } finally {
    delete process.env.SAHEJ_PASSWORD;
  }
}

export async function openSignIn(page: Page, server: ServerProcess): Promise<void> {
  await page.goto(`${server.url}/office`);
  await page.getByTestId('office-sign-in').waitFor();
}

export async function signIn(page: Page, username: string, password = OFFICER_PASSWORD): Promise<void> {
  await page.fill('#office-username', username);
  await page.fill('#office-password', password);
  await page.click('[data-testid="office-sign-in"] button[type=submit]');
}

/** The application numbers the list shows now, in its order. */
export async function listed(page: Page): Promise<string[]> {
  return page.locator('[data-testid="backlog-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-application-no') ?? ''));
}

/** Waits until the list, finished loading, shows exactly these applications. */
export async function expectListed(page: Page, applicationNos: string[], what: string): Promise<void> {
  const wanted = JSON.stringify(applicationNos);
  const shows = async () => JSON.stringify(await listed(page));
  try {
    await eventually(async () => (await page.locator('.office-list[aria-busy="false"]').count()) === 1 && (await shows()) === wanted, 10_000, `${what}: the list to show ${wanted}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it shows ${await shows()}`);
  }
}

/** What a move may carry besides its note: the applicant's nth preferred day or a day typed in the picker, an estimate, words for the applicant. */
export interface MoveDetails {
  preferredDay?: 1 | 2 | 3;
  surveyDate?: string;
  estimate?: string;
  applicantNote?: string;
}

/** Fills the transition form for a move to `to` (the stage, its details, the notes) without sending it. */
export async function fillMove(page: Page, to: string, note: string, details: MoveDetails = {}): Promise<void> {
  await page.selectOption('#action-to', to);
  if (details.preferredDay) await page.check(`#action-survey-pref-${details.preferredDay}`);
  if (details.surveyDate) await page.fill('#action-survey-date', details.surveyDate);
  if (details.estimate) await page.fill('#action-estimate', details.estimate);
  await page.fill('#action-note', note);
  if (details.applicantNote) await page.fill('#action-applicant-note', details.applicantNote);
}

/** Moves the open application to `to` with `note` (and `details`) through the form; waits for the new stage on screen. */
export async function moveTo(page: Page, to: string, note: string, details: MoveDetails = {}): Promise<void> {
  await fillMove(page, to, note, details);
  await page.click('[data-testid="transition-form"] button[type=submit]');
  await eventually(async () => (await page.getByTestId('detail-status').getAttribute('data-status')) === to, 10_000, `the application to be at ${to}`);
}

/**
 * The audit every screen gets: axe-core's serious and critical findings and layout problems
 * go into `findings`; Hindi screens are kept as screenshots (the viewport, and the whole page
 * for the long ones).
 */
export async function auditScreen(page: Page, name: string, findings: string[], { keep }: { keep: boolean }): Promise<void> {
  await page.waitForTimeout(100);
  for (const finding of await seriousAxeFindings(page)) findings.push(`${name}: ${finding.id} (${finding.impact}) ${finding.help} — ${finding.targets.slice(0, 3).join(', ')}`);
  for (const problem of await layoutProblems(page)) findings.push(`${name}: ${problem}`);
  if (!keep) return;
  await screenshot(page, name);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-full.png`), fullPage: true });
}
