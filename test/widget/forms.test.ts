import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { ApiError } from '../../widget/api.ts';
import { firstFieldError, hasFieldErrors, mapFieldErrors, sendForm, serverFields } from '../../widget/forms/field-errors.ts';
import { formField } from '../../widget/forms/form-field.ts';

describe('forms: one field template', () => {
  it('ties hint and error to the control, marks it invalid and required', async () => {
    const el = await fixture<HTMLElement>(html`<form>
      ${formField({ id: 'f-title', label: 'Titolo', hint: 'Breve', error: 'Scrivi un titolo.', required: true }, (a) =>
        html`<input id="f-title" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} aria-required=${a.required} />`,
      )}
    </form>`);
    await expect(el).to.be.accessible();
    const input = el.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-required')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('f-title-hint f-title-error');
    expect(el.querySelector('#f-title-hint')!.textContent).to.equal('Breve');
    expect(el.querySelector('#f-title-error')!.textContent).to.equal('Scrivi un titolo.');
    expect(el.querySelector('label[for=f-title] .req[aria-hidden=true]')!.textContent).to.equal(' *');
  });

  it('leaves the attributes out of a valid optional field, and keeps an empty hint without pointing at it', async () => {
    const el = await fixture<HTMLElement>(html`<form>
      ${formField({ id: 'f-cat', label: 'Tipo', hint: '', hintClass: 'reserve' }, (a) =>
        html`<select id="f-cat" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}><option>x</option></select>`,
      )}
    </form>`);
    const select = el.querySelector('select')!;
    expect(select.hasAttribute('aria-invalid')).to.equal(false);
    expect(select.hasAttribute('aria-describedby')).to.equal(false);
    const hint = el.querySelector('.hint.reserve')!;
    expect(hint.id).to.equal('');
    expect(el.querySelector('.error-text')).to.equal(null);
    expect(el.querySelector('.req')).to.equal(null);
  });

  it('points at a form-wide alert when told the field is invalid', async () => {
    const el = await fixture<HTMLElement>(html`<form>
      <div id="alert" role="alert">No.</div>
      ${formField({ id: 'f-mail', label: 'E-mail', invalid: true, describedBy: 'alert' }, (a) =>
        html`<input id="f-mail" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} />`,
      )}
    </form>`);
    const input = el.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('alert');
  });
});

describe('forms: a refusal on its fields', () => {
  const refusal = new ApiError(400, 'validation_failed', 'Invalid request', [
    { field: 'contact.email', message: 'Invalid email' },
    { field: 'title', message: 'Too short' },
    { field: 'title', message: 'Too short, really' },
    { field: 'unknown', message: 'Odd' },
  ]);

  it('maps server paths to form fields, the later message of a field winning, unknown paths dropped or to a fallback', () => {
    const map = { 'contact.email': 'email', title: 'title' } as const;
    expect(mapFieldErrors(serverFields(refusal), map)).to.deep.equal({ email: 'Invalid email', title: 'Too short, really' });
    expect(mapFieldErrors(serverFields(refusal), map, { fallback: 'title' })).to.deep.equal({ email: 'Invalid email', title: 'Odd' });
    expect(mapFieldErrors(serverFields(refusal), map, { message: (f, field) => `${field}: ${f.message}` }).email).to.equal('email: Invalid email');
    // A path that only looks like an Object property is not a field.
    expect(mapFieldErrors([{ field: 'toString', message: 'x' }], map)).to.deep.equal({});
    expect(serverFields(new Error('boom'))).to.deep.equal([]);
  });

  it('sends, and tells a value, field errors, or an error for the whole form', async () => {
    const map = { title: 'title' } as const;
    expect(await sendForm(async () => 42, map)).to.deep.equal({ ok: true, value: 42 });
    const refused = await sendForm(() => Promise.reject(refusal), map);
    expect(refused.ok).to.equal(false);
    if (refused.ok) return;
    expect(refused.error).to.equal(refusal);
    expect(refused.errors).to.deep.equal({ title: 'Too short, really' });
    const down = await sendForm(() => Promise.reject(new ApiError(0, 'network', 'Failed to fetch')), map);
    expect(!down.ok && hasFieldErrors(down.errors)).to.equal(false);
    expect(firstFieldError({ b: 'x', c: 'y' }, ['a', 'c', 'b'])).to.equal('c');
    expect(hasFieldErrors({ a: undefined })).to.equal(false);
  });
});
