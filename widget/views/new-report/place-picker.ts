/**
 * The place of a new report, three ways that work alone or together: a street from the list (the
 * way a screen-reader or keyboard user gets there), a pin on the map (click, tap or drag), or the
 * device's position; plus the civic number. A pin suggests the nearest street. A controller of the
 * filing form: the draft stays the form's, this keeps the map, the pin and what the place box says,
 * and renders the place fieldset in the form's own shadow root (the error summary links into it).
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LatLon, Street } from '../../api.ts';
import '../../components/street-picker.ts';
import type { WidgetContext } from '../../context.ts';
import { requiredMark } from '../../forms/form-field.ts';
import { L, createMap, pickIcon, toLatLon } from '../../map.ts';
import type { Draft } from './draft.ts';

/** A finger rather than a mouse: "Tocca la mappa", not "Fai clic". */
const coarsePointer = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

/** What the place picker reads and changes in the form. */
export interface PlaceForm {
  ctx(): WidgetContext;
  draft(): Draft;
  patch(change: Partial<Pick<Draft, 'street' | 'streetText' | 'location'>>): void;
  /** A place is given: the "place missing" error goes. */
  placeGiven(): void;
}

export class PlacePicker implements ReactiveController {
  /** The street nearest to the pin, offered when it is not the one chosen. */
  nearest?: Street;
  /** What the status line under the map says (pin set, locating, outside the area). */
  message = '';
  locating = false;

  private map?: L.Map;
  private pin?: L.Marker;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly form: PlaceForm,
  ) {
    host.addController(this);
  }

  /** After each render: the map in the step's `.map` box, made again if the box is new. */
  hostUpdated() {
    const el = this.host.renderRoot.querySelector<HTMLElement>('.map');
    if (!el) return;
    if (this.map && this.map.getContainer() === el) return;
    this.map?.remove();
    this.pin = undefined;
    const ctx = this.form.ctx();
    this.map = createMap(el, ctx, ctx.i18n.t('new.mapLabel')).map;
    this.map.on('click', (e: L.LeafletMouseEvent) => this.setLocation(toLatLon(e.latlng), false));
    const { location } = this.form.draft();
    if (location) this.showPin(location, true);
  }

  /** A new report from scratch. */
  reset() {
    this.nearest = undefined;
    this.message = '';
    this.pin = undefined;
    this.host.requestUpdate();
  }

  private showPin(p: LatLon, center: boolean) {
    if (!this.map) return;
    const ll = L.latLng(p.lat, p.lon);
    if (!this.pin) {
      this.pin = L.marker(ll, { icon: pickIcon(this.form.ctx().i18n.t('new.pin')), draggable: true, keyboard: false }).addTo(this.map);
      this.pin.on('dragend', () => this.setLocation(toLatLon(this.pin!.getLatLng()), false));
    } else this.pin.setLatLng(ll);
    if (center) this.map.setView(ll, Math.max(this.map.getZoom(), 17), { animate: false });
  }

  /** Puts the pin at `p` (refused outside the municipality's area) and looks up the nearest street. */
  async setLocation(p: LatLon, center: boolean) {
    const ctx = this.form.ctx();
    const { i18n } = ctx;
    const b = ctx.config.map.bounds;
    if (b && (p.lat < b.south || p.lat > b.north || p.lon < b.west || p.lon > b.east)) {
      this.say(i18n.t('new.positionOutside'));
      ctx.announce(this.message);
      return;
    }
    this.form.patch({ location: p });
    this.showPin(p, center);
    this.form.placeGiven();
    this.nearest = undefined;
    this.say(i18n.t('new.pinSet', { lat: p.lat.toFixed(5), lon: p.lon.toFixed(5) }));
    try {
      const { street } = await ctx.api.nearestStreet(p);
      if (street && street.id !== this.form.draft().street?.id) {
        this.nearest = street;
        this.say(this.message + ' ' + i18n.t('new.nearestStreet', { street: street.name }));
      }
    } catch {
      /* a suggestion only: without it the point alone is enough */
    }
    ctx.announce(this.message);
  }

  private say(message: string) {
    this.message = message;
    this.host.requestUpdate();
  }

  private clearLocation = () => {
    this.form.patch({ location: undefined });
    this.pin?.remove();
    this.pin = undefined;
    this.nearest = undefined;
    this.say('');
  };

  private useMyPosition = () => {
    const ctx = this.form.ctx();
    const { t } = ctx.i18n;
    if (!('geolocation' in navigator)) {
      this.say(t('new.positionFailed'));
      return;
    }
    this.locating = true;
    this.say(t('new.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.locating = false;
        void this.setLocation({ lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) }, true);
      },
      () => {
        this.locating = false;
        this.say(t('new.positionFailed'));
        ctx.announce(this.message);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };

  private onStreetChange = (e: Event) => {
    const picker = e.target as HTMLElement & { value?: Street };
    const input = picker.shadowRoot?.querySelector('input');
    this.form.patch({ street: picker.value, streetText: input?.value ?? '' });
    if (picker.value) this.form.placeGiven();
    if (picker.value && this.nearest?.id === picker.value.id) this.nearest = undefined;
  };

  private useNearest = () => {
    this.form.patch({ street: this.nearest });
    this.nearest = undefined;
    this.form.placeGiven();
  };

  /** The place fieldset; `civic` is the form's civic-number field, `streetError` the place's error. */
  render(streetError: string | undefined, civic: unknown) {
    const ctx = this.form.ctx();
    const { t } = ctx.i18n;
    const d = this.form.draft();
    return html`<fieldset>
      <legend>${t('new.place')}${requiredMark}</legend>
      <p class="hint">${t('new.placeHint')}</p>
      <div class="field">
        <segnala-street-picker
          id="f-street"
          .ctx=${ctx}
          .value=${d.street}
          label=${t('new.street')}
          hint=${t('new.streetHint')}
          error=${streetError ?? ''}
          @change=${this.onStreetChange}
        ></segnala-street-picker>
      </div>
      ${civic}
      <div class="place-tools">
        <button type="button" part="button" ?disabled=${this.locating} @click=${this.useMyPosition}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
            <circle cx="12" cy="12" r="7" /><circle cx="12" cy="12" r="2" fill="currentColor" /><path d="M12 1v4M12 19v4M1 12h4M19 12h4" />
          </svg>
          ${t('new.useMyPosition')}
        </button>
        ${d.location ? html`<button type="button" class="link" @click=${this.clearLocation}>${t('new.removePin')}</button>` : nothing}
      </div>
      <p class="hint">${t(coarsePointer() ? 'new.mapHintTouch' : 'new.mapHint')}</p>
      <div class="map" part="map"></div>
      <div role="status" aria-live="polite">${this.message ? html`<p>${this.message}</p>` : nothing}</div>
      ${this.nearest
        ? html`<p>
            <button type="button" part="button" @click=${this.useNearest}>${t('new.useNearestStreet', { street: this.nearest.name })}</button>
          </p>`
        : nothing}
    </fieldset>`;
  }
}
