import type { ReactiveController, ReactiveElement } from 'lit';

/** A view element that can take the focus to its heading. */
type FocusableView = HTMLElement & { focusHeading?: () => void; updateComplete?: Promise<unknown> };

/**
 * After a change of view the keyboard and screen-reader user is taken to the new view's heading,
 * as a page load would; otherwise the focus stays on a link of the old view, or is lost. Asked
 * for with `request()`; served after the render that shows the view, which may be a few renders
 * later (a view's chunk still downloading, a catalog still loading).
 */
export class ViewFocusController implements ReactiveController {
  private pending = false;

  /**
   * @param selector - The view to focus, in the host's render root.
   * @param ready - Whether the view asked for is on screen; by default, when `selector` finds it.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly selector: string,
    private readonly ready?: () => boolean,
  ) {
    host.addController(this);
  }

  request() {
    this.pending = true;
  }

  async hostUpdated() {
    if (!this.pending) return;
    const view = this.host.renderRoot.querySelector<FocusableView>(this.selector);
    if (!(this.ready ? this.ready() : view)) return;
    this.pending = false;
    await view?.updateComplete;
    view?.focusHeading?.();
  }
}
