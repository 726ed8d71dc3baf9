import { type ReactiveControllerHost, html } from 'lit';

/**
 * What a root element says to screen readers when something changes that the user did not move
 * to (a report joined, a filter applied): one polite live region per root, which its views reach
 * through their context's `announce`. It needs none of the host's lifecycle, so it is not added with
 * `addController`: it only asks the host to render again.
 */
export class AnnouncerController {
  private message = '';

  constructor(private readonly host: ReactiveControllerHost) {}

  announce(message: string) {
    // Emptied first, then filled on the next frame: the same message said twice is still read out.
    this.say('');
    requestAnimationFrame(() => this.say(message));
  }

  /** The live region; render it once, anywhere in the root's shadow root. */
  render() {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.message}</div>`;
  }

  private say(message: string) {
    if (message === this.message) return;
    this.message = message;
    this.host.requestUpdate();
  }
}
