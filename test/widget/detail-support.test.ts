import { expect, fixtureCleanup, oneEvent } from '@open-wc/testing';
import type { ReportDetail, ReportSummary } from '../../widget/api.ts';
import { api, currentView, deep, mountWidget, resetPage, text, until } from './helpers.ts';

/** An open report nobody in this browser joined yet (each test takes a different one). */
let offset = 3;
async function openReport(): Promise<ReportSummary> {
  const { reports } = await api<{ reports: ReportSummary[] }>('/reports?status=open&limit=50');
  return reports[offset++];
}

async function openDetail(reference: string) {
  history.replaceState(null, '', `#segnala/report/${reference}`);
  const el = await mountWidget();
  const view = currentView(el);
  expect(view.localName).to.equal('segnala-report-detail');
  await until(() => deep(view, 'article h2'), 'the detail did not load');
  return { el, view };
}

describe('report detail and “Mi associo”', () => {
  beforeEach(resetPage);

  it('shows the report with its history, reached from the URL', async () => {
    const summary = await openReport();
    const detail = await api<ReportDetail>(`/reports/${summary.reference}`);
    const { el, view } = await openDetail(summary.reference);
    await expect(el).to.be.accessible();
    await expect(view).to.be.accessible();
    expect(text(deep(view, 'article h2'))).to.equal(detail.title);
    expect(text(deep(view, '.details'))).to.equal(detail.details.replace(/\s+/g, ' ').trim());
    expect(text(deep(view, '.top'))).to.contain(detail.reference);
    expect(view.shadowRoot!.querySelectorAll('ol.history li').length).to.equal(detail.events.length);
    expect(text(deep(view, 'segnala-support-button', '.count'))).to.contain(String(detail.supportCount));
  });

  it('joins a report: the count goes up at once, the event fires, and it survives a reload', async () => {
    const summary = await openReport();
    const before = (await api<ReportDetail>(`/reports/${summary.reference}`)).supportCount;
    const { el, view } = await openDetail(summary.reference);
    const button = deep<HTMLButtonElement>(view, 'segnala-support-button', 'button.primary')!;
    expect(text(button)).to.contain('Mi associo');
    const event = oneEvent(el, 'segnala-support-added');
    button.click();
    const { detail } = await event;
    expect(detail).to.deep.equal({ reference: summary.reference, supportCount: before + 1 });
    const support = deep(view, 'segnala-support-button')!;
    await until(() => text(deep(support, '.joined')).includes('Hai aderito'), 'not shown as joined');
    expect(text(deep(support, '.count'))).to.contain(String(before + 1));
    expect(deep(support, 'button.primary')).to.equal(null);
    // Announced to screen readers.
    await until(() => text(deep(el, '[role=status][aria-live]')).includes(String(before + 1)), 'not announced');
    expect((await api<ReportDetail>(`/reports/${summary.reference}`)).supportCount).to.equal(before + 1);

    // "Reload": a new widget, same browser storage.
    fixtureCleanup();
    const again = await openDetail(summary.reference);
    const support2 = deep(again.view, 'segnala-support-button')!;
    expect(text(deep(support2, '.joined'))).to.contain('Hai aderito');
    expect(text(deep(support2, '.count'))).to.contain(String(before + 1));
  });

  it('sends the optional e-mail and refuses a malformed one, tied to its field', async () => {
    const summary = await openReport();
    const { view } = await openDetail(summary.reference);
    const support = deep(view, 'segnala-support-button')!;
    deep<HTMLElement>(support, 'summary')!.click();
    const email = deep<HTMLInputElement>(support, 'input[type=email]')!;
    email.value = 'non-una-mail';
    email.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(support, 'button.primary')!.click();
    await until(() => email.getAttribute('aria-invalid') === 'true', 'no error on the e-mail field');
    const errorId = email.getAttribute('aria-describedby')!;
    expect(text(support.shadowRoot!.getElementById(errorId))).to.contain('e-mail');
    email.value = 'vicino@example.org';
    email.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(support, 'button.primary')!.click();
    await until(() => deep(support, '.joined'), 'not joined with an e-mail');
  });

  it('a closed report shows its count but no button', async () => {
    const { reports } = await api<{ reports: ReportSummary[] }>('/reports?status=resolved&limit=1');
    const { view } = await openDetail(reports[0].reference);
    const support = deep(view, 'segnala-support-button')!;
    expect(deep(support, 'button.primary')).to.equal(null);
    expect(text(support.shadowRoot)).to.contain('chiusa');
  });

  it('after joining, still offers the e-mail for updates (a supporter can ask later)', async () => {
    const summary = await openReport();
    const { view } = await openDetail(summary.reference);
    const support = deep(view, 'segnala-support-button')!;
    deep<HTMLButtonElement>(support, 'button.primary')!.click();
    await until(() => deep(support, '.joined'), 'not joined');
    deep<HTMLElement>(support, 'summary')!.click();
    const email = await until(() => deep<HTMLInputElement>(support, 'input[type=email]'), 'the e-mail field is gone after joining');
    email.value = 'dopo@example.org';
    email.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(support, 'button.notify')!.click();
    await until(() => text(deep(support, '.notified')).includes('dopo@example.org'), 'the address is not confirmed');
    // Still one voice: asking for updates does not join twice.
    expect((await api<ReportDetail>(`/reports/${summary.reference}`)).supportCount).to.equal(summary.supportCount + 1);
  });

  it('does not offer "Mi associo" on a report this browser filed', async () => {
    const summary = await openReport();
    localStorage.setItem('segnala:seravezza:filed', JSON.stringify([summary.reference]));
    const { view } = await openDetail(summary.reference);
    const support = deep(view, 'segnala-support-button')!;
    expect(deep(support, 'button.primary')).to.equal(null);
    expect(deep(support, 'input[type=email]')).to.equal(null);
    expect(text(deep(support, '.own'))).to.contain('inviata tu');
  });
});
