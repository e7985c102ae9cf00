import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recentFilings, searchFilings } from '../../../src/store/search';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';
import { devanagariDigits } from '../../support/devanagari';

describe('finding filings on the device', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
    for (const name of ['सीता देवी', 'Ramesh Kumar', 'रमेश', 'Sita Ram']) {
      await fx.submit(name);
      fx.advance(1000);
    }
    await fx.db.filings.filter((filing) => filing.name === 'Ramesh Kumar').modify({ mobile: '9123456789' });
  });
  afterEach(async () => {
    await fx.close();
  });

  const names = async (query: string) => (await searchFilings(fx.db, query)).map((filing) => filing.name).sort();

  it('lists the newest first', async () => {
    expect((await recentFilings(fx.db, 2)).map((filing) => filing.name)).toEqual(['Sita Ram', 'रमेश']);
  });

  it('finds by the start of any word of the name, in either script, ignoring case', async () => {
    expect(await names('sita')).toEqual(['Sita Ram']);
    expect(await names('ram')).toEqual(['Ramesh Kumar', 'Sita Ram']);
    expect(await names('सीता')).toEqual(['सीता देवी']);
    expect(await names('देवी सी')).toEqual(['सीता देवी']);
    expect(await names('kumar r')).toEqual(['Ramesh Kumar']);
    expect(await names('nobody')).toEqual([]);
  });

  it('finds by mobile, typed any way', async () => {
    expect(await names('91234')).toEqual(['Ramesh Kumar']);
    expect(await names('+91 91234 56789')).toEqual(['Ramesh Kumar']);
    expect(await names(devanagariDigits('91234 56789'))).toEqual(['Ramesh Kumar']);
  });

  it('finds by receipt number, whole or by its sequence', async () => {
    const [first] = await fx.db.filings.orderBy('capturedAt').limit(1).toArray();
    expect(await names(first!.receiptNo.toLowerCase())).toEqual(['सीता देवी']);
    expect(await names('000001')).toEqual(['सीता देवी']);
  });
});
