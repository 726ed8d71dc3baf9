import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { openFilingStep2, resetPage } from './helpers.ts';

/** The filing form's map hint, once its second step shows. */
async function mapHint(): Promise<string> {
  const { view } = await openFilingStep2();
  const hint = [...view.shadowRoot.querySelectorAll<HTMLElement>('p.hint')].map((p) => p.textContent!.trim()).find((t) => /^(Fai clic|Tocca) /.test(t));
  return hint ?? '';
}

describe('the map hint speaks of the pointer the citizen has', () => {
  beforeEach(() => resetPage());
  after(() => executeServerCommand('touch-screen', { enabled: false }));

  it('says "Fai clic sulla mappa" with a mouse', async () => {
    await executeServerCommand('touch-screen', { enabled: false });
    expect(matchMedia('(pointer: coarse)').matches).to.equal(false);
    expect(await mapHint()).to.match(/^Fai clic sulla mappa/);
  });

  it('says "Tocca la mappa" on a touch screen', async () => {
    await executeServerCommand('touch-screen', { enabled: true });
    expect(matchMedia('(pointer: coarse)').matches, 'touch emulation did not make the pointer coarse').to.equal(true);
    expect(await mapHint()).to.match(/^Tocca la mappa/);
  });
});
