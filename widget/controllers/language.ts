import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Lang, matchLang } from '../i18n.ts';

/** Words kept in a chunk of their own (the citizen widget's English), fetched when first needed. */
export interface LazyCatalogue {
  has(lang: Lang): boolean;
  load(lang: Lang): Promise<void>;
}

/**
 * The language a root element speaks: its own `lang` attribute, else the nearest `lang` of the page
 * around it, else Italian. A host page may switch `<html lang>` after loading (a language menu that
 * does not reload), so the root follows it, as Shoelace's LocalizeController does.
 *
 * With a lazy catalogue, a language whose words are not here yet is fetched once; if that fails,
 * `failed` stays true (the root says so, with a retry, and works in Italian) until `load()` succeeds.
 */
export class LanguageController implements ReactiveController {
  /** The fetch of the current language's words failed. */
  failed = false;
  private page?: Lang;
  private observer?: MutationObserver;
  private loading?: Lang;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly catalogue?: LazyCatalogue,
  ) {
    host.addController(this);
  }

  get lang(): Lang {
    return matchLang(this.host.lang) ?? this.page ?? 'it';
  }

  /** The words of `lang` are here, or could not be fetched (the root then speaks Italian). */
  get ready(): boolean {
    return !this.catalogue || this.catalogue.has(this.lang) || this.failed;
  }

  hostConnected() {
    this.readPage();
    this.observer = new MutationObserver(() => this.readPage());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected() {
    this.observer?.disconnect();
  }

  hostUpdate() {
    if (this.catalogue && !this.catalogue.has(this.lang) && !this.failed) void this.load();
  }

  /** Fetches the current language's words (again, after a failure). */
  async load() {
    const lang = this.lang;
    if (!this.catalogue || this.loading === lang) return;
    this.loading = lang;
    this.failed = false;
    this.host.requestUpdate();
    try {
      await this.catalogue.load(lang);
    } catch {
      this.failed = true;
    }
    this.loading = undefined;
    this.host.requestUpdate();
  }

  private readPage() {
    // The element's own `lang` is a property of the host; what counts here is the page around it.
    const holder = this.host.parentElement?.closest('[lang]');
    const page = matchLang(holder?.getAttribute('lang')) ?? matchLang(document.documentElement.lang);
    if (page === this.page) return;
    this.page = page;
    this.host.requestUpdate();
  }
}
