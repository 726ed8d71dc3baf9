// The demo's language switch: `?lang=en` sets the page's language, which the widget follows
// (it reads <html lang> when it has no lang attribute of its own). No inline scripts: the page runs
// under a Content-Security-Policy without 'unsafe-inline'.
const lang = new URLSearchParams(location.search).get('lang');
if (lang === 'en' || lang === 'it') document.documentElement.lang = lang;
for (const link of document.querySelectorAll('[data-lang]')) {
  if (link.dataset.lang === document.documentElement.lang) link.setAttribute('aria-current', 'true');
}

// Host pages can listen to the widget's events, e.g. for their own analytics or a thank-you note.
const note = document.querySelector('#segnala-events');
document.addEventListener('segnala-report-filed', (e) => {
  if (note) note.textContent = `Segnalazione ${e.detail.reference} inviata.`;
});
document.addEventListener('segnala-support-added', (e) => {
  if (note) note.textContent = `Grazie: ti sei associato alla segnalazione ${e.detail.reference}.`;
});
