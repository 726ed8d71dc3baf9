/**
 * Reports filed from this page, counted. The root element keeps a view aside while another is
 * shown (`cache` in segnala-widget.ts), so the map and list loaded when the page opened would miss
 * a report filed since: a view that lists reports compares `version` with the one it loaded and
 * asks again when it is shown. Listeners of `change` hear it at once (another widget in the page).
 */
class ReportChanges extends EventTarget {
  version = 0;

  /** A report was filed (or joined): lists and maps of this page are out of date. */
  changed(reference: string) {
    this.version++;
    this.dispatchEvent(new CustomEvent('change', { detail: { reference } }));
  }
}

export const reportChanges = new ReportChanges();
