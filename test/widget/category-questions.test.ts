import { expect } from '@open-wc/testing';
import type { Category } from '../../widget/api.ts';
import { adminApi, apiLogin } from './admin-helpers.ts';
import { api, deep, deepAll, openFilingStep2, resetPage, text, until } from './helpers.ts';

// Issue 15 §4 in the citizen's form: the demo's "Acqua e fognature" shows its notice under the
// type and asks where the water comes from (required) and whether it floods the road.
type View = HTMLElement & { shadowRoot: ShadowRoot };

const setValue = (view: View, selector: string, value: string, type = 'input') => {
  const input = deep<HTMLInputElement>(view, selector)!;
  input.value = value;
  input.dispatchEvent(new Event(type));
};

describe('new report: a category’s notice and questions', () => {
  beforeEach(resetPage);

  it('shows the notice, asks the questions, refuses a required one unanswered, and files the answers', async () => {
    const { categories, map } = await api<{ categories: Category[]; map: { center: { lat: number; lon: number } } }>('/config');
    const water = categories.find((c) => c.questions.some((q) => q.required) && c.notice)!;
    const [where, floods] = water.questions;
    const { view } = (await openFilingStep2()) as unknown as { view: View };
    await (view as unknown as { setLocation(p: { lat: number; lon: number }, c: boolean): Promise<void> }).setLocation(map.center, true);
    setValue(view, '#f-category', String(water.id), 'change');
    const notice = await until(() => deep(view, '#f-notice'), 'no notice for the type');
    expect(text(notice)).to.equal(`Attenzione: ${water.notice}`);
    const whereSelect = await until(() => deep<HTMLSelectElement>(view, `#f-a-${where.id}`), 'the question is not asked');
    expect(text(deep(view, `label[for=f-a-${where.id}]`))).to.contain(where.label);
    expect(whereSelect.getAttribute('aria-required')).to.equal('true');
    expect([...whereSelect.options].map((o) => o.value)).to.deep.equal(['', ...where.choices!]);
    await expect(view).to.be.accessible();

    setValue(view, '#f-title', 'Acqua che esce dal tombino');
    setValue(view, '#f-details', 'Da stamattina esce acqua pulita dal tombino davanti alla scuola.');
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    const summary = await until(() => deep(view, '.error-summary'), 'no error summary');
    expect(deepAll(summary, 'li').map((li) => text(li))).to.deep.equal(['Rispondi a questa domanda.']);
    deep<HTMLAnchorElement>(summary, 'a')!.click();
    expect(view.shadowRoot.activeElement).to.equal(whereSelect);

    setValue(view, `#f-a-${where.id}`, where.choices![1], 'change');
    setValue(view, `#f-a-${floods.id}`, 'true', 'change');
    deep<HTMLButtonElement>(view, 'button[type=submit]')!.click();
    await until(() => text(deep(view, 'h2')).includes('Passo 3'), `summary not shown: ${text(deep(view, '.error-summary'))} ${text(deep(view, 'h2'))}`);
    const answerOf = (label: string) => text(deepAll(view, 'dt').find((dt) => text(dt) === label)?.nextElementSibling);
    expect(answerOf(where.label)).to.equal(where.choices![1]);
    expect(answerOf(floods.label)).to.equal('Sì');

    deep<HTMLButtonElement>(view, '.actions button.primary')!.click();
    await until(() => deep(view, '.reference'), 'not filed', 20_000);
    const reference = text(deep(view, '.reference')).match(/\d{4}-\d{6}/)![0];
    const staff = await adminApi(await apiLogin(), `/reports/${reference}`);
    expect(staff.answers).to.deep.equal([
      { id: where.id, label: where.label, type: 'choice', value: where.choices![1] },
      { id: floods.id, label: floods.label, type: 'yes_no', value: true },
    ]);
  });
});
