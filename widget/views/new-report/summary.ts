/**
 * Step 3 of the filing form, read-only: what will be sent, section by section, each with a link
 * back to its fields; and the progress of the upload while photos go up. Templates only: the form
 * (`../new-report-view.ts`) owns the state and the buttons.
 */
import { html, nothing } from 'lit';
import type { UploadProgress } from '../../api.ts';
import { fileSize, previewFallback } from '../../components/photo-picker.ts';
import type { WidgetContext } from '../../context.ts';
import type { MessageKey } from '../../i18n.ts';
import { draftPromise } from '../track/promise.ts';
import type { Draft, Field } from './draft.ts';
import { answerText } from './questions.ts';

/** The summary's sections; `edit(field)` goes back to step 2 with the focus on that field. */
export function summarySections(ctx: WidgetContext, d: Draft, edit: (field: Field) => void) {
  const { t } = ctx.i18n;
  const chosen = ctx.config.categories.find((c) => c.id === d.categoryId);
  const category = chosen?.name;
  const value = (v: string | undefined) => (v ? v : html`<span class="muted">${t('new.notGiven')}</span>`);
  const section = (headingKey: MessageKey, field: Field, body: unknown) => html`<section>
    <div class="section-head">
      <h3>${t(headingKey)}</h3>
      <button type="button" class="link" @click=${() => edit(field)}>
        ${t('new.edit')}<span class="visually-hidden">: ${t(headingKey)}</span>
      </button>
    </div>
    ${body}
  </section>`;
  return html`${section(
    'new.place',
    'street',
    html`<dl class="facts">
      <dt>${t('new.street')}</dt>
      <dd>${value(d.street?.name)}</dd>
      <dt>${t('new.civic')}</dt>
      <dd>${value(d.civic.trim())}</dd>
      <dt>${t('new.pin')}</dt>
      <dd>${value(d.location ? t('new.onMap', { lat: d.location.lat.toFixed(5), lon: d.location.lon.toFixed(5) }) : '')}</dd>
    </dl>`,
  )}
  ${section(
    'new.step2',
    'category',
    html`<dl class="facts">
      <dt>${t('new.category')}</dt>
      <dd>${value(category)}</dd>
      <dt>${t('new.title')}</dt>
      <dd>${d.title.trim()}</dd>
      <dt>${t('new.details')}</dt>
      <dd class="pre">${d.details.trim()}</dd>
      ${(chosen?.questions ?? []).map((q) => html`<dt>${q.label}</dt><dd>${value(answerText(q, (d.answers[q.id] ?? '').trim(), t))}</dd>`)}
    </dl>`,
  )}
  ${section(
    'new.photos',
    'photos',
    d.photos.length
      ? html`<ul class="photo-summary">
          ${d.photos.map(
            (p, i) => html`<li>
              <img src=${p.url} alt=${t('new.photoAlt', { n: i + 1, name: p.file.name })} @error=${(e: Event) => previewFallback(e, p.file)} />
              ${p.file.name} · ${fileSize(ctx.i18n, p.file.size)}
            </li>`,
          )}
        </ul>`
      : html`<p class="muted">${t('new.notGiven')}</p>`,
  )}
  ${section(
    'new.contact',
    'name',
    html`<dl class="facts">
      <dt>${t('new.name')}</dt>
      <dd>${value(d.name.trim())}</dd>
      <dt>${t('new.email')}</dt>
      <dd>${value(d.email.trim())}</dd>
      <dt>${t('new.phone')}</dt>
      <dd>${value(d.phone.trim())}</dd>
    </dl>`,
  )}
  ${draftPromise(ctx, d.categoryId)}`;
}

/** Real progress while the photos go up; indeterminate while the server re-encodes them. */
export function uploadProgress(ctx: WidgetContext, u: UploadProgress | undefined) {
  if (!u) return nothing;
  const { t } = ctx.i18n;
  const percent = u.total ? Math.min(100, Math.round((u.loaded / u.total) * 100)) : undefined;
  const processing = percent === 100;
  return html`<div class="upload">
    <label for="upload-progress">${t('new.uploadLabel')}</label>
    <progress id="upload-progress" max="100" value=${percent === undefined || processing ? nothing : percent}></progress>
    <span class="muted">${processing ? t('new.processing') : percent !== undefined ? t('new.uploaded', { percent }) : t('new.sending')}</span>
  </div>`;
}
